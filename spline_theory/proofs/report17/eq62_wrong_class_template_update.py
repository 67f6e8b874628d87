"""report17 Sec. 4.2, Eq. (62): a gradient step of size :math:`\\lambda` on the cross-entropy (58) moves each wrong
class's template to :math:`A_c - \\lambda X_n \\hat y(X_n)_c`.

Reading: as printed, one gradient-descent step of size lambda on Eq. (58).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs.report17._cross_entropy import symbolic_gradients, update_evidence
from spline_theory.testing.strategies import cross_entropy_template_instances


def derive():
    A, x, L, p = symbolic_gradients()
    lam = sp.Symbol("lambda", positive=True)
    return [Step(f"A_{c}{d} - lambda dL/dA_{c}{d} = A_{c}{d} - lambda x_{d} yhat_{c}", A[c, d] - lam * sp.Derivative(L, A[c, d]), A[c, d] - lam * x[d] * p[c]) for c in (1, 2) for d in range(2)]


def check(xp, inst):
    return update_evidence(xp, inst, "wrong")


CLAIM = register(
    Claim(
        id="report17.eq62",
        title="A gradient step moves each wrong class's template by -lambda X yhat_c",
        where="report17, Sec. 4.2.1, Eq. (62)",
        statement=r"A_c^{(t+1)} = A_c^{(t)} - \lambda X_n \hat{y}(X_n)_c,\ \forall c \neq Y_n",
        assumptions=(r"\text{one step of gradient descent on Eq. (58), learning rate } \lambda > 0",),
        check=check,
        cases=cross_entropy_template_instances(),
        arrays=("A", "x", "b"),
        derive=derive,
        method="The printed update against A - lambda times central differences of Eq. (58) (float64); with b = 0, "
        "learning.template_update against the printed update.",
    )
)
