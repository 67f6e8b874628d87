r"""The activation graph of a network: report17 App. A.5.2, Eq. (137)-(139), Prop. 4, Def. 17.

For an ordered collection of spline operators :math:`\mathcal S^{(1)}, \dots, \mathcal S^{(L)}`
(the operators of a :class:`~spline_theory.network.Network`, ``net.layers``) the
report defines the graph

.. math::

    \mathcal G = (V, E(x)),\qquad V = \cup_{\ell=1}^L \Omega^{(\ell)},\qquad
    E(x) = \{(\omega^{(\ell)}[x], \omega^{(\ell+1)}[x])\}_{\ell=1}^{L-1},

whose vertices are the regions of every operator and whose edges link the
region an input activates in operator :math:`\ell` to the one it activates in
operator :math:`\ell+1`. A node here is ``(l, code)``: ``l`` the 1-based
operator index and ``code`` the tuple of region indices of all its units
(:meth:`Network.region_codes`, unpacked); an affine operator has the single
region ``()``. ``V`` is never listed (it has up to :math:`R^K` nodes per
operator); the graph of an input holds the nodes its edges touch.

.. rubric:: Public functions

- :func:`activation_graph` -- :math:`E(x)` of every input (Eq. 139, Def. 17).
- :func:`union_graph` -- the union over inputs (the "possible regions" graph of Prop. 4).
- :func:`two_coloring` -- a proper 2-colouring by breadth-first search, or None (not bipartite).
- :func:`layer_parity_partition` -- the report's bipartition :math:`V_1` (odd l), :math:`V_2` (even l).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from . import backend as _backend
from .network import Network

__all__ = ["ActivationGraph", "activation_graph", "union_graph", "two_coloring", "layer_parity_partition"]


@dataclass(frozen=True)
class ActivationGraph:
    """A graph on region nodes ``(l, code)``: ``nodes`` (ordered by l) and undirected ``edges`` (pairs of nodes)."""

    nodes: tuple
    edges: tuple


def activation_graph(net: Network, x: Any) -> list:
    r"""The activation graph :math:`E(x)` of every input (report17 Eq. (139), Def. 17).

    Parameters
    ----------
    net : Network
        Its L operators are the spline operators :math:`\mathcal S^{(\ell)}`.
    x : array of shape (N, D) or ``(N, *input_shape)``

    Returns
    -------
    list of ActivationGraph, one per input
        Nodes :math:`(\ell, \omega^{(\ell)}[x])` for :math:`\ell = 1..L` (the leaf at the
        input level first, the root at the output last) and the L - 1 edges
        :math:`((\ell, \omega^{(\ell)}[x]), (\ell+1, \omega^{(\ell+1)}[x]))`.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.layers import Dense, ReLU
    >>> from spline_theory.network import Network
    >>> net = Network([Dense(np.eye(2), np.zeros(2)), ReLU()], (2,))
    >>> g = activation_graph(net, np.array([[1.0, -1.0]]))[0]
    >>> g.nodes
    ((1, ()), (2, (1, 0)))
    >>> g.edges
    (((1, ()), (2, (1, 0))),)
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network; got {type(net).__name__}")
    X = net._batch(x)
    codes = [_backend.to_numpy(c) for c in net.region_codes(X, packed=False)]
    per_op: dict[int, list] = {}
    for (op, _name, _K, _R), c in zip(net.code_layers(), codes):
        per_op.setdefault(op, []).append(c)
    graphs = []
    for n in range(X.shape[0]):
        nodes = []
        for op in range(len(net.layers)):
            code = tuple(int(v) for c in per_op.get(op, []) for v in c[n])
            nodes.append((op + 1, code))
        graphs.append(ActivationGraph(tuple(nodes), tuple(zip(nodes[:-1], nodes[1:]))))
    return graphs


def union_graph(graphs: Any) -> ActivationGraph:
    """The union of activation graphs: every node and edge that some input activates."""
    graphs = list(graphs)
    if not all(isinstance(g, ActivationGraph) for g in graphs):
        raise TypeError("graphs must be a sequence of ActivationGraph")
    nodes = sorted({v for g in graphs for v in g.nodes})
    edges = sorted({e for g in graphs for e in g.edges})
    return ActivationGraph(tuple(nodes), tuple(edges))


def two_coloring(graph: ActivationGraph) -> dict | None:
    """A proper 2-colouring ``{node: 0 or 1}`` of the graph by breadth-first search, or None when an odd cycle makes it impossible.

    Knows nothing of the layers: a graph is bipartite exactly when this returns a colouring.
    """
    if not isinstance(graph, ActivationGraph):
        raise TypeError(f"graph must be an ActivationGraph; got {type(graph).__name__}")
    adj: dict = {v: [] for v in graph.nodes}
    for a, b in graph.edges:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    color: dict = {}
    for start in adj:
        if start in color:
            continue
        color[start] = 0
        queue = deque([start])
        while queue:
            v = queue.popleft()
            for w in adj[v]:
                if w not in color:
                    color[w] = 1 - color[v]
                    queue.append(w)
                elif color[w] == color[v]:
                    return None
    return color


def layer_parity_partition(graph: ActivationGraph) -> tuple[frozenset, frozenset]:
    r"""The bipartition of report17 Prop. 4: :math:`V_1 = \cup_{\ell\ \mathrm{odd}} \Omega^{(\ell)}`, :math:`V_2 = \cup_{\ell\ \mathrm{even}} \Omega^{(\ell)}` (the graph's nodes)."""
    if not isinstance(graph, ActivationGraph):
        raise TypeError(f"graph must be an ActivationGraph; got {type(graph).__name__}")
    return frozenset(v for v in graph.nodes if v[0] % 2 == 1), frozenset(v for v in graph.nodes if v[0] % 2 == 0)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
