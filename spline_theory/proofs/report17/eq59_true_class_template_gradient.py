"""report17 Sec. 4.2, Eq. (59): the gradient of the cross-entropy (58) with respect to the true class's template is
:math:`X_n(\\hat y(X_n)_{Y_n} - 1)`; checked against central differences of Eq. (58) (float64, with their error bound).

Reading: as printed, the gradient of Eq. (58) in the template A_Y; any
templates and biases.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17._cross_entropy import gradient_evidence, gradient_steps
from spline_theory.testing.strategies import cross_entropy_template_instances


def derive():
    return gradient_steps("true")


def check(xp, inst):
    return gradient_evidence(xp, inst, "true")


CLAIM = register(
    Claim(
        id="report17.eq59",
        title="The cross-entropy gradient for the true class's template is X (yhat_y - 1)",
        where="report17, Sec. 4.2.1, Eq. (59)",
        statement=r"\frac{\partial \mathcal{L}_{CE}(Y_n, \hat{y}(X_n))}{\partial A_{Y_n}} = X_n (\hat{y}(X_n)_{Y_n} - 1)",
        assumptions=(r"\mathcal L_{CE} \text{ of Eq. (58)}, \ \hat y = \operatorname{softmax}(A X_n + b)",),
        check=check,
        cases=cross_entropy_template_instances(),
        arrays=("A", "x", "b"),
        derive=derive,
        method="The printed gradient (softmax of A x + b minus one at the true class, times x) against central differences of "
        "learning.cross_entropy in float64 (step 1e-5), within their truncation and round-off bound.",
    )
)
