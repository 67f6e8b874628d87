"""report17 Thm. 8 corrected: without biases, the optimal templates under :math:`\\sum_c \\|A_c\\|^2 \\le K`
reconstruct :math:`K X_n` -- exact reconstruction for the budget K = 1, reconstruction up to the scale K otherwise.

Reading: the correction: the reconstruction is K X_n, with the optimal
templates of report17.thm7-corrected, no bias (A^T b = 0), ||X_n|| = 1.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.inversion import template_inverse
from spline_theory.learning import optimal_templates
from spline_theory.testing.strategies import template_instances

C_, K_ = sp.symbols("C K", positive=True)


def derive():
    p, q = sp.sqrt((C_ - 1) * K_ / C_), sp.sqrt(K_ / (C_ * (C_ - 1)))
    return [Step("p^2 + (C-1) q^2 = K: sum_c <A_c, X> A_c = (p^2 + (C-1) q^2) ||X||^2 X", p**2 + (C_ - 1) * q**2, K_)]


def check(xp, inst):
    x = inst["x"]
    K = inst["alpha"]
    A = optimal_templates(x, inst["y"], inst["C"], K, constraint="sum_squared_norms")
    return close(xp, template_inverse(A, x), K * x, relation="sum_c <A*_c, X> A*_c == K X", scale=K)


CLAIM = register(
    Claim(
        id="report17.thm8-corrected",
        title="Optimal templates (no bias) reconstruct K X_n: exact for the budget K = 1",
        where="report17, Sec. 5.1.1, Thm. 8",
        statement=r"\sum_{c=1}^C \langle A^*[X_n]_c, X_n\rangle A^*[X_n]_c = K X_n",
        assumptions=(r"A[X_n]^T b[X_n] = 0", r"\|X_n\| = 1", r"A^* \text{ optimal under } \sum_c \|A[X_n]_c\|^2 \le K"),
        check=check,
        cases=template_instances(),
        arrays=("x",),
        derive=derive,
        corrects="report17.thm8",
        method="inversion.template_inverse of learning.optimal_templates (budget K = alpha) against K X_n.",
    )
)
