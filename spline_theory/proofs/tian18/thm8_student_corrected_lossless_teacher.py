"""tian18 Thm. 8 on the student's own per-event activations, corrected: with a lossless teacher F_alpha(z) = E[f_j | z_alpha] is disentangled.

With a lossless teacher the reformulation is exact (Thm. 3), so the
hypotheses of Thm. 8 measured on the teacher (tensor-product
:math:`P_{\\alpha\\beta}`, separable :math:`W_{\\beta\\alpha}`, disentangled
:math:`F_\\beta`) give a disentangled :math:`F_\\alpha` for any positive
:math:`\\mathbb P(x)`, correlated inputs included. Checked on the four-input
teacher of ``tian18.thm8.student`` with lossless middle regions. Verdict: **holds**.

Reading: the student's own activations F_alpha(z) = E[f_j | z_alpha] with a
lossless teacher (named), P(x) > 0.
"""

import numpy as np

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.disentanglement import activation_factors, disentangled_activation
from spline_theory.proofs.tian18._disentangle import student_activations_under_thm8
from spline_theory.testing.strategies import disentangle_teacher_instances

def check(xp, inst):
    Fz = student_activations_under_thm8(inst)
    if Fz is None:
        return undecided("F_alpha is disentangled", "a hypothesis of Thm. 8 does not hold on this teacher")
    rebuilt = disentangled_activation(activation_factors(Fz))
    return close(xp, xp.asarray(rebuilt), xp.asarray(Fz), relation="F_alpha(z) = E[f_j | z_alpha] equals 1 x .. x f_alpha[j] x .. x 1 of its factors", scale=max(1.0, float(np.max(np.abs(Fz)))))


CLAIM = register(
    Claim(
        id="tian18.thm8.student-corrected",
        title="With a lossless teacher the student's per-event activations obey Thm. 8",
        where="tian18, Sec. 5.2, Thm. 8 with Thm. 3, corrected",
        statement=r"\mathbb P(x_\alpha|z_\alpha) = \delta,\ P_{\alpha\beta} = \textstyle\bigotimes_i P_{\alpha[i]\beta[S_i]},\ W_{\beta\alpha} \text{ separable},\ F_\beta \text{ disentangled} \Rightarrow F_\alpha = [\mathbb E(f_j|z_\alpha)] \text{ disentangled}",
        assumptions=(r"\text{lossless teacher}", r"\mathbb P(x) > 0"),
        check=check,
        cases=disentangle_teacher_instances(lossy=False),
        arrays=("p", "w"),
        corrects="tian18.thm8.student",
        method="As tian18.thm8.student, on lossless teachers only.",
    )
)
