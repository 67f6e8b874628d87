"""report17 Prop. 2 (Sec. 4.3.1): the updates of the wrong-class templates sum to the opposite of the correct class's update.

report17 writes the updates of Eq. (61)-(62) as
:math:`\\sum_{c \\ne Y_n} -X_n \\hat y(X_n)_c = -X_n (1 - \\hat y(X_n)_{Y_n})`,
the opposite of the correct class's :math:`X_n (1 - \\hat y(X_n)_{Y_n})`.

Reading: the displayed :math:`d\\hat y(X_n)_c / dX_n` is the report's notation
for the gradient step on the template :math:`A_c` (Eq. 61-62, the sentence
before the proposition speaks of "the updates"); as a derivative with respect
to the input it would not equal :math:`-X_n \\hat y_c`. Under that reading the
statement holds for any templates, input and label, because the softmax
probabilities sum to one.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.learning import cross_entropy_template_grad
from spline_theory.testing.strategies import prop2_update_instances


def derive():
    C = 3
    z = sp.symbols("z0:3", real=True)
    x = sp.Symbol("x", real=True)
    p = [sp.exp(zi) / sum(sp.exp(zj) for zj in z) for zi in z]
    upd = [-x * (p[c] - (1 if c == 0 else 0)) for c in range(C)]  # y = 0, unit learning rate
    return [
        Step("C = 3, y = 0: the wrong-class updates -x p_c sum to -x (1 - p_y)", upd[1] + upd[2], -x * (1 - p[0])),
        Step("which is the opposite of the correct class's update x (1 - p_y)", upd[1] + upd[2] + upd[0], 0),
    ]


def check(xp, inst):
    A, x, y = inst["A"], inst["x"], inst["y"]
    g = cross_entropy_template_grad(A, x, y)  # (N, C, D); the update is -lr * g
    labels = xp.asarray(y)
    mask = xp.astype(labels[:, None] == xp.arange(g.shape[1])[None, :], g.dtype)[:, :, None]
    correct = xp.sum(g * mask, axis=1)
    wrong = xp.sum(g * (1 - mask), axis=1)
    scale = xp.sum(xp.abs(g), axis=1)
    return close(xp, -wrong, correct, relation="sum_{c != y} update_c == -update_y", scale=scale)


CLAIM = register(
    Claim(
        id="report17.prop2",
        title="The wrong-class template updates sum to the opposite of the correct class's update",
        where="report17, Sec. 4.3.1, Prop. 2",
        statement=r"\sum_{c \neq Y_n} -X_n \hat y(X_n)_c = -X_n (1 - \hat y(X_n)_{Y_n}) = -\big(X_n (1 - \hat y(X_n)_{Y_n})\big)",
        assumptions=(r"\text{updates of the templates by the cross-entropy gradient (Eq. 61-62), no bias}", r"\hat y = \operatorname{softmax}(A X_n)"),
        check=check,
        cases=prop2_update_instances(),
        arrays=("A", "x"),
        derive=derive,
        method="learning.cross_entropy_template_grad for templates A (C, D), inputs x and labels y: the sum of the wrong-class "
        "gradients against minus the correct class's gradient, on the scale of the summed terms.",
        notes="The displayed derivative is read as the template update of Eq. (61)-(62), as the surrounding text says.",
    )
)
