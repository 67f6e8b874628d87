"""report17 Sec. 4.3.1-4.3.2, Eq. (64)-(66): the adversarial input :math:`X^{Y \\to k} = X + \\alpha\\, d\\hat y(X)_k/dX`
moves X by :math:`\\alpha \\|d\\hat y(X)_k/dX\\|` (Eq. (66)), and the change of prediction it causes, Eq. (65), is bounded
by the network's constant: :math:`\\|\\hat y(X) - \\hat y(X^{Y \\to k})\\| \\le \\tfrac12 \\sqrt{K}\\, \\|X - X^{Y \\to k}\\|` with K the
squared constant of Eq. (72) and 1/2 the softmax's plain constant (report17.thm11-corrected).

The "much greater than" of Eq. (65) is not a checkable relation; what is checked is the limit Eq. (72) puts on it:
the amplification :math:`\\|\\Delta \\hat y\\| / \\|\\Delta X\\|` is at most :math:`\\sqrt{K}/2`, so it can be large only when the
weights are (Cor. 1).

Reading: Eq. (64)-(66) with the adversarial input as printed; the bound uses
Eq. (72)'s constant and the softmax's constant 1/2 (report17.thm11-corrected),
since the printed (D-1)/D^2 fails.
"""

from spline_theory.claims import Claim, close, leq, register
from spline_theory.lipschitz import adversarial_perturbation, composition_lipschitz, softmax, softmax_jacobian, softmax_lipschitz
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import lipschitz_adversarial_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    k, alpha = inst["k"], inst["alpha"]
    xa = adversarial_perturbation(net, x, k, alpha)
    f = net.forward(x)
    grad = (softmax_jacobian(f)[:, k, :][:, None, :] @ net.jacobian(x))[:, 0, :]  # d yhat_k / dX by the chain rule
    moved = xp.sqrt(xp.sum((xa - x) ** 2, axis=1))
    want = alpha * xp.sqrt(xp.sum(grad * grad, axis=1))
    dy = xp.sqrt(xp.sum((softmax(f) - softmax(net.forward(xa))) ** 2, axis=1))
    L = softmax_lipschitz(net.C, squared=False) * composition_lipschitz(net, squared=False)
    return [
        close(xp, moved, want, relation="||X - X^{Y->k}|| == alpha ||d yhat_k / dX||", scale=xp.sqrt(xp.sum(x * x, axis=1)) + want),
        leq(xp, dy, L * moved, relation="||yhat(X) - yhat(X^{Y->k})|| <= (1/2) sqrt(K_72) ||X - X^{Y->k}||", scale=1.0),
    ]


CLAIM = register(
    Claim(
        id="report17.eq64",
        title="The adversarial step of Eq. 64 moves X by alpha ||d yhat_k/dX|| and changes the prediction by at most sqrt(K)/2 times that",
        where="report17, Sec. 4.3.1-4.3.2, Eq. (64)-(66) with Eq. (72)",
        statement=r"X^{Y\to k} = X + \alpha \frac{d\hat y(X)_k}{dX},\quad \|X - X^{Y\to k}\| = \alpha\Big\|\frac{d\hat y(X)_k}{dX}\Big\|,\quad \|\hat y(X) - \hat y(X^{Y\to k})\| \le \tfrac12\sqrt{K}\,\|X - X^{Y\to k}\|",
        assumptions=(r"\hat y = \mathrm{softmax}(f_\Theta)", r"K = \prod_\ell \max_r \|A^{(\ell)}_r\|^2 \text{ (Eq. 72)}", r"\text{the softmax's plain constant } 1/2 \text{ (report17.thm11-corrected)}"),
        check=check,
        cases=lipschitz_adversarial_instances(),
        arrays=("x",),
        per_input="x",
        method="lipschitz.adversarial_perturbation against the step length alpha ||grad|| (grad = softmax Jacobian row k times Network.jacobian), "
        "and the prediction change against lipschitz.softmax_lipschitz(C, plain) * lipschitz.composition_lipschitz(net, plain).",
        notes="Eq. (65)-(66) as printed chain two 'much greater than' relations; Eq. (66)'s right side equals ||X - X^{Y->k}|| by Eq. (64).",
    )
)
