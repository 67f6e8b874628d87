"""report17 App. A.3, Cor. 2: sufficient conditions for globally optimal inference -- unconstrained first-layer
filters and bias; positive filters and non-negative biases for the inner layers, strictly increasing
nonlinearities; a fully connected last layer.

Reading: "globally optimal inference" is the maximization of App. A.3's
opening display pulled out of every inner layer: the output
:math:`z^{(L-1)}` before the last (fully connected) layer equals, unit by unit,
the maximum over **all** configurations of regions of all layers jointly
(icml18 Eq. (11)), so the layer-by-layer (greedy) choice of regions is
globally optimal. Holds on networks meeting the conditions (dense layers,
leaky ReLUs with eta in {0.1, 0.5}); weights are drawn >= 0, the case
"positive" must include for the statement to be of use (the proof only needs
non-negative). The non-negative inner biases and the strictness of the
nonlinearities are not needed for the maximum to be attained (icml18 Thm. 2
and icml18.cor1-corrected drop them); strictness makes the maximizing
configuration's value unique.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.network import Network
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import cor2_network_instances


def meets_cor2(net: Network) -> tuple[bool, str]:
    """Cor. 2's conditions, read off the operators: the first dense layer free; after it, dense layers with weights and
    biases >= 0 and leaky ReLUs with 0 < eta <= 1 (strictly increasing, convex); a dense last layer."""
    lays = net.layers
    if type(lays[-1]).__name__ != "Dense":
        return False, "the last layer is not fully connected"
    for i, lay in enumerate(lays[1:-1], start=1):
        name = type(lay).__name__
        if name == "Dense":
            xp = lay.xp
            if bool(xp.any(lay.W < 0)) or bool(xp.any(lay.b < 0)):
                return False, f"layers[{i}] has a negative weight or bias"
        elif name == "LeakyReLU":
            if not 0 < lay.eta <= 1:
                return False, f"layers[{i}] is not strictly increasing and convex (eta = {lay.eta})"
        else:
            return False, f"layers[{i}] ({name}) is not covered by Cor. 2"
    return True, ""


def check(xp, inst):
    net, x = net_and_x(inst)
    ok, why = meets_cor2(net)
    if not ok:
        return undecided("Cor. 2 conditions", why)
    return close(xp, net.forward(x), net.joint_max_template_matching(x),
                 relation="z^(L)(x) == W^(L) max over all joint region configurations (z^(L-1)) + b^(L) (greedy = global inference)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.cor2",
        title="Free first layer, non-negative inner filters and biases, strictly increasing activations, fc last layer: layerwise inference is globally optimal",
        where="report17, App. A.3, Cor. 2",
        statement=r"W^{(1)}, b^{(1)} \text{ free};\ W^{(\ell)} \ge 0,\ b^{(\ell)} \ge 0\ (1 < \ell < L);\ \sigma \text{ strictly increasing}:\quad z^{(L-1)}(x) = \max_{r^{(L-1)}, \dots, r^{(1)}} \Big(A^{(L-1)}_{r^{(L-1)}}\big(\cdots(A^{(1)}_{r^{(1)}}x + B^{(1)}_{r^{(1)}})\cdots\big) + B^{(L-1)}_{r^{(L-1)}}\Big)",
        assumptions=(r"\text{convex activations (leaky ReLU, } 0 < \eta \le 1)", r"\text{the maximum taken per unit of } z^{(L-1)}", r"\text{``positive'' filters read as } \ge 0"),
        check=check,
        cases=cor2_network_instances(),
        arrays=("x",),
        per_input="x",
        method="Network.joint_max_template_matching (every joint configuration of regions enumerated) against the forward pass, on networks whose operators meet Cor. 2.",
        notes="The same conclusion as icml18 Cor. 1 / Eq. (11) under icml18 Thm. 2's weaker conditions (icml18.cor1-corrected).",
    )
)
