"""report17 Sec. 4.3, Eq. (65) corrected: the amplification of the adversarial step is bounded by the network's
constant, :math:`\\|\\hat y(X) - \\hat y(X^{Y \\to k})\\| \\le \\tfrac12 \\sqrt{K}\\, \\|X - X^{Y \\to k}\\|`,
K the squared constant of Eq. (72) and 1/2 the softmax's plain constant (report17.thm11-corrected).

So ">>" can only happen when :math:`\\tfrac12\\sqrt K \\gg 1`, i.e. with large weight norms
(report17.cor1). "Much greater" itself, a statement about magnitudes with no
threshold, is not checkable; its direction and its bound are.

Reading: the correction: the prediction change is bounded by sqrt(K)/2 times
the step, K of Eq. (72) and 1/2 the softmax's constant.
"""

from spline_theory.claims import Claim, leq, register
from spline_theory.lipschitz import composition_lipschitz, softmax_lipschitz
from spline_theory.proofs.report17._adversarial_step import step_quantities
from spline_theory.testing.strategies import lipschitz_adversarial_instances


def check(xp, inst):
    moved, _, dy, net, _ = step_quantities(xp, inst)
    L = softmax_lipschitz(net.C, squared=False) * composition_lipschitz(net, squared=False)
    return leq(xp, dy, L * moved, relation="||yhat(X) - yhat(X^{Y->k})|| <= (1/2) sqrt(K_72) ||X - X^{Y->k}||", scale=1.0)


CLAIM = register(
    Claim(
        id="report17.eq65-corrected",
        title="The prediction change of the adversarial step is at most sqrt(K)/2 times the step (K of Eq. 72)",
        where="report17, Sec. 4.3, Eq. (65) with Eq. (72) and App. A.4 (corrected)",
        statement=r"\|\hat y(X_n^{Y_n}) - \hat y(X_n^{Y_n \to k})\| \le \tfrac12\sqrt{K}\,\|X_n - X_n^{Y_n \to k}\|,\quad K = \prod_\ell \max_r \|A^{(\ell)}_r\|^2",
        assumptions=(r"X^{Y\to k} \text{ of Eq. (64)},\ \hat y = \mathrm{softmax}(f_\Theta)", r"\text{the softmax's plain constant } 1/2"),
        check=check,
        cases=lipschitz_adversarial_instances(),
        arrays=("x",),
        corrects="report17.eq65",
        method="lipschitz.adversarial_perturbation; the prediction change against lipschitz.softmax_lipschitz(C, plain) * lipschitz.composition_lipschitz(net, plain) times the step.",
        notes="The same bound as the second half of report17.eq64, under Eq. (65)'s own id.",
    )
)
