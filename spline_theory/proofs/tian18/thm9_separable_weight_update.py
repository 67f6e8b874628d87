"""tian18 Thm. 9 (Sec. 5.2; App. 8.7.2, Eq. 97-101): with disentangled, centered gradients the weight update is separable.

If :math:`P_{\\alpha\\beta} = \\bigotimes_i P_{\\alpha[i]\\beta[S_i]}`, :math:`F_\\beta`
and :math:`\\tilde G_\\alpha` are disentangled (Def. 3, 4) and
:math:`\\mathbf 1^T\\tilde G_\\alpha = \\mathbf 0`, then
:math:`\\Delta W_{\\beta\\alpha} = (P_{\\alpha\\beta}F_\\beta)^T\\tilde G_\\alpha` is
separable w.r.t. :math:`\\{S_i\\}` (Def. 5); in particular
:math:`\\Delta\\mathbf w_{S_j} = (P_{S_j}\\mathbf f_{S_j})^T\\tilde{\\mathbf g}_j` (Eq. 101).

Checked with the event-level update of Thm. 4 on drawn blocks, factor
activations and centered gradient factors (:math:`\\mathbf 1^T\\tilde{\\mathbf g}_j = 0`).
The off-block entries are :math:`(\\mathbf u^T\\mathbf p_{\\alpha[i]})(\\mathbf 1^T\\tilde{\\mathbf g}_j)`
(Eq. 99), which vanish by centering. Verdict: **holds**.

Reading: as printed: a partition {S_i}, marginals summing to 1, disentangled
and centered gradients; lossless teacher so that Eq. (8), in which the theorem
is stated, is exact.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import disentangled_activation, disentangled_gradient, reformulated_update, separability_gap, tensor_product_transition
from spline_theory.proofs.tian18._disentangle import child, host
from spline_theory.testing.strategies import disentangle_instances


def check(xp, inst):
    blocks, sets, n_b, f, _ = child(inst, 0)
    P = tensor_product_transition(blocks, sets, n_b)
    F = disentangled_activation(f)
    G = disentangled_gradient(host(inst["g"]), host(inst["p"]))
    dW = reformulated_update(P, F, G)
    # round-off of each entry is relative to the sum of |terms| (P|F|)^T |G|
    scale = float(np.max((P @ np.abs(F)).T @ np.abs(G)))
    dt = xp.asarray(dW).dtype  # the gap is a Python float: keep the dtype the update was computed in (float32 round-off in float32)
    return close(xp, xp.asarray(separability_gap(dW, sets), dtype=dt), xp.asarray(0.0, dtype=dt), relation="max |Delta W_ba[k, j]| over k not in S_j == 0 (Delta W separable)", scale=scale)


CLAIM = register(
    Claim(
        id="tian18.thm9",
        title="Disentangled F and centered disentangled gradients give a separable weight update",
        where="tian18, Sec. 5.2, Thm. 9; App. 8.7.2, Thm. 9, Eq. (97)-(101)",
        statement=r"P_{\alpha\beta} = \textstyle\bigotimes_i P_{\alpha[i]\beta[S_i]},\ F_\beta,\ \tilde G_\alpha \text{ disentangled},\ \mathbf 1^T\tilde G_\alpha = \mathbf 0 \Rightarrow \Delta W_{\beta\alpha} = (P_{\alpha\beta}F_\beta)^T\tilde G_\alpha \text{ separable w.r.t. } \{S_i\}",
        assumptions=(r"\{S_i\} \text{ partitions the factors of } \beta", r"\mathbf 1^T\mathbf p_{\alpha[i]} = 1", r"\text{lossless teacher (Eq. 8 exact)}"),
        check=check,
        cases=disentangle_instances(centered=True),
        arrays=("b0", "f0", "g", "p"),
        method="reformulated_update of tensor_product_transition, disentangled_activation and disentangled_gradient (centered factors); separability_gap of the update against 0 with the scale of (P|F|)^T|G|.",
    )
)
