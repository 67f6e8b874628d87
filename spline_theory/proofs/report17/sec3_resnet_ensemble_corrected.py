"""report17 Sec. 3.3.3, corrected: the slope of a stack of residual blocks (:math:`C_{out} = I`) is the sum over all
:math:`2^{L-1}` paths, :math:`\\prod_{\\ell=L-1}^{1}(I + M_\\ell) = \\sum_{S \\subseteq \\{1..L-1\\}} \\prod_{\\ell \\in S\\downarrow} M_\\ell`,
with :math:`M_\\ell = A_{\\sigma,in}^{(\\ell)}W_{in}^{(\\ell)}`: an ensemble of :math:`2^{L-1}` models.

Reading: the correction: all 2^(L-1) paths, C_out = I (the case of the printed
expansion).
"""

from spline_theory.claims import Claim, close, register
from spline_theory.network import ensemble_expansion, residual_branch_matrices
from spline_theory.proofs.icml18._networks import matvec, net_and_x
from spline_theory.testing.strategies import residual_stack_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    A, b = net.affine_map(x)
    E = ensemble_expansion(residual_branch_matrices(net, x))
    return [
        close(xp, E, A, relation="sum over all 2^(L-1) paths == A[x]", scale=xp.max(xp.abs(A)) + 1.0),
        close(xp, matvec(E, x) + b, net.forward(x), relation="(sum over paths) x + bias == z_RES(x)", scale=net.term_magnitude(x)),
    ]


CLAIM = register(
    Claim(
        id="report17.sec3.resnet_ensemble-corrected",
        title="A ResNet's slope is the sum over all 2^(L-1) paths through its blocks",
        where="report17, Sec. 3.3.3 'Deep Residual Networks', expansion after Eq. (47) (corrected)",
        statement=r"\prod_{\ell=L-1}^{1}\big(I + A_{\sigma,in}^{(\ell)}W_{in}^{(\ell)}\big) = \sum_{S \subseteq \{1,\dots,L-1\}} \prod_{\ell \in S,\ \text{descending}} A_{\sigma,in}^{(\ell)}W_{in}^{(\ell)}",
        assumptions=(r"C_{out}^{(\ell)} = I",),
        check=check,
        cases=residual_stack_instances(),
        arrays=("x",),
        per_input="x",
        corrects="report17.sec3.resnet_ensemble",
        method="ensemble_expansion sums the products of every subset of branch matrices; compared with Network.affine_map and the forward pass.",
    )
)
