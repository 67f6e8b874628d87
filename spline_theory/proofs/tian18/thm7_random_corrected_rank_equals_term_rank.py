"""tian18, remark after Thm. 7, corrected: with random weights, :math:`\\operatorname{rank}F_\\alpha` equals the term rank of its support with probability 1.

For :math:`F_\\alpha = \\operatorname{ReLU}(P_{\\alpha\\beta}W_{\\beta\\alpha})` with
:math:`P_{\\alpha\\beta}` of full row rank and Gaussian :math:`W_{\\beta\\alpha}`:
given the sign pattern of :math:`P_{\\alpha\\beta}W_{\\beta\\alpha}`, the positive
entries have a joint density, so with probability 1 the rank equals the
*term rank* of the support (the largest set of non-zeros with no two in one
row or column). Hence :math:`F_\\alpha` has full row rank exactly when its
support matches every row to its own column, an event of probability
strictly below 1 (each column is dead with probability at least
:math:`2^{-m_\\beta}`). Random weights give full rank with positive
probability, not with probability 1.

Reading: the correction: with i.i.d. Gaussian weights the rank equals the term
rank of the support with probability 1; P full row rank and row-stochastic.
"""

from spline_theory.claims import Claim, equal, register, undecided
from spline_theory.convex_hull import group_activation, numerical_rank, term_rank
from spline_theory.proofs.tian18._conditioning import rank_status
from spline_theory.testing.strategies import random_relu_group_instances


def check(xp, inst):
    P, F, W = inst["P"], inst["F"], inst["W"]
    eps = float(xp.finfo(P.dtype).eps)
    if rank_status(numerical_rank(P)[1], eps) != "full":
        return undecided("rank F_alpha == term rank", "P_alpha_beta is not clearly of full rank")
    F_alpha = group_activation([P], [F], [W])
    rank, s = numerical_rank(F_alpha)
    # decide the rank only when the singular values show a clear gap at it
    gap_ok = (rank == len(s) or s[rank] < 1e3 * eps * s[0]) and (rank == 0 or s[rank - 1] > 1e-3 * s[0])
    if not gap_ok:
        return undecided("rank F_alpha == term rank", "no clear gap in the singular values of F_alpha")
    return equal(xp, xp.asarray(rank), xp.asarray(term_rank(F_alpha > 0)), relation="rank ReLU(P_ab W_ba) == term rank of its support")


CLAIM = register(
    Claim(
        id="tian18.thm7.random-corrected",
        title="With random weights, rank F_alpha equals the term rank of its support w.p. 1 (full rank only when the support allows it)",
        where="tian18, Sec. 5.1, remark after Thm. 7 (corrected)",
        statement=r"W \sim \mathcal N(0, I) \Rightarrow \text{w.p. } 1,\ \text{rank}\,F_\alpha = \text{term rank}(\text{supp}\,F_\alpha);\quad \mathbb P(F_\alpha \text{ full row rank}) \le (1 - 2^{-m_\beta})^{n_\alpha} < 1",
        assumptions=(r"F_\alpha = \text{ReLU}(P_{\alpha\beta}W_{\beta\alpha}),\ F_\beta = I", r"P_{\alpha\beta} \text{ full row rank, row-stochastic}", r"W \text{ i.i.d. Gaussian}"),
        check=check,
        cases=random_relu_group_instances(),
        arrays=("P", "F", "W"),
        corrects="tian18.thm7.random",
        method="group_activation with seeded Gaussian W; numerical_rank (with a clear singular-value gap) against term_rank (maximum bipartite matching) of the support F_alpha > 0.",
    )
)
