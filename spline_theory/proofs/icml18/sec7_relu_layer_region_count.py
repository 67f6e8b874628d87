"""icml18 Sec. 7.1: a fully connected operator followed by a ReLU-type activation cuts its input
space into at most :math:`2^{D^{(\\ell)}}` regions; on a 2-D input the exact count is that of a
line arrangement.

The paper's "up to :math:`2^{D^{(\\ell)}}`" is an upper bound; on
:math:`\\mathbb R^2` the :math:`D^{(\\ell)}` unit boundaries are lines and their
arrangement has at most :math:`\\sum_{i=0}^{2}\\binom{D^{(\\ell)}}{i}` regions
(``partition.arrangement_upper_bound``), fewer than :math:`2^{D^{(\\ell)}}` as soon
as :math:`D^{(\\ell)} > 2`. The check, on a square :math:`[-h, h]^2` of the input
plane of a small MLP with generic weights:

- first layer: the exact number of regions found by ``partition.slice_partition``
  equals :math:`1 + n + p` (Euler's relation for lines in general position),
  with n the lines of :math:`W^{(1)}x + b^{(1)} = 0` that cross the square and
  p their crossing points inside it, computed directly from
  :math:`W^{(1)}, b^{(1)}`;
- every layer: each region of the previous level is cut into at most
  :math:`\\sum_{i \\le 2}\\binom{D^{(\\ell)}}{i} \\le 2^{D^{(\\ell)}}` regions (within a
  region the layer's pre-activations are affine, so its boundaries are again
  :math:`D^{(\\ell)}` lines).

Instances where a region of the arrangement could be thinner than the
slicer's resolution (a vertex within :math:`10^4\\varepsilon\\,2h` of another
vertex or of a line not through it) are undecided.

Reading: 'up to 2^D(l)' as an upper bound for a dense layer followed by a
ReLU-type activation; on a 2-D slice (named) the exact count, that of a line
arrangement with weights in general position, is also checked.
"""

import itertools

import numpy as np

from spline_theory.claims import Claim, equal, leq, register, undecided
from spline_theory.network import Network
from spline_theory.partition import arrangement_upper_bound, slice_partition
from spline_theory.testing.strategies import generic_relu_layer_instances


def _first_layer_count(W, b, h, delta):
    """Euler's count 1 + n + p of the lines W x + b = 0 in the open square (-h, h)^2, or None when a
    region of the arrangement could be thinner than ``delta`` (a vertex within delta of another vertex
    or of a line not through it)."""
    K = W.shape[0]
    norms = np.linalg.norm(W, axis=1)
    if np.any(norms == 0):
        return None
    corners = np.array([[-h, -h], [h, -h], [h, h], [-h, h]], dtype=np.float64)
    vals = corners @ W.T + b  # (4, K)
    lines = [k for k in range(K) if vals[:, k].min() < 0 < vals[:, k].max()]
    verts, through = [c for c in corners], [set() for _ in corners]
    for k in lines:  # where line k meets the boundary of the square
        for axis in (0, 1):
            for side in (-h, h):
                if abs(W[k, 1 - axis]) > 0:
                    other = -(b[k] + W[k, axis] * side) / W[k, 1 - axis]
                    if abs(other) <= h:
                        p = np.empty(2)
                        p[axis], p[1 - axis] = side, other
                        verts.append(p)
                        through.append({k})
    n_cross = 0
    for i, j in itertools.combinations(lines, 2):
        M = W[[i, j]]
        if abs(np.linalg.det(M)) <= 1e-12 * norms[i] * norms[j]:
            continue  # parallel: no crossing (a thin strip is caught below)
        p = np.linalg.solve(M, -b[[i, j]])
        if np.all(np.abs(p) < h + delta):
            verts.append(p)
            through.append({i, j})
            n_cross += bool(np.all(np.abs(p) < h))
    V = np.asarray(verts)
    D2 = np.linalg.norm(V[:, None, :] - V[None, :, :], axis=2) + np.eye(len(V)) * 1e300
    if np.min(D2) <= delta:
        return None
    dist = np.abs(V @ W.T + b) / norms  # (n_vertices, K)
    for v in range(len(V)):
        for k in lines:
            if k not in through[v] and dist[v, k] <= delta:
                return None
    return 1 + len(lines) + n_cross


def check(xp, inst):
    x0 = inst["x0"]
    net = Network.like(inst["net"], x0)
    h = float(inst["half_width"])
    e1 = xp.asarray([1.0, 0.0], dtype=x0.dtype)
    e2 = xp.asarray([0.0, 1.0], dtype=x0.dtype)
    part = slice_partition(net, x0, e1, e2, (-h, h), (-h, h))
    hnet = net.to("numpy")
    eps = float(np.finfo(part.vertices.dtype).eps)
    W = np.asarray(hnet.layers[0].W, dtype=np.float64)
    b = np.asarray(hnet.layers[0].b, dtype=np.float64)
    ev = []
    # The slicer resolves regions down to about 64 eps (2h) in width (partition module notes); a
    # thinner region has a vertex that close to another vertex or to a line. Margin 1e4 eps (2h).
    expected = _first_layer_count(W, b, h, 1e4 * eps * 2 * h)
    if expected is None:
        ev.append(undecided("first layer: #regions == 1 + #lines + #crossings", "a line or crossing within round-off of the boundary or of another crossing"))
    else:
        ev.append(equal(xp, xp.asarray(part.region_counts()[0]), xp.asarray(expected), relation="first layer: #regions in the square == 1 + #lines crossing it + #crossings inside it"))
    units = [lay.D_out for lay in hnet.layers if lay.kind != "affine"]
    for level, K in enumerate(units, start=1):
        per_parent = np.bincount(part.levels[level]["parent"])
        bound = arrangement_upper_bound(K, 2)
        ev.append(leq(xp, xp.asarray(float(per_parent.max())), xp.asarray(float(bound)), relation=f"layer {level}: regions inside one region of the previous level <= sum_(i<=2) C(D^(l), i) = {bound}", scale=0.0))
        ev.append(leq(xp, xp.asarray(float(bound)), xp.asarray(float(2**K)), relation=f"layer {level}: sum_(i<=2) C(D^(l), i) <= 2^(D^(l))", scale=0.0))
    return ev


CLAIM = register(
    Claim(
        id="icml18.sec7.relu_layer_region_count",
        title="A dense + ReLU layer cuts each region into at most 2^D(l) regions; on a 2-D input exactly as a line arrangement",
        where="icml18, Sec. 7.1, first paragraph",
        statement=r"\#\{\text{regions of } \sigma \circ f_W \text{ in each region of the previous layers}\} \le \textstyle\sum_{i=0}^{2}\binom{D^{(\ell)}}{i} \le 2^{D^{(\ell)}} \text{ on } \mathbb R^2;\ \text{first layer: } 1 + n_{lines} + n_{crossings}",
        assumptions=(r"\text{input space } \mathbb R^2 \text{ (a 2-D slice)}", r"\text{weights in general position}", r"\sigma \in \{\mathrm{ReLU}, |\cdot|, \text{leaky ReLU}\}"),
        check=check,
        cases=generic_relu_layer_instances(),
        arrays=("x0",),
        method="Exact partition of the square [-h, h]^2 (partition.slice_partition) against Euler's count 1 + n + p from W(1), b(1), and "
        "the number of children of each region against partition.arrangement_upper_bound(D(l), 2) and 2^D(l).",
    )
)
