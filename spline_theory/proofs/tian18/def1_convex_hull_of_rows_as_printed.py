"""tian18 Def. 1 as printed: :math:`\\operatorname{Conv}(P) = \\{P\\mathbf a, \\mathbf a \\in \\Delta^{n-1}\\}` is the convex hull of the rows of P.

Def. 1 calls the m rows of :math:`P \\subset \\mathbb R^n` its points and
defines :math:`\\operatorname{Conv}(P) = \\{P\\mathbf a : \\mathbf a \\in \\Delta^{n-1}\\}`,
:math:`\\Delta^{n-1} \\subset \\mathbb R^n`; a row :math:`p_j` is a vertex if
:math:`p_j \\notin \\operatorname{Conv}(P\\setminus p_j)`. Thm. 6's proof uses
the rows as the points. But :math:`P\\mathbf a` mixes the **columns** of P
(vectors of :math:`\\mathbb R^m`): the printed set is the hull of the columns.

Checked property: every row of P lies in :math:`\\operatorname{Conv}(P)`, as it
must for the hull of the rows. Verdict: **fails**. Counterexample:
:math:`P = \\begin{pmatrix}0 & 1\\\\ 0 & 0\\end{pmatrix}`: the columns are
(0, 0) and (1, 0), and the row (0, 1) is not on the segment between them
(for m != n the rows and :math:`P\\mathbf a` are not even in the same space).
The appendix copy also prints :math:`p_i \\notin \\operatorname{Conv}(P\\setminus p_j)`
(i for j). Corrected: :math:`\\operatorname{Conv}(P) = \\{P^T\\mathbf a : \\mathbf a \\in \\Delta^{m-1}\\}`
(``tian18.def1-corrected``).

Reading: as printed: Conv(P) = {P a : a in the simplex of dimension n - 1}
compared with the hull of the m rows, P in R^(m x n) as Def. 1 declares; no
hypothesis added.
"""

from spline_theory.claims import Claim, equal, register
from spline_theory.convex_hull import in_convex_hull
from spline_theory.proofs.tian18._conditioning import lp_undecidable
from spline_theory.testing.strategies import row_matrices


@lp_undecidable("every row p_j lies in {P a : a in Delta^{n-1}} (as printed)")
def check(xp, inst):
    P = inst["P"]
    m, n = P.shape
    if m != n:
        return equal(xp, xp.asarray(m), xp.asarray(n), relation="P a (a in Delta^{n-1}, in R^m) and the rows p_j (in R^n) live in one space: m == n")
    inside = xp.asarray([in_convex_hull(P.T, P[j, :]) for j in range(m)])
    return equal(xp, inside, xp.ones_like(inside), relation="every row p_j lies in {P a : a in Delta^{n-1}} (as printed)")


CLAIM = register(
    Claim(
        id="tian18.def1",
        title="Conv(P) = {P a : a in the simplex of R^n} is the convex hull of the rows of P (as printed)",
        where="tian18, Sec. 5.1, Def. 1; App. 8.7.1, Def. 1",
        statement=r"\text{Conv}(P) = \{P\mathbf a,\ \mathbf a \in \Delta^{n-1}\},\ \Delta^{n-1} = \{\mathbf a \in \mathbb R^n, a_i \ge 0, \textstyle\sum_i a_i = 1\};\ p_j \text{ vertex if } p_j \notin \text{Conv}(P \setminus p_j)",
        assumptions=(r"P \in \mathbb R^{m\times n}, \text{ its rows are the } m \text{ points}",),
        check=check,
        cases=row_matrices(),
        arrays=("P",),
        expected="fails",
        kind="typo",
        counterexample={"P": [[0.0, 1.0], [0.0, 0.0]]},
        method="in_convex_hull of each row against the columns of P (the printed set {P a}); for m != n the dimensions already differ.",
        notes="The printed set is the hull of the columns; the rows are meant (Thm. 6's proof). See tian18.def1-corrected.",
    )
)
