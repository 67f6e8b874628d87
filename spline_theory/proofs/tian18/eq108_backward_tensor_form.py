"""tian18 App. 8.7.3, Eq. (102)-(108): the raw back-propagated gradient of a disentangled gradient has the tensor form of Eq. (105) / (108).

With :math:`P_{\\alpha\\beta} = \\bigotimes_i P_{S_i}`, :math:`\\tilde G_\\alpha`
disentangled (Def. 4) and :math:`W_{\\beta\\alpha}` separable,

.. math::

    P_{\\alpha\\beta}^T\\tilde G_\\alpha W_{\\beta\\alpha}^T =
    \\Big[P_{S_1}^T\\tilde{\\mathbf g}_1\\mathbf w_{S_1}^T \\otimes \\textstyle\\bigotimes_{j\\ge2}\\mathbf p_{\\beta[S_j]},\\
    \\mathbf p_{\\beta[S_1]}\\otimes P_{S_2}^T\\tilde{\\mathbf g}_2\\mathbf w_{S_2}^T\\otimes\\dots,\\ \\dots\\Big],

with :math:`\\mathbf p_{\\beta[S_i]} = P_{S_i}^T\\mathbf p_{\\alpha[i]}` (Eq. 106, total
probability: the marginal of the child factors :math:`S_i`). Checked by
comparing the event-level backward recursion (Eq. 102) with the tensor form
(Eq. 108), and Eq. 106 with the child marginals of
:math:`\\mathbb P(z_\\alpha)P_{\\alpha\\beta}` for :math:`\\mathbb P(z_\\alpha) = \\bigotimes_i\\mathbf p_{\\alpha[i]}`.
No centering is needed. Verdict: **holds**.

Reading: as printed: tensor-product transitions over a partition {S_i} of the
child's factors, a disentangled gradient, separable weights; columns grouped by
S_j as the paper does.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import disentangled_gradient, group_marginal, reformulated_backward, structured_raw_gradient, tensor_product, tensor_product_transition
from spline_theory.proofs.tian18._disentangle import child, host
from spline_theory.testing.strategies import disentangle_instances


def check(xp, inst):
    blocks, sets, n_b, _, W = child(inst, 0)
    g, p = host(inst["g"]), host(inst["p"])
    P = tensor_product_transition(blocks, sets, n_b)
    G = disentangled_gradient(g, p)
    raw = reformulated_backward([P], [G], [W])
    structured = structured_raw_gradient(blocks, sets, g, p, W)
    p_beta = tensor_product(list(p)) @ P
    out = [close(xp, xp.asarray(structured), xp.asarray(raw), relation="P_ab^T G~_a W_ba^T == tensor form of Eq. (108)", scale=xp.asarray(P.T @ np.abs(G) @ np.abs(W).T))]
    for i, S in enumerate(sets):
        if S:
            marg = group_marginal(p_beta, S)
            out.append(close(xp, xp.asarray(blocks[i].T @ p[i]), xp.asarray(marg), relation=f"P_S{i}^T p_alpha[{i}] == p_beta[S_{i}]  (Eq. 106)"))
    return out


CLAIM = register(
    Claim(
        id="tian18.eq108",
        title="The raw back-propagated gradient of a disentangled gradient has the tensor form of Eq. 105 / 108 (with Eq. 106)",
        where="tian18, App. 8.7.3, Eq. (102)-(108)",
        statement=r"P_{\alpha\beta}^T\tilde G_\alpha W_{\beta\alpha}^T = \Big[P_{S_1}^T\tilde{\mathbf g}_1\mathbf w_{S_1}^T\otimes\textstyle\bigotimes_{j=2}^{n_\alpha}\mathbf p_{\beta[S_j]},\ \mathbf p_{\beta[S_1]}\otimes P_{S_2}^T\tilde{\mathbf g}_2\mathbf w_{S_2}^T\otimes\textstyle\bigotimes_{j=3}^{n_\alpha}\mathbf p_{\beta[S_j]},\ \dots\Big],\quad P_{S_i}^T\mathbf p_{\alpha[i]} = \mathbf p_{\beta[S_i]}",
        assumptions=(r"P_{\alpha\beta} = \textstyle\bigotimes_i P_{S_i},\ \{S_i\} \text{ a partition of the factors of } \beta", r"\tilde G_\alpha \text{ disentangled},\ W_{\beta\alpha} \text{ separable}", r"\text{columns grouped by } S_j \text{ and put back in the child's factor order}"),
        check=check,
        cases=disentangle_instances(),
        arrays=("b0", "W0", "g", "p"),
        method="reformulated_backward (P^T G W^T) against structured_raw_gradient (Eq. 108); Eq. 106 against the child-factor marginals of P(z_alpha) P_ab (group_marginal).",
    )
)
