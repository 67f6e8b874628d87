"""report17 Sec. 4.3, Eq. (66) corrected: the two sides are equal, :math:`\\|X_n - X_n^{Y_n \\to k}\\| = \\alpha \\|d\\hat y(X_n)_k / dX_n\\|`,
by the definition Eq. (64) of the adversarial input.

Reading: the correction: by Eq. (64) the two sides are equal.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.report17._adversarial_step import step_quantities
from spline_theory.testing.strategies import lipschitz_adversarial_instances


def check(xp, inst):
    moved, grad_term, _, _, x = step_quantities(xp, inst)
    return close(xp, moved, grad_term, relation="||X - X^{Y->k}|| == alpha ||d yhat_k / dX||", scale=xp.sqrt(xp.sum(x * x, axis=1)) + grad_term)


CLAIM = register(
    Claim(
        id="report17.eq66-corrected",
        title="The adversarial step's length equals alpha times the class gradient's norm",
        where="report17, Sec. 4.3, Eq. (64)-(66) (corrected)",
        statement=r"\|X_n - X_n^{Y_n \to k}\| = \alpha \Big\|\frac{d\hat y(X_n)_k}{dX_n}\Big\|",
        assumptions=(r"X^{Y\to k} \text{ of Eq. (64)}",),
        check=check,
        cases=lipschitz_adversarial_instances(),
        arrays=("x",),
        corrects="report17.eq66",
        method="lipschitz.adversarial_perturbation: the step length against alpha times the norm of the chain-rule gradient.",
        notes="The same relation as the first half of report17.eq64, under Eq. (66)'s own id.",
    )
)
