r"""Exact spline partitions of 1-D and 2-D input slices (icml18 Sec. 7).

A network of affine and max-affine spline operators is an affine spline:
its input space is partitioned into convex regions, one per combination of
region codes :math:`t^{(1)}(x), \dots, t^{(L)}(x)` (icml18 Eq. (14)), and on
each region it applies one affine map (icml18 Thm. 1, Eq. (7)-(8)). On an
affine slice of the input space

.. math::

    x(s, t) = x_0 + s\,u + t\,v, \qquad (s, t) \in [s_0, s_1] \times [t_0, t_1],

every feature map :math:`z^{(\ell)}` is affine in :math:`(s, t)` on each region,
so every unit boundary is a straight line there. :func:`slice_partition`
builds the exact partition layer by layer (icml18 Sec. 7.1: "as each MASO is
applied, it subdivides the input space into finer and finer partitions"):
it starts from the rectangle and, for each nonlinear operator, splits every
current polygon

- by the line :math:`\{z_k = 0\}` of each unit of a ReLU, leaky ReLU or
  absolute value (two regions, icml18 Prop. 2);
- into the argmax cells :math:`\{g_r \ge g_{r'}\ \forall r'\}` of each unit of
  a max pooling or maxout operator (icml18 Prop. 3, Eq. (5)); the cells are
  convex, so every region stays one convex polygon.

:func:`segment_partition` does the same on a segment :math:`x_0 + \tau(x_1 - x_0)`,
:math:`\tau \in [0, 1]`. No grid is sampled.

Notation: ``M`` regions, ``C`` outputs, ``K_l`` units of nonlinear operator ``l``
(:meth:`~spline_theory.network.Network.code_layers`), codes as
:meth:`~spline_theory.network.Network.region_codes` with ``packed=False``.

Backends: the slicer works with data-dependent shapes (polygons appear as
they are split), so it runs on host NumPy copies of the network's parameters
in the network's dtype (float32 or float64); results are NumPy arrays and
Python numbers, whatever the network's backend. The slice needs only the
parameters, never a batch of inputs, so the copy is small.

Tolerances: a vertex lies on a unit's line when the unit's value there is
within :math:`64\,\varepsilon\,(|a|\,s_{max} + |b|\,t_{max} + |c|)` of zero
(:math:`\varepsilon` of the dtype, :math:`z_k = a s + b t + c`; for the
difference of two candidates of a max unit, the sum of both candidates'
allowances, since its round-off scales with the candidates): regions
thinner than that are not resolved, and a split that would leave a piece of
width (four times its area over its perimeter) below :math:`64\,\varepsilon\max(|s|, |t|)`
is not made (such a piece is a segment up to round-off, not a region).

.. rubric:: References

R. Balestriero, R. Baraniuk, A Spline Theory of Deep Networks, ICML 2018
(icml18), Sec. 7, Eq. (14)-(15).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import backend as _backend
from ._validation import as_float_array
from .layers import Hardtanh, Maxout, _Elementwise, _Gather, _prepare
from .network import Network
from .networks.graph import INPUT, Graph

__all__ = [
    "SUPPORTED_LAYERS",
    "SegmentPartition",
    "SlicePartition",
    "segment_partition",
    "slice_partition",
    "count_regions_on_segment",
    "count_regions_on_slice",
    "count_regions_in_ball",
    "local_complexity",
    "arrangement_upper_bound",
    "decision_boundary_segments",
    "partition_nearest_neighbours",
    "grid_region_codes",
]

#: Operators the slicer splits by, in words (everything else raises TypeError).
SUPPORTED_LAYERS = (
    "affine operators (Dense, Conv2d, AvgPool, GlobalAvgPool, BatchNorm, Scale, Flatten, Reshape), "
    "ReLU, LeakyReLU, Abs, Hardtanh, MaxPool, ChannelMaxPool, Maxout, and Graph blocks of these with Add and Concat merges"
)

_NONLINEAR = (_Elementwise, _Gather, Maxout, Hardtanh)

_TOL = 64.0


# ------------------------------------------------------------------ checks
def _is_affine(lay: Any) -> bool:
    return lay.kind == "affine" and not lay.sublayers() and not isinstance(lay, _NONLINEAR)


def _sliceable(lay: Any) -> bool:
    return _is_affine(lay) or isinstance(lay, _NONLINEAR)


def _host_network(net: Any) -> Network:
    if not isinstance(net, Network):
        raise TypeError(f"net must be a spline_theory.network.Network; got {type(net).__name__}")
    for i, lay in enumerate(net.layers):
        parts = [node for _, node, _ in lay.nodes] if isinstance(lay, Graph) else [lay]
        for node in parts:
            if not (getattr(node, "merge", False) or _sliceable(node)):
                raise TypeError(f"net.layers[{i}] ({type(lay).__name__}{'' if node is lay else ', node ' + type(node).__name__}) is not supported by the slicer; supported: {SUPPORTED_LAYERS}")
    return net.to("numpy", np.dtype(_dtype_of(net)).name)


def _walk(layers: list, P: np.ndarray, q: np.ndarray, split: Any) -> tuple[np.ndarray, np.ndarray]:
    """Carry the affine map ``z = P (s, t)^T + q`` of every region through the operators.

    ``P`` (M, D, p) and ``q`` (M, D) hold one row per current region; ``split(lay, P, q)``
    splits the regions by a nonlinear operator and returns ``(P', q', parent)``, the
    maps after it and, for every new region, the region it came from. Inside a
    :class:`Graph` every value still to be read is re-indexed by ``parent``.
    """
    for lay in layers:
        if isinstance(lay, Graph):
            env = {INPUT: (P, q)}
            for name, node, ins in lay.nodes:
                vals = [env[v] for v in ins]
                if getattr(node, "merge", False):
                    env[name] = (node.merge_push([v[0] for v in vals]), node.merge_forward([v[1] for v in vals]))
                elif _is_affine(node):
                    env[name] = _affine_step(node, *vals[0])
                else:
                    Pn, qn, par = split(node, *vals[0])
                    env = {k: (v[0][par], v[1][par]) for k, v in env.items()}
                    env[name] = (Pn, qn)
            P, q = env[lay.output]
        elif _is_affine(lay):
            P, q = _affine_step(lay, P, q)
        else:
            P, q, _ = split(lay, P, q)
    return P, q


def _dtype_of(net: Network) -> Any:
    """float32 for a float32 network (any backend), else float64."""
    return np.float32 if "float32" in str(net.dtype) else np.float64


def _vector(value: Any, name: str, D: int, dt: Any) -> np.ndarray:
    """A finite host copy of shape (D,) in ``dt``; one input in the network's input shape is flattened."""
    arr = _backend.to_numpy(as_float_array(value, name, shape=f"({D},)", ndim=(1, 2, 3, 4)))
    if arr.ndim > 1 and arr.size == D:
        arr = arr.reshape(-1)
    if arr.shape != (D,):
        raise ValueError(f"{name} must have shape (D,) = ({D},) (the network's input size); got shape {tuple(arr.shape)}")
    out = np.array(arr, dtype=dt)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must be finite in {np.dtype(dt).name}; got values that overflow it")
    return out


def _interval(value: Any, name: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (low, high) of finite floats; got {value!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"{name} must be finite; got {value!r}")
    if not lo < hi:
        raise ValueError(f"{name} must be (low, high) with low < high (a rectangle of positive area); got {value!r}")
    return lo, hi


def _eps(dt: Any) -> float:
    return float(np.finfo(dt).eps)


# ------------------------------------------------------------ layer algebra
def _affine_step(lay: Any, P: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lay = _prepare(lay, q)
    q2, st = lay.linearize(q)
    return lay.push(st, P), q2


def _unit_values(lay: Any, P: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values of every candidate of every unit: ``gP (M, K, R, p)``, ``gq (M, K, R)``.

    Elementwise units have R = 1 (the pre-activation itself)."""
    if isinstance(lay, (_Elementwise, Hardtanh)):
        return P[:, :, None, :], q[:, :, None]
    if isinstance(lay, _Gather):
        idx = np.asarray(lay._index(_backend.namespace("numpy")))
        return P[:, idx, :], q[:, idx]
    A, B = np.asarray(lay.A), np.asarray(lay.B)
    return np.einsum("krd,mdp->mkrp", A, P), np.einsum("krd,md->mkr", A, q) + B[None, ...]


def _apply_codes(lay: Any, gP: np.ndarray, gq: np.ndarray, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(lay, Hardtanh):
        d = (code == 1).astype(gq.dtype)
        c = np.where(code == 0, lay.lo, np.where(code == 2, lay.hi, 0.0)).astype(gq.dtype)
        return d[:, :, None] * gP[:, :, 0, :], d * gq[:, :, 0] + c
    if isinstance(lay, _Elementwise):
        lo, hi = lay.slopes
        d = np.where(code == 1, hi, lo).astype(gq.dtype)
        return d[:, :, None] * gP[:, :, 0, :], d * gq[:, :, 0]
    c = code[:, :, None]
    return np.take_along_axis(gP, c[..., None], axis=2)[:, :, 0, :], np.take_along_axis(gq, c, axis=2)[:, :, 0]


def _codes_at(lay: Any, gP: np.ndarray, gq: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Region codes (M, K) of the operator at one interior point per region (``pts`` (M, p))."""
    val = np.einsum("mkrp,mp->mkr", gP, pts) + gq
    if isinstance(lay, Hardtanh):
        return (val[:, :, 0] > lay.lo).astype(np.int64) + (val[:, :, 0] > lay.hi).astype(np.int64)
    if isinstance(lay, _Elementwise):
        return (val[:, :, 0] > 0).astype(np.int64)
    return np.argmax(val, axis=2).astype(np.int64)


# ------------------------------------------------------------- 2-D polygons
def _areas(V: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Shoelace areas of padded convex polygons (padding repeats the first vertex)."""
    j = np.arange(V.shape[1])
    nxt = np.where(j[None, :] + 1 < n[:, None], j[None, :] + 1, 0)
    Vn = np.take_along_axis(V, nxt[..., None], axis=1)
    cross = V[..., 0] * Vn[..., 1] - V[..., 1] * Vn[..., 0]
    cross = np.where(j[None, :] < n[:, None], cross, 0)
    return 0.5 * np.sum(cross, axis=1)


def _widths(V: np.ndarray, n: np.ndarray) -> np.ndarray:
    """A convex polygon's width scale: four times its area over its perimeter (0 for a segment)."""
    m, W, _ = V.shape
    j = np.arange(W)
    nxt = np.where(j[None, :] + 1 < n[:, None], j[None, :] + 1, 0)
    Vn = V[np.arange(m)[:, None], nxt]
    valid = j[None, :] < n[:, None]
    cross = np.where(valid, V[..., 0] * Vn[..., 1] - V[..., 1] * Vn[..., 0], 0)
    E = Vn - V
    per = np.sum(np.where(valid, np.hypot(E[..., 0], E[..., 1]), 0), axis=1)
    return 2 * np.sum(cross, axis=1) / np.where(per > 0, per, 1)


def _interior(V: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The vertex mean of each convex polygon: a point of its interior."""
    j = np.arange(V.shape[1])
    w = (j[None, :] < n[:, None]).astype(V.dtype)
    return np.sum(V * w[..., None], axis=1) / n[:, None].astype(V.dtype)


def _clip(V: np.ndarray, n: np.ndarray, f: np.ndarray, tol: np.ndarray, side: int, strict: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Clip padded convex polygons to ``side * f >= 0`` (``f`` the values at the vertices, affine in (s, t)).

    Vertices within ``tol`` of the line are kept on both sides; new vertices
    are made only on edges whose ends lie strictly on opposite sides. With
    ``strict``, a polygon with no vertex strictly inside (``side * f > tol``)
    becomes empty: the tie goes to the other side (argmax ties to the lowest index)."""
    return _clip_sides(V, n, f, tol, (side,), strict)[0]


def _clip_sides(V: np.ndarray, n: np.ndarray, f: np.ndarray, tol: np.ndarray, sides: tuple, strict: bool = False) -> list:
    """:func:`_clip` to each side in ``sides``, sharing the work on the edges."""
    m, W, _ = V.shape
    j = np.arange(W)
    valid = j[None, :] < n[:, None]
    nxt = np.where(j[None, :] + 1 < n[:, None], j[None, :] + 1, 0)
    rows = np.arange(m)[:, None]
    sg = np.where(f > tol[:, None], 1, np.where(f < -tol[:, None], -1, 0))
    sg_n = sg[rows, nxt]
    f_n = f[rows, nxt]
    V_n = V[rows, nxt]
    cross = valid & (sg * sg_n == -1)
    den = np.where(cross, f - f_n, 1)
    lam = np.where(cross, f / den, 0)
    Pc = V + lam[..., None] * (V_n - V)
    cand = np.empty((m, 2 * W, 2), dtype=V.dtype)
    cand[:, 0::2] = V
    cand[:, 1::2] = Pc
    out = []
    for side in sides:
        keep = valid & (sg * side >= 0)
        mask = np.empty((m, 2 * W), dtype=bool)
        mask[:, 0::2] = keep
        mask[:, 1::2] = cross
        cnt = np.sum(mask, axis=1)
        if strict:
            cnt = np.where(np.any(valid & (sg * side > 0), axis=1), cnt, 0)
            mask &= (cnt > 0)[:, None]
        width = max(int(np.max(cnt)) if m else 0, 1)
        order = np.argsort(~mask, axis=1, kind="stable")[:, :width]
        Vo = cand[rows, order]
        pad = np.arange(width)[None, :] >= cnt[:, None]
        out.append((np.where(pad[..., None], Vo[:, :1, :], Vo), cnt))
    return out


def _widen(V: np.ndarray, width: int) -> np.ndarray:
    if V.shape[1] >= width:
        return V
    extra = np.repeat(V[:, :1, :], width - V.shape[1], axis=1)
    return np.concatenate([V, extra], axis=1)


def _line_tol(a: np.ndarray, b: np.ndarray, c: np.ndarray, smax: float, tmax: float, eps: float) -> np.ndarray:
    return _TOL * eps * (np.abs(a) * smax + np.abs(b) * tmax + np.abs(c))


class _Polys:
    """A growing set of padded convex polygons with the index of their parent at the start of the layer."""

    def __init__(self, V: np.ndarray, n: np.ndarray, parent: np.ndarray) -> None:
        self.V, self.n, self.parent = V, n, parent

    def replace_and_append(self, idx: np.ndarray, first: tuple, rest: list) -> None:
        V1, n1 = first
        width = max([self.V.shape[1], V1.shape[1]] + [Vr.shape[1] for Vr, _, _ in rest])
        self.V = _widen(self.V, width)
        self.V[idx] = _widen(V1, width)
        self.n[idx] = n1
        if rest:
            self.V = np.concatenate([self.V] + [_widen(Vr, width) for Vr, _, _ in rest], axis=0)
            self.n = np.concatenate([self.n] + [nr for _, nr, _ in rest])
            self.parent = np.concatenate([self.parent] + [pr for _, _, pr in rest])


def _split_layer(polys: _Polys, lay: Any, gP: np.ndarray, gq: np.ndarray, box: tuple, eps: float) -> None:
    """Split every polygon by the units of one nonlinear operator (values ``gP``, ``gq`` per layer-start polygon)."""
    smax, tmax, len_tol = box
    M0, K, R, _ = gP.shape
    # Which layer-start polygons each unit can split (evaluated on their vertices, in chunks of
    # about 2^20 values to bound the memory).
    tol0 = _line_tol(gP[..., 0], gP[..., 1], gq, smax, tmax, eps)  # (M0, K, R)
    crossed = np.zeros((M0, K), dtype=bool)
    W = polys.V.shape[1]
    step = max(1, (1 << 20) // max(1, K * R * W))
    for a0 in range(0, M0, step):
        sl = slice(a0, a0 + step)
        f0 = np.einsum("mwp,mkrp->mkrw", polys.V[sl], gP[sl]) + gq[sl][..., None]  # (m, K, R, W)
        valid = (np.arange(W)[None, :] < polys.n[sl][:, None])[:, None, :]  # (m, 1, W)
        t0 = tol0[sl]
        if R == 1:
            v0, tt = f0[:, :, 0, :], t0[:, :, 0, None]
            crossed[sl] = np.any(valid & (v0 > tt), axis=2) & np.any(valid & (v0 < -tt), axis=2)
            continue
        for r in range(R):
            for r2 in range(r + 1, R):
                d = f0[:, :, r, :] - f0[:, :, r2, :]
                tt = (t0[:, :, r] + t0[:, :, r2])[..., None]
                crossed[sl] |= np.any(valid & (d > tt), axis=2) & np.any(valid & (d < -tt), axis=2)
    for k in np.nonzero(np.any(crossed, axis=0))[0]:
        cand = np.nonzero(crossed[polys.parent, k])[0]
        if cand.size == 0:
            continue
        par = polys.parent[cand]
        V, n = polys.V[cand], polys.n[cand]
        if R == 1:
            a, b, c = gP[par, k, 0, 0], gP[par, k, 0, 1], gq[par, k, 0]
            f = V[..., 0] * a[:, None] + V[..., 1] * b[:, None] + c[:, None]
            tol = _line_tol(a, b, c, smax, tmax, eps)
            # Only a polygon with vertices strictly on both sides is split; the others keep
            # one side whole (the other side's piece has no vertex off the line).
            live = (np.arange(V.shape[1])[None, :] < n[:, None])
            hit = np.any(live & (f > tol[:, None]), axis=1) & np.any(live & (f < -tol[:, None]), axis=1)
            if not np.any(hit):
                continue
            cand, V, n, f, tol = cand[hit], V[hit], n[hit], f[hit], tol[hit]
            pieces = _clip_sides(V, n, f, tol, (-1, +1))
        else:
            pieces = []
            for r in range(R):
                Vr, nr = V, n
                for r2 in range(R):
                    if r2 == r:
                        continue
                    a = gP[par, k, r, 0] - gP[par, k, r2, 0]
                    b = gP[par, k, r, 1] - gP[par, k, r2, 1]
                    c = gq[par, k, r] - gq[par, k, r2]
                    f = Vr[..., 0] * a[:, None] + Vr[..., 1] * b[:, None] + c[:, None]
                    # round-off of a difference scales with both candidates, not with the difference
                    tol = tol0[par, k, r] + tol0[par, k, r2]
                    Vr, nr = _clip(Vr, nr, f, tol, +1, strict=r2 < r)
                pieces.append((Vr, nr))
        ok = [(nr >= 3) & (_widths(Vr, np.maximum(nr, 1)) > len_tol) for Vr, nr in pieces]
        n_ok = np.sum(np.stack(ok, axis=0), axis=0)
        split = n_ok >= 2
        if not np.any(split):
            continue
        sel = cand[split]
        okm = np.stack(ok, axis=0)[:, split]  # (n_pieces, m)
        first_piece = np.argmax(okm, axis=0)
        Vfirst = None
        width = max(Vr.shape[1] for Vr, _ in pieces)
        Vs = np.stack([_widen(Vr[split], width) for Vr, _ in pieces], axis=0)  # (n_pieces, m, W, 2)
        ns = np.stack([nr[split] for _, nr in pieces], axis=0)
        cols = np.arange(sel.size)
        Vfirst = Vs[first_piece, cols]
        nfirst = ns[first_piece, cols]
        rest = []
        for p in range(len(pieces)):
            extra = okm[p] & (first_piece != p)
            if np.any(extra):
                rest.append((Vs[p][extra], ns[p][extra], polys.parent[sel[extra]]))
        polys.replace_and_append(sel, (Vfirst, nfirst), rest)


@dataclass
class SlicePartition:
    r"""The exact partition of a 2-D affine slice :math:`x_0 + s u + t v` over a rectangle.

    Attributes
    ----------
    x0, u, v : NumPy arrays (D,)
    s_range, t_range : (float, float)
    vertices : NumPy array (M, W, 2)
        Vertices :math:`(s, t)` of each region, counter-clockwise, padded to a
        common width W by repeating the first vertex.
    n_vertices : NumPy array (M,) of int
    codes : list of NumPy int64 arrays (M, K_l)
        Region codes :math:`t^{(\ell)}` of every nonlinear operator (icml18 Eq. (14)).
    slopes : NumPy array (M, C, 2)
    offsets : NumPy array (M, C)
        The network restricted to the slice on region i:
        :math:`f(x_0 + s u + t v) = \text{slopes}_i\,(s, t)^T + \text{offsets}_i`.
    levels : list of dict
        The hierarchy: ``levels[l]`` is the partition after the first ``l``
        nonlinear operators (``levels[0]`` is the rectangle) with keys
        ``vertices``, ``n_vertices``, ``parent`` (index of the containing
        region of level l - 1; ``None`` for level 0) and ``codes`` (codes of
        operators ``0..l-1``). ``levels[-1]`` is the final partition.
    """

    x0: np.ndarray
    u: np.ndarray
    v: np.ndarray
    s_range: tuple
    t_range: tuple
    vertices: np.ndarray
    n_vertices: np.ndarray
    codes: list
    slopes: np.ndarray
    offsets: np.ndarray
    levels: list
    _neighbours: list | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return int(self.n_vertices.shape[0])

    @property
    def n_regions(self) -> int:
        """Number of regions M."""
        return len(self)

    @property
    def areas(self) -> np.ndarray:
        """Area of each region in the (s, t) plane, (M,)."""
        return _areas(self.vertices, self.n_vertices)

    @property
    def polygons(self) -> list:
        """Each region's vertices as an (n_i, 2) array, counter-clockwise."""
        return [self.vertices[i, : self.n_vertices[i]].copy() for i in range(len(self))]

    def interior_points(self) -> np.ndarray:
        """One point (s, t) inside each region (the mean of its vertices), (M, 2)."""
        return _interior(self.vertices, self.n_vertices)

    def to_input(self, st: Any) -> np.ndarray:
        """Input points :math:`x_0 + s u + t v` of slice coordinates ``st`` (N, 2) -> (N, D)."""
        st = np.asarray(st, dtype=self.x0.dtype)
        if st.ndim != 2 or st.shape[1] != 2:
            raise ValueError(f"st must have shape (N, 2); got shape {tuple(st.shape)}")
        return self.x0[None, :] + st[:, :1] * self.u[None, :] + st[:, 1:] * self.v[None, :]

    def region_counts(self) -> list:
        """Number of regions after each nonlinear operator: ``[len(levels[1]), ..., len(levels[-1])]``."""
        return [int(lv["n_vertices"].shape[0]) for lv in self.levels[1:]]

    def locate(self, st: Any, *, chunk: int = 4096) -> np.ndarray:
        """Index of the region containing each point ``st`` (N, 2); -1 outside the rectangle.

        A point on a shared edge goes to the lowest-index region containing it
        (within round-off)."""
        return _locate(self.vertices, self.n_vertices, st, self._scale(), chunk)

    def count_containing(self, st: Any, *, chunk: int = 4096, strict: bool = False) -> np.ndarray:
        """How many regions contain each point ``st`` (N, 2), up to round-off.

        With ``strict=False`` a point within the round-off tolerance of a
        region counts as inside it (so a point on a shared edge counts twice);
        with ``strict=True`` only points at least that far inside count. For a
        tiling, every point has a non-strict count >= 1 and a strict count <= 1.
        """
        return _locate(self.vertices, self.n_vertices, st, self._scale(), chunk, count=True, strict=strict)

    def _scale(self) -> float:
        return max(abs(self.s_range[0]), abs(self.s_range[1]), abs(self.t_range[0]), abs(self.t_range[1]), 1e-30)

    @property
    def neighbours(self) -> list:
        """For each region, the sorted indices of the regions sharing an edge of positive length with it."""
        if self._neighbours is None:
            self._neighbours = _neighbours(self.vertices, self.n_vertices, self._scale())
        return self._neighbours


def _locate(V: np.ndarray, n: np.ndarray, st: Any, scale: float, chunk: int, count: bool = False, strict: bool = False) -> np.ndarray:
    st = np.asarray(st, dtype=V.dtype)
    if st.ndim != 2 or st.shape[1] != 2:
        raise ValueError(f"st must have shape (N, 2); got shape {tuple(st.shape)}")
    M, W, _ = V.shape
    j = np.arange(W)
    nxt = np.where(j[None, :] + 1 < n[:, None], j[None, :] + 1, 0)
    Vn = np.take_along_axis(V, nxt[..., None], axis=1)
    E = Vn - V  # edges (M, W, 2)
    valid = j[None, :] < n[:, None]
    L = np.hypot(E[..., 0], E[..., 1])
    L = np.where(L > 0, L, 1)
    tol = _TOL * float(np.finfo(V.dtype).eps) * scale  # a distance
    out = np.empty(st.shape[0], dtype=np.int64)
    per = max(1, chunk // max(1, M))
    for s in range(0, st.shape[0], per):
        p = st[s : s + per]
        d = p[:, None, None, :] - V[None, ...]  # (N, M, W, 2)
        cr = (E[None, ..., 0] * d[..., 1] - E[None, ..., 1] * d[..., 0]) / L[None, ...]
        inside = np.all(np.where(valid[None, ...], (cr >= tol) if strict else (cr >= -tol), True), axis=2)  # (N, M)
        if count:
            out[s : s + per] = np.sum(inside, axis=1)
        else:
            out[s : s + per] = np.where(np.any(inside, axis=1), np.argmax(inside, axis=1), -1)
    return out


def _neighbours(V: np.ndarray, n: np.ndarray, scale: float) -> list:
    M, W, _ = V.shape
    j = np.arange(W)
    nxt = np.where(j[None, :] + 1 < n[:, None], j[None, :] + 1, 0)
    Vn = np.take_along_axis(V, nxt[..., None], axis=1)
    valid = j[None, :] < n[:, None]
    A, B = V[valid].astype(np.float64), Vn[valid].astype(np.float64)
    owner = np.repeat(np.arange(M), W).reshape(M, W)[valid]
    d = B - A
    length = np.hypot(d[:, 0], d[:, 1])
    tol = 1e3 * float(np.finfo(V.dtype).eps) * scale
    keep = length > tol
    A, B, d, length, owner = A[keep], B[keep], d[keep], length[keep], owner[keep]
    nrm = np.stack([-d[:, 1], d[:, 0]], axis=1) / length[:, None]
    flip = (nrm[:, 0] < 0) | ((nrm[:, 0] == 0) & (nrm[:, 1] < 0))
    nrm = np.where(flip[:, None], -nrm, nrm)
    theta = np.arctan2(nrm[:, 1], nrm[:, 0])
    off = np.sum(nrm * A, axis=1)
    dirv = np.stack([nrm[:, 1], -nrm[:, 0]], axis=1)
    pa, pb = np.sum(dirv * A, axis=1), np.sum(dirv * B, axis=1)
    lo, hi = np.minimum(pa, pb), np.maximum(pa, pb)
    # Cluster collinear edges: sort by angle then offset, cut where either jumps.
    order = np.lexsort((off, np.round(theta / 1e-6)))
    th_s, off_s = theta[order], off[order]
    jump = np.concatenate([[True], (np.abs(np.diff(th_s)) > 1e-6) | (np.abs(np.diff(off_s)) > tol)])
    cluster = np.cumsum(jump)
    # Within clusters, sort by interval start and pair overlapping intervals.
    o2 = np.lexsort((lo[order], cluster))
    idx = order[o2]
    cl, lo_s, hi_s, own = cluster[o2], lo[idx], hi[idx], owner[idx]
    pairs = []
    run_hi = hi_s.copy()
    for step in range(1, idx.size):
        same = cl[step:] == cl[:-step]
        ov = same & (np.minimum(hi_s[:-step], hi_s[step:]) - lo_s[step:] > tol)
        if not np.any(same & (lo_s[step:] < run_hi[:-step] - tol)):
            break
        pairs.append(np.stack([own[:-step][ov], own[step:][ov]], axis=1))
    nb = [set() for _ in range(M)]
    if pairs:
        pr = np.concatenate(pairs, axis=0)
        for a, b in pr.tolist():
            if a != b:
                nb[a].add(b)
                nb[b].add(a)
    return [np.asarray(sorted(s), dtype=np.int64) for s in nb]


def slice_partition(net: Any, x0: Any, u: Any, v: Any, s_range: Any = (-1.0, 1.0), t_range: Any = (-1.0, 1.0)) -> SlicePartition:
    r"""The exact partition of the 2-D slice :math:`\{x_0 + s u + t v\}` over a rectangle (icml18 Sec. 7).

    Parameters
    ----------
    net : Network
        Layers of :data:`SUPPORTED_LAYERS`.
    x0, u, v : arrays (D,)
        The slice's origin and directions; u and v must be linearly independent.
    s_range, t_range : (float, float)
        The rectangle :math:`[s_0, s_1] \times [t_0, t_1]`, :math:`s_0 < s_1`, :math:`t_0 < t_1`.

    Returns
    -------
    SlicePartition
        Every region as a convex polygon with its codes, the network's affine
        map restricted to the slice, the layer-by-layer hierarchy and (lazily)
        its neighbours.

    Raises
    ------
    TypeError
        ``net`` is not a Network or has an operator the slicer does not split
        (a residual block or an RNN); the message names the operator.
    ValueError
        Vectors of the wrong shape or not finite; u or v zero or u, v parallel
        (a degenerate slice); an empty range.

    Notes
    -----
    On the slice, :math:`z^{(\ell)}(x(s,t)) = P_i (s, t)^T + q_i` on each region
    i (icml18 Eq. (7) restricted to the slice). For an elementwise operator
    the region is split by the lines :math:`\{[P_i]_k (s,t)^T + [q_i]_k = 0\}`;
    for a max operator with candidates :math:`g_{k,r}` into the cells
    :math:`\bigcap_{r' \ne r}\{g_{k,r} \ge g_{k,r'}\}` (argmax regions, icml18 Eq. (5)).
    Each region of the result is the set of slice points with one value of
    :math:`(t^{(1)}, \dots, t^{(L)})` (icml18 Eq. (14)).

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.layers import Dense, ReLU
    >>> from spline_theory.network import Network
    >>> from spline_theory.partition import slice_partition
    >>> net = Network([Dense(np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2)), ReLU()], input_shape=(2,))
    >>> part = slice_partition(net, np.zeros(2), np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    >>> len(part), sorted(part.areas.round(6).tolist())
    (4, [1.0, 1.0, 1.0, 1.0])
    """
    hnet = _host_network(net)
    dt = _dtype_of(hnet)
    D = hnet.D
    x0 = _vector(x0, "x0", D, dt)
    u = _vector(u, "u", D, dt)
    v = _vector(v, "v", D, dt)
    s_range, t_range = _interval(s_range, "s_range"), _interval(t_range, "t_range")
    nu, nv = float(np.linalg.norm(u.astype(np.float64))), float(np.linalg.norm(v.astype(np.float64)))
    if nu == 0.0:
        raise ValueError("u must be a non-zero vector (a degenerate slice); got u = 0")
    if nv == 0.0:
        raise ValueError("v must be a non-zero vector (a degenerate slice); got v = 0")
    sin = abs(float(np.dot(u.astype(np.float64), v.astype(np.float64)))) / (nu * nv)
    if 1.0 - sin <= 16 * _eps(dt) or abs(float(np.linalg.det(np.array([[nu * nu, float(np.dot(u, v))], [float(np.dot(u, v)), nv * nv]])))) <= 16 * _eps(dt) * nu * nu * nv * nv:
        raise ValueError("u and v must be linearly independent (a degenerate slice); got parallel u and v")
    eps = _eps(dt)
    (s0, s1), (t0, t1) = s_range, t_range
    area = (s1 - s0) * (t1 - t0)
    box = (max(abs(s0), abs(s1)), max(abs(t0), abs(t1)), _TOL * eps * max(abs(s0), abs(s1), abs(t0), abs(t1)))
    if s1 - s0 <= box[2] or t1 - t0 <= box[2]:
        raise ValueError(f"the rectangle s_range x t_range must have positive area; got {s_range} x {t_range}")
    V = np.asarray([[[s0, t0], [s1, t0], [s1, t1], [s0, t1]]], dtype=dt)
    polys = _Polys(V, np.asarray([4]), np.asarray([0]))
    P = np.stack([u, v], axis=1)[None, ...]  # (1, D, 2)
    q = x0[None, :]
    levels = [{"vertices": V.copy(), "n_vertices": np.asarray([4]), "parent": None, "codes": []}]
    codes: list = []

    def split(lay, P, q):
        nonlocal codes
        gP, gq = _unit_values(lay, P, q)
        polys.parent = np.arange(polys.n.shape[0])
        if isinstance(lay, Hardtanh):  # two breakpoints per unit: split by each, then compose the parents
            par = polys.parent
            for t in (lay.lo, lay.hi):
                polys.parent = np.arange(polys.n.shape[0])
                _split_layer(polys, lay, gP[par], gq[par] - np.asarray(t, dtype=gq.dtype), box, eps)
                par = par[polys.parent]
            polys.parent = par
        else:
            _split_layer(polys, lay, gP, gq, box, eps)
        par = polys.parent
        code = _codes_at(lay, gP[par], gq[par], _interior(polys.V, polys.n))
        codes = [c[par] for c in codes] + [code]
        levels.append({"vertices": polys.V.copy(), "n_vertices": polys.n.copy(), "parent": par.copy(), "codes": list(codes)})
        return (*_apply_codes(lay, gP[par], gq[par], code), par.copy())

    P, q = _walk(hnet.layers, P, q, split)
    return SlicePartition(x0, u, v, s_range, t_range, polys.V, polys.n, codes, P, q, levels)


# ------------------------------------------------------------------ segments
@dataclass
class SegmentPartition:
    r"""The exact partition of the segment :math:`x_0 + \tau(x_1 - x_0)`, :math:`\tau \in [0, 1]`.

    Attributes
    ----------
    x0, x1 : NumPy arrays (D,)
    breakpoints : NumPy array (M + 1,)
        :math:`0 = \tau_0 < \tau_1 < \dots < \tau_M = 1`; piece i is :math:`[\tau_i, \tau_{i+1}]`.
    codes : list of NumPy int64 arrays (M, K_l)
    slopes, offsets : NumPy arrays (M, C)
        :math:`f(x_0 + \tau(x_1 - x_0)) = \text{slopes}_i\,\tau + \text{offsets}_i` on piece i.
    """

    x0: np.ndarray
    x1: np.ndarray
    breakpoints: np.ndarray
    codes: list
    slopes: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return int(self.breakpoints.shape[0] - 1)

    @property
    def points(self) -> np.ndarray:
        """The breakpoints in input space, (M + 1, D)."""
        tau = self.breakpoints[:, None]
        return self.x0[None, :] + tau * (self.x1 - self.x0)[None, :]

    def midpoints(self) -> np.ndarray:
        """The middle :math:`\\tau` of each piece, (M,)."""
        return 0.5 * (self.breakpoints[:-1] + self.breakpoints[1:])


def segment_partition(net: Any, x0: Any, x1: Any) -> SegmentPartition:
    r"""The exact partition of the segment :math:`[x_0, x_1]` of input space: every breakpoint where a unit changes region.

    Parameters
    ----------
    net : Network
        Layers of :data:`SUPPORTED_LAYERS`.
    x0, x1 : arrays (D,), x0 != x1

    Returns
    -------
    SegmentPartition
        Breakpoints :math:`\tau_i`, the codes of each piece and the network's
        affine map along the segment.

    Raises
    ------
    TypeError
        An unsupported operator (named in the message).
    ValueError
        Wrong shapes, non-finite values, or x0 == x1 (a segment of zero length).

    Notes
    -----
    On a piece, :math:`z^{(\ell)}(x_0 + \tau w) = p\,\tau + q` (icml18 Eq. (7)
    along the segment); an elementwise unit changes region at
    :math:`\tau = -q_k / p_k`, a max unit where its argmax changes. Each piece
    is split at every such root inside it, then adjacent pieces with equal
    codes are merged, so every breakpoint is a change of some code (icml18 Eq. (14)).

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.layers import Dense, ReLU
    >>> from spline_theory.network import Network
    >>> from spline_theory.partition import segment_partition
    >>> net = Network([Dense(np.array([[1.0], [1.0]]), np.array([0.0, -1.0])), ReLU()], input_shape=(1,))
    >>> segment_partition(net, np.array([-2.0]), np.array([2.0])).breakpoints.tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    hnet = _host_network(net)
    dt = _dtype_of(hnet)
    D = hnet.D
    x0 = _vector(x0, "x0", D, dt)
    x1 = _vector(x1, "x1", D, dt)
    w = x1 - x0
    if not np.any(w != 0):
        raise ValueError("x0 and x1 must differ (a segment of zero length); got x0 == x1")
    eps = _eps(dt)
    tau = np.asarray([0.0, 1.0], dtype=dt)
    P = w[None, :, None]
    q = x0[None, :]
    codes: list = []

    def split(lay, P, q):
        nonlocal codes, tau
        gP, gq = _unit_values(lay, P, q)  # (M, K, R, 1), (M, K, R)
        a, b = tau[:-1], tau[1:]
        M, K, R, _ = gP.shape
        if isinstance(lay, Hardtanh):  # two breakpoints per unit
            p = np.concatenate([gP[:, :, 0, 0]] * 2, axis=1)
            c = np.concatenate([gq[:, :, 0] - lay.lo, gq[:, :, 0] - lay.hi], axis=1)
        elif R == 1:
            p, c = gP[:, :, 0, 0], gq[:, :, 0]
        else:
            iu, ju = np.triu_indices(R, 1)
            p = (gP[:, :, iu, 0] - gP[:, :, ju, 0]).reshape(M, -1)
            c = (gq[:, :, iu] - gq[:, :, ju]).reshape(M, -1)
        tol = _TOL * eps * (np.abs(p) + np.abs(c))
        with np.errstate(divide="ignore", invalid="ignore"):
            root = np.where(np.abs(p) > tol, -c / np.where(p == 0, 1, p), np.nan)
        inside = (root > a[:, None] + _TOL * eps) & (root < b[:, None] - _TOL * eps)
        rows, _cols = np.nonzero(inside)
        st_t = np.concatenate([a, root[inside].astype(dt)])
        st_p = np.concatenate([np.arange(M), rows])
        order = np.lexsort((st_t, st_p))
        st_t, st_p = st_t[order], st_p[order]
        # drop pieces shorter than round-off (two roots closer than the tolerance)
        ends = np.concatenate([st_t[1:], tau[-1:]])
        keep = (ends - st_t) > _TOL * eps
        keep[0] = True
        st_t, st_p = st_t[keep], st_p[keep]
        ends = np.concatenate([st_t[1:], tau[-1:]])
        code = _codes_at(lay, gP[st_p], gq[st_p], (0.5 * (st_t + ends))[:, None])
        codes = [cd[st_p] for cd in codes] + [code]
        full = np.concatenate(codes, axis=1)
        start = np.concatenate([[True], np.any(full[1:] != full[:-1], axis=1)])
        tau = np.concatenate([st_t[start], tau[-1:]])
        codes = [cd[start] for cd in codes]
        parent = st_p[start]
        return (*_apply_codes(lay, gP[parent], gq[parent], codes[-1]), parent)

    P, q = _walk(hnet.layers, P, q, split)
    return SegmentPartition(x0, x1, tau, codes, P[:, :, 0], q)


# ------------------------------------------------------------------ counting
def count_regions_on_segment(net: Any, x0: Any, x1: Any) -> int:
    """Number of pieces of :func:`segment_partition` (regions met by the segment, counted once per visit)."""
    return len(segment_partition(net, x0, x1))


def count_regions_on_slice(net: Any, x0: Any, u: Any, v: Any, s_range: Any = (-1.0, 1.0), t_range: Any = (-1.0, 1.0)) -> int:
    """Number of regions of :func:`slice_partition` (full-dimensional regions met by the rectangle)."""
    return len(slice_partition(net, x0, u, v, s_range, t_range))


def _plane(net: Any, x: Any, u: Any, v: Any) -> tuple:
    D = net.D
    dt = _dtype_of(net)
    x = _vector(x, "x", D, dt)
    if u is None and v is None:
        if D < 2:
            return x, None, None
        u = np.zeros(D, dtype=dt)
        v = np.zeros(D, dtype=dt)
        u[0], v[1] = 1.0, 1.0
    elif u is None or v is None:
        raise ValueError("u and v must be given together (or both None for the first two input axes)")
    u, v = _vector(u, "u", D, dt), _vector(v, "v", D, dt)
    nu = np.linalg.norm(u.astype(np.float64))
    if nu == 0:
        raise ValueError("u must be a non-zero vector (a degenerate slice); got u = 0")
    u = (u / nu).astype(dt)
    v = v - np.dot(v, u) * u
    nv = np.linalg.norm(v.astype(np.float64))
    if nv <= 16 * _eps(dt) * max(1.0, float(np.linalg.norm(v))):
        raise ValueError("u and v must be linearly independent (a degenerate slice); got parallel u and v or v = 0")
    return x, u, (v / nv).astype(dt)


def _radius(radius: Any) -> float:
    if isinstance(radius, bool) or not isinstance(radius, (int, float)) or not math.isfinite(float(radius)):
        raise TypeError(f"radius must be a finite positive float; got {radius!r}")
    if radius <= 0:
        raise ValueError(f"radius must be positive (a neighbourhood of positive size); got {radius!r}")
    return float(radius)


def _disk_regions(net: Any, x: Any, radius: float, u: Any, v: Any) -> tuple:
    """Codes (list of (m, K_l)) of the regions meeting the disk (2-D section) or interval (D = 1)."""
    x, u, v = _plane(net, x, u, v)
    if u is None:
        part = segment_partition(net, x - radius, x + radius)
        return part.codes, part
    part = slice_partition(net, x, u, v, (-radius, radius), (-radius, radius))
    d = _distance_to_polygons(part.vertices, part.n_vertices, np.zeros(2, dtype=part.vertices.dtype))
    meet = d < radius * (1 - _TOL * _eps(part.vertices.dtype))
    return [c[meet] for c in part.codes], part


def _distance_to_polygons(V: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    j = np.arange(V.shape[1])
    nxt = np.where(j[None, :] + 1 < n[:, None], j[None, :] + 1, 0)
    Vn = np.take_along_axis(V, nxt[..., None], axis=1)
    E = Vn - V
    d = p[None, None, :] - V
    L2 = np.sum(E * E, axis=2)
    lam = np.clip(np.sum(d * E, axis=2) / np.where(L2 > 0, L2, 1), 0, 1)
    dist = np.hypot(*(d - lam[..., None] * E).transpose(2, 0, 1))
    valid = j[None, :] < n[:, None]
    cr = E[..., 0] * d[..., 1] - E[..., 1] * d[..., 0]
    inside = np.all(np.where(valid, cr >= 0, True), axis=1)
    return np.where(inside, 0.0, np.min(np.where(valid, dist, np.inf), axis=1))


def count_regions_in_ball(net: Any, x: Any, radius: float, *, u: Any = None, v: Any = None) -> int:
    r"""Number of regions meeting the 2-D section :math:`\{x + s u + t v : s^2 + t^2 < r^2\}` of the ball of radius r.

    Parameters
    ----------
    net : Network
    x : array (D,)
        The centre.
    radius : float > 0
    u, v : arrays (D,), optional
        The plane of the section (orthonormalised here); default the first two
        input axes. For D = 1 the ball is the interval :math:`[x - r, x + r]`.

    Returns
    -------
    int
        Regions of :func:`slice_partition` on :math:`[-r, r]^2` whose polygon
        comes closer than r to the centre.
    """
    radius = _radius(radius)
    hnet = _host_network(net)
    return int(_disk_regions(hnet, x, radius, u, v)[0][0].shape[0]) if hnet.code_layers() else 1


def local_complexity(net: Any, x: Any, radius: float, *, u: Any = None, v: Any = None) -> int:
    r"""Number of units whose boundary crosses the neighbourhood of x (its 2-D disk section).

    Parameters
    ----------
    net : Network
    x : array (D,)
    radius : float > 0
    u, v : arrays (D,), optional
        As in :func:`count_regions_in_ball`.

    Returns
    -------
    int
        :math:`\#\{(\ell, k) : [t^{(\ell)}]_k \text{ is not constant on the disk}\}`:
        the disk is connected and the regions meeting it cover it, so unit k of
        operator :math:`\ell` has a boundary in the disk exactly when two regions
        meeting the disk give it different codes (icml18 Eq. (14)).
    """
    radius = _radius(radius)
    hnet = _host_network(net)
    if not hnet.code_layers():
        return 0
    codes, _ = _disk_regions(hnet, x, radius, u, v)
    return int(sum(int(np.sum(np.any(c != c[:1], axis=0))) for c in codes))


def arrangement_upper_bound(n_hyperplanes: int, d: int) -> int:
    r"""Most regions :math:`n` hyperplanes cut :math:`\mathbb R^d` into: :math:`\sum_{i=0}^{d}\binom{n}{i}`.

    For one layer of :math:`D^{(\ell)}` ReLU units on :math:`\mathbb R^d` this bounds
    the number of regions (Zaslavsky; equality in general position), below the
    :math:`2^{D^{(\ell)}}` of icml18 Sec. 7.1 whenever :math:`D^{(\ell)} > d`.

    Examples
    --------
    >>> from spline_theory.partition import arrangement_upper_bound
    >>> arrangement_upper_bound(3, 2), arrangement_upper_bound(64, 2)
    (7, 2081)
    """
    for name, val in (("n_hyperplanes", n_hyperplanes), ("d", d)):
        if isinstance(val, bool) or not isinstance(val, int):
            raise TypeError(f"{name} must be a non-negative int; got {type(val).__name__}")
        if val < 0:
            raise ValueError(f"{name} must be a non-negative int; got {val}")
    return sum(math.comb(n_hyperplanes, i) for i in range(min(d, n_hyperplanes) + 1))


# ------------------------------------------------------------------ pictures' data
def decision_boundary_segments(part: SlicePartition) -> np.ndarray:
    r"""Segments (n, 2, 2) in (s, t) of the decision boundary on a slice partition.

    With one output the boundary is :math:`\{f = 0\}`; with C outputs it is
    where the arg max class changes, :math:`\{f_c = f_{c'} \ge f_{c''}\ \forall c''\}`.
    Each region contributes the part of these lines inside it (the network is
    affine there), so the segments are exact.
    """
    if not isinstance(part, SlicePartition):
        raise TypeError(f"part must be a SlicePartition; got {type(part).__name__}")
    V, n, Sl, Of = part.vertices, part.n_vertices, part.slopes, part.offsets
    C = Of.shape[1]
    eps = _eps(V.dtype)
    smax, tmax = part._scale(), part._scale()
    pairs = [(0, None)] if C == 1 else [(c, c2) for c in range(C) for c2 in range(c + 1, C)]
    segs = []
    for c, c2 in pairs:
        Vr, nr = V, n
        if c2 is not None:
            for c3 in range(C):
                if c3 in (c, c2):
                    continue
                a, b, o = Sl[:, c, 0] - Sl[:, c3, 0], Sl[:, c, 1] - Sl[:, c3, 1], Of[:, c] - Of[:, c3]
                f = Vr[..., 0] * a[:, None] + Vr[..., 1] * b[:, None] + o[:, None]
                Vr, nr = _clip(Vr, nr, f, _line_tol(a, b, o, smax, tmax, eps), +1)
            a, b, o = Sl[:, c, 0] - Sl[:, c2, 0], Sl[:, c, 1] - Sl[:, c2, 1], Of[:, c] - Of[:, c2]
        else:
            a, b, o = Sl[:, 0, 0], Sl[:, 0, 1], Of[:, 0]
        ok = nr >= 3
        if not np.any(ok):
            continue
        Vr, nr, a, b, o = Vr[ok], nr[ok], a[ok], b[ok], o[ok]
        f = Vr[..., 0] * a[:, None] + Vr[..., 1] * b[:, None] + o[:, None]
        tol = _line_tol(a, b, o, smax, tmax, eps)
        Vp, npos = _clip(Vr, nr, f, tol, +1)
        # the boundary inside the cell: the vertices of the clipped piece on the line
        fp = Vp[..., 0] * a[:, None] + Vp[..., 1] * b[:, None] + o[:, None]
        on = (np.abs(fp) <= tol[:, None]) & (np.arange(Vp.shape[1])[None, :] < npos[:, None])
        for i in np.nonzero((np.sum(on, axis=1) >= 2) & (npos >= 3))[0]:
            pts = Vp[i][on[i]]
            dvec = pts - pts[0]
            k = np.argmax(np.sum(dvec * dvec, axis=1))
            if np.sum(dvec[k] ** 2) > 0:
                segs.append(np.stack([pts[0], pts[k]]))
    return np.asarray(segs, dtype=V.dtype).reshape(-1, 2, 2)


def partition_nearest_neighbours(net: Any, x: Any, X: Any, k: int = 15) -> list:
    r"""Indices of the k nearest rows of X to x under the partition distance of icml18 Eq. (15), per nonlinear operator.

    Parameters
    ----------
    net : Network
    x : array (D,) or (1, D)
    X : array (N, D)
    k : int, 1 <= k <= N

    Returns
    -------
    list of NumPy int64 arrays (k,)
        For operator l, the rows with the smallest
        :math:`d^{(\ell)}(x, X_j) = 1 - \frac{1}{D^{(\ell)}}\sum_k \mathbf 1([t^{(\ell)}(x)]_k = [t^{(\ell)}(X_j)]_k)`
        (:meth:`~spline_theory.network.Network.partition_distance`), ties by
        Euclidean distance then index (as in icml18 Fig. 4).
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a spline_theory.network.Network; got {type(net).__name__}")
    Xb = net._batch(X, "X")
    xp = _backend.array_namespace(Xb)
    xb = net._batch(x if getattr(x, "ndim", 2) != 1 else xp.reshape(xp.asarray(x), (1, -1)), "x")
    if xb.shape[0] != 1:
        raise ValueError(f"x must be one input of shape (D,) or (1, D); got {xb.shape[0]} inputs")
    N = Xb.shape[0]
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= N:
        raise ValueError(f"k must be an int with 1 <= k <= N = {N}; got {k!r}")
    dists = net.partition_distance(xp.broadcast_to(xb, Xb.shape), Xb)
    eucl = _backend.to_numpy(xp.sum((Xb - xb) ** 2, axis=1))
    out = []
    for d in dists:
        dn = _backend.to_numpy(d)
        out.append(np.lexsort((np.arange(N), eucl, dn))[:k].astype(np.int64))
    return out


def grid_region_codes(net: Any, x0: Any, u: Any, v: Any, s_range: Any = (-1.0, 1.0), t_range: Any = (-1.0, 1.0), *, n: int = 1000, chunk: int = 1 << 16) -> tuple[np.ndarray, np.ndarray]:
    """The reference the exact slicer is compared with: region codes on an ``n x n`` grid of the rectangle.

    Returns
    -------
    st : NumPy array (n*n, 2)
        Grid points (cell centres) in (s, t).
    keys : NumPy array (n*n,) of void
        Every operator's codes of each point packed into one hashable row;
        ``len(np.unique(keys))`` is the number of regions the grid sees.
    """
    hnet = _host_network(net)
    dt = _dtype_of(hnet)
    D = hnet.D
    x0, u, v = _vector(x0, "x0", D, dt), _vector(u, "u", D, dt), _vector(v, "v", D, dt)
    (s0, s1), (t0, t1) = _interval(s_range, "s_range"), _interval(t_range, "t_range")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive int; got {n!r}")
    s = (s0 + (np.arange(n) + 0.5) * (s1 - s0) / n).astype(dt)
    t = (t0 + (np.arange(n) + 0.5) * (t1 - t0) / n).astype(dt)
    S, T = np.meshgrid(s, t, indexing="ij")
    st = np.stack([S.reshape(-1), T.reshape(-1)], axis=1)
    keys = []
    for a in range(0, st.shape[0], chunk):
        pts = x0[None, :] + st[a : a + chunk, :1] * u[None, :] + st[a : a + chunk, 1:] * v[None, :]
        cs = hnet.region_codes(pts)  # packed bits for two-region operators
        row = np.concatenate([np.ascontiguousarray(c).view(np.uint8).reshape(c.shape[0], -1) for c in cs], axis=1) if cs else np.zeros((pts.shape[0], 1), np.uint8)
        keys.append(np.ascontiguousarray(row).view(np.dtype((np.void, row.shape[1]))).reshape(-1))
    return st, np.concatenate(keys)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
