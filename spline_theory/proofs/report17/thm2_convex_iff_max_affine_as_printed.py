"""report17 Sec. 3.4.1, Thm. 2 (Eq. (51)-(52)), as printed: a linear multivariate spline
:math:`s[\\mathbf a, \\mathbf b, \\Omega]` satisfies :math:`s(x) = a[x]^Tx + b[x] = \\max_{r} a_r^Tx + b_r`
for every x if and only if it is convex.

Verdict: **fails**. The theorem lets :math:`\\Omega` be any partition, but a region with an
empty interior can carry a piece that is not a supporting line of the (convex) function:
:math:`s(t) = |t|` on :math:`\\Omega = \\{(-\\infty, 0), \\{0\\}, (0, \\infty)\\}` with pieces
:math:`-t`, :math:`2t`, :math:`t` is convex (the piece :math:`2t` is used only at 0, where it
equals 0), yet :math:`\\max(-t, 2t, t) = 2 \\ne 1 = s(1)` at t = 1. With every region of
non-empty interior the equivalence holds (``report17.thm2-corrected``). icml18 Eq. (4) states
the "if" direction with the same parameters and the same definition of a partition, and is
read the same way (``icml18.eq4`` fails on the same counterexample, ``icml18.eq4-corrected``).

Reading: "for any partition" as printed (report17 Sec. 3.4.1 puts no condition on the
regions); "s = max of its pieces" with the spline's own a_r, b_r; checked on the line.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs._convex_splines import max_of_pieces
from spline_theory.testing.strategies import degenerate_region_spline_instances


def derive():
    t = sp.Integer(1)
    return [Step("|t| on (-oo,0), {0}, (0,oo) with pieces -t, 2t, t: the max of the pieces at t = 1 is not |1|", sp.Max(-t, 2 * t, t), sp.Abs(t), relation="!=")]


def check(xp, inst):
    return max_of_pieces(xp, inst, "max_r (a_r x + b_r) == s[a, b, Omega](x) for the convex s")


CLAIM = register(
    Claim(
        id="report17.thm2",
        title="A spline is the maximum of its pieces iff it is convex, for any partition (as printed)",
        where="report17, Sec. 3.4.1 'Template Matching in the Context of Splines', Thm. 2, Eq. (51)-(52)",
        statement=r"s[\mathbf a,\mathbf b,\Omega](x) = a[x]^Tx + b[x] = \max_{r=1,\dots,R} a_r^Tx + b_r\ \forall x \iff s[\mathbf a,\mathbf b,\Omega] \text{ is convex}",
        assumptions=(r"\Omega \text{ any partition (as printed)}", r"\text{checked on } \mathbb{R}^1"),
        check=check,
        cases=degenerate_region_spline_instances(),
        arrays=("x", "alpha", "beta"),
        expected="fails",
        kind="missing-hypothesis",
        derive=derive,
        counterexample={"knots": [0.0], "alpha": [[-1.0], [1.0], [2.0]], "beta": [0.0, 0.0, 0.0], "point": 0, "x": [[1.0], [0.0]]},
        method="A convex 1-D spline on intervals whose partition also holds one knot as a region with its own piece "
        "(through the function's value there, so the function is unchanged and convex), evaluated on its partition "
        "(affine_spline) against the maximum of all its pieces (max_affine_spline).",
        notes="The hidden assumption: every region has a non-empty interior (then each piece supports the convex "
        "function). report17.thm2-corrected states it.",
    )
)
