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

from .. import backend as _backend
from .._validation import array_namespace_or_error, as_float_array, as_shape
from ..maso import MASO
from .affine import AffineMaps, _Workspace, compose_factors  # noqa: F401  (_Workspace: historical import path)
from .codes import RegionCodes, pack_codes, unpack_codes
from .layers import Layer, Residual, ReLURNN, _prepare, layer_from_spec

__all__ = ["Network", "compose_factors", "compose_affine_maso", "pack_codes", "unpack_codes", "shared_bias_maso", "shared_bias_maso_output", "residual_branch_matrices", "ensemble_expansion", "region_by_output_sum", "stacked_rnn_path_sum"]



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


def _finite_or_overflow(z: Any, net: Any, x: Any) -> None:
    """Raise ``OverflowError`` when the (finite, validated) input ``x`` produced a non-finite output ``z``."""
    xp = array_namespace_or_error(z)
    if not bool(xp.all(xp.isfinite(z))):
        big = float(xp.max(xp.abs(x))) if x.size else 0.0
        hint = "scale the inputs down" + (", or compute in float64 (net.to('numpy', 'float64'))" if "32" in str(z.dtype) else "")
        raise OverflowError(f"x: the network's output overflows {z.dtype} (inputs up to |x| = {big:.3g}); {hint}")


class Network(AffineMaps, RegionCodes):
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
    The methods come by concern: :class:`~spline_theory.networks.affine.AffineMaps`
    (affine maps, templates, chunking), :class:`~spline_theory.networks.codes.RegionCodes`
    (region codes, certified radii, partition distances) and this class
    (construction, forward pass, structure and the papers' conditions).

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
        shape = as_shape(input_shape, "input_shape")
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
    @_backend.tensors_in_out
    def forward(self, x: Any) -> Any:
        """The network output :math:`z^{(L)}(x)`, shape (N, C), or (C,) for one input of shape (D,) or ``input_shape`` (icml18 Eq. (1))."""
        x, one = self._one(x)
        return self._drop_batch(self.feature_maps(x)[-1], one)

    __call__ = forward

    @_backend.tensors_in_out
    def feature_maps(self, x: Any) -> list:
        r"""All feature maps :math:`z^{(0)} = x, z^{(1)}, \dots, z^{(L)}` (icml18 Eq. (2)), flat (N, D_l)."""
        z = self._batch(x)
        out = [z]
        for lay in self.layers:
            z = _prepare(lay, z).forward(z)
            out.append(z)
        _finite_or_overflow(out[-1], self, x)
        return out

    def _linearize(self, z: Any) -> list:
        states = []
        x = z
        for lay in self.layers:
            lay = _prepare(lay, z)
            out, st = lay.linearize(z)
            states.append((lay, st, z))
            z = out
        _finite_or_overflow(z, self, x)
        return states, z

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

    @_backend.tensors_in_out
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

    @_backend.tensors_in_out
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


def region_by_output_sum(S: MASO, x: Any, *, max_configurations: int = 4096, return_gap: bool = False) -> tuple:
    r"""The affine piece :math:`\phi^*_r` whose output has the largest sum (report17 Thm. 3, Eq. (53)).

    Parameters
    ----------
    S : MASO with K units of R regions
    x : array (N, D)
    max_configurations : int
        :math:`R^K` configurations are enumerated.
    return_gap : bool, default False
        Also return how clearly the sum decides the selection at each input.

    Returns
    -------
    A_r : array (N, K, D)
        :math:`A_{r^*}`, :math:`r^* = \arg\max_{r \in \{1..R\}^K} \langle A_r x + b_r, \mathbf 1\rangle`
        (the first maximizing configuration in lexicographic order).
    b_r : array (N, K)
    gap : array (N,), only with ``return_gap``
        :math:`\langle \phi_{r^*}(x), \mathbf 1\rangle - \max\{\langle \phi_r(x), \mathbf 1\rangle :
        \phi_r(x) \ne \phi_{r^*}(x)\}`: the margin by which the selected piece
        beats every configuration with a different output (``inf`` when all
        give the same output, e.g. a ReLU unit exactly at 0).
    scale : array (N,), only with ``return_gap``
        :math:`\sum_k \max_r |A_{k,r}|\,|x| + |B_{k,r}|`, the magnitude of the
        terms of the sums: a gap below ``rtol * scale`` is round-off, and
        the selection it makes is not decided by the statement.

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
    A_r, b_r = xp.take(A_c, best, axis=0), xp.take(B_c, best, axis=0)
    if not return_gap:
        return A_r, b_r
    # unit k's output under region r at every input: pre (N, K, R); a configuration picks one region per unit
    pre = S.pre_activations(x)
    cfg = xp.reshape(flat, (len(configs), S.K)) - xp.arange(S.K, dtype=xp.int64)[None, :] * S.R  # (M, K) region of each unit
    out_c = xp.stack([xp.take(pre[:, k, :], cfg[:, k], axis=1) for k in range(S.K)], axis=2)  # (N, M, K)
    pick = xp.arange(len(configs), dtype=xp.int64)[None, :] == xp.astype(best, xp.int64)[:, None]  # (N, M)
    chosen = xp.sum(xp.where(pick[:, :, None], out_c, xp.zeros_like(out_c)), axis=1)  # (N, K): the selected output
    differs = xp.any(out_c != chosen[:, None, :], axis=2)
    neg = xp.full(totals.shape, -xp.inf, dtype=totals.dtype)
    runner = xp.max(xp.where(differs, totals, neg), axis=1)
    top = xp.max(totals, axis=1)
    gap = top - runner
    scale = xp.sum(xp.max(xp.abs(S.A) @ xp.matrix_transpose(xp.abs(x)), axis=1) + xp.max(xp.abs(S.B), axis=1)[:, None], axis=0)
    return A_r, b_r, gap, scale


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


from ..backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
