"""tian18 Thm. 4, corrected: with decorrelation at both nodes and :math:`\\mathrm{Cov}(f_k, g_j | z_\\alpha) = 0`, the matrix form holds on lossy teachers too.

The three recursions of Eq. (8) / (59) hold when, for every child-parent
pair :math:`(\\beta, \\alpha)`, focus and broadness of knowledge hold, the gate
of each node is uncorrelated with its raw activation and raw gradient given
its own summary (child *and* parent, ``tian18.thm2-corrected``), and the
child's activation is uncorrelated with the parent's gradient given
:math:`z_\\alpha` (the decorrelation the proof assumes at Eq. 66-67). A lossless
teacher satisfies all of them (Thm. 3, ``tian18.eq58``); lossy ones do, e.g.,
with independent input positions, open gates and a top gradient that depends
on the top summary only (a label's gradient). The search draws instances
where every condition holds (others are redrawn); a caller's instance where
one fails is undecided. Verdict: **holds**.

Reading: the correction: Thm. 2's conditions at both nodes and Cov(f_k, g_j |
z_alpha) = 0 on every pair; G~ = Lambda G; one-hot leaves.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.tian18._reformulation import cases_where, thm4_evidence


CONDITIONS = ("focus", "broadness", "decorrelation_k", "decorrelation_j", "decorrelation_fg")


def check(xp, inst):
    return thm4_evidence(xp, inst, CONDITIONS)


CLAIM = register(
    Claim(
        id="tian18.thm4-corrected",
        title="With decorrelation at both nodes and of f_k with g_j given z_alpha, the matrix form of Thm. 4 holds",
        where="tian18, Sec. 3, Thm. 4 (corrected); App. 8.5, Eq. (59), (66)-(74)",
        statement=r"\text{focus, broadness},\ \mathrm{Cov}(f'_k,\cdot^{raw}_k|z_\beta) = \mathrm{Cov}(f'_j,\cdot^{raw}_j|z_\alpha) = 0,\ \mathrm{Cov}(f_k, g_j|z_\alpha) = 0 \Rightarrow \text{Eq. (8) / (59)}",
        assumptions=(r"\text{the conditions hold on every child-parent pair}", r"\tilde G_\alpha = \Lambda_\alpha G_\alpha", r"\text{leaves are one-hot inputs without gate}"),
        check=check,
        cases=cases_where(CONDITIONS),
        arrays=("p", "q", "w", "G_top"),
        corrects="tian18.thm4",
        method="As tian18.thm4, on instances drawn where focus, broadness, decorrelation at both nodes and Cov(f_k, g_j | z_alpha) = 0 hold (gaps < 1e-9).",
    )
)
