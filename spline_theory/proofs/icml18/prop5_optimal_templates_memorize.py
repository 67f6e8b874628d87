"""icml18 Prop. 5 / Eq. (12) as printed: optimal templates under the budget sum_c ||A[x_n]_c|| < alpha are collinear with x_n.

icml18 Sec. 5.3: with unit-norm inputs, cross-entropy training and "the
regularization constraint that :math:`\\sum_c \\|A[x_n]_{c,\\cdot}\\|_2 < \\alpha`",
the optimal templates are :math:`+\\sqrt{(C-1)\\alpha/C}\\,x_n` for the true
class and :math:`-\\sqrt{\\alpha/(C(C-1))}\\,x_n` for the others (Eq. 12).

Reading: templates without biases (as in the report's proof), the budget as
printed (sum of norms), read with <= so that a minimum exists (with < the
infimum is not attained).

Verdict: **fails**. Under the sum of norms the printed templates use
:math:`\\sqrt{(C-1)\\alpha/C} + (C-1)\\sqrt{\\alpha/(C(C-1))} = 2\\sqrt{(C-1)\\alpha/C}`,
more than alpha whenever :math:`\\alpha < 4(C-1)/C`; and where they fit they
are beaten: the optimum of :math:`\\log(1 + (C-1)e^{-(p+q)})` under
:math:`p + (C-1)q \\le \\alpha` is p = alpha, q = 0 for C >= 3.
Counterexample: C = 3, alpha = 1, x = e_1, y = 0: the printed templates use a
budget of 1.633 > 1. Eq. (12) is the optimum of the **squared**-norm budget
(``icml18.prop5-corrected``, report17 Thm. 5's constraint).
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs._optimal_templates import check_printed
from spline_theory.testing.strategies import template_instances


def check(xp, inst):
    return check_printed(xp, inst, paper="icml18", constraint="sum_norms")


CLAIM = register(
    Claim(
        id="icml18.prop5",
        title="Optimal templates under the budget sum_c ||A_c|| < alpha are the collinear templates of Eq. 12 (as printed)",
        where="icml18, Sec. 5.3, Prop. 5, Eq. (12)",
        statement=r"\|x_n\|_2 = 1,\ \sum_c \|A[x_n]_{c,\cdot}\|_2 < \alpha \implies [A^\star[x_n]]_{c,\cdot} = \begin{cases} +\sqrt{\frac{(C-1)\alpha}{C}}\, x_n, & c = y_n \\ -\sqrt{\frac{\alpha}{C(C-1)}}\, x_n, & c \neq y_n \end{cases}",
        assumptions=(r"z_c = \langle A[x_n]_{c,\cdot}, x_n\rangle \text{ (no bias)}", r"\text{budget read as } \le \alpha \text{ (with } < \text{ no minimum exists)}"),
        check=check,
        cases=template_instances(),
        arrays=("x",),
        expected="fails",
        kind="typo",
        counterexample={"x": [[1.0, 0.0]], "y": [0], "C": 3, "alpha": 1.0},
        method="The printed templates (learning.printed_optimal_templates) against the budget sum_c ||A_c|| <= alpha and against the "
        "minimum of the cross-entropy under that budget found by SciPy SLSQP over all C x D templates (learning.solve_optimal_templates).",
        notes="Eq. (12) is the optimum of the squared-norm budget; see icml18.prop5-corrected and report17.thm5.",
    )
)
