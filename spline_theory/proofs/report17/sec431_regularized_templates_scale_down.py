"""report17 Sec. 4.3.1: "When regularization is used during training, the optimal templates [...] are of the form
:math:`A_{Y_n} \\propto X_n` and :math:`A_c \\propto -X_n`. Hence [...] adversarial examples based on model
optimization can only scale down the input, :math:`X_n^{Y_n \\to c} = \\kappa X_n`, :math:`\\kappa < 1`."

Reading: the classifier is template matching with the optimal templates of
the squared-norm budget (report17.thm5-corrected, icml18 Eq. 12) held fixed at
:math:`A^\\star[X_n]`, and :math:`X^{Y \\to c}` is Eq. (64) for a wrong class c. Holds:
:math:`d\\hat y_c/dX = \\hat y_c (A_c - \\sum_j \\hat y_j A_j) = -\\hat y_c \\hat y_{Y}(p + q) X`, so
:math:`\\kappa = 1 - \\alpha\\, \\hat y_c \\hat y_Y (p+q) < 1` for every step :math:`\\alpha > 0`
(negative, a flip rather than a shrink, once :math:`\\alpha > 1/(\\hat y_c \\hat y_Y (p+q))`).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, less, register
from spline_theory.learning import optimal_templates
from spline_theory.lipschitz import adversarial_perturbation
from spline_theory.proofs.report17._adversarial_templates import template_network
from spline_theory.testing.strategies import adversarial_template_instances


def derive():
    p, q, yy, yc = sp.symbols("p q yhat_Y yhat_c", positive=True)
    mean_coef = yy * p - (1 - yy) * q  # sum_j yhat_j A_j = (yhat_Y p - (1 - yhat_Y) q) X
    return [Step("d yhat_c / dX = yhat_c (A_c - sum_j yhat_j A_j), with A_c = -q X: coefficient of X", yc * (-q - mean_coef), -yc * yy * (p + q))]


def check(xp, inst):
    x, y, C, k, step = inst["x"], inst["y"], inst["C"], inst["k"], inst["step"]
    A = optimal_templates(x, y, C, inst["alpha"])[0, ...]
    xa = adversarial_perturbation(template_network(xp, A), x, k, step)
    kappa = xp.sum(xa * x, axis=1)  # ||x|| = 1
    return [
        close(xp, xa, kappa[:, None] * x, relation="X^{Y->c} == kappa X (collinear with X)", scale=1.0 + xp.abs(kappa)[:, None]),
        less(xp, kappa, xp.ones_like(kappa), relation="kappa < 1 (the adversarial step scales X down)"),
    ]


CLAIM = register(
    Claim(
        id="report17.sec431.regularized",
        title="With the optimal (regularized) templates, the adversarial step of Eq. 64 towards a wrong class only rescales the input by kappa < 1",
        where="report17, Sec. 4.3.1, first paragraph, with Eq. (64)",
        statement=r"A_{Y_n} \propto X_n,\ A_c \propto -X_n\ (c \ne Y_n) \implies X_n^{Y_n \to c} = \kappa X_n,\ \kappa < 1",
        assumptions=(r"\|X_n\| = 1", r"A = A^\star[X_n] \text{ of the squared-norm budget (Eq. 12), held fixed}", r"z = A X \text{ (no bias)},\ \hat y = \mathrm{softmax}(z)", r"c \ne Y_n,\ \alpha > 0"),
        check=check,
        cases=adversarial_template_instances(),
        arrays=("x",),
        derive=derive,
        method="lipschitz.adversarial_perturbation on the one-layer network x -> A* x with A* = learning.optimal_templates: the result "
        "against its projection onto X, and its coefficient against 1.",
    )
)
