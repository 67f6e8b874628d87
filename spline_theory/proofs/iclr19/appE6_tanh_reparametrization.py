"""iclr19 App. E.6 (footnote 3): tanh from the sigmoid soft layer by reparametrizing C, C_next, b_next (false as printed).

App. E.6: "the use of hyperbolic tangent requires to reparametrize the current
and following layer weights and biases ... as in :math:`C := 2C` and
:math:`C^{(\\ell+1)} := 2C^{(\\ell+1)}`, :math:`b^{(\\ell+1)} := b^{(\\ell+1)} - 1`".
Since :math:`\\tanh(u) = 2\\sigma(2u) - 1`, the current bias must be doubled
too and the next bias must lose :math:`C^{(\\ell+1)}\\mathbf 1` (the row sums),
not 1. Counterexample: one unit, C = 1, b = 0, C_next = 2, b_next = 0,
z = 0: the tanh network gives 0, the printed sigmoid network
:math:`4\\sigma(0) - 1 = 1`.

Reading: as printed: C := 2C, C_next := 2 C_next, b_next := b_next - C_next 1,
with b unchanged because the rule does not mention it (named); no other
hypothesis.
"""

import sympy as sp

from spline_theory.activations import sigmoid, tanh_reparametrization
from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import dense
from spline_theory.testing.strategies import tanh_network_instances


def derive():
    half = sp.Rational(1, 2)
    tanh_net = 2 * sp.tanh(0) + 0
    printed = 2 * 2 * half - 1  # 2 C_next sigma(2 C z + b) + b_next - 1 at C = 1, b = 0, C_next = 2, b_next = 0, z = 0
    return [Step("C = 1, b = 0, C_next = 2, b_next = 0, z = 0: tanh network 2 tanh(0) = 0, printed sigmoid network 4 sigma(0) - 1 = 1", tanh_net, printed, "!=")]


def check(xp, inst):
    C, b, Cn, bn, x = inst["C"], inst["b"], inst["C_next"], inst["b_next"], inst["x"]
    tanh_net = dense(xp.tanh(dense(x, C, b)), Cn, bn)
    Cs, bs, Cns, bns = tanh_reparametrization(C, b, Cn, bn, rule="printed")
    sig_net = dense(sigmoid(dense(x, Cs, bs)), Cns, bns)
    scale = 1.0 + 2.0 * xp.sum(xp.abs(Cn), axis=1) + xp.abs(bn)
    return close(xp, sig_net, tanh_net, relation="2C_next sigma(2C z + b) + b_next - 1 == C_next tanh(C z + b) + b_next", scale=scale)


CLAIM = register(
    Claim(
        id="iclr19.appE6.tanh",
        title="tanh layers are sigmoid soft layers after C := 2C, C_next := 2C_next, b_next := b_next - 1 (as printed)",
        where="iclr19, App. E.6 (last paragraph) and footnote 3 of Sec. 3.5",
        statement=r"C^{(\ell)} := 2C^{(\ell)},\ C^{(\ell+1)} := 2C^{(\ell+1)},\ b^{(\ell+1)} := b^{(\ell+1)} - 1 \text{ turn the sigmoid network into the tanh network}",
        assumptions=(r"b^{(\ell)} \text{ unchanged (the rule does not mention it)}",),
        check=check,
        cases=tanh_network_instances(),
        arrays=("C", "b", "C_next", "b_next", "x"),
        derive=derive,
        expected="fails",
        kind="missing-hypothesis",
        counterexample={"C": [[1.0]], "b": [0.0], "C_next": [[2.0]], "b_next": [0.0], "x": [[0.0]]},
        method="operators.dense of tanh against the sigmoid network (activations.sigmoid) with the parameters of "
        "activations.tanh_reparametrization(rule='printed').",
        notes="Holds only when b = 0 and every row of C_next sums to 1. See iclr19.appE6.tanh-corrected.",
    )
)
