"""tian18 Sec. 3 boundary conditions, corrected: :math:`F_\\beta = I` at lossless leaves; at the top :math:`G^{raw}_\\omega = I - F_\\omega` before the gate and :math:`G_\\omega = D_\\omega\\circ I - F_\\omega` after it.

With the per-input loss :math:`\\tfrac12\\|f_\\omega(x) - e_{z_\\omega(x)}\\|^2` the
top gradient before the gate is :math:`e_{z_\\omega} - f_\\omega(x)`, whose event
average is exactly :math:`I - F_\\omega` (linear; any teacher, lossy leaves
included); the gate keeps :math:`f'_j(e_{z_\\omega} - f_j) = f'_j e_{z_\\omega} - f_j`,
so :math:`G_\\omega = D_\\omega\\circ I - F_\\omega`: the printed :math:`I - F_\\omega`
exactly where the diagonal gates are open (:math:`D_\\omega[z, z] = 1`), e.g. at
the optimum :math:`F_\\omega = I` of Thm. 6. The bottom condition needs the
leaf summaries to be the input values (Sec. 2.2): for a lossy leaf
:math:`F_\\beta` holds the conditional distribution of the letter and is not
square (checked in the tests). Verdict: **holds**.

Reading: the correction: at the top, G_omega = D_omega o I - F_omega after the
ReLU gate; lossless leaves at the bottom, per-input l2 loss to the one-hot
label; labels of probability 0 left out.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._boundary import bottom_evidence, build
from spline_theory.testing.strategies import tian18_boundary_instances


def check(xp, inst):
    T, R = build(inst)
    top = T.top
    live = np.diag(R.Lam[top]) > 0  # rows of impossible events (a label that never occurs) are 0 on one side only
    I = np.eye(R.F[top].shape[0])[live]
    scale = xp.asarray(1.0 + np.abs(R.F[top][live]))
    return bottom_evidence(xp, T, R) + [
        close(xp, xp.asarray(R.Graw[top][live]), xp.asarray(I - R.F[top][live]), relation="G_top^raw == I - F_top (before the gate)", scale=scale),
        close(xp, xp.asarray(R.G[top][live]), xp.asarray(R.D[top][live] * I - R.F[top][live]), relation="G_top == D_top o I - F_top (after the gate)", scale=scale),
    ]


CLAIM = register(
    Claim(
        id="tian18.sec3.boundary-corrected",
        title="F = I at lossless leaves; at the top G^raw = I - F before the gate and G = D o I - F after it",
        where="tian18, Sec. 3, boundary conditions (corrected)",
        statement=r"z_\beta = x_i \Rightarrow F_\beta = I;\qquad G^{raw}_\omega = I - F_\omega,\quad G_\omega = D_\omega\circ I - F_\omega",
        assumptions=(r"\text{bottom: lossless leaves (Sec. 2.2)}", r"\text{top: } z_\omega \text{ the class label, node } j \text{ for class } j,\ n_\omega = m_\omega", r"\text{per-input loss } \tfrac12\|f_\omega(x) - e_{z_\omega(x)}\|^2", r"\text{labels of probability } 0 \text{ left out}"),
        check=check,
        cases=tian18_boundary_instances(),
        arrays=("p", "w"),
        corrects="tian18.sec3.boundary",
        method="As tian18.sec3.boundary, on lossless and lossy leaves (F = I asserted at lossless leaves only); the top gradient before the gate against I - F_top and after it against D_top o I - F_top.",
    )
)
