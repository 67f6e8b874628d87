"""tian18 Thm. 7: (1) if F has full row rank, vert(PF) = vert(P); (2) PF is all-vert iff P is all-vert.

A full-row-rank F makes :math:`x \\mapsto x^TF` injective and linear, so convex
combinations among the rows of P and of PF are the same (Eq. 88). Checked
row by row: the same rows are vertices. Verdict: **holds**.

Reading: as printed, F of full row rank n.
"""

from spline_theory.claims import Claim, equal, register, undecided
from spline_theory.convex_hull import is_all_vert, numerical_rank, vert, vertex_margins, vertices
from spline_theory.proofs.tian18._conditioning import ambiguous_margins, lp_undecidable, margin_band, rank_status
from spline_theory.testing.strategies import full_row_rank_instances


@lp_undecidable("vert(PF) == vert(P)")
def check(xp, inst):
    P, F = inst["P"], inst["F"]
    eps = float(xp.finfo(P.dtype).eps)
    if rank_status(numerical_rank(F)[1], eps) != "full" or F.shape[0] > F.shape[1]:
        return undecided("vert(PF) == vert(P)", "F is not clearly of full row rank")
    PF = P @ F
    scale = float(xp.max(xp.abs(PF))) if PF.size else 1.0
    for M, s in ((P, 1.0), (PF, max(scale, 1.0))):
        bad = ambiguous_margins(vertex_margins(M), "vert(PF) == vert(P)", eps=eps, scale=s)
        if bad is not None:
            return bad
        # PF is computed in the dtype under test: a row on an edge of P can land a
        # round-off away from the edge of PF; such rows are vertices or not by a
        # hair, which no LP can tell.
        if (vertices(M) != vertices(M, tol=margin_band(eps=eps, scale=s)[1])).any():
            return undecided("vert(PF) == vert(P)", "a row lies within round-off of the hull of the other rows")
    return [
        equal(xp, xp.asarray(vertices(PF)), xp.asarray(vertices(P)), relation="row j of PF is a vertex <=> row j of P is a vertex"),
        equal(xp, xp.asarray(vert(PF)), xp.asarray(vert(P)), relation="vert(PF) == vert(P)"),
        equal(xp, xp.asarray(is_all_vert(PF)), xp.asarray(is_all_vert(P)), relation="PF all-vert <=> P all-vert"),
    ]


CLAIM = register(
    Claim(
        id="tian18.thm7",
        title="A full-row-rank F keeps the vertex rows: vert(PF) = vert(P), and all-vert is preserved",
        where="tian18, Sec. 5.1, Thm. 7; App. 8.7.1, Thm. 7, Eq. (88)",
        statement=r"(1)\ F \text{ full row rank} \Rightarrow \text{vert}(PF) = \text{vert}(P);\quad (2)\ PF \text{ all-vert} \iff P \text{ all-vert}",
        assumptions=(r"F \in \mathbb R^{n\times q} \text{ of rank } n",),
        check=check,
        cases=full_row_rank_instances(),
        arrays=("P", "F"),
        method="vertices / vert / is_all_vert (membership LPs) of grid matrices P and of PF with a seeded Gaussian F (q >= n); undecided when a separation margin is in the LP's blind band or a row is within round-off of the hull of the others.",
    )
)
