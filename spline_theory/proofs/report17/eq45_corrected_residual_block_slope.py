"""report17 Sec. 3.3.3, Eq. (45)-(46), corrected: a pooled residual layer has slope
:math:`A_\\theta = A_\\rho(A_{\\sigma,in}C_{in} + C_{out})` and bias
:math:`b_\\theta = A_\\rho A_{\\sigma,in}b_{in} + A_\\rho b_{out}` (ReLU and max pooling: :math:`b_\\sigma = b_\\rho = 0`), as in the third line of Eq. (44).

Reading: the correction, following the third line of Eq. (44): A_rho multiplies
both paths; ReLU and max pooling (b_sigma = b_rho = 0, the operators Sec. 3.3.3
uses).
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.icml18._networks import matvec, net_and_x
from spline_theory.proofs.report17.eq45_residual_block_slope import parts
from spline_theory.testing.strategies import pooled_residual_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    A_rho, A_sigma_C_in, C_out = parts(xp, net, x)
    A_true, b_true = net.affine_map(x)
    res = net.layers[0]
    b_out = res.skip.matrix()[1]
    (_, b_res), _ = net.layer_factors(x)
    b_in_part = b_res - b_out  # A_sigma b_in
    A = A_rho @ (A_sigma_C_in + C_out[None, ...])
    b = matvec(A_rho, b_in_part + b_out[None, :])
    return [
        close(xp, A, A_true, relation="A_rho (A_sigma,in C_in + C_out) == slope of the residual layer", scale=xp.max(xp.abs(A_true)) + 1.0),
        close(xp, b, b_true, relation="A_rho A_sigma,in b_in + A_rho b_out == bias of the residual layer (Eq. 46)", scale=net.term_magnitude(x)),
        close(xp, matvec(A, x) + b, net.forward(x), relation="A_theta x + b_theta == z^(l)(x)", scale=net.term_magnitude(x)),
    ]


CLAIM = register(
    Claim(
        id="report17.eq45-corrected",
        title="A pooled residual layer has slope A_rho (A_sigma C_in + C_out) and bias A_rho (A_sigma b_in + b_out)",
        where="report17, Sec. 3.3.3 'Deep Residual Networks', Eq. (44)-(46) (corrected)",
        statement=r"A_{\theta^{(\ell)}}^{(\ell)} = A_\rho^{(\ell)}\big(A_{\sigma,in}^{(\ell)}C_{in}^{(\ell)} + C_{out}^{(\ell)}\big),\qquad b_{\theta^{(\ell)}}^{(\ell)} = A_\rho^{(\ell)}A_{\sigma,in}^{(\ell)}b_{in}^{(\ell)} + A_\rho^{(\ell)}b_{out}^{(\ell)}",
        assumptions=(r"\text{ReLU}, \text{max pooling } (b_\sigma = b_\rho = 0)",),
        check=check,
        cases=pooled_residual_instances(),
        arrays=("x",),
        per_input="x",
        corrects="report17.eq45",
        method="The factors of the residual block and of the pooling (Network.layer_factors, Layer.matrix of the skip) combined as "
        "A_rho (A_sigma C_in + C_out) and A_rho (A_sigma b_in + b_out), against Network.affine_map and the forward pass.",
    )
)
