"""icml18 Eq. (4): a globally convex affine spline is a max-affine spline.

Sec. 3 of icml18: "if a multivariate affine spline is constrained to be
globally convex, then it can be rewritten as a max-affine spline"
:math:`s(x) = \\max_r \\langle[\\alpha]_{r,\\cdot}, x\\rangle + [\\beta]_r`, which
is "completely determined by its parameters without needing to specify the
partition". The check builds convex, continuous affine splines on an explicit
partition of the line (Eq. (3): increasing slopes, offsets fixed by
continuity at the knots) and compares them with the max-affine spline of the
same pieces, which is evaluated without the partition.
"""

import sympy as sp

from spline_theory import affine_spline, max_affine_spline
from spline_theory.claims import Claim, Step, close, register
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
    x, alpha, beta = inst["x"], inst["alpha"], inst["beta"]
    knots = xp.asarray(inst["knots"], dtype=x.dtype)
    region = xp.searchsorted(knots, x[:, 0])  # the interval of the partition holding each input
    on_partition = affine_spline(x, alpha, beta, region)
    max_affine = max_affine_spline(alpha, beta)(x)[:, 0]
    scale = xp.max(xp.abs(alpha)) * xp.abs(x[:, 0]) + xp.max(xp.abs(beta))
    return close(xp, max_affine, on_partition, relation="max_r (alpha_r x + beta_r) == s[alpha, beta, Omega](x)", scale=scale)


CLAIM = register(
    Claim(
        id="icml18.eq4",
        title="A globally convex affine spline equals the max-affine spline of its pieces",
        where="icml18, Sec. 3 'Max-Affine Spline Functions', Eq. (3)-(4)",
        statement=r"s[\alpha,\beta,\Omega] \text{ globally convex} \implies s[\alpha,\beta,\Omega](x) = \max_{r=1,\dots,R} \langle [\alpha]_{r,\cdot}, x\rangle + [\beta]_r",
        assumptions=(
            r"s \text{ is continuous and globally convex}",
            r"\text{checked on } \mathbb{R}^1 \text{ (partitions of the line into intervals)}",
        ),
        check=check,
        cases=convex_spline_instances(),
        arrays=("x", "alpha", "beta"),
        derive=derive,
        method="Draws a convex continuous 1-D spline on explicit intervals (knots, increasing slopes, continuous "
        "offsets), evaluates it on its partition with affine_spline (Eq. 3) and compares with max_affine_spline "
        "(Eq. 4), which ignores the partition.",
        notes="Checked on the line, where convex splines can be drawn directly; in D dimensions a convex spline "
        "cannot be drawn without already writing it as a maximum. Convexity of max-affine splines in any "
        "dimension is part of icml18.eq5.",
    )
)
