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

Reading: as printed, ||X_n|| = 1, the budget sum_c ||A_c||^2 <= K, no bias; no
other hypothesis.
"""

from spline_theory.claims import register
from spline_theory.proofs._optimal_templates import check_printed, derive_report17_printed, report17_printed_claim
from spline_theory.testing.strategies import template_instances


def derive():
    return derive_report17_printed()


def check(xp, inst):
    return check_printed(xp, inst, paper="report17", constraint="sum_squared_norms")


CLAIM = register(report17_printed_claim(5, "Sec. 4.2.2, Thm. 5, Eq. (63)", check, derive, template_instances()))
