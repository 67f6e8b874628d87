"""tian18 Eq. (83) (Sec. 4.2, App. 8.6.1): BN under the event distribution :math:`\\mathbb P(z_\\alpha)` is a projection for :math:`\\langle\\cdot,\\cdot\\rangle_{z}`.

:math:`\\mu = \\mathbb E_{z}[f_j]`, :math:`\\sigma^2 = \\mathbb E_{z}[(f_j(z) - \\mu)^2]`,
:math:`J^{BN}(\\mathbf f) = \\frac{c_1}{\\sigma}P^{\\perp, z}_{\\mathbf f,\\mathbf 1}`, the
projection orthogonal for :math:`\\langle f, g\\rangle_z = \\mathbb E_z[f(z) g(z)]`;
consequently :math:`\\mathbb E_z[g_j] = 0` (:math:`\\mathbf 1^T\\tilde G_\\alpha = \\mathbf 0`)
and :math:`\\mathbb E_z[g_j f_j] = 0`.

Check: a batch that holds event :math:`z` exactly :math:`n_z` times has the
empirical distribution :math:`\\mathbb P(z) = n_z/N` (the special case named in
Sec. 4.2). The standard batch backward on that batch must agree, sample by
sample, with the population projection applied to the per-event gradients
(gradients per unit probability), and the forward passes must agree.
Verdict: **holds** (:math:`\\varepsilon = 0`, :math:`\\sigma > 0`).

Reading: as printed, BN statistics under the event distribution, g the gradient
per unit probability, sigma > 0, epsilon = 0.
"""

from spline_theory.batchnorm import batchnorm_backward, batchnorm_forward, bn_backward_projection, bn_statistics
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import population_bn_instances


def check(xp, inst):
    f, c, g_bn, counts = inst["f"], inst["c"], inst["g_bn"], inst["counts"]
    N = sum(counts)
    idx = xp.asarray([z for z, n in enumerate(counts) for _ in range(n)])
    p = xp.asarray(counts, dtype=f.dtype) / N
    f_batch, g_batch = xp.take(f, idx), xp.take(g_bn, idx)
    g_pop, gc_pop = bn_backward_projection(f, c, g_bn, p=p)
    g_std, gc_std = batchnorm_backward(f_batch, c, g_batch)
    _, sigma = bn_statistics(f, p=p)
    scale = N * xp.abs(c[0]) / sigma * xp.max(xp.abs(g_bn))
    zero = xp.zeros((), dtype=f.dtype)
    return [
        close(xp, batchnorm_forward(f_batch, c), xp.take(batchnorm_forward(f, c, p=p), idx), relation="BN of the batch == population BN (mu, sigma under P(z)) at each sample", scale=xp.abs(c[0]) + xp.abs(c[1])),
        close(xp, g_std, xp.take(g_pop, idx), relation="batch backward (Fig. 7) == (c_1/sigma) P^{perp,z}_{f,1} g_bn at each sample", scale=scale),
        close(xp, gc_std / N, gc_pop, relation="g_c / N == E_z[S(z) g_bn(z)]", scale=xp.max(xp.abs(g_bn))),
        close(xp, xp.sum(p * g_pop), zero, relation="E_z[g] == 0", scale=scale),
        close(xp, xp.sum(p * g_pop * f), zero, relation="E_z[g f] == 0", scale=scale * xp.max(xp.abs(f))),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq83",
        title="Under P(z), the BN gradient is c_1/sigma times the projection orthogonal for <f, g>_z = E_z[f g]",
        where="tian18, Sec. 4.2; App. 8.6.1, Eq. (83)",
        statement=r"\mu = \mathbb E_{z_\alpha}[f_j],\quad \sigma^2 = \mathbb E_{z_\alpha}\big[(f_j(z_\alpha)-\mu)^2\big],\quad J^{BN}(\mathbf f) = \frac{c_1}{\sigma}P^{\perp, z_\alpha}_{\mathbf f,\mathbf 1},\quad \mathbf 1^T\tilde G_\alpha = \mathbf 0",
        assumptions=(r"\sigma > 0", r"\varepsilon = 0", r"g \text{ is the gradient per unit probability: } g(z) = \partial L/\partial f(z) / \mathbb P(z)"),
        check=check,
        cases=population_bn_instances(),
        arrays=("f", "c", "g_bn"),
        method="A batch holding event z counts[z] times: batchnorm_forward / batchnorm_backward on it against batchnorm_forward(p=...) / bn_backward_projection(p=...) on the events, P(z) = counts/N; E_z[g] and E_z[g f] vanish.",
    )
)
