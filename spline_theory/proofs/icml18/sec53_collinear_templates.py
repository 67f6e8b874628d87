"""icml18 Sec. 5.3: "the idealized CNN in the proposition will memorize a set of collinear templates".

Reading: at the optimum of Prop. 5's problem every template (true class and
wrong classes) is collinear with the training input :math:`x_n`, i.e. a scaled
copy of it (a zero template counts as collinear). Holds under both readings of
the budget: a component orthogonal to x leaves the loss unchanged and spends
budget (the SymPy steps). Under the sum of norms with C >= 3 the wrong-class
templates are 0 (icml18.prop5), so "memorization" there is of x by the true
class only.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.icml18._memorization import derive_collinear, rtol, solved, template_scale
from spline_theory.testing.strategies import sec53_template_instances


def check(xp, inst):
    x = inst["x"]
    A = solved(xp, inst)
    proj = (A @ x[0, ...])[:, None] * x  # (C, 1) * (1, D)
    return close(xp, A, proj, relation="A*_c == <A*_c, x> x for every class c (collinear with x)", scale=template_scale(inst), rtol=rtol(x))


CLAIM = register(
    Claim(
        id="icml18.sec53.collinear_templates",
        title="At the optimum every template is collinear with the training input (memorization)",
        where="icml18, Sec. 5.3, after Prop. 5",
        statement=r"\|x_n\| = 1:\quad [A^\star[x_n]]_{c,\cdot} \in \mathrm{span}\{x_n\}\quad \forall c",
        assumptions=(r"z_c = \langle A[x_n]_{c,\cdot}, x_n\rangle \text{ (no bias)}", r"\text{a norm budget: } \sum_c \|A_c\|^2 \le \alpha \text{ or } \sum_c \|A_c\| \le \alpha"),
        check=check,
        cases=sec53_template_instances(),
        arrays=("x",),
        derive=derive_collinear,
        method="The SLSQP minimizer over all C x D entries (learning.solve_optimal_templates) against its rows' projections onto x.",
    )
)
