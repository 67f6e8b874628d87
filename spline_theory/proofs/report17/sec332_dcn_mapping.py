"""report17 Sec. 3.3.2, the display after Eq. (42): the DCN mapping with biased activations and poolings.

:math:`z_{CNN}^{(L)}(x) = W^{(L)}\\prod_{\\ell=L-1}^{1}A_\\rho^{(\\ell)}A_\\sigma^{(\\ell)}C^{(\\ell)}x
+ W^{(L)}\\sum_{\\ell=1}^{L-1}\\big(\\prod_{j=L-1}^{\\ell+1}A_\\rho^{(j)}A_\\sigma^{(j)}C^{(j)}\\big)
\\big(A_\\rho^{(\\ell)}A_\\sigma^{(\\ell)}b^{(\\ell)} + A_\\rho^{(\\ell)}b_\\sigma^{(\\ell)} + b_\\rho^{(\\ell)}\\big) + b^{(L)}`.

Reading: the underbrace "Bias" spans the sum and :math:`b^{(L)}` but sets no
parenthesis: :math:`W^{(L)}` multiplies the sum, :math:`b^{(L)}` is added (as in
Eq. (39)). Eq. (43), the bias-free case, is ``report17.eq43``. Verdict: **holds**.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.proofs.report17._closed_forms import bias_sum, dcn_blocks, matvec, net_and_x, template
from spline_theory.testing.strategies import dcn_instances


def derive():
    W, M1, M2 = sp.symbols("W M_1 M_2", commutative=False)
    x, b1, b2, bL = sp.symbols("x beta_1 beta_2 b_L", commutative=False)
    forward = W * (M2 * (M1 * x + b1) + b2) + bL  # two blocks z -> M z + beta, then the classifier
    return [Step("two blocks (L - 1 = 2) with M_l = A_rho A_sigma C and beta_l = A_rho A_sigma b + A_rho b_sigma + b_rho: "
                 "the forward recursion equals W (M_2 M_1) x + W (M_2 beta_1 + beta_2) + b^(L)",
                 forward, W * (M2 * M1) * x + W * (M2 * b1 + b2) + bL)]


def check(xp, inst):
    net, x = net_and_x(inst)
    blocks, (W, bL) = dcn_blocks(net, x)
    T = W @ template(xp, blocks)
    z = matvec(T, x) + matvec(W, bias_sum(xp, blocks)) + bL
    return close(xp, z, net.forward(x), relation="W prod(A_rho A_sigma C) x + W sum(...)(A_rho A_sigma b + A_rho b_sigma + b_rho) + b^(L) == z_CNN(x)",
                 scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.sec332.dcn_mapping",
        title="The DCN output with biased activations and poolings is W prod(A_rho A_sigma C) x + W sum(...) + b^(L)",
        where="report17, Sec. 3.3.2 'Deep Convolutional Networks', display after Eq. (42)",
        statement=r"z_{CNN}^{(L)}(x) = W^{(L)}\prod_{\ell=L-1}^{1}A_\rho^{(\ell)}A_\sigma^{(\ell)}C^{(\ell)}x + W^{(L)}\sum_{\ell=1}^{L-1}\Big(\prod_{j=L-1}^{\ell+1}A_\rho^{(j)}A_\sigma^{(j)}C^{(j)}\Big)\big(A_\rho^{(\ell)}A_\sigma^{(\ell)}b^{(\ell)} + A_\rho^{(\ell)}b_\sigma^{(\ell)} + b_\rho^{(\ell)}\big) + b^{(L)}",
        assumptions=(r"\sigma \in \{\text{hard tanh (}b_\sigma \neq 0\text{)}, \text{ReLU}, |\cdot|, \text{leaky ReLU}\},\ \rho \in \{\text{max}, \text{average pooling}\}",),
        check=check,
        cases=dcn_instances(),
        arrays=("x",),
        per_input="x",
        derive=derive,
        method="The blocks' factors at x (Network.layer_factors) combined term by term as printed (each term's product written out), "
        "against the forward pass.",
    )
)
