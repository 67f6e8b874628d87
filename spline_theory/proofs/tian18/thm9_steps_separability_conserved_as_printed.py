"""tian18 Sec. 5.2, after Thm. 9, as printed: "the separable structure is conserved over gradient descent, given the initial :math:`W^{(0)}_{\\beta\\alpha}` is separable", centered gradients being "guaranteed if we insert Batch Norm after linear layers".

Reading: a three-level network (bottom :math:`\\gamma` with fixed disentangled
activations, middle :math:`\\beta`, top :math:`\\alpha` with independent factors
and per-factor targets), every layer linear, centered (the mean subtraction
of BN, under :math:`\\mathbb P(z)` of its level) and ReLU, tensor-product
transitions, separable initial weights; at step 0 every hypothesis of
Thm. 9 holds for the upper pair (:math:`F_\\beta` disentangled by Thm. 8,
:math:`\\tilde G_\\alpha` disentangled and centered). Both layers take
:func:`~spline_theory.disentanglement.centered_training` steps; the claim
is that both weight matrices stay separable (w.r.t. their sets) over 3 steps.

(Full BN is not used: with binary factors a disentangled column takes two
values, :math:`\\{\\mathbf f, \\mathbf 1\\}` spans each factor's plane and the BN
projection of Thm. 5 annihilates the gradient, so nothing would move.)

Verdict: **fails**: Thm. 9 is a one-step statement about one pair, and its
hypotheses are not preserved below the top pair: the gradient sent down to
:math:`\\beta` is not disentangled once a top factor owns two middle factors
(App. 8.7.3, ``tian18.app8.7.3.backward``), so :math:`\\Delta W_{\\gamma\\beta}` is
not separable and :math:`W_{\\gamma\\beta}` loses separability at the first step.
The paper itself calls the backward pass "the hard part". What survives
(``tian18.thm9.steps-corrected``): the top pair stays separable at every step,
and the lower weights only mix the middle factors owned by one top factor.
Counterexample: stored (one top factor owning two middle factors, each
owning one bottom factor; the off-block entries of :math:`W_{\\gamma\\beta}` reach
0.02 after one step).
"""

from spline_theory.claims import Claim, register, undecided
from spline_theory.proofs.tian18._steps import gate_ties, run, separable_lower, separable_upper
from spline_theory.testing.strategies import tian18_steps_instances


def check(xp, inst):
    out = run(inst)
    if gate_ties(out, float(xp.finfo(xp.asarray(inst["W_u"]).dtype).eps)):  # a gate opened or closed by rounding is no counterexample
        return [undecided("W separable after every step", "a ReLU gate is decided by a centered pre-activation within round-off of 0 (a tie at the kink)")]
    return separable_upper(xp, inst, out) + separable_lower(xp, inst, out)


CLAIM = register(
    Claim(
        id="tian18.thm9.steps",
        title="Separable weights stay separable over several gradient steps with centered gradients (as printed)",
        where="tian18, Sec. 5.2, the paragraph after Thm. 9",
        statement=r"W^{(0)} \text{ separable},\ F_\beta,\ \tilde G_\alpha \text{ disentangled},\ \mathbf 1^T\tilde G_\alpha = \mathbf 0 \text{ (BN)} \Rightarrow W^{(t)} \text{ separable for all } t",
        assumptions=(r"\text{the hypotheses of Thm. 9 at } t = 0", r"\text{every layer centered (BN's mean subtraction), ReLU; lossless teacher}", r"\text{3 gradient steps of both layers}"),
        check=check,
        cases=tian18_steps_instances(one_each=False),
        arrays=("blocks_b", "blocks_g", "f_g", "W_l", "W_u", "y", "p"),
        expected="fails",
        kind="error",
        counterexample={
            "n_a": 1, "n_b": 2, "n_g": 2, "sets_b": [[0, 1]], "sets_g": [[0], [1]],
            "blocks_b": [0.5, 0.25, 0.125, 0.125, 0.125, 0.125, 0.25, 0.5], "blocks_g": [0.75, 0.25, 0.25, 0.75, 0.5, 0.5, 0.125, 0.875],
            "f_g": [[1.0, -0.5], [0.25, 1.5]], "W_l": [[1.0, 0.0], [0.0, 1.0]], "W_u": [[1.0], [0.5]],
            "y": [[1.0, -1.0]], "p": [[0.5, 0.5]], "lr": 1.0,
        },
        method="centered_training (event-level recursions of Thm. 4 with centered layers) for 3 steps from separable weights, a top factor owning several middle factors allowed; separability_gap of both weight matrices after each step against 0.",
        notes="Thm. 9 is a one-step statement; the backward pass does not keep G~_beta disentangled (App. 8.7.3), so the lower layer, then the upper one, lose separability. Corrected in tian18.thm9.steps-corrected.",
    )
)
