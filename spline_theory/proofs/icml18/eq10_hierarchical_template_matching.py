"""icml18 Eq. (10): a network computes a hierarchical, greedy template matching.

:math:`z^{(L)}(x) = W^{(L)}\\max_{r^{(L-1)}}\\big(A^{(L-1)}_{r^{(L-1)}}\\cdots\\max_{r^{(1)}}(A^{(1)}_{r^{(1)}}x + B^{(1)}_{r^{(1)}})\\cdots + B^{(L-1)}_{r^{(L-1)}}\\big) + b_W^{(L)}`:
each layer maximizes over its own regions given the output of the previous
one. The check evaluates the layer MASOs of Prop. 4 one after the other
(each a maximum over regions) and compares with the forward pass.

Reading: as printed; each maximum is per output unit of the layer's MASO (Eq.
(5)); layers are the MASOs of Prop. 4 (dense, convolution, maxout, BatchNorm
and pooling layers with ReLU, absolute value or leaky ReLU with eta <= 1, where
the library's leaky ReLU, t for t > 0 and eta t otherwise, is icml18's max(eta
t, t)).
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    z = x
    for g in range(len(net.groups())):
        z = net.group_maso(g)(z)
    return close(xp, z, net.forward(x), relation="W^(L) max_r(A_r ... max_r(A_r x + B_r) ...) + b_W == z^(L)(x)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="icml18.eq10",
        title="A network computes a hierarchical greedy template matching, one maximum per layer",
        where="icml18, Sec. 5.1, Eq. (10)",
        statement=r"z^{(L)}(x) = W^{(L)}\max_{r^{(L-1)}}\Big(A^{(L-1)}_{r^{(L-1)}}\cdots\max_{r^{(1)}}\big(A^{(1)}_{r^{(1)}}x + B^{(1)}_{r^{(1)}}\big) + B^{(2)}_{r^{(2)}}\cdots + B^{(L-1)}_{r^{(L-1)}}\Big) + b_W^{(L)}",
        assumptions=(r"\text{layers are MASOs (Prop. 4)}",),
        check=check,
        cases=network_instances(kinds=("mlp", "cnn", "maxout", "bn_pool"), max_eta=1.0),
        arrays=("x",),
        per_input="x",
        method="The layer MASOs (Network.group_maso) evaluated in sequence, each a maximum over its regions, against the forward pass.",
    )
)
