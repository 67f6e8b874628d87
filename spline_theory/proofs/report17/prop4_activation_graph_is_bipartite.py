"""report17 App. A.5.2, Prop. 4: the graph whose nodes are the regions of every spline operator and whose edges
link the regions an input activates in consecutive operators is bipartite, :math:`V_1` the regions of the
odd operators and :math:`V_2` those of the even ones.

Holds, for every input's graph :math:`(V, E(x))` and for the union over
inputs (the "possible regions that can take an input"): the edges of Eq. (139)
only join operator l to operator l + 1. Checked two ways: a breadth-first
2-colouring that knows nothing of the layers, and the report's parity
partition (no edge inside :math:`V_1` or inside :math:`V_2`). A graph that also
followed a residual network's skip connection (operator l to l + 2) would
contain triangles and not be bipartite: the property is one of the
definition's consecutive edges, not of the network.

Reading: as printed: nodes the regions of every operator, affine operators with
a single region, edges between consecutive operators.
"""

from spline_theory.activation_graph import activation_graph, layer_parity_partition, two_coloring, union_graph
from spline_theory.claims import Claim, equal, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import activation_graph_instances


def _inside(graph):
    V1, V2 = layer_parity_partition(graph)
    return sum(1 for a, b in graph.edges if (a in V1 and b in V1) or (a in V2 and b in V2))


def check(xp, inst):
    net, x = net_and_x(inst)
    graphs = activation_graph(net, x)
    graphs = graphs + [union_graph(graphs)]
    colorable = xp.asarray([two_coloring(g) is not None for g in graphs])
    inside = xp.asarray([_inside(g) for g in graphs])
    return [
        equal(xp, colorable, xp.ones_like(colorable), relation="(V, E(x)) has a proper 2-colouring, for every input and for the union over inputs"),
        equal(xp, inside, xp.zeros_like(inside), relation="no edge of E(x) joins two nodes of V_1 (odd operators) or two of V_2 (even operators)"),
    ]


CLAIM = register(
    Claim(
        id="report17.prop4",
        title="The activation graph (regions of every operator, edges between consecutive operators' active regions) is bipartite",
        where="report17, App. A.5.2, Prop. 4, Eq. (137)-(139)",
        statement=r"(V, E(x)) \text{ is bipartite } \forall x:\quad V_1 = \cup_{\ell \text{ odd}} \Omega^{(\ell)},\ V_2 = \cup_{\ell \text{ even}} \Omega^{(\ell)}",
        assumptions=(r"E(x) = \{(\omega^{(\ell)}[x], \omega^{(\ell+1)}[x])\}_{\ell=1}^{L-1} \text{ (Eq. 139)}", r"\text{the operators of the network, affine ones with a single region}"),
        check=check,
        cases=activation_graph_instances(),
        arrays=("x",),
        per_input="x",
        method="activation_graph.activation_graph of every input and their union (activation_graph.union_graph): a breadth-first 2-colouring "
        "(activation_graph.two_coloring) and the report's parity partition (activation_graph.layer_parity_partition).",
    )
)
