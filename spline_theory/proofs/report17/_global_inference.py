"""Shared by the report17 App. A.3 claims (Thm. 10, Prop. 3): build the layer pair of an instance and compare the
forward configuration's output with the best over all configurations."""

from spline_theory.claims import leq
from spline_theory.global_inference import configuration_outputs, forward_outputs
from spline_theory.maso import MASO

STATEMENT_ASSUMPTIONS = (
    r"\mathcal S[\Phi, \Omega] \text{ a MASO (independent convex splines), } \Phi[y] \text{ its own region choice}",
    r"\text{the next layer } S^{(2)}(W\cdot + b) \text{ with } S^{(2)} \text{ a MASO of slopes } B[\cdot]",
    r"\arg\max = \Phi[y] \text{ read as: } \Phi[y] \text{ attains the maximum (ties between configurations of equal value allowed)}",
)


def layer_pair(inst):
    """(S1, W, b, S2, y) of an instance of ``global_inference_instances``."""
    return MASO(inst["A1"], inst["B1"]), inst["W"], inst["b"], MASO(inst["A2"], inst["B2"]), inst["y"]


def best_and_forward(xp, inst):
    """Outputs over every configuration (N, M, K2), the forward configuration's (N, K2) and a magnitude scale."""
    S1, W, b, S2, y = layer_pair(inst)
    G = configuration_outputs(S1, W, b, S2, y)
    F = forward_outputs(S1, W, b, S2, y)
    scale = 1.0 + xp.max(xp.abs(G))
    return G, F, scale


def attains_sum(xp, G, F, scale, relation="max_phi <S2(W phi(y) + b), 1> <= <S2(W Phi[y](y) + b), 1> (Phi[y] attains the maximum)"):
    return leq(xp, xp.max(xp.sum(G, axis=2), axis=1), xp.sum(F, axis=1), relation=relation, scale=scale)
