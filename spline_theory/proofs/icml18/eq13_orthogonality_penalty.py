"""icml18 Eq. (13): the orthogonality penalty on the last layer vanishes exactly for orthogonal rows; its gradient.

icml18 Sec. 6 adds to the cross-entropy
:math:`\\lambda \\sum_{c_1 \\ne c_2} |\\langle [W^{(L)}]_{c_1,\\cdot}, [W^{(L)}]_{c_2,\\cdot}\\rangle|^2`,
which "penalizes non-zero off-diagonal entries in the matrix
:math:`W^{(L)} (W^{(L)})^\\top`". Checked: the penalty is >= 0, is 4-homogeneous,
is 0 after Gram-Schmidt orthogonalization of the rows (and only for orthogonal
rows: it equals the squared off-diagonal mass of the Gram matrix), and its
gradient (used by back-propagation) matches the derivative of the penalty
along a direction V. The penalty is a quartic polynomial, so the Richardson
combination of two central differences, :math:`(4 D(h/2) - D(h))/3`, is
its exact directional derivative up to round-off.

Reading: the penalty of Eq. (13) as printed, lambda > 0: zero exactly for
orthogonal rows, non-negative, and its gradient. The accuracy gains of Fig. 3
are an experiment and are not checked.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, leq, register
from spline_theory.factorial import gram_schmidt
from spline_theory.learning import last_layer_orthogonality_penalty, last_layer_orthogonality_penalty_grad
from spline_theory.testing.strategies import last_layer_penalty_instances


def derive():
    w11, w12, w21, w22, h, v11, v12, v21, v22, lam = sp.symbols("w11 w12 w21 w22 h v11 v12 v21 v22 lambda", real=True)
    W = sp.Matrix([[w11, w12], [w21, w22]])
    V = sp.Matrix([[v11, v12], [v21, v22]])
    pen = lambda M: lam * 2 * (M[0, :].dot(M[1, :])) ** 2  # noqa: E731  C = 2: both ordered pairs
    D = lambda t: (pen(W + t * V) - pen(W - t * V)) / (2 * t)  # noqa: E731
    grad = sp.Matrix(2, 2, lambda i, j: sp.diff(pen(W), W[i, j]))
    dgrad = sp.Matrix(1, 2, lambda i, j: sp.Derivative(pen(W), W[0, j]))  # the first row, unevaluated
    return [
        Step("Richardson's combination of central differences is the exact directional derivative of the quartic penalty", (4 * D(h / 2) - D(h)) / 3, sum(grad[i, j] * V[i, j] for i in range(2) for j in range(2))),
        Step("the gradient is 4 lambda sum_{c != a} <W_a, W_c> W_c (C = 2)", dgrad, 4 * lam * W[0, :].dot(W[1, :]) * W[1, :]),
    ]


def check(xp, inst):
    W, V, lam = inst["W"], inst["V"], inst["lam"]
    P = last_layer_orthogonality_penalty(W, lam)
    G = W @ xp.matrix_transpose(W)
    mag = lam * xp.sum(G * G)
    Q = gram_schmidt(W)
    h = 1e-2 if W.dtype == xp.float64 else 1e-1
    pen = lambda M: last_layer_orthogonality_penalty(M, lam)  # noqa: E731
    D = lambda t: (pen(W + t * V) - pen(W - t * V)) / (2 * t)  # noqa: E731
    rich = (4 * D(h / 2) - D(h)) / 3
    g = last_layer_orthogonality_penalty_grad(W, lam)
    vmag = lam * xp.sum((xp.abs(W) + h * xp.abs(V)) @ xp.matrix_transpose(xp.abs(W) + h * xp.abs(V))) ** 2
    return [
        leq(xp, xp.asarray(0.0, dtype=W.dtype), P, relation="penalty >= 0"),
        close(xp, last_layer_orthogonality_penalty(2 * W, lam), 16 * P, relation="penalty(2 W) == 16 penalty(W) (4-homogeneous)", scale=16 * mag),
        close(xp, pen(Q), xp.asarray(0.0, dtype=W.dtype), relation="penalty(Gram-Schmidt(W)) == 0 (orthogonal rows)", scale=lam * xp.asarray(float(Q.shape[0]) ** 2, dtype=W.dtype)),
        close(xp, xp.sum(g * V), rich, relation="<grad penalty, V> == exact directional derivative (Richardson)", scale=vmag / h),
    ]


CLAIM = register(
    Claim(
        id="icml18.eq13",
        title="The last-layer orthogonality penalty is zero exactly for orthogonal rows; its gradient drives back-propagation",
        where="icml18, Sec. 6, Eq. (13)",
        statement=r"\mathcal L_{CE} + \lambda \sum_{c_1 \neq c_2} \big|\langle [W^{(L)}]_{c_1,\cdot}, [W^{(L)}]_{c_2,\cdot}\rangle\big|^2",
        assumptions=(r"\lambda > 0",),
        check=check,
        cases=last_layer_penalty_instances(),
        arrays=("W", "V"),
        derive=derive,
        method="learning.last_layer_orthogonality_penalty: non-negative, 4-homogeneous, zero on rows orthogonalized by factorial.gram_schmidt; "
        "its gradient against the exact directional derivative (Richardson extrapolation of central differences, exact for a quartic).",
    )
)
