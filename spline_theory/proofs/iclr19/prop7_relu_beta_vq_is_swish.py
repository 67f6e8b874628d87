"""iclr19 Prop. 7: the ReLU's MASO parameters give swish under beta-VQ, with eta = beta/(1-beta).

The beta-VQ output of the pieces (u, 0) is
:math:`\\frac{e^{\\eta u}}{e^{\\eta u} + 1}u = \\sigma(\\eta u)\\,u`, the swish
:math:`\\sigma_{\\mathrm{swish}}(u) = \\sigma(\\eta u)u` with
:math:`\\eta = \\beta/(1-\\beta)`.

Reading: as printed, 0 < beta < 1 (eta = beta/(1 - beta) finite), ReLU layer in
either region order.
"""

import sympy as sp

from spline_theory.activations import relu_layer_maso, swish
from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import dense
from spline_theory.testing.strategies import relu_layer_instances
from spline_theory.vq import eta_from_beta


def derive():
    u = sp.Symbol("u", real=True)
    b = sp.Symbol("beta", positive=True)
    eta = b / (1 - b)
    out = sp.exp(eta * u) / (sp.exp(eta * u) + 1) * u
    return [Step("beta-VQ output of the pieces (u, 0) equals u sigma(eta u), eta = beta/(1 - beta)", out, u / (1 + sp.exp(-eta * u)))]


def check(xp, inst):
    W, b, x, beta = inst["W"], inst["b"], inst["x"], inst["beta"]
    S = relu_layer_maso(W, b, active_first=inst["active_first"])
    u = dense(x, W, b)
    return close(xp, S.beta_vq(x, beta), swish(u, eta_from_beta(beta)), relation="beta-VQ output of the ReLU MASO == u sigma(eta u), eta = beta/(1-beta)", scale=1.0 + xp.abs(u))


CLAIM = register(
    Claim(
        id="iclr19.prop7",
        title="The ReLU's MASO parameters induce swish under beta-VQ with eta = beta/(1-beta)",
        where="iclr19, Sec. 4, Prop. 7",
        statement=r"\sum_r [\hat T_\beta]_{k,r}\big(\langle [A]_{k,r,\cdot}, z\rangle + [B]_{k,r}\big) = \sigma_{\mathrm{sig}}(\eta_k u_k)\,u_k,\quad \eta_k = \frac{\beta_k}{1-\beta_k}",
        assumptions=(r"0 < \beta < 1", r"\text{ReLU layer (either region order)}"),
        check=check,
        cases=relu_layer_instances(),
        arrays=("W", "b", "x"),
        derive=derive,
        method="MASO.beta_vq of activations.relu_layer_maso against activations.swish of operators.dense with "
        "vq.eta_from_beta.",
    )
)
