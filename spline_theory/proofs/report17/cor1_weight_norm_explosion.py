"""report17 Sec. 4.3.2, Cor. 1: "Adversarial examples are caused by an 'explosion' of the weight norms coupled with
very high-dimensional mappings" -- where checkable.

Checked (the weight-norm part): scaling every weight matrix of a bias-free
ReLU / leaky-ReLU / absolute-value network by s scales the network's Jacobian
(its sensitivity :math:`df/dx = A[x]`) and the Lipschitz bound of Eq. (72) by
:math:`s^M`, M the number of weight layers: the bound, and the sensitivity it
controls, grow geometrically with the weight norms. Holds (positive
homogeneity of the activations; the SymPy step).

Not checkable: the causal claim, and the dimension part. The dimension enters
only through the printed activation constant :math:`D^2` of Eq. (70), which is
not a Lipschitz constant of the activation (report17.eq70 fails; the true
constant, report17.eq70-corrected, is 1 whatever the width), so width alone
does not raise the bound.

Reading: only the checkable part of a causal sentence: the sensitivity A[x] and
the bound of Eq. (72) grow as s^M when the M weight matrices are scaled by s;
added hypothesis, named: no biases and positively homogeneous activations (with
biases the scaling is not homogeneous); 'caused by' and the dimension part are
not checked.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.lipschitz import composition_lipschitz, scale_weights
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import bias_free_network_instances


def derive():
    s = sp.Symbol("s", positive=True)
    v, eta = sp.symbols("v eta", real=True)
    leaky = lambda u: ((1 + eta) * u + (1 - eta) * sp.Abs(u)) / 2  # noqa: E731 (max(eta u, u) for eta <= 1; eta = 0: ReLU, eta = -1: |u|)
    return [
        Step("positive homogeneity of max(eta v, v) = ((1 + eta) v + (1 - eta)|v|)/2: sigma(s v) = s sigma(v) for s > 0", leaky(s * v), s * leaky(v)),
        Step("so each weight layer contributes a factor s to f and to df/dx: f_s(x) = s^M f(x) for M = 2 layers", s * leaky(s * v), s**2 * leaky(v)),
    ]


def check(xp, inst):
    net, x = net_and_x(inst)
    s = inst["s"]
    scaled = scale_weights(net, s)
    M = sum(1 for lay in net.layers if type(lay).__name__ in ("Dense", "Conv2d"))
    J, Js = net.jacobian(x), scaled.jacobian(x)
    factor = s**M
    return [
        close(xp, Js, factor * J, relation="df_s/dx == s^M df/dx (the sensitivity scales with the weights)", scale=factor * (xp.max(xp.abs(J)) + 1e-30)),
        close(xp, xp.asarray(composition_lipschitz(scaled, squared=False), dtype=x.dtype), xp.asarray(factor * composition_lipschitz(net, squared=False), dtype=x.dtype),
              relation="sqrt(K_72) of the scaled network == s^M sqrt(K_72)"),
    ]


CLAIM = register(
    Claim(
        id="report17.cor1",
        title="The sensitivity and the Lipschitz bound of a network grow as s^M when its M weight matrices are scaled by s (the weight-norm part of Cor. 1)",
        where="report17, Sec. 4.3.2, Cor. 1, with Eq. (72)",
        statement=r"W^{(\ell)} \to s W^{(\ell)}\ (\ell = 1..M):\quad \frac{df_s}{dx} = s^M \frac{df}{dx},\quad \sqrt{K_s} = s^M \sqrt{K}",
        assumptions=(r"\text{no biases}", r"\text{positively homogeneous activations (ReLU, leaky ReLU, absolute value)}", r"s > 0"),
        check=check,
        cases=bias_free_network_instances(),
        arrays=("x",),
        per_input="x",
        derive=derive,
        method="lipschitz.scale_weights; Network.jacobian and lipschitz.composition_lipschitz of the scaled and the original network.",
        notes="The 'very high-dimensional mappings' part rests on the printed D^2 of Eq. (70) (report17.eq70, fails); not encoded.",
    )
)
