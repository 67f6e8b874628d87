r"""Networks as compositions of spline operators: exact per-input affine maps.

A :class:`Network` composes layers of :mod:`spline_theory.layers`
(icml18 Eq. (1)-(2)). Because every layer is an affine or max-affine spline
operator, the network is an affine spline operator (icml18 Thm. 1): for every
input :math:`x` it applies the affine map

.. math::

    z^{(L)}(x) = A[x]\,x + b[x],

with :math:`A[x]` the Jacobian at :math:`x` and :math:`b[x] = z^{(L)}(x) - A[x]x`
(icml18 Eq. (7)-(8), Sec. 5.2).

Notation: ``x`` inputs ``(N, D)`` (or ``(N, *input_shape)``), ``C`` the output
size, ``A`` ``(N, C, D)``, ``b`` ``(N, C)``; a *layer* in the sense of icml18
Def. 1 (affine operators followed by one nonlinear operator) is a *group*
here (:meth:`Network.groups`), while :attr:`Network.layers` lists operators.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from . import backend as _backend
from ._validation import array_namespace_or_error, as_float_array
from .layers import Conv2d, Layer, Residual, ReLURNN, _Elementwise, _prepare, layer_from_spec
from .maso import MASO

__all__ = ["Network", "compose_factors", "compose_affine_maso", "pack_codes", "unpack_codes", "shared_bias_maso", "shared_bias_maso_output", "residual_branch_matrices", "ensemble_expansion", "region_by_output_sum", "stacked_rnn_path_sum"]

_POPCOUNT = [bin(i).count("1") for i in range(256)]


def pack_codes(codes: Any) -> Any:
    """Bit-pack boolean (two-region) codes ``(N, K)`` into ``uint8`` ``(N, ceil(K/8))``, little-endian bits."""
    xp = array_namespace_or_error(codes, name="codes")
    n, K = codes.shape
    K8 = -(-K // 8) * 8
    bits = xp.astype(codes, xp.uint8)
    if K8 != K:
        bits = xp.concat([bits, xp.zeros((n, K8 - K), dtype=xp.uint8)], axis=1)
    w = xp.asarray([1, 2, 4, 8, 16, 32, 64, 128], dtype=xp.uint8)
    return xp.sum(xp.reshape(bits, (n, K8 // 8, 8)) * w, axis=2, dtype=xp.uint8)


def unpack_codes(packed: Any, K: int) -> Any:
    """Inverse of :func:`pack_codes`: ``(N, K)`` integer codes in {0, 1}."""
    xp = array_namespace_or_error(packed, name="packed")
    n = packed.shape[0]
    w = xp.asarray([1, 2, 4, 8, 16, 32, 64, 128], dtype=xp.uint8)
    bits = (packed[:, :, None] & w) != 0
    return xp.astype(xp.reshape(bits, (n, packed.shape[1] * 8))[:, :K], xp.int64)


def compose_factors(factors: list) -> tuple[Any, Any]:
    r"""Compose per-layer affine maps :math:`(A_\ell[x], b_\ell[x])` as in icml18 Eq. (7).

    Parameters
    ----------
    factors : list of (A_l (N, D_l, D_{l-1}), b_l (N, D_l))
        In network order.

    Returns
    -------
    A : array (N, D_L, D_0)
        :math:`\prod_{\ell=L}^{1} A_\ell[x]`.
    b : array (N, D_L)
        :math:`\sum_{\ell=1}^{L} \big(\prod_{j=L}^{\ell+1} A_j[x]\big)\, b_\ell[x]`.

    Notes
    -----
    Implements Eq. (7) of icml18 for any chain of affine-spline layers
    (the CNN case has :math:`A_\ell = A_\rho A_\sigma C`).
    """
    if not factors:
        raise ValueError("factors must be a non-empty list of (A, b) pairs")
    A, b = factors[0]
    for A_l, b_l in factors[1:]:
        b = (A_l @ b[..., None])[..., 0] + b_l
        A = A_l @ A
    return A, b


def compose_affine_maso(S: MASO, W: Any, b: Any) -> MASO:
    r"""The MASO of :math:`z \mapsto S(Wz + b)` (icml18 Prop. 4; the slides' composition rule).

    Parameters
    ----------
    S : MASO with A of shape (K, R, M)
    W : array (M, D)
    b : array (M,)

    Returns
    -------
    MASO
        :math:`[A]_{k,r,\cdot} = W^T [A_S]_{k,r,\cdot}`, :math:`[B]_{k,r} = [B_S]_{k,r} + b^T [A_S]_{k,r,\cdot}`.
    """
    A = S.A @ W  # (K, R, M) @ (M, D)
    B = S.B + S.A @ b
    return MASO(A, B)


class Network:
    r"""A deep network :math:`f = f^{(L)} \circ \cdots \circ f^{(1)}` of spline layers (icml18 Eq. (1)).

    Parameters
    ----------
    layers : sequence of :class:`~spline_theory.layers.Layer`
    input_shape : tuple of int
        Shape of one input without the batch axis, e.g. ``(784,)`` or ``(1, 28, 28)``.

    Raises
    ------
    TypeError
        An element of ``layers`` is not a Layer, or layers mix backends.
    ValueError
        Consecutive layers do not fit (the message names the layer, the shape
        it needs and the shape it gets).

    Notes
    -----
    Layers are bound to their input shapes on copies: the caller's layer
    objects are never modified. Computations use the parameters' namespace
    and dtype (:meth:`to` converts); inputs are cast to that dtype.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.layers import Dense, ReLU
    >>> from spline_theory.network import Network
    >>> net = Network([Dense(np.array([[1.0, -1.0]]), np.array([0.5])), ReLU()], input_shape=(2,))
    >>> A, b = net.affine_map(np.array([[2.0, 1.0]]))
    >>> A, b
    (array([[[ 1., -1.]]]), array([[0.5]]))
    """

    def __init__(self, layers: Any, input_shape: Any) -> None:
        layers = list(layers) if isinstance(layers, (list, tuple)) else None
        if not layers:
            raise TypeError("layers must be a non-empty list of Layer objects")
        try:
            shape = tuple(int(v) for v in input_shape)
        except TypeError:
            raise TypeError(f"input_shape must be a tuple of ints; got {input_shape!r}") from None
        if not shape or min(shape) < 1:
            raise ValueError(f"input_shape must be a non-empty tuple of positive ints; got {input_shape!r}")
        self.input_shape = shape
        bound = []
        for i, lay in enumerate(layers):
            if not isinstance(lay, Layer):
                raise TypeError(f"layers[{i}] must be a Layer; got {type(lay).__name__}")
            try:
                b = lay.bind(shape)
            except ValueError as exc:
                raise ValueError(f"layers[{i}] ({type(lay).__name__}) does not fit its input of shape {shape}: {exc}") from None
            bound.append(b)
            shape = b.out_shape
        self.layers = bound
        self.output_shape = shape
        xps = [lay.xp for lay in bound if lay.xp is not None]
        if xps and any(x is not xps[0] for x in xps):
            raise TypeError("layers must hold arrays of one backend; use Network.to() to convert")
        self._xp = xps[0] if xps else None
        dts = [lay.dtype for lay in bound if lay.dtype is not None]
        self._dtype = dts[0] if dts else None

    # ------------------------------------------------------------------ basics
    @property
    def D(self) -> int:
        """Input dimension :math:`D = \\prod` ``input_shape``."""
        return int(math.prod(self.input_shape))

    @property
    def C(self) -> int:
        """Output dimension."""
        return int(math.prod(self.output_shape))

    @property
    def xp(self) -> Any:
        """Array namespace of the parameters (NumPy when the network has none)."""
        return self._xp or _backend.namespace("numpy")

    @property
    def dtype(self) -> Any:
        """Floating dtype of the parameters (float64 when the network has none)."""
        return self._dtype if self._dtype is not None else self.xp.float64

    def __repr__(self) -> str:
        inner = ",\n  ".join(repr(lay) for lay in self.layers)
        return f"Network(input_shape={self.input_shape}, layers=[\n  {inner}\n])"

    def to(self, backend: Any = None, dtype: Any = None) -> Network:
        """A copy on another backend (name or namespace) and/or dtype ("float64", "float32")."""
        xp = self.xp if backend is None else (_backend.namespace(backend) if isinstance(backend, str) else backend)
        dt = _backend.resolve_dtype(xp, "float64" if dtype is None and self._dtype is None else (dtype if dtype is not None else str(self.dtype).split(".")[-1]))
        return Network([lay.to(xp, dt) for lay in self.layers], self.input_shape)

    def to_spec(self) -> dict:
        """A JSON-friendly description (host arrays); :meth:`from_spec` rebuilds the network."""
        return {"input_shape": list(self.input_shape), "layers": [lay.to_spec() for lay in self.layers]}

    @classmethod
    def from_spec(cls, spec: dict, xp: Any = None, dtype: Any = None) -> Network:
        """Build a network from :meth:`to_spec` output (arrays may be nested lists)."""
        if isinstance(spec, Network):
            return spec
        if not isinstance(spec, dict) or "layers" not in spec or "input_shape" not in spec:
            raise TypeError(f"a network spec must be a dict with 'layers' and 'input_shape'; got {type(spec).__name__}")
        return cls([layer_from_spec(s, xp, dtype) for s in spec["layers"]], tuple(spec["input_shape"]))

    @staticmethod
    def like(net: Any, x: Any) -> Network:
        """``net`` (a Network or a spec) on the namespace and dtype of ``x``."""
        xp = array_namespace_or_error(x, name="x")
        if isinstance(net, Network):
            return net.to(xp, x.dtype)
        return Network.from_spec(net, xp, x.dtype)

    def _batch(self, x: Any, name: str = "x") -> Any:
        shape = f"(N, {self.D}) or (N, *{self.input_shape})"
        x = as_float_array(x, name, shape=shape, ndim=(2, 1 + len(self.input_shape)), xp=self._xp)
        xp = array_namespace_or_error(x, name=name)
        if x.ndim == 2 and x.shape[1] == self.D:
            pass
        elif tuple(x.shape[1:]) == self.input_shape:
            x = xp.reshape(x, (x.shape[0], self.D))
        else:
            raise ValueError(f"{name} must have shape {shape}; got shape {tuple(x.shape)}")
        dt = self._dtype if self._dtype is not None else x.dtype
        return xp.astype(x, dt, copy=True)

    def _one(self, x: Any) -> tuple[Any, bool]:
        """``(x with a batch axis, whether x was one input)``: an array of shape ``(D,)`` or ``input_shape``
        is one input (unless it is a batch ``(N, D)``); results then drop the batch axis."""
        shape = tuple(getattr(x, "shape", ()) or ())
        if shape and shape in ((self.D,), self.input_shape) and not (len(shape) == 2 and shape[1] == self.D):
            xp = array_namespace_or_error(x, name="x")
            return xp.reshape(x, (1, self.D)), True
        return x, False

    @staticmethod
    def _drop_batch(result: Any, one: bool) -> Any:
        if not one:
            return result
        if isinstance(result, tuple):
            return tuple(r[0, ...] for r in result)
        if isinstance(result, list):
            return [r[0, ...] for r in result]
        return result[0, ...]

    # ----------------------------------------------------------------- forward
    def forward(self, x: Any) -> Any:
        """The network output :math:`z^{(L)}(x)`, shape (N, C), or (C,) for one input of shape (D,) or ``input_shape`` (icml18 Eq. (1))."""
        x, one = self._one(x)
        return self._drop_batch(self.feature_maps(x)[-1], one)

    __call__ = forward

    def feature_maps(self, x: Any) -> list:
        r"""All feature maps :math:`z^{(0)} = x, z^{(1)}, \dots, z^{(L)}` (icml18 Eq. (2)), flat (N, D_l)."""
        z = self._batch(x)
        out = [z]
        for lay in self.layers:
            z = _prepare(lay, z).forward(z)
            out.append(z)
        return out

    def _linearize(self, z: Any) -> list:
        states = []
        for lay in self.layers:
            lay = _prepare(lay, z)
            out, st = lay.linearize(z)
            states.append((lay, st, z))
            z = out
        return states, z

    # -------------------------------------------------------------- affine map
    def _cost(self, mode: str) -> float:
        widths = [self.D] + [lay.D_out for lay in self.layers]
        P = self.D if mode == "forward" else self.C
        return P * sum(widths[i] * widths[i + 1] for i in range(len(self.layers)))

    def _chunks(self, n: int, chunk_size: int | None, P: int, itemsize: int = 8) -> list:
        if chunk_size is None:
            chunk_size = self.default_chunk_size(P, itemsize)
        elif isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
            raise ValueError(f"chunk_size must be a positive int; got {chunk_size!r}")
        return [(s, min(n, s + chunk_size)) for s in range(0, n, chunk_size)]

    #: Bytes of the widest per-chunk tangent stack ``chunk * P * tangent_width()``
    #: that :meth:`affine_map` aims at by default (8 MiB: the MLP
    #: 784-512-512-10 of benchmarks/bench_network.py takes 133 inputs at once
    #: in float64 and 267 in float32, its small CNN 14 and 29). At or near the
    #: best size for both models and dtypes in the chunk sweeps of
    #: docs/networks.md ("Chunk size"); larger stacks leave the cache.
    CHUNK_BYTES = 1 << 23

    def tangent_width(self) -> int:
        """The widest array one tangent (or cotangent) of :meth:`affine_map` passes through.

        The maximum of the input size, every operator's output size and, for a
        convolution, its column matrix ``C_in kh kw H_out W_out`` (im2col /
        col2im); a chunk of n inputs holds stacks of at most ``n P`` such rows.
        """
        widths = [self.D]
        todo = list(self.layers)
        while todo:  # every operator, those inside residual blocks and graphs included
            lay = todo.pop()
            todo.extend(lay.sublayers())
            widths.append(lay.D_out)
            if isinstance(lay, Conv2d):
                C_out, Cg, kh, kw = lay.kernel.shape
                widths.append(Cg * lay.groups * kh * kw * lay.out_shape[1] * lay.out_shape[2])
        return max(widths)

    def default_chunk_size(self, P: int, itemsize: int = 8) -> int:
        """Inputs per chunk :meth:`affine_map` uses by default: ``max(1, CHUNK_BYTES // (tangent_width() * P * itemsize))``.

        ``P``: tangents per input (``D`` forward, ``C`` backward); ``itemsize``:
        bytes per element (8 for float64, 4 for float32).
        """
        return max(1, self.CHUNK_BYTES // max(1, self.tangent_width() * P * itemsize))

    def affine_map(self, x: Any, *, chunk_size: int | None = None, mode: str = "auto") -> tuple[Any, Any]:
        r"""The exact affine map :math:`(A[x], b[x])` the network applies at each input.

        Parameters
        ----------
        x : array of shape (N, D) or (N, *input_shape)
            Or one input, (D,) or ``input_shape``: the batch axis is then dropped from the results.
        chunk_size : int, optional
            Inputs processed at once (default :meth:`default_chunk_size`:
            about ``CHUNK_BYTES = 2**23`` bytes in the widest tangent
            stack). Bounds the memory used besides the result, whatever N
            (see Notes).
        mode : {"auto", "forward", "backward"}
            Accumulate the product of the layer matrices from the input side
            (cost :math:`\propto D`) or from the output side (:math:`\propto C`);
            ``auto`` takes the cheaper.

        Returns
        -------
        A : array of shape (N, C, D)
            :math:`A[x] = \prod_{\ell=L}^{1} A^{(\ell)}[x]`, the Jacobian of the network at x.
        b : array of shape (N, C)
            :math:`b[x] = \sum_\ell \big(\prod_{j>\ell} A^{(j)}[x]\big) B^{(\ell)}[x]`,
            accumulated from the layers' offsets (not as :math:`z - A x`).

        Notes
        -----
        Implements icml18 Eq. (7)-(8) for any chain of the library's layers:
        :math:`z^{(L)}(x) = A[x]\,x + b[x]`.

        Memory: the result (``N (C D + C)`` elements) is allocated once and
        every chunk is written into it (its last product straight into its
        block of A on NumPy and CuPy; in the backward accumulation the dense
        and convolution products before it go into two buffers that all
        chunks reuse, instead of fresh arrays), so besides the result and one copy of
        ``x`` the peak is that of one chunk of ``n = min(N, chunk_size)``
        inputs: a few tangent stacks of ``n P w`` elements (``P = D`` forward,
        ``C`` backward, ``w`` = :meth:`tangent_width`) and the layer states
        (``O(n w)``), plus arrays independent of N (the identity seed,
        ``P^2``). It does not grow with N. Measured with tracemalloc
        (``benchmarks/bench_network.py``, float64, N = 256 to 4096): at most
        1.8 ``n P w`` elements for the MLP 784-512-512-10 and 1.5 for the
        small CNN at chunk sizes 64 to 256 (2.3 at a chunk of 14, where the
        fixed per-chunk arrays weigh more), the same for every N. A network of affine operators alone
        has one map for all inputs; a single chunk then returns read-only
        broadcast views of it.

        Cost: ``auto`` compares :math:`P \sum_\ell D_{\ell-1} D_\ell` for
        ``P = D`` and ``P = C``. Within a chunk a convolution's col2im works
        in cache-sized row blocks (``Conv2d.COL_BLOCK``).
        """
        if mode not in ("auto", "forward", "backward"):
            raise ValueError(f"mode must be 'auto', 'forward' or 'backward'; got {mode!r}")
        x, one = self._one(x)
        if one:
            return self._drop_batch(self.affine_map(x, chunk_size=chunk_size, mode=mode), True)
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        if mode == "auto":
            mode = "forward" if self._cost("forward") <= self._cost("backward") else "backward"
        P = self.D if mode == "forward" else self.C
        run = self._affine_forward if mode == "forward" else self._affine_backward
        n = x.shape[0]
        chunks = self._chunks(n, chunk_size, P, xp.finfo(x.dtype).bits // 8)
        if len(chunks) == 1:
            return run(x)
        # Preallocated result, written chunk by chunk: no list of chunk results and no concat copy.
        A = xp.empty((n, self.C, self.D), dtype=x.dtype)
        b = xp.empty((n, self.C), dtype=x.dtype)
        kw = {"ws": _Workspace(xp, x.dtype)} if mode == "backward" else {}
        for s, e in chunks:
            # The last product of each chunk is written straight into A where the layer can (NumPy, CuPy),
            # the backward products before it into two buffers that every chunk reuses.
            b[s:e, ...] = run(x[s:e, ...], out=A[s:e, ...], **kw)
        return A, b

    def _affine_forward(self, x: Any, out: Any = None) -> Any:
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        V = xp.eye(self.D, dtype=x.dtype)[None, ...]
        b = xp.zeros((1, self.D), dtype=x.dtype)
        z = x
        for lay in self.layers:
            lay = _prepare(lay, z)
            z, st = lay.linearize(z)
            V = lay.push(st, V)
            b = lay.push(st, b[:, :, None])[..., 0]
            off = lay.offset(st)
            if off is not None:
                b = b + (off[None, :] if off.ndim == 1 else off)
        if out is not None:  # (the forward accumulation's last product is narrow: copy it)
            out[...] = V
            return b
        return xp.broadcast_to(V, (n, self.C, self.D)), xp.broadcast_to(b, (n, self.C))

    def _affine_backward(self, x: Any, out: Any = None, ws: Any = None) -> Any:
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        states, _ = self._linearize(x)
        U = xp.eye(self.C, dtype=x.dtype)[None, ...]
        b = xp.zeros((1, self.C), dtype=x.dtype)
        held = None  # the workspace buffer U lives in (or may be a view of), None when U is fresh
        i = len(states) - 1
        while i >= 0:
            lay, st, _ = states[i]
            off = lay.offset(st)
            if off is not None:
                if off.ndim == 1:  # one GEMV for the whole stack instead of a batch of tiny products
                    m, Q, K = U.shape
                    b = b + xp.reshape(xp.reshape(U, (m * Q, K)) @ off, (m, Q))
                else:
                    b = b + xp.sum(U * off[:, None, :], axis=2)
            prev = states[i - 1] if i > 0 else None
            fold = prev is not None and isinstance(prev[0], _Elementwise) and prev[0].offset(prev[1]) is None
            d = prev[1]["d"] if fold else None  # an elementwise layer below: its slopes go into this pull (one pass less over U)
            i -= 2 if fold else 1
            if i < 0 and out is not None:  # the last product: straight into the caller's block of A
                lay.pull_into(st, U, out, d)
                return xp.broadcast_to(b, (n, self.C))
            shared = U.shape[0] == 1 and n > 1
            if ws is not None and (d is not None or not shared) and lay.pulls_into_directly(xp, shared):
                # Into the buffer U does not occupy: a pull never reads what it writes. A layer
                # without a direct write returns a fresh array or a view of U, so ``held`` stays.
                held = 0 if held is None else 1 - held
                buf = ws.buffer(held, (n, U.shape[1], lay.D_in))
                lay.pull_into(st, U, buf, d)
                U = buf
            else:
                U = lay.pull(st, U) if d is None else lay.pull_scaled(st, U, d)
        if out is not None:
            out[...] = U
            return xp.broadcast_to(b, (n, self.C))
        return xp.broadcast_to(U, (n, self.C, self.D)), xp.broadcast_to(b, (n, self.C))

    def jacobian(self, x: Any, **kw: Any) -> Any:
        """The input-output Jacobian at each input, shape (N, C, D): :math:`A[x]` of :meth:`affine_map`."""
        return self.affine_map(x, **kw)[0]

    def templates(self, x: Any, **kw: Any) -> tuple[Any, Any]:
        r"""Signal-dependent templates and biases (icml18 Sec. 5.2).

        Returns
        -------
        T : array (N, C, D)
            :math:`A[x]_{c,\cdot} = \partial z^{(L)}_c / \partial x`.
        t : array (N, C)
            :math:`b[x]_c = z^{(L)}(x)_c - \langle A[x]_{c,\cdot}, x\rangle`.
        """
        x, one = self._one(x)
        if one:
            return self._drop_batch(self.templates(x, **kw), True)
        A, _ = self.affine_map(x, **kw)
        xf = self._batch(x)
        z = self.forward(xf)
        return A, z - (A @ xf[:, :, None])[..., 0]

    def layer_factors(self, x: Any) -> list:
        r"""The per-operator affine maps :math:`(A^{(\ell)}[x], B^{(\ell)}[x])` (icml18 Eq. (6)-(7)).

        Returns
        -------
        list of (A_l (N, D_l, D_{l-1}), b_l (N, D_l))
            One per operator in :attr:`layers`; :func:`compose_factors` multiplies them out.
        """
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        out = []
        for lay, st, z in self._linearize(x)[0]:
            eye = xp.eye(lay.D_in, dtype=x.dtype)[None, ...]
            A = xp.broadcast_to(lay.push(st, eye), (n, lay.D_out, lay.D_in))
            off = lay.offset(st)
            b = xp.zeros((n, lay.D_out), dtype=x.dtype) if off is None else xp.broadcast_to(off, (n, lay.D_out))
            out.append((A, b))
        return out

    def term_magnitude(self, x: Any) -> Any:
        """A bound on the magnitude of the terms the forward pass sums, (N, C): the round-off scale of the output."""
        a = self.xp.abs(self._batch(x)) if self._xp is not None else None
        if a is None:
            xb = self._batch(x)
            a = array_namespace_or_error(xb).abs(xb)
        for lay in self.layers:
            a = _prepare(lay, a).abs_forward(a)
        return a

    # ----------------------------------------------------------------- regions
    def code_layers(self) -> list:
        """``(operator index, type name, units, regions)`` of every group of region codes, in order."""
        x = self.xp.zeros((1, self.D), dtype=self.dtype)
        info = []
        for i, (lay, st, _) in enumerate(self._linearize(x)[0]):
            for c, R in lay.codes(st):
                info.append((i, type(lay).__name__, int(c.shape[1]), int(R)))
        return info

    def region_codes(self, x: Any, *, packed: bool = True) -> list:
        r"""Region codes :math:`t^{(\ell)}(x)` of every nonlinear operator (icml18 Eq. (14)).

        Parameters
        ----------
        x : array of shape (N, D) or (N, *input_shape)
        packed : bool, default True
            Two-region units (ReLU, leaky ReLU, absolute value, RNN steps) come
            bit-packed as ``uint8`` arrays ``(N, ceil(K/8))`` (:func:`unpack_codes`);
            with ``packed=False`` every entry is an int64 array ``(N, K)``.

        Returns
        -------
        list of arrays, one per nonlinear operator (see :meth:`code_layers`)

        Notes
        -----
        :math:`[t^{(\ell)}(x)]_k = \arg\max_r \langle [A^{(\ell)}]_{k,r,\cdot}, z^{(\ell-1)}(x)\rangle + [B^{(\ell)}]_{k,r}`,
        0-based, ties to the lowest region.
        """
        x, one = self._one(x)
        if one:
            return self._drop_batch(self.region_codes(x, packed=packed), True)
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        out = []
        for lay, st, _ in self._linearize(x)[0]:
            for c, R in lay.codes(st):
                if R == 2 and packed:
                    out.append(pack_codes(c))
                else:
                    out.append(xp.astype(c, xp.int64))
        return out

    def partition_distance(self, x1: Any, x2: Any) -> list:
        r"""Partition-based distance of icml18 Eq. (15), per nonlinear operator.

        Parameters
        ----------
        x1, x2 : arrays of shape (N, D) (pairs compared row by row)

        Returns
        -------
        list of arrays (N,)
            :math:`d = 1 - \frac{1}{D^{(\ell)}}\sum_k \mathbf 1([t^{(\ell)}(x_1)]_k = [t^{(\ell)}(x_2)]_k)`.
        """
        a, b = self._batch(x1, "x1"), self._batch(x2, "x2")
        if a.shape[0] != b.shape[0]:
            raise ValueError(f"x1 and x2 must hold the same number of inputs; got {a.shape[0]} and {b.shape[0]}")
        xp = array_namespace_or_error(a)
        table = xp.asarray(_POPCOUNT, dtype=xp.int64)
        out = []
        for c1, c2, (_, _, K, R) in zip(self.region_codes(a), self.region_codes(b), self.code_layers()):
            if R == 2:
                diff = xp.astype(c1 ^ c2, xp.int64)
                n_diff = xp.sum(xp.reshape(xp.take(table, xp.reshape(diff, (-1,))), diff.shape), axis=1)
            else:
                n_diff = xp.sum(xp.astype(c1 != c2, xp.int64), axis=1)
            out.append(xp.astype(n_diff, a.dtype) / K)
        return out

    def certified_radius(self, x: Any, *, return_direction: bool = False, chunk_size: int | None = None) -> Any:
        r"""Exact Euclidean distance from each input to the boundary of its region.

        Parameters
        ----------
        x : array of shape (N, D) or (N, *input_shape)
            Or one input, (D,) or ``input_shape`` (the results then have no batch axis).
        return_direction : bool, default False
            Also return the unit vector from x towards the nearest boundary point.
        chunk_size : int, optional
            Inputs processed at once (default :meth:`default_chunk_size` with
            ``P = D``: the tangent stacks of a chunk hold about
            ``CHUNK_BYTES`` bytes). Bounds the memory besides the result, whatever N.

        Returns
        -------
        r : array (N,)
            :math:`r(x) = \min_j |m_j(x)| / \|\nabla m_j(x)\|` over the margins
            :math:`m_j` of every unit (pre-activation of a ReLU-type unit; winner
            minus competitor of a max-pooling or maxout unit); ``inf`` when no
            unit depends on x. Every input within distance ``r`` has the same
            region codes, hence the same affine map.
        d : array (N, D), only with ``return_direction``

        Notes
        -----
        On the region of x every margin is affine in x, and the region is the
        intersection of the half-spaces :math:`\{m_j \ge 0\}` (sign-adjusted):
        the distance to its complement is the smallest distance to one of the
        hyperplanes. Margins with zero gradient never change sign there and are
        skipped. The gradients are pushed forward from the identity, ``D``
        tangents per input, so a chunk of n inputs holds stacks of
        ``n D w`` elements (``w`` = :meth:`tangent_width`).
        """
        x, one = self._one(x)
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        chunks = self._chunks(n, chunk_size, self.D, xp.finfo(x.dtype).bits // 8)
        if len(chunks) == 1:
            out = self._certified_radius(x, return_direction)
        else:
            best = xp.empty((n,), dtype=x.dtype)
            direc = xp.empty((n, self.D), dtype=x.dtype) if return_direction else None
            for s, e in chunks:
                r = self._certified_radius(x[s:e, ...], return_direction)
                if return_direction:
                    best[s:e], direc[s:e, ...] = r
                else:
                    best[s:e] = r
            out = (best, direc) if return_direction else best
        return self._drop_batch(out, one)

    def _certified_radius(self, x: Any, return_direction: bool) -> Any:
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        states, _ = self._linearize(x)
        # The gradients of the margins are pushed forward from blocks of identity columns; their
        # squared norms add up over the blocks, so a block of p columns bounds the memory (n p w).
        p = max(1, min(self.D, self.CHUNK_BYTES // max(1, n * self.tangent_width() * (xp.finfo(x.dtype).bits // 8))))
        eye = xp.eye(self.D, dtype=x.dtype)
        margins, sq = [], []
        for c0 in range(0, self.D, p):
            V = eye[None, :, c0 : c0 + p]
            k = 0
            for lay, st, z in states:
                for m, G in lay.margins(st, z, V):
                    s2 = xp.sum(G * G, axis=2)
                    if c0 == 0:
                        margins.append(m)
                        sq.append(xp.broadcast_to(s2, m.shape))
                    else:
                        sq[k] = sq[k] + s2
                    k += 1
                V = lay.push(st, V)
        best = xp.full((n,), math.inf, dtype=x.dtype)
        group = xp.full((n,), -1, dtype=xp.int64)
        picks = []
        for k, (m, s2) in enumerate(zip(margins, sq)):
            norm = xp.sqrt(s2)
            live = norm > 0
            dist = xp.where(live, xp.abs(m) / xp.where(live, norm, xp.ones_like(norm)), xp.full(m.shape, math.inf, dtype=x.dtype))
            j = xp.argmin(dist, axis=1)
            dj = _pick(xp, dist, j)
            better = dj < best
            best = xp.where(better, dj, best)
            group = xp.where(better, xp.asarray(k, dtype=xp.int64), group)
            picks.append((j, _pick(xp, m, j), _pick(xp, norm, j)))
        if not return_direction:
            return best
        # A second pass over the column blocks collects the gradient row of each input's nearest boundary.
        direc = xp.zeros((n, self.D), dtype=x.dtype)
        for c0 in range(0, self.D, p):
            V = eye[None, :, c0 : c0 + p]
            k = 0
            for lay, st, z in states:
                for _, G in lay.margins(st, z, V):
                    j, mj, nj = picks[k]
                    G = xp.broadcast_to(G, (n, G.shape[1], G.shape[2]))
                    sgn = xp.where(mj > 0, -xp.ones_like(mj), xp.ones_like(mj))
                    dvec = sgn[:, None] * _pick_rows(xp, G, j) / xp.where(nj > 0, nj, xp.ones_like(nj))[:, None]
                    direc[:, c0 : c0 + p] = xp.where((group == k)[:, None], dvec, direc[:, c0 : c0 + p])
                    k += 1
                V = lay.push(st, V)
        return best, direc

    def count_regions(self, x: Any) -> list:
        """Number of distinct region codes among the inputs ``x``, per nonlinear operator (:meth:`code_layers`)."""
        x = self._batch(x)
        out = []
        for c in self.region_codes(x, packed=False):
            h = _backend.to_numpy(c)
            out.append(len({tuple(row) for row in h.tolist()}))
        return out

    def region_hyperplanes(self, x: Any) -> list:
        r"""The affine constraints that define the region of each input, per nonlinear operator.

        Returns
        -------
        list of (m (N, M), G (N, M, D))
            Margins :math:`m_j(x)` and their gradients :math:`\nabla m_j` in input
            space; within the region of x the boundary of constraint j is the
            hyperplane :math:`\{x' : m_j(x) + \langle \nabla m_j, x' - x\rangle = 0\}`.
            For ReLU-type units :math:`m_j` is the pre-activation; for max
            pooling and maxout it is the winner minus each competitor.
        """
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        V = xp.eye(self.D, dtype=x.dtype)[None, ...]
        z = x
        out = []
        for lay in self.layers:
            lay = _prepare(lay, z)
            nxt, st = lay.linearize(z)
            for m, G in lay.margins(st, z, V):
                out.append((m, xp.broadcast_to(G, (n, G.shape[1], G.shape[2]))))
            V = lay.push(st, V)
            z = nxt
        return out

    # ---------------------------------------------------------------- structure
    def groups(self) -> list:
        """Operator index ranges ``(start, stop)`` of the layers of icml18 Def. 1.

        A group is a run of affine operators followed by one nonlinear operator;
        trailing affine operators form the last group.
        """
        out, start = [], 0
        for i, lay in enumerate(self.layers):
            if lay.kind != "affine":
                out.append((start, i + 1))
                start = i + 1
        if start < len(self.layers):
            out.append((start, len(self.layers)))
        return out

    def subnetwork(self, start: int, stop: int) -> Network:
        """The network of operators ``layers[start:stop]``."""
        if not (0 <= start < stop <= len(self.layers)):
            raise ValueError(f"start, stop must satisfy 0 <= start < stop <= {len(self.layers)}; got {start}, {stop}")
        return Network(self.layers[start:stop], self.layers[start].in_shape)

    def group_maso(self, g: int) -> MASO:
        r"""The MASO :math:`S[A^{(\ell)}, B^{(\ell)}]` of layer (group) ``g`` (icml18 Prop. 4).

        Affine operators :math:`z \mapsto Wz + b` followed by an operator
        :math:`S[A_\sigma, B_\sigma]` give :math:`[A]_{k,r,\cdot} = W^T[A_\sigma]_{k,r,\cdot}`,
        :math:`[B]_{k,r} = [B_\sigma]_{k,r} + b^T [A_\sigma]_{k,r,\cdot}`.

        Raises
        ------
        TypeError
            The group's nonlinear operator has no MASO form (leaky ReLU with
            eta > 1, a residual block or an RNN).
        """
        groups = self.groups()
        if isinstance(g, bool) or not isinstance(g, int) or not 0 <= g < len(groups):
            raise ValueError(f"g must be a group index in 0..{len(groups) - 1}; got {g!r}")
        s, e = groups[g]
        xp, dt = self.xp, self.dtype
        last = self.layers[e - 1]
        affine = self.layers[s : e - 1] if last.kind != "affine" else self.layers[s:e]
        D_in = self.layers[s].D_in
        W = xp.eye(D_in, dtype=dt)
        b = xp.zeros((D_in,), dtype=dt)
        for lay in affine:
            W_l, b_l = _affine_of(lay, xp, dt)
            W, b = W_l @ W, W_l @ b + b_l
        if last.kind == "affine":
            return MASO(W[:, None, :], b[:, None])
        if isinstance(last, (Residual, ReLURNN)):
            raise TypeError(f"{type(last).__name__} is a composition of layers, not a single MASO")
        S = _maso_of(last, xp, dt)
        return compose_affine_maso(S, W, b)

    def joint_max_template_matching(self, x: Any, *, max_configurations: int = 4096) -> Any:
        r"""The right-hand side of icml18 Eq. (11): the joint maximum over all region choices.

        .. math::

            W^{(L)} \max_{r^{(L-1)},\dots,r^{(1)}} \Big(A^{(L-1)}_{r^{(L-1)}}\big(\cdots
            (A^{(1)}_{r^{(1)}} x + B^{(1)}_{r^{(1)}})\cdots\big) + B^{(L-1)}_{r^{(L-1)}}\Big) + b_W^{(L)}

        The maximum is taken per unit of :math:`z^{(L-1)}` over every
        configuration of regions of the layers (groups) before the last; the
        last group must be affine (:math:`W^{(L)}, b_W^{(L)}`).

        Raises
        ------
        ValueError
            More than ``max_configurations`` configurations, or the network does
            not end with an affine group.
        """
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        groups = self.groups()
        if len(groups) < 2 or self.layers[groups[-1][1] - 1].kind != "affine":
            raise ValueError("the network must end with affine operators (W^(L), b^(L)) after at least one nonlinear layer")
        masos = [self.group_maso(g) for g in range(len(groups) - 1)]
        count = 1
        for S in masos[:-1]:
            count *= S.R**S.K
        if count * masos[-1].R > max_configurations:
            raise ValueError(f"the joint maximum needs {count * masos[-1].R} configurations > max_configurations = {max_configurations}")
        # Affine maps of every configuration of the earlier layers: A (M, K, D), B (M, K).
        A = xp.eye(self.D, dtype=self.dtype)[None, ...]
        B = xp.zeros((1, self.D), dtype=self.dtype)
        for S in masos[:-1]:
            configs = list(itertools.product(range(S.R), repeat=S.K))  # (R^K, K)
            flat = xp.asarray([k * S.R + r for c in configs for k, r in enumerate(c)], dtype=xp.int64)
            A_sel = xp.reshape(xp.take(xp.reshape(S.A, (S.K * S.R, S.D)), flat, axis=0), (len(configs), S.K, S.D))
            B_sel = xp.reshape(xp.take(xp.reshape(S.B, (S.K * S.R,)), flat), (len(configs), S.K))
            M = A.shape[0]
            A_new = A_sel[None, ...] @ A[:, None, ...]  # (M, R^K, K, D)
            B_new = (A_sel[None, ...] @ B[:, None, :, None])[..., 0] + B_sel[None, ...]
            A = xp.reshape(A_new, (M * len(configs), S.K, self.D))
            B = xp.reshape(B_new, (M * len(configs), S.K))
        S = masos[-1]
        vals_A = S.A @ A[:, None, ...]  # (M, K, R, D)
        vals_B = (S.A @ B[:, None, :, None])[..., 0] + S.B  # (M, K, R)
        u = xp.sum(vals_A[None, ...] * x[:, None, None, None, :], axis=4) + vals_B[None, ...]  # (N, M, K, R)
        z = xp.max(xp.max(u, axis=3), axis=1)  # (N, K)
        s, e = groups[-1]
        for lay in self.layers[s:e]:
            z = _prepare(lay, z).forward(z)
        return z

    # ----------------------------------------------------------------- convexity
    def theorem2_conditions(self) -> tuple[bool, list]:
        """Whether the network meets the conditions of icml18 Thm. 2, and the reasons it does not.

        Conditions: every nonlinear operator is convex (a MASO); after the first
        nonlinear operator, every operator has non-negative weights and is
        non-decreasing (ReLU, leaky ReLU with 0 < eta <= 1, max pooling,
        average pooling, BatchNorm with non-negative scale, dense and
        convolution layers with non-negative weights).

        Returns
        -------
        ok : bool
        reasons : list of str
            One line per violated condition, naming the operator.
        """
        reasons = []
        seen = False
        for i, lay in enumerate(self.layers):
            name = f"layers[{i}] ({type(lay).__name__})"
            if not lay.is_convex():
                reasons.append(f"{name} is not convex")
            if seen:
                if not lay.has_nonnegative_weights():
                    reasons.append(f"{name} has negative weights after the first nonlinear layer")
                if not lay.is_nondecreasing():
                    reasons.append(f"{name} is not non-decreasing after the first nonlinear layer")
            if lay.kind != "affine":
                seen = True
        return (not reasons), reasons

    def midpoint_convexity_gap(self, x: Any, y: Any) -> Any:
        r""":math:`f(\tfrac{x+y}{2}) - \tfrac{f(x)+f(y)}{2}` per pair and output, (N, C); :math:`\le 0` for a convex network."""
        a, b = self._batch(x, "x"), self._batch(y, "y")
        if a.shape != b.shape:
            raise ValueError(f"x and y must have the same shape; got {tuple(a.shape)} and {tuple(b.shape)}")
        return self.forward((a + b) / 2) - (self.forward(a) + self.forward(b)) / 2

    def replace_layer(self, i: int, layer: Layer) -> Network:
        """A copy with operator ``i`` replaced by ``layer``."""
        layers = list(self.layers)
        layers[i] = layer
        return Network(layers, self.input_shape)


class _Workspace:
    """Two flat buffers that the chunks of one :meth:`Network.affine_map` call reuse for their intermediate products.

    A fresh array of a few MiB per product and chunk can cost page faults on
    every call (glibc returns freed memory above its trim threshold to the
    system); these stay allocated for the whole call. Each buffer grows to
    the largest stack asked of it, at most ``chunk * C * tangent_width()``
    elements.
    """

    def __init__(self, xp: Any, dtype: Any) -> None:
        self.xp, self.dtype, self.flat = xp, dtype, [None, None]

    def buffer(self, k: int, shape: tuple) -> Any:
        """A C-contiguous array of ``shape`` on buffer ``k`` (0 or 1); its contents are undefined."""
        size = math.prod(shape)
        if self.flat[k] is None or self.flat[k].shape[0] < size:
            self.flat[k] = self.xp.empty((size,), dtype=self.dtype)
        return self.xp.reshape(self.flat[k][:size], shape)


def _affine_of(lay: Layer, xp: Any, dt: Any) -> tuple[Any, Any]:
    eye = xp.eye(lay.D_in, dtype=dt)[None, ...]
    lay = _prepare(lay, eye[0, ...])
    W = lay.push({}, eye)[0, ...]
    off = lay.offset({})
    return W, (xp.zeros((lay.D_out,), dtype=dt) if off is None else off)


def _maso_of(lay: Layer, xp: Any, dt: Any) -> MASO:
    S = lay.maso()
    if S.xp is xp and S.dtype == dt:
        return S
    return MASO(_backend.asarray(S.A, xp, dt), _backend.asarray(S.B, xp, dt))


def _pick(xp: Any, a: Any, j: Any) -> Any:
    n, M = a.shape
    flat = j + M * xp.arange(n, dtype=j.dtype)
    return xp.take(xp.reshape(a, (n * M,)), flat)


def _pick_rows(xp: Any, G: Any, j: Any) -> Any:
    n, M, P = G.shape
    flat = j + M * xp.arange(n, dtype=j.dtype)
    return xp.take(xp.reshape(G, (n * M, P)), flat, axis=0)


def shared_bias_maso(S: MASO, W: Any, b: Any) -> tuple[Any, Any]:
    r"""The simplified MASO of the slides for :math:`z \mapsto S(Wz + b)`: one bias shared by all units.

    Parameters
    ----------
    S : MASO with B = 0 (ReLU, leaky ReLU, absolute value), A of shape (K, R, M)
    W : array (M, D) with linearly independent rows
    b : array (M,)

    Returns
    -------
    A : array (K, R, D)
        :math:`W^T [A_S]_{k,r,\cdot}`.
    beta : array (D,)
        :math:`\beta' = W^+ b` (Moore-Penrose), so that :math:`W\beta' = b` when
        the rows of W are linearly independent.

    Notes
    -----
    :math:`S'[A,\beta'](x)_k = \max_r \langle [A]_{k,r,\cdot}, x + \beta'\rangle`
    (:func:`shared_bias_maso_output`).
    """
    xp = S.xp
    return S.A @ W, xp.linalg.pinv(W) @ b


def shared_bias_maso_output(A: Any, beta: Any, x: Any) -> Any:
    r""":math:`S'[A,\beta'](x)_k = \max_r \langle [A]_{k,r,\cdot}, x + \beta'\rangle` for a batch x (N, D)."""
    xp = array_namespace_or_error(A, beta, x)
    return MASO(A, xp.zeros(A.shape[:2], dtype=A.dtype))(x + beta)


def residual_branch_matrices(net: Network, x: Any) -> list:
    r"""For a network of residual blocks, the branch matrices :math:`M_\ell[x]` with block Jacobian :math:`I + M_\ell[x]`.

    Returns
    -------
    list of arrays (N, D, D), one per operator (in network order)

    Raises
    ------
    TypeError
        An operator is not a :class:`~spline_theory.layers.Residual` block.
    """
    for i, lay in enumerate(net.layers):
        if not isinstance(lay, Residual) or lay.skip is not None:
            raise TypeError(f"net.layers[{i}] must be a Residual block with the identity skip; got {type(lay).__name__}")
    out = []
    for A, _ in net.layer_factors(x):
        xp = array_namespace_or_error(A)
        out.append(A - xp.eye(A.shape[1], dtype=A.dtype))
    return out


def ensemble_expansion(M: list) -> Any:
    r"""The sum over all :math:`2^n` paths of a residual stack: :math:`\prod_{\ell=n}^{1}(I + M_\ell) = \sum_{S} \prod_{\ell \in S\downarrow} M_\ell`.

    Parameters
    ----------
    M : list of arrays (N, D, D)
        Branch matrices in network order (:func:`residual_branch_matrices`).

    Returns
    -------
    array (N, D, D)
        Each subset S of blocks contributes the product of its branch matrices
        (later blocks on the left); the empty subset is the identity (the
        "ensemble of models" of report17 Sec. 3.3.3 with every path kept).
    """
    xp = array_namespace_or_error(M[0])
    n = len(M)
    N, D, _ = M[0].shape
    total = xp.zeros((N, D, D), dtype=M[0].dtype)
    for S in itertools.product((False, True), repeat=n):
        P = xp.broadcast_to(xp.eye(D, dtype=M[0].dtype), (N, D, D))
        for keep, M_l in zip(S, M):
            if keep:
                P = M_l @ P
        total = total + P
    return total


def region_by_output_sum(S: MASO, x: Any, *, max_configurations: int = 4096) -> tuple[Any, Any]:
    r"""The affine piece :math:`\phi^*_r` whose output has the largest sum (report17 Thm. 3, Eq. (53)).

    Parameters
    ----------
    S : MASO with K units of R regions
    x : array (N, D)
    max_configurations : int
        :math:`R^K` configurations are enumerated.

    Returns
    -------
    A_r : array (N, K, D)
        :math:`A_{r^*}`, :math:`r^* = \arg\max_{r \in \{1..R\}^K} \langle A_r x + b_r, \mathbf 1\rangle`
        (the first maximizing configuration in lexicographic order).
    b_r : array (N, K)

    Raises
    ------
    ValueError
        :math:`R^K` exceeds ``max_configurations``.
    """
    xp = S.xp
    if S.R**S.K > max_configurations:
        raise ValueError(f"R^K = {S.R ** S.K} configurations exceed max_configurations = {max_configurations}")
    configs = list(itertools.product(range(S.R), repeat=S.K))
    flat = xp.asarray([k * S.R + r for c in configs for k, r in enumerate(c)], dtype=xp.int64)
    A_c = xp.reshape(xp.take(xp.reshape(S.A, (S.K * S.R, S.D)), flat, axis=0), (len(configs), S.K, S.D))
    B_c = xp.reshape(xp.take(xp.reshape(S.B, (S.K * S.R,)), flat), (len(configs), S.K))
    totals = x @ xp.matrix_transpose(xp.sum(A_c, axis=1)) + xp.sum(B_c, axis=1)  # (N, M)
    best = xp.argmax(totals, axis=1)
    return xp.take(A_c, best, axis=0), xp.take(B_c, best, axis=0)


def _stay_between(layer: int, k_prev: int, k_next: int) -> range:
    return range(k_prev + 1, k_next + 1)


def stacked_rnn_path_sum(net: Network, x: Any, *, stay: Any = None) -> Any:
    r"""The path expansion of a stacked RNN's output (report17 Sec. 3.3.4, Eq. (48)-(50)).

    For ``net`` a stack of :class:`~spline_theory.layers.ReLURNN` layers
    (every layer but the last with ``sequence=True``; layer 1's ``W_x`` is
    :math:`W_{in}^{(1)}`, layer :math:`\ell>1`'s is :math:`W_{up}^{(\ell)}`),
    the part of :math:`z^{(L,T)}_{RNN}(x)` linear in the input is the sum over
    every path that enters layer 1 at time :math:`t = k_0`, moves up to layer
    :math:`\ell+1` at time :math:`k_\ell` (:math:`k_0 \le k_1 \le \dots \le k_{L-1} \le T`)
    and stays in layer :math:`\ell` for the steps :math:`q \in` ``stay(l, k_{l-1}, k_l)``
    (:math:`k_L = T`):

    .. math::

        \sum_{t \le k_1 \le \dots \le k_{L-1}}
        \Big(\prod_{q=T}^{k_{L-1}+1} A_\sigma^{(L,q)}W_{rec}^{(L)}\Big) A_\sigma^{(L,k_{L-1})}W_{up}^{(L)}
        \cdots
        \Big(\prod_{q=k_1}^{t+1} A_\sigma^{(1,q)}W_{rec}^{(1)}\Big) A_\sigma^{(1,t)}W_{in}^{(1)}x^t .

    Parameters
    ----------
    net : Network of ReLURNN layers with one T
    x : array (N, T D_x) or (N, T, D_x)
    stay : callable (l, k_prev, k_next) -> iterable of int, optional
        The steps (1-based, applied in increasing order) a path spends in layer
        ``l`` (1-based) after entering it at ``k_prev`` and before leaving at
        ``k_next``; default ``range(k_prev + 1, k_next + 1)``, the exact
        unrolling. Other index ranges evaluate a formula as printed.

    Returns
    -------
    array (N, H_L)
        The path sum with the slopes :math:`A_\sigma^{(\ell,t)}[x]` of ``x``; it
        equals :math:`z^{(L,T)}_{RNN}(x)` when every bias is zero.

    Raises
    ------
    TypeError
        A layer is not a ReLURNN, or the sequence flags do not stack.
    ValueError
        Layers with different T, or ``stay`` returns a step outside 1..T.
    """
    for i, lay in enumerate(net.layers):
        if not isinstance(lay, ReLURNN):
            raise TypeError(f"net.layers[{i}] must be a ReLURNN; got {type(lay).__name__}")
        if lay.sequence != (i < len(net.layers) - 1):
            raise TypeError(f"net.layers[{i}] must have sequence={i < len(net.layers) - 1} (every layer but the last outputs its whole sequence)")
    T = net.layers[0].T
    if any(lay.T != T for lay in net.layers):
        raise ValueError(f"every ReLURNN must unroll over the same T; got {[lay.T for lay in net.layers]}")
    stay = _stay_between if stay is None else stay
    x = net._batch(x)
    xp = array_namespace_or_error(x)
    states, _ = net._linearize(x)
    slopes = [st["d"] for _, st, _ in states]  # A_sigma^(l,t)[x], one pass
    L = len(net.layers)
    Dx = net.layers[0].W_x.shape[1]
    total = None
    for path in itertools.combinations_with_replacement(range(1, T + 1), L):  # (t, k_1, ..., k_{L-1}) non-decreasing
        t = path[0]
        v = slopes[0][t - 1] * (x[:, (t - 1) * Dx : t * Dx] @ xp.matrix_transpose(net.layers[0].W_x))
        for l in range(L):
            lay = net.layers[l]
            k_prev, k_next = path[l], (path[l + 1] if l + 1 < L else T)
            for q in stay(l + 1, k_prev, k_next):
                if not 1 <= q <= T:
                    raise ValueError(f"stay({l + 1}, {k_prev}, {k_next}) returned step {q} outside 1..{T}")
                v = slopes[l][q - 1] * (v @ xp.matrix_transpose(lay.W_h))
            if l + 1 < L:
                v = slopes[l + 1][k_next - 1] * (v @ xp.matrix_transpose(net.layers[l + 1].W_x))
        total = v if total is None else total + v
    return total
