"""tian18 Eq. (2) (Sec. 2.3): the weight update only needs the gradient marginalized onto the child's receptive field.

With :math:`g_j(x_k) = \\mathbb E_{x_{-k}|x_k}[g_j(x)]` (Eq. 2),
:math:`\\Delta w_{jk} = \\mathbb E_x[f_k(x)g_j(x)] = \\mathbb E_{x_k}[f_k(x_k)g_j(x_k)]`,
because in a locally connected network :math:`f_k` depends on :math:`x_k` only.
Checked by brute force over all inputs of small teachers (overlapping
siblings included, P(x) with zeros). Verdict: **holds**.

Reading: as printed, locally connected student (f_k depends on x_k only);
finite input alphabet so the expectations are exact sums.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._student import run
from spline_theory.teacher_student import marginalize
from spline_theory.testing.strategies import teacher_student_instances


def check(xp, inst):
    T, W, F, gates, G, delta = run(inst)
    out = []
    for (b, a), d in delta.items():
        via_marginal = F[b].T @ (T.p[:, None] * marginalize(T, G[a], b))
        scale = np.abs(F[b]).T @ (T.p[:, None] * np.abs(G[a]))
        out.append(close(xp, xp.asarray(d), xp.asarray(via_marginal), relation=f"Delta W[{b}->{a}] = E_x[f_k g_j] == E_x_k[f_k(x_k) g_j(x_k)]", scale=xp.asarray(scale)))
    return out


CLAIM = register(
    Claim(
        id="tian18.eq2",
        title="Delta w_jk = E_x[f_k g_j] equals E_{x_k}[f_k(x_k) g_j(x_k)] with the marginalized gradient g_j(x_k)",
        where="tian18, Sec. 2.3, Eq. (2) and the text around it",
        statement=r"g_j(x_k) = \mathbb E_{x_{-k}|x_k}[g_j(x)],\qquad \Delta w_{jk} = \mathbb E_x[f_k(x)g_j(x)] = \mathbb E_{x_k}[f_k(x_k)g_j(x_k)]",
        assumptions=(r"\text{locally connected student: } f_k(x) = f_k(x_k)", r"\text{finite input alphabet, expectations exact over } \mathbb P(x)"),
        check=check,
        cases=teacher_student_instances(),
        arrays=("p", "w", "G_top"),
        method="student_forward / student_backward by brute force over all A^d inputs; Delta W against F^T diag(p) marginalize(G, rf(k)).",
        notes="The library computes in NumPy float64 whatever the dtype under test (documented in spline_theory.teacher_student).",
    )
)
