"""icml18 Sec. 7.1 as printed: "Following a fully connected or convolution operator with a ReLU simply
rotates the partition in :math:`\\mathbb R^{D^{(\\ell-1)}}`".

Verdict: **fails**. The regions of :math:`\\mathrm{ReLU}(Wx + b)` are cut by
the K hyperplanes :math:`\\{x : \\langle W_k, x\\rangle + b_k = 0\\}`. A rotation
(with a translation) of the orthant partition of :math:`\\mathbb R^D` has exactly
D mutually perpendicular boundary hyperplanes, so the statement needs K = D
and orthogonal rows. Counterexample: :math:`W = \\begin{pmatrix}1&0\\\\1&1\\end{pmatrix}`,
:math:`b = 0`: the boundaries :math:`x_1 = 0` and :math:`x_1 + x_2 = 0` meet at 45
degrees, which no rotation of the quadrants produces. The corrected statement
is ``icml18.sec7.rotation-corrected``.

Reading: as printed: 'simply rotates the partition' read as 'the partition is a
rotated (and translated) orthant partition'; no hypothesis added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, equal, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import dense_relu_instances


def derive():
    w1, w2 = sp.Matrix([1, 0]), sp.Matrix([1, 1])
    cos = (w1.T * w2)[0] / sp.sqrt((w1.T * w1)[0] * (w2.T * w2)[0])
    return [Step("W = [[1, 0], [1, 1]]: the cosine between the two boundary normals is 1/sqrt(2), not 0", cos, sp.Integer(0), relation="!=")]


def check(xp, inst):
    net, x = net_and_x(inst)
    ((m, G),) = net.region_hyperplanes(x)
    G = G[0, ...]  # (K, D): normals of the boundaries, the same for every input (one affine layer)
    norms = xp.sqrt(xp.sum(G * G, axis=1))
    live = norms > 0
    Gn = G / xp.where(live, norms, xp.ones_like(norms))[:, None]
    cos = Gn @ xp.matrix_transpose(Gn)
    K, D = G.shape
    eye = xp.eye(K, dtype=x.dtype)
    mask = xp.astype(live[:, None] & live[None, :], x.dtype)
    return [
        equal(xp, xp.asarray(K), xp.asarray(D), relation="#boundary hyperplanes == D (a rotated orthant partition has D)"),
        close(xp, cos * mask, eye * mask, relation="boundary normals mutually perpendicular (rotation of the orthant partition)", scale=1.0),
    ]


CLAIM = register(
    Claim(
        id="icml18.sec7.rotation",
        title="A dense or convolution operator followed by ReLU rotates the ReLU partition (as printed)",
        where="icml18, Sec. 7.1, first paragraph",
        statement=r"\text{the partition of } \mathbb{R}^{D^{(\ell-1)}} \text{ induced by } \mathrm{ReLU}(W\cdot + b) \text{ is a rotation of the orthant partition}",
        check=check,
        cases=dense_relu_instances(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="imprecise",
        derive=derive,
        counterexample={"net": {"input_shape": [2], "layers": [{"type": "Dense", "W": [[1.0, 0.0], [1.0, 1.0]], "b": [0.0, 0.0]}, {"type": "ReLU"}]}, "x": [[1.0, 2.0]]},
        method="Boundary hyperplanes of the layer (Network.region_hyperplanes): their number must be D and their normals "
        "mutually perpendicular, as for a rotated orthant partition.",
        notes="True only for K = D and orthogonal rows of W; see icml18.sec7.rotation-corrected.",
    )
)
