"""tian18 Eq. (60a)-(60d) (App. 8.5, proof of Thm. 4) as printed: Eq. 22 in matrix form for one child-parent pair.

.. math::

    F_\\alpha^{raw} = P_{\\alpha\\beta}F_\\beta W_{\\beta\\alpha}\\ (60a),\\quad
    F_\\alpha = F_\\alpha^{raw}\\circ D_\\alpha\\ (60b),\\quad
    G_\\beta^{raw} = (P^b_{\\alpha\\beta})^T G_\\beta W_{\\beta\\alpha}^T\\ (60c),\\quad
    G_\\beta = G_\\beta^{raw}\\circ D_\\beta\\ (60d).

Reading: "for this pair" a raw quantity is the pair's contribution,
:math:`F^{raw}_{\\beta\\to\\alpha} = \\mathbb E[F_\\beta(x)W_{\\beta\\alpha}|z_\\alpha]` and
:math:`G^{raw}_{\\alpha\\to\\beta} = \\mathbb E[G_\\alpha(x)W_{\\beta\\alpha}^T|z_\\beta]` (the
notation of Eq. 95 and 102; in this library's teachers every region has at
least two children, so a single pair is never the whole sum); in (60b),
(60d) the raw quantity is the sum over pairs. Hypotheses: those of Thm. 2,
decided as in ``tian18.thm4``.

Verdict: **fails**: (60c) multiplies :math:`(P^b_{\\alpha\\beta})^T` (:math:`m_\\beta\\times m_\\alpha`)
by :math:`G_\\beta` (:math:`m_\\beta\\times n_\\beta`) and then by
:math:`W_{\\beta\\alpha}^T` (:math:`n_\\alpha\\times n_\\beta`): ill-typed unless
:math:`m_\\alpha = m_\\beta` and :math:`n_\\alpha = n_\\beta`; the parent's gradient
:math:`G_\\alpha` is meant (as Eq. 36-48 derive). Counterexample: the lossless
two-input teacher (every condition of Thm. 2 holds), :math:`m_\\alpha = 4`,
:math:`m_\\beta = 2`. (60b) also needs decorrelation at the parent, as
``tian18.thm2``. Corrected in ``tian18.eq60-corrected``.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.tian18._reformulation import eq60_evidence
from spline_theory.testing.strategies import tian18_reformulation_instances

LOSSLESS_PAIR = {
    "A": 2, "regions": [[0], [1], [0, 1]], "children": [[], [], [0, 1]], "tables": [[0, 1], [0, 1], [[0, 1], [2, 3]]],
    "n_nodes": [2, 2, 1], "q": [[0.25, 0.75], [0.5, 0.5]], "w": [1.0, -1.0, 0.5, 2.0], "G_top": [[1.0], [-1.0], [0.5], [2.0]],
}


def check(xp, inst):
    return eq60_evidence(xp, inst, printed=True)


CLAIM = register(
    Claim(
        id="tian18.eq60",
        title="Eq. 60a-d, the per-pair matrix form of Eq. 22 (as printed: G_beta in 60c)",
        where="tian18, App. 8.5, proof of Thm. 4, Eq. (60a)-(60d)",
        statement=r"F_\alpha^{raw} = P_{\alpha\beta}F_\beta W_{\beta\alpha},\ F_\alpha = F_\alpha^{raw}\circ D_\alpha,\ G_\beta^{raw} = (P^b_{\alpha\beta})^T G_\beta W_{\beta\alpha}^T,\ G_\beta = G_\beta^{raw}\circ D_\beta",
        assumptions=(r"\text{the conditions of Thm. 2 on every pair}", r"\text{raw quantities of one pair are its contributions (Eq. 95, 102)}"),
        check=check,
        cases=tian18_reformulation_instances(),
        arrays=("p", "q", "w", "G_top"),
        expected="fails",
        kind="typo",
        counterexample=LOSSLESS_PAIR,
        method="reformulation_matrices: the pair contributions E[F_b W | z_a], E[G_a W^T | z_b] and the gated event averages against the printed products; 60c is evaluated as printed, with G_beta.",
        notes="60c: G_beta should read G_alpha (ill-typed as printed). 60b needs decorrelation at the parent (tian18.thm2).",
    )
)
