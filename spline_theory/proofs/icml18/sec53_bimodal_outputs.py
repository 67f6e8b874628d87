"""icml18 Sec. 5.3 and Fig. 2: the memorized templates have "bimodal outputs".

Reading: at the optimum the outputs :math:`\\langle A^\\star[x_n]_c, x_n\\rangle` take two
values, one for the true class and one shared by every wrong class, the first
larger. Holds under both budgets. The signs of Eq. (12) (+ for the true class,
- for the others, the two halves of Fig. 2) need the squared-norm budget: under
the sum of norms as printed the wrong-class outputs are 0 for C >= 3 (see
icml18.prop5).
"""

from spline_theory.claims import Claim, close, less, register
from spline_theory.proofs.icml18._memorization import rtol, solved, template_scale
from spline_theory.testing.strategies import sec53_template_instances


def check(xp, inst):
    x, y, C = inst["x"], int(inst["y"][0]), inst["C"]
    z = solved(xp, inst) @ x[0, ...]
    wrong = xp.stack([z[c] for c in range(C) if c != y])
    s = template_scale(inst)
    return [
        close(xp, wrong, xp.zeros_like(wrong) + xp.mean(wrong), relation="<A*_c, x> equal for every wrong class c", scale=s, rtol=rtol(x)),
        less(xp, xp.max(wrong), z[y], relation="<A*_c, x> < <A*_y, x> (the true class has the larger mode)", scale=s, rtol=rtol(x)),
    ]


CLAIM = register(
    Claim(
        id="icml18.sec53.bimodal_outputs",
        title="At the optimum the template outputs take two values: one for the true class, a smaller one shared by all wrong classes",
        where="icml18, Sec. 5.3 and Fig. 2",
        statement=r"\|x_n\| = 1:\quad \langle A^\star[x_n]_{c,\cdot}, x_n\rangle = \begin{cases} m_+ & c = y_n \\ m_- < m_+ & c \ne y_n \end{cases}",
        assumptions=(r"z_c = \langle A[x_n]_{c,\cdot}, x_n\rangle \text{ (no bias)}", r"\text{a norm budget: } \sum_c \|A_c\|^2 \le \alpha \text{ or } \sum_c \|A_c\| \le \alpha"),
        check=check,
        cases=sec53_template_instances(),
        arrays=("x",),
        method="The outputs A* x of the SLSQP minimizer over all C x D entries (learning.solve_optimal_templates): the wrong classes' agree, and are below the true class's.",
    )
)
