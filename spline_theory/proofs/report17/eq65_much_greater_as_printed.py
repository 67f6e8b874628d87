"""report17 Sec. 4.3, Eq. (65) as printed: :math:`\\|\\hat y(X_n^{Y_n}) - \\hat y(X_n^{Y_n \\to k})\\| \\gg \\|X_n - X_n^{Y_n \\to k}\\|`
-- the adversarial step changes the prediction far more than it moves the input ("the joint system is not
Lipschitz contractive").

Reading: ">>" as "at least twice"; the statement is made for the networks
Eq. (64) applies to, with no condition on their weights.

Verdict: **fails**. The amplification is bounded by the network:
:math:`\\|\\Delta\\hat y\\| \\le \\tfrac12\\sqrt{K}\\,\\|\\Delta X\\|` with K the constant of Eq. (72)
(report17.eq65-corrected), so networks with small weights never amplify.
Counterexample: f(x) = (x, 0), x = 0, k = 0, alpha = 1: the input moves by 1/4,
the prediction by :math:`\\sqrt 2 \\cdot 0.0622 = 0.088`.
"""

from spline_theory.claims import Claim, leq, register
from spline_theory.proofs.report17._adversarial_step import FACTOR, step_quantities
from spline_theory.testing.strategies import adversarial_linear_instances


def check(xp, inst):
    moved, _, dy, _, _ = step_quantities(xp, inst)
    return leq(xp, FACTOR * moved, dy, relation="||yhat(X) - yhat(X^{Y->k})|| >= 2 ||X - X^{Y->k}|| ('>>' read as at least a factor 2)", scale=1e-12 + dy)


CLAIM = register(
    Claim(
        id="report17.eq65",
        title="The adversarial step changes the prediction much more than it moves the input (as printed)",
        where="report17, Sec. 4.3, Eq. (65)",
        statement=r"\|\hat y(X_n^{Y_n}) - \hat y(X_n^{Y_n \to k})\| \gg \|X_n - X_n^{Y_n \to k}\|",
        assumptions=(r"X^{Y\to k} \text{ of Eq. (64)},\ \hat y = \mathrm{softmax}(f_\Theta)", r"\gg \text{ read as at least a factor } 2"),
        check=check,
        cases=adversarial_linear_instances(),
        arrays=("x",),
        expected="fails",
        kind="imprecise",
        counterexample={"net": {"input_shape": [1], "layers": [{"type": "Dense", "W": [[1.0], [0.0]], "b": [0.0, 0.0]}]}, "x": [[0.0]], "k": 0, "alpha": 1.0},
        method="lipschitz.adversarial_perturbation: the change of the softmax prediction against the step length.",
        notes="See report17.eq65-corrected; what is checkable of '>>' is the direction of the inequality and what bounds the ratio.",
    )
)
