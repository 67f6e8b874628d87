"""report17 Sec. 3.3.4, Eq. (49) corrected: the output of a 3-layer stacked (bias-free) RNN is the sum over
every input-to-output path :math:`t \\le k_1 \\le \\dots \\le k_{3-1} \\le T` of
:math:`\\big(\\prod_{q=T}^{k_{3-1}+1} A_\\sigma^{(3,q)}W_{rec}^{(3)}\\big)A_\\sigma^{(3,k_{3-1})}W_{up}^{(3)}
\\cdots\\big(\\prod_{q=k_1}^{t+1} A_\\sigma^{(1,q)}W_{rec}^{(1)}\\big)A_\\sigma^{(1,t)}W_{in}^{(1)}x^t`:
in layer l a path collects the recurrent steps :math:`k_{l-1}+1, \\dots, k_l`.

Reading: as eq48-corrected, three layers.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.network import stacked_rnn_path_sum
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import stacked_rnn_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    return close(xp, stacked_rnn_path_sum(net, x), net.forward(x), relation="sum over paths (steps k_(l-1)+1..k_l in layer l) == z_RNN^(3,T)(x)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.eq49-corrected",
        title="The 3-layer stacked RNN is a sum over input-to-output paths of products of per-step slopes",
        where="report17, Sec. 3.3.4 'Deep Recurrent Networks', Eq. (49), index ranges corrected",
        statement=r"z_{RNN}^{(3,T)}(x) = \sum_{t \le k_1 \le k_2 \le T} \Big(\prod_{q=T}^{k_2+1} A_{\sigma}^{(3,q)} W_{rec}^{(3)} \Big) A_{\sigma}^{(3,k_2)} W_{up}^{(3)} \Big(\prod_{q=k_2}^{k_1+1} A_{\sigma}^{(2,q)} W_{rec}^{(2)} \Big) A_{\sigma}^{(2,k_1)} W_{up}^{(2)} \Big(\prod_{q=k_1}^{t+1} A_{\sigma}^{(1,q)} W_{rec}^{(1)} \Big) A_{\sigma}^{(1,t)} W_{in}^{(1)} x^t",
        assumptions=(r"b^{(\ell)} = 0,\ b_\sigma = 0,\ \sigma \in \{\text{ReLU}, \text{leaky ReLU}\},\ \text{layers }\ell > 1\text{ read only }z^{(\ell-1,t)}",),
        check=check,
        cases=stacked_rnn_instances(L=3),
        arrays=("x",),
        per_input="x",
        corrects="report17.eq49",
        method="The library's path sum (stacked_rnn_path_sum, exact time ranges) with the slopes A_sigma^(l,t)[x], against the forward pass of a stack of ReLURNN layers.",
    )
)
