"""report17 Sec. 3.3.3, the display after Eq. (46), corrected: the pooled ResNet mapping with :math:`W^{(L)}` on the bias sum (as Eq. (38) gives it).

Reading: the printed display with :math:`W^{(L)}` in front of the bias sum;
ReLU and max pooling as in ``report17.sec333.pooled_resnet_mapping``.
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17._resnet_mapping import derive_missing_W, mapping_check
from spline_theory.testing.strategies import resnet_instances

CLAIM = register(
    Claim(
        id="report17.sec333.pooled_resnet_mapping-corrected",
        title="The pooled ResNet output is W^(L) prod A_rho(A_sigma C_in + C_out) x + W^(L) sum(...) + b^(L)",
        where="report17, Sec. 3.3.3 'Deep Residual Networks', display after Eq. (46) (corrected)",
        statement=r"z_{RES}^{(L)}(x) = W^{(L)}\Big[\prod_{\ell=L-1}^{1}A_\rho^{(\ell)}\big(A_{\sigma,in}^{(\ell)}C_{in}^{(\ell)} + C_{out}^{(\ell)}\big)\Big]x + W^{(L)}\sum_{\ell=L-1}^{1}\Big(\prod_{j=L-1}^{\ell+1}A_\rho^{(j)}\big(A_{\sigma,in}^{(j)}C_{in}^{(j)} + C_{out}^{(j)}\big)\Big)\big(A_\rho^{(\ell)}A_{\sigma,in}^{(\ell)}b_{in}^{(\ell)} + A_\rho^{(\ell)}b_{out}^{(\ell)} + A_\rho^{(\ell)}b_{\sigma,in}^{(\ell)} + b_\rho^{(\ell)}\big) + b^{(L)}",
        assumptions=(r"\text{ReLU } (b_{\sigma,in} = 0)", r"\text{max pooling } (b_\rho = 0)"),
        check=mapping_check(with_W=True, label="W prod(A_theta) x + W sum(prod A_theta) b_theta + b^(L)"),
        cases=resnet_instances(pooled=True),
        arrays=("x",),
        per_input="x",
        derive=lambda: derive_missing_W(pooled=True),
        corrects="report17.sec333.pooled_resnet_mapping",
        method="The blocks' factors at x (Network.layer_factors; the skip's C_out, b_out from Layer.matrix) combined term by term "
        "as corrected (each term's product written out), against the forward pass.",
    )
)
