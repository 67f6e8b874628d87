"""report17 Thm. 9 corrected: Eq. (121) with K inside the square root, as for ``report17.thm5-corrected``.

Reading: as thm5-corrected, for Thm. 9 (the appendix restatement).
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


CLAIM = register(report17_corrected_claim(9, "App. A.2, Thm. 9, Eq. (121)", check, derive, template_instances()))
