"""slides, "Explicit input/output formula (1/2)": the CNN affine mapping formula.

The slide prints icml18 Eq. (7) term by term: the template product
:math:`W^{(L)}\\prod_{\\ell=L-1}^{1}A_\\rho^{(\\ell)}A_\\sigma^{(\\ell)}C^{(\\ell)}`, the bias sum with
:math:`W^{(L)}` in front, and :math:`b_W^{(L)}`.

Reading: as printed (ReLU and max pooling, no bias in the activation or the
pooling); the check is that of ``icml18.eq7`` (same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.eq7_cnn_affine_formula import CLAIM as EQ7

CLAIM = register(
    Claim(
        id="slides.cnn_formula",
        title="The CNN output is W^(L) prod A_rho A_sigma C x plus W^(L) times the bias sum plus b_W^(L)",
        where="slides, 'Explicit input/output formula (1/2)'",
        statement=r"z^{(L)}_{CNN}(x) = W^{(L)}\Big(\prod_{\ell=L-1}^{1} A_\rho^{(\ell)}[x]A_\sigma^{(\ell)}[x]C^{(\ell)}\Big)x + W^{(L)}\sum_{\ell=1}^{L-1}\Big(\prod_{j=L-1}^{\ell+1}A_\rho^{(j)}[x]A_\sigma^{(j)}[x]C^{(j)}\Big)\big(A_\rho^{(\ell)}[x]A_\sigma^{(\ell)}[x]b_C^{(\ell)}\big) + b_W^{(L)}",
        same_as=EQ7,
    )
)
