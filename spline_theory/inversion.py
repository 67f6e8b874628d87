r"""Network inversion and the reconstruction / entropy / semi-supervised losses (report17 Sec. 5.1, Eq. (77)-(84)).

A network is the affine map :math:`f(x) = A[x]x + b[x]` on the region of
:math:`x`, with :math:`A[x] = df/dx` (Eq. (79)); its inverse in the sense of
report17 Eq. (77)-(78) is

.. math::

    f^{-1}(x) = A[x]^T (A[x] x + b[x]) = \sum_{c=1}^C (\langle A[x]_c, x\rangle + b[x]_c)\, A[x]_c
              = \Big(\frac{df(x)}{dx}\Big)^T f(x).

.. rubric:: Public functions

- :func:`network_inverse` -- Eq. (77)-(78) for any :class:`~spline_theory.network.Network`.
- :func:`template_inverse` -- the same from given templates and biases.
- :func:`reconstruction_loss` -- :math:`R(x)` of Eq. (80).
- :func:`layer_reconstruction_loss` -- :math:`R^{(\ell)}(x)` of Eq. (84).
- :func:`entropy_loss` -- :math:`E` of Eq. (81).
- :func:`semi_supervised_loss` -- Eq. (82), and its per-layer form Eq. (83).
- :func:`table3_map`, :func:`table3_inverse` -- the hard-thresholding, best-basis
  (winner-take-all) and k-NN rows of Table 3, as printed and corrected.
"""

from __future__ import annotations

from typing import Any

from ._validation import array_namespace_or_error, as_float_array, check_probability
from .network import Network

__all__ = ["TABLE3_ROWS", "entropy_loss", "layer_reconstruction_loss", "network_inverse", "reconstruction_loss", "semi_supervised_loss", "table3_inverse", "table3_map", "template_inverse"]

#: Rows of report17 Table 3 that :func:`table3_map` encodes (the PCA and soft-thresholding rows are networks).
TABLE3_ROWS = ("hard_threshold", "best_basis", "knn")


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
    x : array of shape (N, D) (or ``(N, *input_shape)``)

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
    x : array of shape (N, D) (or ``(N, *input_shape)``)

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
    x : array of shape (N, D) (or ``(N, *input_shape)``)
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


# ------------------------------------------------------------------ Table 3
def table3_map(W: Any, x: Any, row: str, *, t: Any = None, rule: str = "printed") -> tuple[Any, Any]:
    r"""A row of report17 Table 3: the map :math:`f(x)_i` and its Jacobian rows :math:`df(x)_i/dx`.

    Every row is piecewise linear: on the region of x, :math:`f(x) = A[x] x`
    with :math:`A[x]_i = m_i(x) W_i` and a 0/1 mask :math:`m(x)`.

    - ``"hard_threshold"``: :math:`f(x)_i = 1_{\langle x, W_i\rangle - t_i > 0} \langle x, W_i\rangle` (needs ``t``);
    - ``"best_basis"`` (winner take all): :math:`f(x)_i = 1_{i = i^*} \langle x, W_i\rangle` with

      - ``rule="printed"``: :math:`i^* = \arg\max_i \langle x, W_i\rangle / \|W_i\|^2`;
      - ``rule="corrected"``: :math:`i^* = \arg\max_i |\langle x, W_i\rangle|`, unit-norm atoms required;

    - ``"knn"``: :math:`f(x)_i = 1_{i = i^*} \langle x, W_i\rangle` with

      - ``rule="printed"``: :math:`i^* = \arg\max \{\langle x, W_i\rangle : \langle x, W_i\rangle > -\|W_i\|^2/2\}`
        (no winner, f = 0, when the set is empty);
      - ``rule="corrected"``: :math:`i^* = \arg\max_i \langle x, W_i\rangle - \|W_i\|^2/2` (the nearest row of W).

    Ties go to the lowest index.

    Parameters
    ----------
    W : array (K, D)
        Atoms / templates / thresholding filters :math:`W_i` as rows.
    x : array (N, D)
    row : {"hard_threshold", "best_basis", "knn"}
    t : array (K,), thresholds (``"hard_threshold"`` only)
    rule : {"printed", "corrected"}

    Returns
    -------
    f : array (N, K)
    A : array (N, K, D), :math:`A[x]_i = df(x)_i/dx` (off the region boundaries)
    """
    W = as_float_array(W, "W", shape="(K, D)", ndim=2)
    xp = array_namespace_or_error(W, name="W")
    x = as_float_array(x, "x", shape=f"(N, {W.shape[1]})", ndim=2, xp=xp)
    if x.shape[1] != W.shape[1]:
        raise ValueError(f"x must have shape (N, D) with D = {W.shape[1]} (the columns of W); got shape {tuple(x.shape)}")
    if row not in TABLE3_ROWS:
        raise ValueError(f"row must be one of {TABLE3_ROWS}; got {row!r}")
    if rule not in ("printed", "corrected"):
        raise ValueError(f"rule must be 'printed' or 'corrected'; got {rule!r}")
    K = W.shape[0]
    u = x @ xp.matrix_transpose(W)  # (N, K): <x, W_i>
    sq = xp.sum(W * W, axis=1)
    if row == "hard_threshold":
        if t is None:
            raise TypeError("t must be an array of shape (K,) (the thresholds) for row='hard_threshold'; got None")
        t = as_float_array(t, "t", shape=f"({K},)", ndim=1, xp=xp)
        if t.shape[0] != K:
            raise ValueError(f"t must have shape ({K},) (one threshold per row of W); got shape {tuple(t.shape)}")
        mask = xp.astype(u - t > 0, x.dtype)
    else:
        if row == "best_basis":
            if rule == "corrected":
                tol = 64 * float(xp.finfo(W.dtype).eps)
                if K and float(xp.max(xp.abs(xp.sqrt(sq) - 1.0))) > tol:
                    raise ValueError(f"W must have unit-norm rows for the corrected best-basis row (||W_i|| = 1; normalize them yourself); got norms in {float(xp.min(xp.sqrt(sq))):.6g}..{float(xp.max(xp.sqrt(sq))):.6g}")
                score = xp.abs(u)
            else:
                if bool(xp.any(sq == 0)):
                    raise ValueError("W must have non-zero rows (the printed score divides by ||W_i||^2)")
                score = u / sq
            valid = xp.ones_like(score, dtype=xp.bool)
        elif rule == "corrected":
            score, valid = u - sq / 2, xp.ones_like(u, dtype=xp.bool)
        else:
            score, valid = u, u > -sq / 2
        masked = xp.where(valid, score, xp.full_like(score, -xp.inf))
        win = xp.argmax(masked, axis=1)
        any_valid = xp.any(valid, axis=1)
        onehot = xp.arange(K, dtype=win.dtype)[None, :] == win[:, None]
        mask = xp.astype(onehot & any_valid[:, None], x.dtype)
    A = mask[:, :, None] * W[None, :, :]
    return mask * u, A


def table3_inverse(W: Any, x: Any, row: str, *, t: Any = None, rule: str = "printed") -> Any:
    r"""The reconstruction :math:`\sum_i \alpha_i\, df(x)_i/dx` of a row of report17 Table 3.

    :math:`\alpha_i = f(x)_i` (hard thresholding, best basis: Eq. (78)'s
    :math:`(df/dx)^T f`) or :math:`\alpha_i = 1` (k-NN), with f and
    :math:`df/dx` from :func:`table3_map` (same arguments).

    Returns
    -------
    array (N, D)
    """
    f, A = table3_map(W, x, row, t=t, rule=rule)
    alpha = f if row != "knn" else array_namespace_or_error(f).ones_like(f)
    return (alpha[:, None, :] @ A)[:, 0, :]


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
