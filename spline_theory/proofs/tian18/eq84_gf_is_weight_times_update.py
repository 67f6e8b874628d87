"""tian18 Eq. (84) (App. 8.6.2): :math:`\\mathbb E_x[g_j f_j] = \\sum_{k} w_{jk}\\Delta w_{jk}` for a ReLU node.

Multiplying the forward equation :math:`f_j = f'_j\\sum_k w_{jk}f_k` (Eq. 16)
by the gated gradient :math:`g_j` and taking the expectation gives
:math:`\\mathbb E_x[g_j f_j] = \\sum_k w_{jk}\\mathbb E_x[f_k g_j] = \\sum_k w_{jk}\\Delta w_{jk}`
(the gate drops out because :math:`g_j = f'_j g_j` and :math:`f'^2_j = f'_j`).
Verdict: **holds**.

Reading: as printed, for a ReLU node (f_j = f'_j sum_k w_jk f_k, g_j gated by
f'_j in {0, 1}) and Delta w_jk = E_x[f_k g_j] (Eq. 17).
"""

from spline_theory.batchnorm import relu_layer_gradients
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import tian18_relu_layer_instances


def check(xp, inst):
    F_in, W, G_top = inst["F_in"], inst["W"], inst["G_top"]
    f, g, dW = relu_layer_gradients(F_in, W, G_top)
    N = F_in.shape[0]
    lhs = xp.sum(g * f, axis=0) / N
    rhs = xp.sum(W * dW, axis=1)
    # both sides sum N K products of size |w| |f_k| |g|
    scale = (xp.abs(G_top).T @ xp.abs(F_in) / N) @ xp.abs(W).T
    scale = xp.max(scale) + xp.zeros_like(rhs)
    return close(xp, lhs, rhs, relation="E_x[g_j f_j] == sum_k w_jk Delta w_jk", scale=scale)


CLAIM = register(
    Claim(
        id="tian18.eq84",
        title="E[g_j f_j] equals the inner product of the weight row with its update",
        where="tian18, App. 8.6.2, Eq. (84)",
        statement=r"\mathbb E_x[g_j f_j] = \mathbb E_x\Big[\sum_{k\in ch(j)} w_{jk} f_k g_j\Big] = \sum_{k\in ch(j)} w_{jk}\Delta w_{jk}",
        assumptions=(r"f_j = f'_j\sum_k w_{jk}f_k,\ g_j \text{ gated by } f'_j \in \{0, 1\} \text{ (Eq. 16)}", r"\Delta w_{jk} = \mathbb E_x[f_k g_j] \text{ (Eq. 17, batch mean)}"),
        check=check,
        cases=tian18_relu_layer_instances(),
        arrays=("F_in", "W", "G_top"),
        method="relu_layer_gradients gives f, the gated g and Delta W; the batch mean of g_j f_j is compared with sum_k w_jk Delta w_jk.",
    )
)
