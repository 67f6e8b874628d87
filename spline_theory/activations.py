r"""Soft and beta-VQ nonlinearities derived from MASOs (iclr19 Sec. 3.4-4, App. E.5-E.6).

Each nonlinearity is available two ways: **directly** (``silu(u)``,
``swish(u, eta)``, ``sigmoid(u)``, ``softmax(u)``, ``softmax_pooling(z,
regions)``, ``beta_vq_pwl(z, slopes, offsets, beta)``) and **from MASO
parameters** (:func:`beta_vq_activation` for the MASO output under beta-VQ,
:func:`soft_layer` for the "soft DN layer" whose output is the VQ posterior).
The claims ``iclr19.prop3`` ... ``iclr19.prop7`` check that the two agree.

MASO builders for the layers the paper uses: :func:`relu_layer_maso` (fully
connected + ReLU, iclr19's region order: active first; ``active_first=False``
gives icml18's order), :func:`fc_pooling_maso` (fully connected followed by a
max over its C outputs, the layer of Prop. 6). Pooling MASOs are
:func:`spline_theory.operators.max_pooling_maso`.

Names: ``u`` pre-activations (any shape), ``z`` a batch (N, D), ``W`` (K, D)
weights, ``b`` (K,) biases, ``beta`` in [0, 1] the beta-VQ parameter,
``eta`` :math:`=\beta/(1-\beta)` (:func:`spline_theory.vq.eta_from_beta`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import backend as _backend
from ._validation import array_namespace_or_error, as_float_array, as_vector, check_probability
from .factorial import dense_activation_maso
from .maso import MASO
from .operators import _regions_index
from .vq import eta_from_beta

__all__ = [
    "sigmoid",
    "silu",
    "swish",
    "softmax",
    "softmax_pooling",
    "beta_vq_pwl",
    "beta_vq_relu",
    "beta_vq_leaky_relu",
    "beta_vq_absolute_value",
    "beta_vq_activation",
    "soft_layer",
    "relu_layer_maso",
    "maso_after_affine",
    "fc_pooling_maso",
    "tanh_reparametrization",
]


def _array(u: Any, name: str) -> tuple[Any, Any]:
    u = as_float_array(u, name, shape="(...)", ndim=tuple(range(8)))
    return u, array_namespace_or_error(u, name=name)


def _eta(value: Any, name: str = "eta") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a real number >= 0; got {type(value).__name__}")
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}")
    return float(value)


def sigmoid(u: Any) -> Any:
    r"""The logistic sigmoid :math:`\sigma(u) = 1/(1+e^{-u})`, elementwise.

    Parameters
    ----------
    u : array of any shape

    Returns
    -------
    array of the shape of ``u``, values in [0, 1]

    Notes
    -----
    Evaluated as :math:`1/(1+e^{-|u|})` or :math:`e^{-|u|}/(1+e^{-|u|})` by sign,
    so no exponential overflows. iclr19 Prop. 5: the soft DN layer of a ReLU
    MASO outputs :math:`\sigma(u)`.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.activations import sigmoid
    >>> sigmoid(np.array([0.0, 1000.0, -1000.0]))
    array([0.5, 1. , 0. ])
    """
    u, xp = _array(u, "u")
    e = xp.exp(-xp.abs(u))
    return xp.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def silu(u: Any) -> Any:
    r"""Sigmoid-gated linear unit (SiLU / SiGLU) :math:`u\,\sigma(u)` (iclr19 Prop. 3).

    Parameters
    ----------
    u : array of any shape

    Returns
    -------
    array of the shape of ``u``

    Notes
    -----
    The soft-VQ (:math:`\beta = 1/2`) output of the ReLU MASO (Prop. 3, App. E.5,
    Eq. (20)); :func:`swish` with :math:`\eta = 1`.
    """
    return swish(u, 1.0)


def swish(u: Any, eta: float) -> Any:
    r"""Swish :math:`\sigma_{\mathrm{swish}}(u) = u\,\sigma(\eta u)` (iclr19 Sec. 4, Prop. 7).

    Parameters
    ----------
    u : array of any shape
    eta : float >= 0
        :math:`\eta = \beta/(1-\beta)` for the beta-VQ of a ReLU.

    Returns
    -------
    array of the shape of ``u``

    Raises
    ------
    ValueError
        ``eta`` negative or not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.activations import swish
    >>> swish(np.array([-1.0, 0.0, 2.0]), 0.0)  # eta = 0: u / 2 (the linear limit)
    array([-0.5,  0. ,  1. ])
    """
    eta = _eta(eta)
    u, _ = _array(u, "u")
    return u * sigmoid(eta * u)


def softmax(u: Any, axis: int = -1) -> Any:
    r"""Softmax :math:`e^{u_c}/\sum_{c'} e^{u_{c'}}` along ``axis`` (iclr19 Prop. 6).

    Parameters
    ----------
    u : array of at least one dimension
    axis : int, default -1

    Returns
    -------
    array of the shape of ``u``; slices along ``axis`` on the simplex
    """
    u, xp = _array(u, "u")
    if u.ndim == 0:
        raise ValueError("u must have at least one dimension for softmax; got a 0-d array")
    if not isinstance(axis, int) or isinstance(axis, bool) or not -u.ndim <= axis < u.ndim:
        raise ValueError(f"axis must be an int in [-{u.ndim}, {u.ndim}) for u of shape {tuple(u.shape)}; got {axis!r}")
    return _softmax(xp, u, axis)


def _softmax(xp: Any, u: Any, axis: int) -> Any:
    """Softmax without argument checks (entries may be -inf: masked out)."""
    v = u - xp.max(u, axis=axis, keepdims=True)
    e = xp.exp(v)
    return e / xp.sum(e, axis=axis, keepdims=True)


def _beta_weights(xp: Any, v: Any, b: float, axis: int) -> Any:
    """Beta-VQ weights over ``axis``: softmax(eta v), one-hot at beta = 1, uniform at beta = 0."""
    if b == 1.0:
        idx = xp.argmax(v, axis=axis, keepdims=True)
        r = xp.reshape(xp.arange(v.shape[axis], dtype=idx.dtype), tuple(-1 if a == axis % v.ndim else 1 for a in range(v.ndim)))
        return xp.astype(idx == r, v.dtype)
    return _softmax(xp, eta_from_beta(b) * v, axis)


def softmax_pooling(z: Any, regions: Any, beta: float = 0.5) -> Any:
    r"""Softmax pooling, the beta-VQ of max pooling (iclr19 Prop. 4, Table 1).

    Parameters
    ----------
    z : array of shape (N, D)
    regions : list of K non-empty lists of input indices
        Pooling regions, as for :func:`spline_theory.operators.max_pool`.
    beta : float in [0, 1], default 1/2
        1/2 gives softmax pooling; 1 max pooling; 0 average pooling; other
        values "beta-softmax-pooling".

    Returns
    -------
    array of shape (N, K)
        :math:`\sum_{i\in\mathcal R_k} \frac{e^{\eta z_i}}{\sum_{j\in\mathcal R_k}e^{\eta z_j}} z_i`,
        :math:`\eta = \beta/(1-\beta)`.
    """
    b = check_probability(beta, "beta")
    z = as_float_array(z, "z", shape="(N, D)", ndim=2)
    xp = array_namespace_or_error(z, name="z")
    idx, mask, _ = _regions_index(regions, z.shape[1], xp)
    g = xp.take(z, xp.reshape(idx, (-1,)), axis=1)
    g = xp.reshape(g, (z.shape[0],) + tuple(idx.shape))  # (N, K, R_max)
    # padded entries repeat a member of the region; they are masked out of the softmax
    neg = xp.asarray(-xp.inf, dtype=z.dtype)
    gm = xp.where(mask[None, ...], g, neg)
    if b == 0.0:
        w = xp.astype(mask, z.dtype)[None, ...] / xp.sum(xp.astype(mask, z.dtype), axis=1)[None, :, None]
    else:
        w = _beta_weights(xp, gm, b, 2)
    return xp.sum(xp.where(mask[None, ...], w * g, xp.zeros_like(g)), axis=2)


def beta_vq_pwl(z: Any, slopes: Sequence[float], offsets: Sequence[float], beta: float) -> Any:
    r"""The beta-VQ of a convex piecewise-affine activation :math:`\max_r a_r t + b_r` (iclr19 Fig. 1, Table 1).

    Parameters
    ----------
    z : array of any shape
    slopes, offsets : sequences of R floats
        Pieces :math:`a_r t + b_r` of the activation (its hard-VQ form).
    beta : float in [0, 1]

    Returns
    -------
    array of the shape of ``z``

    Notes
    -----
    .. math::

        \sigma_\beta(t) = \sum_r \frac{e^{\eta(a_r t + b_r)}}{\sum_j e^{\eta(a_j t+b_j)}}\,(a_r t + b_r),
        \qquad \eta = \frac{\beta}{1-\beta},

    the beta-VQ output (Eq. (2) with Eq. (9)) of the activation's MASO; the
    order of the pieces does not matter. :math:`\beta = 1` gives the activation,
    :math:`\beta = 0` the mean of the pieces.
    """
    b = check_probability(beta, "beta")
    a = [float(v) for v in _backend.to_numpy(as_float_array(slopes, "slopes", shape="(R,)", ndim=1)).tolist()]
    c = [float(v) for v in _backend.to_numpy(as_float_array(offsets, "offsets", shape="(R,)", ndim=1)).tolist()]
    if len(a) != len(c):
        raise ValueError(f"slopes and offsets must have the same length R; got {len(a)} and {len(c)}")
    z, xp = _array(z, "z")
    pieces = xp.stack([ar * z + cr for ar, cr in zip(a, c)], axis=-1)
    w = xp.full(pieces.shape, 1.0 / len(a), dtype=z.dtype) if b == 0.0 else _beta_weights(xp, pieces, b, -1)
    return xp.sum(w * pieces, axis=-1)


def beta_vq_relu(z: Any, beta: float) -> Any:
    r"""Beta-VQ of the ReLU, :math:`t\,\sigma(\eta t)` (swish, Prop. 7; SiLU at :math:`\beta=1/2`)."""
    return beta_vq_pwl(z, (1.0, 0.0), (0.0, 0.0), beta)


def beta_vq_leaky_relu(z: Any, nu: float, beta: float) -> Any:
    r"""Beta-VQ of the leaky ReLU :math:`\max(t, \nu t)`, :math:`0 < \nu < 1` (iclr19 Sec. 6, Fig. 1)."""
    if isinstance(nu, bool) or not isinstance(nu, (int, float)):
        raise TypeError(f"nu must be a real number in (0, 1); got {type(nu).__name__}")
    if not 0 < nu < 1:
        raise ValueError(f"nu must lie in (0, 1) for max(t, nu t) to be the leaky ReLU; got {nu!r}")
    return beta_vq_pwl(z, (1.0, float(nu)), (0.0, 0.0), beta)


def beta_vq_absolute_value(z: Any, beta: float) -> Any:
    r"""Beta-VQ of :math:`|t|`, :math:`t \tanh(\eta t)` (iclr19 Fig. 1)."""
    return beta_vq_pwl(z, (1.0, -1.0), (0.0, 0.0), beta)


def beta_vq_activation(A: Any, B: Any, x: Any, beta: Any) -> Any:
    r"""The beta-VQ output of any MASO :math:`S[A,B]` (iclr19 Eq. (2) with Eq. (9)).

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)
    x : array of shape (N, D) or (D,)
    beta : float in [0, 1] or array of shape (K,)

    Returns
    -------
    array of shape (N, K) (or (K,))
        :math:`\sum_r [\hat T_\beta]_{k,r}(\langle [A]_{k,r,\cdot},x\rangle+[B]_{k,r})`.
    """
    return MASO(A, B).beta_vq(x, beta)


def soft_layer(A: Any, B: Any, x: Any, beta: Any = 0.5) -> Any:
    r"""The "soft DN layer" of iclr19 Sec. 3.5: the VQ probabilities themselves.

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)
    x : array of shape (N, D) or (D,)
    beta : float in [0, 1] or array of shape (K,), default 1/2
        1/2 gives the posterior of model (3) (Eq. (6)).

    Returns
    -------
    array of shape (N, K, R) (or (K, R))
        :math:`[\hat T_\beta]_{k,r}`. For a ReLU MASO the active region's entry
        is :math:`\sigma(u_k)` (Prop. 5); for :func:`fc_pooling_maso` the row is
        :math:`\operatorname{softmax}(Wx+b)` (Prop. 6).
    """
    return MASO(A, B).vq_matrix(x, beta)


def relu_layer_maso(W: Any, b: Any, *, active_first: bool = True) -> MASO:
    r"""The MASO of a fully connected layer followed by a ReLU, :math:`\max(Wx+b, 0)`.

    Parameters
    ----------
    W : array of shape (K, D)
    b : array of shape (K,)
    active_first : bool, default True
        iclr19's order (region 0 active: slope :math:`W_k`, offset :math:`b_k`;
        region 1 inactive: zero). ``False`` gives icml18's order.

    Returns
    -------
    MASO with R = 2
    """
    if not isinstance(active_first, bool):
        raise TypeError(f"active_first must be a bool; got {type(active_first).__name__}")
    return dense_activation_maso(W, b, (1.0, 0.0) if active_first else (0.0, 1.0))


def maso_after_affine(S: MASO, W: Any, b: Any, *, V: Any = None) -> MASO:
    r"""The MASO of a layer :math:`x \mapsto S(Wx + b) + Vx` (iclr19 Thm. 1).

    Parameters
    ----------
    S : MASO
        A convex piecewise-affine operator on :math:`\mathbb R^{K}` (activation,
        pooling, maxout), e.g. from :mod:`spline_theory.operators`.
    W : array of shape (K, D)
        Linear operator (fully connected, or a convolution matrix).
    b : array of shape (K,)
    V : array of shape (M, D), optional
        Skip connection added to the output (M = the output size of ``S``).

    Returns
    -------
    MASO
        :math:`[A']_{m,r,\cdot} = [A]_{m,r,\cdot} W + V_m`,
        :math:`[B']_{m,r} = \langle [A]_{m,r,\cdot}, b\rangle + [B]_{m,r}`.

    Notes
    -----
    :math:`\max_r \langle a_r, Wx + b\rangle + c_r + \langle v, x\rangle = \max_r \langle W^T a_r + v, x\rangle + \langle a_r, b\rangle + c_r`:
    a max-affine spline of x, hence a MASO (Thm. 1).
    """
    if not isinstance(S, MASO):
        raise TypeError(f"S must be a MASO; got {type(S).__name__}")
    xp = S.xp
    W = as_float_array(W, "W", shape=f"(K, D) with K = {S.D}", ndim=2, xp=xp)
    if W.shape[0] != S.D:
        raise ValueError(f"W must have shape (K, D) with K = {S.D} (the input size of S); got shape {tuple(W.shape)}")
    b = as_vector(b, "b", S.D, xp=xp, symbol="K")
    dtype = xp.result_type(S.dtype, W.dtype, b.dtype)
    A, B, W, b = (xp.astype(v, dtype) for v in (S.A, S.B, W, b))
    A2 = A @ W
    if V is not None:
        V = as_float_array(V, "V", shape=f"(M, D) = ({S.K}, {W.shape[1]})", ndim=2, xp=xp)
        if tuple(V.shape) != (S.K, W.shape[1]):
            raise ValueError(f"V must have shape (M, D) = ({S.K}, {W.shape[1]}); got shape {tuple(V.shape)}")
        A2 = A2 + xp.astype(V, dtype)[:, None, :]
    return MASO(A2, xp.sum(A * b, axis=2) + B)


def fc_pooling_maso(W: Any, b: Any) -> MASO:
    r"""The MASO of a fully connected layer followed by a max over its outputs (iclr19 Prop. 6).

    Parameters
    ----------
    W : array of shape (C, D)
        One row per class.
    b : array of shape (C,)

    Returns
    -------
    MASO with K = 1 and R = C
        :math:`[A]_{1,c,\cdot} = W_c`, :math:`[B]_{1,c} = b_c`: the output is
        :math:`\max_c (Wx+b)_c` and the hard VQ is the arg-max class.
    """
    W = as_float_array(W, "W", shape="(C, D)", ndim=2)
    xp = array_namespace_or_error(W, name="W")
    b = as_vector(b, "b", W.shape[0], xp=xp, symbol="C")
    return MASO(W[None, ...], b[None, ...])


def tanh_reparametrization(C: Any, b: Any, C_next: Any, b_next: Any, *, rule: str = "corrected") -> tuple[Any, Any, Any, Any]:
    r"""Sigmoid-layer parameters that reproduce a tanh layer and the layer after it (iclr19 App. E.6).

    Parameters
    ----------
    C : array of shape (K, D)
        Weights of the tanh layer :math:`z = \tanh(Cx + b)`.
    b : array of shape (K,)
    C_next : array of shape (M, K)
        Weights of the following affine layer :math:`C_{\mathrm{next}} z + b_{\mathrm{next}}`.
    b_next : array of shape (M,)
    rule : {"corrected", "printed"}, default "corrected"
        ``"printed"`` applies App. E.6 as printed: :math:`C := 2C`,
        :math:`C_{\mathrm{next}} := 2C_{\mathrm{next}}`,
        :math:`b_{\mathrm{next}} := b_{\mathrm{next}} - 1` (``b`` unchanged).
        ``"corrected"`` also doubles ``b`` and subtracts the row sums of
        :math:`C_{\mathrm{next}}`: :math:`b := 2b`,
        :math:`b_{\mathrm{next}} := b_{\mathrm{next}} - C_{\mathrm{next}}\mathbf 1`.

    Returns
    -------
    (C_s, b_s, C_next_s, b_next_s)
        Parameters of the sigmoid network
        :math:`C_{\mathrm{next},s}\,\sigma(C_s x + b_s) + b_{\mathrm{next},s}`.

    Notes
    -----
    From :math:`\tanh(u) = 2\sigma(2u) - 1`:

    .. math::

        C_{\mathrm{next}}\tanh(Cx+b) + b_{\mathrm{next}}
        = 2C_{\mathrm{next}}\,\sigma(2Cx + 2b) + b_{\mathrm{next}} - C_{\mathrm{next}}\mathbf 1 .

    The printed rule misses :math:`b := 2b` and uses 1 for
    :math:`C_{\mathrm{next}}\mathbf 1` (claim ``iclr19.appE6.tanh``).
    """
    if rule not in ("corrected", "printed"):
        raise ValueError(f"rule must be 'corrected' or 'printed'; got {rule!r}")
    C = as_float_array(C, "C", shape="(K, D)", ndim=2)
    xp = array_namespace_or_error(C, name="C")
    K = C.shape[0]
    b = as_vector(b, "b", K, xp=xp, symbol="K")
    C_next = as_float_array(C_next, "C_next", shape=f"(M, K) with K = {K}", ndim=2, xp=xp)
    if C_next.shape[1] != K:
        raise ValueError(f"C_next must have shape (M, K) with K = {K}; got shape {tuple(C_next.shape)}")
    b_next = as_vector(b_next, "b_next", C_next.shape[0], xp=xp, symbol="M")
    if rule == "printed":
        return 2.0 * C, b * 1.0, 2.0 * C_next, b_next - 1.0
    return 2.0 * C, 2.0 * b, 2.0 * C_next, b_next - xp.sum(C_next, axis=1)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
