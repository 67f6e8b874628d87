"""tian18 Eq. (63)-(74) (App. 8.5): with the decorrelation the proof assumes and focus of knowledge, :math:`\\Delta W_{\\beta\\alpha} = (P_{\\alpha\\beta}F_\\beta)^T\\tilde G_\\alpha`.

The proof writes :math:`\\Delta w_{jk} = \\sum_{z_\\alpha}\\int f_k g_j \\mathbb P(x|z_\\alpha)\\mathbb P(z_\\alpha)dx`
(Eq. 66), "assume[s] decorrelation" to split
:math:`\\mathbb E[f_k g_j|z_\\alpha] = \\mathbb E[f_k|z_\\alpha]\\,g_j(z_\\alpha)` (Eq. 67), and
uses focus of knowledge for :math:`\\mathbb E[f_k|z_\\alpha] = \\sum_{z_\\beta} f_k(z_\\beta)\\mathbb P(z_\\beta|z_\\alpha)`
(Eq. 69-72), which gives Eq. 73-74. Checked on lossless and lossy teachers;
tested on the pairs where both assumptions hold (``decorrelation_fg`` and
``focus`` of :func:`~spline_theory.teacher_student.reformulation_gaps`); on
the others the implication is vacuous, and an instance with no such pair is
undecided.
With the proof's own assumptions the step is right. Verdict: **holds**.
(Thm. 4 does not list the decorrelation: ``tian18.thm4``.)

Reading: Eq. (63)-(74) under the decorrelation Cov(f_k, g_j | z_alpha) = 0 that
the proof assumes at Eq. (67) and focus of knowledge (Eq. (69)-(72)); both
named.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.tian18._reformulation import build, relation, tested
from spline_theory.testing.strategies import tian18_reformulation_instances


def check(xp, inst):
    T, W, R, M, gaps = build(inst)
    return tested([
        relation(xp, R.dW[k], rhs, text=f"Delta W_ba == (P_ab F_b)^T G~_a ({k[0]} -> {k[1]})", scale=M["dW_scale"][k], needs=("decorrelation_fg", "focus"), gaps=gaps, pairs=[k])
        for k, rhs in M["dW"].items()
    ], "Eq. (74)")


CLAIM = register(
    Claim(
        id="tian18.eq74",
        title="Under the decorrelation of Eq. 67 and focus of knowledge, the update is (P F)^T G~",
        where="tian18, App. 8.5, Eq. (63)-(74)",
        statement=r"\mathbb E_{X|z_\alpha}[f_k g_j] = \mathbb E_{X|z_\alpha}[f_k]\,g_j(z_\alpha),\ \mathbb P(x_k|z_\alpha,z_\beta) = \mathbb P(x_k|z_\beta) \Rightarrow \Delta W_{\beta\alpha} = (P_{\alpha\beta}F_\beta)^T\tilde G_\alpha",
        assumptions=(r"\mathrm{Cov}(f_k, g_j | z_\alpha) = 0 \text{ (Eq. 67)}", r"\text{focus of knowledge for the pair (Eq. 69-72)}", r"\tilde g_j(z_\alpha) = g_j(z_\alpha)\mathbb P(z_\alpha)"),
        check=check,
        cases=tian18_reformulation_instances(),
        arrays=("p", "q", "w", "G_top"),
        method="For each child-parent pair where Cov(f_k, g_j | z_alpha) and the focus gap vanish (< 1e-9): the brute-force E_x[f_k g_j] against (P_ab F_b)^T Lambda_a G_a from reformulation_matrices / matrix_recursions.",
    )
)
