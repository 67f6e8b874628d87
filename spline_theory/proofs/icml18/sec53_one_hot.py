"""icml18 Sec. 5.3 as printed: the memorized templates' "bimodal outputs force the softmax output to a Dirac
delta function (aka 1-hot representation) that peaks at the correct class".

Reading: at the optimum of Prop. 5's problem, :math:`\\operatorname{softmax}(A^\\star[x_n] x_n) = e_{y_n}`.

Verdict: **fails**. With a finite budget the outputs are bounded, and the
softmax of bounded outputs is never one-hot: at the optimum
:math:`\\hat y_{y} = 1/(1 + (C-1)e^{-(p+q)})` with :math:`p + q = \\sqrt{C\\alpha/(C-1)}`
(squared norms) or :math:`\\alpha` (norms). Counterexample: C = 2, alpha = 1,
x = 1, y = 0 (squared-norm budget): :math:`\\hat y = (0.804, 0.196)`. The
corrected statement is ``icml18.sec53.one_hot-corrected``: the softmax peaks
at the correct class, with the value above, and tends to the one-hot vector
only as the budget grows without bound.
"""

import sympy as sp

from spline_theory.activations import softmax
from spline_theory.claims import Claim, Step, close, register
from spline_theory.learning import optimal_templates
from spline_theory.testing.strategies import one_hot_instances


def derive():
    C, a = sp.symbols("C alpha", positive=True)
    s = sp.sqrt(C * a / (C - 1))
    yhat = 1 / (1 + (C - 1) * sp.exp(-s))
    return [Step("1 - yhat_y at the optimum, (C-1) e^{-sqrt(C alpha/(C-1))} / (1 + (C-1) e^{-sqrt(C alpha/(C-1))}), is not 0: the softmax is not one-hot", sp.simplify(1 - yhat), 0, relation="!=")]


def check(xp, inst):
    x, y, C = inst["x"], inst["y"], inst["C"]
    A = optimal_templates(x, y, C, inst["alpha"], constraint=inst["constraint"])
    p = softmax((A @ x[:, :, None])[..., 0], axis=1)
    onehot = xp.astype(xp.arange(C)[None, :] == int(y[0]), x.dtype)
    return close(xp, p, onehot, relation="softmax(A* x) == e_y (one-hot at the correct class)")


CLAIM = register(
    Claim(
        id="icml18.sec53.one_hot",
        title="At the optimum the softmax output is the one-hot vector of the correct class (as printed)",
        where="icml18, Sec. 5.3, after Prop. 5",
        statement=r"\|x_n\| = 1:\quad \operatorname{softmax}(A^\star[x_n]\, x_n) = e_{y_n}",
        assumptions=(r"z_c = \langle A[x_n]_{c,\cdot}, x_n\rangle \text{ (no bias)}", r"\text{a norm budget } \alpha < \infty \text{ (either reading)}"),
        check=check,
        cases=one_hot_instances(),
        arrays=("x",),
        derive=derive,
        expected="fails",
        kind="imprecise",
        counterexample={"x": [[1.0]], "y": [0], "C": 2, "alpha": 1.0, "constraint": "sum_squared_norms"},
        method="The softmax of the outputs of the optimal templates (learning.optimal_templates, whose optimality icml18.prop5-corrected checks) "
        "against the one-hot vector of the label.",
        notes="The one-hot vector is the limit of an unbounded budget; see icml18.sec53.one_hot-corrected.",
    )
)
