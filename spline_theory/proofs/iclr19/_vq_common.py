"""Helpers shared by the iclr19 VQ claim files (no claim here)."""

from spline_theory.claims import default_rtol


def tie_mask(xp, margin, u):
    """Entries (N, K) whose arg-max is not resolved by the dtype: the gap between the
    two best pieces is within round-off of the pieces' magnitude."""
    scale = 1.0 + xp.max(xp.abs(u), axis=2)
    return margin <= default_rtol(u.dtype) * scale
