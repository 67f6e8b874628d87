"""tian18, remark after Thm. 7: with random weights, every :math:`F_\\beta` has full rank with probability 1.

"In particular, if we sample W randomly, then with probability 1, all
:math:`F_\\beta` are full-rank, in particular the top-level input :math:`F_1`."
Full rank is meant as the full row rank Thm. 7 needs.

Reading: one group above leaves (:math:`F_\\beta = I`), a row-stochastic
:math:`P_{\\alpha\\beta}` of full rank, :math:`m_\\alpha = m_\\beta = n_\\alpha = m`,
Gaussian :math:`W_{\\beta\\alpha}`; :math:`F_\\alpha = \\operatorname{ReLU}(P_{\\alpha\\beta}W_{\\beta\\alpha})`.

Verdict: **fails**: ReLU zeroes a whole column whenever
:math:`P_{\\alpha\\beta}\\mathbf w_j < 0` entrywise, which has probability at
least :math:`2^{-m}` (e.g. all of :math:`\\mathbf w_j` negative, since P is
non-negative with unit row sums), an open set of weights, not a null set.
Counterexample: :math:`P = \\begin{pmatrix}3/4 & 1/4\\\\ 1/4 & 3/4\\end{pmatrix}`,
:math:`W = \\begin{pmatrix}1 & -1\\\\ 1/2 & -1/2\\end{pmatrix}`: the second
column of :math:`F_\\alpha` is 0 (and stays 0 for all nearby W), rank 1 < 2.
The random draws of the search (seeded Gaussians) find such weights in about
a third of the instances. Corrected in ``tian18.thm7.random-corrected``.
"""

from spline_theory.claims import Claim, equal, register, undecided
from spline_theory.convex_hull import group_activation, numerical_rank
from spline_theory.proofs.tian18._conditioning import rank_status
from spline_theory.testing.strategies import random_relu_group_instances


def check(xp, inst):
    P, F, W = inst["P"], inst["F"], inst["W"]
    m = P.shape[0]
    eps = float(xp.finfo(P.dtype).eps)
    if rank_status(numerical_rank(P)[1], eps) != "full":
        return undecided("rank F_alpha == m", "P_alpha_beta is not clearly of full rank")
    F_alpha = group_activation([P], [F], [W])
    rank, s = numerical_rank(F_alpha)
    status = rank_status(s, eps)
    if status is None:
        return undecided("rank F_alpha == m", "the smallest singular value of F_alpha is in the blind band")
    return equal(xp, xp.asarray(m if status == "full" else rank), xp.asarray(m), relation="rank ReLU(P_ab I W_ba) == m_alpha (full row rank) for random W")


CLAIM = register(
    Claim(
        id="tian18.thm7.random",
        title="Random weights give full-rank F_beta with probability 1 (as printed)",
        where="tian18, Sec. 5.1, remark after Thm. 7; App. 8.7.1",
        statement=r"W \text{ sampled randomly} \Rightarrow \text{with probability 1, all } F_\beta \text{ are full-rank, in particular the top-level input } F_1",
        assumptions=(r"F_\alpha = \text{ReLU}(\textstyle\sum_\beta P_{\alpha\beta}F_\beta W_{\beta\alpha}),\ \text{no bias}", r"W \text{ with i.i.d. } \mathcal N(0, 1) \text{ entries}", r"P_{\alpha\beta} \text{ row-stochastic, full rank},\ F_\beta = I,\ m_\alpha = m_\beta = n_\alpha"),
        check=check,
        cases=random_relu_group_instances(),
        arrays=("P", "F", "W"),
        expected="fails",
        kind="error",
        counterexample={"P": [[0.75, 0.25], [0.25, 0.75]], "F": [[1.0, 0.0], [0.0, 1.0]], "W": [[1.0, -1.0], [0.5, -0.5]]},
        method="group_activation with seeded Gaussian W; numerical_rank of F_alpha (full when s_min > 1e-3 s_max, deficient below 1e3 eps s_max, undecided between).",
        notes="Rank deficiency has positive probability (a dead unit alone has probability >= 2^-m per column). See tian18.thm7.random-corrected.",
    )
)
