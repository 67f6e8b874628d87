"""report17 App. A.3, Prop. 3 (Eq. 123) as printed: with Cor. 2's properties,
:math:`\\arg\\max_\\phi (BW\\phi(y) + b)_k = \\Phi[y]\\ \\forall k` -- "the local inference leads to the same spline
as the one maximizing each output neuron of the network".

Reading: for every output unit k of the layer after the MASO, the MASO's own
region choice :math:`\\Phi[y]` attains :math:`\\max_\\phi (S^{(2)}(W\\phi(y)+b))_k`; the
layer after the MASO is an inner layer of Cor. 2 (W >= 0, b >= 0, a strictly
increasing leaky ReLU) or its last, fully connected layer (W free, no
activation), since the statement names the network's output neurons.

Verdict: **fails**. Cor. 2 leaves the last layer's weights free, and an
output neuron with a negative weight is maximized by the *smallest* unit
value. Counterexample: one leaky-ReLU unit (pieces y and y/2), last layer
W = -1, b = 0, y = 1: :math:`\\Phi[y]` (value 1) gives -1, the other piece gives
-1/2. ``report17.prop3-corrected`` restricts the statement to units whose
incoming slopes are non-negative (Cor. 2's inner layers).
"""

from spline_theory.claims import Claim, leq, register
from spline_theory.proofs.report17._global_inference import STATEMENT_ASSUMPTIONS, best_and_forward
from spline_theory.testing.strategies import global_inference_instances
from hypothesis import strategies as st


def check(xp, inst):
    G, F, scale = best_and_forward(xp, inst)
    return leq(xp, xp.max(G, axis=1), F, relation="max_phi (S2(W phi(y) + b))_k <= (S2(W Phi[y](y) + b))_k for every k (Phi[y] maximizes every output unit)", scale=scale)


CLAIM = register(
    Claim(
        id="report17.prop3",
        title="With Cor. 2's properties the MASO's own region choice maximizes every output neuron (as printed)",
        where="report17, App. A.3, Prop. 3, Eq. (123)",
        statement=r"\arg\max_{\phi\in\Phi} (BW\phi(y) + b)_k = \arg\max_{\phi\in\Phi} \langle\phi(y), \mathbf 1\rangle = \Phi[y]\quad \forall k",
        assumptions=STATEMENT_ASSUMPTIONS + (r"\text{the next layer: an inner layer of Cor. 2 or its fully connected last layer}",),
        check=check,
        cases=st.one_of(global_inference_instances(kind="inner", max_dim=2), global_inference_instances(kind="last", max_dim=2)),
        arrays=("A1", "B1", "W", "b", "A2", "B2", "y"),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={"kind": "last", "A1": [[[1.0], [0.5]]], "B1": [[0.0, 0.0]], "W": [[-1.0]], "b": [0.0], "A2": [[[1.0]]], "B2": [[0.0]], "y": [[1.0]]},
        method="Every configuration of S1 enumerated (global_inference.configuration_outputs): each output unit's maximum against the forward configuration's value.",
        notes="See report17.prop3-corrected.",
    )
)
