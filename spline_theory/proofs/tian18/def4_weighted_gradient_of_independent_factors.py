"""tian18 Def. 4 with Table 1 (:math:`\\tilde G_\\alpha = \\Lambda_\\alpha G_\\alpha`): a per-factor gradient weighted by a product of factor marginals is disentangled in Def. 4's sense.

Def. 4 calls :math:`\\tilde G_\\alpha` disentangled when
:math:`\\tilde G_{\\alpha,:j} = \\mathbf p_{\\alpha[1]}\\otimes\\dots\\otimes\\tilde{\\mathbf g}_{\\alpha[j]}\\otimes\\dots\\otimes\\mathbf p_{\\alpha[n_\\alpha]}`,
with :math:`\\mathbf p_{\\alpha[j]}` the factor marginals. The checkable content is
its link with the unweighted gradient (Table 1, Sec. 4.2): if node j's
gradient per event depends on factor j only,
:math:`G_{\\alpha,:j} = \\mathbf 1\\otimes\\dots\\otimes\\mathbf g_j\\otimes\\dots\\otimes\\mathbf 1`
(the form of Def. 3), and :math:`\\mathbb P(z_\\alpha) = \\bigotimes_i\\mathbf p_{\\alpha[i]}`
(independent factors), then :math:`\\Lambda_\\alpha G_\\alpha` is disentangled per
Def. 4 with :math:`\\tilde{\\mathbf g}_j = \\mathbf p_{\\alpha[j]}\\circ\\mathbf g_j`, its
:math:`\\mathbf p_{\\alpha[j]}` are the marginals of :math:`\\mathbb P(z_\\alpha)`
(:func:`~spline_theory.disentanglement.factor_marginals`), and
:math:`\\mathbf 1^T\\tilde G_{\\alpha,:j} = \\mathbf 1^T\\tilde{\\mathbf g}_j = \\mathbb E[g_j]` (so the
centering of Thm. 9 is a per-factor condition). The independence is needed
and the paper does not state it: with correlated factors
:math:`\\Lambda_\\alpha G_\\alpha` is not of Def. 4's form (a test shows it). The
instances draw independent factors. Verdict: **holds**.

Reading: Def. 4 with Table 1's weighting; added hypothesis, named: independent
binary factors, since Def. 4 weights by the product of factor marginals, which
is the joint probability only then.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import disentangled_activation, disentangled_gradient, factor_marginals, tensor_product
from spline_theory.proofs.tian18._disentangle import host
from spline_theory.testing.strategies import disentangle_instances


def check(xp, inst):
    g, p = host(inst["g"]), host(inst["p"])
    pz = tensor_product(list(p))
    Gt = pz[:, None] * disentangled_activation(g)  # Table 1: G~ = Lambda G
    return [
        close(xp, xp.asarray(factor_marginals(pz)), xp.asarray(p), relation="marginals of P(z) = (x)_i p_i are the p_i of Def. 4"),
        close(xp, xp.asarray(Gt), xp.asarray(disentangled_gradient(p * g, p)), relation="Lambda (1 x .. x g_j x .. x 1) == p_1 x .. x (p_j o g_j) x .. x p_n", scale=xp.asarray(pz[:, None] * np.abs(disentangled_activation(g)))),
        close(xp, xp.asarray(np.sum(Gt, axis=0)), xp.asarray(np.sum(p * g, axis=1)), relation="1^T G~_:j == 1^T g~_j = E[g_j]", scale=xp.asarray(np.sum(p * np.abs(g), axis=1))),
    ]


CLAIM = register(
    Claim(
        id="tian18.def4",
        title="Lambda G of a per-factor gradient is disentangled per Def. 4 (g~_j = p_j o g_j) when the factors are independent",
        where="tian18, Sec. 5.2, Def. 4 with Table 1 / Table 2 (G~ = Lambda G)",
        statement=r"\mathbb P(z_\alpha) = \textstyle\bigotimes_i\mathbf p_{\alpha[i]},\ G_{\alpha,:j} = \mathbf 1\otimes\dots\otimes\mathbf g_j\otimes\dots\otimes\mathbf 1 \Rightarrow (\Lambda_\alpha G_\alpha)_{:,j} = \mathbf p_{\alpha[1]}\otimes\dots\otimes(\mathbf p_{\alpha[j]}\circ\mathbf g_j)\otimes\dots\otimes\mathbf p_{\alpha[n_\alpha]}",
        assumptions=(r"\text{independent binary factors (not stated in the paper)}", r"\mathbf p_{\alpha[j]} = [\mathbb P(z_{\alpha[j]} = 0), \mathbb P(z_{\alpha[j]} = 1)]"),
        check=check,
        cases=disentangle_instances(),
        arrays=("g", "p"),
        method="disentangled_activation(g) weighted by the product distribution tensor_product(p) against disentangled_gradient(p o g, p); factor_marginals of the product against p; column sums.",
    )
)
