"""tian18 Eq. (3) (Sec. 2.3; App. 8.2, Eq. (19)): :math:`g_k(x) = f'_k(x)\\sum_{j\\in pa(k)} w_{jk}g_j(x) = f'_k(x_k)\\sum_j w_{jk}g_j(x)`.

The first equality is the backward pass (Eq. 1); the second says that in a
locally connected network the gate :math:`f'_k` depends on the input only
through the node's receptive field :math:`x_k`, while the gradients
:math:`g_j(x)` of the parents depend on all of :math:`x`. Checked by brute
force over all inputs: the gate equals its own marginalization onto
:math:`x_k` (:func:`~spline_theory.teacher_student.marginalize`), and the gated
gradient equals the gate times the raw gradient
(:func:`~spline_theory.teacher_student.raw_gradients`). Eq. (4) (``tian18.eq4``)
is the marginalized form. Verdict: **holds**.

Reading: as printed, locally connected student; inputs of probability 0 left
out (the conditional expectations are undefined there).
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._student import run
from spline_theory.teacher_student import marginalize, raw_gradients
from spline_theory.testing.strategies import teacher_student_instances


def check(xp, inst):
    T, W, F, gates, G, delta = run(inst)
    raw = raw_gradients(T, W, G, inst["G_top"])
    live = T.p > 0  # the marginalization is 0 on inputs of probability 0
    out = []
    for k in range(len(T.regions)):
        if not T.parents(k):
            continue
        out.append(close(xp, xp.asarray(gates[k][live]), xp.asarray(marginalize(T, gates[k], k)[live]), relation=f"f'_k(x) == f'_k(x_k) (region {k})"))
        out.append(close(xp, xp.asarray(G[k]), xp.asarray(gates[k] * raw[k]), relation=f"g_k(x) == f'_k(x) sum_j w_jk g_j(x) (region {k})", scale=xp.asarray(np.abs(raw[k]))))
    return out


CLAIM = register(
    Claim(
        id="tian18.eq3",
        title="The gate of node k depends on x_k only: g_k(x) = f'_k(x_k) sum_j w_jk g_j(x)",
        where="tian18, Sec. 2.3, Eq. (3); App. 8.2, Eq. (19)",
        statement=r"g_k(x) = f'_k(x)\sum_{j\in pa(k)} w_{jk}g_j(x) = f'_k(x_k)\sum_{j} w_{jk}g_j(x)",
        assumptions=(r"\text{locally connected student (each node sees its receptive field only)}", r"\text{inputs of probability } 0 \text{ left out}"),
        check=check,
        cases=teacher_student_instances(),
        arrays=("p", "w", "G_top"),
        method="student_forward / student_backward by brute force; the gate of every node with a parent against marginalize(gate, rf(k)), and the gated gradient against gate times raw_gradients.",
    )
)
