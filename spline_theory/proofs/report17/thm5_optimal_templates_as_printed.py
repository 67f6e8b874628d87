"""report17 Thm. 5 / Eq. (63) as printed: the unique optimal templates under sum_c ||A[X_n]_c||^2 <= K.

report17 Sec. 4.2.2, Thm. 5, Eq. (63): with :math:`\\|X_n\\| = 1` and the budget
:math:`\\sum_c \\|A[X_n]_c\\|^2 \\le K`, "the unique globally optimal
templates are" :math:`\\sqrt{\\tfrac{C-1}{C}}\\,K\\,X_n` for the true class and
:math:`-\\sqrt{\\tfrac{K}{C(C-1)}}\\,X_n` for the others.

Verdict: **fails** for every K != 1: K stands outside the square root in the
true class's template. The printed templates use the budget
:math:`((C-1)K^2 + K)/C`, which exceeds K when K > 1 (infeasible) and falls
short of it when K < 1 (feasible but beaten: the optimum uses the whole
budget). Counterexample: C = 2, K = 4, X = (1), Y = 0: the templates
(2.83, -1.41) use a budget of 10 > 4. With K inside the root the formula is
icml18 Eq. (12) and holds (``report17.thm5-corrected``).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs._optimal_templates import C, a, check_printed
from spline_theory.testing.strategies import template_instances


def derive():
    p, q = sp.sqrt((C - 1) / C) * a, sp.sqrt(a / (C * (C - 1)))
    return [
        Step("budget used by the printed templates, ((C-1) K^2 + K) / C, differs from K (equal only at K = 1)", sp.simplify(p**2 + (C - 1) * q**2), a, relation="!="),
    ]


def check(xp, inst):
    return check_printed(xp, inst, paper="report17", constraint="sum_squared_norms")


CLAIM = register(
    Claim(
        id="report17.thm5",
        title="Unique optimal templates under sum_c ||A_c||^2 <= K: sqrt((C-1)/C) K X_n and -sqrt(K/(C(C-1))) X_n (as printed)",
        where="report17, Sec. 4.2.2, Thm. 5, Eq. (63)",
        statement=r"\|X_n\| = 1,\ \sum_{c=1}^C \|A[X_n]_c\|^2 \le K \implies A^*[X_n]_c = \begin{cases} \sqrt{\frac{C-1}{C}}\, K X_n, & c = Y_n \\ -\sqrt{\frac{K}{C(C-1)}}\, X_n, & \text{else} \end{cases}",
        assumptions=(r"z_c = \langle A[X_n]_c, X_n\rangle \text{ (no bias, as in the proof of Thm. 9)}",),
        check=check,
        cases=template_instances(),
        arrays=("x",),
        derive=derive,
        expected="fails",
        counterexample={"x": [[1.0]], "y": [0], "C": 2, "alpha": 4.0},
        method="The printed templates (learning.printed_optimal_templates, paper='report17', budget K = alpha) against the budget and "
        "against the minimum of the cross-entropy under sum_c ||A_c||^2 <= K found by SciPy SLSQP over all C x D templates.",
        notes="The same statement as report17 Thm. 5, Thm. 7 and Thm. 9 (App. A.2), each with its own id. See report17.thm5-corrected.",
    )
)
