"""tian18 App. 8.7.3, Eq. (109): with centered gradients, what parents send back to a group of child factors is a combination of v^+ - v^-.

For parents :math:`\\alpha` that share the group :math:`S_1` of child factors,
:math:`\\mathbf 1^T\\tilde{\\mathbf g}^\\alpha_1 = 0` gives
:math:`\\tilde{\\mathbf g}^\\alpha_1 = \\tilde g^\\alpha_1[1]\\,(-1, 1)`, so

.. math::

    \\sum_{\\alpha\\in pa(\\beta)} P_{\\alpha,S_1}^T\\tilde{\\mathbf g}^\\alpha_1 w_{\\alpha,S_1[1]}
    = \\sum_\\alpha c_\\alpha(\\mathbf v^+_{\\alpha,S_1} - \\mathbf v^-_{\\alpha,S_1}),\\qquad
    c_\\alpha = \\tilde g^\\alpha_1[1]\\,w_{\\alpha,S_1[1]},

with :math:`\\mathbf v^\\pm_{\\alpha,S_1} = \\mathbb P(z_{\\beta[S_1]}|z_{\\alpha[1]} = 1, 0)`
the rows of :math:`P_{\\alpha,S_1}`. Checked with the event-level backward
recursion over 1-3 one-factor parents (first column of
:math:`\\sum_\\alpha P^T\\tilde G_\\alpha W^T`). The paper does not print
:math:`c_\\alpha`; the value above is the one the identity needs. Verdict: **holds**.

Reading: as printed, for parents sharing the group S_1 (S_j^(alpha beta) =
S_j), centered gradients, with the paper's c_alpha and v^+ / v^- notation.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import reformulated_backward, tensor_product_transition
from spline_theory.proofs.tian18._disentangle import host
from spline_theory.testing.strategies import disentangle_eq109_instances


def check(xp, inst):
    V, g, w = host(inst["V"]), host(inst["g"]), host(inst["w"])
    n_b = inst["n_b"]
    S = [list(range(n_b))]
    Ps = [tensor_product_transition([Va], S, n_b) for Va in V]
    Gs = [np.stack([-ga, ga])[:, None] for ga in g]
    Ws = [np.concatenate([[wa], np.zeros(n_b - 1, dtype=V.dtype)])[:, None] for wa in w]
    lhs = reformulated_backward(Ps, Gs, Ws)[:, 0]
    rhs = sum(ga * wa * (Va[1] - Va[0]) for ga, wa, Va in zip(g, w, V))
    scale = sum(abs(ga * wa) * (Va[1] + Va[0]) for ga, wa, Va in zip(g, w, V))
    return close(xp, xp.asarray(lhs), xp.asarray(rhs), relation="sum_a P_a,S1^T g~_1^a w_a,S1[1] == sum_a c_a (v+_a - v-_a), c_a = g~_1^a[1] w_a,S1[1]", scale=xp.asarray(scale))


CLAIM = register(
    Claim(
        id="tian18.eq109",
        title="With centered gradients, the parents send a combination of v+ - v- back to a group of child factors",
        where="tian18, App. 8.7.3, Eq. (109)",
        statement=r"\mathbf 1^T\tilde{\mathbf g}_j = 0 \Rightarrow \sum_{\alpha\in pa(\beta)} P_{\alpha,S_1}^T\tilde{\mathbf g}_1^\alpha\mathbf w_{\alpha,S_1[1]}^T = \sum_{\alpha\in pa(\beta)} c_\alpha(\mathbf v^+_{\alpha,S_1} - \mathbf v^-_{\alpha,S_1})",
        assumptions=(r"S_j^{\alpha\beta} = S_j \text{ for every parent}", r"c_\alpha = \tilde g^\alpha_1[1]\, w_{\alpha,S_1[1]} \text{ (not printed)}", r"P_{\alpha,S_1} = [\mathbf v^-; \mathbf v^+]"),
        check=check,
        cases=disentangle_eq109_instances(),
        arrays=("V", "g", "w"),
        method="reformulated_backward over 1-3 one-factor parents with centered gradients (-g, g) and weight w on the first child factor; its first column against sum_a g_a w_a (v+_a - v-_a).",
    )
)
