"""report17 Thm. 11 corrected: the softmax on R^D (D >= 2) is 1/2-Lipschitz, squared constant K = 1/4, still
strictly contractive; :math:`1/4 = (D-1)/D^2` only for D = 2.

Proof: :math:`v^T J v = \\mathrm{Var}_p(v) \\le (\\max v - \\min v)^2/4 \\le \\|v\\|^2/2` (Popoviciu), and the
softmax is smooth on a convex domain; the value is approached as :math:`p \\to (1/2, 1/2, 0, \\dots)`.

Reading: the correction: the plain constant 1/2 (squared 1/4), D >= 2.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.lipschitz import softmax_lipschitz
from spline_theory.proofs.report17._lipschitz import searched_within
from spline_theory.testing.strategies import lipschitz_softmax_instances


def derive():
    a, b = sp.symbols("a b", real=True)
    # Popoviciu's bound (M - m)^2 / 4 <= (M^2 + m^2) / 2: the difference is (M + m)^2 / 4 >= 0
    return [Step("(a^2 + b^2)/2 - (a - b)^2/4 = (a + b)^2/4", (a**2 + b**2) / 2 - (a - b) ** 2 / 4, (a + b) ** 2 / 4)]


def check(xp, inst):
    K = softmax_lipschitz(inst["D"], squared=True, source="exact")
    return searched_within(xp, "softmax", inst["x"], K, "1/4", steps=3)


CLAIM = register(
    Claim(
        id="report17.thm11-corrected",
        title="The softmax is 1/2-Lipschitz (squared constant 1/4) for every D >= 2",
        where="report17, Sec. 4.3.2 and App. A.4, Thm. 11",
        statement=r"\|\mathrm{softmax}(x) - \mathrm{softmax}(y)\| \le \tfrac12\|x-y\|,\ \text{i.e. } K = \tfrac14",
        assumptions=(r"D \ge 2",),
        check=check,
        cases=lipschitz_softmax_instances(),
        arrays=("x",),
        derive=derive,
        corrects="report17.thm11",
        method="lipschitz.empirical_lipschitz('softmax') squared against lipschitz.softmax_lipschitz(D, source='exact').",
    )
)
