"""Hypothesis strategies of MASOs, operators and claim instances.

Instances are dicts of *host* NumPy arrays and plain Python values, so they
are JSON-serialisable and backend-neutral; :meth:`spline_theory.claims.Claim.check`
moves them to the backend and dtype under test. Element values are drawn
exactly representable in float32 (``width=32``), so a float32 run checks the
very instance that a float64 run would.

The strategies live in private modules by subject, all re-exported here:
``_core`` (floats, arrays, MASOs, operators, VQ), ``_factorial``,
``_networks``, ``_vq``, ``_teacher_student``, ``_learning``, ``_lipschitz``,
``_partition`` and ``_approximation``.

Strategies are plural nouns (``masos()``, ``maso_instances()``). For large
arrays draw a shape and a seed (:func:`seeded_maso_instances`): Hypothesis is
poor at drawing arrays of thousands of elements.

Examples
--------
>>> from hypothesis import given
>>> from spline_theory.testing.strategies import maso_instances
>>> @given(maso_instances())
... def test_output_shape(inst):
...     assert inst["x"].shape[1] == inst["A"].shape[2]
>>> test_output_shape()
"""

from __future__ import annotations

from . import _approximation, _core, _factorial, _learning, _lipschitz, _networks, _partition, _teacher_student, _vq
from ._approximation import *  # noqa: F403
from ._core import *  # noqa: F403
from ._factorial import *  # noqa: F403
from ._learning import *  # noqa: F403
from ._lipschitz import *  # noqa: F403
from ._networks import *  # noqa: F403
from ._partition import *  # noqa: F403
from ._teacher_student import *  # noqa: F403
from ._vq import *  # noqa: F403

__all__ = [name for mod in (_core, _factorial, _networks, _vq, _teacher_student, _learning, _lipschitz, _partition, _approximation) for name in mod.__all__]
