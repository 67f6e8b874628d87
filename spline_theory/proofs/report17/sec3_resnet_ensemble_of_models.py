"""report17 Sec. 3.3.3, the "ensemble of models" expansion of a ResNet with :math:`C_{out} = I`:
:math:`z_{RES}(x) = x + \\sum_{\\ell=1}^{L-1}\\big(\\prod_{k=\\ell}^{1} A_{\\sigma,in}^{(k)}W_{in}^{(k)}\\big)x + \\text{bias}`,
i.e. the terms :math:`x, M_1x, M_2M_1x, \\dots, M_{L-1}\\cdots M_1x` with :math:`M_k = A_{\\sigma,in}^{(k)}W_{in}^{(k)}`.

Verdict: **fails**. The slope of a stack of residual blocks is
:math:`\\prod_\\ell (I + M_\\ell)`, which expands into all :math:`2^{L-1}` products of
subsets of the :math:`M_\\ell` (Veit et al.'s paths), not only the L "prefix"
products: for two blocks the term :math:`M_2x` (the path that skips the first
branch) is missing. Counterexample: two blocks :math:`z + \\mathrm{ReLU}(z)` at
:math:`x = 1`: the output is 4, the printed expansion gives 3 (x + x + x).
Corrected: ``report17.sec3.resnet_ensemble-corrected``.

Reading: the printed expansion has no classifier :math:`W^{(L)}`; it is
checked on networks made of residual blocks only, with the printed bias sum
(which is right) added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.network import residual_branch_matrices
from spline_theory.proofs.icml18._networks import matvec, net_and_x
from spline_theory.testing.strategies import residual_stack_instances


def derive():
    m1, m2 = sp.symbols("m_1 m_2", real=True)
    return [
        Step("two blocks: (1 + m2)(1 + m1) = 1 + m1 + m2 + m2 m1", sp.Mul(1 + m2, 1 + m1, evaluate=False), 1 + m1 + m2 + m2 * m1),
        Step("the printed expansion 1 + m1 + m2 m1 misses m2", sp.expand((1 + m2) * (1 + m1)), 1 + m1 + m2 * m1, relation="!="),
    ]


def check(xp, inst):
    net, x = net_and_x(inst)
    M = residual_branch_matrices(net, x)
    _, b = net.affine_map(x)
    N, D = x.shape
    slope = xp.broadcast_to(xp.eye(D, dtype=x.dtype), (N, D, D))
    P = xp.broadcast_to(xp.eye(D, dtype=x.dtype), (N, D, D))
    for M_l in M:  # x + M_1 x + M_2 M_1 x + ... (as printed)
        P = M_l @ P
        slope = slope + P
    return close(xp, matvec(slope, x) + b, net.forward(x), relation="z_RES(x) == x + sum_l (prod_{k=l..1} A_sigma W) x + bias (printed expansion)",
                 scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.sec3.resnet_ensemble",
        title="A ResNet is the ensemble x + M_1 x + M_2 M_1 x + ... of its prefix paths (as printed)",
        where="report17, Sec. 3.3.3 'Deep Residual Networks', expansion after Eq. (47)",
        statement=r"z_{RES}(x) = x + \sum_{\ell=1}^{L-1}\Big(\prod_{k=\ell}^{1} A_{\sigma,in}^{(k)}W_{in}^{(k)}\Big)x + \sum_{\ell=L-1}^{1}\Big(\prod_{i=L-1}^{\ell+1}(C_{out}^{(i)} + A_{\sigma,in}^{(i)}W_{in}^{(i)})\Big)(b_{out}^{(\ell)} + A_{\sigma,in}^{(\ell)}b_{in}^{(\ell)})",
        assumptions=(r"C_{out}^{(\ell)} = I", r"\text{no pooling, no classifier}"),
        check=check,
        cases=residual_stack_instances(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="error",
        derive=derive,
        counterexample={"net": {"input_shape": [1], "layers": [{"type": "Residual", "layers": [{"type": "Dense", "W": [[1.0]], "b": [0.0]}, {"type": "ReLU"}]}] * 2}, "x": [[1.0]]},
        method="Branch matrices M_l of each block (residual_branch_matrices, from the block Jacobians I + M_l); the printed prefix sum "
        "x + sum_l M_l...M_1 x plus the accumulated bias against the forward pass.",
        notes="All 2^(L-1) paths are needed; see report17.sec3.resnet_ensemble-corrected.",
    )
)
