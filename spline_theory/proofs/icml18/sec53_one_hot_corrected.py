"""icml18 Sec. 5.3 corrected: at the optimum the softmax peaks at the correct class with
:math:`\\hat y_y = 1/(1 + (C-1)e^{-(p+q)})`, strictly below 1, and tends to the one-hot vector as the budget grows.

:math:`p + q = \\sqrt{C\\alpha/(C-1)}` under the sum of squared norms (Eq. 12:
:math:`\\sqrt{(C-1)\\alpha/C} + \\sqrt{\\alpha/(C(C-1))}`), :math:`\\alpha` under the sum of
norms. The value is checked on the optimum SLSQP finds over all C x D entries,
not on the closed form.
"""

import sympy as sp

from spline_theory.activations import softmax
from spline_theory.claims import Claim, Step, close, equal, less, register
from spline_theory.learning import optimal_prediction
from spline_theory.proofs.icml18._memorization import rtol, solved
from spline_theory.testing.strategies import sec53_template_instances


def derive():
    m, a = sp.symbols("m alpha", positive=True)
    C = m + 1  # C >= 2 classes: C - 1 = m > 0
    p, q = sp.sqrt((C - 1) * a / C), sp.sqrt(a / (C * (C - 1)))
    return [
        Step("p + q of Eq. (12) is sqrt(C alpha / (C - 1))", sp.simplify(p + q), sp.sqrt(C * a / (C - 1))),
        Step("softmax at the optimum: e^p / (e^p + (C-1) e^{-q}) = 1 / (1 + (C-1) e^{-(p+q)})", sp.exp(p) / (sp.exp(p) + (C - 1) * sp.exp(-q)), 1 / (1 + (C - 1) * sp.exp(-(p + q)))),
        Step("and 1 - yhat_y -> 0 only as alpha -> oo", sp.limit((C - 1) * sp.exp(-sp.sqrt(C * a / (C - 1))), a, sp.oo), 0),
    ]


def check(xp, inst):
    x, y, C, alpha, cons = inst["x"], int(inst["y"][0]), inst["C"], inst["alpha"], inst["constraint"]
    p = softmax(solved(xp, inst) @ x[0, ...], axis=0)
    want = optimal_prediction(C, alpha, constraint=cons)
    return [
        equal(xp, xp.argmax(p), xp.asarray(y, dtype=xp.int64), relation="argmax softmax(A* x) == y (the peak is at the correct class)"),
        close(xp, p[y], xp.asarray(want, dtype=x.dtype), relation="softmax(A* x)_y == 1 / (1 + (C-1) e^{-(p+q)})", scale=1.0, rtol=rtol(x)),
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
        method="The softmax of the outputs of the SLSQP minimizer (learning.solve_optimal_templates) against learning.optimal_prediction, "
        "its arg-max against the label, and against the value at budget 4 alpha.",
    )
)
