"""tian18 Thm. 4 (Sec. 3, Eq. (8); App. 8.5, Eq. (59)) as printed: the matrix form of the reformulation under the hypotheses of Thm. 2.

Grouping the nodes of one receptive field (Fig. 2), "we have the matrix form
of Eqn. 7":

.. math::

    F_\\alpha = D_\\alpha \\circ \\sum_{\\beta \\in ch(\\alpha)} P_{\\alpha\\beta}F_\\beta W_{\\beta\\alpha},\\quad
    \\tilde G_\\beta = D_\\beta \\circ \\sum_{\\alpha \\in pa(\\beta)} P_{\\alpha\\beta}^T\\tilde G_\\alpha W_{\\beta\\alpha}^T,\\quad
    \\Delta W_{\\beta\\alpha} = (P_{\\alpha\\beta}F_\\beta)^T\\tilde G_\\alpha

(Eq. 62a-b and 74 are the same three identities at the end of the proof).

Reading: Thm. 4 has no hypotheses of its own; it is the matrix form of
Eq. 7, so it inherits those of Thm. 2 (App. 8.3: focus and broadness of
knowledge, decorrelation of :math:`f'_k` with :math:`f_k^{raw}`,
:math:`g_k^{raw}` given :math:`z_\\beta`). Decided on lossless and lossy
teachers (:func:`~spline_theory.testing.strategies.tian18_reformulation_instances`)
where those conditions hold on every child-parent pair; the left sides are
the brute-force student's event averages
(:func:`~spline_theory.teacher_student.reformulation_matrices`), the right
sides :func:`~spline_theory.teacher_student.matrix_recursions`.

Verdict: **fails**, for two independent reasons. (i) The F-recursion needs
decorrelation at the parent node (as ``tian18.thm2``). (ii) The update
:math:`\\Delta W` needs :math:`f_k` and :math:`g_j` uncorrelated given
:math:`z_\\alpha`: the proof assumes it between Eq. 66 and 67 ("We assume
decorrelation") but no hypothesis of Thm. 2 or 4 provides it. Stored
counterexample for (ii), where the F and G recursions do hold: two binary
inputs, independent and uniform, leaf summaries constant (fully lossy), top
summary the pair of leaf summaries, one top node with positive weights (every
gate open) and the top gradient :math:`g = \\mathbb I[x_0 = 0]`, which varies
within the single top event: for the leaf of :math:`x_0`,
:math:`\\Delta W = (\\mathbb E[\\mathbb I[x_0=0]\\,g], \\mathbb E[\\mathbb I[x_0=1]\\,g]) = (1/2, 0)`
but :math:`(P F)^T\\tilde G = \\mathbb E[f_k]\\,\\mathbb E[g] = (1/4, 1/4)`. Corrected in
``tian18.thm4-corrected``.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.tian18._reformulation import thm4_evidence
from spline_theory.testing.strategies import tian18_reformulation_instances


def check(xp, inst):
    return thm4_evidence(xp, inst, ("focus", "broadness", "decorrelation_k"))


CLAIM = register(
    Claim(
        id="tian18.thm4",
        title="The matrix form of the reformulation (Eq. 8 / 59) under the hypotheses of Thm. 2 (as printed)",
        where="tian18, Sec. 3, Thm. 4, Eq. (8); App. 8.5, Thm. 4, Eq. (59), (62a)-(62b), (74)",
        statement=r"\text{Thm. 2's conditions} \Rightarrow F_\alpha = D_\alpha\circ\sum_{\beta\in ch(\alpha)} P_{\alpha\beta}F_\beta W_{\beta\alpha},\ \tilde G_\beta = D_\beta\circ\sum_{\alpha\in pa(\beta)}P_{\alpha\beta}^T\tilde G_\alpha W_{\beta\alpha}^T,\ \Delta W_{\beta\alpha} = (P_{\alpha\beta}F_\beta)^T\tilde G_\alpha",
        assumptions=(r"\text{focus, broadness of knowledge and decorrelation at the child (Thm. 2) on every pair}", r"\tilde G_\alpha = \Lambda_\alpha G_\alpha", r"\text{leaves are one-hot inputs without gate}"),
        check=check,
        cases=tian18_reformulation_instances(),
        arrays=("p", "q", "w", "G_top"),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={
            "A": 2, "regions": [[0], [1], [0, 1]], "children": [[], [], [0, 1]], "tables": [[0, 0], [0, 0], [[0]]],
            "n_nodes": [2, 2, 1], "q": [[0.5, 0.5], [0.5, 0.5]], "w": [1.0, 2.0, 1.0, 1.0], "G_top": [[1.0], [1.0], [0.0], [0.0]],
        },
        method="reformulation_matrices (brute-force event averages) against matrix_recursions, on lossless and lossy teachers where focus, broadness and the child's decorrelation hold (gaps < 1e-9).",
        notes="Two gaps: the F-recursion needs decorrelation at the parent (tian18.thm2); Delta W needs Cov(f_k, g_j | z_alpha) = 0, assumed in the proof (Eq. 66-67) but not stated. Corrected in tian18.thm4-corrected.",
    )
)
