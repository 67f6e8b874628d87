"""spline_theory: the spline theory of deep networks, executable.

The papers' claims are encoded in :mod:`spline_theory.proofs` and checked by
:func:`verify`; the toolkit (:class:`MASO`, :mod:`spline_theory.operators`)
is what the checks call and what users call on their own arrays.
"""

__version__ = "0.1.0"

from . import backend, claims, operators  # noqa: E402
from .maso import MASO, affine_spline, max_affine_spline  # noqa: E402
from .report import Report, verify  # noqa: E402

__all__ = ["MASO", "Report", "affine_spline", "backend", "claims", "max_affine_spline", "operators", "verify", "__version__"]
