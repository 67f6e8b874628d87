"""report17 Sec. 4.2, Eq. (60): the gradient of the cross-entropy (58) with respect to a wrong class's template is
:math:`X_n \\hat y(X_n)_c`, :math:`c \\ne Y_n`; checked against central differences of Eq. (58).

Reading: as printed, c != Y_n; any templates and biases.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17._cross_entropy import gradient_evidence, gradient_steps
from spline_theory.testing.strategies import cross_entropy_template_instances


def derive():
    return gradient_steps("wrong")


def check(xp, inst):
    return gradient_evidence(xp, inst, "wrong")


CLAIM = register(
    Claim(
        id="report17.eq60",
        title="The cross-entropy gradient for a wrong class's template is X yhat_c",
        where="report17, Sec. 4.2.1, Eq. (60)",
        statement=r"\frac{\partial \mathcal{L}_{CE}(Y_n, \hat{y}(X_n))}{\partial A_c} = X_n \hat{y}(X_n)_c,\ \forall c \neq Y_n",
        assumptions=(r"\mathcal L_{CE} \text{ of Eq. (58)}, \ \hat y = \operatorname{softmax}(A X_n + b)",),
        check=check,
        cases=cross_entropy_template_instances(),
        arrays=("A", "x", "b"),
        derive=derive,
        method="The printed gradient entries of the wrong classes against central differences of learning.cross_entropy in "
        "float64 (step 1e-5), within their truncation and round-off bound.",
    )
)
