"""iclr19 Prop. 3: the MASO parameters of a ReLU layer give the sigmoid-gated linear unit under soft VQ.

With :math:`u = \\langle w, z\\rangle + b`, the ReLU MASO has pieces u and 0;
its soft-VQ output (Eq. (2) with Eq. (6)) is
:math:`\\frac{e^u}{e^u + e^0}u + \\frac{e^0}{e^u+e^0}0 = \\sigma(u)\\,u`
(App. E.5, Eq. (20)). The region order does not matter (the soft VQ permutes
with the regions); the check uses both orders.

Reading: as printed, for a ReLU layer max(Wz + b, 0) in either region order.
"""

import sympy as sp

from spline_theory.activations import relu_layer_maso, silu
from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import dense
from spline_theory.testing.strategies import relu_layer_instances


def derive():
    u = sp.Symbol("u", real=True)
    soft = sp.exp(u) / (sp.exp(u) + 1) * u + 1 / (sp.exp(u) + 1) * 0
    return [Step("soft-VQ output of the pieces (u, 0) equals u sigma(u)", soft, u / (1 + sp.exp(-u)))]


def check(xp, inst):
    W, b, x = inst["W"], inst["b"], inst["x"]
    S = relu_layer_maso(W, b, active_first=inst["active_first"])
    u = dense(x, W, b)
    return close(xp, S.beta_vq(x, 0.5), silu(u), relation="soft-VQ output of the ReLU MASO == u sigma(u), u = W z + b", scale=1.0 + xp.abs(u))


CLAIM = register(
    Claim(
        id="iclr19.prop3",
        title="The ReLU's MASO parameters induce the sigmoid-gated linear unit (SiLU) under soft VQ",
        where="iclr19, Sec. 3.4, Prop. 3; proof App. E.5, Eq. (20)",
        statement=r"\sum_r [\hat T_S]_{k,r}\big(\langle [A]_{k,r,\cdot}, z\rangle + [B]_{k,r}\big) = \sigma(u_k)\,u_k,\quad u_k = \langle w_k, z\rangle + b_k,\ A, B \text{ of the ReLU layer}",
        assumptions=(r"\text{ReLU layer } \max(Wz + b, 0) \text{ (either region order)}",),
        check=check,
        cases=relu_layer_instances(),
        arrays=("W", "b", "x"),
        derive=derive,
        method="MASO.beta_vq at beta = 1/2 of activations.relu_layer_maso (both region orders) against activations.silu "
        "of operators.dense.",
    )
)
