r"""Deep-network operators and their MASO parameters (icml18 Sec. 4.1).

Each operator comes twice: a direct forward implementation (what a deep
learning library computes) and the MASO :math:`S[A,B]` that icml18 Props. 1-3
say it equals. The claims compare the two; neither is written in terms of the
other.

Shapes: ``z`` is a batch (N, D) of flattened feature maps; images for
:func:`conv2d` are (N, C, H, W) and flatten in C-order (channel, row, column).
Pooling regions are lists of flat input indices :math:`\mathcal R_k`, one per
output unit k (0-based).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from . import backend as _backend
from ._validation import array_namespace_or_error, as_float_array, as_vector, check_positive_int, is_integer
from .maso import MASO

__all__ = [
    "dense",
    "dense_maso",
    "conv2d",
    "conv2d_output_shape",
    "conv2d_matrix",
    "conv2d_maso",
    "relu",
    "leaky_relu",
    "absolute_value",
    "activation",
    "activation_maso",
    "PiecewiseAffineActivation",
    "two_region_maso",
    "max_pool",
    "avg_pool",
    "max_pooling_maso",
    "avg_pooling_maso",
    "spatial_pooling_regions",
    "channel_pooling_regions",
]


# ------------------------------------------------------------------ affine
def dense(z: Any, W: Any, b: Any) -> Any:
    r"""Fully connected operator :math:`f_W(z) = Wz + b_W` on a batch.

    Parameters
    ----------
    z : array of shape (N, D)
    W : array of shape (K, D)
    b : array of shape (K,)

    Returns
    -------
    array of shape (N, K)

    Notes
    -----
    icml18 Sec. 2: :math:`f_W^{(\ell)}(z) = W^{(\ell)} z + b_W^{(\ell)}`.
    """
    xp, W, b = _weights_and_bias(W, b)
    z = as_float_array(z, "z", shape=f"(N, D) with D = {W.shape[1]}", ndim=2, xp=xp)
    if z.shape[1] != W.shape[1]:
        raise ValueError(f"z must have shape (N, D) with D = {W.shape[1]}; got shape {tuple(z.shape)}")
    return z @ xp.matrix_transpose(W) + b


def _weights_and_bias(W: Any, b: Any) -> tuple[Any, Any, Any]:
    W = as_float_array(W, "W", shape="(K, D)", ndim=2)
    xp = array_namespace_or_error(W, name="W")
    return xp, W, as_vector(b, "b", W.shape[0], xp=xp, symbol="K")


def dense_maso(W: Any, b: Any) -> MASO:
    r"""The degenerate MASO of a fully connected operator (icml18 Prop. 1).

    Parameters
    ----------
    W : array of shape (K, D)
    b : array of shape (K,)

    Returns
    -------
    MASO
        R = 1, :math:`[A_W]_{k,1,\cdot} = [W]_{k,\cdot}`, :math:`[B_W]_{k,1} = [b_W]_k`.
    """
    _, W, b = _weights_and_bias(W, b)
    return MASO(W[:, None, :], b[:, None])


def conv2d_output_shape(input_shape: Sequence[int], kernel_shape: Sequence[int], stride: int = 1, padding: int = 0) -> tuple[int, int, int]:
    """Output shape (C_out, H_out, W_out) of :func:`conv2d` for one image."""
    C, H, W = (int(v) for v in input_shape)
    C_out, C_in, kh, kw = (int(v) for v in kernel_shape)
    if C_in != C:
        raise ValueError(f"kernel must have shape (C_out, C_in, kh, kw) with C_in = {C}; got {tuple(kernel_shape)}")
    H_out = (H + 2 * padding - kh) // stride + 1
    W_out = (W + 2 * padding - kw) // stride + 1
    if H_out < 1 or W_out < 1:
        raise ValueError(f"kernel of spatial size ({kh}, {kw}) does not fit the padded input ({H + 2 * padding}, {W + 2 * padding})")
    return C_out, H_out, W_out


def conv2d(z: Any, kernel: Any, b: Any, *, stride: int = 1, padding: int = 0) -> Any:
    r"""2-D multi-channel convolution (cross-correlation, as in deep learning libraries).

    Parameters
    ----------
    z : array of shape (N, C_in, H, W)
    kernel : array of shape (C_out, C_in, kh, kw)
    b : array of shape (C_out,)
    stride : int, default 1
    padding : int, default 0
        Zero padding on every side.

    Returns
    -------
    array of shape (N, C_out, H_out, W_out)

    Notes
    -----
    :math:`y_{n,o,i,j} = b_o + \sum_{c,p,q} K_{o,c,p,q}\, \tilde z_{n,c,\,si+p,\,sj+q}`
    with :math:`\tilde z` the zero-padded input; the operator
    :math:`f_C(z) = Cz + b_C` of icml18 Sec. 2.
    """
    stride = check_positive_int(stride, "stride")
    if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
        raise ValueError(f"padding must be a non-negative int; got {padding!r}")
    kernel = as_float_array(kernel, "kernel", shape="(C_out, C_in, kh, kw)", ndim=4)
    xp = array_namespace_or_error(kernel, name="kernel")
    z = as_float_array(z, "z", shape=f"(N, C_in, H, W) with C_in = {kernel.shape[1]}", ndim=4, xp=xp)
    b = as_vector(b, "b", kernel.shape[0], xp=xp, symbol="C_out")
    N = z.shape[0]
    C_out, H_out, W_out = conv2d_output_shape(z.shape[1:], kernel.shape, stride, padding)
    dtype = xp.result_type(z.dtype, kernel.dtype, b.dtype)
    z = xp.astype(z, dtype)
    if padding:
        C, H, W = z.shape[1:]
        zp = xp.zeros((N, C, H + 2 * padding, W + 2 * padding), dtype=dtype)
        zp[:, :, padding : padding + H, padding : padding + W] = z
        z = zp
    kernel = xp.astype(kernel, dtype)
    out = xp.zeros((N, H_out, W_out, C_out), dtype=dtype)
    kh, kw = kernel.shape[2], kernel.shape[3]
    for p in range(kh):
        for q in range(kw):
            patch = z[:, :, p : p + stride * (H_out - 1) + 1 : stride, q : q + stride * (W_out - 1) + 1 : stride]
            out = out + xp.tensordot(xp.permute_dims(patch, (0, 2, 3, 1)), kernel[:, :, p, q], axes=([3], [1]))
    return xp.permute_dims(out, (0, 3, 1, 2)) + xp.astype(b, dtype)[:, None, None]


def conv2d_matrix(kernel: Any, input_shape: Sequence[int], *, stride: int = 1, padding: int = 0) -> Any:
    r"""The matrix :math:`C` of a bias-free convolution acting on flattened images.

    Parameters
    ----------
    kernel : array of shape (C_out, C_in, kh, kw)
    input_shape : (C_in, H, W)
    stride, padding : int

    Returns
    -------
    C : array of shape (C_out*H_out*W_out, C_in*H*W)
        ``conv2d(z, kernel, 0).reshape(N, -1) == z.reshape(N, -1) @ C.T``.

    Notes
    -----
    Column i of :math:`C` is the convolution of the i-th canonical basis image,
    which is exact because the operator is linear (icml18 Prop. 1).
    """
    kernel = as_float_array(kernel, "kernel", shape="(C_out, C_in, kh, kw)", ndim=4)
    xp = array_namespace_or_error(kernel, name="kernel")
    C_in, H, W = (int(v) for v in input_shape)
    conv2d_output_shape((C_in, H, W), kernel.shape, stride, padding)
    D = C_in * H * W
    basis = xp.reshape(xp.eye(D, dtype=kernel.dtype), (D, C_in, H, W))
    zero_bias = xp.zeros((kernel.shape[0],), dtype=kernel.dtype)
    cols = conv2d(basis, kernel, zero_bias, stride=stride, padding=padding)
    return xp.matrix_transpose(xp.reshape(cols, (D, -1)))


def conv2d_maso(kernel: Any, b: Any, input_shape: Sequence[int], *, stride: int = 1, padding: int = 0) -> MASO:
    r"""The degenerate MASO of a convolution operator (icml18 Prop. 1).

    Parameters
    ----------
    kernel : array of shape (C_out, C_in, kh, kw)
    b : array of shape (C_out,)
        One bias per output channel, repeated over positions in :math:`b_C`.
    input_shape : (C_in, H, W)
    stride, padding : int

    Returns
    -------
    MASO
        R = 1 with :math:`[A_C]_{k,1,\cdot} = [C]_{k,\cdot}`, :math:`[B_C]_{k,1} = [b_C]_k`.
    """
    C = conv2d_matrix(kernel, input_shape, stride=stride, padding=padding)
    xp = array_namespace_or_error(C, name="kernel")
    b = as_vector(b, "b", kernel.shape[0], xp=xp, symbol="C_out")
    positions = C.shape[0] // b.shape[0]
    b_C = xp.reshape(xp.broadcast_to(xp.astype(b, C.dtype)[:, None], (b.shape[0], positions)), (C.shape[0],))
    return MASO(C[:, None, :], b_C[:, None])


# ------------------------------------------------------------- activations
def relu(z: Any) -> Any:
    r"""ReLU, :math:`\sigma(t) = \max(t, 0)`, elementwise."""
    z = as_float_array(z, "z", shape="(N, D)", ndim=(1, 2))
    xp = array_namespace_or_error(z)
    return xp.maximum(z, xp.zeros_like(z))


def leaky_relu(z: Any, nu: float, *, form: str = "piecewise") -> Any:
    r"""Leaky ReLU with slope :math:`\nu > 0`, elementwise, in either of the papers' two definitions.

    Parameters
    ----------
    z : array, shape (N, D) or (D,)
    nu : float
        The slope parameter, :math:`\nu > 0`.
    form : {"piecewise", "max"}, default "piecewise"
        ``"piecewise"``: :math:`\sigma(t) = t` for :math:`t > 0` and
        :math:`\nu t` otherwise, i.e. :math:`\max(t, 0) + \min(\nu t, 0)`
        (report17 Sec. 2, tian18, PyTorch's ``LeakyReLU``); convex only for
        :math:`\nu \le 1`. ``"max"``: :math:`\sigma(t) = \max(\nu t, t)`
        (icml18 Sec. 2, the slides); convex for every :math:`\nu > 0`. The two
        agree for :math:`\nu \le 1`.

    Returns
    -------
    array, the shape of ``z``
    """
    nu = _positive_float(nu, "nu")
    if form not in ("piecewise", "max"):
        raise ValueError(f"form must be 'piecewise' (report17: t if t > 0 else nu t) or 'max' (icml18: max(nu t, t)); got {form!r}")
    z = as_float_array(z, "z", shape="(N, D)", ndim=(1, 2))
    xp = array_namespace_or_error(z)
    if form == "max":
        return xp.maximum(nu * z, z)
    return xp.where(z > 0, z, nu * z)


def absolute_value(z: Any) -> Any:
    r"""Absolute value, :math:`\sigma(t) = |t|`, elementwise."""
    z = as_float_array(z, "z", shape="(N, D)", ndim=(1, 2))
    xp = array_namespace_or_error(z)
    return xp.abs(z)


def _positive_float(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a real number > 0; got {type(value).__name__}")
    if not value > 0 or value != value or value == float("inf"):
        raise ValueError(f"{name} must be a finite real number > 0; got {value!r}")
    return float(value)


def activation(kind: str, *, nu: float | None = None, slopes: Sequence[float] | None = None, offsets: Sequence[float] | None = None, leaky_form: str = "piecewise") -> Callable[[Any], Any]:
    """The elementwise activation named by ``kind``, as a callable on arrays.

    Parameters
    ----------
    kind : {"relu", "leaky_relu", "absolute_value", "convex_pwl"}
    nu : float, optional
        Slope parameter of ``leaky_relu``.
    leaky_form : {"piecewise", "max"}, default "piecewise"
        Which definition of the leaky ReLU (:func:`leaky_relu`'s ``form``):
        report17's :math:`t` / :math:`\\nu t`, or icml18's :math:`\\max(\\nu t, t)`.
    slopes, offsets : sequences of float, optional
        Pieces of ``convex_pwl``, :math:`\\sigma(t) = \\max_r a_r t + b_r`.

    Returns
    -------
    callable
        :func:`relu`, :func:`leaky_relu` with ``nu`` bound, :func:`absolute_value`
        or a :class:`PiecewiseAffineActivation`.
    """
    if kind == "relu":
        return relu
    if kind == "absolute_value":
        return absolute_value
    if kind == "leaky_relu":
        nu = _positive_float(nu, "nu")
        if leaky_form not in ("piecewise", "max"):
            raise ValueError(f"leaky_form must be 'piecewise' or 'max'; got {leaky_form!r}")
        return lambda z: leaky_relu(z, nu, form=leaky_form)
    if kind == "convex_pwl":
        if slopes is None or offsets is None:
            raise ValueError("slopes and offsets must be given for kind='convex_pwl'")
        return PiecewiseAffineActivation(slopes, offsets)
    raise ValueError(f"kind must be one of 'relu', 'leaky_relu', 'absolute_value', 'convex_pwl'; got {kind!r}")


def activation_maso(kind: str, D: int, *, nu: float | None = None, xp: Any = None, dtype: Any = "float64") -> MASO:
    r"""The MASO that icml18 Prop. 2 gives for ReLU, leaky ReLU and absolute value.

    Parameters
    ----------
    kind : {"relu", "leaky_relu", "absolute_value"}
    D : int
        Number of units (the operator maps :math:`\mathbb R^D \to \mathbb R^D`).
    nu : float, optional
        Leaky ReLU slope, required for ``"leaky_relu"``.
    xp : namespace, optional
        Array namespace (default NumPy).
    dtype : {"float64", "float32"}

    Returns
    -------
    MASO
        R = 2, :math:`B = 0`, and as printed in icml18 Prop. 2:
        ReLU :math:`A_{k,1}=0, A_{k,2}=e_k`; leaky ReLU :math:`A_{k,1}=\nu e_k,
        A_{k,2}=e_k`; absolute value :math:`A_{k,1}=-e_k, A_{k,2}=e_k`.

    Notes
    -----
    Regions follow icml18's order (the inactive region first). For leaky ReLU
    the printed parameters give :math:`\max(\nu t, t)`: icml18's own leaky
    ReLU for every :math:`\nu > 0`, report17's (:math:`t` / :math:`\nu t`)
    only for :math:`\nu \le 1` (:func:`leaky_relu`, ``form``).
    """
    D = check_positive_int(D, "D")
    xp = xp or _backend.namespace("numpy")
    dt = _backend.resolve_dtype(xp, dtype)
    first = {"relu": 0.0, "absolute_value": -1.0}
    if kind == "leaky_relu":
        if nu is None:
            raise ValueError("nu must be given for kind='leaky_relu'")
        a1 = _positive_float(nu, "nu")
    elif kind in first:
        a1 = first[kind]
    else:
        raise ValueError(f"kind must be one of 'relu', 'leaky_relu', 'absolute_value'; got {kind!r}")
    return _diagonal_maso(xp, dt, D, [a1, 1.0], [0.0, 0.0])


def _diagonal_maso(xp: Any, dt: Any, D: int, slopes: Sequence[float], offsets: Sequence[float]) -> MASO:
    eye = xp.eye(D, dtype=dt)
    A = xp.stack([s * eye for s in slopes], axis=1)  # (D, R, D): A[k, r] = slopes[r] e_k
    B = xp.broadcast_to(xp.asarray(list(offsets), dtype=dt)[None, :], (D, len(offsets)))
    return MASO(A, B)


class PiecewiseAffineActivation:
    r"""A convex piecewise-affine scalar activation :math:`\sigma(t)=\max_r a_r t + b_r`.

    Parameters
    ----------
    slopes : sequence of float, length R >= 1
    offsets : sequence of float, length R

    Notes
    -----
    Every convex piecewise-affine function of one variable has this form
    (icml18 Sec. 3, "max-affine spline"). Its exact MASO on
    :math:`\mathbb R^D` has R regions with :math:`A_{k,r} = a_r e_k` and
    :math:`B_{k,r} = b_r` (claim ``icml18.prop2-corrected``).

    Examples
    --------
    >>> from spline_theory.operators import PiecewiseAffineActivation
    >>> shifted_relu = PiecewiseAffineActivation([0.0, 1.0], [0.0, -1.0])
    >>> import numpy as np
    >>> shifted_relu(np.array([0.5, 3.0]))
    array([0., 2.])
    """

    def __init__(self, slopes: Sequence[float], offsets: Sequence[float]) -> None:
        slopes = [float(v) for v in slopes]
        offsets = [float(v) for v in offsets]
        if not slopes or len(slopes) != len(offsets):
            raise ValueError(f"slopes and offsets must be non-empty and of equal length; got {len(slopes)} and {len(offsets)}")
        if not all(v == v and abs(v) != float("inf") for v in slopes + offsets):
            raise ValueError("slopes and offsets must be finite")
        self.slopes = tuple(slopes)
        self.offsets = tuple(offsets)

    def __repr__(self) -> str:
        return f"PiecewiseAffineActivation(slopes={list(self.slopes)}, offsets={list(self.offsets)})"

    def __call__(self, z: Any) -> Any:
        """Apply :math:`\\sigma` elementwise."""
        z = as_float_array(z, "z", shape="(N, D)", ndim=(1, 2))
        xp = array_namespace_or_error(z)
        out = self.slopes[0] * z + self.offsets[0]
        for a, b in zip(self.slopes[1:], self.offsets[1:]):
            out = xp.maximum(out, a * z + b)
        return out

    def maso(self, D: int, *, xp: Any = None, dtype: Any = "float64") -> MASO:
        """The exact MASO of the elementwise operator on :math:`\\mathbb R^D`."""
        D = check_positive_int(D, "D")
        xp = xp or _backend.namespace("numpy")
        return _diagonal_maso(xp, _backend.resolve_dtype(xp, dtype), D, self.slopes, self.offsets)


def two_region_maso(sigma: Callable[[Any], Any], D: int, *, xp: Any = None, dtype: Any = "float64") -> MASO:
    r"""The R = 2, B = 0 MASO that icml18 Prop. 2 asserts for any convex activation.

    Parameters
    ----------
    sigma : callable
        Elementwise activation, called on an array.
    D : int
    xp, dtype : namespace and dtype of the result

    Returns
    -------
    MASO
        :math:`A_{k,1} = -\sigma(-1)\, e_k`, :math:`A_{k,2} = \sigma(1)\, e_k`, :math:`B = 0`.

    Notes
    -----
    This is the only candidate: if a MASO with R = 2 and B = 0 equals
    :math:`\sigma` elementwise, then on the axis :math:`z = t e_k` it reads
    :math:`\max(a_1 t, a_2 t)`, so it is :math:`\sigma(1)\,t` for :math:`t\ge 0`
    and :math:`-\sigma(-1)\,t` for :math:`t \le 0`. An activation that differs
    from this candidate anywhere has no R = 2, B = 0 MASO.
    """
    D = check_positive_int(D, "D")
    xp = xp or _backend.namespace("numpy")
    dt = _backend.resolve_dtype(xp, dtype)
    v = sigma(xp.asarray([-1.0, 1.0], dtype=dt))
    a_neg, a_pos = float(-v[0]), float(v[1])
    return _diagonal_maso(xp, dt, D, [a_neg, a_pos], [0.0, 0.0])


# ----------------------------------------------------------------- pooling
def _regions_index(regions: Any, D: int | None, xp: Any) -> tuple[Any, Any, int]:
    """(K, R_max) index array padded by repeating each row's first index, the
    (K, R_max) validity mask and R_max."""
    if not isinstance(regions, (list, tuple)) or not regions:
        raise ValueError("regions must be a non-empty list of non-empty lists of input indices")
    rows = []
    for k, reg in enumerate(regions):
        if isinstance(reg, (str, bytes)) or not hasattr(reg, "__iter__") or not all(is_integer(i) for i in reg):
            raise TypeError(f"regions[{k}] must be a list of int indices; got {reg!r}")
        idx = [int(i) for i in reg]
        if not idx:
            raise ValueError(f"regions[{k}] must not be empty")
        if D is not None and (min(idx) < 0 or max(idx) >= D):
            raise ValueError(f"regions[{k}] must hold indices in 0..{D - 1}; got {idx}")
        rows.append(idx)
    R = max(len(r) for r in rows)
    padded = [r + [r[0]] * (R - len(r)) for r in rows]
    mask = [[True] * len(r) + [False] * (R - len(r)) for r in rows]
    return xp.asarray(padded, dtype=xp.int64), xp.asarray(mask), R


def _gather(z: Any, regions: Any) -> tuple[Any, Any, Any]:
    z = as_float_array(z, "z", shape="(N, D)", ndim=2)
    xp = array_namespace_or_error(z)
    idx, mask, R = _regions_index(regions, z.shape[1], xp)
    K = idx.shape[0]
    vals = xp.reshape(xp.take(z, xp.reshape(idx, (K * R,)), axis=1), (z.shape[0], K, R))
    return xp, vals, mask


def max_pool(z: Any, regions: Any) -> Any:
    r"""Max pooling :math:`[f_\rho(z)]_k = \max_{d\in\mathcal R_k} z_d` (icml18 Sec. 2).

    Parameters
    ----------
    z : array of shape (N, D)
    regions : list of K lists of indices in 0..D-1

    Returns
    -------
    array of shape (N, K)
    """
    xp, vals, _ = _gather(z, regions)
    return xp.max(vals, axis=2)


def avg_pool(z: Any, regions: Any) -> Any:
    r"""Average pooling :math:`[f_\rho(z)]_k = \frac{1}{\#\mathcal R_k}\sum_{d\in\mathcal R_k} z_d`.

    Parameters
    ----------
    z : array of shape (N, D)
    regions : list of K lists of indices in 0..D-1

    Returns
    -------
    array of shape (N, K)
    """
    xp, vals, mask = _gather(z, regions)
    m = xp.astype(mask, vals.dtype)
    return xp.sum(vals * m, axis=2) / xp.sum(m, axis=1)


def max_pooling_maso(regions: Any, D: int, *, xp: Any = None, dtype: Any = "float64") -> MASO:
    r"""The MASO of max pooling (icml18 Prop. 3).

    Parameters
    ----------
    regions : list of K lists of indices in 0..D-1
    D : int
        Input dimension.
    xp, dtype : namespace and dtype of the result

    Returns
    -------
    MASO
        :math:`R = \max_k \#\mathcal R_k`, :math:`[A]_{k,r,\cdot} = e_{i_r}` for the
        indices :math:`i_r \in \mathcal R_k`, :math:`B = 0`. Regions smaller than
        R repeat their first index, which leaves the maximum unchanged.
    """
    D = check_positive_int(D, "D")
    xp = xp or _backend.namespace("numpy")
    dt = _backend.resolve_dtype(xp, dtype)
    idx, _, R = _regions_index(regions, D, xp)
    K = idx.shape[0]
    eye = xp.eye(D, dtype=dt)
    A = xp.reshape(xp.take(eye, xp.reshape(idx, (K * R,)), axis=0), (K, R, D))
    return MASO(A, xp.zeros((K, R), dtype=dt))


def avg_pooling_maso(regions: Any, D: int, *, xp: Any = None, dtype: Any = "float64") -> MASO:
    r"""The degenerate MASO of average pooling (icml18 Prop. 3).

    Returns
    -------
    MASO
        R = 1, :math:`[A]_{k,1,\cdot} = \frac{1}{\#\mathcal R_k}\sum_{i\in\mathcal R_k} e_i`, :math:`B = 0`.
    """
    D = check_positive_int(D, "D")
    xp = xp or _backend.namespace("numpy")
    dt = _backend.resolve_dtype(xp, dtype)
    idx, mask, R = _regions_index(regions, D, xp)
    K = idx.shape[0]
    eye = xp.eye(D, dtype=dt)
    rows = xp.reshape(xp.take(eye, xp.reshape(idx, (K * R,)), axis=0), (K, R, D))
    m = xp.astype(mask, dt)
    A = xp.sum(rows * m[:, :, None], axis=1) / xp.sum(m, axis=1)[:, None]
    return MASO(A[:, None, :], xp.zeros((K, 1), dtype=dt))


def spatial_pooling_regions(channels: int, height: int, width: int, *, size: int, stride: int | None = None) -> list[list[int]]:
    """Pooling windows ``size x size`` with ``stride`` over each channel of a (C, H, W) map.

    Returns the flat (C-order) input indices of each window, output units in
    (channel, row, column) order.
    """
    for name, v in (("channels", channels), ("height", height), ("width", width), ("size", size)):
        check_positive_int(v, name)
    stride = size if stride is None else check_positive_int(stride, "stride")
    if size > height or size > width:
        raise ValueError(f"size must be at most min(height, width) = {min(height, width)}; got {size}")
    out = []
    for c in range(channels):
        for i in range(0, height - size + 1, stride):
            for j in range(0, width - size + 1, stride):
                out.append([c * height * width + (i + p) * width + (j + q) for p in range(size) for q in range(size)])
    return out


def channel_pooling_regions(channels: int, height: int, width: int, *, group: int) -> list[list[int]]:
    """Channel pooling: each output pools ``group`` consecutive channels at one position."""
    for name, v in (("channels", channels), ("height", height), ("width", width), ("group", group)):
        check_positive_int(v, name)
    if channels % group:
        raise ValueError(f"group must divide channels = {channels}; got {group}")
    return [
        [(g * group + c) * height * width + i * width + j for c in range(group)]
        for g in range(channels // group)
        for i in range(height)
        for j in range(width)
    ]


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
