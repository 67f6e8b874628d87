"""icml18 Sec. 5.3 corrected: at the optimum the softmax peaks at the correct class with
:math:`\\hat y_y = 1/(1 + (C-1)e^{-(p+q)})`, strictly below 1, and tends to the one-hot vector as the budget grows.

:math:`p + q = \\sqrt{C\\alpha/(C-1)}` under the sum of squared norms (Eq. 12:
:math:`\\sqrt{(C-1)\\alpha/C} + \\sqrt{\\alpha/(C(C-1))}`), :math:`\\alpha` under the sum of
norms.

Reading: the templates are the minimizers of the cross-entropy under the
budget (no bias, unit-norm input), as in Prop. 5; "at the optimum" is read
through the optimal value, so a solver that stops short of the optimum cannot
decide the claim. The check takes the closed-form templates
(``learning.optimal_templates``) and asks (i) that they fit the budget,
(ii) that their softmax peaks at the correct class with the printed value,
and (iii) that no feasible point does better: their loss is at most the loss
SLSQP reaches over all C x D template entries
(``learning.solve_optimal_templates``), up to the solver's accuracy. A wrong
closed form fails (i)-(ii) if it is too good to be feasible, (iii) if it is
beaten.
"""

import numpy as np
import sympy as sp

from spline_theory.activations import softmax
from spline_theory.backend import to_numpy
from spline_theory.claims import Claim, Step, close, equal, leq, less, register
from spline_theory.learning import optimal_prediction, optimal_templates, solve_optimal_templates, template_budget, template_loss
from spline_theory.proofs.icml18._memorization import rtol

#: How far above the true minimum SLSQP's loss may stop, relative to 1 + loss: ten times the accuracy
#: ``solve_optimal_templates`` documents (1e-12 for squared norms; 1e-4 for the sum of norms, whose optimum
#: sits at the degenerate apex of the norm cones).
SOLVER_LOSS_RTOL = {"sum_squared_norms": 1e-8, "sum_norms": 1e-3}
from spline_theory.testing.strategies import sec53_template_instances


def derive():
    m, a = sp.symbols("m alpha", positive=True)
    C = m + 1  # C >= 2 classes: C - 1 = m > 0
    p, q = sp.sqrt((C - 1) * a / C), sp.sqrt(a / (C * (C - 1)))
    return [
        Step("p + q of Eq. (12) is sqrt(C alpha / (C - 1))", p + q, sp.sqrt(C * a / (C - 1))),
        Step("softmax at the optimum: e^p / (e^p + (C-1) e^{-q}) = 1 / (1 + (C-1) e^{-(p+q)})", sp.exp(p) / (sp.exp(p) + (C - 1) * sp.exp(-q)), 1 / (1 + (C - 1) * sp.exp(-(p + q)))),
        Step("and 1 - yhat_y -> 0 only as alpha -> oo", sp.Limit((C - 1) * sp.exp(-sp.sqrt(C * a / (C - 1))), a, sp.oo), 0),
    ]


def check(xp, inst):
    x, y, C, alpha, cons = inst["x"], int(inst["y"][0]), inst["C"], inst["alpha"], inst["constraint"]
    labels = xp.asarray([y], dtype=xp.int64)
    A = optimal_templates(x, labels, C, alpha, constraint=cons)  # (1, C, D), closed form
    p = softmax(A[0, ...] @ x[0, ...], axis=0)
    want = optimal_prediction(C, alpha, constraint=cons)
    _, solver_loss = solve_optimal_templates(x[0, ...], y, C, alpha, constraint=cons)
    # the two losses compared in float64, the solver's precision, whatever the dtype under test
    closed_loss = float(template_loss(to_numpy(A).astype(np.float64), to_numpy(x).astype(np.float64), np.asarray([y]))[0])
    return [
        leq(xp, template_budget(A[0, ...], constraint=cons), xp.asarray(alpha, dtype=x.dtype), relation="the closed-form templates fit the budget", rtol=rtol(x)),
        equal(xp, xp.argmax(p), xp.asarray(y, dtype=xp.int64), relation="argmax softmax(A* x) == y (the peak is at the correct class)"),
        close(xp, p[y], xp.asarray(want, dtype=x.dtype), relation="softmax(A* x)_y == 1 / (1 + (C-1) e^{-(p+q)})", scale=1.0, rtol=rtol(x)),
        leq(xp, xp.asarray(closed_loss), xp.asarray(solver_loss),
            relation="L_CE(closed form) <= L_CE(SLSQP over all templates) + the solver's accuracy (no feasible point does better)",
            scale=1.0 + abs(solver_loss), rtol=max(SOLVER_LOSS_RTOL[cons], rtol(x))),  # float32 templates round the optimum
        less(xp, p[y], xp.asarray(optimal_prediction(C, 4 * alpha, constraint=cons), dtype=x.dtype), relation="softmax(A* x)_y < the value at budget 4 alpha (the peak sharpens as the budget grows)", rtol=rtol(x)),
    ]


CLAIM = register(
    Claim(
        id="icml18.sec53.one_hot-corrected",
        title="At the optimum the softmax peaks at the correct class with value 1/(1 + (C-1)e^{-(p+q)}) < 1; one-hot only as the budget grows without bound",
        where="icml18, Sec. 5.3, after Prop. 5 (corrected)",
        statement=r"\|x_n\| = 1:\quad \operatorname{softmax}(A^\star[x_n] x_n)_{y_n} = \frac{1}{1 + (C-1)e^{-(p+q)}} < 1,\quad p + q = \begin{cases}\sqrt{C\alpha/(C-1)} & \sum_c\|A_c\|^2 \le \alpha \\ \alpha & \sum_c \|A_c\| \le \alpha\end{cases}",
        assumptions=(r"z_c = \langle A[x_n]_{c,\cdot}, x_n\rangle \text{ (no bias)}", r"C \ge 2"),
        check=check,
        cases=sec53_template_instances(),
        arrays=("x",),
        derive=derive,
        corrects="icml18.sec53.one_hot",
        method="The closed-form optimal templates (learning.optimal_templates): their budget, the arg-max and value of their softmax "
        "against the label and learning.optimal_prediction, their loss against the loss of the SLSQP minimizer over all C x D entries "
        "(learning.solve_optimal_templates) up to the solver's accuracy, and the value against the one at budget 4 alpha.",
    )
)
