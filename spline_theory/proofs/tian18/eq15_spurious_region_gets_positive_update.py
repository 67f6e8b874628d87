"""tian18 Sec. 6, Eq. (13), (15) as printed: a node that separates the spurious z_gamma gets a positive update from the weak signal g_0(z_gamma) = +-2 eps.

With :math:`\\tilde{\\mathbb P}(z_\\omega=1|z_\\gamma=1) = 1/2+\\epsilon` and
:math:`\\tilde{\\mathbb P}(z_\\omega=1|z_\\gamma=0) = 1/2-\\epsilon` (Eq. 13),
:math:`g_0(z_\\gamma) = \\mathbb E_{z_\\omega|z_\\gamma}[g_0] = \\pm 2\\epsilon`, and
"an easy separation of the input yields distinctive :math:`f_k(z_\\gamma)`"
so :math:`\\Delta w_k = \\mathbb E_{z_\\gamma}[f_k(z_\\gamma)g_0(z_\\gamma)] > 0` (Eq. 15;
printed with :math:`f_j`, read :math:`f_k`).

Reading: distinctive = :math:`f_k(0) \\ne f_k(1)`, ReLU outputs
(:math:`f_k \\ge 0`), :math:`\\epsilon > 0`. Verdict: **fails**:
:math:`\\Delta w_k = 2\\epsilon(\\mathbb P(z_\\gamma=1)f_k(1) - \\mathbb P(z_\\gamma=0)f_k(0))`
has the sign of that difference. Counterexample: :math:`\\epsilon = 1/4`,
:math:`\\mathbb P(z_\\gamma=1) = 1/2`, :math:`f_k = (1, 0)`: :math:`\\Delta w_k = -1/4`.
The values :math:`g_0(z_\\gamma) = \\pm 2\\epsilon` hold. Corrected in
``tian18.eq15-corrected``.
"""

from spline_theory.claims import Claim, close, less, register
from spline_theory.disentanglement import marginal_update
from spline_theory.proofs.tian18._disentangle import host
from spline_theory.proofs.tian18._overfitting import teacher_and_gradient
from spline_theory.teacher_student import event_average
from spline_theory.testing.strategies import disentangle_overfitting_instances


def check(xp, inst):
    T, g = teacher_and_gradient(inst)
    e = float(inst["eps"])
    f = host(inst["f_gamma"])
    return [
        close(xp, xp.asarray(event_average(T, g, 1)[:, 0]), xp.asarray([-2 * e, 2 * e]), relation="g_0(z_gamma) == -2 eps, +2 eps  (Eq. 15)", scale=1.0),
        less(xp, xp.asarray(0.0), xp.asarray(marginal_update(T, f, g, 1)), relation="Delta w_k = E[f_k g_0(z_gamma)] > 0  (Eq. 15)", scale=float(abs(f).max())),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq15",
        title="A node that separates the spurious region gets a positive update (as printed)",
        where="tian18, Sec. 6 (Over-fitting), Eq. (13), (15)",
        statement=r"\tilde{\mathbb P}(z_\omega=1|z_\gamma=1) = 0.5+\epsilon,\ \tilde{\mathbb P}(z_\omega=1|z_\gamma=0) = 0.5-\epsilon,\ f_k(z_\gamma) \text{ distinctive} \Rightarrow \Delta w_k = \mathbb E_{z_\gamma}[f_k(z_\gamma)g_0(z_\gamma)] > 0,\ g_0(z_\gamma) = \pm 2\epsilon",
        assumptions=(r"\epsilon > 0", r"f_k \ge 0,\ f_k(0) \ne f_k(1)", r"g_0(z_\omega) = \pm 1,\ z_\omega = z_\alpha", r"\text{lossless teacher, two binary inputs}"),
        check=check,
        cases=disentangle_overfitting_instances(),
        arrays=("f_gamma",),
        expected="fails",
        kind="imprecise",
        counterexample={"eps": 0.25, "p_gamma": 0.5, "c": 1.0, "f_gamma": [1.0, 0.0]},
        method="spurious_teacher, label_gradient; event_average gives g_0(z_gamma); marginal_update gives E[f_k g_0(z_gamma)], required > 0.",
        notes="The sign of Delta w_k is that of P(z_gamma=1) f_k(1) - P(z_gamma=0) f_k(0); only its size O(eps) matters for the over-fitting argument. Corrected in tian18.eq15-corrected.",
    )
)
