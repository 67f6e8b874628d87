"""tian18 Eq. (61a)-(61b), corrected: :math:`\\Lambda_\\beta(P^b_{\\alpha\\beta})^T = P_{\\alpha\\beta}^T\\Lambda_\\alpha` turns (60c) into :math:`\\Lambda_\\beta G^{raw}_{\\alpha\\to\\beta} = P_{\\alpha\\beta}^T\\tilde G_\\alpha W_{\\beta\\alpha}^T`.

Both sides of the Bayes identity are the joint :math:`\\mathbb P(z_\\alpha, z_\\beta)^T`
(SymPy derivation below, on a general 2-by-3 joint). With broadness of
knowledge (for (60c)) the gated contribution of parent :math:`\\alpha` to
:math:`\\tilde G_\\beta` is :math:`D_\\beta\\circ P_{\\alpha\\beta}^T\\tilde G_\\alpha W_{\\beta\\alpha}^T`
(61b with :math:`\\tilde G_\\alpha`); (61a) needs focus of knowledge. Each relation
is decided where its condition holds. Verdict: **holds**.

Reading: the correction: the Bayes step Lambda_beta (P^b)^T = P^T Lambda_alpha
turns (60c) into (61b); each identity under its own condition; rows of
impossible events are 0.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs.tian18._reformulation import eq61_evidence
from spline_theory.testing.strategies import tian18_reformulation_instances


def derive():
    J = sp.Matrix(2, 3, lambda a, b: sp.Symbol(f"J_{a}{b}", positive=True))  # P(z_alpha = a, z_beta = b), unnormalized is enough
    row = [sum(J.row(a)) for a in range(2)]
    col = [sum(J.col(b)) for b in range(3)]
    P = sp.Matrix(2, 3, lambda a, b: J[a, b] / row[a])  # P(z_beta | z_alpha)
    Pb = sp.Matrix(2, 3, lambda a, b: J[a, b] / col[b])  # P(z_alpha | z_beta)
    La, Lb = sp.ImmutableMatrix(sp.diag(*row)), sp.ImmutableMatrix(sp.diag(*col))
    lhs = sp.MatMul(Lb, sp.ImmutableMatrix(Pb.T), evaluate=False)  # the products as written; SymPy multiplies them out to compare
    rhs = sp.MatMul(sp.ImmutableMatrix(P.T), La, evaluate=False)
    return [
        Step(r"\Lambda_\beta (P^b_{\alpha\beta})^T = J^T", lhs, J.T),
        Step(r"P_{\alpha\beta}^T \Lambda_\alpha = J^T", rhs, J.T),
        Step(r"\Lambda_\beta (P^b_{\alpha\beta})^T = P_{\alpha\beta}^T \Lambda_\alpha", lhs, rhs),
    ]


def check(xp, inst):
    return eq61_evidence(xp, inst, printed=False)


CLAIM = register(
    Claim(
        id="tian18.eq61-corrected",
        title="Lambda_b (P^b)^T = P^T Lambda_a, and with broadness the parent's gated contribution to G~_b is D_b o P^T G~_a W^T",
        where="tian18, App. 8.5, Eq. (61a)-(61b) (corrected) and the Bayes step before them",
        statement=r"\Lambda_\beta(P^b_{\alpha\beta})^T = P_{\alpha\beta}^T\Lambda_\alpha;\ \text{broadness} \Rightarrow \Lambda_\beta G^{raw}_{\alpha\to\beta}\circ D_\beta = P_{\alpha\beta}^T\tilde G_\alpha W_{\beta\alpha}^T\circ D_\beta;\ \text{focus} \Rightarrow F^{raw}_{\beta\to\alpha}\circ D_\alpha = P_{\alpha\beta}F_\beta W_{\beta\alpha}\circ D_\alpha",
        assumptions=(r"\text{each identity only under its own condition}", r"\text{rows / columns of impossible events are } 0"),
        check=check,
        cases=tian18_reformulation_instances(),
        arrays=("p", "q", "w", "G_top"),
        derive=derive,
        corrects="tian18.eq61",
        method="reformulation_matrices (backward_transition_matrix, prior_matrix): the Bayes identity on every pair, 61a where focus holds, 61b with G~_alpha where broadness holds; SymPy proves the Bayes identity on a general joint.",
    )
)
