"""report17 Sec. 4.3, Eq. (66) as printed: :math:`\\|X_n - X_n^{Y_n \\to k}\\| \\gg \\alpha \\|d\\hat y(X_n)_k / dX_n\\|`
(the second "much greater than" of the chain Eq. (65)-(66)).

Reading: ">>" as "at least twice" (any factor > 1 fails the same way).

Verdict: **fails** whenever the gradient is not 0: by Eq. (64) the two sides
are **equal**, :math:`X - X^{Y \\to k} = -\\alpha\\, d\\hat y_k/dX`. Counterexample: the
one-unit network f(x) = (x, 0) (C = 2), x = 0, k = 0, alpha = 1: both sides are
1/4. ``report17.eq66-corrected`` states the equality.
"""

from spline_theory.claims import Claim, leq, register
from spline_theory.proofs.report17._adversarial_step import FACTOR, step_quantities
from spline_theory.testing.strategies import adversarial_linear_instances


def check(xp, inst):
    moved, grad_term, _, _, _ = step_quantities(xp, inst)
    return leq(xp, FACTOR * grad_term, moved, relation="||X - X^{Y->k}|| >= 2 alpha ||d yhat_k / dX|| ('>>' read as at least a factor 2)", scale=1e-12 + moved)


CLAIM = register(
    Claim(
        id="report17.eq66",
        title="The adversarial step is much greater than alpha times the class gradient's norm (as printed)",
        where="report17, Sec. 4.3, Eq. (65)-(66)",
        statement=r"\|X_n - X_n^{Y_n \to k}\| \gg \alpha \Big\|\frac{d\hat y(X_n)_k}{dX_n}\Big\|",
        assumptions=(r"X^{Y\to k} \text{ of Eq. (64)}", r"\gg \text{ read as at least a factor } 2"),
        check=check,
        cases=adversarial_linear_instances(),
        arrays=("x",),
        expected="fails",
        kind="imprecise",
        counterexample={"net": {"input_shape": [1], "layers": [{"type": "Dense", "W": [[1.0], [0.0]], "b": [0.0, 0.0]}]}, "x": [[0.0]], "k": 0, "alpha": 1.0},
        method="lipschitz.adversarial_perturbation: the step length against alpha times the norm of the softmax Jacobian row k times Network.jacobian.",
        notes="See report17.eq66-corrected.",
    )
)
