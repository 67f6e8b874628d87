"""report17 Sec. 3.3.2, Eq. (43): the DCN mapping for unbiased nonlinearities and poolings (ReLU, max pooling).

Eq. (43) is icml18 Eq. (7) with :math:`b^{(L)}` for :math:`b_W^{(L)}`.

Reading: as printed, with the "Bias" underbrace read as in
``report17.sec332.dcn_mapping`` (:math:`W^{(L)}` multiplies the sum,
:math:`b^{(L)}` is added). The check is that of ``icml18.eq7`` (same_as).
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.eq7_cnn_affine_formula import CLAIM as EQ7

CLAIM = register(
    Claim(
        id="report17.eq43",
        title="The DCN output for ReLU and max pooling is W prod(A_rho A_sigma C) x + W sum(...)(A_rho A_sigma b) + b^(L)",
        where="report17, Sec. 3.3.2 'Deep Convolutional Networks', Eq. (43)",
        statement=r"z_{CNN}^{(L)}(x) = W^{(L)}\prod_{\ell=L-1}^{1}A_\rho^{(\ell)}A_\sigma^{(\ell)}C^{(\ell)}x + W^{(L)}\sum_{\ell=1}^{L-1}\Big(\prod_{j=L-1}^{\ell+1}A_\rho^{(j)}A_\sigma^{(j)}C^{(j)}\Big)\big(A_\rho^{(\ell)}A_\sigma^{(\ell)}b^{(\ell)}\big) + b^{(L)}",
        same_as=EQ7,
    )
)
