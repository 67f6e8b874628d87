"""icml18 Eq. (4) as printed: a globally convex affine spline equals the max-affine spline of its own pieces.

Sec. 3 of icml18: "if a multivariate affine spline is constrained to be
globally convex, then it can be rewritten as a max-affine spline"
:math:`s[\\alpha, \\beta, \\Omega](x) = \\max_r \\langle[\\alpha]_{r,\\cdot}, x\\rangle + [\\beta]_r`,
with the spline's own parameters and a partition :math:`\\Omega` that Sec. 3
defines as any "partition of a domain :math:`\\mathbb R^D` into a set of regions".

Reading: the same parameters on both sides (Eq. (4) writes
:math:`s[\\alpha, \\beta, \\Omega]` on the left), any partition, as for report17
Thm. 2 (``report17.thm2``), which states the same equivalence: one reading for
both. Checked on the line, on partitions into intervals and on partitions that
also hold one knot as a region of its own.

Verdict: **fails**, as ``report17.thm2``: :math:`|t|` on
:math:`\\{(-\\infty, 0), \\{0\\}, (0, \\infty)\\}` with pieces :math:`-t`, :math:`2t`,
:math:`t` is convex, but :math:`\\max(-t, 2t, t) = 2 \\ne 1` at t = 1: the
piece of a region with an empty interior need not support the function. The
statement holds when every region has a non-empty interior
(``icml18.eq4-corrected``); the existential reading ("can be rewritten" with
other parameters) is ``icml18.sec3.convex_pwa_is_max_affine``.
"""

import sympy as sp
from hypothesis import strategies as st

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs._convex_splines import max_of_pieces
from spline_theory.testing.strategies import convex_spline_instances, degenerate_region_spline_instances


def derive():
    t = sp.Integer(1)
    return [Step("|t| on (-oo,0), {0}, (0,oo) with pieces -t, 2t, t, at t = 1: max(-t, 2t, t) differs from |t|", sp.Max(-t, 2 * t, t, evaluate=False), sp.Abs(t), relation="!=")]


def check(xp, inst):
    return max_of_pieces(xp, inst, "max_r (alpha_r x + beta_r) == s[alpha, beta, Omega](x) for the convex s")


CLAIM = register(
    Claim(
        id="icml18.eq4",
        title="A globally convex affine spline equals the max-affine spline of its own pieces, for any partition (as printed)",
        where="icml18, Sec. 3 'Max-Affine Spline Functions', Eq. (3)-(4)",
        statement=r"s[\alpha,\beta,\Omega] \text{ globally convex} \implies s[\alpha,\beta,\Omega](x) = \max_{r=1,\dots,R} \langle [\alpha]_{r,\cdot}, x\rangle + [\beta]_r",
        assumptions=(
            r"s \text{ is continuous and globally convex}",
            r"\Omega \text{ any partition of } \mathbb{R}^D \text{ (icml18 Sec. 3)}",
            r"\text{checked on } \mathbb{R}^1",
        ),
        check=check,
        cases=st.one_of(convex_spline_instances(), degenerate_region_spline_instances()),
        arrays=("x", "alpha", "beta"),
        expected="fails",
        kind="missing-hypothesis",
        derive=derive,
        counterexample={"knots": [0.0], "alpha": [[-1.0], [1.0], [2.0]], "beta": [0.0, 0.0, 0.0], "point": 0, "x": [[1.0], [0.0]]},
        method="Convex continuous 1-D splines on intervals, some with one knot as a region of its own carrying a piece "
        "through the function's value there: the spline on its partition (affine_spline) against the maximum of all "
        "its pieces (max_affine_spline).",
        notes="Missing hypothesis: every region has a non-empty interior. Same counterexample as report17.thm2.",
    )
)
