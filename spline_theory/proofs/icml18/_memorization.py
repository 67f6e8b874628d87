"""Shared by the icml18 Sec. 5.3 claims (collinear templates and data set memorization).

The optimum of the cross-entropy of template matching under a norm budget is
found by SciPy's SLSQP over all C x D template entries
(:func:`spline_theory.learning.solve_optimal_templates`), which assumes nothing
about the solution's shape; the claims then test the shape the paper states.
"""

import math

import sympy as sp

from spline_theory.claims import Step, default_rtol
from spline_theory.learning import solve_optimal_templates

#: Floor of the relative tolerance on the solver's templates. The solver runs in float64 whatever the
#: dtype under test; on 80 random instances (C <= 5, D <= 4, both budgets) the part of its templates
#: orthogonal to x stayed below 4e-8 of the template scale, and the wrong-class outputs agreed to 2e-11.
SOLVER_RTOL = 1e-6


def solved(xp, inst):
    """The solver's optimal templates (C, D) on the backend and dtype of ``inst["x"]``."""
    x = inst["x"]
    A, _ = solve_optimal_templates(x[0, ...], int(inst["y"][0]), inst["C"], inst["alpha"], constraint=inst["constraint"])
    return xp.asarray(A, dtype=x.dtype)


def template_scale(inst):
    """Largest norm a template can have under the budget: sqrt(alpha) (squared norms) or alpha (norms)."""
    return math.sqrt(inst["alpha"]) if inst["constraint"] == "sum_squared_norms" else inst["alpha"]


def rtol(x):
    return max(default_rtol(x.dtype), SOLVER_RTOL)


def derive_collinear():
    """KKT in the frame x = e_1 (the problem is rotation invariant): a component orthogonal to x leaves the loss unchanged and costs budget."""
    a0, a1, b0, b1, mu = sp.symbols("a_0 a_1 b_0 b_1 mu", real=True)
    loss = sp.log(1 + sp.exp(a1 - a0))  # C = 2, y = 0, x = e_1 in R^2, A_c = (a_c, b_c): z_c = a_c
    budget = a0**2 + a1**2 + b0**2 + b1**2
    return [
        Step("the loss does not depend on the components b_c orthogonal to x: dL/db_0 = 0", sp.Derivative(loss, b0), 0),
        Step("nor dL/db_1 = 0", sp.Derivative(loss, b1), 0),
        Step("stationarity of L + mu (budget - alpha) in b_c gives 2 mu b_c = 0, so b_c = 0 when the budget binds (mu > 0)", sp.Derivative(loss + mu * budget, b0), 2 * mu * b0),
    ]
