"""tian18 App. 8.7.3, corrected: back-propagation keeps gradients disentangled when each parent factor owns at most one child factor.

If every :math:`|S_i| \\le 1`, Eq. (108) has no two-column blocks:
:math:`P_{S_j}^T\\tilde{\\mathbf g}_j w_{S_j}` is a 2-vector and
:math:`\\mathbf p_{\\beta[S_i]} = P_{S_i}^T\\mathbf p_{\\alpha[i]}` is the marginal of
one child factor (Eq. 106), so each column is
:math:`\\mathbf p_{\\beta[1]}\\otimes\\dots\\otimes\\tilde{\\mathbf g}_{\\beta[k]}\\otimes\\dots`;
a child factor in no set gets a zero column. The gate
:math:`D_\\beta`, an element-wise function of the disentangled :math:`F_\\beta`
(:math:`D_{:,k} = \\mathbf 1\\otimes\\dots\\otimes\\mathbf d_k\\otimes\\dots`), keeps
this form: :math:`\\tilde G_\\beta = D_\\beta\\circ\\tilde G^{raw}_\\beta` is
disentangled. Checked for one parent (with several parents the children's
marginals must agree across parents). Verdict: **holds**.

Reading: the condition under which the question of App. 8.7.3 has a positive
answer: each parent factor owns at most one child factor; one parent, D = 1[F >
0], disentanglement with respect to the child's factor marginals (Def. 4).
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import disentangled_activation, disentangled_gradient, factor_marginals, gradient_factors, reformulated_backward, tensor_product, tensor_product_transition
from spline_theory.proofs.tian18._disentangle import child, host
from spline_theory.testing.strategies import disentangle_instances


def check(xp, inst):
    blocks, sets, n_b, f, W = child(inst, 0)
    g, p = host(inst["g"]), host(inst["p"])
    P = tensor_product_transition(blocks, sets, n_b)
    G = disentangled_gradient(g, p)
    D = (disentangled_activation(f) > 0).astype(G.dtype)
    G_beta = reformulated_backward([P], [G], [W], D=D)
    p_beta = factor_marginals(tensor_product(list(p)) @ P)
    rebuilt = disentangled_gradient(gradient_factors(G_beta, p_beta), p_beta)
    return close(xp, xp.asarray(rebuilt), xp.asarray(G_beta), relation="G~_b = D_b o P_ab^T G~_a W_ba^T == p_b[1] x .. x g~_b[k] x .. x p_b[n]", scale=xp.asarray(P.T @ np.abs(G) @ np.abs(W).T))


CLAIM = register(
    Claim(
        id="tian18.app8.7.3.backward-corrected",
        title="Back-propagation keeps gradients disentangled when each parent factor owns at most one child factor (gate included)",
        where="tian18, App. 8.7.3, Eq. (102)-(108), corrected",
        statement=r"|S_i| \le 1\ \forall i,\ \tilde G_\alpha \text{ disentangled},\ P_{\alpha\beta} = \textstyle\bigotimes_i P_{\alpha[i]\beta[S_i]},\ W_{\beta\alpha} \text{ separable},\ F_\beta \text{ disentangled} \Rightarrow \tilde G_\beta = D_\beta\circ P_{\alpha\beta}^T\tilde G_\alpha W_{\beta\alpha}^T \text{ disentangled}",
        assumptions=(r"\text{one parent } \alpha", r"D_\beta = \mathbb I[F_\beta > 0]", r"\text{disentangled w.r.t. the child's factor marginals}"),
        check=check,
        cases=disentangle_instances(max_set=1),
        arrays=("b0", "f0", "W0", "g", "p"),
        corrects="tian18.app8.7.3.backward",
        method="As tian18.app8.7.3.backward, with sets of at most one child factor and the gate D_b of a disentangled F_b applied (reformulated_backward with D).",
    )
)
