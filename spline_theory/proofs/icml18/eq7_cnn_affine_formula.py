"""icml18 Eq. (7): the closed-form affine map of a CNN as a product of per-layer matrices.

:math:`z^{(L)}_{CNN}(x) = W^{(L)}\\big(\\prod_{\\ell=L-1}^{1} A_\\rho^{(\\ell)}[x] A_\\sigma^{(\\ell)}[x] C^{(\\ell)}\\big)x
+ W^{(L)}\\sum_{\\ell=1}^{L-1}\\big(\\prod_{j=L-1}^{\\ell+1} A_\\rho^{(j)}[x]A_\\sigma^{(j)}[x]C^{(j)}\\big)
A_\\rho^{(\\ell)}[x]A_\\sigma^{(\\ell)}[x] b_C^{(\\ell)} + b_W^{(L)}`.

``Network.layer_factors`` gives the explicit matrix and offset of every
operator at x (convolution matrix :math:`C`, bias :math:`b_C`, the diagonal
ReLU matrix :math:`A_\\sigma[x]`, the selection matrix :math:`A_\\rho[x]` of max
pooling, :math:`W^{(L)}`, :math:`b_W^{(L)}`); ``compose_factors`` multiplies
them as Eq. (7) does. The result must reproduce the forward pass and equal
the affine map computed by ``Network.affine_map``.

Reading: as printed: ReLU activations and max pooling (no bias in sigma or rho,
as Sec. 4.2 says), convolutions, then the dense classifier W^(L), b_W^(L); CNNs
drawn.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.network import compose_factors
from spline_theory.proofs.icml18._networks import matvec, net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    A, b = compose_factors(net.layer_factors(x))
    scale = net.term_magnitude(x)
    A_ref, b_ref = net.affine_map(x)
    return [
        close(xp, matvec(A, x) + b, net.forward(x), relation="A_CNN-form of Eq. (7) applied to x == z^(L)_CNN(x)", scale=scale),
        close(xp, A, A_ref, relation="prod of the layer matrices == A[x] (Network.affine_map)", scale=xp.max(xp.abs(A_ref)) + 1e-30),
        close(xp, b, b_ref, relation="sum of propagated biases == b[x] (Network.affine_map)", scale=scale),
    ]


CLAIM = register(
    Claim(
        id="icml18.eq7",
        title="The affine map of a CNN is the product of its per-layer signal-dependent matrices",
        where="icml18, Sec. 4.2, Eq. (7)",
        statement=r"z^{(L)}_{CNN}(x) = W^{(L)}\Big(\prod_{\ell=L-1}^{1} A_\rho^{(\ell)}[x]A_\sigma^{(\ell)}[x]C^{(\ell)}\Big)x + W^{(L)}\sum_{\ell=1}^{L-1}\Big(\prod_{j=L-1}^{\ell+1}A_\rho^{(j)}[x]A_\sigma^{(j)}[x]C^{(j)}\Big)\big(A_\rho^{(\ell)}[x]A_\sigma^{(\ell)}[x]b_C^{(\ell)}\big) + b_W^{(L)}",
        assumptions=(r"\text{ReLU activations and max pooling (no bias in } \sigma, \rho)",),
        check=check,
        cases=network_instances(kinds=("cnn",)),
        arrays=("x",),
        per_input="x",
        method="Explicit per-operator matrices and offsets at x multiplied out as in Eq. (7) (products from the last layer to "
        "the first, each bias carried by the product of the later layers); compared with the forward pass and with "
        "Network.affine_map.",
    )
)
