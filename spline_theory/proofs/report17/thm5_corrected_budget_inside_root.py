"""report17 Thm. 5 corrected: with K inside the square root, Eq. (63) is the unique optimum under sum_c ||A[X_n]_c||^2 <= K.

:math:`A^*[X_n]_{Y_n} = \\sqrt{(C-1)K/C}\\,X_n`, :math:`A^*[X_n]_c = -\\sqrt{K/(C(C-1))}\\,X_n`:
icml18 Eq. (12) with alpha = K; the derivation is the KKT system of the
report's own proof (App. A.2), reduced to max p + q on the budget.

Reading: the correction: K inside the square root; ||X_n|| = 1, no bias, as in
Thm. 5.
"""

from spline_theory.claims import register
from spline_theory.learning import optimal_templates
from spline_theory.proofs._optimal_templates import derive_report17_corrected, feasible_and_optimal, report17_corrected_claim
from spline_theory.testing.strategies import template_instances


def derive():
    return derive_report17_corrected()


def check(xp, inst):
    E = optimal_templates(inst["x"], inst["y"], inst["C"], inst["alpha"], constraint="sum_squared_norms")
    return feasible_and_optimal(xp, inst, E, constraint="sum_squared_norms")


CLAIM = register(report17_corrected_claim(5, "Sec. 4.2.2, Thm. 5, Eq. (63)", check, derive, template_instances()))
