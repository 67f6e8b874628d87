"""Checks and derivations shared by the optimal-template claims (icml18 Prop. 5; report17 Thm. 5, 7, 9).

The papers state the minimizer of the cross-entropy of template matching
without biases, :math:`\\mathcal L_{CE}(y, A x)`, over templates
:math:`A \\in \\mathbb R^{C\\times D}` under a norm budget, for a unit-norm
input. The checks compare the printed templates with the optimum that
SciPy's SLSQP finds for the same problem (:func:`spline_theory.learning.solve_optimal_templates`,
which assumes nothing about the solution's shape): a printed optimum must
use at most the budget and must reach the solver's loss.
"""

import sympy as sp

from spline_theory.claims import Step, close, leq
from spline_theory.learning import printed_optimal_templates, solve_optimal_templates, template_budget, template_loss


def _solver(xp, inst, constraint):
    x = inst["x"]
    A, loss = solve_optimal_templates(x[0, ...], int(inst["y"][0]), inst["C"], inst["alpha"], constraint=constraint)
    return xp.asarray(loss, dtype=x.dtype)


def check_printed(xp, inst, *, paper, constraint):
    """The printed templates against the budget and the solver's optimum under ``constraint``."""
    x, y, C, alpha = inst["x"], inst["y"], inst["C"], inst["alpha"]
    E = printed_optimal_templates(x, y, C, alpha, paper=paper)
    used = template_budget(E, constraint=constraint)[0]
    loss = template_loss(E[0, ...], x, y)[0]
    best = _solver(xp, inst, constraint)
    return [
        leq(xp, used, xp.asarray(alpha, dtype=x.dtype), relation=f"budget used by the printed templates ({constraint}) <= alpha"),
        # The solver returns a feasible point, so its loss bounds the minimum from above:
        # an optimum must do at least as well.
        leq(xp, loss, best, relation=f"L_CE(printed templates) <= L_CE of the SLSQP solution under {constraint} <= alpha", scale=1.0 + xp.abs(best)),
    ]


def feasible_and_optimal(xp, inst, E, *, constraint):
    """Templates ``E`` (1, C, D) use exactly the budget and reach the solver's optimum."""
    x, y, alpha = inst["x"], inst["y"], inst["alpha"]
    used = template_budget(E, constraint=constraint)[0]
    loss = template_loss(E[0, ...], x, y)[0]
    best = _solver(xp, inst, constraint)
    return [
        close(xp, used, xp.asarray(alpha, dtype=x.dtype), relation=f"budget used ({constraint}) == alpha (the optimum is on the boundary)"),
        leq(xp, loss, best, relation="L_CE(closed form) <= min L_CE found by SLSQP", scale=1.0 + xp.abs(best)),
        leq(xp, best, loss, relation="min L_CE found by SLSQP <= L_CE(closed form) (the closed form is feasible)", scale=1.0 + xp.abs(best)),
    ]


m, a, p, q = sp.symbols("m alpha p q", positive=True)
C = m + 1  # C >= 2 classes: C - 1 = m > 0
LOSS = sp.log(1 + (C - 1) * sp.exp(-(p + q)))  # A_y = p x, A_c = -q x, ||x|| = 1


def derive_squared(p_printed, q_printed, budget_symbol):
    """Steps for the squared-norm budget: KKT of max p + q on p^2 + (C-1) q^2 = budget."""
    P, Q = p_printed, q_printed
    return [
        Step("with A_y = p x, A_c = -q x and ||x|| = 1 the loss depends on p + q only: dL/dp = dL/dq", sp.diff(LOSS, p), sp.diff(LOSS, q)),
        Step("so the optimum maximizes p + q on p^2 + (C-1) q^2 = budget; KKT: 1 = 2 mu p = 2 mu (C-1) q, i.e. p = (C-1) q at the printed values", P, (C - 1) * Q),
        Step("the printed values use the whole budget: p^2 + (C-1) q^2 = budget", P**2 + (C - 1) * Q**2, budget_symbol),
    ]
