"""icml18 Sec. 7.1, corrected: a dense operator followed by ReLU partitions :math:`\\mathbb R^{D}` by the
hyperplane arrangement :math:`\\{x : \\langle W_k, x\\rangle + b_k = 0\\}_{k=1}^K`, which has at most
:math:`\\sum_{i=0}^{D}\\binom{K}{i}` regions; it is a rotated (and translated) orthant partition exactly
when K = D and the rows of W are mutually orthogonal.

The check reads the boundary hyperplanes off the network
(``Network.region_hyperplanes``): their normals are the rows of W and the
margins the pre-activations; the number of distinct regions met by the
batch is at most the arrangement bound; for orthogonal rows the normals are
mutually perpendicular.

Reading: the correction: the partition of a dense layer followed by ReLU is a
hyperplane arrangement, and a rotated orthant partition exactly when K = D with
orthogonal rows.
"""

import math

from hypothesis import strategies as st

from spline_theory.claims import Claim, close, leq, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import dense_relu_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    ((m, G),) = net.region_hyperplanes(x)
    W, b = net.layers[0].W, net.layers[0].b
    N = x.shape[0]
    K, D = W.shape
    (count,) = net.count_regions(x)
    bound = sum(math.comb(K, i) for i in range(0, min(D, K) + 1))
    ev = [
        close(xp, G, xp.broadcast_to(W[None, ...], (N, K, D)), relation="boundary normals == rows of W", scale=1.0),
        close(xp, m, x @ xp.matrix_transpose(W) + b, relation="margins == W x + b", scale=xp.abs(x) @ xp.matrix_transpose(xp.abs(W)) + xp.abs(b)),
        leq(xp, xp.asarray(float(count)), xp.asarray(float(bound)), relation="#regions met <= sum_{i<=D} C(K, i)", scale=0.0),
    ]
    if inst.get("orthogonal"):
        G0 = G[0, ...]
        norms = xp.sqrt(xp.sum(G0 * G0, axis=1))
        Wn = G0 / norms[:, None]
        ev.append(close(xp, Wn @ xp.matrix_transpose(Wn), xp.eye(K, dtype=x.dtype), relation="K = D orthogonal rows: boundary normals perpendicular (rotated orthants)", scale=1.0))
    return ev


def _cases():
    return st.one_of(dense_relu_instances(), dense_relu_instances(orthogonal=True).map(lambda d: {**d, "orthogonal": True}))


CLAIM = register(
    Claim(
        id="icml18.sec7.rotation-corrected",
        title="Dense + ReLU partitions its input by a hyperplane arrangement; a rotation only for orthogonal square W",
        where="icml18, Sec. 7.1, first paragraph (corrected)",
        statement=r"\Omega = \text{arrangement of } \{x : \langle W_k, x\rangle + b_k = 0\}_{k=1}^K,\ \#\Omega \le \textstyle\sum_{i=0}^{D}\binom{K}{i};\ \Omega \text{ is a rotated, translated orthant partition} \iff K = D,\ W W^T \text{ diagonal}",
        check=check,
        cases=_cases(),
        arrays=("x",),
        corrects="icml18.sec7.rotation",
        method="Boundary hyperplanes from Network.region_hyperplanes against W and Wx + b; distinct codes against the arrangement bound; "
        "perpendicular normals for orthogonal W.",
    )
)
