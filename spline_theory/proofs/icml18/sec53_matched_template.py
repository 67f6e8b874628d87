"""icml18 Sec. 5.3, first sentence: "the optimal template for an image x of class c is a scaled version of x itself".

Reading: the template of the true class at the optimum of the cross-entropy of
template matching (no bias, unit-norm x) under a norm budget is :math:`p\\,x` with p > 0.
Checked under both readings of the budget (sum of squared norms, report17
Thm. 5; sum of norms, icml18 Prop. 5 as printed): holds under both.
"""

from spline_theory.claims import Claim, close, less, register
from spline_theory.proofs.icml18._memorization import derive_collinear, rtol, solved, template_scale
from spline_theory.testing.strategies import sec53_template_instances


def check(xp, inst):
    x, y = inst["x"], int(inst["y"][0])
    A = solved(xp, inst)
    a = A[y, ...]
    p = xp.sum(a * x[0, ...])
    s = template_scale(inst)
    return [
        close(xp, a, p * x[0, ...], relation="A*_y == <A*_y, x> x (the true-class template is a multiple of x)", scale=s, rtol=rtol(x)),
        less(xp, xp.asarray(0.0, dtype=x.dtype), p, relation="<A*_y, x> > 0 (a positive multiple)", scale=s, rtol=rtol(x)),
    ]


CLAIM = register(
    Claim(
        id="icml18.sec53.matched_template",
        title="At the optimum the template of the true class is a positive multiple of the input (a matched filter)",
        where="icml18, Sec. 5.3, first paragraph",
        statement=r"\|x_n\| = 1:\quad [A^\star[x_n]]_{y_n,\cdot} = p\, x_n,\ p > 0",
        assumptions=(r"z_c = \langle A[x_n]_{c,\cdot}, x_n\rangle \text{ (no bias)}", r"\text{a norm budget: } \sum_c \|A_c\|^2 \le \alpha \text{ or } \sum_c \|A_c\| \le \alpha"),
        check=check,
        cases=sec53_template_instances(),
        arrays=("x",),
        derive=derive_collinear,
        method="The minimizer of the cross-entropy under the budget found by SLSQP over all C x D entries (learning.solve_optimal_templates); "
        "its true-class row against its projection onto x, and the sign of <A*_y, x>.",
    )
)
