"""tian18 Eq. (61a)-(61b) (App. 8.5) as printed: with :math:`\\Lambda_\\beta(P^b_{\\alpha\\beta})^T = P_{\\alpha\\beta}^T\\Lambda_\\alpha` and :math:`\\tilde G = \\Lambda G`, Eq. 60 becomes

.. math::

    F_\\alpha = P_{\\alpha\\beta}F_\\beta W_{\\beta\\alpha}\\circ D_\\alpha\\ (61a),\\qquad
    \\tilde G_\\beta = (P_{\\alpha\\beta})^T\\tilde G_\\beta W_{\\beta\\alpha}^T\\circ D_\\beta\\ (61b).

Reading: per pair, as in ``tian18.eq60`` (the left side of 61b is the
pair's contribution :math:`D_\\beta\\circ\\Lambda_\\beta G^{raw}_{\\alpha\\to\\beta}`, which is
:math:`\\tilde G_\\beta` when :math:`\\alpha` is :math:`\\beta`'s only parent); hypotheses
of Thm. 2. The Bayes identity is checked too.

Verdict: **fails**: (61b) repeats the typo of (60c): :math:`\\tilde G_\\beta` for
:math:`\\tilde G_\\alpha` makes :math:`P_{\\alpha\\beta}^T\\tilde G_\\beta` ill-typed unless
:math:`m_\\alpha = m_\\beta`. Counterexample: the lossless two-input teacher of
``tian18.eq60``. The Bayes identity and (61a) hold. Corrected in
``tian18.eq61-corrected``.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.tian18._reformulation import eq61_evidence
from spline_theory.proofs.tian18.eq60_pairwise_matrix_form_as_printed import LOSSLESS_PAIR
from spline_theory.testing.strategies import tian18_reformulation_instances


def check(xp, inst):
    return eq61_evidence(xp, inst, printed=True)


CLAIM = register(
    Claim(
        id="tian18.eq61",
        title="Eq. 61a-b, Eq. 60 rewritten with Lambda and G~ (as printed: G~_beta on the right of 61b)",
        where="tian18, App. 8.5, proof of Thm. 4, Eq. (61a)-(61b) and the line before them",
        statement=r"\Lambda_\beta(P^b_{\alpha\beta})^T = P_{\alpha\beta}^T\Lambda_\alpha,\ \tilde G_\alpha = \Lambda_\alpha G_\alpha \Rightarrow F_\alpha = P_{\alpha\beta}F_\beta W_{\beta\alpha}\circ D_\alpha,\ \tilde G_\beta = (P_{\alpha\beta})^T\tilde G_\beta W_{\beta\alpha}^T\circ D_\beta",
        assumptions=(r"\text{the conditions of Thm. 2 on every pair}", r"\text{per-pair contributions as in Eq. 60}"),
        check=check,
        cases=tian18_reformulation_instances(),
        arrays=("p", "q", "w", "G_top"),
        expected="fails",
        kind="typo",
        counterexample=LOSSLESS_PAIR,
        method="reformulation_matrices: Lambda_b (P^b)^T against P^T Lambda_a, the gated pair contributions against the printed products; 61b is evaluated as printed, with G~_beta.",
        notes="61b: G~_beta should read G~_alpha (the typo of 60c).",
    )
)
