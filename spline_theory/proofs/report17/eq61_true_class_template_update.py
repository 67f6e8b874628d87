"""report17 Sec. 4.2, Eq. (61): a gradient step of size :math:`\\lambda` on the cross-entropy (58) moves the true
class's template to :math:`A_{Y_n} + \\lambda X_n (1 - \\hat y(X_n)_{Y_n})`.

Reading: as printed, one gradient-descent step of size lambda on Eq. (58).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs.report17._cross_entropy import symbolic_gradients, update_evidence
from spline_theory.testing.strategies import cross_entropy_template_instances


def derive():
    A, x, L, p = symbolic_gradients()
    lam = sp.Symbol("lambda", positive=True)
    return [Step(f"A_0{d} - lambda dL/dA_0{d} = A_0{d} + lambda x_{d} (1 - yhat_0)", A[0, d] - lam * sp.Derivative(L, A[0, d]), A[0, d] + lam * x[d] * (1 - p[0])) for d in range(2)]


def check(xp, inst):
    return update_evidence(xp, inst, "true")


CLAIM = register(
    Claim(
        id="report17.eq61",
        title="A gradient step moves the true class's template by lambda X (1 - yhat_y)",
        where="report17, Sec. 4.2.1, Eq. (61)",
        statement=r"A_{Y_n}^{(t+1)} = A_{Y_n}^{(t)} - \lambda \frac{\partial \mathcal L_{CE}}{\partial A_{Y_n}} = A_{Y_n}^{(t)} + \lambda X_n (1 - \hat{y}_{Y_n}(X_n))",
        assumptions=(r"\text{one step of gradient descent on Eq. (58), learning rate } \lambda > 0",),
        check=check,
        cases=cross_entropy_template_instances(),
        arrays=("A", "x", "b"),
        derive=derive,
        method="The printed update against A - lambda times central differences of Eq. (58) (float64); with b = 0, "
        "learning.template_update against the printed update.",
    )
)
