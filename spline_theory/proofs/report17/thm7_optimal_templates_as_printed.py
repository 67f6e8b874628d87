"""report17 Thm. 7 / Eq. (76) as printed: the restatement (Sec. 5, Thm. 7, Eq. (76)) of Thm. 5's optimal templates.

The statement, the reading and the error are those of ``report17.thm5``
(K outside the square root of the true class's template); the report states
the theorem three times and each statement keeps its own id and verdict.

Verdict: **fails**; counterexample C = 2, K = 4, X = (1), Y = 0 (budget used
10 > 4). Corrected: ``report17.thm7-corrected``.

Reading: as printed (Thm. 7 repeats Thm. 5); no hypothesis added.
"""

from spline_theory.claims import register
from spline_theory.proofs._optimal_templates import check_printed, derive_report17_printed, report17_printed_claim
from spline_theory.testing.strategies import template_instances


def derive():
    return derive_report17_printed()


def check(xp, inst):
    return check_printed(xp, inst, paper="report17", constraint="sum_squared_norms")


CLAIM = register(report17_printed_claim(7, "Sec. 5, Thm. 7, Eq. (76)", check, derive, template_instances()))
