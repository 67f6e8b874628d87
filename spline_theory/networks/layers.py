r"""Layers of a deep network, each an affine or max-affine spline operator.

Every layer maps a batch of *flat* feature vectors ``z`` of shape ``(N, D_in)``
to ``(N, D_out)``; the image shape ``(C, H, W)`` a convolution or a pooling
needs is carried by :class:`~spline_theory.network.Network`, which *binds* each
layer to its input shape (:meth:`Layer.bind` returns a bound copy; the layer
given by the user is never modified).

Notation (icml18 Sec. 2-4, report17 Sec. 3):

=============  ==========================================================
name           meaning
=============  ==========================================================
``W``, ``b``   weights ``(K, D)`` and bias ``(K,)`` of a dense operator
``kernel``     ``(C_out, C_in, kh, kw)`` weights of a 2-D convolution
``eta``        slope of the leaky ReLU for :math:`t \le 0` (any ``eta > 0``)
``A[x]``       the matrix a layer applies at its input ``z(x)`` (icml18 Eq. (6))
``B[x]``       the offset it adds
=============  ==========================================================

A bound layer offers the operations :class:`~spline_theory.network.Network`
composes: ``forward``; ``linearize`` (output and the local state that fixes
:math:`A[x]`); ``push`` (:math:`A[x] V`), ``pull`` (:math:`U A[x]`) and
``offset`` (:math:`B[x]`); ``codes`` (the region of every unit, icml18
Eq. (14)); ``margins`` (the affine functions whose signs define the region);
``maso`` (the MASO of icml18 Props. 1-3, for operators that are MASOs).

Region codes are 0-based and follow the regions of the layer's MASO: for
ReLU, leaky ReLU and absolute value code 1 means :math:`t > 0` (the region
:math:`e_k`), code 0 means :math:`t \le 0`; for max pooling and maxout the code
is the arg-max position in the window (ties to the lowest index).
"""

from __future__ import annotations

import copy
import math
import threading
from typing import Any

from .. import backend as _backend
from .. import operators as _op
from .._validation import array_namespace_or_error, as_float_array, as_shape, check_positive_int
from ..maso import MASO

__all__ = [
    "Layer",
    "Dense",
    "Conv2d",
    "ReLU",
    "LeakyReLU",
    "Abs",
    "MaxPool",
    "ChannelMaxPool",
    "AvgPool",
    "GlobalAvgPool",
    "Maxout",
    "BatchNorm",
    "Flatten",
    "Reshape",
    "Hardtanh",
    "Scale",
    "Residual",
    "ReLURNN",
    "layer_from_spec",
]


def _xp_of(*arrays: Any) -> Any:
    return array_namespace_or_error(*arrays)


def _param(value: Any, name: str, shape: str, ndim: int, xp: Any = None) -> Any:
    arr = as_float_array(value, name, shape=shape, ndim=ndim, xp=xp)
    x = _xp_of(arr)
    return x.asarray(arr, copy=True)


def _check_shape(arr: Any, expected: tuple, name: str, what: str) -> None:
    if tuple(arr.shape) != tuple(expected):
        raise ValueError(f"{name} must have shape {what} = {tuple(expected)}; got shape {tuple(arr.shape)}")


def _prod(shape: tuple) -> int:
    return int(math.prod(shape))


class Layer:
    """Base class: one operator of a network (see the module docstring)."""

    #: ``"affine"`` (R = 1), ``"maso"`` (convex max-affine) or ``"spline"`` (affine spline, not convex).
    kind = "affine"
    #: Names of the constructor arguments that are parameter arrays (the rest of a spec is configuration).
    _ARRAYS: tuple = ()
    in_shape: tuple | None = None
    out_shape: tuple | None = None

    # ----------------------------------------------------------- structure
    def bind(self, in_shape: tuple) -> Layer:
        """A copy of the layer bound to its input shape (``in_shape`` without the batch axis)."""
        if self.in_shape is not None and tuple(int(v) for v in in_shape) == self.in_shape:
            return self  # already bound to this shape: bound layers are never modified
        new = copy.copy(self)
        new.in_shape = tuple(int(v) for v in in_shape)
        new.out_shape = tuple(new._output_shape(new.in_shape))
        new._bound()
        return new

    def _output_shape(self, in_shape: tuple) -> tuple:
        return in_shape

    def _bound(self) -> None:
        pass

    @property
    def D_in(self) -> int:
        return _prod(self.in_shape)

    @property
    def D_out(self) -> int:
        return _prod(self.out_shape)

    def arrays(self) -> dict:
        """The layer's parameter arrays by name."""
        return {}

    def sublayers(self) -> list:
        """The layers a composite operator (residual block, graph) is made of; empty for a plain layer."""
        return []

    def config(self) -> dict:
        """The layer's non-array settings by name."""
        return {}

    @property
    def xp(self) -> Any:
        arrs = list(self.arrays().values())
        return _xp_of(*arrs) if arrs else None

    @property
    def dtype(self) -> Any:
        arrs = list(self.arrays().values())
        return arrs[0].dtype if arrs else None

    def to(self, xp: Any, dtype: Any) -> Layer:
        """A copy with every parameter moved to namespace ``xp`` and ``dtype``."""
        new = copy.copy(self)
        for name, arr in self.arrays().items():
            setattr(new, name, _backend.asarray(arr, xp, dtype))
        if new.in_shape is not None:
            new._bound()
        return new

    def to_spec(self) -> dict:
        """A JSON-friendly description (arrays as host NumPy), see :func:`layer_from_spec`."""
        spec = {"type": type(self).__name__}
        spec.update({k: _backend.to_numpy(v) for k, v in self.arrays().items()})
        spec.update(self.config())
        return spec

    def __repr__(self) -> str:
        cfg = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        shapes = ", ".join(f"{k}{tuple(v.shape)}" for k, v in self.arrays().items())
        return f"{type(self).__name__}({', '.join(s for s in (shapes, cfg) if s)})"

    # ------------------------------------------------------------ properties
    def is_nondecreasing(self) -> bool:
        """Whether every output is non-decreasing in every input."""
        return True

    def is_convex(self) -> bool:
        """Whether every output is a convex function of the input."""
        return self.kind in ("affine", "maso")

    def has_nonnegative_weights(self) -> bool:
        """Whether the linear part has no negative entry (Thm. 2 of icml18)."""
        return True

    # ------------------------------------------------------------ evaluation
    def forward(self, z: Any) -> Any:
        raise NotImplementedError

    def linearize(self, z: Any) -> tuple[Any, dict]:
        """``(forward(z), state)``; the state fixes the local affine map."""
        return self.forward(z), {}

    def push(self, state: dict, V: Any) -> Any:
        """:math:`A[x] V` for tangents ``V`` of shape ``(n or 1, D_in, P)``."""
        raise NotImplementedError

    def pull(self, state: dict, U: Any) -> Any:
        """:math:`U A[x]` for cotangents ``U`` of shape ``(n or 1, Q, D_out)``."""
        raise NotImplementedError

    def pull_scaled(self, state: dict, U: Any, d: Any) -> Any:
        r""":math:`U A[x]\,\mathrm{diag}(d)` for ``d`` of shape ``(n, D_in)``: a pull followed by an elementwise layer's slopes.

        Layers whose pull returns a fresh array override it to scale in place.
        """
        return self.pull(state, U) * d[:, None, :]

    def pull_into(self, state: dict, U: Any, out: Any, d: Any = None) -> None:
        r"""Write :math:`U A[x]` (times :math:`\mathrm{diag}(d)` when ``d`` is given) into ``out`` of shape ``(n, Q, D_in)``.

        The default computes :meth:`pull` / :meth:`pull_scaled` and copies;
        layers override it to write their product straight into ``out`` on
        NumPy and CuPy, through reshaped views: ``out`` must then be
        C-contiguous (a block of rows of a fresh array, as
        :meth:`Network.affine_map` passes).
        """
        out[...] = self.pull(state, U) if d is None else self.pull_scaled(state, U, d)

    def pulls_into_directly(self, xp: Any, shared: bool = False) -> bool:
        """Whether :meth:`pull_into` writes its product straight into ``out`` (no temporary and copy) on ``xp``.

        ``shared``: for cotangents shared by all inputs (leading dimension 1)
        that a ``d`` of the full batch scales. :meth:`Network.affine_map` then
        hands it reusable buffers for the intermediate products.
        """
        return False

    def offset(self, state: dict) -> Any:
        """:math:`B[x]`, shape ``(D_out,)`` or ``(n, D_out)``; ``None`` means zero."""
        return None

    def codes(self, state: dict) -> list:
        """Region codes of the nonlinear units: a list of ``(codes (n, K), R)``."""
        return []

    def margins(self, state: dict, z: Any, V: Any) -> list:
        """Region constraints: a list of ``(m (n, M), G (n, M, P))`` with the region
        being :math:`\\{m \\ge 0\\}`, ``G`` the gradients of ``m`` along the tangents ``V``."""
        return []

    def abs_forward(self, a: Any) -> Any:
        """A bound on the magnitude of the terms summed by ``forward`` (round-off scale)."""
        raise NotImplementedError

    def maso(self) -> MASO:
        """The MASO of the operator on :math:`\\mathbb R^{D_{in}}` (icml18 Props. 1-3)."""
        raise TypeError(f"{type(self).__name__} has no MASO form")

    def matrix(self) -> tuple[Any, Any]:
        """``(W, b)`` of an affine layer, ``W`` of shape ``(D_out, D_in)``."""
        xp = self.xp or _backend.namespace("numpy")
        dt = self.dtype or xp.float64
        eye = xp.eye(self.D_in, dtype=dt)[None, ...]
        W = self.push({}, eye)[0, ...]
        off = self.offset({})
        b = xp.zeros((self.D_out,), dtype=dt) if off is None else off
        return W, b


def _writes_views(xp: Any) -> bool:
    """Whether ``xp`` has ``matmul(..., out=)`` and reshapes contiguous blocks as views (NumPy, CuPy)."""
    return _backend.backend_name(xp) in ("numpy", "cupy")


_SCRATCH = threading.local()


def _scratch(xp: Any, dtype: Any, shape: tuple, slot: int = 0) -> Any:
    """A reusable C-contiguous array of ``shape`` (contents undefined), one per thread, dtype, namespace and ``slot``.

    Temporaries of a few MiB allocated afresh in every block can be page-faulted
    on every call (glibc returns freed memory above its trim threshold to the
    system); the col2im column blocks reuse this one instead.
    """
    pool = getattr(_SCRATCH, "pool", None)
    if pool is None:
        pool = _SCRATCH.pool = {}
    key = (id(xp), str(dtype), slot)
    size = math.prod(shape)
    buf = pool.get(key)
    if buf is None or buf.shape[0] < size:
        buf = pool[key] = xp.empty((size,), dtype=dtype)
    return xp.reshape(buf[:size], shape)


def _scale_columns(out: Any, d: Any) -> Any:
    """``out * d[:, None, :]``, in place when ``out`` is a fresh array of the full batch (no extra allocation)."""
    if out.shape[0] == d.shape[0]:
        out *= d[:, None, :]
        return out
    return out * d[:, None, :]


# ---------------------------------------------------------------- affine layers
def _shared_left(M: Any, V: Any) -> Any:
    """``M @ V[i]`` for a stack V (b, D, P) as one GEMM (b P, D) @ (D, K) instead of b small ones."""
    xp = _xp_of(M, V)
    b, D, P = V.shape
    out = xp.reshape(xp.permute_dims(V, (0, 2, 1)), (b * P, D)) @ xp.matrix_transpose(M)
    return xp.permute_dims(xp.reshape(out, (b, P, M.shape[0])), (0, 2, 1))


def _shared_right(U: Any, M: Any) -> Any:
    """``U[i] @ M`` for a stack U (b, Q, K) as one GEMM (b Q, K) @ (K, D)."""
    xp = _xp_of(U, M)
    b, Q, K = U.shape
    return xp.reshape(xp.reshape(U, (b * Q, K)) @ M, (b, Q, M.shape[1]))


class _Linear(Layer):
    """Affine layers defined by a dense matrix ``self._M`` (D_out, D_in) and a bias."""

    def _mat(self) -> Any:
        return self._M

    def push(self, state, V):
        return _shared_left(self._mat(), V)

    def pull(self, state, U):
        return _shared_right(U, self._mat())

    def pull_scaled(self, state, U, d):
        return _scale_columns(self.pull(state, U), d)  # the product is a fresh array

    def pulls_into_directly(self, xp, shared=False):
        return type(self).pull is _Linear.pull and _writes_views(xp)

    def pull_into(self, state, U, out, d=None):
        xp = _xp_of(U)
        if not self.pulls_into_directly(xp):
            return super().pull_into(state, U, out, d)  # the array API has no out= for matmul
        if U.shape[0] == 1 and out.shape[0] != 1 and d is not None:
            # Shared cotangents: one small product, then the slopes of each input broadcast into out.
            xp.multiply(self.pull(state, U), d[:, None, :], out=out)
            return
        if U.shape[0] != out.shape[0]:
            return super().pull_into(state, U, out, d)
        b, Q, K = U.shape
        # One GEMM written into the caller's array (a C-contiguous block: the reshape is a view).
        xp.matmul(xp.reshape(U, (b * Q, K)), self._mat(), out=xp.reshape(out, (b * Q, out.shape[2])))
        if d is not None:
            out *= d[:, None, :]

    def abs_apply(self, a):
        r""":math:`|W|\,a` for a non-negative stack ``a`` (n, D_in): the magnitude of the products, no bias."""
        xp = _xp_of(a)
        return a @ xp.matrix_transpose(xp.abs(self._mat()))

    def abs_forward(self, a):
        out = self.abs_apply(a)
        off = self.offset({})
        return out if off is None else out + _xp_of(a).abs(off)

    def maso(self) -> MASO:
        W, b = self.matrix()
        return MASO(W[:, None, :], b[:, None])

    def has_nonnegative_weights(self) -> bool:
        xp = _xp_of(self._mat())
        return bool(xp.all(self._mat() >= 0))

    def is_nondecreasing(self) -> bool:
        return self.has_nonnegative_weights()


class Dense(_Linear):
    r"""Fully connected operator :math:`f_W(z) = Wz + b_W` (icml18 Sec. 2, Prop. 1).

    Parameters
    ----------
    W : array of shape (K, D)
    b : array of shape (K,)
        The input is flattened: any input shape with ``prod(shape) = D`` fits.
    """

    _ARRAYS = ("W", "b")

    def __init__(self, W: Any, b: Any) -> None:
        self.W = _param(W, "W", "(K, D)", 2)
        self.b = _param(b, "b", "(K,)", 1, xp=_xp_of(self.W))
        _check_shape(self.b, (self.W.shape[0],), "b", "(K,)")

    def arrays(self):
        return {"W": self.W, "b": self.b}

    def _output_shape(self, in_shape):
        if _prod(in_shape) != self.W.shape[1]:
            raise ValueError(f"Dense with W of shape {tuple(self.W.shape)} needs an input of size D = {self.W.shape[1]}; got input shape {in_shape}")
        return (self.W.shape[0],)

    def _mat(self):
        return self.W

    def forward(self, z):
        out = z @ _xp_of(z).matrix_transpose(self.W)
        out += self.b  # in place: the product is a fresh array
        return out

    def offset(self, state):
        return self.b


def _pair(value: Any, name: str, *, minimum: int = 1) -> tuple[int, int]:
    """An int or a pair of ints, each ``>= minimum``, as a pair (one value per spatial axis)."""
    vals = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(vals) != 2 or any(isinstance(v, bool) or not isinstance(v, int) or v < minimum for v in vals):
        raise ValueError(f"{name} must be an int >= {minimum} or a pair of them (one per spatial axis); got {value!r}")
    return int(vals[0]), int(vals[1])


def _padding4(value: Any) -> tuple[int, int, int, int]:
    """``padding`` as ``(top, bottom, left, right)`` from an int, a pair ``(rows, cols)`` or a 4-tuple."""
    if isinstance(value, (tuple, list)) and len(value) == 4:
        if all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
            return tuple(int(v) for v in value)
        raise ValueError(f"padding must be non-negative ints; got {value!r}")
    try:
        ph, pw = _pair(value, "padding", minimum=0)
    except ValueError:
        raise ValueError(f"padding must be a non-negative int, a pair (rows, cols) or a 4-tuple (top, bottom, left, right); got {value!r}") from None
    return ph, ph, pw, pw


def _compact(pair: tuple) -> Any:
    """A pair of equal values as one int (the form older specs use), else the tuple."""
    return pair[0] if len(set(pair)) == 1 else tuple(pair)


class Conv2d(_Linear):
    r"""2-D convolution with any kernel, stride, dilation, zero padding and groups (icml18 Sec. 2, Prop. 1).

    Parameters
    ----------
    kernel : array of shape (C_out, C_in / groups, kh, kw)
    b : array of shape (C_out,)
    stride, dilation : int or (int, int)
        Per spatial axis (rows, columns).
    padding : int, (int, int) or (top, bottom, left, right)
        Zero padding; PyTorch's ``'same'`` for even kernels pads one more at
        the bottom / right, which the 4-tuple form expresses.
    groups : int
        ``C_in`` and ``C_out`` split into ``groups`` blocks convolved
        separately (``groups = C_in``: depthwise).

    Notes
    -----
    Output :math:`y_{o,i,j} = b_o + \sum_{c \in g(o)}\sum_{p,q} K_{o,c,p,q}\,
    z_{c,\, i s_h + p d_h - t,\, j s_w + q d_w - l}` (zero outside the image),
    an affine operator :math:`y = Cz + b_C` (report17 Eq. (5)-(8)). With
    groups = 1, dilation 1, equal strides and symmetric padding the forward
    pass is the sliding-window sum of :func:`spline_theory.operators.conv2d`
    and :math:`C` the matrix of :func:`spline_theory.operators.conv2d_matrix`;
    otherwise both come from the im2col product the affine map uses.
    """

    _ARRAYS = ("kernel", "b")

    def __init__(self, kernel: Any, b: Any, *, stride: Any = 1, padding: Any = 0, dilation: Any = 1, groups: int = 1) -> None:
        self.kernel = _param(kernel, "kernel", "(C_out, C_in / groups, kh, kw)", 4)
        self.b = _param(b, "b", "(C_out,)", 1, xp=_xp_of(self.kernel))
        _check_shape(self.b, (self.kernel.shape[0],), "b", "(C_out,)")
        if isinstance(stride, int) and not isinstance(stride, bool):
            check_positive_int(stride, "stride")
        self._stride = _pair(stride, "stride")
        self._dilation = _pair(dilation, "dilation")
        self._pad = _padding4(padding)
        self.groups = check_positive_int(groups, "groups")
        if self.kernel.shape[0] % self.groups:
            raise ValueError(f"groups = {self.groups} must divide C_out = {self.kernel.shape[0]}")

    @property
    def stride(self) -> Any:
        return _compact(self._stride)

    @property
    def padding(self) -> Any:
        t, b, l, r = self._pad
        if t == b and l == r:
            return _compact((t, l))
        return self._pad

    @property
    def dilation(self) -> Any:
        return _compact(self._dilation)

    def _simple(self) -> bool:
        """Whether :mod:`spline_theory.operators`' reference convolution covers the settings."""
        return self.groups == 1 and self._dilation == (1, 1) and len(set(self._stride)) == 1 and len(set(self._pad)) == 1

    def arrays(self):
        return {"kernel": self.kernel, "b": self.b}

    def config(self):
        cfg = {"stride": self.stride, "padding": self.padding}
        if self._dilation != (1, 1):
            cfg["dilation"] = self.dilation
        if self.groups != 1:
            cfg["groups"] = self.groups
        return cfg

    def _output_shape(self, in_shape):
        if len(in_shape) != 3:
            raise ValueError(f"Conv2d needs an input of shape (C, H, W); got input shape {in_shape}")
        C_out, Cg, kh, kw = self.kernel.shape
        if in_shape[0] != Cg * self.groups:
            raise ValueError(f"kernel must have shape (C_out, C_in / groups, kh, kw) with C_in / groups = {in_shape[0]} / {self.groups}; got {tuple(self.kernel.shape)}")
        t, bt, l, r = self._pad
        (sh, sw), (dh, dw) = self._stride, self._dilation
        Ho = (in_shape[1] + t + bt - dh * (kh - 1) - 1) // sh + 1
        Wo = (in_shape[2] + l + r - dw * (kw - 1) - 1) // sw + 1
        if Ho < 1 or Wo < 1:
            raise ValueError(f"kernel of spatial size ({kh}, {kw}) with dilation {self._dilation} does not fit the padded input ({in_shape[1] + t + bt}, {in_shape[2] + l + r})")
        return (C_out, Ho, Wo)

    def _bound(self):
        self._M = None  # the explicit matrix C, built on first use (matrix(), maso())
        xp = _xp_of(self.b)
        C_out, H, W = self.out_shape
        self._bias = xp.reshape(xp.broadcast_to(self.b[:, None], (C_out, H * W)), (C_out * H * W,))

    def _mat(self):
        if self._M is None:
            if self._simple():
                self._M = _op.conv2d_matrix(self.kernel, self.in_shape, stride=self._stride[0], padding=self._pad[0])
            else:
                xp = _xp_of(self.kernel)
                self._M = xp.matrix_transpose(self._apply(xp.eye(self.D_in, dtype=self.kernel.dtype)))
        return self._M

    def _kernel_blocks(self, dtype: Any) -> Any:
        """The kernel as ``(groups, C_out / groups, C_in / groups kh kw)``."""
        xp = _xp_of(self.kernel)
        C_out, Cg, kh, kw = self.kernel.shape
        return xp.reshape(xp.astype(self.kernel, dtype, copy=False), (self.groups, C_out // self.groups, Cg * kh * kw))

    def _apply(self, z):
        """``C z`` (no bias) for a stack z (m, D_in) by im2col: one product per group with the (C_out / g, C_in / g kh kw) kernel."""
        xp = _xp_of(z)
        m = z.shape[0]
        C_out, Cg, kh, kw = self.kernel.shape
        C_in, H, W = self.in_shape
        _, Ho, Wo = self.out_shape
        t, bt, l, r = self._pad
        (sh, sw), (dh, dw) = self._stride, self._dilation
        img = xp.reshape(z, (m, C_in, H, W))
        if t or bt or l or r:
            zp = xp.zeros((m, C_in, H + t + bt, W + l + r), dtype=z.dtype)
            zp[:, :, t : t + H, l : l + W] = img
            img = zp
        patches = xp.stack(
            [img[:, :, i * dh : i * dh + sh * (Ho - 1) + 1 : sh, j * dw : j * dw + sw * (Wo - 1) + 1 : sw] for i in range(kh) for j in range(kw)], axis=2
        )
        G = self.groups
        cols = xp.reshape(patches, (m, G, Cg * kh * kw, Ho * Wo))
        return xp.reshape(self._kernel_blocks(z.dtype) @ cols, (m, C_out * Ho * Wo))

    #: Elements of the column block (rows x C_in kh kw H_out W_out) col2im works on at once (cache-sized).
    COL_BLOCK = 1 << 19

    def _apply_transpose(self, u, out=None):
        """``u C`` for a stack u (m, D_out): the transposed convolution (col2im), never forming C.

        Rows go in blocks whose column matrix has about :attr:`COL_BLOCK`
        elements, so the products and the scatter-adds stay in cache.
        ``out``: an ``(m, C_in, H, W)`` array to write into (overwritten).
        """
        xp = _xp_of(u)
        m = u.shape[0]
        C_out, Cg, kh, kw = self.kernel.shape
        C_in, H, W = self.in_shape
        _, Ho, Wo = self.out_shape
        G = self.groups
        K2t = xp.matrix_transpose(self._kernel_blocks(u.dtype))  # (G, Cg kh kw, C_out / G)
        rows = max(1, self.COL_BLOCK // (C_in * kh * kw * Ho * Wo))
        if out is None:
            out = xp.empty((m, C_in, H, W), dtype=u.dtype)
        taps = [(i, j, ri, ci, rj, cj) for i, (ri, ci) in enumerate(self._clip(i, 0) for i in range(kh)) for j, (rj, cj) in enumerate(self._clip(j, 1) for j in range(kw))]
        taps = [t for t in taps if t[2] is not None and t[4] is not None]  # taps that fall on the padding only are clipped away
        # A tap that covers the whole image (stride 1) is assigned first: no zero fill.
        whole = [t for t in taps if (t[2].start, t[2].stop, t[4].start, t[4].stop) == (0, H, 0, W) and t[2].step == 1 and t[4].step == 1]
        if whole:
            taps.remove(whole[0])
        direct = _writes_views(xp)  # NumPy, CuPy: add straight into the caller's block, no copy
        # groups = 1 on NumPy / CuPy: the block's cotangents side by side, (C_out, rows H_out W_out), so the
        # kernel product is one large GEMM instead of one small GEMM per row; the scatter-adds then read
        # the columns channel-major.
        wide = direct and G == 1
        for s in range(0, m, rows):
            e = min(m, s + rows)
            ub = xp.reshape(u[s:e, ...], (e - s, G, C_out // G, Ho * Wo))
            if wide:
                ut = _scratch(xp, u.dtype, (C_out, e - s, Ho * Wo), slot=1)
                ut[...] = xp.permute_dims(ub[:, 0, ...], (1, 0, 2))
                prod = _scratch(xp, u.dtype, (Cg * kh * kw, (e - s) * Ho * Wo))
                xp.matmul(K2t[0, ...], xp.reshape(ut, (C_out, (e - s) * Ho * Wo)), out=prod)
                cols = xp.permute_dims(xp.reshape(prod, (C_in, kh, kw, e - s, Ho, Wo)), (3, 0, 1, 2, 4, 5))
            elif direct:
                prod = _scratch(xp, u.dtype, (e - s, G, Cg * kh * kw, Ho * Wo))
                xp.matmul(K2t, ub, out=prod)
                cols = xp.reshape(prod, (e - s, C_in, kh, kw, Ho, Wo))
            else:
                cols = xp.reshape(K2t @ ub, (e - s, C_in, kh, kw, Ho, Wo))
            blk = out[s:e, ...] if direct else xp.empty((e - s, C_in, H, W), dtype=u.dtype)
            if whole:
                i, j, ri, ci, rj, cj = whole[0]
                blk[...] = cols[:, :, i, j, ci, cj]
            else:
                blk[...] = 0
            # Scatter-add every tap straight into the unpadded image (no padded buffer).
            for i, j, ri, ci, rj, cj in taps:
                blk[:, :, ri, rj] += cols[:, :, i, j, ci, cj]
            if not direct:
                out[s:e, ...] = blk
        return xp.reshape(out, (m, C_in * H * W))

    def _clip(self, tap: int, axis: int) -> tuple:
        """For tap ``tap`` along spatial ``axis``: the input positions ``o s + tap d - p`` inside the image and the outputs ``o`` reading them."""
        s, dil = self._stride[axis], self._dilation[axis]
        p = self._pad[0] if axis == 0 else self._pad[2]
        n_in, n_out = self.in_shape[1 + axis], self.out_shape[1 + axis]
        t = tap * dil
        lo = max(0, -(-(p - t) // s))  # first o with o s + t - p >= 0
        hi = min(n_out - 1, (n_in - 1 + p - t) // s)  # last o with o s + t - p <= n_in - 1
        if hi < lo:
            return None, None
        return slice(lo * s + t - p, hi * s + t - p + 1, s), slice(lo, hi + 1)

    def forward(self, z):
        xp = _xp_of(z)
        if not self._simple():
            return self._apply(z) + self._bias
        y = _op.conv2d(xp.reshape(z, (z.shape[0], *self.in_shape)), self.kernel, self.b, stride=self._stride[0], padding=self._pad[0])
        return xp.reshape(y, (z.shape[0], self.D_out))

    def linearize(self, z):
        # im2col (one small GEMM); forward() keeps the independent sliding-window path.
        return self._apply(z) + self._bias, {}

    def push(self, state, V):
        # A convolution of each of the b P columns costs D_out C_in kh kw / groups per column
        # instead of D_out D_in for the dense product.
        xp = _xp_of(V)
        b, D, P = V.shape
        cols = xp.reshape(xp.permute_dims(V, (0, 2, 1)), (b * P, D))
        return xp.permute_dims(xp.reshape(self._apply(cols), (b, P, self.D_out)), (0, 2, 1))

    def pull(self, state, U):
        xp = _xp_of(U)
        b, Q, K = U.shape
        return xp.reshape(self._apply_transpose(xp.reshape(U, (b * Q, K))), (b, Q, self.D_in))

    def pulls_into_directly(self, xp, shared=False):
        return not shared and _writes_views(xp)

    def pull_into(self, state, U, out, d=None):
        xp = _xp_of(U)
        if not self.pulls_into_directly(xp, shared=U.shape[0] != out.shape[0]):
            return super().pull_into(state, U, out, d)
        b, Q, K = U.shape
        self._apply_transpose(xp.reshape(U, (b * Q, K)), out=xp.reshape(out, (b * Q, *self.in_shape)))
        if d is not None:
            out *= d[:, None, :]

    def offset(self, state):
        return self._bias

    def abs_apply(self, a):
        # |C| a through the im2col product with |kernel| (never the dense matrix)
        absconv = copy.copy(self)
        absconv.kernel = _xp_of(a).abs(self.kernel)
        return absconv._apply(a)


def _pool_windows(in_shape: tuple, size: tuple, stride: tuple, padding: tuple, dilation: tuple = (1, 1)) -> tuple[list, tuple]:
    """The windows of a 2-D pooling over each channel of a (C, H, W) map, and the output shape.

    Each window lists the flat (C-order) input indices it covers inside the
    image (positions in the zero / minus-infinity padding are left out), in
    row-major tap order; windows come in (channel, row, column) order.
    """
    if len(in_shape) != 3:
        raise ValueError(f"pooling needs an input of shape (C, H, W); got input shape {in_shape}")
    C, H, W = in_shape
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = size, stride, padding, dilation
    Ho = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    Wo = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    if Ho < 1 or Wo < 1:
        raise ValueError(f"a window of size {size} with dilation {dilation} does not fit the padded input ({H + 2 * ph}, {W + 2 * pw})")
    rows = [[i * sh + p * dh - ph for p in range(kh)] for i in range(Ho)]
    cols = [[j * sw + q * dw - pw for q in range(kw)] for j in range(Wo)]
    windows = []
    for c in range(C):
        for ri in rows:
            for cj in cols:
                w = [c * H * W + r * W + q for r in ri if 0 <= r < H for q in cj if 0 <= q < W]
                if not w:
                    raise ValueError(f"padding {padding} leaves a window of size {size} entirely outside the image (padding must be at most half the window)")
                windows.append(w)
    return windows, (C, Ho, Wo)


def _entry_passes(windows: list, D: int) -> list:
    """Inverse tables of a gather: passes ``(k (D,), r (D,))`` such that input d is entry r of window k in
    that pass (``k = K``, ``r = -1``: none). Each input appears at most once per pass, so a pull is one
    take per pass; non-overlapping windows need one pass."""
    K = len(windows)
    passes: list = []
    count = [0] * D
    for k, w in enumerate(windows):
        for r, d in enumerate(w):
            p = count[d]
            count[d] += 1
            if p == len(passes):
                passes.append(([K] * D, [-1] * D))
            passes[p][0][d], passes[p][1][d] = k, r
    return passes


class _Pool2d:
    """Settings shared by the spatial poolings: window, stride, padding per axis."""

    def _settings(self, size: Any, stride: Any, padding: Any) -> None:
        self._size = _pair(size, "size")
        self._stride = self._size if stride is None else _pair(stride, "stride")
        self._padding = _pair(padding, "padding", minimum=0)
        if self._padding[0] * 2 > self._size[0] or self._padding[1] * 2 > self._size[1]:
            raise ValueError(f"padding must be at most half the window size {self._size}; got {padding!r}")

    @property
    def size(self) -> Any:
        return _compact(self._size)

    @property
    def stride(self) -> Any:
        return _compact(self._stride)

    @property
    def padding(self) -> Any:
        return _compact(self._padding)

    def _dil(self) -> tuple:
        return (1, 1)

    def _windows(self) -> list:
        return _pool_windows(self.in_shape, self._size, self._stride, self._padding, self._dil())[0]

    def _output_shape(self, in_shape):
        return _pool_windows(in_shape, self._size, self._stride, self._padding, self._dil())[1]


class AvgPool(_Pool2d, Layer):
    r"""Average pooling over ``size`` windows with ``stride`` and zero ``padding`` (icml18 Prop. 3, R = 1).

    Parameters
    ----------
    size : int or (int, int)
    stride : int or (int, int), optional
        Default: ``size``.
    padding : int or (int, int), default 0
        At most half the window.
    count_include_pad : bool, default True
        Divide by the full window size (PyTorch's default) or by the number of
        its entries inside the image.

    Notes
    -----
    :math:`[f_\rho(z)]_k = \frac{1}{n_k}\sum_{d\in\mathcal R_k} z_d`, a linear
    operator with one nonzero per window entry; :math:`n_k = \#\text{window}`
    or :math:`\#\mathcal R_k`. The layer keeps the (K, R) index table, never the
    dense (D_out, D_in) matrix.
    """

    kind = "affine"

    def __init__(self, size: Any, stride: Any = None, padding: Any = 0, count_include_pad: bool = True) -> None:
        self._settings(size, stride, padding)
        if not isinstance(count_include_pad, bool):
            raise TypeError(f"count_include_pad must be a bool; got {type(count_include_pad).__name__}")
        self.count_include_pad = count_include_pad

    def config(self):
        cfg = {"size": self.size, "stride": self.stride}
        if self._padding != (0, 0):
            cfg.update(padding=self.padding, count_include_pad=self.count_include_pad)
        return cfg

    def _bound(self):
        self._tables = None

    def _table(self, xp: Any, dtype: Any) -> tuple:
        """``(idx (K, R), w (K, R), passes)`` in ``xp``: window entries, their weights, and the inverse tables
        of :func:`_entry_passes` as ``(k (D_in,), weight (D_in,))`` per pass."""
        t = self._tables
        if t is None or t[0] is not xp or t[1] != dtype:
            w = self._windows()
            K, R = len(w), max(len(v) for v in w)
            full = self._size[0] * self._size[1]
            inv_n = [1.0 / (full if self.count_include_pad else len(v)) for v in w]
            idx = xp.asarray([v + [v[0]] * (R - len(v)) for v in w], dtype=xp.int64)
            wt = xp.asarray([[inv_n[k]] * len(v) + [0.0] * (R - len(v)) for k, v in enumerate(w)], dtype=dtype)
            passes = [
                (xp.asarray(ks, dtype=xp.int64), xp.asarray([inv_n[k] if k < K else 0.0 for k in ks], dtype=dtype)) for ks, _ in _entry_passes(w, self.D_in)
            ]
            self._tables = t = (xp, dtype, idx, wt, passes)
        return t[2:]

    def forward(self, z):
        xp = _xp_of(z)
        idx, w, _ = self._table(xp, z.dtype)
        K, R = idx.shape
        vals = xp.reshape(xp.take(z, xp.reshape(idx, (K * R,)), axis=1), (z.shape[0], K, R))
        return xp.sum(vals * w, axis=2)

    def push(self, state, V):
        xp = _xp_of(V)
        idx, w, _ = self._table(xp, V.dtype)
        K, R = idx.shape
        b, _, P = V.shape
        vals = xp.reshape(xp.take(V, xp.reshape(idx, (K * R,)), axis=1), (b, K, R, P))
        return xp.sum(vals * w[None, :, :, None], axis=2)

    def pull(self, state, U):
        xp = _xp_of(U)
        _, _, passes = self._table(xp, U.dtype)
        b, Q, _ = U.shape
        Ue = xp.concat([U, xp.zeros((b, Q, 1), dtype=U.dtype)], axis=2)
        out = None
        for ks, wts in passes:
            g = xp.take(Ue, ks, axis=2) * wts  # (b, Q, D_in): the weighted cotangent of the window reading d in this pass
            out = g if out is None else out + g
        return out

    def abs_forward(self, a):
        return self.forward(a)

    def maso(self):
        W, b = self.matrix()
        return MASO(W[:, None, :], b[:, None])

    def has_nonnegative_weights(self):
        return True


class GlobalAvgPool(AvgPool):
    """Global average pooling: the mean of each channel of a (C, H, W) input (output (C,))."""

    def __init__(self) -> None:
        self._size = self._stride = (1, 1)
        self._padding = (0, 0)
        self.count_include_pad = True

    def config(self):
        return {}

    def _windows(self):
        if len(self.in_shape) != 3:
            raise ValueError(f"GlobalAvgPool needs an input of shape (C, H, W); got input shape {self.in_shape}")
        C, H, W = self.in_shape
        self._size = (H, W)
        return [list(range(c * H * W, (c + 1) * H * W)) for c in range(C)]

    def _output_shape(self, in_shape):
        if len(in_shape) != 3:
            raise ValueError(f"GlobalAvgPool needs an input of shape (C, H, W); got input shape {in_shape}")
        return (in_shape[0],)


class _Diagonal(Layer):
    r"""Affine operators with a diagonal matrix: :math:`z \mapsto s \odot z + t` (``_scale``, ``_shift``, ``_abs_shift`` set by ``_bound``)."""

    kind = "affine"

    def forward(self, z):
        return z * self._scale + self._shift

    def push(self, state, V):
        return self._scale[None, :, None] * V

    def pull(self, state, U):
        return U * self._scale[None, None, :]

    def offset(self, state):
        return self._shift

    def abs_forward(self, a):
        return a * _xp_of(a).abs(self._scale) + self._abs_shift

    def maso(self):
        W, b = self.matrix()
        return MASO(W[:, None, :], b[:, None])

    def has_nonnegative_weights(self):
        return bool(_xp_of(self._scale).all(self._scale >= 0))

    def is_nondecreasing(self):
        return self.has_nonnegative_weights()


class BatchNorm(_Diagonal):
    r"""Batch normalization in inference mode: an affine operator (report17 Sec. 3).

    :math:`y = \gamma\,(z - \mu)/\sqrt{v + \epsilon} + \beta`, per channel of a
    (C, H, W) input or per feature of a (D,) input.

    Parameters
    ----------
    gamma, beta, mean, var : arrays of shape (C,)
    eps : float, default 1e-5
    """

    _ARRAYS = ("gamma", "beta", "mean", "var")

    kind = "affine"

    def __init__(self, gamma: Any, beta: Any, mean: Any, var: Any, eps: float = 1e-5) -> None:
        self.gamma = _param(gamma, "gamma", "(C,)", 1)
        xp = _xp_of(self.gamma)
        C = self.gamma.shape[0]
        self.beta = _param(beta, "beta", "(C,)", 1, xp=xp)
        self.mean = _param(mean, "mean", "(C,)", 1, xp=xp)
        self.var = _param(var, "var", "(C,)", 1, xp=xp)
        for name in ("beta", "mean", "var"):
            _check_shape(getattr(self, name), (C,), name, "(C,)")
        if not bool(xp.all(self.var >= 0)):
            raise ValueError("var must be non-negative")
        if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not eps >= 0:
            raise ValueError(f"eps must be a non-negative float; got {eps!r}")
        self.eps = float(eps)
        if not bool(xp.all(self.var + self.eps > 0)):
            raise ValueError(f"BatchNorm needs var + eps > 0 (it divides by sqrt(var + eps)); got eps = {self.eps!r} and a zero entry of var")

    def arrays(self):
        return {"gamma": self.gamma, "beta": self.beta, "mean": self.mean, "var": self.var}

    def config(self):
        return {"eps": self.eps}

    def _output_shape(self, in_shape):
        if in_shape[0] != self.gamma.shape[0]:
            raise ValueError(f"BatchNorm with C = {self.gamma.shape[0]} channels needs an input of shape (C, ...); got input shape {in_shape}")
        return in_shape

    def _bound(self):
        xp = _xp_of(self.gamma)
        s = self.gamma / xp.sqrt(self.var + self.eps)
        t = self.beta - self.mean * s
        rep = self.D_in // self.gamma.shape[0]
        self._scale = xp.reshape(xp.broadcast_to(s[:, None], (s.shape[0], rep)), (self.D_in,))
        self._shift = xp.reshape(xp.broadcast_to(t[:, None], (t.shape[0], rep)), (self.D_in,))
        self._abs_shift = xp.reshape(xp.broadcast_to((xp.abs(self.beta) + xp.abs(self.mean * s))[:, None], (t.shape[0], rep)), (self.D_in,))


class Flatten(Layer):
    """Reshape to a vector (the identity on the flat features the library uses)."""

    def _output_shape(self, in_shape):
        return (_prod(in_shape),)

    def forward(self, z):
        return z

    def push(self, state, V):
        return V

    def pull(self, state, U):
        return U

    def abs_forward(self, a):
        return a

    def maso(self):
        xp = _backend.namespace("numpy")
        return MASO(xp.eye(self.D_in)[:, None, :], xp.zeros((self.D_in, 1)))


# ----------------------------------------------------------- elementwise nonlinear
class _LazySlopes(dict):
    """The state of a ReLU: ``on``, and the float slopes ``d`` built on first use (region codes never need them)."""

    def __init__(self, layer: Any, z: Any, on: Any) -> None:
        super().__init__(on=on)
        self._layer, self._z = layer, z

    def __missing__(self, key: str) -> Any:
        if key != "d":
            raise KeyError(key)
        d = self._layer._slope(self._z, self["on"])
        self["d"] = d
        self._z = None  # the input is no longer needed
        return d


class _Elementwise(Layer):
    """Two-region elementwise activations :math:`\\sigma(t) = a_1 t` (t <= 0), :math:`a_2 t` (t > 0)."""

    kind = "maso"
    slopes = (0.0, 1.0)

    def _slope(self, z, on=None):
        xp = _xp_of(z)
        lo, hi = self.slopes
        on = z > 0 if on is None else on
        if lo == 0.0 and hi == 1.0:  # ReLU: the mask itself (a cast is one cheap pass; where is slower)
            return xp.astype(on, z.dtype)
        return xp.where(on, xp.asarray(hi, dtype=z.dtype), xp.asarray(lo, dtype=z.dtype))

    def forward(self, z):
        return self._slope(z) * z

    def linearize(self, z):
        on = z > 0
        if self.slopes == (0.0, 1.0):  # ReLU: the output without the float slopes, which only push / pull need
            xp = _xp_of(z)
            return xp.maximum(z, xp.zeros((), dtype=z.dtype)), _LazySlopes(self, z, on)
        d = self._slope(z, on)
        return d * z, {"d": d, "on": on}

    def push(self, state, V):
        return state["d"][:, :, None] * V

    def pull(self, state, U):
        return U * state["d"][:, None, :]

    def codes(self, state):
        return [(state["on"], 2)]

    def margins(self, state, z, V):
        return [(z, V)]

    def abs_forward(self, a):
        return a * max(abs(s) for s in self.slopes)

    def maso(self):
        return _op.PiecewiseAffineActivation(list(self.slopes), [0.0, 0.0]).maso(self.D_in)

    def is_nondecreasing(self):
        return all(s >= 0 for s in self.slopes)

    def is_convex(self):
        return self.slopes[0] <= self.slopes[1]


class ReLU(_Elementwise):
    r""":math:`\sigma(t) = \max(t, 0)` (icml18 Prop. 2: R = 2, slopes 0 and :math:`e_k`)."""


class Abs(_Elementwise):
    r""":math:`\sigma(t) = |t|` (icml18 Prop. 2: R = 2, slopes :math:`-e_k` and :math:`e_k`)."""

    slopes = (-1.0, 1.0)


class LeakyReLU(_Elementwise):
    r"""Leaky ReLU :math:`\sigma(t) = t` for :math:`t > 0`, :math:`\eta t` otherwise, any :math:`\eta > 0`.

    For :math:`\eta \le 1` it is the convex MASO :math:`\max(\eta t, t)`; for
    :math:`\eta > 1` it is concave, an affine spline but not a MASO
    (claim ``icml18.prop2``).
    """

    def __init__(self, eta: float = 0.01) -> None:
        self.eta = _op._positive_float(eta, "eta")
        self.slopes = (self.eta, 1.0)
        self.kind = "maso" if self.eta <= 1 else "spline"

    def config(self):
        return {"eta": self.eta}

    def maso(self):
        if self.eta > 1:
            raise TypeError(f"LeakyReLU with eta = {self.eta} > 1 is concave, hence not a MASO")
        return super().maso()


class Hardtanh(Layer):
    r"""Hardtanh (clamp) :math:`\sigma(t) = \min(\max(t, lo), hi)`, :math:`lo < hi`; ``Hardtanh(0, 6)`` is ReLU6.

    A continuous affine spline with three regions per unit (not convex, so not
    a MASO): code 0 for :math:`t \le lo` (output :math:`lo`), 1 for
    :math:`lo < t \le hi` (output :math:`t`), 2 for :math:`t > hi` (output :math:`hi`).

    Parameters
    ----------
    lo, hi : float
        ``lo < hi``, finite.
    """

    kind = "spline"

    def __init__(self, lo: float = -1.0, hi: float = 1.0) -> None:
        for name, v in (("lo", lo), ("hi", hi)):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError(f"{name} must be a finite real number; got {v!r}")
        if not lo < hi:
            raise ValueError(f"Hardtanh needs lo < hi; got lo = {lo!r}, hi = {hi!r}")
        self.lo, self.hi = float(lo), float(hi)

    def config(self):
        return {"lo": self.lo, "hi": self.hi}

    def forward(self, z):
        xp = _xp_of(z)
        return xp.minimum(xp.maximum(z, xp.asarray(self.lo, dtype=z.dtype)), xp.asarray(self.hi, dtype=z.dtype))

    def linearize(self, z):
        xp = _xp_of(z)
        code = xp.astype(z > self.lo, xp.int64) + xp.astype(z > self.hi, xp.int64)
        d = xp.astype(code == 1, z.dtype)
        c = xp.where(code == 0, xp.asarray(self.lo, dtype=z.dtype), xp.where(code == 2, xp.asarray(self.hi, dtype=z.dtype), xp.zeros_like(z)))
        return d * z + c, {"d": d, "c": c, "code": code}

    def push(self, state, V):
        return state["d"][:, :, None] * V

    def pull(self, state, U):
        return U * state["d"][:, None, :]

    def offset(self, state):
        return state["c"]

    def codes(self, state):
        return [(state["code"], 3)]

    def margins(self, state, z, V):
        # the two breakpoints of every unit; the farther one is never the nearest boundary
        xp = _xp_of(z)
        return [(xp.concat([z - self.lo, z - self.hi], axis=1), xp.concat([V, V], axis=1))]

    def abs_forward(self, a):
        return a + max(abs(self.lo), abs(self.hi))

    def is_convex(self):
        return False


class Scale(_Diagonal):
    r"""Elementwise affine map :math:`z \mapsto s \odot z + t` with constant ``s`` and ``t`` (a multiplication or division by a constant).

    Parameters
    ----------
    scale : array of shape (1,) or (D,)
        One factor for every feature, or one per feature of the flattened input.
    shift : array of shape (1,) or (D,), optional
        Default 0.
    """

    _ARRAYS = ("scale", "shift")

    def __init__(self, scale: Any, shift: Any = None) -> None:
        self.scale = _param(scale, "scale", "(1,) or (D,)", 1)
        xp = _xp_of(self.scale)
        self.shift = xp.zeros((1,), dtype=self.scale.dtype) if shift is None else _param(shift, "shift", "(1,) or (D,)", 1, xp=xp)

    def arrays(self):
        return {"scale": self.scale, "shift": self.shift}

    def _output_shape(self, in_shape):
        D = _prod(in_shape)
        for name in ("scale", "shift"):
            if getattr(self, name).shape[0] not in (1, D):
                raise ValueError(f"{name} must have shape (1,) or (D,) = ({D},); got shape {tuple(getattr(self, name).shape)}")
        return in_shape

    def _bound(self):
        xp = _xp_of(self.scale)
        self._scale = xp.broadcast_to(self.scale, (self.D_in,))
        self._shift = xp.broadcast_to(self.shift, (self.D_in,))
        self._abs_shift = xp.abs(self._shift)


class Reshape(Flatten):
    """Give the features a new shape (``view`` / ``reshape`` of one input); the identity on the flat features."""

    def __init__(self, shape: Any) -> None:
        self.shape = as_shape(shape, "shape")

    def config(self):
        return {"shape": self.shape}

    def _output_shape(self, in_shape):
        if _prod(in_shape) != _prod(self.shape):
            raise ValueError(f"Reshape to {self.shape} needs an input of size {_prod(self.shape)}; got input shape {in_shape}")
        return self.shape


# ------------------------------------------------------------------- max pooling
class _Gather(Layer):
    """Max over windows given as a (K, R) index table into the flat input."""

    kind = "maso"

    def _windows(self) -> list:
        raise NotImplementedError

    def _bound(self):
        self._xp_idx = None

    def _index(self, xp):
        if self._xp_idx is not xp:
            w = self._windows()  # windows at a padded border are shorter: they repeat their first index
            K, R = len(w), max(len(v) for v in w)
            self._idx = xp.asarray([v + [v[0]] * (R - len(v)) for v in w], dtype=xp.int64)  # (K, R)
            self._slot_idx = [xp.asarray([v[r] if r < len(v) else v[0] for v in w], dtype=xp.int64) for r in range(R)]
            # inverse tables (entries at a padded border repeat the window's first one and never win: ties go to the lowest slot)
            self._passes = [(xp.asarray(ks, dtype=xp.int64), xp.asarray(rs, dtype=xp.int64)) for ks, rs in _entry_passes(w, self.D_in)]
            self._xp_idx = xp
        return self._idx

    def _values(self, z):
        xp = _xp_of(z)
        idx = self._index(xp)
        K, R = idx.shape
        return xp.reshape(xp.take(z, xp.reshape(idx, (K * R,)), axis=1), (z.shape[0], K, R))

    def forward(self, z):
        return _xp_of(z).max(self._values(z), axis=2)

    def linearize(self, z):
        xp = _xp_of(z)
        idx = self._index(xp)
        K, R = idx.shape
        if bool(xp.any(xp.isnan(z))):  # keep arg-max's NaN semantics (the first NaN wins)
            vals = self._values(z)
            code = xp.argmax(vals, axis=2)
            best = xp.max(vals, axis=2)
        else:
            # Slot by slot on (n, K) slabs: a strict > keeps the lowest slot on ties, as arg-max does,
            # and avoids reductions over the short trailing axis of an (n, K, R) copy.
            best = xp.take(z, self._slot_idx[0], axis=1)
            code = xp.zeros(best.shape, dtype=xp.int64)
            for r in range(1, R):
                v = xp.take(z, self._slot_idx[r], axis=1)
                better = v > best
                best = xp.where(better, v, best)
                code = xp.where(better, xp.asarray(r, dtype=xp.int64), code)
        flat = xp.reshape(code + R * xp.arange(K, dtype=code.dtype)[None, :], (-1,))
        sel = xp.reshape(xp.take(xp.reshape(idx, (K * R,)), flat), (z.shape[0], K))
        return best, {"code": code, "sel": sel}

    def push(self, state, V):
        xp = _xp_of(V)
        sel = state["sel"]
        n, K = sel.shape
        b, D, P = V.shape
        if b == 1:
            out = xp.take(V[0, ...], xp.reshape(sel, (n * K,)), axis=0)
        else:
            rows = xp.reshape(sel + D * xp.arange(n, dtype=sel.dtype)[:, None], (n * K,))
            out = xp.take(xp.reshape(V, (n * D, P)), rows, axis=0)
        return xp.reshape(out, (n, K, P))

    def pull(self, state, U, scale=None):
        xp = _xp_of(U)
        code = state["code"]
        n, K = code.shape
        b, Q, _ = U.shape
        Ue = xp.concat([U, xp.zeros((b, Q, 1), dtype=U.dtype)], axis=2)
        ce = xp.concat([code, xp.full((n, 1), -1, dtype=code.dtype)], axis=1)
        out = None
        for ks, rs in self._passes:  # one pass for non-overlapping windows
            g = xp.take(Ue, ks, axis=2)  # (b, Q, D): the cotangent of the window reading d in this pass
            won = xp.take(ce, ks, axis=1) == rs[None, :]  # (n, D): d is that window's winner
            if scale is not None:  # one pass over the (n, Q, D) result for the mask and the slopes
                part = g * xp.where(won, scale, xp.zeros_like(scale))[:, None, :]
            else:
                part = xp.where(won[:, None, :], g, xp.zeros_like(g))
            out = part if out is None else out + part
        return out

    def pull_scaled(self, state, U, d):
        return self.pull(state, U, d)

    def codes(self, state):
        return [(state["code"], self._idx.shape[1])]

    def margins(self, state, z, V):
        # Region of window k: v_{k,code} - v_{k,r} >= 0 for every slot r.
        xp = _xp_of(z)
        vals, sel = self._values(z), state["sel"]
        n, K, R = vals.shape
        win = xp.max(vals, axis=2)
        m = xp.reshape(win[:, :, None] - vals, (n, K * R))
        Gsel = self.push(state, V)  # (n, K, P) gradient of the winner
        st_all = {"sel": xp.reshape(xp.broadcast_to(self._idx[None, :, :], (n, K, R)), (n, K * R))}
        Gall = self.push(st_all, V)  # (n, K R, P)
        G = xp.reshape(Gsel[:, :, None, :] - xp.reshape(Gall, (n, K, R, Gall.shape[-1])), (n, K * R, Gall.shape[-1]))
        return [(m, G)]

    def abs_forward(self, a):
        return self.forward(a)

    def maso(self):
        return _op.max_pooling_maso(self._windows(), self.D_in)


class MaxPool(_Pool2d, _Gather):
    r"""Spatial max pooling over ``size`` windows with ``stride``, padding and dilation (icml18 Prop. 3).

    Regions: :math:`R = \#\text{window}`, :math:`[A]_{k,r,\cdot} = e_{i_r}`, :math:`B = 0`.

    Parameters
    ----------
    size : int or (int, int)
    stride : int or (int, int), optional
        Default: ``size``.
    padding : int or (int, int), default 0
        Minus-infinity padding (PyTorch's): a window at the border takes the
        maximum of its entries inside the image; at most half the window.
    dilation : int or (int, int), default 1
    """

    def __init__(self, size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1) -> None:
        self._settings(size, stride, padding)
        self._dilation = _pair(dilation, "dilation")

    def _dil(self):
        return self._dilation

    def _tiles(self) -> bool:
        """Whether the windows tile the image: stride = size, no padding, no dilation, sizes dividing H and W."""
        C, H, W = self.in_shape
        (kh, kw) = self._size
        return self._stride == self._size and self._padding == (0, 0) and self._dilation == (1, 1) and H % kh == 0 and W % kw == 0

    def _win_mask(self, state: dict, scale: Any, dtype: Any, xp: Any) -> Any:
        """``(n, 1, D_in)`` in image order: 1 (or the slope ``scale``) at each window's arg-max, 0 elsewhere."""
        code = state["code"]
        C, H, W = self.in_shape
        kh, kw = self._size
        n = code.shape[0]
        slot = xp.reshape(xp.arange(kh, dtype=code.dtype), (kh, 1, 1)) * kw + xp.reshape(xp.arange(kw, dtype=code.dtype), (1, 1, kw))
        won = xp.reshape(code, (n, C, H // kh, 1, W // kw, 1)) == slot  # (n, C, Ho, kh, Wo, kw): the image's layout
        if scale is None:
            return xp.reshape(xp.astype(won, dtype), (n, 1, self.D_in))
        m = xp.where(won, xp.reshape(scale, won.shape), xp.zeros((), dtype=dtype))  # the mask and the slopes in one pass
        return xp.reshape(m, (n, 1, self.D_in))

    def _upsampled(self, U: Any, xp: Any) -> Any:
        """Each window's cotangent repeated over its window: ``(b, Q, D_in)``."""
        b, Q, K = U.shape
        C, H, W = self.in_shape
        kh, kw = self._size
        up = xp.repeat(xp.reshape(U, (b * Q * C * (H // kh), W // kw)), kw, axis=1)  # along the rows of the image
        up = xp.repeat(xp.reshape(up, (b * Q * C, H // kh, W)), kh, axis=1)
        return xp.reshape(up, (b, Q, self.D_in))

    def pull(self, state, U, scale=None):
        if not self._tiles():
            return super().pull(state, U, scale)
        # Tiling windows: repeat each window's cotangent over the window and keep the arg-max (a broadcast multiply).
        xp = _xp_of(U)
        return self._upsampled(U, xp) * self._win_mask(state, scale, U.dtype, xp)

    def pulls_into_directly(self, xp, shared=False):
        return self._tiles() and _writes_views(xp)

    def pull_into(self, state, U, out, d=None):
        xp = _xp_of(U)
        if not self.pulls_into_directly(xp):
            return super().pull_into(state, U, out, d)
        xp.multiply(self._upsampled(U, xp), self._win_mask(state, d, U.dtype, xp), out=out)

    def config(self):
        cfg = {"size": self.size, "stride": self.stride}
        if self._padding != (0, 0):
            cfg["padding"] = self.padding
        if self._dilation != (1, 1):
            cfg["dilation"] = _compact(self._dilation)
        return cfg


class ChannelMaxPool(_Gather):
    """Channel max pooling: the max over ``group`` consecutive channels at each position (icml18 Prop. 3)."""

    def __init__(self, group: int) -> None:
        self.group = check_positive_int(group, "group")

    def config(self):
        return {"group": self.group}

    def _windows(self):
        return _op.channel_pooling_regions(*self.in_shape, group=self.group)

    def _output_shape(self, in_shape):
        if len(in_shape) != 3 or in_shape[0] % self.group:
            raise ValueError(f"ChannelMaxPool(group={self.group}) needs an input (C, H, W) with C divisible by {self.group}; got input shape {in_shape}")
        return (in_shape[0] // self.group, in_shape[1], in_shape[2])


class Maxout(Layer):
    r"""Maxout: :math:`z_k = \max_r \langle A_{k,r}, z\rangle + B_{k,r}`, a MASO layer (icml18 Eq. (5)).

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)
    """

    _ARRAYS = ("A", "B")

    kind = "maso"

    def __init__(self, A: Any, B: Any) -> None:
        self.A = _param(A, "A", "(K, R, D)", 3)
        self.B = _param(B, "B", "(K, R)", 2, xp=_xp_of(self.A))
        _check_shape(self.B, tuple(self.A.shape[:2]), "B", "(K, R)")

    def arrays(self):
        return {"A": self.A, "B": self.B}

    def _output_shape(self, in_shape):
        if _prod(in_shape) != self.A.shape[2]:
            raise ValueError(f"Maxout with A of shape {tuple(self.A.shape)} needs an input of size D = {self.A.shape[2]}; got input shape {in_shape}")
        return (self.A.shape[0],)

    def _bound(self):
        self._S = MASO(self.A, self.B)

    def forward(self, z):
        return self._S(z)

    def linearize(self, z):
        A_x, B_x = self._S.affine_at(z)
        u = self._S.pre_activations(z)
        return self._S(z), {"A_x": A_x, "B_x": B_x, "u": u, "code": _xp_of(z).argmax(u, axis=2)}

    def push(self, state, V):
        return state["A_x"] @ V

    def pull(self, state, U):
        return U @ state["A_x"]

    def offset(self, state):
        return state["B_x"]

    def codes(self, state):
        return [(state["code"], self.A.shape[1])]

    def margins(self, state, z, V):
        xp = _xp_of(z)
        u = state["u"]
        n, K, R = u.shape
        m = xp.reshape(xp.max(u, axis=2)[:, :, None] - u, (n, K * R))
        Gall = xp.reshape(self._S._A_rk @ V, (V.shape[0], R, K, V.shape[-1]))  # region-major
        Gall = xp.permute_dims(Gall, (0, 2, 1, 3))
        Gwin = (state["A_x"] @ V)[:, :, None, :]
        return [(m, xp.reshape(Gwin - Gall, (n, K * R, V.shape[-1])))]

    def abs_forward(self, a):
        xp = _xp_of(a)
        return MASO(xp.abs(self.A), xp.abs(self.B))(a)

    def maso(self):
        return self._S

    def is_nondecreasing(self):
        return self.has_nonnegative_weights()

    def has_nonnegative_weights(self):
        return bool(_xp_of(self.A).all(self.A >= 0))


# --------------------------------------------------------------------- composites
class Residual(Layer):
    r"""Residual block :math:`z \mapsto s(z) + g(z)`, :math:`g` a chain of layers (report17 Eq. (44)-(47)).

    The skip connection :math:`s` is the identity (default) or an affine layer
    :math:`C_{out}z + b_{out}`. The block's affine map at :math:`z` is
    :math:`(C_{out} + A_g[z])\,z + b_{out} + B_g[z]` (:math:`C_{out} = I` by default).

    Parameters
    ----------
    layers : sequence of Layer
        The branch :math:`g`; its output must have the size of the skip's output
        (of the input, for the identity skip).
    skip : Layer, optional
        An affine layer (Dense, Conv2d, ...).
    """

    def __init__(self, layers: Any, skip: Any = None) -> None:
        layers = list(layers)
        for i, lay in enumerate(layers):
            if not isinstance(lay, Layer):
                raise TypeError(f"layers[{i}] of Residual must be a Layer; got {type(lay).__name__}")
        if skip is not None and (not isinstance(skip, Layer) or skip.kind != "affine"):
            raise TypeError(f"skip must be an affine Layer (Dense, Conv2d, ...) or None; got {type(skip).__name__}")
        self.layers = layers
        self.skip = skip

    def bind(self, in_shape):
        if self.in_shape is not None and tuple(int(v) for v in in_shape) == self.in_shape:
            return self
        new = copy.copy(self)
        new.in_shape = tuple(in_shape)
        shape = new.in_shape
        bound = []
        for i, lay in enumerate(self.layers):
            try:
                lay = lay.bind(shape)
            except ValueError as exc:
                raise ValueError(f"Residual branch layer {i} ({type(lay).__name__}): {exc}") from None
            bound.append(lay)
            shape = lay.out_shape
        target = new.in_shape
        if self.skip is not None:
            try:
                new.skip = self.skip.bind(new.in_shape)
            except ValueError as exc:
                raise ValueError(f"Residual skip ({type(self.skip).__name__}): {exc}") from None
            target = new.skip.out_shape
        if _prod(shape) != _prod(target):
            raise ValueError(f"Residual branch output must have the shape {target} of the skip connection; its output has shape {shape}")
        new.layers = bound
        new.out_shape = target
        return new

    def sublayers(self):
        return list(self.layers) + ([] if self.skip is None else [self.skip])

    @property
    def kind(self):
        kinds = {lay.kind for lay in self.layers}
        return "spline" if "spline" in kinds else ("maso" if "maso" in kinds else "affine")

    def arrays(self):
        return {}

    def to(self, xp, dtype):
        new = copy.copy(self)
        new.layers = [lay.to(xp, dtype) for lay in self.layers]
        new.skip = None if self.skip is None else self.skip.to(xp, dtype)
        return new

    def to_spec(self):
        spec = {"type": "Residual", "layers": [lay.to_spec() for lay in self.layers]}
        if self.skip is not None:
            spec["skip"] = self.skip.to_spec()
        return spec

    def __repr__(self):
        return f"Residual({self.layers!r})" if self.skip is None else f"Residual({self.layers!r}, skip={self.skip!r})"

    @property
    def xp(self):
        return next((lay.xp for lay in self.layers if lay.xp is not None), None)

    @property
    def dtype(self):
        return next((lay.dtype for lay in self.layers if lay.dtype is not None), None)

    def _skip(self, z):
        return z if self.skip is None else _prepare(self.skip, z).forward(z)

    def forward(self, z):
        h = z
        for lay in self.layers:
            h = _prepare(lay, h).forward(h)
        return self._skip(z) + h

    def linearize(self, z):
        h = z
        states = []
        for lay in self.layers:
            lay = _prepare(lay, h)
            inp = h
            h, st = lay.linearize(h)
            states.append((lay, st, inp))
        return self._skip(z) + h, {"branch": states}

    def push(self, state, V):
        W = V
        for lay, st, _ in state["branch"]:
            W = lay.push(st, W)
        return (V if self.skip is None else self.skip.push({}, V)) + W

    def pull(self, state, U):
        W = U
        for lay, st, _ in reversed(state["branch"]):
            W = lay.pull(st, W)
        return (U if self.skip is None else self.skip.pull({}, U)) + W

    def offset(self, state):
        b = None
        for lay, st, _ in state["branch"]:
            if b is not None:
                xp = _xp_of(b)
                b = lay.push(st, b[..., None] if b.ndim == 2 else b[None, :, None])[..., 0]
            off = lay.offset(st)
            if off is not None:
                b = off if b is None else b + off
        s_off = None if self.skip is None else self.skip.offset({})
        if s_off is not None:
            b = s_off if b is None else b + s_off
        return b

    def codes(self, state):
        return [c for lay, st, _ in state["branch"] for c in lay.codes(st)]

    def margins(self, state, z, V):
        out = []
        W = V
        for lay, st, inp in state["branch"]:
            out += lay.margins(st, inp, W)
            W = lay.push(st, W)
        return out

    def abs_forward(self, a):
        h = a
        for lay in self.layers:
            h = _prepare(lay, h).abs_forward(h)
        return (a if self.skip is None else _prepare(self.skip, a).abs_forward(a)) + h

    def is_nondecreasing(self):
        skip_ok = self.skip is None or self.skip.is_nondecreasing()
        return skip_ok and all(lay.is_nondecreasing() and lay.has_nonnegative_weights() for lay in self.layers)

    def is_convex(self):
        # z + g(z) is convex when g is: a convex chain needs non-decreasing later operators.
        return all(lay.is_convex() for lay in self.layers) and all(lay.is_nondecreasing() and lay.has_nonnegative_weights() for lay in self.layers[1:])

    def has_nonnegative_weights(self):
        skip_ok = self.skip is None or self.skip.has_nonnegative_weights()
        return skip_ok and all(lay.has_nonnegative_weights() for lay in self.layers)


class ReLURNN(Layer):
    r"""A simple ReLU RNN unrolled over ``T`` steps (report17 Eq. (48)-(50)).

    :math:`h_t = \sigma(W_h h_{t-1} + W_x x_t + b)`, :math:`h_0 = 0`,
    :math:`t = 1..T`, with :math:`\sigma` the ReLU (``eta = 0``) or the leaky
    ReLU of slope ``eta``; the input is the sequence ``(T, D_x)`` (flattened)
    and the output is :math:`h_T`, or the whole sequence :math:`(h_1, \dots, h_T)`
    (flattened, ``(T, H)``) with ``sequence=True``, so that RNNs stack: a second
    ``ReLURNN`` reading it is the layer :math:`\ell = 2` of report17 Sec. 3.3.4
    with :math:`W_{up}^{(2)}` = its ``W_x`` (and no direct input :math:`W_{in}^{(2)}x^t`).

    Parameters
    ----------
    W_x : array of shape (H, D_x)
    W_h : array of shape (H, H)
    b : array of shape (H,)
    T : int
    eta : float, default 0
        Slope of the activation for negative pre-activations (0: ReLU).
    sequence : bool, default False
        Output every hidden state :math:`h_1..h_T` instead of :math:`h_T` alone.
    """

    _ARRAYS = ("W_x", "W_h", "b")

    kind = "maso"

    def __init__(self, W_x: Any, W_h: Any, b: Any, T: int, eta: float = 0.0, sequence: bool = False) -> None:
        self.W_x = _param(W_x, "W_x", "(H, D_x)", 2)
        xp = _xp_of(self.W_x)
        H = self.W_x.shape[0]
        self.W_h = _param(W_h, "W_h", "(H, H)", 2, xp=xp)
        _check_shape(self.W_h, (H, H), "W_h", "(H, H)")
        self.b = _param(b, "b", "(H,)", 1, xp=xp)
        _check_shape(self.b, (H,), "b", "(H,)")
        self.T = check_positive_int(T, "T")
        if isinstance(eta, bool) or not isinstance(eta, (int, float)) or not (eta >= 0 and math.isfinite(eta)):
            raise ValueError(f"eta must be a finite real number >= 0; got {eta!r}")
        self.eta = float(eta)
        if not isinstance(sequence, bool):
            raise TypeError(f"sequence must be a bool; got {type(sequence).__name__}")
        self.sequence = sequence
        self.kind = "maso" if self.eta <= 1 else "spline"

    def arrays(self):
        return {"W_x": self.W_x, "W_h": self.W_h, "b": self.b}

    def config(self):
        return {"T": self.T, "eta": self.eta, "sequence": self.sequence}

    def _output_shape(self, in_shape):
        if _prod(in_shape) != self.T * self.W_x.shape[1]:
            raise ValueError(f"ReLURNN with T = {self.T} and D_x = {self.W_x.shape[1]} needs an input of size T D_x = {self.T * self.W_x.shape[1]}; got input shape {in_shape}")
        return (self.T, self.W_x.shape[0]) if self.sequence else (self.W_x.shape[0],)

    def _out(self, xp, hs):
        return xp.concat(hs, axis=1) if self.sequence else hs[-1]

    def _x_t(self, V, t):
        Dx = self.W_x.shape[1]
        return V[:, t * Dx : (t + 1) * Dx, ...] if V.ndim == 3 else V[:, t * Dx : (t + 1) * Dx]

    def forward(self, z):
        return self.linearize(z)[0]

    def linearize(self, z):
        xp = _xp_of(z)
        n, H = z.shape[0], self.W_x.shape[0]
        h = xp.zeros((n, H), dtype=z.dtype)
        pres, masks, slopes, hs = [], [], [], []
        for t in range(self.T):
            u = h @ xp.matrix_transpose(self.W_h) + self._x_t(z, t) @ xp.matrix_transpose(self.W_x) + self.b
            on = u > 0
            d = xp.where(on, xp.ones_like(u), xp.full(u.shape, self.eta, dtype=u.dtype))
            h = d * u
            pres.append(u)
            masks.append(on)
            slopes.append(d)
            hs.append(h)
        return self._out(xp, hs), {"pre": pres, "on": masks, "d": slopes}

    def push(self, state, V):
        xp = _xp_of(V)
        G, Gs = None, []
        for t in range(self.T):
            dx = self.W_x @ self._x_t(V, t)
            G = dx if G is None else self.W_h @ G + dx
            G = state["d"][t][:, :, None] * G
            Gs.append(G)
        if not self.sequence:
            return G
        n = max(g.shape[0] for g in Gs)
        return xp.concat([xp.broadcast_to(g, (n, g.shape[1], g.shape[2])) for g in Gs], axis=1)

    def pull(self, state, U):
        xp = _xp_of(U)
        n = state["on"][0].shape[0]
        Dx = self.W_x.shape[1]
        parts = [None] * self.T
        H = self.W_x.shape[0]
        G = None
        for t in reversed(range(self.T)):
            if self.sequence:  # the cotangent of h_t: from the output h_t and from h_{t+1}
                U_t = U[:, :, t * H : (t + 1) * H]
                G = U_t if G is None else G + U_t
            elif G is None:
                G = U
            G = G * state["d"][t][:, None, :]  # d/du_t
            parts[t] = G @ self.W_x
            G = G @ self.W_h
        Q = U.shape[1]
        return xp.concat([xp.broadcast_to(p, (n, Q, Dx)) for p in parts], axis=2)

    def offset(self, state):
        xp = _xp_of(self.b)
        c, cs = None, []
        for t in range(self.T):
            u = self.b if c is None else c @ xp.matrix_transpose(self.W_h) + self.b
            c = state["d"][t] * u
            cs.append(c)
        return self._out(xp, cs)

    def codes(self, state):
        xp = _xp_of(self.b)
        return [(xp.concat(state["on"], axis=1), 2)]

    def margins(self, state, z, V):
        xp = _xp_of(V)
        out_m, out_g = [], []
        G = None
        for t in range(self.T):
            dx = self.W_x @ self._x_t(V, t)
            g = dx if G is None else self.W_h @ G + dx
            out_m.append(state["pre"][t])
            out_g.append(xp.broadcast_to(g, (z.shape[0], g.shape[1], g.shape[2])))
            G = state["d"][t][:, :, None] * g
        return [(xp.concat(out_m, axis=1), xp.concat(out_g, axis=1))]

    def abs_forward(self, a):
        xp = _xp_of(a)
        h = xp.zeros((a.shape[0], self.W_x.shape[0]), dtype=a.dtype)
        hs = []
        for t in range(self.T):
            h = max(1.0, self.eta) * (h @ xp.matrix_transpose(xp.abs(self.W_h)) + self._x_t(a, t) @ xp.matrix_transpose(xp.abs(self.W_x)) + xp.abs(self.b))
            hs.append(h)
        return self._out(xp, hs)

    def step_slopes(self, z: Any) -> list:
        r"""The diagonal activation matrices :math:`A_\sigma^{(t)}[x]` of every step, as a list of T arrays (N, H)."""
        return self.linearize(z)[1]["d"]

    def is_nondecreasing(self):
        return self.has_nonnegative_weights()

    def is_convex(self):
        return self.eta <= 1 and bool(_xp_of(self.W_h).all(self.W_h >= 0))

    def has_nonnegative_weights(self):
        xp = _xp_of(self.W_h)
        return bool(xp.all(self.W_h >= 0)) and bool(xp.all(self.W_x >= 0))


def _prepare(layer: Layer, z: Any) -> Layer:
    """Build lazily cached matrices in the namespace and dtype of ``z``."""
    fi = getattr(layer, "for_input", None)
    return fi(z) if fi is not None else layer


_TYPES = {
    c.__name__: c
    for c in (Dense, Conv2d, ReLU, LeakyReLU, Abs, Hardtanh, MaxPool, ChannelMaxPool, AvgPool, GlobalAvgPool, Maxout, BatchNorm, Scale, Flatten, Reshape, ReLURNN)
}


def layer_from_spec(spec: dict, xp: Any = None, dtype: Any = None) -> Layer:
    """The layer a :meth:`Layer.to_spec` dict describes (arrays may be nested lists).

    Parameters
    ----------
    spec : dict
        ``{"type": <class name>, <parameters>...}``.
    xp, dtype : namespace and dtype of the parameters (default NumPy float64).

    Raises
    ------
    ValueError
        An unknown ``type``.
    """
    if not isinstance(spec, dict) or "type" not in spec:
        raise TypeError(f"a layer spec must be a dict with a 'type'; got {type(spec).__name__}")
    kind = spec["type"]
    xp = xp or _backend.namespace("numpy")
    dt = _backend.resolve_dtype(xp, dtype or "float64")
    if kind == "Residual":
        skip = spec.get("skip")
        return Residual([layer_from_spec(s, xp, dt) for s in spec["layers"]], None if skip is None else layer_from_spec(skip, xp, dt))
    if kind not in _TYPES:
        from . import graph  # noqa: F401  (registers Graph, Add and Concat)
    if kind not in _TYPES:
        raise ValueError(f"layer type must be one of {sorted(_TYPES) + ['Residual']}; got {kind!r}")
    cls = _TYPES[kind]
    if hasattr(cls, "from_spec_dict"):  # composites (Graph) rebuild their parts
        return cls.from_spec_dict(spec, xp, dt)
    kw = {k: v for k, v in spec.items() if k != "type"}
    for k, v in kw.items():
        if k in cls._ARRAYS and v is not None:
            kw[k] = _backend.asarray(v, xp, dt)
        elif isinstance(v, list):  # JSON turns tuples of settings (stride, padding, shape) into lists
            kw[k] = tuple(v)
    return cls(**kw)


from ..backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals(), constructors_only=True)  # NumPy scalars and tensors in the constructors' arguments
