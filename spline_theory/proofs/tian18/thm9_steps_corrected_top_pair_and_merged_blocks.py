"""tian18 Sec. 5.2 after Thm. 9, corrected: over several centered gradient steps the top pair stays separable; the lower weights stay zero outside the middle factors merged per top factor (separable when each top factor owns at most one).

In the network of ``tian18.thm9.steps`` (tensor-product transitions,
independent top factors, per-factor targets, every layer centered, ReLU,
separable initial weights), after every one of 3 steps of both layers:

- :math:`W_{\\beta\\alpha}` is separable w.r.t. :math:`\\{S^{\\alpha\\beta}_i\\}`, and
  :math:`\\tilde G_\\alpha` stays disentangled (Def. 4) and centered, so the
  hypotheses of Thm. 9 for the top pair hold at every step;
- :math:`W_{\\gamma\\beta}` vanishes outside the merged sets
  :math:`\\bigcup_{k\\in S^{\\alpha\\beta}_i} S^{\\beta\\gamma}_k`
  (:func:`~spline_theory.disentanglement.merged_sets`): the back-propagated
  gradient of a middle factor only involves the group of its top factor, and
  centering makes every cross-group entry vanish (Eq. 108 with
  :math:`\\mathbf 1^T\\tilde{\\mathbf g}_j = 0`); so the middle activations depend on
  their own group only and the top update stays separable;
- if every top factor owns at most one middle factor, the merged sets are
  the sets themselves and :math:`W_{\\gamma\\beta}` stays separable
  (asserted only on such instances).

Verdict: **holds**.

Reading: the correction over several steps: tensor-product transitions,
independent top factors, every layer centered (BN's mean subtraction), ReLU,
separable initial weights, 3 steps of both layers.
"""

import numpy as np

from spline_theory.claims import Claim, close, equal, register, undecided
from spline_theory.disentanglement import is_disentangled_gradient
from spline_theory.proofs.tian18._disentangle import host
from spline_theory.proofs.tian18._steps import block_separable_lower, gate_ties, run, separable_lower, separable_upper
from spline_theory.testing.strategies import tian18_steps_instances


def check(xp, inst):
    out = run(inst)
    if gate_ties(out, float(xp.finfo(xp.asarray(inst["W_u"]).dtype).eps)):
        return [undecided("W separable after every step", "a ReLU gate is decided by a centered pre-activation within round-off of 0 (a tie at the kink)")]
    ev = separable_upper(xp, inst, out) + block_separable_lower(xp, inst, out)
    if max(len(S) for S in inst["sets_b"]) <= 1:  # asserted only when each top factor owns at most one middle factor
        ev += separable_lower(xp, inst, out)
    p = host(inst["p"])
    y = host(inst["y"])
    for t, (G, Fa) in enumerate(zip(out["Gt_alpha"], out["F_alpha"])):
        ev.append(equal(xp, xp.asarray([is_disentangled_gradient(G, p)]), xp.asarray([True]), relation=f"G~_alpha disentangled (Def. 4) at step {t}"))
        ev.append(close(xp, xp.asarray(np.sum(G, axis=0)), xp.asarray(np.zeros(G.shape[1], dtype=G.dtype)), relation=f"1^T G~_alpha == 0 at step {t}", scale=float(np.abs(y).max() + np.abs(Fa).max())))  # centering cancels terms of size |Y - F_alpha|
    return ev


CLAIM = register(
    Claim(
        id="tian18.thm9.steps-corrected",
        title="Over several centered steps the top pair stays separable; lower weights stay zero outside the merged sets of each top factor",
        where="tian18, Sec. 5.2, the paragraph after Thm. 9 (corrected), with App. 8.7.3, Eq. (108)",
        statement=r"\forall t:\ W^{(t)}_{\beta\alpha} \text{ separable w.r.t. } \{S^{\alpha\beta}_i\},\ \tilde G^{(t)}_\alpha \text{ disentangled, centered};\ W^{(t)}_{\gamma\beta}[l, k] = 0 \text{ unless } l \in \textstyle\bigcup_{k'\in S^{\alpha\beta}_{i(k)}} S^{\beta\gamma}_{k'};\ \max_i|S^{\alpha\beta}_i| \le 1 \Rightarrow W^{(t)}_{\gamma\beta} \text{ separable}",
        assumptions=(r"\text{tensor-product transitions, independent top factors, per-factor targets}", r"\text{every layer centered (BN's mean subtraction), ReLU; lossless teacher}", r"\text{separable initial weights; 3 steps of both layers}"),
        check=check,
        cases=tian18_steps_instances(),
        arrays=("blocks_b", "blocks_g", "f_g", "W_l", "W_u", "y", "p"),
        corrects="tian18.thm9.steps",
        method="centered_training for 3 steps; separability_gap of W_upper, block_separability_gap of W_lower w.r.t. merged_sets, separability_gap of W_lower where every top factor owns at most one middle factor, is_disentangled_gradient and the column sums of G~_alpha at every step.",
    )
)
