"""report17 Sec. 4.3.1, before Prop. 2: "as the number of classes increase, the wrong class templates will be less and
less updated in the opposite direction of the input".

Reading: the gradient step of Eq. (61)-(62) with learning rate lambda moves the
wrong-class templates by :math:`\\lambda \\hat y_c \\|X_n\\|` each; their mean over the
C - 1 wrong classes is :math:`\\lambda (1 - \\hat y_{Y_n}) \\|X_n\\| / (C - 1) \\le \\lambda \\|X_n\\| / (C - 1)`,
a bound that falls as 1/(C - 1). Holds. Single classes can still move by up
to :math:`\\lambda \\|X_n\\|` (a confident wrong prediction), so it is the mean, not
each class, that shrinks with C.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, leq, register
from spline_theory.learning import template_update
from spline_theory.lipschitz import softmax
from spline_theory.testing.strategies import prop2_update_instances

LR = 0.5


def derive():
    lam, nx = sp.symbols("lambda norm_x", positive=True)
    p = sp.symbols("p0:3", positive=True)
    mean = sum(lam * p[c] * nx for c in (1, 2)) / 2  # C = 3, y = 0: the two wrong classes
    return [Step("C = 3, y = 0, p_0 + p_1 + p_2 = 1: the mean wrong-class step is lambda (1 - p_0) ||x|| / (C - 1)", mean.subs(p[2], 1 - p[0] - p[1]), lam * (1 - p[0]) * nx / 2)]


def _norm(xp, v, axis):
    """Euclidean norm along ``axis``, scaled by the largest entry first: squares of entries of size 1e-22 underflow in float32."""
    m = xp.max(xp.abs(v), axis=axis, keepdims=True)
    safe = xp.where(m > 0, m, xp.ones_like(m))
    return xp.sqrt(xp.sum((v / safe) ** 2, axis=axis)) * xp.squeeze(safe, axis=axis)


def check(xp, inst):
    A, x, y = inst["A"], inst["x"], inst["y"]
    N, C = x.shape[0], A.shape[0]
    step = template_update(A, x, y, LR) - A[None, ...]  # (N, C, D)
    size = _norm(xp, step, 2)  # (N, C)
    wrong = xp.astype(xp.asarray(y)[:, None] != xp.arange(C)[None, :], x.dtype)
    mean = xp.sum(size * wrong, axis=1) / (C - 1)
    nx = _norm(xp, x, 1)
    p_true = xp.sum(softmax(x @ A.T) * (1 - wrong), axis=1)
    scale = LR * nx + xp.max(xp.abs(A))  # the step is measured as A^(t+1) - A^(t): round-off of the size of A
    return [
        close(xp, mean, LR * (1 - p_true) * nx / (C - 1), relation="mean_{c != y} ||A_c^(t+1) - A_c^(t)|| == lambda (1 - yhat_y) ||x|| / (C - 1)", scale=scale),
        leq(xp, mean, LR * nx / (C - 1), relation="mean_{c != y} ||A_c^(t+1) - A_c^(t)|| <= lambda ||x|| / (C - 1)", scale=scale),
    ]


CLAIM = register(
    Claim(
        id="report17.sec431.wrong_class_updates",
        title="The mean step of the wrong-class templates is lambda (1 - yhat_y) ||x|| / (C - 1): it shrinks as the number of classes grows",
        where="report17, Sec. 4.3.1, before Prop. 2, with Eq. (61)-(62)",
        statement=r"\frac{1}{C-1}\sum_{c \ne Y_n} \|A_c^{(t+1)} - A_c^{(t)}\| = \frac{\lambda(1 - \hat y(X_n)_{Y_n})\|X_n\|}{C - 1} \le \frac{\lambda \|X_n\|}{C-1}",
        assumptions=(r"\text{one gradient step of Eq. (61)-(62), learning rate } \lambda", r"z = A X \text{ (no bias)}", r"\text{``less and less updated'' read for the mean over wrong classes}"),
        check=check,
        cases=prop2_update_instances(),
        arrays=("A", "x"),
        derive=derive,
        method="learning.template_update (lambda = 0.5): the mean norm of the wrong classes' steps against lambda (1 - yhat_y) ||x|| / (C - 1) and its bound.",
    )
)
