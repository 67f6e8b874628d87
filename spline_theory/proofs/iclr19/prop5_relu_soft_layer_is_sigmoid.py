"""iclr19 Prop. 5: the ReLU's MASO parameters give the sigmoid in the soft DN layer.

The soft DN layer outputs the VQ probability of the active region,
:math:`p([t]_k = \\text{active}\\mid z) = \\sigma(\\langle w_k, z\\rangle + b_k)`
(App. E.6 derives it from the Gaussians of model (3) with :math:`\\sigma^2 = 1`
and the prior of Thm. 2; SymPy redoes that derivation). The paper writes the
active region as :math:`[t]_k = 1`; the check picks the active region by its
slope, in both region orders.

Reading: as printed, with sigma^2 = 1, Thm. 2's prior, and the paper's [t]_k =
1 as the active region.
"""

import sympy as sp

from spline_theory.activations import relu_layer_maso, sigmoid, soft_layer
from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import dense
from spline_theory.testing.strategies import relu_layer_instances


def derive():
    w, z, b = sp.symbols("w z b", real=True)
    prior_on = sp.exp(w**2 / 2 + b) / (1 + sp.exp(w**2 / 2 + b))
    like_on = sp.exp(-((z - w) ** 2) / 2)
    like_off = sp.exp(-(z**2) / 2)
    post = like_on * prior_on / (like_on * prior_on + like_off * (1 - prior_on))
    return [Step("App. E.6: Bayes with N(z; w, 1), N(z; 0, 1) and the prior of Thm. 2 gives sigma(w z + b)", sp.simplify(sp.powsimp(sp.expand(post))), 1 / (1 + sp.exp(-(w * z + b))))]


def check(xp, inst):
    W, b, x = inst["W"], inst["b"], inst["x"]
    S = relu_layer_maso(W, b, active_first=inst["active_first"])
    active = 0 if inst["active_first"] else 1
    return close(xp, soft_layer(S.A, S.B, x)[..., active], sigmoid(dense(x, W, b)), relation="soft DN layer output p(active | z) == sigma(W z + b)", scale=1.0)


CLAIM = register(
    Claim(
        id="iclr19.prop5",
        title="The ReLU's MASO parameters induce the sigmoid activation in the soft DN layer",
        where="iclr19, Sec. 3.5, Prop. 5; proof App. E.6",
        statement=r"[z^{(\ell)}]_k = p([t]_k = \text{active} \mid z^{(\ell-1)}) = \sigma_{\mathrm{sig}}(\langle w_k, z^{(\ell-1)}\rangle + b_k)",
        assumptions=(r"\sigma^2 = 1,\ \pi \text{ of Thm. 2}", r"\text{the paper's } [t]_k = 1 \text{ is the active region}"),
        check=check,
        cases=relu_layer_instances(),
        arrays=("W", "b", "x"),
        derive=derive,
        method="activations.soft_layer (the soft-VQ matrix) of activations.relu_layer_maso, active region's column, "
        "against activations.sigmoid of operators.dense.",
    )
)
