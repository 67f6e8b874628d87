"""tian18 Sec. 3, boundary conditions of the matrix recursions, as printed: :math:`F_\\beta = I` at the bottom, :math:`G_\\omega = I - F_\\omega` at the top.

"In the lowest level L, we could treat each input pixel ... as a single
event: :math:`f_k(z_\\beta) = \\mathbb I[k = z_\\beta]`"; after Thm. 4: "we want
:math:`F^*_\\omega = I_{n_\\omega}` ... Therefore, the top level gradient is
:math:`G_\\omega = I_{n_\\omega} - F_\\omega`. On the other side, for each region
:math:`\\beta` at the bottom layer, we have :math:`F_\\beta = I_{n_\\beta}`", with
:math:`n_\\alpha = m_\\alpha` at both ends.

Reading: leaves hold the input value (:math:`z = x_i`, the setting of
Sec. 2.2) as one-hot codes; the top summary is the class label, one top node
per class, and the per-input loss :math:`\\tfrac12\\|f_\\omega(x) - e_{z_\\omega(x)}\\|^2`
(the loss whose minimum is :math:`F_\\omega = I`, :math:`Loss = \\|F_\\omega - I\\|_F^2` of
Thm. 6); :math:`G_\\omega` is the gradient after the ReLU gate of the top nodes
(:math:`g_j` is "the gradient ... after filtered by ReLU's gating", Sec. 2.3,
and Thm. 6's proof applies ReLU at the top). Checked with the brute-force
student (:func:`~spline_theory.teacher_student.top_mse_gradient`,
:func:`~spline_theory.teacher_student.reformulation_matrices`).

Verdict: **fails**: the bottom condition holds, but the gated top gradient
is :math:`D_\\omega\\circ I - F_\\omega` (since :math:`f'_j f_j = f_j`), which differs
from :math:`I - F_\\omega` wherever a top unit's gate is closed on inputs of its
own class. Counterexample: two binary inputs, label :math:`x_0`, top weights
:math:`(-1, 0)` / :math:`(0, 1)` on the one-hot code of :math:`x_0` and 0 on
:math:`x_1`: the first top node is dead on class 0, where
:math:`I - F_\\omega = (1, 0)` but :math:`G_\\omega = (0, 0)`. Corrected in
``tian18.sec3.boundary-corrected``.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._boundary import bottom_evidence, build
from spline_theory.testing.strategies import tian18_boundary_instances


def check(xp, inst):
    T, R = build(inst)
    top = T.top
    live = np.diag(R.Lam[top]) > 0  # rows of impossible events (a label that never occurs) are 0 on one side only
    I = np.eye(R.F[top].shape[0])[live]
    return bottom_evidence(xp, T, R) + [close(xp, xp.asarray(R.G[top][live]), xp.asarray(I - R.F[top][live]), relation="G_top == I - F_top (gated top gradient)", scale=xp.asarray(1.0 + np.abs(R.F[top][live])))]


CLAIM = register(
    Claim(
        id="tian18.sec3.boundary",
        title="Boundary conditions of the recursions: F = I at the bottom, G = I - F at the top (as printed)",
        where="tian18, Sec. 3, the paragraph before Thm. 4 and the one after it",
        statement=r"f_k(z_\beta) = \mathbb I[k = z_\beta] \ (F_\beta = I_{n_\beta}),\qquad G_\omega = I_{n_\omega} - F_\omega,\qquad n_\alpha = m_\alpha \text{ at the top and bottom}",
        assumptions=(r"\text{leaves: } z = x_i \text{ (Sec. 2.2), one-hot nodes}", r"\text{top: } z_\omega \text{ the class label, node } j \text{ for class } j", r"\text{per-input loss } \tfrac12\|f_\omega(x) - e_{z_\omega(x)}\|^2", r"\text{labels of probability } 0 \text{ left out}", r"G_\omega \text{ after the top nodes' ReLU gate}"),
        check=check,
        cases=tian18_boundary_instances(lossy_leaves=False),
        arrays=("p", "w"),
        expected="fails",
        kind="imprecise",
        counterexample={
            "A": 2, "regions": [[0], [1], [0, 1]], "children": [[], [], [0, 1]], "tables": [[0, 1], [0, 1], [[0, 0], [1, 1]]],
            "n_nodes": [2, 2, 2], "p": [0.25, 0.25, 0.25, 0.25], "w": [-1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
        },
        method="Brute-force student with the top gradient e_label - f_top (top_mse_gradient); reformulation_matrices' F at the lossless leaves against I, and its gated G_top against I - F_top.",
        notes="The gated top gradient is D_top o I - F_top; I - F_top is the gradient before the gate (tian18.sec3.boundary-corrected).",
    )
)
