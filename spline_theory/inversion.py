r"""Network inversion and the reconstruction / entropy / semi-supervised losses (report17 Sec. 5.1, Eq. (77)-(84)).

A network is the affine map :math:`f(x) = A[x]x + b[x]` on the region of
:math:`x`, with :math:`A[x] = df/dx` (Eq. (79)); its inverse in the sense of
report17 Eq. (77)-(78) is

.. math::

    f^{-1}(x) = A[x]^T (A[x] x + b[x]) = \sum_{c=1}^C (\langle A[x]_c, x\rangle + b[x]_c)\, A[x]_c
              = \Big(\frac{df(x)}{dx}\Big)^T f(x).

Public functions
----------------
- :func:`network_inverse` -- Eq. (77)-(78) for any :class:`~spline_theory.network.Network`.
- :func:`template_inverse` -- the same from given templates and biases.
- :func:`reconstruction_loss` -- :math:`R(x)` of Eq. (80).
- :func:`layer_reconstruction_loss` -- :math:`R^{(\ell)}(x)` of Eq. (84).
- :func:`entropy_loss` -- :math:`E` of Eq. (81).
- :func:`semi_supervised_loss` -- Eq. (82), and its per-layer form Eq. (83).
"""

from __future__ import annotations

from typing import Any

from ._validation import array_namespace_or_error, as_float_array, check_probability
from .network import Network

__all__ = ["entropy_loss", "layer_reconstruction_loss", "network_inverse", "reconstruction_loss", "semi_supervised_loss", "template_inverse"]


def _net(net: Any) -> Network:
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network; got {type(net).__name__}")
    return net


def template_inverse(A: Any, x: Any, b: Any = None) -> Any:
    r"""report17 Eq. (77): :math:`A^T(Ax + b) = \sum_c (\langle A_c, x\rangle + b_c) A_c` for a batch.

    Parameters
    ----------
    A : array of shape (N, C, D)
        Templates :math:`A[x_n]`.
    x : array of shape (N, D)
    b : array of shape (N, C), optional
        Biases :math:`b[x_n]`; zero when omitted (the "no :math:`A^Tb`" case of Thm. 8).

    Returns
    -------
    array of shape (N, D)
    """
    A = as_float_array(A, "A", shape="(N, C, D)", ndim=3)
    xp = array_namespace_or_error(A, name="A")
    x = as_float_array(x, "x", shape="(N, D)", ndim=2, xp=xp)
    N, C, D = A.shape
    if tuple(x.shape) != (N, D):
        raise ValueError(f"x must have shape (N, D) = ({N}, {D}) to match A of shape {tuple(A.shape)}; got shape {tuple(x.shape)}")
    z = (A @ x[:, :, None])[..., 0]
    if b is not None:
        b = as_float_array(b, "b", shape="(N, C)", ndim=2, xp=xp)
        if tuple(b.shape) != (N, C):
            raise ValueError(f"b must have shape (N, C) = ({N}, {C}) to match A of shape {tuple(A.shape)}; got shape {tuple(b.shape)}")
        z = z + b
    return (xp.matrix_transpose(A) @ z[:, :, None])[..., 0]


def network_inverse(net: Network, x: Any) -> Any:
    r"""report17 Eq. (77)-(78): :math:`f^{-1}(x) = A[x]^T (A[x]x + b[x]) = (df(x)/dx)^T f(x)`.

    Parameters
    ----------
    net : Network
    x : array of shape (N, D) (or (N, *input_shape))

    Returns
    -------
    array of shape (N, D)
        The reconstruction, flattened.
    """
    net = _net(net)
    X = net._batch(x)
    A, b = net.affine_map(X)
    return template_inverse(A, X, b)


def reconstruction_loss(net: Network, x: Any) -> Any:
    r"""report17 Eq. (80): :math:`R(x) = \|(df(x)/dx)^T f(x) - x\|^2` per input.

    Parameters
    ----------
    net : Network
    x : array of shape (N, D) (or (N, *input_shape))

    Returns
    -------
    array of shape (N,)
    """
    net = _net(net)
    X = net._batch(x)
    xp = array_namespace_or_error(X, name="x")
    r = network_inverse(net, X) - X
    return xp.sum(r * r, axis=1)


def layer_reconstruction_loss(net: Network, x: Any, layer: int) -> Any:
    r"""report17 Eq. (84): :math:`R^{(\ell)}(x) = \|(df(x)/dz^{(\ell)})^T f(x) - z^{(\ell)}(x)\|^2`.

    :math:`z^{(\ell)}` is the output of the first ``layer`` operators
    (``layer = 0``: the input, giving Eq. (80)); :math:`df/dz^{(\ell)}` is the
    Jacobian of the remaining operators (``net.subnetwork(layer, L)``) at
    :math:`z^{(\ell)}`.

    Parameters
    ----------
    net : Network
    x : array of shape (N, D) (or (N, *input_shape))
    layer : int in 0..L-1
        Number of operators before :math:`z^{(\ell)}`.

    Returns
    -------
    array of shape (N,)
    """
    net = _net(net)
    L = len(net.layers)
    if isinstance(layer, bool) or not isinstance(layer, int) or not 0 <= layer < L:
        raise ValueError(f"layer must be an int in 0..{L - 1} (operators before z^(l)); got {layer!r}")
    X = net._batch(x)
    xp = array_namespace_or_error(X, name="x")
    if layer == 0:
        return reconstruction_loss(net, X)
    z = net.feature_maps(X)[layer]  # z^(0) = x, ..., z^(L)
    z = xp.reshape(z, (z.shape[0], -1))
    tail = net.subnetwork(layer, L)
    A = tail.jacobian(z)
    f = tail.forward(z)
    r = (xp.matrix_transpose(A) @ xp.reshape(f, (f.shape[0], -1))[:, :, None])[..., 0] - z
    return xp.sum(r * r, axis=1)


def entropy_loss(p: Any) -> Any:
    r"""report17 Eq. (81): :math:`E(\hat y) = -\sum_c \hat y_c \log \hat y_c` per row (:math:`0 \log 0 = 0`).

    Parameters
    ----------
    p : array of shape (N, C)
        Probabilities (rows in the simplex).

    Returns
    -------
    array of shape (N,)
    """
    p = as_float_array(p, "p", shape="(N, C)", ndim=2)
    xp = array_namespace_or_error(p, name="p")
    tol = 1e3 * float(xp.finfo(p.dtype).eps) * max(1, p.shape[1])
    if p.shape[0] and (bool(xp.any(p < 0)) or bool(xp.any(xp.abs(xp.sum(p, axis=1) - 1) > tol))):
        raise ValueError(f"p must hold probabilities: nonnegative rows summing to 1 (to {tol:.1e}); got min {float(xp.min(p)):.3g} and row sums off by up to {float(xp.max(xp.abs(xp.sum(p, axis=1) - 1))):.3g}")
    safe = xp.where(p > 0, p, xp.ones_like(p))
    return -xp.sum(xp.where(p > 0, p * xp.log(safe), xp.zeros_like(p)), axis=1)


def semi_supervised_loss(net: Network, x: Any, y: Any, alpha: float, beta: float, *, gammas: Any = None) -> Any:
    r"""report17 Eq. (82) (or Eq. (83) with ``gammas``) per input.

    .. math::

        \mathcal L(X_n, Y_n) = \alpha L_{CE}(Y_n, \hat y(X_n)) 1_{\{Y_n \ne \emptyset\}}
            + (1 - \alpha)\big[\beta R(X_n) + (1 - \beta) E(\hat y(X_n))\big],

    :math:`\hat y = \mathrm{softmax}(f(X_n))`; unlabeled inputs have ``y = -1``.
    With ``gammas`` (one weight per operator :math:`\ell = 0..L-1`), Eq. (83):
    :math:`\alpha L_{CE} 1_{\{Y_n \ne \emptyset\}} + \beta E + \sum_\ell \gamma^{(\ell)} R^{(\ell)}`.

    Parameters
    ----------
    net : Network
    x : array of shape (N, D)
    y : int array of shape (N,), labels in 0..C-1 or -1 (unlabeled)
    alpha, beta : float in [0, 1]
    gammas : sequence of L floats, optional

    Returns
    -------
    array of shape (N,)
    """
    from .learning import cross_entropy
    from .lipschitz import softmax

    net = _net(net)
    a = check_probability(alpha, "alpha")
    bt = check_probability(beta, "beta")
    X = net._batch(x)
    xp = array_namespace_or_error(X, name="x")
    N, C = X.shape[0], net.C
    yy = xp.asarray(y, dtype=xp.int64)
    if tuple(yy.shape) != (N,) or bool(xp.any(yy < -1)) or bool(xp.any(yy >= C)):
        raise ValueError(f"y must be an int array of shape ({N},) with labels in 0..{C - 1} or -1 (unlabeled); got {y!r}")
    z = xp.reshape(net.forward(X), (N, C))
    labeled = yy >= 0
    ce = cross_entropy(z, xp.where(labeled, yy, xp.zeros_like(yy)))
    ce = xp.where(labeled, ce, xp.zeros_like(ce))
    E = entropy_loss(softmax(z))
    if gammas is None:
        return a * ce + (1 - a) * (bt * reconstruction_loss(net, X) + (1 - bt) * E)
    L = len(net.layers)
    g = [float(v) for v in gammas]
    if len(g) != L:
        raise ValueError(f"gammas must hold one weight per operator, L = {L}; got {len(g)}")
    out = a * ce + bt * E
    for ell, w in enumerate(g):
        if w != 0.0:
            out = out + w * layer_reconstruction_loss(net, X, ell)
    return out
