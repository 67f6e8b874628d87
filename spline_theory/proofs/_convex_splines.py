"""Helpers shared by icml18 Eq. (4) and report17 Thm. 2: a convex 1-D spline on its partition against the maximum of its pieces."""

from spline_theory import affine_spline, max_affine_spline
from spline_theory.claims import close


def regions(xp, inst, x):
    """The region of the partition holding each input: its interval, or the point region R (``inst["point"] >= 0``)."""
    knots = xp.asarray(inst["knots"], dtype=x.dtype)
    region = xp.searchsorted(knots, x[:, 0])
    j = int(inst.get("point", -1))
    if j >= 0:
        R = len(inst["knots"]) + 1
        region = xp.where(x[:, 0] == knots[j], xp.full(region.shape, R, dtype=region.dtype), region)
    return region


def max_of_pieces(xp, inst, relation):
    """``max_r a_r x + b_r`` (max_affine_spline) against the spline on its partition (affine_spline)."""
    x, alpha, beta = inst["x"], inst["alpha"], inst["beta"]
    on_partition = affine_spline(x, alpha, beta, regions(xp, inst, x))
    max_affine = max_affine_spline(alpha, beta)(x)[:, 0]
    scale = xp.max(xp.abs(alpha)) * xp.abs(x[:, 0]) + xp.max(xp.abs(beta))
    return close(xp, max_affine, on_partition, relation=relation, scale=scale)
