"""iclr19 Prop. 6: a fully-connected-pooling layer's MASO parameters give the softmax in the soft DN layer.

The layer :math:`\\max_c (Wz + b)_c` is a MASO with one unit and R = C
regions (slopes :math:`W_c`, offsets :math:`b_c`); its hard VQ selects the
arg-max class and its soft DN layer outputs the region probabilities
:math:`\\operatorname{softmax}(Wz+b)`.

Reading: as printed: the fully-connected-pooling layer as one unit with R = C
regions (slopes W_c, offsets b_c).
"""

import sympy as sp

from spline_theory.activations import fc_pooling_maso, soft_layer, softmax
from spline_theory.claims import Claim, Step, close, equal, register
from spline_theory.operators import dense
from spline_theory.proofs.iclr19._vq_common import tie_mask
from spline_theory.testing.strategies import classifier_instances
from spline_theory.vq import region_margin


def derive():
    u = sp.symbols("u_1:4", real=True)
    Z = sum(sp.exp(v) for v in u)
    return [Step("Eq. (6) for one unit with R = C = 3 pieces u_c: region probabilities sum to 1", sum(sp.exp(v) / Z for v in u), 1)]


def check(xp, inst):
    W, b, x = inst["W"], inst["b"], inst["x"]
    F = fc_pooling_maso(W, b)
    u = dense(x, W, b)
    out = [close(xp, soft_layer(F.A, F.B, x)[:, 0, :], softmax(u), relation="soft DN layer of the FC-pooling MASO == softmax(W z + b)", scale=1.0)]
    keep = ~tie_mask(xp, region_margin(F.A, F.B, x), F.pre_activations(x))[:, 0]  # classes tied within round-off
    if bool(xp.any(keep)):
        out.append(equal(xp, F.region_codes(x)[:, 0][keep], xp.argmax(u, axis=1)[keep], relation="hard VQ of the FC-pooling MASO == arg-max class"))
    return out


CLAIM = register(
    Claim(
        id="iclr19.prop6",
        title="A fully-connected-pooling layer's MASO parameters induce the softmax in the soft DN layer",
        where="iclr19, Sec. 3.5, Prop. 6; proof App. E.6",
        statement=r"[z^{(L)}]_c = p(t = c \mid z^{(L-1)}) = \frac{e^{\langle W_c, z\rangle + b_c}}{\sum_{c'}e^{\langle W_{c'}, z\rangle + b_{c'}}}",
        assumptions=(r"K = 1 \text{ unit with } R = C \text{ regions: } [A]_{1,c,\cdot} = W_c,\ [B]_{1,c} = b_c",),
        check=check,
        cases=classifier_instances(),
        arrays=("W", "b", "x"),
        derive=derive,
        method="activations.soft_layer of activations.fc_pooling_maso against activations.softmax of operators.dense; "
        "its region codes against the arg-max class.",
    )
)
