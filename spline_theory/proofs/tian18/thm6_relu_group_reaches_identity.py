"""tian18 Thm. 6 (Eq. (11), (86)-(87)): with all-vert :math:`P_{\\alpha\\beta}`, ReLU weights make :math:`F_\\alpha = I`; a linear group cannot.

"If each :math:`P_{\\alpha\\beta}` is all-vert, then
:math:`\\min_W Loss_{ReLU}(W) = 0`", :math:`Loss(W) = \\|F_\\omega - I\\|_F^2`,
by the inductive construction of App. 8.7.1: from :math:`F_\\beta = I`, pick
for each row :math:`p_i` an affine :math:`(w_i, b_i)` with
:math:`w_i^Tp_i + b_i = 1/|ch(\\alpha)|` and :math:`w_i^Tp_j + b_i < 0`;
then :math:`\\sum_\\beta P_{\\alpha\\beta}W_{\\beta\\alpha}` has unit diagonal and
negative off-diagonal entries and ReLU gives :math:`F_\\alpha = I`.

Checked: one induction step (leaf children, :math:`F_\\beta = I`) with the
weights of :func:`~spline_theory.convex_hull.identity_weights`
(Eq. 87 omits the biases; they are absorbed into :math:`W` because the rows
of :math:`P_{\\alpha\\beta}` sum to one), and, for the linear network, that
the best linear :math:`\\sum_\\beta P_{\\alpha\\beta}W_{\\beta\\alpha}` misses
:math:`I` by exactly :math:`m_\\alpha - \\operatorname{rank}[P_{\\alpha\\beta}]_\\beta`
(the Eckart-Young step of the proof; the asymptotic
:math:`\\mathcal O(\\exp(\\operatorname{sz}(\\omega)))` is not checkable on
finite instances). Verdict: **holds**.

Reading: as printed, m_alpha = n_alpha, F_beta = I (the induction hypothesis at
the leaves), row-stochastic all-vert P.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.convex_hull import group_activation, identity_weights, linear_min_loss, numerical_rank
from spline_theory.proofs.tian18._conditioning import lp_undecidable
from spline_theory.testing.strategies import all_vert_stochastic_instances


@lp_undecidable("ReLU(sum_beta P_ab I W_ba) == I")
def check(xp, inst):
    Ps = [inst[k] for k in ("P1", "P2") if k in inst]
    m = Ps[0].shape[0]
    Ws = [xp.asarray(W, dtype=Ps[0].dtype) for W in identity_weights(Ps)]
    Fs = [xp.eye(P.shape[1], dtype=P.dtype) for P in Ps]
    F = group_activation(Ps, Fs, Ws)
    # entries of sum_beta P W are sums of products of size |P| |W|
    scale = sum(float(xp.max(xp.abs(W))) for W in Ws)
    rank, _ = numerical_rank(xp.concat(Ps, axis=1))
    one = xp.ones((), dtype=F.dtype)
    return [
        close(xp, F, xp.eye(m, dtype=F.dtype), relation="ReLU(sum_beta P_ab I W_ba) == I with the weights of Thm. 6", scale=scale),
        close(xp, linear_min_loss(Ps) * one, float(m - rank) * one, relation="min_W ||sum_beta P_ab W_ba - I||_F^2 == m_alpha - rank[P_ab]_beta", scale=float(m)),
    ]


CLAIM = register(
    Claim(
        id="tian18.thm6",
        title="All-vert P lets ReLU weights reach F_alpha = I (loss 0); a linear group keeps loss m - rank",
        where="tian18, Sec. 5.1, Thm. 6, Eq. (11); App. 8.7.1, Eq. (86)-(87)",
        statement=r"P_{\alpha\beta} \text{ all-vert } \Rightarrow \min_W Loss_{ReLU}(W) = 0,\quad \min_W Loss_{Linear}(W) = \mathcal O(\exp(\text{sz}(\omega))),\quad Loss(W) = \|F_\omega - I\|_F^2",
        assumptions=(r"m_\alpha = n_\alpha", r"F_\beta = I \text{ (induction hypothesis; leaves)}", r"P_{\alpha\beta} \text{ row-stochastic (rows } \mathbb P(z_\beta|z_\alpha)\text{), which absorbs the biases}"),
        check=check,
        cases=all_vert_stochastic_instances(),
        arrays=("P1", "P2"),
        method="identity_weights (separation LP per row, bias absorbed) and group_activation give F_alpha = I; linear_min_loss (least squares) against m - numerical_rank of [P_ab]_beta.",
        notes="Only one induction step and the exact linear residual of one group are checked; the O(exp(sz)) growth is asymptotic.",
    )
)
