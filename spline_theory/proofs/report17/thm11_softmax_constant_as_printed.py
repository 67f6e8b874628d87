"""report17 Sec. 4.3.2 and Thm. 11 (App. A.4), as printed: the softmax on R^D is contractive with
:math:`K = (D-1)/D^2`.

Read squared, as the proof does (:math:`\\|f(x)-f(y)\\|_2^2 \\le \\max\\|Df\\|_F^2\\|x-y\\|^2`). The proof's
maximizer :math:`p = 1/D` is a stationary point, not the maximum: at :math:`p \\to (1/2, 1/2, 0, \\dots)`
the Jacobian :math:`\\mathrm{diag}(p) - pp^T` has spectral norm (and Frobenius norm) squared :math:`1/4`,
above :math:`(D-1)/D^2` for every :math:`D \\ge 3`. The plain reading :math:`L = (D-1)/D^2` fails already
at :math:`p = 1/D` (:math:`\\|J\\| = 1/D`). The constant holds for D = 2 only.

Reading: as printed, K the squared constant as in the proof's Eq. (124); no
hypothesis added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.lipschitz import softmax_lipschitz
from spline_theory.proofs.report17._lipschitz import searched_within
from spline_theory.testing.strategies import lipschitz_softmax_instances


def derive():
    h = sp.Rational(1, 2)
    p = sp.symbols("p1:4", nonnegative=True)
    J = sp.diag(*p) - sp.Matrix(p) * sp.Matrix(p).T  # the softmax Jacobian in terms of its output p
    J_at = sp.ImmutableMatrix(J.subs({p[0]: h, p[1]: h, p[2]: 0}))
    D = 3
    return [
        Step("||J||_F^2 = sum_ij (diag(p) - p p^T)_ij^2 at p = (1/2, 1/2, 0) is 1/4", sp.Subs(sum(v**2 for v in J), p, (h, h, 0)), sp.Rational(1, 4)),
        Step("the largest eigenvalue of J there is 1/2: J (1, -1, 0) = (1/2)(1, -1, 0)", sp.MatMul(J_at, sp.ImmutableMatrix([1, -1, 0]), evaluate=False), h * sp.Matrix([1, -1, 0])),
        Step("1/4 differs from the printed (D-1)/D^2 at D = 3", sp.Rational(1, 4), sp.Rational(D - 1, D**2), relation="!="),
    ]


def check(xp, inst):
    K = softmax_lipschitz(inst["D"], squared=True, source="report17")
    return searched_within(xp, "softmax", inst["x"], K, "(D-1)/D^2", steps=3)


CLAIM = register(
    Claim(
        id="report17.thm11",
        title="The softmax is contractive with squared constant K = (D-1)/D^2",
        where="report17, Sec. 4.3.2 (K <= (C-1)/C^2) and App. A.4, Thm. 11, Eq. (124)-(125)",
        statement=r"\|\mathrm{softmax}(x) - \mathrm{softmax}(y)\|^2 \le \frac{D-1}{D^2}\|x-y\|^2",
        assumptions=(r"K \text{ is the squared constant, as in the proof's Eq. (124)}",),
        check=check,
        cases=lipschitz_softmax_instances(),
        arrays=("x",),
        derive=derive,
        expected="fails",
        kind="error",
        counterexample={"D": 3, "x": [[3.0, 3.0, -3.0], [0.0, 0.0, 0.0]]},
        method="lipschitz.empirical_lipschitz('softmax') (ascent of the secant ratio and of ||J(x)||_2) squared, against "
        "lipschitz.softmax_lipschitz(D, source='report17'); the derivation evaluates the Jacobian at p = (1/2, 1/2, 0).",
        notes="Counterexample: D = 3, x = (3, 3, -3): ||J(x)||_2^2 ~ 0.247 > 2/9. See report17.thm11-corrected.",
    )
)
