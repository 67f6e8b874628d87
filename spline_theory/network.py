"""Historical import path of :mod:`spline_theory.networks.network` (the same module object: every name, private ones included)."""

import sys

from .networks import network as _impl

sys.modules[__name__] = _impl
