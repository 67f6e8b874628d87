"""Helpers shared by the network claims of icml18 and the slides."""

from spline_theory import backend as _backend
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


ON_BOUNDARY = "certified radius 0: the input lies on a region boundary or within round-off of one, so no point of its region can be probed"


def off_boundary(xp, net, x):
    """``(x, r)`` restricted to the inputs whose certified radius is positive; ``(None, None)`` when there is none.

    An input with radius 0 (on a boundary, or within round-off of one) has no
    neighbourhood in its region: a "same region" relation tested there is
    vacuous, so such inputs are undecided, never evidence (issue 18).
    """
    r = net.certified_radius(x)
    keep = [i for i, v in enumerate(_backend.to_numpy(r).tolist()) if v > 0]
    if not keep:
        return None, None
    if len(keep) == x.shape[0]:
        return x, r
    idx = xp.asarray(keep)
    return xp.take(x, idx, axis=0), xp.take(r, idx, axis=0)


ACTIVATIONS = ("ReLU", "LeakyReLU", "Abs")


def require_layers(net, form, *kinds, at_least=None):
    """Raise a ``ValueError`` naming the hypothesis ``form`` unless ``net.layers`` are of the types ``kinds`` (one tuple of class names per layer).

    ``at_least``: instead of exactly ``len(kinds)`` layers, at least that many, every one of type ``kinds[0]``.
    """
    names = [type(lay).__name__ for lay in net.layers]
    if at_least is not None:
        ok = len(names) >= at_least and all(n in kinds[0] for n in names)
    else:
        ok = len(names) == len(kinds) and all(n in k for n, k in zip(names, kinds))
    if not ok:
        raise ValueError(f"the statement is made for {form}; the network given has the layers [{', '.join(names)}]")
