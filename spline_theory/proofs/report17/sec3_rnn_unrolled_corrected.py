"""report17 Sec. 3.3.4, the time-unrolled one-layer RNN as in its second printed line (the correct one):
:math:`z^{(1,T)}_{RNN}(x) = \\sum_{t=T}^{1}\\big(\\prod_{k=T}^{t+1} A_\\sigma^{(1,k)}W_{rec}^{(1)}\\big)A_\\sigma^{(1,t)}W_{in}^{(1)}x^t
+ \\sum_{t=T}^{1}\\big(\\prod_{k=T}^{t+1} A_\\sigma^{(1,k)}W_{rec}^{(1)}\\big)\\big[b_\\sigma^{(1,t)} + A_\\sigma^{(1,t)}b^{(1)}\\big]`,
for ReLU and leaky ReLU (:math:`b_\\sigma = 0`).

Reading: the second printed line, which is the correct unrolling; ReLU or leaky
ReLU, b_sigma = 0.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.report17.sec3_rnn_unrolled import unrolled
from spline_theory.testing.strategies import rnn_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    return close(xp, unrolled(xp, net, x, printed=False), net.forward(x),
                 relation="sum_t (prod_k A_sigma W_rec) A_sigma (W_in x^t + b) == z_RNN^(1,T)(x)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.sec3.rnn_unrolled-corrected",
        title="The time-unrolled RNN is a sum over time of products of per-step slopes",
        where="report17, Sec. 3.3.4 'Deep Recurrent Networks', time-unrolled z^(1,T), second line",
        statement=r"z_{RNN}^{(1,T)}(x) = \sum_{t=T}^{1}\Big(\prod_{k=T}^{t+1}A_\sigma^{(1,k)}W_{rec}^{(1)}\Big)A_\sigma^{(1,t)}W_{in}^{(1)}x^t + \sum_{t=T}^{1}\Big(\prod_{k=T}^{t+1}A_\sigma^{(1,k)}W_{rec}^{(1)}\Big)\big[b_\sigma^{(1,t)} + A_\sigma^{(1,t)}b^{(1)}\big]",
        assumptions=(r"\sigma \in \{\text{ReLU}, \text{leaky ReLU}\},\ b_\sigma = 0",),
        check=check,
        cases=rnn_instances(),
        arrays=("x",),
        per_input="x",
        corrects="report17.sec3.rnn_unrolled",
        method="The per-step slopes of the library's RNN (ReLURNN.step_slopes) in the unrolled sum, against the forward pass.",
    )
)
