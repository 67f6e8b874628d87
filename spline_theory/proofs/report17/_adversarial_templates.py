"""Shared by the report17 Sec. 4.3.1 claims: the template-matching classifier z = A x (no bias) as a one-layer network,
so that lipschitz.adversarial_perturbation computes Eq. (64) on it."""

from spline_theory.layers import Dense
from spline_theory.network import Network


def template_network(xp, A):
    """The network x -> A x for templates A (C, D)."""
    return Network([Dense(A, xp.zeros((A.shape[0],), dtype=A.dtype))], (A.shape[1],))


def span_residual(xp, v, u1, u2):
    """The part of v (D,) outside span{u1, u2}, by Gram-Schmidt (a vanishing u is skipped)."""
    r = v
    basis = []
    for u in (u1, u2):
        for e in basis:
            u = u - xp.sum(u * e) * e
        n = xp.sqrt(xp.sum(u * u))
        if float(n) > 1e-6 * (1.0 + float(xp.sqrt(xp.sum(u1 * u1))) + float(xp.sqrt(xp.sum(u2 * u2)))):
            basis.append(u / n)
    for e in basis:
        r = r - xp.sum(r * e) * e
    return r
