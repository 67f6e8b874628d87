"""report17 App. A.5.2, Eq. (137)-(139) and Def. 17: the activation graph :math:`E(x)` of an input is the chain of
the regions it activates, one per spline operator, from a leaf at the input level to the root at the output;
and two inputs with the same sequence of regions "lie in the same parametric line", i.e. share the affine map.

Reading: (a) :math:`E(x)` visits each of the L operators once, in order, with
L - 1 edges (a path: a tree with one leaf at operator 1 and its root at
operator L); (b) :math:`E(x_1) = E(x_2) \\implies A[x_1] = A[x_2],\\ b[x_1] = b[x_2]`.
(b) is checked on the batch and on a second point inside the region of each
input (half the certified radius away), where the graphs must agree.
"""

from spline_theory.activation_graph import activation_graph
from spline_theory.claims import Claim, close, equal, register, undecided
from spline_theory.proofs.icml18._networks import ON_BOUNDARY, inside_step, net_and_x, off_boundary, unit_direction
from spline_theory.testing.strategies import activation_graph_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    L = len(net.layers)
    x, r = off_boundary(xp, net, x)
    if x is None:
        return undecided("E(x) == E(x') for x' inside the region of x", ON_BOUNDARY)
    x2 = x + inside_step(xp, r, x)[:, None] * unit_direction(xp, x)[None, :]
    X = xp.concat([x, x2], axis=0)
    graphs = activation_graph(net, X)
    N = x.shape[0]
    A, b = net.affine_map(X)
    shape_ok = xp.asarray([[v[0] for v in g.nodes] == list(range(1, L + 1)) and len(g.edges) == L - 1 and all(e[0][0] + 1 == e[1][0] for e in g.edges) for g in graphs])
    same_in_region = xp.asarray([graphs[n] == graphs[N + n] for n in range(N)])
    pairs = [(i, j) for i in range(len(graphs)) for j in range(i + 1, len(graphs)) if graphs[i] == graphs[j]]
    out = [
        equal(xp, shape_ok, xp.ones_like(shape_ok), relation="E(x) is the path (1, w^(1)[x]) - (2, w^(2)[x]) - ... - (L, w^(L)[x])"),
        equal(xp, same_in_region, xp.ones_like(same_in_region), relation="E(x) == E(x') for x' inside the region of x"),
    ]
    if pairs:
        i = xp.asarray([p[0] for p in pairs])
        j = xp.asarray([p[1] for p in pairs])
        mag = net.term_magnitude(X)
        out += [
            close(xp, xp.take(A, i, axis=0), xp.take(A, j, axis=0), relation="E(x_i) == E(x_j) => A[x_i] == A[x_j]", scale=xp.max(xp.abs(A)) + 1.0),
            close(xp, xp.take(b, i, axis=0), xp.take(b, j, axis=0), relation="E(x_i) == E(x_j) => b[x_i] == b[x_j]", scale=xp.max(mag) + 1.0),
        ]
    return out


CLAIM = register(
    Claim(
        id="report17.appA5.activation_graph",
        title="The activation graph is one region per operator chained from the input to the output, and equal graphs mean equal affine maps",
        where="report17, App. A.5.2, Eq. (137)-(139), Def. 17",
        statement=r"E(x) = \{(\omega^{(\ell)}[x], \omega^{(\ell+1)}[x])\}_{\ell=1}^{L-1} \text{ is a path from the input level to the output};\quad E(x_1) = E(x_2) \implies (A[x_1], b[x_1]) = (A[x_2], b[x_2])",
        assumptions=(r"\text{the operators of the network, affine ones with a single region}", r"\text{regions of a nonlinear operator: the joint region codes of its units (ties to the lowest region)}"),
        check=check,
        cases=activation_graph_instances(),
        arrays=("x",),
        method="activation_graph.activation_graph of a batch and of points half the certified radius away (Network.certified_radius); "
        "Network.affine_map compared on every pair of inputs whose graphs agree.",
    )
)
