"""report17 Sec. 4.3.1 corrected: with templates held fixed, the adversarial noise of Eq. (64) towards class c is
the wrong class's template minus the prediction-weighted mean template,
:math:`X^{Y \\to c} - X = \\alpha\\, \\hat y_c \\big(A_c - \\sum_j \\hat y_j A_j\\big)`.

With :math:`A_j = A^0_j + \\beta_j X` the noise is
:math:`\\alpha \\hat y_c\\big(A^0_c - \\sum_j \\hat y_j A^0_j\\big) + (\\dots) X`: the initialization
noise of every template enters, weighted by the prediction, not the wrong
class's alone.

Reading: the correction, with the first paragraph's setting: z = A X without
bias, templates held fixed while the noise is computed.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.lipschitz import adversarial_perturbation, softmax
from spline_theory.proofs.report17._adversarial_templates import template_network
from spline_theory.testing.strategies import unregularized_template_instances


def derive():
    z1, z2, z3 = sp.symbols("z_1 z_2 z_3", real=True)
    Z = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)
    y = [sp.exp(z1) / Z, sp.exp(z2) / Z, sp.exp(z3) / Z]
    # d yhat_1 / dX = sum_j (d yhat_1 / d z_j) A_j; the coefficient of A_j must be yhat_1 (delta_1j - yhat_j)
    return [Step(f"d yhat_1 / d z_{j + 1} = yhat_1 (delta_1{j + 1} - yhat_{j + 1})", sp.Derivative(y[0], v), y[0] * ((1 if j == 0 else 0) - y[j])) for j, v in enumerate((z1, z2, z3))]


def check(xp, inst):
    A, x, k, step = inst["A"], inst["x"], inst["k"], inst["step"]
    d = adversarial_perturbation(template_network(xp, A), x, k, step)[0, ...] - x[0, ...]
    p = softmax(x @ A.T)[0, ...]  # (C,)
    want = step * p[k] * (A[k, ...] - p @ A)
    return close(xp, d, want, relation="X^{Y->c} - X == alpha yhat_c (A_c - sum_j yhat_j A_j)", scale=step * (xp.max(xp.abs(A)) + 1.0))


CLAIM = register(
    Claim(
        id="report17.sec431.unregularized-corrected",
        title="The adversarial noise towards class c is alpha yhat_c (A_c - sum_j yhat_j A_j): every template enters, weighted by the prediction",
        where="report17, Sec. 4.3.1, first paragraph, with Eq. (64) (corrected)",
        statement=r"X_n^{Y_n \to c} - X_n = \alpha\, \hat y_c \Big(A[X_n]_c - \sum_j \hat y_j A[X_n]_j\Big)",
        assumptions=(r"z = A X \text{ (no bias)},\ \hat y = \mathrm{softmax}(z)", r"\text{templates held fixed}"),
        check=check,
        cases=unregularized_template_instances(),
        arrays=("A", "x"),
        derive=derive,
        corrects="report17.sec431.unregularized",
        method="lipschitz.adversarial_perturbation on the network x -> A x against alpha yhat_c (A_c - A^T yhat) with yhat from lipschitz.softmax.",
    )
)
