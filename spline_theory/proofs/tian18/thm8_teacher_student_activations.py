"""tian18 Thm. 8 read on the student's own activations F_alpha(z) = E[f_j | z_alpha]: holds for lossless teachers, fails for lossy ones.

Thm. 8's hypotheses are properties of the matrices of Thm. 4
(:math:`P_{\\alpha\\beta}` a tensor product, :math:`W_{\\beta\\alpha}` separable,
:math:`F_\\beta` disentangled); its conclusion is read here on the
brute-force student's per-event activations
:math:`F_\\alpha(z_\\alpha) = \\mathbb E[f_j(x)|z_\\alpha]` of a small teacher (four
binary inputs, middle regions {0, 1} and {2, 3}). The hypotheses are
measured with :func:`~spline_theory.disentanglement.is_tensor_product`,
:func:`~spline_theory.disentanglement.is_separable` and
:func:`~spline_theory.disentanglement.is_disentangled_activation`; instances
where one does not hold are undecided.

Verdict: **fails** on lossy teachers. Thm. 8 relies on Eq. (8), which is exact
only under the conditions of Thm. 2 (e.g. a lossless teacher, Thm. 3): a
middle region that forgets an input (:math:`z_\\beta = x_0`, :math:`x_1` is
noise inside it) still has a deterministic, hence tensor-product,
:math:`P_{\\alpha\\beta}` and a trivially disentangled one-factor :math:`F_\\beta`,
but when the forgotten :math:`x_1` is correlated with the other half's factor
:math:`x_2`, :math:`f_j(z_\\alpha) = \\mathbb E[\\mathrm{ReLU}(\\dots x_0, x_1)|x_0, x_2]`
depends on :math:`x_2`. Counterexample: lossy teacher,
:math:`\\mathbb P(x) \\propto 3` where :math:`x_1 = x_2` and 1 elsewhere, middle node
:math:`\\mathrm{ReLU}((1, 2)[x_0] + (0, -1.5)[x_1])`, unit top weights: the first
top node averages to 3/4 at :math:`(x_0, x_2) = (0, 0)` and 1/4 at (0, 1).
Corrected (lossless teachers, any :math:`\\mathbb P(x)`) in
``tian18.thm8.student-corrected``.

Reading: a wider reading than the printed theorem: the student's own
activations on a lossy teacher, hypotheses measured on the teacher (kind:
not-an-error); P(x) > 0.
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


CE = {
    "lossy": True,
    "p": [3 / 32, 3 / 32, 1 / 32, 1 / 32, 1 / 32, 1 / 32, 3 / 32, 3 / 32, 3 / 32, 3 / 32, 1 / 32, 1 / 32, 1 / 32, 1 / 32, 3 / 32, 3 / 32],
    "w": [1.0, 2.0, 0.0, -1.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
}

CLAIM = register(
    Claim(
        id="tian18.thm8.student",
        title="Thm. 8 on the student's own per-event activations, any teacher (fails for lossy teachers)",
        where="tian18, Sec. 5.2, Thm. 8, with Sec. 3 (Eq. 5) for F_alpha(z_alpha)",
        statement=r"P_{\alpha\beta} = \textstyle\bigotimes_i P_{\alpha[i]\beta[S_i]},\ W_{\beta\alpha} \text{ separable},\ F_\beta \text{ disentangled} \Rightarrow F_\alpha = [\mathbb E(f_j|z_\alpha)] \text{ disentangled}",
        assumptions=(r"F_\alpha(z_\alpha) = \mathbb E_x[f_j(x)|z_\alpha] \text{ of the brute-force student}", r"\mathbb P(x) > 0", r"\text{hypotheses measured on the teacher (undecided where they fail)}"),
        check=check,
        cases=disentangle_teacher_instances(),
        arrays=("p", "w"),
        expected="fails",
        kind="not-an-error",
        counterexample=CE,
        method="factor_student: a four-input teacher (lossless or lossy middle regions), separable weights; student_forward, event_average, transition_matrix; hypotheses by is_tensor_product / is_separable / is_disentangled_activation, conclusion by disentangled_activation(activation_factors(F_alpha)).",
        notes="Thm. 8 is about the matrices of Eq. 8, exact only under Thm. 2's conditions; with a lossy teacher the student's activations need not follow them. tian18.thm8 (event level) holds; tian18.thm8.student-corrected restricts to lossless teachers.",
    )
)
