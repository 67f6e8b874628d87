"""report17 Sec. 3.3.3, the display after Eq. (46) as printed: the pooled ResNet mapping, whose bias sum has no :math:`W^{(L)}`.

The report writes
:math:`z_{RES}^{(L)}(x) = W^{(L)}[\\prod_\\ell A_\\rho(A_{\\sigma,in}C_{in} + C_{out})]x + \\sum_\\ell(\\prod_j \\dots)(A_\\rho A_{\\sigma,in}b_{in} + A_\\rho b_{out} + A_\\rho b_{\\sigma,in} + b_\\rho) + b^{(L)}`,
"using Eq. 38", whose bias sum is multiplied by :math:`W^{(L)}`.

Reading: as printed; ReLU (:math:`b_{\\sigma,in} = 0`) and max pooling
(:math:`b_\\rho = 0`), each residual block followed by a pooling of size 1 or 2,
then flatten and the dense classifier :math:`W^{(L)}, b^{(L)}`. The slope uses
:math:`A_\\rho(A_{\\sigma,in}C_{in} + C_{out})` (right, unlike Eq. (45)).

Verdict: **fails** (kind: typo). The bias sum lives in the last block's space
and reaches the output only through :math:`W^{(L)}`: with as many classes as
features the printed value is wrong (counterexample: one block
:math:`z + \\mathrm{ReLU}(z + 1)` at :math:`x = 0`, :math:`W^{(L)} = 2I`: the output is
:math:`2`, the printed form gives :math:`1`), otherwise the printed sum adds
vectors of different sizes. Corrected: ``report17.sec333.pooled_resnet_mapping-corrected``.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17._resnet_mapping import derive_missing_W, mapping_check
from spline_theory.testing.strategies import resnet_instances

CLAIM = register(
    Claim(
        id="report17.sec333.pooled_resnet_mapping",
        title="The pooled ResNet output, as printed (the bias sum lacks W^(L))",
        where="report17, Sec. 3.3.3 'Deep Residual Networks', display after Eq. (46)",
        statement=r"z_{RES}^{(L)}(x) = W^{(L)}\Big[\prod_{\ell=L-1}^{1}A_\rho^{(\ell)}\big(A_{\sigma,in}^{(\ell)}C_{in}^{(\ell)} + C_{out}^{(\ell)}\big)\Big]x + \sum_{\ell=L-1}^{1}\Big(\prod_{j=L-1}^{\ell+1}A_\rho^{(j)}\big(A_{\sigma,in}^{(j)}C_{in}^{(j)} + C_{out}^{(j)}\big)\Big)\big(A_\rho^{(\ell)}A_{\sigma,in}^{(\ell)}b_{in}^{(\ell)} + A_\rho^{(\ell)}b_{out}^{(\ell)} + A_\rho^{(\ell)}b_{\sigma,in}^{(\ell)} + b_\rho^{(\ell)}\big) + b^{(L)}",
        assumptions=(r"\text{ReLU } (b_{\sigma,in} = 0)", r"\text{max pooling } (b_\rho = 0)"),
        check=mapping_check(with_W=False, label="W prod(A_theta) x + sum(prod A_theta) b_theta + b^(L)"),
        cases=resnet_instances(pooled=True),
        arrays=("x",),
        per_input="x",
        derive=lambda: derive_missing_W(pooled=True),
        expected="fails",
        kind="typo",
        counterexample={
            "net": {"input_shape": [1, 2, 2], "layers": [
                {"type": "Residual", "layers": [{"type": "Conv2d", "kernel": [[[[1.0]]]], "b": [1.0], "stride": 1, "padding": 0}, {"type": "ReLU"}]},
                {"type": "Flatten"},
                {"type": "Dense", "W": [[2.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 2.0]], "b": [0.0, 0.0, 0.0, 0.0]}]},
            "x": [[0.0, 0.0, 0.0, 0.0]],
        },
        method="The blocks' factors at x (Network.layer_factors; the skip's C_out, b_out from Layer.matrix) combined term by term "
        "as printed (each term's product written out), against the forward pass.",
    )
)
