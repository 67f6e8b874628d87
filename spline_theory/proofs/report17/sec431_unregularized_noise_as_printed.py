"""report17 Sec. 4.3.1 as printed: for unregularized templates :math:`A[X_n]_c = A[X_n]_c^0 + \\beta X_n`
(initialization plus updates along :math:`X_n`), the adversarial input is
:math:`X_n^{Y_n \\to c} = X_n + \\kappa(A[X_n]^0_c - \\beta X_n)`: "part of the wrong class template" is added.

Reading: the perturbation :math:`X^{Y \\to c} - X` of Eq. (64) lies in
:math:`\\mathrm{span}\\{A^0_c, X\\} = \\mathrm{span}\\{A_c, X\\}` (templates held fixed, no bias).

Verdict: **fails**. The derivative of the softmax mixes every template:
:math:`d\\hat y_c/dX = \\hat y_c(A_c - \\sum_j \\hat y_j A_j)`, so the other classes' templates
enter the noise too. Counterexample: X = e_1, A = I_3 (templates e_1, e_2,
e_3, true class 0), target c = 1, step 1: the perturbation has the component
:math:`-\\hat y_1 \\hat y_2 e_3` outside span{e_2, e_1}. See
``report17.sec431.unregularized-corrected``.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.lipschitz import adversarial_perturbation
from spline_theory.proofs.report17._adversarial_templates import span_residual, template_network
from spline_theory.testing.strategies import unregularized_template_instances


def check(xp, inst):
    A, x, k, step = inst["A"], inst["x"], inst["k"], inst["step"]
    d = adversarial_perturbation(template_network(xp, A), x, k, step)[0, ...] - x[0, ...]
    r = span_residual(xp, d, A[k, ...], x[0, ...])
    return close(xp, r, xp.zeros_like(r), relation="X^{Y->c} - X has no component outside span{A_c, X}",
                 scale=step * (xp.max(xp.abs(A)) + 1.0) * (1.0 + xp.max(xp.abs(x))))


CLAIM = register(
    Claim(
        id="report17.sec431.unregularized",
        title="With unregularized templates the adversarial noise is a multiple of the wrong class's template (plus X) (as printed)",
        where="report17, Sec. 4.3.1, first paragraph, with Eq. (64)",
        statement=r"A[X_n]_c = A[X_n]^0_c + \beta X_n \implies X_n^{Y_n \to c} = X_n + \kappa\big(A[X_n]^0_c - \beta X_n\big)",
        assumptions=(r"z = A X \text{ (no bias)},\ \hat y = \mathrm{softmax}(z)", r"\text{templates held fixed}", r"c \ne Y_n"),
        check=check,
        cases=unregularized_template_instances(),
        arrays=("A", "x"),
        expected="fails",
        kind="error",
        counterexample={"A": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], "x": [[1.0, 0.0, 0.0]], "y": [0], "k": 1, "step": 1.0},
        method="lipschitz.adversarial_perturbation on the network x -> A x; the perturbation's component outside span{A_c, X} (Gram-Schmidt).",
        notes="See report17.sec431.unregularized-corrected.",
    )
)
