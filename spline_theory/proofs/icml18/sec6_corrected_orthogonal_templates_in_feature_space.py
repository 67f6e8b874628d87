"""icml18 Sec. 6 corrected: orthogonal rows of W^(L) make the templates orthogonal in the feature space z^(L-1), not in input space.

With :math:`z^{(L)} = W^{(L)} z^{(L-1)} + b^{(L)}`, the templates of the last
layer, :math:`\\partial z^{(L)}_c / \\partial z^{(L-1)} = [W^{(L)}]_{c,\\cdot}`,
are orthogonal for all inputs exactly when the rows of W^(L) are; these are
also the per-class back-propagated directions the paper's next paragraph
calls "orthogonal backpropagation updates". In input space the Gram matrix
of the templates is :math:`A[x] A[x]^\\top = W^{(L)} J[x] J[x]^\\top W^{(L)\\top}`
with :math:`J[x] = \\partial z^{(L-1)} / \\partial x`, diagonal for all x only
under a further condition on J (e.g. :math:`J[x] J[x]^\\top \\propto I`).

Reading: the first paragraph's sufficient condition with the templates taken in
the feature space z^(L-1), which is also the third paragraph's 'orthogonal
backpropagation updates'; the last layer is dense.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.learning import template_gram
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.icml18._orthogonal import last_dense, offdiag_zero, rows_orthogonal
from spline_theory.testing.strategies import orthogonal_head_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    W = last_dense(net)
    unmet = rows_orthogonal(xp, W)
    if unmet is not None:
        return unmet
    L = len(net.layers)
    head, body = net.subnetwork(L - 1, L), net.subnetwork(0, L - 1)
    z = net.feature_maps(x)[-2]
    J, _ = body.affine_map(x)
    G = template_gram(net, x)
    JJ = J @ xp.matrix_transpose(J)
    return [
        offdiag_zero(xp, template_gram(head, z), relation="<dz_c1/dz^(L-1), dz_c2/dz^(L-1)> == 0 for c1 != c2 (feature-space templates)"),
        close(xp, G, W @ JJ @ xp.matrix_transpose(W), relation="A[x] A[x]^T == W^(L) J[x] J[x]^T W^(L)T", scale=xp.abs(W) @ xp.abs(JJ) @ xp.matrix_transpose(xp.abs(W))),
    ]


CLAIM = register(
    Claim(
        id="icml18.sec6.orthogonal_templates-corrected",
        title="Orthogonal rows of W^(L) make the templates orthogonal in the feature space of the last layer; input-space Gram is W J J^T W^T",
        where="icml18, Sec. 6, first and third paragraphs",
        statement=r"W^{(L)} W^{(L)\top} \text{ diagonal} \implies \tfrac{\partial z^{(L)}}{\partial z^{(L-1)}} \big(\tfrac{\partial z^{(L)}}{\partial z^{(L-1)}}\big)^\top \text{ diagonal } \forall x,\quad A[x] A[x]^\top = W^{(L)} J[x] J[x]^\top W^{(L)\top}",
        assumptions=(r"\text{last layer dense: } z^{(L)} = W^{(L)} z^{(L-1)} + b^{(L)}", r"J[x] = \partial z^{(L-1)} / \partial x"),
        check=check,
        cases=orthogonal_head_instances(),
        arrays=("x",),
        per_input="x",
        corrects="icml18.sec6.orthogonal_templates",
        method="Templates of the last layer on the feature map z^(L-1) (Network.subnetwork + learning.template_gram) have a diagonal Gram "
        "matrix; the input-space Gram matrix equals W^(L) J J^T W^(L)T with J the affine map of the network without its last layer.",
    )
)
