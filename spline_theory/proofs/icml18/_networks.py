"""Helpers shared by the network claims of icml18 and the slides."""

from spline_theory.network import Network


def net_and_x(inst, key="x"):
    """The instance's network on the backend and dtype of ``inst[key]``, and the flat batch."""
    x = inst[key]
    net = Network.like(inst["net"], x)
    return net, net._batch(x)


def matvec(A, x):
    """``A[n] @ x[n]`` for a batch of matrices (N, C, D) and vectors (N, D)."""
    return (A @ x[:, :, None])[..., 0]


def inside_step(xp, r, x):
    """A step that stays inside the region: half the certified radius (1 when the map is global)."""
    finite = xp.isfinite(r)
    return xp.where(finite, r / 2, xp.ones_like(r))


def unit_direction(xp, x):
    """A fixed unit direction (1, -1, 1, ...)/sqrt(D), the same for every input."""
    D = x.shape[1]
    sign = xp.asarray([1.0 if i % 2 == 0 else -1.0 for i in range(D)], dtype=x.dtype)
    return sign / (D**0.5)
