"""tian18 Sec. 6, Eq. (12)-(14) as printed: a node whose activation cannot tell z_alpha = 0 from 1 gets no update, although z_alpha decides the label.

The label is :math:`z_\\omega = z_\\alpha` (Eq. 12), :math:`z_\\gamma` is spuriously
correlated with it (Eq. 13). The top gradient :math:`g_0 = \\pm 1` by label
back-propagates to :math:`g_0(z_\\alpha) = \\pm 1`, a strong signal, yet for
:math:`f_j(z_\\alpha) \\approx \\text{const}`,
:math:`\\Delta w_j = \\mathbb E_{z_\\alpha}[f_j(z_\\alpha)g_0(z_\\alpha)] \\approx 0` (Eq. 14).

Reading: the limit of Eq. (14), :math:`f_j \\equiv c` exactly, on the
lossless two-input teacher of
:func:`~spline_theory.disentanglement.spurious_teacher`.
Verdict: **fails**: :math:`\\Delta w_j = c\\,\\mathbb E[g_0] = c\\,(2\\mathbb P(z_\\omega = 1) - 1)`,
zero only for balanced labels, and Eq. (13) does not make them balanced
(:math:`\\mathbb P(z_\\omega = 1) = 1/2 + \\epsilon(2\\mathbb P(z_\\gamma = 1) - 1)`).
Counterexample: :math:`\\epsilon = 1/4`, :math:`\\mathbb P(z_\\gamma = 1) = 3/4`,
:math:`c = 1`: :math:`\\mathbb P(z_\\omega = 1) = 5/8` and :math:`\\Delta w_j = 1/4`.
The values :math:`g_0(z_\\alpha) = \\pm 1` hold. Corrected in ``tian18.eq14-corrected``.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import marginal_update
from spline_theory.proofs.tian18._overfitting import teacher_and_gradient
from spline_theory.teacher_student import event_average
from spline_theory.testing.strategies import disentangle_overfitting_instances


def check(xp, inst):
    T, g = teacher_and_gradient(inst)
    c = float(inst["c"])
    return [
        close(xp, xp.asarray(event_average(T, g, 0)[:, 0]), xp.asarray([-1.0, 1.0]), relation="g_0(z_alpha) == -1, +1  (Eq. 14)"),
        # Delta w_j is a sum of two products of size |c|
        close(xp, xp.asarray(marginal_update(T, [c, c], g, 0)), xp.asarray(0.0), relation="Delta w_j = E[f_j g_0(z_alpha)] == 0 for f_j == c  (Eq. 14)", scale=abs(c)),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq14",
        title="A node blind to z_alpha gets no update although z_alpha decides the label (as printed)",
        where="tian18, Sec. 6 (Over-fitting), Eq. (12)-(14)",
        statement=r"\tilde{\mathbb P}(z_\omega=1|z_\alpha=1)=1,\ \tilde{\mathbb P}(z_\omega=1|z_\alpha=0)=0,\ f_j(z_\alpha)\approx\text{const} \Rightarrow \Delta w_j = \mathbb E_{z_\alpha}[f_j(z_\alpha)g_0(z_\alpha)] \approx 0,\ g_0(z_\alpha) = \pm 1",
        assumptions=(r"g_0(z_\omega) = +1 \text{ if } z_\omega = 1, -1 \text{ otherwise}", r"\text{reading: } f_j \equiv c \text{ exactly (the limit of } \approx\text{)}", r"\text{lossless teacher, two binary inputs}"),
        check=check,
        cases=disentangle_overfitting_instances(),
        arrays=("f_gamma",),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={"eps": 0.25, "p_gamma": 0.75, "c": 1.0, "f_gamma": [1.0, 0.0]},
        method="spurious_teacher(eps, P(z_gamma = 1)), label_gradient; event_average gives g_0(z_alpha); marginal_update gives E[f_j g_0] for a constant f_j, compared with 0.",
        notes="Missing assumption: balanced labels P(z_omega = 1) = 1/2 (Eq. 13 gives it only when eps = 0 or P(z_gamma = 1) = 1/2). Corrected in tian18.eq14-corrected.",
    )
)
