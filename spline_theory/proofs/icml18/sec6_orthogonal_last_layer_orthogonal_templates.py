"""icml18 Sec. 6 as printed: orthogonal rows of W^(L) suffice for a MASO network's templates to be orthogonal for all inputs.

icml18 Sec. 6: "For a MASO DN's templates to be orthogonal for all inputs, it
is sufficient that the rows of the matrix :math:`W^{(L)}` in the final linear
classifier layer be orthogonal."

Reading: the templates are the rows of :math:`A[x]` (Sec. 5.2), the
input-space gradients of the outputs. With
:math:`z^{(L)} = W^{(L)} z^{(L-1)} + b^{(L)}` and
:math:`J[x] = \\partial z^{(L-1)} / \\partial x`,
:math:`A[x] A[x]^\\top = W^{(L)} J[x] J[x]^\\top W^{(L)\\top}`, which is not
diagonal unless :math:`J[x] J[x]^\\top` keeps the rows of W^(L) orthogonal.

Verdict: **fails**. Counterexample: x in R^2, a dense layer with
W^(1) = [[1, 1], [0, 1]], b^(1) = 0, ReLU, then W^(L) = I_2 (orthogonal
rows), input x = (1, 1): both units are active, the templates are the rows
of W^(1), with inner product 1. The statement holds in the feature space of
the last layer (``icml18.sec6.orthogonal_templates-corrected``).
"""

from spline_theory.claims import Claim, register, undecided
from spline_theory.learning import template_gram
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.icml18._orthogonal import last_dense, offdiag_zero, rows_orthogonal
from spline_theory.testing.strategies import orthogonal_head_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    unmet = rows_orthogonal(xp, last_dense(net))
    if unmet is not None:
        return unmet
    if bool(xp.any(net.certified_radius(x) == 0)):
        # on a region boundary the template depends on the tie-breaking convention
        return undecided("templates orthogonal", "an input lies on a region boundary")
    return offdiag_zero(xp, template_gram(net, x), relation="<A[x]_c1, A[x]_c2> == 0 for c1 != c2 (input-space templates)")


CLAIM = register(
    Claim(
        id="icml18.sec6.orthogonal_templates",
        title="Orthogonal rows of W^(L) make a MASO network's templates orthogonal for all inputs (as printed)",
        where="icml18, Sec. 6, first paragraph after the section title",
        statement=r"W^{(L)} W^{(L)\top} \text{ diagonal} \implies A[x] A[x]^\top \text{ diagonal } \forall x",
        assumptions=(r"\text{templates } A[x]_{c,\cdot} = \partial z^{(L)}_c / \partial x \text{ (Sec. 5.2)}", r"\text{last layer dense: } z^{(L)} = W^{(L)} z^{(L-1)} + b^{(L)}"),
        check=check,
        cases=orthogonal_head_instances(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="error",
        counterexample={
            "net": {"input_shape": [2], "layers": [{"type": "Dense", "W": [[1.0, 1.0], [0.0, 1.0]], "b": [0.0, 0.0]}, {"type": "ReLU"}, {"type": "Dense", "W": [[1.0, 0.0], [0.0, 1.0]], "b": [0.0, 0.0]}]},
            "x": [[1.0, 1.0]],
        },
        method="Networks whose last dense layer has orthogonal rows (QR of a random matrix, scaled); the off-diagonal entries of "
        "A[x] A[x]^T (learning.template_gram, from Network.affine_map) against 0 on the scale sqrt(G_aa G_bb).",
        notes="A user's network is checked only when its W^(L) has orthogonal rows (otherwise the instance is inconclusive: the assumption is not met).",
    )
)
