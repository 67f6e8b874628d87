"""report17 Thm. 8, as printed: without biases, the optimal templates of Thm. 7 reconstruct the input exactly,
:math:`\\sum_c \\langle A[X_n]_c, X_n\\rangle A[X_n]_c = X_n`.

The printed computation sums to :math:`(C-1)K\\frac{1}{C(C-1)} + K\\frac{C-1}{C} = K` times
:math:`\\|X_n\\|^2 X_n`, i.e. :math:`K X_n`: exact only for the budget K = 1. With the true optimum
under :math:`\\sum_c\\|A_c\\|^2 \\le K` (report17.thm7-corrected) the reconstruction is :math:`K X_n`
(and with the printed Thm. 7 templates it is :math:`(K/C + K^2(C-1)/C) X_n`, again exact only for K = 1).

Reading: as printed, with Thm. 7's optimum, no bias and ||X_n|| = 1 as the
theorem states; no other hypothesis.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.inversion import template_inverse
from spline_theory.learning import optimal_templates
from spline_theory.testing.strategies import template_instances

C_, K_ = sp.symbols("C K", positive=True)


def derive():
    total = (C_ - 1) * K_ / (C_ * (C_ - 1)) + K_ * (C_ - 1) / C_  # the printed sum's coefficient of ||X||^2 X
    return [
        Step("the printed coefficient simplifies to K", total, K_),
        Step("K X_n is not X_n for a budget K != 1 (K = 2)", total.subs(K_, 2), 1, relation="!="),
    ]


def check(xp, inst):
    x = inst["x"]
    A = optimal_templates(x, inst["y"], inst["C"], inst["alpha"], constraint="sum_squared_norms")
    return close(xp, template_inverse(A, x), x, relation="sum_c <A*_c, X> A*_c == X", scale=1.0)


CLAIM = register(
    Claim(
        id="report17.thm8",
        title="Optimal templates (no bias) reconstruct the input exactly",
        where="report17, Sec. 5.1.1, Thm. 8",
        statement=r"\sum_{c=1}^C \langle A^*[X_n]_c, X_n\rangle A^*[X_n]_c = X_n",
        assumptions=(r"A[X_n]^T b[X_n] = 0", r"\|X_n\| = 1", r"A^* \text{ optimal under } \sum_c \|A[X_n]_c\|^2 \le K"),
        check=check,
        cases=template_instances(),
        arrays=("x",),
        derive=derive,
        expected="fails",
        kind="error",
        counterexample={"x": [[1.0]], "y": [0], "C": 2, "alpha": 2.0},
        method="inversion.template_inverse of learning.optimal_templates (the optimum under the squared-norm budget K = alpha) "
        "against X_n; the derivation simplifies the printed sum.",
        notes="Counterexample: K = 2, C = 2, X = (1): the optimal templates are (1, -1) X and reconstruct 2 X. See report17.thm8-corrected.",
    )
)
