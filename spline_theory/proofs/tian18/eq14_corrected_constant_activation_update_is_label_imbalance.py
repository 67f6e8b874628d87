"""tian18 Sec. 6, Eq. (14), corrected: a constant activation c gets the update c (P(z_omega = 1) - P(z_omega = 0)), zero iff the labels are balanced.

Since :math:`g_0(z_\\alpha) = \\pm 1` and :math:`f_j \\equiv c`,
:math:`\\Delta w_j = c\\,\\mathbb E[g_0] = c\\,(\\mathbb P(z_\\alpha = 1) - \\mathbb P(z_\\alpha = 0))`:
the node blind to :math:`z_\\alpha` receives no *label* information, only the
label imbalance (which a bias would absorb). Verdict: **holds**.

Reading: the correction: the update is c (P(z_omega = 1) - P(z_omega = 0)),
zero iff the labels are balanced; the Sec. 6 setting (z_omega = z_alpha, g_0 =
+-1, lossless teacher, two binary inputs).
"""

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import marginal_update
from spline_theory.proofs.tian18._overfitting import teacher_and_gradient
from spline_theory.teacher_student import event_average, event_probabilities
from spline_theory.testing.strategies import disentangle_overfitting_instances


def check(xp, inst):
    T, g = teacher_and_gradient(inst)
    c = float(inst["c"])
    p = event_probabilities(T, 0)
    return [
        close(xp, xp.asarray(event_average(T, g, 0)[:, 0]), xp.asarray([-1.0, 1.0]), relation="g_0(z_alpha) == -1, +1"),
        close(xp, xp.asarray(marginal_update(T, [c, c], g, 0)), xp.asarray(c * (p[1] - p[0])), relation="Delta w_j == c (P(z_alpha=1) - P(z_alpha=0)) for f_j == c", scale=abs(c)),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq14-corrected",
        title="A constant activation c gets the update c (P(z_omega=1) - P(z_omega=0)): zero iff the labels are balanced",
        where="tian18, Sec. 6 (Over-fitting), Eq. (12)-(14), corrected",
        statement=r"f_j \equiv c \Rightarrow \Delta w_j = \mathbb E_{z_\alpha}[f_j g_0(z_\alpha)] = c\,\big(\mathbb P(z_\omega=1) - \mathbb P(z_\omega=0)\big),\quad g_0(z_\alpha) = \pm 1",
        assumptions=(r"z_\omega = z_\alpha", r"g_0(z_\omega) = \pm 1", r"\text{lossless teacher, two binary inputs}"),
        check=check,
        cases=disentangle_overfitting_instances(),
        arrays=("f_gamma",),
        corrects="tian18.eq14",
        method="As tian18.eq14; marginal_update of a constant activation against c (P(z_alpha=1) - P(z_alpha=0)) from event_probabilities.",
    )
)
