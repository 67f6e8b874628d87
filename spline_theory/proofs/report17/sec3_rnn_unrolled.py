"""report17 Sec. 3.3.4, the time-unrolled one-layer RNN, first line as printed:
:math:`z^{(1,T)}_{RNN}(x) = \\sum_{t=T}^{1}\\big(\\prod_{k=T}^{t+1} A_\\sigma^{(1,k)}W_{rec}^{(1)}\\big)A_\\sigma^{(1,t)}\\big(W_{in}^{(1)}x^t + b_\\sigma^{(1,t)} + A_\\sigma^{(1,t)}b^{(1)}\\big)`.

Verdict: **fails**. Unrolling
:math:`z^{(t)} = A_\\sigma^{(t)}(W_{in}x^t + W_{rec}z^{(t-1)} + b) + b_\\sigma^{(t)}` gives
:math:`\\sum_t P_t\\,(A_\\sigma^{(t)}W_{in}x^t + A_\\sigma^{(t)}b + b_\\sigma^{(t)})` with
:math:`P_t = \\prod_{k=T}^{t+1}A_\\sigma^{(k)}W_{rec}`; the printed first line applies
:math:`A_\\sigma^{(t)}` twice to the bias (and once to :math:`b_\\sigma`). For ReLU
(:math:`A_\\sigma` a 0/1 diagonal, :math:`b_\\sigma = 0`) the two agree, for a leaky
ReLU they do not. Counterexample: one unit, T = 1, leaky slope 1/2, W_in = 1,
b = -2, x = 0: the RNN outputs -1, the printed line gives -1/2. The second printed line,
:math:`\\sum_t P_t A_\\sigma^{(t)}W_{in}x_t + \\sum_t P_t[b_\\sigma^{(t)} + A_\\sigma^{(t)}b]`, is right
(``report17.sec3.rnn_unrolled-corrected``).

Reading: the first printed line, ReLU or leaky ReLU with b_sigma = 0 (the
activations of the section); no other hypothesis.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.proofs.icml18._networks import net_and_x, require_layers
from spline_theory.testing.strategies import rnn_instances


def derive():
    a, b = sp.Rational(1, 2), sp.Integer(-2)  # leaky slope on the negative pre-activation b = -2
    return [Step("T = 1, x = 0: A_sigma b (the RNN) differs from A_sigma (A_sigma b) (printed)", a * b, a * (a * b), relation="!=")]


def unrolled(xp, net, x, *, printed):
    """The unrolled sum with the slopes A_sigma^(t) the library reports (RNN as the only layer)."""
    require_layers(net, "one ReLU RNN layer (report17 Sec. 3.3.4, the time-unrolled z^(1,T))", ("ReLURNN",))
    rnn = net.layers[0]
    D = rnn.step_slopes(x)
    Dx = rnn.W_x.shape[1]
    z = None
    for t in range(rnn.T):
        x_t = x[:, t * Dx : (t + 1) * Dx]
        drive = x_t @ xp.matrix_transpose(rnn.W_x)
        bias = D[t] * rnn.b if printed else rnn.b
        term = D[t] * (drive + bias)
        z = term if z is None else D[t] * (z @ xp.matrix_transpose(rnn.W_h)) + term  # P_t accumulates A_sigma^(k) W_rec
    return z


def check(xp, inst):
    net, x = net_and_x(inst)
    return close(xp, unrolled(xp, net, x, printed=True), net.forward(x),
                 relation="sum_t (prod_k A_sigma W_rec) A_sigma (W_in x^t + A_sigma b) == z_RNN^(1,T)(x) (printed first line)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.sec3.rnn_unrolled",
        title="The time-unrolled RNN formula, first line as printed (activation slope applied twice to the bias)",
        where="report17, Sec. 3.3.4 'Deep Recurrent Networks', time-unrolled z^(1,T), first line",
        statement=r"z_{RNN}^{(1,T)}(x) = \sum_{t=T}^{1}\Big(\prod_{k=T}^{t+1}A_\sigma^{(1,k)}W_{rec}^{(1)}\Big)A_\sigma^{(1,t)}\big(W_{in}^{(1)}x^t + b_\sigma^{(1,t)} + A_\sigma^{(1,t)}b^{(1)}\big)",
        assumptions=(r"\sigma \in \{\text{ReLU}, \text{leaky ReLU}\},\ b_\sigma = 0",),
        check=check,
        cases=rnn_instances(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="typo",
        derive=derive,
        counterexample={"net": {"input_shape": [1, 1], "layers": [{"type": "ReLURNN", "W_x": [[1.0]], "W_h": [[0.0]], "b": [-2.0], "T": 1, "eta": 0.5}]}, "x": [[0.0]]},
        method="The per-step slopes A_sigma^(t) of the library's RNN (ReLURNN.step_slopes) plugged into the printed sum, against the forward pass.",
        notes="Holds for ReLU; fails for leaky ReLU. The second printed line is right: report17.sec3.rnn_unrolled-corrected.",
    )
)
