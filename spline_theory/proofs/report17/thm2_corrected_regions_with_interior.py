"""report17 Thm. 2 corrected: for a spline whose regions all have a non-empty interior,
:math:`s(x) = \\max_r a_r^Tx + b_r` for every x if and only if s is convex.

"Only if": a maximum of affine functions is convex (midpoint inequality of
``max_affine_spline``). "If": each piece of a convex spline, valid on a region with an
interior, is a supporting line, so the spline is the maximum of its pieces (the check of
``icml18.eq4``, on convex splines of the line given on intervals).

Reading: the correction: regions with non-empty interior (named: the missing
hypothesis); checked on R^1, where partitions are unions of intervals and the
exact check is decidable (a scope restriction, named).
"""

from spline_theory import affine_spline, max_affine_spline
from spline_theory.claims import Claim, close, leq, register
from spline_theory.testing.strategies import convex_spline_instances


def check(xp, inst):
    x, alpha, beta = inst["x"], inst["alpha"], inst["beta"]
    knots = xp.asarray(inst["knots"], dtype=x.dtype)
    S = max_affine_spline(alpha, beta)
    scale = xp.max(xp.abs(alpha)) * xp.abs(x[:, 0]) + xp.max(xp.abs(beta))
    ev = [close(xp, S(x)[:, 0], affine_spline(x, alpha, beta, xp.searchsorted(knots, x[:, 0])),
                relation="convex s on intervals == max_r (a_r x + b_r)", scale=scale)]
    if x.shape[0] >= 2:
        a, b = x[:-1, :], x[1:, :]
        ev.append(leq(xp, S((a + b) / 2)[:, 0], (S(a)[:, 0] + S(b)[:, 0]) / 2,
                      relation="max-affine s((a+b)/2) <= (s(a)+s(b))/2 (convex)", scale=scale[:-1] + scale[1:]))
    return ev

CLAIM = register(
    Claim(
        id="report17.thm2-corrected",
        title="A spline whose regions have interiors is the maximum of its pieces iff it is convex",
        where="report17, Sec. 3.4.1, Thm. 2, Eq. (51)-(52), with regions of non-empty interior",
        statement=r"\text{every } \omega_r \text{ has a non-empty interior:}\quad s[\mathbf a,\mathbf b,\Omega](x) = \max_{r} a_r^Tx + b_r\ \forall x \iff s \text{ convex}",
        assumptions=(r"\operatorname{int}\omega_r \ne \emptyset\ \forall r", r"\text{checked on } \mathbb{R}^1 \text{ (partitions into intervals)}"),
        check=check,
        cases=convex_spline_instances(),
        arrays=("x", "alpha", "beta"),
        corrects="report17.thm2",
        method="Convex 1-D splines on intervals: affine_spline on the partition equals max_affine_spline of the pieces "
        "(if); max_affine_spline satisfies the midpoint convexity inequality on consecutive input pairs (only if).",
    )
)
