"""icml18 Prop. 5 corrected: Eq. (12) is the optimum under the budget sum_c ||A[x_n]_c||^2 <= alpha.

With :math:`A_y = p\\,x`, :math:`A_c = -q\\,x` (c != y) and :math:`\\|x\\| = 1`
the cross-entropy is :math:`\\log(1 + (C-1)e^{-(p+q)})`, decreasing in p + q;
maximizing p + q on :math:`p^2 + (C-1)q^2 = \\alpha` gives p = (C-1) q, hence
Eq. (12). Components of the templates orthogonal to x only spend budget, so
the optimum is collinear (the numerical check does not assume it: SLSQP
optimizes all C x D entries).

Reading: Prop. 5's Eq. (12) under the squared-norm budget of report17 Thm. 5
(the correction); no bias, z_c = <A_c, x_n>, and ||x_n|| = 1 as in Prop. 5; C
>= 2.
"""

import sympy as sp

from spline_theory.claims import Claim, register
from spline_theory.learning import printed_optimal_templates
from spline_theory.proofs._optimal_templates import C, a, derive_squared, feasible_and_optimal
from spline_theory.testing.strategies import template_instances


def derive():
    return derive_squared(sp.sqrt((C - 1) * a / C), sp.sqrt(a / (C * (C - 1))), a)


def check(xp, inst):
    E = printed_optimal_templates(inst["x"], inst["y"], inst["C"], inst["alpha"], paper="icml18")
    return feasible_and_optimal(xp, inst, E, constraint="sum_squared_norms")


CLAIM = register(
    Claim(
        id="icml18.prop5-corrected",
        title="Eq. 12 is the optimum of the cross-entropy under the squared-norm budget sum_c ||A_c||^2 <= alpha",
        where="icml18, Sec. 5.3, Prop. 5, Eq. (12); the budget of report17 Thm. 5",
        statement=r"\|x_n\|_2 = 1,\ \sum_c \|A[x_n]_{c,\cdot}\|_2^2 \le \alpha \implies [A^\star[x_n]]_{c,\cdot} = \begin{cases} +\sqrt{\frac{(C-1)\alpha}{C}}\, x_n, & c = y_n \\ -\sqrt{\frac{\alpha}{C(C-1)}}\, x_n, & c \neq y_n \end{cases}",
        assumptions=(r"z_c = \langle A[x_n]_{c,\cdot}, x_n\rangle \text{ (no bias)}", r"C \ge 2"),
        check=check,
        cases=template_instances(),
        arrays=("x",),
        derive=derive,
        corrects="icml18.prop5",
        method="Eq. (12)'s templates use exactly the squared-norm budget and reach the minimum SLSQP finds over all C x D templates "
        "(both directions of the loss comparison); the derivation is the KKT system of max p + q on the budget.",
    )
)
