"""Shared by the report17 Eq. (65)-(66) claims: the quantities of Eq. (64)-(66) on a network."""

from spline_theory.lipschitz import adversarial_perturbation, softmax, softmax_jacobian
from spline_theory.proofs.icml18._networks import net_and_x

#: "A >> B" read as "A >= FACTOR * B": the weakest "much greater" is any factor > 1; 2 is used.
FACTOR = 2.0


def step_quantities(xp, inst):
    """``moved`` = ||X - X^{Y->k}||, ``grad_term`` = alpha ||d yhat_k / dX||, ``dy`` = ||yhat(X) - yhat(X^{Y->k})||, the net and x."""
    net, x = net_and_x(inst)
    k, alpha = inst["k"], inst["alpha"]
    xa = adversarial_perturbation(net, x, k, alpha)
    f = net.forward(x)
    grad = (softmax_jacobian(f)[:, k, :][:, None, :] @ net.jacobian(x))[:, 0, :]  # chain rule
    norm = lambda v: xp.sqrt(xp.sum(v * v, axis=1))  # noqa: E731
    return norm(xa - x), alpha * norm(grad), norm(softmax(f) - softmax(net.forward(xa))), net, x
