"""report17 Sec. 3.3.2, Eq. (40)-(42): a DCN block :math:`\\rho(\\sigma(Cz + b))` is the affine map with slope
:math:`A_\\theta = A_\\rho A_\\sigma C` and bias :math:`b_\\theta = A_\\rho A_\\sigma b + A_\\rho b_\\sigma + b_\\rho`.

The report writes the block with an activation and a pooling that may carry
their own biases :math:`b_\\sigma[\\cdot]`, :math:`b_\\rho[\\cdot]` (general affine spline
operators, Sec. 3.2); Eq. (43) is the bias-free case. The check draws a hard
tanh :math:`\\mathrm{clip}(t, lo, hi)`, whose saturated regions have
:math:`b_\\sigma \\neq 0`, besides ReLU, absolute value and leaky ReLU, and max or
average pooling (the library's poolings have :math:`b_\\rho = 0`; the term is
still carried).

Reading: the brackets :math:`[z^{(\\ell)}(x)]` after :math:`A_\\sigma`, :math:`b_\\sigma`
and :math:`b_\\rho` in Eq. (40) are read as "at the block's input" (each factor
is evaluated where the block evaluates it; the report's next sentence drops the
brackets, :math:`A^{(\\ell)}[z^{(\\ell-1)}] := A^{(\\ell)}`). No other hypothesis.
Verdict: **holds**.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.proofs.report17._closed_forms import dcn_blocks, matvec, net_and_x
from spline_theory.testing.strategies import dcn_instances


def derive():
    # matrices as non-commuting symbols: the order of the factors is part of what is proved
    Ar, As, C = sp.symbols("A_rho A_sigma C", commutative=False)
    z, b, bs, br = sp.symbols("z b b_sigma b_rho", commutative=False)
    block = Ar * (As * (C * z + b) + bs) + br
    return [Step("Eq. (40): A_rho (A_sigma (C z + b) + b_sigma) + b_rho, expanded, is A_theta z + b_theta with Eq. (41)-(42)",
                 block, (Ar * As * C) * z + (Ar * As * b + Ar * bs + br))]


def check(xp, inst):
    net, x = net_and_x(inst)
    blocks, head = dcn_blocks(net, x)
    blk = blocks[0]
    A_true, b_true = net.affine_map(x)
    scale = net.term_magnitude(x)
    return [
        close(xp, blk["A_theta"], A_true, relation="A_rho A_sigma C == slope of the block (Eq. 41)", scale=xp.max(xp.abs(A_true)) + 1.0),
        close(xp, blk["b_theta"], b_true, relation="A_rho A_sigma b + A_rho b_sigma + b_rho == bias of the block (Eq. 42)", scale=scale),
        close(xp, matvec(blk["A_theta"], x) + blk["b_theta"], net.forward(x), relation="A_theta z + b_theta == rho(sigma(C z + b)) (Eq. 40)", scale=scale),
    ]


CLAIM = register(
    Claim(
        id="report17.eq40",
        title="A DCN block rho(sigma(C z + b)) has slope A_rho A_sigma C and bias A_rho A_sigma b + A_rho b_sigma + b_rho",
        where="report17, Sec. 3.3.2 'Deep Convolutional Networks', Eq. (40)-(42)",
        statement=r"z^{(\ell)} = A_\rho^{(\ell)}\big(A_\sigma^{(\ell)}(C^{(\ell)}z^{(\ell-1)} + b^{(\ell)}) + b_\sigma^{(\ell)}\big) + b_\rho^{(\ell)} = A_{\theta^{(\ell)}}^{(\ell)}z^{(\ell-1)} + b_{\theta^{(\ell)}}^{(\ell)},\quad A_{\theta^{(\ell)}}^{(\ell)} = A_\rho^{(\ell)}A_\sigma^{(\ell)}C^{(\ell)},\quad b_{\theta^{(\ell)}}^{(\ell)} = A_\rho^{(\ell)}A_\sigma^{(\ell)}b^{(\ell)} + A_\rho^{(\ell)}b_\sigma^{(\ell)} + b_\rho^{(\ell)}",
        assumptions=(r"\sigma \in \{\text{hard tanh (}b_\sigma \neq 0\text{)}, \text{ReLU}, |\cdot|, \text{leaky ReLU}\},\ \rho \in \{\text{max}, \text{average pooling}\}",),
        check=check,
        cases=dcn_instances(max_blocks=1, classifier=False),
        arrays=("x",),
        per_input="x",
        derive=derive,
        method="The block's factors at x (Network.layer_factors: C, b; A_sigma[x], b_sigma[x]; A_rho[x], b_rho[x]) combined as Eq. (41)-(42), "
        "against Network.affine_map and the forward pass.",
    )
)
