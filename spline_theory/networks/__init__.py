"""Networks of spline layers: layers, graphs of layers, their affine maps, regions and imports.

This package holds the network machinery by concern (``layers``, ``graph``,
``affine``, ``codes``, ``roundoff`` for the round-off bounds behind the
certified radius, ``network``, ``torch_import``); the historical module
paths (:mod:`spline_theory.layers`, :mod:`spline_theory.network`,
:mod:`spline_theory.torch_interop`) stay importable.
"""

from .graph import INPUT, Add, Concat, Graph

__all__ = ["Graph", "Add", "Concat", "INPUT"]
