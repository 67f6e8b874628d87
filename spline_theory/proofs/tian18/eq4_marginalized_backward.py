"""tian18 Eq. (4) (Sec. 2.3): marginalizing the backward pass onto :math:`x_k` keeps its form, :math:`g_k(x_k) = f'_k(x_k)\\sum_{j\\in pa(k)} w_{jk} g_j(x_k)`.

Taking :math:`\\mathbb E_{x_{-k}|x_k}` of Eq. (3): the gate :math:`f'_k`
depends on :math:`x_k` only and comes out of the expectation. Checked by brute
force on small teachers with overlapping siblings (a node with two parents).
Verdict: **holds**.

Reading: as printed, locally connected student (the gate depends on x_k only).
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._student import run
from spline_theory.teacher_student import marginalize
from spline_theory.testing.strategies import teacher_student_instances


def check(xp, inst):
    T, W, F, gates, G, delta = run(inst)
    out = []
    for k, parents in ((r, T.parents(r)) for r in range(len(T.regions))):
        if not parents:
            continue
        lhs = marginalize(T, G[k], k)
        raw = sum(marginalize(T, G[j], k) @ W[(k, j)].T for j in parents)
        scale = sum(marginalize(T, np.abs(G[j]), k) @ np.abs(W[(k, j)]).T for j in parents)
        out.append(close(xp, xp.asarray(lhs), xp.asarray(gates[k] * raw), relation=f"g_k(x_k) == f'_k(x_k) sum_j w_jk g_j(x_k) at region {k}", scale=xp.asarray(scale)))
    return out


CLAIM = register(
    Claim(
        id="tian18.eq4",
        title="The marginalized gradient of a node is its gate times the weighted marginalized gradients of its parents",
        where="tian18, Sec. 2.3, Eq. (3)-(4)",
        statement=r"g_k(x_k) = f'_k(x_k)\,g_k^{raw}(x_k) = f'_k(x_k)\sum_{j\in pa(k)} w_{jk}\,g_j(x_k)",
        assumptions=(r"\text{locally connected student: } f'_k(x) = f'_k(x_k)",),
        check=check,
        cases=teacher_student_instances(),
        arrays=("p", "w", "G_top"),
        method="student_backward by brute force; marginalize(G_k, rf(k)) against gates_k times the sum over parents of marginalize(G_j, rf(k)) W^T.",
    )
)
