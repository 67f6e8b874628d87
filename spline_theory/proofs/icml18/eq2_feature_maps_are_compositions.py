"""icml18 Eq. (1)-(2): a network is the composition of its layers, and each feature map
:math:`z^{(\\ell)}(x)` is the composition of the first :math:`\\ell` layers.

The check compares the feature maps collected in one pass
(``Network.feature_maps``) with separate networks built from the first
:math:`\\ell` operators (``Network.subnetwork``), and the last one with the
network output.

Reading: as printed; no hypothesis added.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    maps = net.feature_maps(x)
    ev = [close(xp, maps[-1], net.forward(x), relation="z^(L)(x) == f_Theta(x) (Eq. 1)")]
    for ell in range(1, len(net.layers) + 1):
        sub = net.subnetwork(0, ell)
        ev.append(close(xp, maps[ell], sub.forward(x), relation=f"z^({ell})(x) == (f^({ell}) o ... o f^(1))(x) (Eq. 2)", scale=sub.term_magnitude(x)))
    return ev


CLAIM = register(
    Claim(
        id="icml18.eq2",
        title="Feature maps are the compositions of the first layers",
        where="icml18, Sec. 2, Eq. (1)-(2)",
        statement=r"z^{(\ell)}(x) = \big(f^{(\ell)}_{\theta^{(\ell)}} \circ \cdots \circ f^{(1)}_{\theta^{(1)}}\big)(x),\quad f_\Theta = f^{(L)} \circ \cdots \circ f^{(1)}",
        assumptions=(r"z^{(0)}(x) = x",),
        check=check,
        cases=network_instances(),
        arrays=("x",),
        per_input="x",
        method="Feature maps from one pass against the outputs of the sub-networks of the first l operators, for every l.",
    )
)
