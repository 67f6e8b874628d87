"""iclr19 Sec. 5: Gram-Schmidt reparametrization makes the filters truly orthogonal.

Sec. 5 reparametrizes the fully connected and convolution matrices "using the
Gram-Schmidt (GS) process ... so that they were truly orthogonal". Checked on
the library's GS (with reorthogonalization, Daniel et al. 1976): the output Q
has orthonormal rows, :math:`W = L Q` with L lower triangular (GS keeps the
nested row spans), and the slopes of any activation applied to :math:`Q z`
satisfy Eq. (11).

Reading: as printed: the Gram-Schmidt process makes the rows orthonormal; rows
linearly independent (the process is defined only then), K <= D.
"""

from spline_theory.claims import Claim, close, equal, register, undecided
from spline_theory.factorial import dense_activation_maso, gram_schmidt, is_orthogonal_slopes
from spline_theory.proofs.iclr19.eq11_orthogonal_rows_give_orthogonal_slopes import independent_rows
from spline_theory.testing.strategies import orthogonal_weight_instances


def check(xp, inst):
    W = inst["W"]
    try:
        Q = gram_schmidt(W)
    except ValueError as exc:
        return undecided("Gram-Schmidt of W", f"W has (numerically) dependent rows: {exc}")
    K = W.shape[0]
    eye = xp.eye(K, dtype=W.dtype)
    L = xp.matmul(W, xp.matrix_transpose(Q))
    upper = xp.triu(L, k=1)
    row_norm = xp.sqrt(xp.sum(W * W, axis=1))
    S = dense_activation_maso(Q, inst["b"], inst["slope_scales"])
    return [
        close(xp, xp.matmul(Q, xp.matrix_transpose(Q)), eye, relation="Q Q^T == I", scale=1.0),
        close(xp, upper, xp.zeros_like(upper), relation="L = W Q^T is lower triangular", scale=row_norm[:, None] + xp.zeros_like(upper)),
        close(xp, xp.matmul(L, Q), W, relation="L Q == W", scale=row_norm[:, None] + xp.zeros_like(W)),
        equal(xp, xp.asarray(is_orthogonal_slopes(S.A)), xp.asarray(True), relation="slopes of sigma(Q z + b) satisfy Eq. (11)"),
    ]


CLAIM = register(
    Claim(
        id="iclr19.sec5.gram_schmidt",
        title="Gram-Schmidt makes the rows of a weight matrix orthonormal with the same nested spans",
        where="iclr19, Sec. 5, the Gram-Schmidt reparametrization",
        statement=r"Q = \mathrm{GS}(W):\ Q Q^\top = I,\ W = L Q \text{ with } L \text{ lower triangular},\ \text{and the slopes of } \sigma(Q z + b) \text{ satisfy (11)}",
        assumptions=(r"W \in \mathbb R^{K \times D},\ K \le D,\ \text{rows linearly independent}",),
        check=check,
        cases=orthogonal_weight_instances().filter(independent_rows),
        arrays=("W", "b", "scales"),
        method="gram_schmidt on random W (dependent rows are undecided), then Q Q^T, the triangular factor W Q^T, "
        "its product with Q, and is_orthogonal_slopes on the MASO of the activation after Q.",
    )
)
