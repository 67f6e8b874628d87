"""report17 Sec. 3.3.3, Eq. (47) as printed (boxed): the ResNet mapping without pooling, whose bias sum has no :math:`W^{(L)}`.

Reading: as printed, "if no bias nonlinearity is used" (ReLU) and without
pooling (:math:`A_\\rho = I`, :math:`b_\\rho = 0`); skips :math:`C_{out}z + b_{out}`
(a convolution, or the identity), then flatten and the dense classifier.

Verdict: **fails** (kind: typo), as ``report17.sec333.pooled_resnet_mapping``:
the bias sum reaches the output only through :math:`W^{(L)}` (Eq. (38)).
The template term is right. Corrected: ``report17.eq47-corrected``.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17._resnet_mapping import derive_missing_W, mapping_check
from spline_theory.testing.strategies import resnet_instances

CLAIM = register(
    Claim(
        id="report17.eq47",
        title="The ResNet output (Eq. 47), as printed (the bias sum lacks W^(L))",
        where="report17, Sec. 3.3.3 'Deep Residual Networks', Eq. (47)",
        statement=r"z_{RES}^{(L)}(x) = W^{(L)}\Big[\prod_{\ell=L-1}^{1}\big(A_{\sigma,in}^{(\ell)}C_{in}^{(\ell)} + C_{out}^{(\ell)}\big)\Big]x + \sum_{\ell=L-1}^{1}\Big(\prod_{i=L-1}^{\ell+1}\big(A_{\sigma,in}^{(i)}C_{in}^{(i)} + C_{out}^{(i)}\big)\Big)\big(A_{\sigma,in}^{(\ell)}b_{in}^{(\ell)} + b_{out}^{(\ell)}\big) + b^{(L)}",
        assumptions=(r"\text{ReLU } (b_{\sigma,in} = 0)", r"\text{no pooling } (A_\rho = I)"),
        check=mapping_check(with_W=False, label="W prod(A_theta) x + sum(prod A_theta) b_theta + b^(L)"),
        cases=resnet_instances(pooled=False),
        arrays=("x",),
        per_input="x",
        derive=lambda: derive_missing_W(pooled=False),
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
