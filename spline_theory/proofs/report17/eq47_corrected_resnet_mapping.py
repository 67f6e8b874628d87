"""report17 Sec. 3.3.3, Eq. (47), corrected: the ResNet mapping with :math:`W^{(L)}` on the bias sum.

Reading: Eq. (47) with :math:`W^{(L)}` in front of the bias sum; ReLU, no
pooling, affine or identity skips. This is also the slides' ResNet formula,
which prints the :math:`W^{(L)}` (``slides.resnet_formula``). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17._resnet_mapping import derive_missing_W, mapping_check
from spline_theory.testing.strategies import resnet_instances

CLAIM = register(
    Claim(
        id="report17.eq47-corrected",
        title="The ResNet output is W^(L) prod(A_sigma C_in + C_out) x + W^(L) sum(...)(A_sigma b_in + b_out) + b^(L)",
        where="report17, Sec. 3.3.3 'Deep Residual Networks', Eq. (47) (corrected)",
        statement=r"z_{RES}^{(L)}(x) = W^{(L)}\Big[\prod_{\ell=L-1}^{1}\big(A_{\sigma,in}^{(\ell)}C_{in}^{(\ell)} + C_{out}^{(\ell)}\big)\Big]x + W^{(L)}\sum_{\ell=L-1}^{1}\Big(\prod_{i=L-1}^{\ell+1}\big(A_{\sigma,in}^{(i)}C_{in}^{(i)} + C_{out}^{(i)}\big)\Big)\big(A_{\sigma,in}^{(\ell)}b_{in}^{(\ell)} + b_{out}^{(\ell)}\big) + b^{(L)}",
        assumptions=(r"\text{ReLU } (b_{\sigma,in} = 0)", r"\text{no pooling } (A_\rho = I)"),
        check=mapping_check(with_W=True, label="W prod(A_theta) x + W sum(prod A_theta) b_theta + b^(L)"),
        cases=resnet_instances(pooled=False),
        arrays=("x",),
        per_input="x",
        derive=lambda: derive_missing_W(pooled=False),
        corrects="report17.eq47",
        method="The blocks' factors at x (Network.layer_factors; the skip's C_out, b_out from Layer.matrix) combined term by term "
        "as corrected (each term's product written out), against the forward pass.",
    )
)
