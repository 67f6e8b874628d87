"""report17 Sec. 3.3.4, Eq. (49): the output of a 3-layer stacked RNN as a sum over input-to-output paths, as printed.

Verdict: **fails**. Besides the layer-1 range of Eq. (48), the layer-2 product runs :math:`q = k_1, \\dots, k_2-1` instead of :math:`k_1+1, \\dots, k_2`. With exact unrolling a path that enters layer 1 at time t and
moves up at :math:`k_1` collects :math:`\\prod_{q=k_1}^{t+1} A_\\sigma^{(1,q)}W_{rec}^{(1)}`
(each layer l: the steps :math:`k_{l-1}+1..k_l`). Counterexample: scalar layers, T = 2,
:math:`W_{rec}^{(1)} = 2`, every other recurrent weight 0, every :math:`W_{in}, W_{up} = 1`,
x = (1, 0): the network outputs 2, the printed sum gives 1. Corrected:
``report17.eq49-corrected``. Biases are zero and layers above the first read only the
layer below (no :math:`W_{in}^{(\\ell)}x^t`), as the printed formula assumes.

Reading: as printed, three-layer bias-free stacks; no other hypothesis.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.network import stacked_rnn_path_sum
from spline_theory.proofs.icml18._networks import net_and_x, require_layers
from spline_theory.proofs.report17._stacked_rnn import cex, derive_steps, printed_stay
from spline_theory.testing.strategies import stacked_rnn_instances


def derive():
    return derive_steps(3)


def check(xp, inst):
    net, x = net_and_x(inst)
    require_layers(net, "a stack of ReLU RNN layers (report17 Sec. 3.3.4: z^(l,t) read by layer l + 1)", ("ReLURNN",), at_least=1)
    printed = stacked_rnn_path_sum(net, x, stay=printed_stay(49, net.layers[0].T))
    return close(xp, printed, net.forward(x), relation="printed path sum of Eq. (49) == z_RNN^(3,T)(x)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.eq49",
        title="The 3-layer stacked RNN as a sum over paths, as printed (a recurrent step is missing from the layer-1 product)",
        where="report17, Sec. 3.3.4 'Deep Recurrent Networks', Eq. (49)",
        statement=r"z_{RNN}^{(3,T)}(x) = \sum_{t=1}^T \sum_{k_1=t}^T \sum_{k_2 \geq k_1}^T \Big(\prod_{q=T}^{k_2+1} A_{\sigma}^{(3,q)} W_{rec}^{(3)} \Big) A_{\sigma}^{(3,k_2)} W_{up}^{(3)} \Big(\prod_{q=k_1}^{k_2-1} A_{\sigma}^{(2,q)} W_{rec}^{(2)} \Big) A_{\sigma}^{(2,k_1)} W_{up}^{(2)} \Big(\prod_{q=t+1}^{k_1-1} A_{\sigma}^{(1,q)} W_{rec}^{(1)} \Big) A_{\sigma}^{(1,t)} W_{in}^{(1)} x^t",
        assumptions=(r"b^{(\ell)} = 0,\ b_\sigma = 0,\ \sigma \in \{\text{ReLU}, \text{leaky ReLU}\},\ \text{layers }\ell > 1\text{ read only }z^{(\ell-1,t)}",),
        check=check,
        cases=stacked_rnn_instances(L=3, etas=(0.0,), max_H=1, min_T=2, max_T=2, max_N=1, integers=True),  # scalar ReLU layers, T = 2, integer weights: the printed ranges already fail there
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="typo",
        derive=derive,
        counterexample=cex(3),
        method="The library's path sum (stacked_rnn_path_sum) with the printed time ranges and the slopes A_sigma^(l,t)[x] of the network, against the forward pass of a stack of ReLURNN layers.",
        notes="The printed ranges: layer 1: q = t+1..k_1-1; layer 2: q = k_1..k_2-1. The exact path sum is report17.eq49-corrected.",
    )
)
