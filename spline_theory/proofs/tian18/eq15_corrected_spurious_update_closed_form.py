"""tian18 Sec. 6, Eq. (15), corrected: the update of a node on the spurious region is 2 eps (P(z_gamma=1) f_k(1) - P(z_gamma=0) f_k(0)).

With :math:`g_0(z_\\gamma) = \\pm 2\\epsilon` (Eq. 13),
:math:`\\Delta w_k = 2\\epsilon\\,(\\mathbb P(z_\\gamma=1)f_k(1) - \\mathbb P(z_\\gamma=0)f_k(0))`:
of size :math:`O(\\epsilon)` and non-zero for generic distinctive :math:`f_k`,
of either sign. Verdict: **holds**.

Reading: the correction: the closed form whose sign is that of P(z_gamma = 1)
f_k(1) - P(z_gamma = 0) f_k(0); the Sec. 6 setting with Eq. (13).
"""

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import marginal_update
from spline_theory.proofs.tian18._disentangle import host
from spline_theory.proofs.tian18._overfitting import teacher_and_gradient
from spline_theory.teacher_student import event_average, event_probabilities
from spline_theory.testing.strategies import disentangle_overfitting_instances


def check(xp, inst):
    T, g = teacher_and_gradient(inst)
    e = float(inst["eps"])
    f = host(inst["f_gamma"]).astype(float)
    q = event_probabilities(T, 1)
    return [
        close(xp, xp.asarray(event_average(T, g, 1)[:, 0]), xp.asarray([-2 * e, 2 * e]), relation="g_0(z_gamma) == -2 eps, +2 eps", scale=1.0),
        close(xp, xp.asarray(marginal_update(T, f, g, 1)), xp.asarray(2 * e * (q[1] * f[1] - q[0] * f[0])), relation="Delta w_k == 2 eps (P(z_gamma=1) f_k(1) - P(z_gamma=0) f_k(0))", scale=float(abs(f).max())),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq15-corrected",
        title="The update of a node on the spurious region is 2 eps (P(z_gamma=1) f_k(1) - P(z_gamma=0) f_k(0)), of either sign",
        where="tian18, Sec. 6 (Over-fitting), Eq. (13), (15), corrected",
        statement=r"\Delta w_k = \mathbb E_{z_\gamma}[f_k g_0(z_\gamma)] = 2\epsilon\big(\mathbb P(z_\gamma=1)f_k(1) - \mathbb P(z_\gamma=0)f_k(0)\big),\quad g_0(z_\gamma) = \pm 2\epsilon",
        assumptions=(r"g_0(z_\omega) = \pm 1,\ z_\omega = z_\alpha", r"\text{Eq. (13)}", r"\text{lossless teacher, two binary inputs}"),
        check=check,
        cases=disentangle_overfitting_instances(),
        arrays=("f_gamma",),
        corrects="tian18.eq15",
        method="As tian18.eq15; marginal_update against the closed form with P(z_gamma) from event_probabilities.",
    )
)
