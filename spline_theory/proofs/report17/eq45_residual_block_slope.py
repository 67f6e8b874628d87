"""report17 Sec. 3.3.3, Eq. (45) as printed: the slope of a residual layer with pooling is
:math:`A_\\theta^{(\\ell)} = A_\\rho^{(\\ell)}A_{\\sigma,in}^{(\\ell)}C_{in}^{(\\ell)} + C_{out}^{(\\ell)}`.

Verdict: **fails**. The layer is
:math:`z^{(\\ell)} = A_\\rho\\big(A_{\\sigma,in}(C_{in}z + b_{in}) + C_{out}z + b_{out}\\big)`,
and the third line of Eq. (44) itself writes its slope as
:math:`A_\\rho(A_{\\sigma,in}C_{in} + C_{out})`: the pooling acts on the skip path too.
Eq. (45) drops :math:`A_\\rho` in front of :math:`C_{out}`; with a pooling that
subsamples, the printed sum adds a matrix with #pooled rows to one with
#unpooled rows and is not even defined. It holds without pooling
(:math:`A_\\rho = I`), the ResNet case the report turns to next. Bias Eq. (46)
keeps :math:`A_\\rho` on :math:`b_{out}` and is right. Corrected:
``report17.eq45-corrected``.

Reading: as printed, with the layer of Eq. (44) (ReLU, max pooling of size 1 or
2, affine skip); no hypothesis added.
"""

import math

import sympy as sp

from spline_theory.claims import Claim, Evidence, Step, close, register
from spline_theory.proofs.icml18._networks import net_and_x, require_layers
from spline_theory.testing.strategies import pooled_residual_instances


def derive():
    r, s, c, z = sp.symbols("r s c z", real=True)
    # One pooled output, two inputs: A_rho = [1, 0] (first wins), scalar stand-ins make the shapes visible.
    A_rho = sp.ImmutableMatrix([[1, 0]])
    M, C_out = sp.ImmutableMatrix([[r, 0], [0, s]]), sp.ImmutableMatrix([[c, 0], [0, c]])
    return [Step("Eq. (44), third line: the pooling multiplies both paths, A_rho (M + C_out) = A_rho M + A_rho C_out (1 x 2); "
                 "the printed A_rho M + C_out adds a 2 x 2 matrix to a 1 x 2 one", sp.MatMul(A_rho, sp.MatAdd(M, C_out, evaluate=False), evaluate=False),
                 sp.MatAdd(sp.MatMul(A_rho, M, evaluate=False), sp.MatMul(A_rho, C_out, evaluate=False), evaluate=False))]


def parts(xp, net, x):
    """A_rho[x], A_sigma C_in[x], C_out of the residual layer, from the library's factors."""
    require_layers(net, "one pooled residual layer rho(sigma(C_in z + b_in) + C_out z + b_out): a Residual block with an affine skip C_out, then max pooling", ("Residual",), ("MaxPool", "ChannelMaxPool"))
    if net.layers[0].skip is None:
        raise ValueError("the statement is made for a residual layer with an affine skip connection C_out z + b_out; the network's Residual block has the identity skip")
    (A_res, _), (A_rho, _) = net.layer_factors(x)
    C_out, _ = net.layers[0].skip.matrix()
    return A_rho, A_res - C_out, C_out


def check(xp, inst):
    net, x = net_and_x(inst)
    A_rho, A_sigma_C_in, C_out = parts(xp, net, x)
    A_true, _ = net.affine_map(x)
    relation = "A_rho A_sigma,in C_in + C_out == slope of the residual layer (Eq. 45 as printed)"
    first = A_rho @ A_sigma_C_in
    if first.shape[1] != C_out.shape[0]:
        note = f"the printed sum is undefined: A_rho A_sigma,in C_in has {first.shape[1]} rows (pooled), C_out has {C_out.shape[0]}"
        return Evidence(relation, "fails", math.inf, 0.0, tuple(first.shape[1:]), tuple(C_out.shape), note)
    return close(xp, first + C_out[None, ...], A_true, relation=relation, scale=xp.max(xp.abs(A_true)) + 1.0)


CLAIM = register(
    Claim(
        id="report17.eq45",
        title="The slope of a pooled residual layer is A_rho A_sigma C_in + C_out (as printed: pooling missing on the skip path)",
        where="report17, Sec. 3.3.3 'Deep Residual Networks', Eq. (44)-(45)",
        statement=r"A_{\theta^{(\ell)}}^{(\ell)} = A_\rho^{(\ell)}A_{\sigma,in}^{(\ell)}C_{in}^{(\ell)} + C_{out}^{(\ell)}",
        assumptions=(r"z^{(\ell)} = A_\rho\big(A_{\sigma,in}(C_{in}z + b_{in}) + C_{out}z + b_{out}\big) + b_\rho", r"\text{ReLU}, \text{max pooling}"),
        check=check,
        cases=pooled_residual_instances(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="error",
        derive=derive,
        counterexample={
            "net": {"input_shape": [1, 2, 2], "layers": [
                {"type": "Residual", "layers": [{"type": "Conv2d", "kernel": [[[[1.0]]]], "b": [0.0], "stride": 1, "padding": 0}, {"type": "ReLU"}],
                 "skip": {"type": "Conv2d", "kernel": [[[[1.0]]]], "b": [0.0], "stride": 1, "padding": 0}},
                {"type": "MaxPool", "size": 2, "stride": 2}]},
            "x": [[1.0, 0.0, 0.0, 0.0]],
        },
        method="A_rho[x] (max-pooling factor), A_sigma C_in (the block's factor minus C_out) and C_out from the library, combined as "
        "printed and compared with the exact slope of the layer (Network.affine_map).",
        notes="With pooling the printed sum is not defined (shapes differ); without pooling it holds. See report17.eq45-corrected.",
    )
)
