"""tian18 Sec. 2.2: the summarization variable of a region takes at most :math:`2^{sz(\\alpha)}` values on binary inputs.

"we assume :math:`z_\\alpha` be discrete variables that takes :math:`m_\\alpha` possible
values. Intuitively, :math:`m_\\alpha` is exponential w.r.t the area of the receptive
field :math:`sz(\\alpha)`, for binary input, :math:`m_\\alpha \\le 2^{sz(\\alpha)}`."

:math:`z_\\alpha` is a function of the :math:`sz(\\alpha)` inputs :math:`x_\\alpha` of its
receptive field (the teacher summarizes, Sec. 2.2), so it takes at most as many
values as :math:`x_\\alpha` does; with a lossless teacher (every summary keeps its
children's values) it takes exactly :math:`2^{sz(\\alpha)}`.

Reading: ':math:`m_\\alpha` possible values' as the number of values :math:`z_\\alpha(x)`
attains over all inputs (probability-zero inputs included: 'possible' is about
the summarization, not the data); binary inputs as printed (alphabet 2), on
lossless and lossy teachers of the library's hierarchies. The 'intuitively
exponential' clause is checked as equality for lossless teachers. Verdict:
**holds**.
"""

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from spline_theory.claims import Claim, Step, equal, leq, register
from spline_theory.proofs.tian18._reformulation import teacher_and_weights
from spline_theory.teacher_student import summary_values
from spline_theory.testing.strategies import lossy_teacher_instances, teacher_student_instances


def derive():
    s1, s2 = sp.symbols("s_1 s_2", positive=True, integer=True)
    return [Step("a region of s binary inputs has 2^s input patterns, so a summary z_alpha = phi(x_alpha) takes at most 2^s values; "
                 "the lossless summary of two children of sizes s_1, s_2 (the tuple of their values) takes 2^(s_1) 2^(s_2) = 2^(s_1 + s_2)",
                 sp.Mul(2**s1, 2**s2, evaluate=False), 2 ** (s1 + s2))]


def check(xp, inst):
    T, _ = teacher_and_weights(inst)
    z = summary_values(T)
    m = np.array([len(np.unique(za)) for za in z], dtype=np.float64)
    bound = np.array([2.0 ** len(r) for r in T.regions])
    ev = [leq(xp, xp.asarray(m), xp.asarray(bound), relation="m_alpha <= 2^sz(alpha) for every region")]
    if inst.get("tables") is None:  # lossless: every summary keeps the tuple of its children's values
        ev.append(equal(xp, xp.asarray(m), xp.asarray(bound), relation="lossless teacher: m_alpha == 2^sz(alpha)"))
    return ev


CLAIM = register(
    Claim(
        id="tian18.sec22.event_count",
        title="On binary inputs a region's summary takes at most 2^sz(alpha) values (exactly that many for a lossless teacher)",
        where="tian18, Sec. 2.2 'The teacher', paragraph after the receptive fields",
        statement=r"x \in \{0, 1\}^d:\quad m_\alpha = \#\{z_\alpha(x)\} \le 2^{sz(\alpha)}",
        assumptions=(r"z_\alpha = \phi_\alpha(x_\alpha) \text{ (the teacher's summarization)}", r"\text{binary inputs (alphabet 2)}"),
        check=check,
        cases=st.one_of(teacher_student_instances(), lossy_teacher_instances()).filter(lambda i: i["A"] == 2),
        derive=derive,
        topic="teacher-student",
        method="teacher_student.summary_values over every input pattern; the distinct values per region counted against 2^sz(alpha).",
    )
)
