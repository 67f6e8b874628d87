r"""Lipschitz constants of spline layers and networks (report17 Sec. 4.3.2, Thm. 6, Eq. (67)-(72), App. A.4).

The report states its Lipschitz constants **squared**: Eq. (67)-(72) bound
:math:`\|f(x_1) - f(x_2)\|^2 \le K \|x_1 - x_2\|^2`, so its :math:`K` is the
square of the usual (plain) constant :math:`L` of
:math:`\|f(x_1) - f(x_2)\| \le L \|x_1 - x_2\|`. Every function here takes
``squared=`` and says which one it returns; :math:`\|\cdot\|` of a matrix is
the spectral norm (largest singular value).

For a continuous affine spline operator :math:`S[A, b, \Omega]` (every layer
of :mod:`spline_theory.layers`, every :class:`~spline_theory.network.Network`)
the plain constant is exactly :math:`L = \max_r \|A_r\|` over the regions
(Eq. (67)), and for a composition :math:`L \le \prod_\ell \max_r \|A^{(\ell)}_r\|`
(Eq. (72)).

.. rubric:: Public functions

- :func:`spectral_norm` -- :math:`\|M\|_2` of a matrix or a stack.
- :func:`layer_lipschitz` -- :math:`\max_r \|A_r\|` of one layer (exact for
  affine, elementwise, max-pooling and maxout layers; an upper bound for
  residual blocks).
- :func:`printed_layer_lipschitz` -- the constant report17 Thm. 6 prints for a
  layer (:math:`\|W\|^2`, :math:`\|C\|^2`, and :math:`D^2` for activations and
  pooling).
- :func:`composition_lipschitz` -- the product bound of Eq. (72).
- :func:`softmax`, :func:`softmax_jacobian`, :func:`softmax_lipschitz` --
  the softmax and its constant (printed :math:`(D-1)/D^2`, or exact :math:`1/4`
  squared).
- :func:`empirical_lipschitz` -- a lower bound by multi-start gradient ascent
  of :math:`\|f(x)-f(y)\|/\|x-y\|` and of :math:`\|A[x]\|` over inputs.
- :func:`adversarial_perturbation` -- report17 Eq. (64).
- :func:`scale_weights` -- every weight matrix scaled by s (the weight-norm
  "explosion" of report17 Cor. 1).
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from .activations import softmax as _activation_softmax
from ._validation import array_namespace_or_error, as_float_array
from .layers import AvgPool, BatchNorm, Conv2d, Dense, Flatten, Hardtanh, Layer, Maxout, Residual, Scale, _Elementwise, _Gather
from .network import Network
from .networks.graph import INPUT, Add, Concat, Graph

__all__ = [
    "adversarial_perturbation",
    "composition_lipschitz",
    "empirical_lipschitz",
    "layer_lipschitz",
    "printed_layer_lipschitz",
    "scale_weights",
    "softmax",
    "softmax_jacobian",
    "softmax_lipschitz",
    "spectral_norm",
]

_AFFINE = (Dense, Conv2d, AvgPool, BatchNorm, Scale, Flatten)


def _square(L: float, squared: Any) -> float:
    if not isinstance(squared, bool):
        raise TypeError(f"squared must be a bool (True: the report's K = L**2; False: the plain constant L); got {type(squared).__name__}")
    return L * L if squared else L


def spectral_norm(M: Any) -> Any:
    r"""The spectral norm :math:`\|M\|_2 = \sigma_{\max}(M)` of a matrix ``(m, n)`` or a stack ``(..., m, n)``.

    Parameters
    ----------
    M : array of shape (..., m, n)

    Returns
    -------
    array of shape (...)
        The largest singular value of each matrix (0 for an empty one).
    """
    M = as_float_array(M, "M", shape="(..., m, n)", ndim=tuple(range(2, 8)))
    xp = array_namespace_or_error(M, name="M")
    if M.shape[-1] == 0 or M.shape[-2] == 0:
        return xp.zeros(M.shape[:-2], dtype=M.dtype)
    return xp.max(xp.linalg.svdvals(M), axis=-1)


def _bound_layer(layer: Any, name: str = "layer") -> Layer:
    if not isinstance(layer, Layer):
        raise TypeError(f"{name} must be a Layer of spline_theory.layers; got {type(layer).__name__}")
    if layer.in_shape is None:
        raise ValueError(f"{name} must be bound to an input shape (take it from a Network's .layers); got an unbound {type(layer).__name__}")
    return layer


def layer_lipschitz(layer: Layer, *, squared: bool = True) -> float:
    r"""The largest region slope norm :math:`\max_r \|A_r\|` of one layer (report17 Eq. (67)).

    - affine layers (Dense, Conv2d, average pooling, BatchNorm, Flatten):
      :math:`\|W\|` of the layer's matrix (Eq. (68)-(69));
    - elementwise activations with slopes :math:`a_1, a_2`: :math:`\max(|a_1|, |a_2|)`
      (ReLU and absolute value: 1; leaky ReLU: :math:`\max(1, \eta)`);
    - max pooling over windows: :math:`\sqrt{m}`, :math:`m` the largest number of
      windows that share one input (1 for disjoint windows): the selection
      matrix taking that input in all of its windows;
    - maxout :math:`(K, R, D)`: the maximum over the :math:`R^K` choices of rows
      (enumerated up to 4096 choices, otherwise the upper bound
      :math:`(\sum_k \max_r \|A_{k,r}\|^2)^{1/2}`);
    - residual block :math:`s(z) + g(z)`: the upper bound
      :math:`\|s\| + \prod_{\text{branch}} \max_r \|A_r\|`;
    - graph block: along the DAG, a node multiplies the bound of its input, a
      sum :math:`\sum_i c_i z_i` gives :math:`\sum_i |c_i| L_i`, a
      concatenation :math:`(\sum_i L_i^2)^{1/2}` (an upper bound);
    - Hardtanh (ReLU6): 1.

    For a continuous spline operator this is its plain Lipschitz constant
    (an upper bound for maxout above 4096 choices and for residual blocks).

    Parameters
    ----------
    layer : Layer
        A layer bound to an input shape (an element of ``Network.layers``).
    squared : bool, default True
        True: :math:`K = \max_r \|A_r\|^2` (the report's reading); False: :math:`\max_r \|A_r\|`.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        For a layer with no bound here (the unrolled ReLU RNN).
    """
    layer = _bound_layer(layer)
    return _square(_plain_layer(layer), squared)


def _plain_layer(layer: Layer) -> float:
    if isinstance(layer, _AFFINE):
        W, _ = layer.matrix()
        return float(spectral_norm(W))
    if isinstance(layer, _Elementwise):
        return float(max(abs(s) for s in layer.slopes))
    if isinstance(layer, _Gather):
        counts: dict = {}
        for w in layer._windows():
            for i in {int(v) for v in w}:
                counts[i] = counts.get(i, 0) + 1
        return math.sqrt(max(counts.values())) if counts else 0.0
    if isinstance(layer, Maxout):
        xp = array_namespace_or_error(layer.A, name="layer.A")
        K, R, _ = layer.A.shape
        if R**K <= 4096:
            best = 0.0
            for choice in itertools.product(range(R), repeat=K):
                rows = xp.stack([layer.A[k, r, :] for k, r in enumerate(choice)], axis=0)
                best = max(best, float(spectral_norm(rows)))
            return best
        row = xp.max(xp.sum(layer.A * layer.A, axis=2), axis=1)
        return math.sqrt(float(xp.sum(row)))
    if isinstance(layer, Hardtanh):
        return 1.0
    if isinstance(layer, Residual):
        skip = 1.0 if layer.skip is None else _plain_layer(layer.skip)
        return skip + math.prod(_plain_layer(lay) for lay in layer.layers)
    if isinstance(layer, Graph):
        # Along the DAG: a node multiplies its input's bound, a sum adds |c_i| L_i, a concatenation
        # gives sqrt(sum L_i^2) (its squared distance is the sum of its parts').
        L = {INPUT: 1.0}
        for name, node, ins in layer.nodes:
            if isinstance(node, Add):
                L[name] = sum(abs(node._coef(i)) * L[v] for i, v in enumerate(ins))
            elif isinstance(node, Concat):
                L[name] = math.sqrt(sum(L[v] ** 2 for v in ins))
            else:
                L[name] = _plain_layer(node) * L[ins[0]]
        return L[layer.output]
    raise TypeError(
        f"layer_lipschitz has no bound for {type(layer).__name__}; supported: Dense, Conv2d, AvgPool, GlobalAvgPool, BatchNorm, Scale, Flatten, ReLU, Abs, "
        "LeakyReLU, Hardtanh, MaxPool, ChannelMaxPool, Maxout, Residual, Graph"
    )


def printed_layer_lipschitz(layer: Layer) -> float:
    r"""The squared constant report17 Thm. 6 prints for a layer, Eq. (68)-(71).

    .. math::

        K_W = \|W\|^2,\quad K_C = \|C\|^2,\quad K_\sigma \le D^2,\quad K_\rho \le D^2,

    with :math:`D` the layer's output dimension; affine layers (Dense, Conv2d,
    average pooling, BatchNorm, Flatten) get :math:`\|W\|^2` (spectral norm),
    activations (ReLU, absolute value, leaky ReLU) and max pooling get
    :math:`D^2`. Always the squared (report's) reading.

    Parameters
    ----------
    layer : Layer
        A bound affine, elementwise-activation or max-pooling layer.

    Returns
    -------
    float
    """
    layer = _bound_layer(layer)
    if isinstance(layer, _AFFINE):
        return layer_lipschitz(layer, squared=True)
    if isinstance(layer, (_Elementwise, _Gather)):
        return float(layer.D_out) ** 2
    raise TypeError(f"report17 Thm. 6 prints no constant for {type(layer).__name__}; it covers affine layers, activations (ReLU, Abs, LeakyReLU) and max pooling")


def composition_lipschitz(net: Network, *, squared: bool = True) -> float:
    r"""The composition bound of report17 Eq. (72).

    .. math::

        \|f_\Theta(x) - f_\Theta(y)\|^2 \le \Big(\prod_{\ell=1}^{L} \max_r \|A^{(\ell)}_r\|^2\Big)\|x - y\|^2,

    with the per-operator factors of :func:`layer_lipschitz`.

    Parameters
    ----------
    net : Network
    squared : bool, default True
        True: the product of squared factors (the report's :math:`K`); False: its square root.

    Returns
    -------
    float
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network; got {type(net).__name__}")
    return _square(math.prod(_plain_layer(lay) for lay in net.layers), squared)


# ------------------------------------------------------------------- softmax
def softmax(x: Any) -> Any:
    r"""Row-wise softmax :math:`\mathrm{softmax}(x)_i = e^{x_i} / \sum_j e^{x_j}` of ``(N, D)``: :func:`spline_theory.activations.softmax` along the rows."""
    return _activation_softmax(as_float_array(x, "x", shape="(N, D)", ndim=2), axis=1)


def softmax_jacobian(x: Any) -> Any:
    r"""The Jacobian of the softmax, :math:`J(x) = \mathrm{diag}(p) - p p^T`, :math:`p = \mathrm{softmax}(x)`.

    Parameters
    ----------
    x : array of shape (N, D)

    Returns
    -------
    array of shape (N, D, D)
    """
    p = softmax(x)
    xp = array_namespace_or_error(p, name="x")
    D = p.shape[1]
    eye = xp.eye(D, dtype=p.dtype)
    return p[:, :, None] * eye[None, :, :] - p[:, :, None] * p[:, None, :]


def softmax_lipschitz(D: int, *, squared: bool = True, source: str = "exact") -> float:
    r"""The Lipschitz constant of the softmax on :math:`\mathbb R^D`.

    ``source="report17"``: the constant printed in report17 Sec. 4.3.2 and
    Thm. 11 (App. A.4), :math:`K = (D-1)/D^2`, read as squared (the proof bounds
    :math:`\|f(x)-f(y)\|^2`); ``squared=False`` returns its square root.

    ``source="exact"``: :math:`\sup_x \|J(x)\|_2 = 1/2` (plain), :math:`1/4`
    squared, for :math:`D \ge 2` (0 for :math:`D = 1`). Proof:
    :math:`v^T J v = \mathrm{Var}_p(v) \le (\max v - \min v)^2/4 \le \|v\|^2/2`
    (Popoviciu), with equality approached at :math:`p \to (1/2, 1/2, 0, \dots)`,
    :math:`v = (1, -1, 0, \dots)/\sqrt 2`.

    Parameters
    ----------
    D : int >= 1
    squared : bool, default True
    source : {"exact", "report17"}

    Returns
    -------
    float
    """
    if isinstance(D, bool) or not isinstance(D, int):
        raise TypeError(f"D must be an int >= 1; got {type(D).__name__}")
    if D < 1:
        raise ValueError(f"D must be an int >= 1; got {D}")
    if source == "report17":
        K = (D - 1) / D**2
        _square(1.0, squared)
        return K if squared else math.sqrt(K)
    if source == "exact":
        return _square(0.5 if D >= 2 else 0.0, squared)
    raise ValueError(f"source must be 'exact' or 'report17'; got {source!r}")


# ---------------------------------------------------------- empirical search
def _as_map(f: Any) -> tuple[Any, Any]:
    if isinstance(f, Network):
        net = f
        return net.forward, net.jacobian
    if isinstance(f, Layer):
        net = Network([f], _bound_layer(f, "f").in_shape)
        return net.forward, net.jacobian
    if f == "softmax":
        return softmax, softmax_jacobian
    raise TypeError(f"f must be a Network, a bound Layer or 'softmax'; got {type(f).__name__}")


def empirical_lipschitz(f: Any, starts: Any, *, steps: int = 4, step_size: float = 0.5, squared: bool = True) -> float:
    r"""A lower bound on the Lipschitz constant by multi-start gradient ascent.

    From each start :math:`x_0` (and :math:`y_0 = x_0 + \delta`, a small fixed
    offset) it ascends the secant ratio

    .. math::

        r(x, y) = \frac{\|f(x) - f(y)\|}{\|x - y\|},\qquad
        \nabla_x r = \frac{J(x)^T u}{\|x-y\|} - r\frac{x - y}{\|x-y\|^2},\quad
        u = \frac{f(x)-f(y)}{\|f(x)-f(y)\|},

    (and symmetrically in :math:`y`) by normalized steps, and returns the largest
    local slope :math:`\|J(x)\|_2` met at the visited points (:math:`J = A[x]`,
    the template matrix of a network). Each is a true lower bound of the
    constant (for an affine spline it is the slope of a region; the constant is
    the supremum of these slopes), so a stated upper bound below the result is
    beaten. The secant ratio only steers: its cancellation error
    :math:`\sim \epsilon |f| / \|x - y\|` makes it unfit as a certificate.

    Parameters
    ----------
    f : Network, bound Layer or ``"softmax"``
    starts : array of shape (S, D)
        The starting inputs (flattened).
    steps : int >= 0, default 4
    step_size : float > 0, default 0.5
        Length of each normalized step (shrunk by 1/sqrt(t+1)).
    squared : bool, default True
        True: the squared lower bound (the report's reading); False: plain.

    Returns
    -------
    float
    """
    fwd, jac = _as_map(f)
    starts = as_float_array(starts, "starts", shape="(S, D)", ndim=2)
    xp = array_namespace_or_error(starts, name="starts")
    if isinstance(f, (Network, Layer)):
        D = f.D if isinstance(f, Network) else f.D_in
        if starts.shape[1] != D:
            raise ValueError(f"starts must have shape (S, D) with D = {D} (the input size of f); got shape {tuple(starts.shape)}")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be an int >= 0; got {steps!r}")
    if not (isinstance(step_size, (int, float)) and step_size > 0):
        raise ValueError(f"step_size must be a float > 0; got {step_size!r}")
    S, D = starts.shape
    if S == 0 or D == 0:
        return 0.0
    dt = starts.dtype
    tiny = float(xp.finfo(dt).eps)
    delta = xp.asarray([(1.0 if i % 2 == 0 else -1.0) * 1e-2 for i in range(D)], dtype=dt)
    x = xp.asarray(starts, copy=True)
    y = x + delta[None, :]
    best = 0.0

    def norms(v):
        return xp.sqrt(xp.sum(v * v, axis=1))

    for t in range(steps + 1):
        Jx, Jy = jac(x), jac(y)
        best = max(best, float(xp.max(spectral_norm(Jx))), float(xp.max(spectral_norm(Jy))))
        d = x - y
        dn = xp.maximum(norms(d), xp.asarray(tiny, dtype=dt))
        df = fwd(x) - fwd(y)
        fn = norms(df)
        r = fn / dn  # steers the ascent only: its cancellation error grows like eps |f| / ||x - y||
        if t == steps:
            break
        u = df / xp.maximum(fn, xp.asarray(tiny, dtype=dt))[:, None]
        e = d / dn[:, None]
        gx = (xp.matrix_transpose(Jx) @ u[:, :, None])[..., 0] / dn[:, None] - (r / dn)[:, None] * e
        gy = -(xp.matrix_transpose(Jy) @ u[:, :, None])[..., 0] / dn[:, None] + (r / dn)[:, None] * e
        h = step_size / math.sqrt(t + 1)
        x = x + h * gx / xp.maximum(norms(gx), xp.asarray(tiny, dtype=dt))[:, None]
        y = y + h * gy / xp.maximum(norms(gy), xp.asarray(tiny, dtype=dt))[:, None]
        # keep the pair apart: a collapsed pair gives no secant
        close_ = norms(x - y) < 1e-3
        y = xp.where(close_[:, None], x + delta[None, :], y)
    return _square(best, squared)


def adversarial_perturbation(net: Network, x: Any, k: Any, alpha: float) -> Any:
    r"""report17 Eq. (64): :math:`X^{Y \to k} = X + \alpha\, \frac{d \hat y(X)_k}{dX}`.

    :math:`\hat y = \mathrm{softmax}(f_\Theta)` (the report's prediction), so
    :math:`\frac{d\hat y_k}{dX} = \sum_c J_{\mathrm{softmax}}(f(X))_{k,c} A[X]_{c,\cdot}`.

    Parameters
    ----------
    net : Network
    x : array of shape (N, D) (or ``(N, *input_shape)``)
    k : int array of shape (N,) or int, the target classes in 0..C-1
    alpha : float >= 0

    Returns
    -------
    array of shape (N, D)
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network; got {type(net).__name__}")
    X = net._batch(x)
    xp = array_namespace_or_error(X, name="x")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        raise TypeError(f"alpha must be a finite real number >= 0; got {type(alpha).__name__}")
    if not (alpha >= 0 and math.isfinite(alpha)):
        raise ValueError(f"alpha must be a finite real number >= 0; got {alpha!r}")
    N, C = X.shape[0], net.C
    kk = xp.asarray([k] * N if isinstance(k, int) else k, dtype=xp.int64)
    if kk.shape != (N,) or bool(xp.any(kk < 0)) or bool(xp.any(kk >= C)):
        raise ValueError(f"k must be an int or an int array of shape ({N},) with values in 0..{C - 1}; got {k!r}")
    A, _ = net.affine_map(X)
    Js = softmax_jacobian(net.forward(X))  # (N, C, C)
    onehot = xp.astype(kk[:, None] == xp.arange(C, dtype=xp.int64)[None, :], X.dtype)
    row = xp.sum(Js * onehot[:, :, None], axis=1)  # (N, C): d yhat_k / d f
    grad = (row[:, None, :] @ A)[:, 0, :]
    return X + alpha * grad


def scale_weights(net: Network, s: float) -> Network:
    r"""A copy of ``net`` with the weights of every dense and convolution layer multiplied by ``s`` (biases unchanged).

    With bias-free layers and positively homogeneous activations (ReLU, leaky
    ReLU, absolute value, max pooling) the scaled network is
    :math:`f_s = s^M f` (M dense / convolution layers), and the bound of
    report17 Eq. (72) (plain) scales by :math:`s^M`: the weight-norm
    "explosion" of report17 Cor. 1.

    Parameters
    ----------
    net : Network
    s : float > 0

    Returns
    -------
    Network (``net`` is not modified)
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network; got {type(net).__name__}")
    if isinstance(s, bool) or not isinstance(s, (int, float)) or not math.isfinite(s) or s <= 0:
        raise ValueError(f"s must be a finite number > 0 (the weight scale); got {s!r}")
    layers = []
    for lay in net.layers:
        if isinstance(lay, Dense):
            lay = Dense(lay.W * s, lay.b)
        elif isinstance(lay, Conv2d):
            lay = Conv2d(lay.kernel * s, lay.b, stride=lay.stride, padding=lay.padding)
        layers.append(lay)
    return Network(layers, net.input_shape)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
