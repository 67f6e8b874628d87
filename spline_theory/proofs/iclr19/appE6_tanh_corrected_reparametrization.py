"""iclr19 App. E.6, corrected: tanh layers are sigmoid layers with C := 2C, b := 2b, C_next := 2C_next, b_next := b_next - C_next 1.

From :math:`\\tanh(u) = 2\\sigma(2u) - 1`:
:math:`C_{n}\\tanh(Cz + b) + b_{n} = 2C_{n}\\,\\sigma(2Cz + 2b) + b_{n} - C_{n}\\mathbf 1`.

Reading: the correction: the rule that tanh(u) = 2 sigma(2u) - 1 gives (C :=
2C, b := 2b, C_next := 2 C_next, b_next := b_next - C_next 1); tanh networks
drawn.
"""

import sympy as sp

from spline_theory.activations import sigmoid, tanh_reparametrization
from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import dense
from spline_theory.testing.strategies import tanh_network_instances


def derive():
    u, c, d = sp.symbols("u c d", real=True)
    def sig(v):
        return 1 / (1 + sp.exp(-v))

    return [
        Step("tanh(u) = 2 sigma(2u) - 1", sp.tanh(u).rewrite(sp.exp), 2 * sig(2 * u) - 1),
        Step("c tanh(u) + d = 2c sigma(2u) + (d - c)", c * sp.tanh(u).rewrite(sp.exp) + d, 2 * c * sig(2 * u) + (d - c)),
    ]


def check(xp, inst):
    C, b, Cn, bn, x = inst["C"], inst["b"], inst["C_next"], inst["b_next"], inst["x"]
    tanh_net = dense(xp.tanh(dense(x, C, b)), Cn, bn)
    Cs, bs, Cns, bns = tanh_reparametrization(C, b, Cn, bn, rule="corrected")
    sig_net = dense(sigmoid(dense(x, Cs, bs)), Cns, bns)
    scale = 1.0 + 2.0 * xp.sum(xp.abs(Cn), axis=1) + xp.abs(bn)
    return close(xp, sig_net, tanh_net, relation="2C_next sigma(2C z + 2b) + b_next - C_next 1 == C_next tanh(C z + b) + b_next", scale=scale)


CLAIM = register(
    Claim(
        id="iclr19.appE6.tanh-corrected",
        title="tanh layers are sigmoid soft layers after C := 2C, b := 2b, C_next := 2C_next, b_next := b_next - C_next 1",
        where="iclr19, App. E.6 (last paragraph), corrected",
        statement=r"C_{n}\tanh(Cz + b) + b_{n} = 2C_{n}\,\sigma(2Cz + 2b) + b_{n} - C_{n}\mathbf 1",
        check=check,
        cases=tanh_network_instances(),
        arrays=("C", "b", "C_next", "b_next", "x"),
        derive=derive,
        corrects="iclr19.appE6.tanh",
        method="operators.dense of tanh against the sigmoid network (activations.sigmoid) with the parameters of "
        "activations.tanh_reparametrization(rule='corrected').",
    )
)
