"""tian18 App. 8.7.3 (Eq. 102-107) and Sec. 5.2: does back-propagation keep gradients disentangled? The paper's answer: not in general.

Sec. 5.2 asks whether :math:`\\tilde G_\\beta` stays disentangled when the
parents' :math:`\\tilde G_\\alpha` are; App. 8.7.3 computes Eq. (105) and
remarks that :math:`\\tilde G^{raw}_{\\alpha\\to\\beta}` "is no longer
disentangled": :math:`P_{1,2}^T\\tilde{\\mathbf g}_1\\mathbf w_{1,2}^T` is a
two-column matrix and :math:`\\mathbf p_{\\beta[1,2]}` is not a rank-1 tensor.

Encoded as the implication the paper asks about, *disentangled*
:math:`\\tilde G_\\alpha` (Def. 4), tensor-product :math:`P_{\\alpha\\beta}` and
separable :math:`W_{\\beta\\alpha}` :math:`\\Rightarrow` disentangled
:math:`\\tilde G^{raw}_{\\beta} = P_{\\alpha\\beta}^T\\tilde G_\\alpha W_{\\beta\\alpha}^T`
w.r.t. the child's marginals. Verdict: **fails**, which confirms the paper's
remark. Counterexample: one parent factor owning two child factors
(:math:`S_1 = \\{1, 2\\}`), :math:`P_{S_1}` with rows (1/2, 1/4, 1/8, 1/8) and
(1/8, 1/8, 1/4, 1/2), :math:`\\tilde{\\mathbf g}_1 = (1, -1)`,
:math:`\\mathbf w_{S_1} = (1, 1)`, :math:`\\mathbf p_{\\alpha[1]} = (1/2, 1/2)`: both columns
of the raw gradient equal :math:`(3/8, 1/8, -1/8, -3/8)`, while the child's
marginals are :math:`(1/2, 1/2)` for both factors, so a disentangled first
column would read :math:`(a, a, b, b)/2` and a second one :math:`(a, b, a, b)/2`.
The sufficient condition
:math:`|S_i| \\le 1` is ``tian18.app8.7.3.backward-corrected``.

Reading: the question the paper asks ('does back-propagation keep gradients
disentangled?') read as the universal statement, which the paper itself answers
'not in general' (kind: not-an-error); disentangled with respect to the child's
factor marginals.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import disentangled_gradient, factor_marginals, gradient_factors, reformulated_backward, tensor_product, tensor_product_transition
from spline_theory.proofs.tian18._disentangle import child, host
from spline_theory.testing.strategies import disentangle_instances


def check(xp, inst):
    blocks, sets, n_b, _, W = child(inst, 0)
    g, p = host(inst["g"]), host(inst["p"])
    P = tensor_product_transition(blocks, sets, n_b)
    G = disentangled_gradient(g, p)
    raw = reformulated_backward([P], [G], [W])
    p_beta = factor_marginals(tensor_product(list(p)) @ P)
    rebuilt = disentangled_gradient(gradient_factors(raw, p_beta), p_beta)
    # a departure from the tensor form must exceed 1% of the gradient's size
    # (drawn instances are far from the boundary or exactly on it)
    return close(xp, xp.asarray(rebuilt), xp.asarray(raw), relation="G~raw_b == p_b[1] x .. x g~_b[k] x .. x p_b[n] (disentangled)", scale=xp.asarray(P.T @ np.abs(G) @ np.abs(W).T), atol=1e-2 * float(np.max(np.abs(raw))))


CE = {
    "n_a": 1, "nonlinearity": "linear", "n_b0": 2, "sets0": [[0, 1]], "b0": [0.5, 0.25, 0.125, 0.125, 0.125, 0.125, 0.25, 0.5], "f0": [[1.0, 0.0], [0.0, 1.0]], "W0": [[1.0], [1.0]],
    "n_b1": 1, "sets1": [[0]], "b1": [0.5, 0.5, 0.5, 0.5], "f1": [[1.0, 0.0]], "W1": [[1.0]], "g": [[1.0, -1.0]], "p": [[0.5, 0.5]],
}

CLAIM = register(
    Claim(
        id="tian18.app8.7.3.backward",
        title="Back-propagation keeps gradients disentangled (the question of Sec. 5.2; false, as App. 8.7.3 remarks)",
        where="tian18, Sec. 5.2 (last paragraph); App. 8.7.3, Eq. (102)-(107) and the remark after Eq. (107)",
        statement=r"\tilde G_\alpha \text{ disentangled},\ P_{\alpha\beta} = \textstyle\bigotimes_i P_{\alpha[i]\beta[S_i]},\ W_{\beta\alpha} \text{ separable} \Rightarrow \tilde G^{raw}_{\alpha\to\beta} = P_{\alpha\beta}^T\tilde G_\alpha W_{\beta\alpha}^T \text{ disentangled}",
        assumptions=(r"\text{disentangled w.r.t. the child's factor marginals } \mathbf p_{\beta[k]}",),
        check=check,
        cases=disentangle_instances(),
        arrays=("b0", "W0", "g", "p"),
        expected="fails",
        kind="not-an-error",
        counterexample=CE,
        method="reformulated_backward of a disentangled gradient through a tensor-product P and separable W; compared with disentangled_gradient(gradient_factors(.)) under the child's marginals (factor_marginals of P(z_alpha) P_ab), with a 1% margin.",
        notes="The verdict fails confirms the paper: the implication does not hold in general (a parent factor that owns two or more child factors mixes them). Corrected (sufficient condition |S_i| <= 1, with the gate) in tian18.app8.7.3.backward-corrected.",
    )
)
