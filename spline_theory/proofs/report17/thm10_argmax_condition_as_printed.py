"""report17 App. A.3, Thm. 10 (Eq. 122) as printed: the next layer's output sum is maximized by the region
configuration :math:`\\Phi[y]` the MASO selects itself **if and only if**
:math:`\\sum_d (W_{d,k} + b_d)\\,\\kappa^B_d[W\\phi(y) + b] > 0\\ \\forall k` "and increases w.r.t. :math:`\\phi(y)`".

Reading: :math:`\\kappa^B_d[z] = \\sum_j B[z]_{j,d}` (the column sums of the slope matrix of
:math:`S^{(2)}` at z, the quantity the proof calls :math:`\\sum_k B[\\cdot]_{k,d}`); the
condition is required at every configuration :math:`\\phi`; "increases" is read
as non-decreasing over the configurations, which a condition that takes the
same value at every configuration meets (the "if" direction is checked only
on such instances; the "only if" direction on all).

Verdict: **fails**, both directions. The bias enters the printed condition but
not the objective's slopes (the proof's :math:`\\alpha_i = \\sum_d W_{d,i} \\sum_k B_{k,d}`
has no b). Counterexample ("if"): one unit :math:`|y|` read as the pieces
:math:`\\pm y`, W = -1, b = 2, :math:`S^{(2)}` = ReLU, y = 1: the condition is
(-1 + 2) * 1 = 1 > 0 at both configurations, yet :math:`\\Phi[y]` (value 1)
gives ReLU(-1 + 2) = 1 while the other piece gives ReLU(1 + 2) = 3.
``report17.thm10-corrected`` states a sufficient condition that holds.
"""

from spline_theory.claims import Claim, default_rtol, equal, register, undecided
from spline_theory.global_inference import printed_thm10_condition
from spline_theory.proofs.report17._global_inference import STATEMENT_ASSUMPTIONS, best_and_forward, layer_pair
from spline_theory.testing.strategies import global_inference_instances


def _all_true(xp, v, relation):
    v = xp.astype(v, xp.int64)
    return equal(xp, v, xp.ones_like(v), relation=relation)


def check(xp, inst):
    G, F, scale = best_and_forward(xp, inst)
    c = printed_thm10_condition(*layer_pair(inst))  # (N, M, K)
    cmag = 1.0 + xp.max(xp.abs(c))
    ctol = default_rtol(c.dtype) * cmag  # round-off of the sums of products that make up c; exact zeros (inactive units) are decided
    if bool(xp.any((c > 0) & (c <= ctol))):
        return undecided("printed condition c_k(phi) > 0", "a value of the condition is positive but within round-off of 0")
    gap = xp.max(xp.sum(G, axis=2), axis=1) - xp.sum(F, axis=1)  # >= 0; 0 when Phi[y] attains the maximum
    attains = gap <= default_rtol(G.dtype) * scale
    misses = gap > 1e-3 * scale
    if not bool(xp.all(attains | misses)):
        return undecided("Phi[y] attains the maximum", "the forward configuration misses the maximum by less than 1e-3 of the output scale")
    cond = xp.all(c > ctol, axis=(1, 2))  # (N,)
    constant = xp.all(xp.abs(c - c[:, :1, :]) <= ctol, axis=(1, 2))
    return [
        _all_true(xp, xp.logical_not(cond & constant) | attains,
                  "condition > 0 at every configuration (the same value at each) => Phi[y] attains max_phi <S2(W phi(y) + b), 1>"),
        _all_true(xp, xp.logical_not(attains) | cond, "Phi[y] attains max_phi <S2(W phi(y) + b), 1> => condition > 0 at every configuration"),
    ]


CLAIM = register(
    Claim(
        id="report17.thm10",
        title="The next layer's output sum is maximized by the MASO's own region choice iff sum_d (W_dk + b_d) kappa_d > 0 (as printed)",
        where="report17, App. A.3, Thm. 10, Eq. (122)",
        statement=r"\arg\max_{\phi \in \Phi} \langle BW\phi(y) + b, \mathbf 1\rangle = \arg\max_{\phi\in\Phi}\langle \phi(y), \mathbf 1\rangle = \Phi[y] \iff \sum_d (W_{d,k} + b_d)\,\kappa^B_d[W\phi(y) + b] > 0\ \forall k \text{ and increases w.r.t. } \phi(y)",
        assumptions=STATEMENT_ASSUMPTIONS + (r"\kappa^B_d[z] = \sum_j B[z]_{j,d}", r"\text{``increases'' read as non-decreasing over the configurations}"),
        check=check,
        cases=global_inference_instances(),
        arrays=("A1", "B1", "W", "b", "A2", "B2", "y"),
        expected="fails",
        kind="error",
        counterexample={"kind": "relu", "A1": [[[1.0], [-1.0]]], "B1": [[0.0, 0.0]], "W": [[-1.0]], "b": [2.0], "A2": [[[0.0], [1.0]]], "B2": [[0.0, 0.0]], "y": [[1.0]]},
        method="Every configuration of S1 enumerated (global_inference.configuration_outputs); the printed condition at each "
        "(global_inference.printed_thm10_condition) against whether the forward configuration attains the maximum of the output sum.",
        notes="See report17.thm10-corrected.",
    )
)
