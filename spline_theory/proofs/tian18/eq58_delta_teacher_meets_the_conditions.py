"""tian18 Thm. 3's proof (App. 8.4, Eq. (53)-(58)): with a delta :math:`\\mathbb P(x_j|z_\\alpha)` every condition of Thm. 2 holds exactly.

"If :math:`\\mathbb P(x_j|z_\\alpha)` is a delta function for all :math:`\\alpha`,
then all conditions in Thm. 2 hold": broadness (:math:`z_\\alpha` carries more
than :math:`z_\\beta`), focus (:math:`z_\\beta` carries all of :math:`x_k`) and
decorrelation, because :math:`\\mathbb E[h_1h_2|z_\\alpha] = h_1(\\phi_j(z_\\alpha))h_2(\\phi_j(z_\\alpha)) = \\mathbb E[h_1|z_\\alpha]\\mathbb E[h_2|z_\\alpha]`
(Eq. 54-58) for any :math:`h_1, h_2` of :math:`x_j`. Checked on lossless
teachers (overlapping siblings, P(x) with zeros): every gap of
:func:`~spline_theory.teacher_student.reformulation_gaps` (focus, broadness,
decorrelation at child and parent, and :math:`\\mathrm{Cov}(f_k, g_j|z_\\alpha)`)
vanishes. ``tian18.thm3`` checks the conclusions. Verdict: **holds**.

Reading: as printed: a delta P(x_j | z_alpha) (lossless teacher) makes Thm. 2's
conditions hold; events of probability 0 left out.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.teacher_student import make_teacher, reformulation_gaps, unpack_weights
from spline_theory.testing.strategies import teacher_student_instances

CONDITIONS = ("focus", "broadness", "decorrelation_k", "decorrelation_j", "decorrelation_fg")


def check(xp, inst):
    T = make_teacher(inst["A"], inst["regions"], inst["children"], inst["p"])
    gaps = reformulation_gaps(T, unpack_weights(T, inst["n_nodes"], inst["w"]), inst["G_top"])
    out = []
    for c in CONDITIONS:
        lhs = np.asarray([g[c] for g in gaps.values()])
        # the gaps are differences of conditional means of O(|w|^2 |G_top|) products, summed in float64
        out.append(close(xp, xp.asarray(lhs), xp.asarray(np.zeros_like(lhs)), relation=f"{c} gap == 0 on every pair", atol=1e-9))
    return out


CLAIM = register(
    Claim(
        id="tian18.eq58",
        title="A delta P(x_j | z_alpha) makes focus, broadness and every decorrelation hold exactly",
        where="tian18, App. 8.4, proof of Thm. 3, Eq. (53)-(58)",
        statement=r"\mathbb P(x_j|z_\alpha) = \delta(x_j - \phi_j(z_\alpha))\ \forall\alpha \Rightarrow \mathbb E_{X_j|z_\alpha}[h_1h_2] = \mathbb E_{X_j|z_\alpha}[h_1]\,\mathbb E_{X_j|z_\alpha}[h_2],\ \text{focus},\ \text{broadness}",
        assumptions=(r"\text{lossless teacher: } z_\alpha \text{ determines } x_\alpha", r"\text{events of probability } 0 \text{ are left out}"),
        check=check,
        cases=teacher_student_instances(),
        arrays=("p", "w", "G_top"),
        method="reformulation_gaps on lossless teachers: every condition gap (focus, broadness, decorrelation at child and parent, Cov(f_k, g_j | z_alpha)) below 1e-9.",
    )
)
