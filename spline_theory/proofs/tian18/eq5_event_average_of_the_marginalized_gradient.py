"""tian18 Eq. (5) (Sec. 3): :math:`g_j(z_\\alpha) \\equiv \\mathbb E_{X_j|z_\\alpha}[g_j(X_j)]` is the conditional mean of :math:`g_j(x)` given :math:`z_\\alpha`, and :math:`\\sum_{z}\\tilde g_j(z_\\alpha) = \\mathbb E_x[g_j]`.

Eq. (5) defines the event-level gradient from the *marginalized* gradient
:math:`g_j(x_j) = \\mathbb E_{x_{-j}|x_j}[g_j(x)]` (Eq. 2) and
:math:`\\mathbb P(x_j|z_\\alpha)`; because :math:`z_\\alpha = \\phi_\\alpha(x_\\alpha)` is a
function of :math:`x_j`, this equals :math:`\\mathbb E[g_j(x)|z_\\alpha]` (tower
property), which is what the library's
:func:`~spline_theory.teacher_student.event_average` computes; likewise
:math:`f_j(z_\\alpha)`, :math:`f'_j(z_\\alpha)`. And
:math:`\\tilde g_j(z_\\alpha) = g_j(z_\\alpha)\\mathbb P(z_\\alpha)` sums to
:math:`\\mathbb E_x[g_j]` (used in Sec. 4.2: :math:`\\mathbf 1^T\\tilde G_\\alpha` is the
vector of :math:`\\mathbb E[g_j]`). Checked by brute force on lossless teachers
and on the lossy teachers of ``tian18.thm4``. Verdict: **holds**.

Reading: as printed, deterministic teacher z_alpha = phi_alpha(x_alpha); events
of probability 0 left out.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._reformulation import build
from spline_theory.teacher_student import event_average, marginalize, student_backward, student_forward
from spline_theory.testing.strategies import tian18_reformulation_instances


def check(xp, inst):
    T, W, R, M, gaps = build(inst)
    F, gates = student_forward(T, W)
    G, _ = student_backward(T, W, F, gates, inst["G_top"])
    out = []
    for a in range(len(T.regions)):
        if not T.children[a]:
            continue
        for name, v, ev in (("g", G[a], R.G[a]), ("f", F[a], R.F[a]), ("f'", gates[a], R.D[a])):
            out.append(close(xp, xp.asarray(event_average(T, marginalize(T, v, a), a)), xp.asarray(ev), relation=f"E_(X_j|z_a)[{name}_j(X_j)] == E[{name}_j(x) | z_a] (region {a})", scale=xp.asarray(event_average(T, np.abs(v), a))))
        out.append(close(xp, xp.asarray(np.sum(R.Gt[a], axis=0)), xp.asarray(T.p @ G[a]), relation=f"1^T G~_a == E_x[g_j] (region {a})", scale=xp.asarray(T.p @ np.abs(G[a]))))
    return out


CLAIM = register(
    Claim(
        id="tian18.eq5",
        title="The event-level gradient of Eq. 5 (from the marginalized g_j(x_j)) is E[g_j(x) | z_alpha]; 1^T G~ = E_x[g]",
        where="tian18, Sec. 3, Eq. (5) and the line after it",
        statement=r"g_j(z_\alpha) \equiv \mathbb E_{X_j|z_\alpha}[g_j(X_j)] = \mathbb E[g_j(x)|z_\alpha],\quad \tilde g_j(z_\alpha) = g_j(z_\alpha)\mathbb P(z_\alpha),\quad \sum_{z_\alpha}\tilde g_j(z_\alpha) = \mathbb E_x[g_j]",
        assumptions=(r"z_\alpha = \phi_\alpha(x_\alpha) \text{ (deterministic teacher)}", r"\text{events of probability } 0 \text{ are left out (rows of } 0)"),
        check=check,
        cases=tian18_reformulation_instances(),
        arrays=("p", "q", "w", "G_top"),
        method="event_average of marginalize(v, rf(j)) against reformulation_matrices' event averages of v (g, f, f') on lossless and lossy teachers; the column sums of G~ against E_x[g_j].",
    )
)
