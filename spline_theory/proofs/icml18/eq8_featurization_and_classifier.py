"""icml18 Eq. (8)-(9): a CNN is a linear classifier on the signal-dependent affine featurization.

:math:`z^{(L)}(x) = W^{(L)}(A_{CNN}[x]x + B_{CNN}[x]) + b_W^{(L)}` with
:math:`z^{(L-1)}(x) = A_{CNN}[x]x + B_{CNN}[x]` (Eq. (9)). The check takes
:math:`(A_{CNN}, B_{CNN})` as the affine map of the sub-network without the
final dense operator.

Reading: as printed; A_CNN[x], B_CNN[x] are the under-braced factors of Eq.
(7), i.e. the affine map of the network without its last dense operator; CNNs
and MLPs drawn.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.icml18._networks import matvec, net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    L = len(net.layers)
    head = net.subnetwork(0, L - 1)
    W, b_W = net.layers[-1].W, net.layers[-1].b
    A_cnn, B_cnn = head.affine_map(x)
    feat = matvec(A_cnn, x) + B_cnn
    return [
        close(xp, feat, net.feature_maps(x)[L - 1], relation="z^(L-1)(x) == A_CNN[x] x + B_CNN[x] (Eq. 9)", scale=head.term_magnitude(x)),
        close(xp, feat @ xp.matrix_transpose(W) + b_W, net.forward(x), relation="z^(L)(x) == W^(L)(A_CNN[x] x + B_CNN[x]) + b_W^(L) (Eq. 8)", scale=net.term_magnitude(x)),
    ]


CLAIM = register(
    Claim(
        id="icml18.eq8",
        title="A CNN output is a linear classifier applied to the signal-dependent affine features",
        where="icml18, Sec. 4.2, Eq. (8)-(9)",
        statement=r"z^{(L)}_{CNN}(x) = W^{(L)}\big(A_{CNN}[x]\,x + B_{CNN}[x]\big) + b_W^{(L)},\qquad z^{(L-1)}_{CNN}(x) = A_{CNN}[x]\,x + B_{CNN}[x]",
        assumptions=(r"\text{the last layer is the dense classifier } W^{(L)}, b_W^{(L)}",),
        check=check,
        cases=network_instances(kinds=("cnn", "mlp")),
        arrays=("x",),
        per_input="x",
        method="Affine map of the network without its last dense operator, checked against the penultimate feature map and, "
        "through W^(L) and b_W^(L), against the output.",
    )
)
