"""slides, "Explicit input/output formula (2/2)": the ResNet affine mapping formula.

The slide: :math:`z_{RES}^{(L)}(x) = W^{(L)}(\\prod_{\\ell=L-1}^{1}(A_\\sigma^{(\\ell)}[x]C^{(\\ell)} + C_{skip}^{(\\ell)}))x
+ W^{(L)}\\sum_{\\ell=1}^{L-1}(\\prod_{j=L-1}^{\\ell+1}(A_\\sigma^{(j)}[x]C^{(j)} + C_{skip}^{(j)}))(A_\\sigma^{(\\ell)}[x]b_C^{(\\ell)} + b_{skip}^{(\\ell)}) + b_W^{(L)}`.

Reading: as printed. Unlike report17 Eq. (47) and Eq. (75), the slide puts
:math:`W^{(L)}` in front of the bias sum, so it is the corrected form; the check
is that of ``report17.eq47-corrected`` (same_as), with :math:`C_{skip}` for
:math:`C_{out}`. Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17.eq47_corrected_resnet_mapping import CLAIM as EQ47C

CLAIM = register(
    Claim(
        id="slides.resnet_formula",
        title="The ResNet output is W^(L) prod(A_sigma C + C_skip) x + W^(L) sum(...)(A_sigma b_C + b_skip) + b_W^(L)",
        where="slides, 'Explicit input/output formula (2/2)'",
        statement=r"z_{RES}^{(L)}(x) = W^{(L)}\Big(\prod_{\ell=L-1}^{1}\big(A_\sigma^{(\ell)}[x]C^{(\ell)} + C_{skip}^{(\ell)}\big)\Big)x + W^{(L)}\sum_{\ell=1}^{L-1}\Big(\prod_{j=L-1}^{\ell+1}\big(A_\sigma^{(j)}[x]C^{(j)} + C_{skip}^{(j)}\big)\Big)\big(A_\sigma^{(\ell)}[x]b_C^{(\ell)} + b_{skip}^{(\ell)}\big) + b_W^{(L)}",
        same_as=EQ47C,
    )
)
