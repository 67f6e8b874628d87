"""tian18 Thm. 1 (recursive property of the marginalized gradient): :math:`g_j(x_k) = \\mathbb E_{x_{j,-k}|x_k}[g_j(x_j)]`.

Marginalizing the gradient of node j onto its own receptive field
:math:`x_j` first and then onto the child's :math:`x_k \\subset x_j` gives the
direct marginalization onto :math:`x_k` (the tower property of conditional
expectations; it needs :math:`x_k \\subseteq x_j`, i.e. k a descendant of j).
Verdict: **holds**.

Reading: as printed, x_k a subset of x_j (k a child of j); where P(x_k) = 0
both sides are set to 0 (undefined conditionals).
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._student import run
from spline_theory.teacher_student import marginalize
from spline_theory.testing.strategies import teacher_student_instances


def check(xp, inst):
    T, W, F, gates, G, delta = run(inst)
    out = []
    for a, ch in enumerate(T.children):
        for k in ch:
            direct = marginalize(T, G[a], k)
            two_step = marginalize(T, marginalize(T, G[a], a), k)
            scale = marginalize(T, np.abs(G[a]), k)
            out.append(close(xp, xp.asarray(direct), xp.asarray(two_step), relation=f"g_j(x_k) == E[g_j(x_j) | x_k], j in region {a}, k in region {k}", scale=xp.asarray(scale)))
    return out


CLAIM = register(
    Claim(
        id="tian18.thm1",
        title="Marginalizing g_j onto x_j and then onto x_k equals marginalizing onto x_k",
        where="tian18, Sec. 2.3, Thm. 1",
        statement=r"g_j(x_k) = \mathbb E_{x_{j,-k}|x_k}\big[g_j(x_j)\big]",
        assumptions=(r"x_k \subseteq x_j \text{ (k a child of j)}", r"\mathbb P(x_k) > 0 \text{ (elsewhere both sides are set to 0)}"),
        check=check,
        cases=teacher_student_instances(),
        arrays=("p", "w", "G_top"),
        method="marginalize(G_j, rf(k)) against marginalize(marginalize(G_j, rf(j)), rf(k)) for every child-parent pair.",
    )
)
