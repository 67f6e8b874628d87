"""icml18 Eq. (4), corrected: a globally convex affine spline whose regions all have a non-empty interior is the max-affine spline of its own pieces.

As printed (``icml18.eq4``) the partition is any partition, and a region with
an empty interior can carry a piece that is not a supporting line. With every
region of non-empty interior each piece supports the convex function, so the
spline equals the maximum of its pieces, which is evaluated without the
partition (Eq. (4)). The check builds convex, continuous affine splines on an
explicit partition of the line into intervals (Eq. (3): increasing slopes,
offsets fixed by continuity at the knots) and compares them with the
max-affine spline of the same pieces. The multivariate form is checked by
``icml18.sec3.convex_pwa_is_max_affine``.

Reading: the hypothesis added is "every region has a non-empty interior"
(report17 Thm. 2's partitions need the same, ``report17.thm2-corrected``).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs._convex_splines import max_of_pieces
from spline_theory.testing.strategies import convex_spline_instances


def derive():
    # Three pieces with slopes -1 < 0 < 1, continuous at the knots t = -1 and t = 1.
    # On each interval, t is written with a positive symbol s so that SymPy
    # knows which piece attains the maximum.
    s = sp.Symbol("s", positive=True)
    h = sp.Symbol("h", positive=True)
    pieces = lambda t: (-t - 1, sp.Integer(0), t - 1)  # noqa: E731
    steps = []
    for text, t, r in (
        ("omega_1 = (-inf, -1): t = -1 - s", -1 - s, 0),
        ("omega_2 = [-1, 1]: t = -1 + 2h/(1+h)", -1 + 2 * h / (1 + h), 1),
        ("omega_3 = (1, inf): t = 1 + s", 1 + s, 2),
    ):
        steps.append(Step(f"On {text}, the max of the pieces is the piece of that region", sp.Max(*pieces(t), evaluate=False), pieces(t)[r]))
    return steps


def check(xp, inst):
    return max_of_pieces(xp, inst, "max_r (alpha_r x + beta_r) == s[alpha, beta, Omega](x), regions with interiors")


CLAIM = register(
    Claim(
        id="icml18.eq4-corrected",
        title="A globally convex affine spline whose regions have interiors equals the max-affine spline of its pieces",
        where="icml18, Sec. 3 'Max-Affine Spline Functions', Eq. (3)-(4), with regions of non-empty interior",
        statement=r"s[\alpha,\beta,\Omega] \text{ globally convex},\ \operatorname{int}\omega_r \ne \emptyset\ \forall r \implies s[\alpha,\beta,\Omega](x) = \max_{r=1,\dots,R} \langle [\alpha]_{r,\cdot}, x\rangle + [\beta]_r",
        assumptions=(
            r"s \text{ is continuous and globally convex}",
            r"\operatorname{int}\omega_r \ne \emptyset\ \forall r \text{ (added: false without it, icml18.eq4)}",
            r"\text{checked on } \mathbb{R}^1 \text{ (partitions of the line into intervals)}",
        ),
        check=check,
        cases=convex_spline_instances(),
        arrays=("x", "alpha", "beta"),
        derive=derive,
        corrects="icml18.eq4",
        method="Draws a convex continuous 1-D spline on explicit intervals (knots, increasing slopes, continuous "
        "offsets), evaluates it on its partition with affine_spline (Eq. 3) and compares with max_affine_spline "
        "(Eq. 4), which ignores the partition.",
        notes="Checked on the line, where convex splines can be drawn on explicit intervals; the multivariate "
        "statement (functions and operators on R^2, pieces from the exact partition) is "
        "icml18.sec3.convex_pwa_is_max_affine. Convexity of max-affine splines in any dimension is part of icml18.eq5.",
    )
)
