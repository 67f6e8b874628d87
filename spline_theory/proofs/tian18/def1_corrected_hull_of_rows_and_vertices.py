"""tian18 Def. 1, corrected: :math:`\\operatorname{Conv}(P) = \\{P^T\\mathbf a : \\mathbf a \\in \\Delta^{m-1}\\}`, and a row is a vertex iff an affine function separates it strictly from the other rows.

With the rows as points, every row lies in :math:`\\operatorname{Conv}(P)`, and
:math:`p_j \\notin \\operatorname{Conv}(P\\setminus p_j)` (the definition,
:func:`~spline_theory.convex_hull.vertices`) holds exactly when some
:math:`(w, b)` has :math:`w^Tp_j + b > 0 > w^Tp_i + b` for :math:`i \\ne j` (the
form Thm. 6's proof uses; :func:`~spline_theory.convex_hull.vertex_margins`),
by the separating hyperplane theorem. A repeated row is not a vertex (it lies
in the hull of its copy).

Reading: the correction: {P^T a : a in the simplex of dimension m - 1}, the
rows as points, and the vertex test by strict separation.
"""

from spline_theory.claims import Claim, equal, register
from spline_theory.convex_hull import in_convex_hull, vertex_margins, vertices
from spline_theory.proofs.tian18._conditioning import ambiguous_margins, lp_undecidable, margin_band
from spline_theory.testing.strategies import row_matrices


@lp_undecidable("vertex (Def. 1) <=> strictly separable")
def check(xp, inst):
    P = inst["P"]
    m = P.shape[0]
    margins = vertex_margins(P)
    bad = ambiguous_margins(margins, "vertex (Def. 1) <=> strictly separable")
    if bad is not None:
        return bad
    inside = xp.asarray([in_convex_hull(P, P[j, :]) for j in range(m)])
    return [
        equal(xp, inside, xp.ones_like(inside), relation="every row p_j lies in {P^T a : a in Delta^{m-1}}"),
        equal(xp, xp.asarray(vertices(P)), xp.asarray(margins >= margin_band()[1]), relation="p_j not in Conv(P minus p_j)  <=>  strictly separable from the other rows"),
    ]


CLAIM = register(
    Claim(
        id="tian18.def1-corrected",
        title="Conv(P) is {P^T a : a in the simplex of R^m}; a row is a vertex iff it is strictly separable from the others",
        where="tian18, Sec. 5.1, Def. 1 (corrected)",
        statement=r"\text{Conv}(P) = \{P^T\mathbf a,\ \mathbf a \in \Delta^{m-1}\};\quad p_j \notin \text{Conv}(P\setminus p_j) \iff \exists (w, b):\ w^Tp_j + b > 0 > w^Tp_i + b\ (i \ne j)",
        assumptions=(r"P \in \mathbb R^{m\times n}, \text{ its rows are the } m \text{ points}",),
        check=check,
        cases=row_matrices(),
        arrays=("P",),
        corrects="tian18.def1",
        method="in_convex_hull of each row against the rows; vertices (membership LP, the definition) against vertex_margins > 0 (separation LP); undecided when a margin is in the LP's blind band.",
    )
)
