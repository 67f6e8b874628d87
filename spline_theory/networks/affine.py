r"""Exact per-input affine maps of a network, and the chunking that bounds their memory.

:class:`AffineMaps` holds the methods of :class:`~spline_theory.network.Network`
that compute :math:`A[x]` and :math:`b[x]` with
:math:`z^{(L)}(x) = A[x]\,x + b[x]` (icml18 Eq. (7)-(8)): forward or backward
accumulation of the layers' products (the cheaper chosen by cost), chunks of
inputs written into a preallocated result, and the two buffers the backward
products reuse (:class:`_Workspace`).
"""

from __future__ import annotations

import math
from typing import Any

from .. import backend as _backend
from .._validation import array_namespace_or_error
from .layers import Conv2d, _Elementwise, _prepare

__all__ = ["AffineMaps", "compose_factors"]


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


class AffineMaps:
    """Affine maps, Jacobians, templates and layer factors (a part of :class:`~spline_theory.network.Network`)."""

    # -------------------------------------------------------------- affine map
    def _cost(self, mode: str) -> float:
        widths = [self.D] + [lay.D_out for lay in self.layers]
        P = self.D if mode == "forward" else self.C
        return P * sum(widths[i] * widths[i + 1] for i in range(len(self.layers)))

    def _chunks(self, n: int, chunk_size: int | None, P: int, itemsize: int = 8, columns: bool = True) -> list:
        if chunk_size is None:
            chunk_size = self.default_chunk_size(P, itemsize, columns=columns)
        elif isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
            raise ValueError(f"chunk_size must be a positive int; got {chunk_size!r}")
        return [(s, min(n, s + chunk_size)) for s in range(0, n, chunk_size)]

    #: Bytes of the widest per-chunk tangent stack ``chunk * P * tangent_width()``
    #: that :meth:`affine_map` aims at by default (8 MiB: the MLP
    #: 784-512-512-10 of benchmarks/bench_network.py takes 133 inputs at once
    #: in float64 and 267 in float32, its small CNN 16 and 33 in the backward
    #: accumulation, whose col2im works in fixed row blocks). At or near the
    #: best size for both models and dtypes in the chunk sweeps of
    #: docs/networks.md ("Chunk size"); larger stacks leave the cache.
    CHUNK_BYTES = 1 << 23

    def tangent_width(self, columns: bool = True) -> int:
        """The widest array one tangent (or cotangent) of :meth:`affine_map` passes through.

        The maximum of the input size, every operator's output size and, for a
        convolution (with ``columns``), its column matrix ``C_in kh kw H_out W_out``
        (im2col of the forward accumulation); a chunk of n inputs holds stacks
        of at most ``n P`` such rows. The backward accumulation's col2im works
        in row blocks of a fixed size (``Conv2d.COL_BLOCK``), so its chunks are
        sized with ``columns=False``.
        """
        widths = [self.D]
        todo = list(self.layers)
        while todo:  # every operator, those inside residual blocks and graphs included
            lay = todo.pop()
            todo.extend(lay.sublayers())
            widths.append(lay.D_out)
            if columns and isinstance(lay, Conv2d):
                C_out, Cg, kh, kw = lay.kernel.shape
                widths.append(Cg * lay.groups * kh * kw * lay.out_shape[1] * lay.out_shape[2])
        return max(widths)

    def default_chunk_size(self, P: int, itemsize: int = 8, columns: bool = True) -> int:
        """Inputs per chunk :meth:`affine_map` uses by default: ``max(1, CHUNK_BYTES // (tangent_width(columns) * P * itemsize))``.

        ``P``: tangents per input (``D`` forward, ``C`` backward); ``itemsize``:
        bytes per element (8 for float64, 4 for float32); ``columns``: count the
        convolutions' column matrices (forward accumulation; the backward one
        passes False).
        """
        return max(1, self.CHUNK_BYTES // max(1, self.tangent_width(columns) * P * itemsize))

    @_backend.tensors_in_out
    def affine_map(self, x: Any, *, chunk_size: int | None = None, mode: str = "auto") -> tuple[Any, Any]:
        r"""The exact affine map :math:`(A[x], b[x])` the network applies at each input.

        Parameters
        ----------
        x : array of shape (N, D) or ``(N, *input_shape)``
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
        chunks = self._chunks(n, chunk_size, P, xp.finfo(x.dtype).bits // 8, columns=mode == "forward")
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

    @_backend.tensors_in_out
    def jacobian(self, x: Any, **kw: Any) -> Any:
        """The input-output Jacobian at each input, shape (N, C, D): :math:`A[x]` of :meth:`affine_map`."""
        return self.affine_map(x, **kw)[0]

    @_backend.tensors_in_out
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

    @_backend.tensors_in_out
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

    @_backend.tensors_in_out
    def term_magnitude(self, x: Any) -> Any:
        """A bound on the magnitude of the terms the forward pass sums, (N, C): the round-off scale of the output."""
        a = self.xp.abs(self._batch(x)) if self._xp is not None else None
        if a is None:
            xb = self._batch(x)
            a = array_namespace_or_error(xb).abs(xb)
        for lay in self.layers:
            a = _prepare(lay, a).abs_forward(a)
        return a


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


from ..backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
