"""report17 Thm. 7 corrected: with K inside the square root, Eq. (76) is the unique optimum under sum_c ||A[X_n]_c||^2 <= K.

:math:`A^*[X_n]_{Y_n} = \\sqrt{(C-1)K/C}\\,X_n`, :math:`A^*[X_n]_c = -\\sqrt{K/(C(C-1))}\\,X_n`:
icml18 Eq. (12) with alpha = K; the derivation is the KKT system of the
report's own proof (App. A.2), reduced to max p + q on the budget.
"""

import sympy as sp

from spline_theory.claims import Claim, register
from spline_theory.learning import optimal_templates
from spline_theory.proofs._optimal_templates import C, a, derive_squared, feasible_and_optimal
from spline_theory.testing.strategies import template_instances


def derive():
    return derive_squared(sp.sqrt((C - 1) * a / C), sp.sqrt(a / (C * (C - 1))), a)


def check(xp, inst):
    E = optimal_templates(inst["x"], inst["y"], inst["C"], inst["alpha"], constraint="sum_squared_norms")
    return feasible_and_optimal(xp, inst, E, constraint="sum_squared_norms")


CLAIM = register(
    Claim(
        id="report17.thm7-corrected",
        title="With K inside the root, sqrt((C-1)K/C) X_n and -sqrt(K/(C(C-1))) X_n are the optimal templates",
        where="report17, Sec. 5, Thm. 7, Eq. (76)",
        statement=r"\|X_n\| = 1,\ \sum_{c=1}^C \|A[X_n]_c\|^2 \le K \implies A^*[X_n]_c = \begin{cases} \sqrt{\frac{(C-1)K}{C}}\, X_n, & c = Y_n \\ -\sqrt{\frac{K}{C(C-1)}}\, X_n, & \text{else} \end{cases}",
        assumptions=(r"z_c = \langle A[X_n]_c, X_n\rangle \text{ (no bias)}", r"C \ge 2"),
        check=check,
        cases=template_instances(),
        arrays=("x",),
        derive=derive,
        corrects="report17.thm7",
        method="learning.optimal_templates (squared-norm budget) uses exactly the budget and reaches the minimum SLSQP finds over all "
        "C x D templates; the derivation is the KKT system of max p + q on the budget.",
    )
)
