"""tian18 Thm. 3 with the matrix form of Thm. 4 (Eq. (7)-(8)): with a lossless teacher the reformulation is exact.

"If :math:`\\mathbb P(x_j|z_\\alpha)` is a delta function for all
:math:`\\alpha`, then all conditions in Thm. 2 hold", so Eq. (7) holds; in the
matrix form of Thm. 4,

.. math::

    F_\\alpha = D_\\alpha \\circ \\sum_{\\beta} P_{\\alpha\\beta}F_\\beta W_{\\beta\\alpha},\\quad
    \\tilde G_\\beta = D_\\beta \\circ \\sum_{\\alpha \\in pa(\\beta)} P_{\\alpha\\beta}^T\\tilde G_\\alpha W_{\\beta\\alpha}^T,\\quad
    \\Delta W_{\\beta\\alpha} = (P_{\\alpha\\beta}F_\\beta)^T\\tilde G_\\alpha .

Checked on lossless teachers (every :math:`z_\\alpha` determines
:math:`x_\\alpha`: leaves :math:`z = x_i`, above the tuple of the children's
values), siblings overlapping or not, by comparing the brute-force student
over all inputs with the recursions on events
(:func:`~spline_theory.teacher_student.event_average`,
:func:`~spline_theory.teacher_student.transition_matrix`). Verdict: **holds**.
(With lossy teachers the conditions of Thm. 2 can fail and these identities
with them; Thm. 3 does not claim otherwise.)

Reading: as printed, a lossless teacher (z_alpha determines x_alpha), checked
through the matrix form of Thm. 4; rows of impossible events are 0 on both
sides; one-hot leaves.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._student import run
from spline_theory.teacher_student import event_average, event_probabilities, transition_matrix
from spline_theory.testing.strategies import teacher_student_instances


def check(xp, inst):
    T, W, F, gates, G, delta = run(inst)
    R = range(len(T.regions))
    Fz = {a: event_average(T, F[a], a) for a in R}
    Dz = {a: event_average(T, gates[a], a) for a in R}
    Gt = {a: event_average(T, G[a], a) * event_probabilities(T, a)[:, None] for a in R}
    out = []
    for a, ch in enumerate(T.children):
        if ch:
            rhs = Dz[a] * sum(transition_matrix(T, a, b) @ Fz[b] @ W[(b, a)] for b in ch)
            scale = sum(transition_matrix(T, a, b) @ np.abs(Fz[b]) @ np.abs(W[(b, a)]) for b in ch)
            out.append(close(xp, xp.asarray(Fz[a]), xp.asarray(rhs), relation=f"F_a == D_a o sum_b P_ab F_b W_ba (region {a})", scale=xp.asarray(scale)))
        for b in ch:
            P = transition_matrix(T, a, b)
            lhs = (P @ Fz[b]).T @ Gt[a]
            out.append(close(xp, xp.asarray(delta[(b, a)]), xp.asarray(lhs), relation=f"Delta W_ba == (P_ab F_b)^T G~_a ({b} -> {a})", scale=xp.asarray((P @ np.abs(Fz[b])).T @ np.abs(Gt[a]))))
    for b in R:
        pa = T.parents(b)
        if not pa:
            continue
        rhs = Dz[b] * sum(transition_matrix(T, a, b).T @ Gt[a] @ W[(b, a)].T for a in pa)
        scale = sum(transition_matrix(T, a, b).T @ np.abs(Gt[a]) @ np.abs(W[(b, a)]).T for a in pa)
        out.append(close(xp, xp.asarray(Gt[b]), xp.asarray(rhs), relation=f"G~_b == D_b o sum_a P_ab^T G~_a W_ba^T (region {b})", scale=xp.asarray(scale)))
    return out


CLAIM = register(
    Claim(
        id="tian18.thm3",
        title="With a lossless teacher the reformulation (Eq. 7, matrix form Eq. 8) is exact",
        where="tian18, Sec. 3, Thm. 3 with Thm. 2 (Eq. 7) and Thm. 4 (Eq. 8)",
        statement=r"\mathbb P(x_j|z_\alpha) = \delta \ \forall\alpha \Rightarrow F_\alpha = D_\alpha\circ\sum_\beta P_{\alpha\beta}F_\beta W_{\beta\alpha},\ \tilde G_\beta = D_\beta\circ\sum_{\alpha\in pa(\beta)}P_{\alpha\beta}^T\tilde G_\alpha W_{\beta\alpha}^T,\ \Delta W_{\beta\alpha} = (P_{\alpha\beta}F_\beta)^T\tilde G_\alpha",
        assumptions=(r"\text{lossless teacher: } z_\alpha \text{ determines } x_\alpha", r"\text{rows of impossible events are } 0 \text{ on both sides}", r"\text{leaf } F_\beta = \text{one-hot inputs}"),
        check=check,
        cases=teacher_student_instances(),
        arrays=("p", "w", "G_top"),
        method="Brute-force student over all A^d inputs; its per-event averages F, D, G~ (event_average, event_probabilities) and transition matrices P_ab against the three matrix recursions of Thm. 4.",
    )
)
