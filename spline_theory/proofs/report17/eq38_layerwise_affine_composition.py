"""report17 Sec. 3.3.1, Eq. (38)-(39): with every layer an affine spline operator
:math:`z^{(\\ell)} = A^{(\\ell)}_{\\theta}z^{(\\ell-1)} + b^{(\\ell)}_{\\theta}`, the output is
:math:`W^{(L)}\\big(\\prod_{\\ell=L-1}^{1}A_\\theta^{(\\ell)}\\big)x + W^{(L)}\\sum_{\\ell=1}^{L-1}\\big(\\prod_{j=L-1}^{\\ell+1}A_\\theta^{(j)}\\big)b_\\theta^{(\\ell)} + b^{(L)}`.

The check uses the per-operator affine maps of ``Network.layer_factors``
(any of the library's layers: convolutions, BatchNorm, leaky ReLU of any
slope, max and average pooling, maxout, residual blocks, RNNs) multiplied out
by ``compose_factors``; the last factor is :math:`(W^{(L)}, b^{(L)})`.

Reading: as printed, every layer an affine spline operator (Sec. 3.2); any
network of the library's layers.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.network import compose_factors
from spline_theory.proofs.icml18._networks import matvec, net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    factors = net.layer_factors(x)
    A, b = compose_factors(factors)
    return close(xp, matvec(A, x) + b, net.forward(x), relation="W^(L)(prod A_theta) x + W^(L) sum (prod A_theta) b_theta + b^(L) == z^(L)(x)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.eq38",
        title="The output of a network of affine spline layers is the product of the layer slopes plus the propagated biases",
        where="report17, Sec. 3.3.1, Eq. (38)-(39)",
        statement=r"z^{(L)}(x) = W^{(L)}\Big(\prod_{\ell=L-1}^{1}A_{\theta^{(\ell)}}^{(\ell)}\Big)x + W^{(L)}\sum_{\ell=1}^{L-1}\Big(\prod_{j=L-1}^{\ell+1}A_{\theta^{(j)}}^{(j)}\Big)b_{\theta^{(\ell)}}^{(\ell)} + b^{(L)}",
        check=check,
        cases=network_instances(),
        arrays=("x",),
        per_input="x",
        method="Per-operator affine maps (Network.layer_factors) multiplied out as in Eq. (38) (compose_factors), against the forward pass.",
    )
)
