"""tian18 Eq. (60a)-(60d), corrected: with :math:`G_\\alpha` in (60c), each identity holds under one condition of its own.

.. math::

    F^{raw}_{\\beta\\to\\alpha} = P_{\\alpha\\beta}F_\\beta W_{\\beta\\alpha}\\ \\text{(focus; Eq. 27-33)},\\qquad
    F_\\alpha = F_\\alpha^{raw}\\circ D_\\alpha\\ \\text{(decorrelation at the parent)},

.. math::

    G^{raw}_{\\alpha\\to\\beta} = (P^b_{\\alpha\\beta})^T G_\\alpha W_{\\beta\\alpha}^T\\ \\text{(broadness; Eq. 37-47)},\\qquad
    G_\\beta = G_\\beta^{raw}\\circ D_\\beta\\ \\text{(decorrelation at the child; Eq. 49-52)}.

Each relation is decided on the instances (lossless and lossy teachers,
independent or correlated inputs) where its own condition holds for the
pairs it involves; the linear steps (60a), (60c) need no decorrelation at
all. Verdict: **holds**. A test shows each condition is needed (a lossy
teacher where it fails and its identity with it).

Reading: the correction: G_alpha in (60c), each identity under its own
condition on the pair; an identity whose condition fails on an instance is
vacuous (not evidence).
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.tian18._reformulation import eq60_evidence
from spline_theory.testing.strategies import tian18_reformulation_instances


def check(xp, inst):
    return eq60_evidence(xp, inst, printed=False)


CLAIM = register(
    Claim(
        id="tian18.eq60-corrected",
        title="Eq. 60 with G_alpha in 60c: 60a needs focus, 60b parent decorrelation, 60c broadness, 60d child decorrelation",
        where="tian18, App. 8.5, Eq. (60a)-(60d) (corrected), with Eq. (23)-(52)",
        statement=r"\text{focus} \Rightarrow F^{raw}_{\beta\to\alpha} = P_{\alpha\beta}F_\beta W_{\beta\alpha};\ \text{broadness} \Rightarrow G^{raw}_{\alpha\to\beta} = (P^b_{\alpha\beta})^T G_\alpha W_{\beta\alpha}^T;\ \mathrm{Cov}(f'_j,f^{raw}_j|z_\alpha) = 0 \Rightarrow F_\alpha = F^{raw}_\alpha\circ D_\alpha;\ \mathrm{Cov}(f'_k,g^{raw}_k|z_\beta) = 0 \Rightarrow G_\beta = G^{raw}_\beta\circ D_\beta",
        assumptions=(r"\text{each identity only under its own condition, on the pairs it involves}", r"\text{raw quantities of one pair are its contributions (Eq. 95, 102)}"),
        check=check,
        cases=tian18_reformulation_instances(),
        arrays=("p", "q", "w", "G_top"),
        corrects="tian18.eq60",
        method="reformulation_matrices on lossless and lossy teachers; each of 60a-60d compared where its own gap of reformulation_gaps (focus, decorrelation_j, broadness, decorrelation_k) is below 1e-9, undecided elsewhere.",
    )
)
