r"""Dataset census: spline statistics of a network over more inputs than fit in memory (icml18 Sec. 7).

:func:`census` streams over the inputs chunk by chunk (a NumPy / CuPy array,
an iterable of chunks, or a ``dask.array`` chunked along the batch, whose
blocks run as Dask tasks) and returns a :class:`Census`:

- the number of distinct regions the inputs visit, exact: the region of an
  input is the tuple of its region codes :math:`(t^{(1)}(x), \dots, t^{(L)}(x))`
  (icml18 Eq. (14)), compared byte for byte on the packed codes; the distinct
  codes of every chunk are merged, never hashed to a lossy summary;
- each input's region as a compact id (``region_ids``), the same whatever the
  chunking and wherever the chunks ran;
- per nonlinear operator, how often each unit uses each of its regions
  (``unit_counts``; for a ReLU layer the second column is the number of
  inputs on which the unit is active);
- optionally a histogram of :meth:`~spline_theory.network.Network.certified_radius`
  over fixed bin edges, and the local complexity
  (:func:`spline_theory.partition.local_complexity`: units whose boundary
  crosses the disk of radius ``lc_radius`` around each input) summarized per
  class.

Memory is bounded by one chunk's work plus the distinct codes themselves
(``n_regions`` rows of packed bits) and the ids (8 bytes per input). The
distinct codes are kept in 64 buckets chosen by a fixed hash of their bytes,
so the final merge sorts one bucket at a time; the id of a region is its
bucket's offset plus its rank in the bucket (deterministic).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import backend as _backend
from .networks.network import Network

__all__ = ["DEFAULT_CHUNK", "Census", "census"]

#: Inputs per chunk when the inputs are one array (a dask.array keeps its own chunks).
DEFAULT_CHUNK = 65536
_BUCKETS = 64


@dataclass
class Census:
    """The result of :func:`census` (plain arrays; ``to_dict`` for JSON).

    Attributes
    ----------
    n_inputs : int
    n_regions : int
        Distinct regions (tuples of all region codes) among the inputs.
    region_ids : ndarray (n_inputs,) int64
        The region of each input, in ``0 .. n_regions - 1``.
    code_layers : list of (operator index, type name, units, regions)
        As :meth:`~spline_theory.network.Network.code_layers`.
    unit_counts : list of ndarray (K, R) int64
        Per nonlinear operator: inputs on which unit k is in region r.
    radius_edges, radius_counts : ndarray or None
        Histogram of the certified radius, ``len(edges) + 2`` counts:
        ``radius_counts[0]`` counts r = 0, ``radius_counts[1]`` 0 < r < edges[0],
        ``radius_counts[i]`` edges[i-2] <= r < edges[i-1], and the last entry
        r >= edges[-1] (inf included).
    local_complexity : dict or None
        ``{label: {"n", "mean", "median", "max"}}`` of the local complexity.
    """

    n_inputs: int
    n_regions: int
    region_ids: Any
    code_layers: list
    unit_counts: list
    radius_edges: Any = None
    radius_counts: Any = None
    local_complexity: dict | None = None
    meta: dict = field(default_factory=dict)

    def unit_frequencies(self) -> list:
        """``unit_counts`` divided by the number of inputs (the fraction of inputs per unit and region)."""
        return [c / max(self.n_inputs, 1) for c in self.unit_counts]

    def to_dict(self) -> dict:
        """A JSON summary (without the per-input ids)."""
        return {
            "n_inputs": self.n_inputs,
            "n_regions": self.n_regions,
            "code_layers": [list(c) for c in self.code_layers],
            "active_fraction_per_operator": [float(f[:, 1:].sum(axis=1).mean()) if f.shape[1] > 1 else 0.0 for f in self.unit_frequencies()],
            "radius_edges": None if self.radius_edges is None else self.radius_edges.tolist(),
            "radius_counts": None if self.radius_counts is None else self.radius_counts.tolist(),
            "local_complexity": self.local_complexity,
            **self.meta,
        }


# ------------------------------------------------------------------ one chunk
def _key_rows(net: Network, x: Any, layers: list) -> tuple[np.ndarray, list]:
    """Packed region codes of a chunk as byte rows (n, B), and the per-operator unit counts (K, R); ``layers``: ``net.code_layers()``."""
    codes = net.region_codes(x, packed=True)
    parts, counts = [], []
    for c, (_, _, K, R) in zip(codes, layers):
        h = _backend.to_numpy(c)
        if R == 2:
            parts.append(h.astype(np.uint8, copy=False))
            on = np.unpackbits(h, axis=1, bitorder="little")[:, :K].sum(axis=0, dtype=np.int64)
            counts.append(np.stack([h.shape[0] - on, on], axis=1))
        else:
            parts.append(h.astype(np.uint8 if R <= 256 else np.uint16).view(np.uint8))
            counts.append(np.stack([(h == r).sum(axis=0, dtype=np.int64) for r in range(R)], axis=1))
    rows = np.ascontiguousarray(np.concatenate(parts, axis=1)) if parts else np.zeros((_backend.to_numpy(x).shape[0], 0), np.uint8)
    return rows, counts


def _bucket_of(rows: np.ndarray) -> np.ndarray:
    """A fixed hash of each byte row into ``_BUCKETS`` buckets (only to split the merge; equality stays exact)."""
    if rows.shape[1] == 0:
        return np.zeros(rows.shape[0], dtype=np.int64)
    B = rows.shape[1]
    words = np.zeros((rows.shape[0], -(-B // 8) * 8), dtype=np.uint8)
    words[:, :B] = rows
    words = words.view(np.uint64)  # 8 bytes at a time
    w = np.arange(1, words.shape[1] + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    h = (words * w).sum(axis=1, dtype=np.uint64)
    return ((h >> np.uint64(29)) % np.uint64(_BUCKETS)).astype(np.int64)


def _as_void(rows: np.ndarray) -> np.ndarray:
    rows = np.ascontiguousarray(rows)
    return rows.view(np.dtype((np.void, max(rows.shape[1], 1)))).ravel() if rows.shape[1] else np.zeros(rows.shape[0], dtype=np.dtype((np.void, 1)))


def _chunk_part(net: Network, x: Any, edges: Any, lc: tuple | None, layers: list) -> dict:
    """Everything the census needs from one chunk; small except for the chunk's distinct codes."""
    rows, counts = _key_rows(net, x, layers)
    uniq, inv = np.unique(_as_void(rows), return_inverse=True)
    part = {"n": int(rows.shape[0]), "uniq": uniq, "inv": inv.astype(np.int64).ravel(), "counts": counts}
    if edges is not None:
        r = _backend.to_numpy(net.certified_radius(x)).astype(np.float64)
        part["radius"] = np.bincount(np.where(r == 0, 0, np.searchsorted(edges, r, side="right") + 1), minlength=len(edges) + 2).astype(np.int64)
    if lc is not None:
        from .partition import local_complexity

        radius, labels = lc
        xh = _backend.to_numpy(net._batch(x))
        part["lc"] = (np.asarray([local_complexity(net, xi, radius) for xi in xh], dtype=np.int64), labels)
    return part


# ---------------------------------------------------------------------- merge
class _Merger:
    def __init__(self) -> None:
        self.n = 0
        self.counts: list | None = None
        self.radius = None
        self.buckets: list = [[] for _ in range(_BUCKETS)]  # pieces of distinct codes
        self.chunks: list = []  # per chunk: (inv, [(bucket, local indices)...])
        self.lc_values: list = []  # (start, values, labels) per chunk

    def add(self, part: dict, start: int) -> None:
        """Merge the part of the chunk of inputs ``start .. start + n`` (parts may come in any order)."""
        self.n += part["n"]
        self.counts = part["counts"] if self.counts is None else [a + b for a, b in zip(self.counts, part["counts"])]
        if "radius" in part:
            self.radius = part["radius"] if self.radius is None else self.radius + part["radius"]
        u = part["uniq"]
        b = _bucket_of(u.view(np.uint8).reshape(u.shape[0], -1))
        order = np.argsort(b, kind="stable")
        bounds = np.searchsorted(b[order], np.arange(_BUCKETS + 1))
        refs = []
        for k in range(_BUCKETS):
            sel = order[bounds[k] : bounds[k + 1]]
            if sel.size:
                self.buckets[k].append(u[sel])
                refs.append((k, sel, len(self.buckets[k]) - 1))
        self.chunks.append((start, part["inv"], refs, u.shape[0]))
        if "lc" in part:
            self.lc_values.append((start, part["lc"][0], part["lc"][1]))

    def finish(self) -> tuple[int, np.ndarray]:
        offsets, uniques = [], []
        total = 0
        for pieces in self.buckets:
            uq = np.unique(np.concatenate(pieces)) if pieces else np.zeros(0, dtype=np.dtype((np.void, 1)))
            offsets.append(total)
            uniques.append(uq)
            total += uq.shape[0]
        ids = np.empty(self.n, dtype=np.int64)
        for start, inv, refs, n_u in self.chunks:
            gid = np.empty(n_u, dtype=np.int64)
            for k, sel, piece in refs:
                gid[sel] = offsets[k] + np.searchsorted(uniques[k], self.buckets[k][piece])
            ids[start : start + inv.shape[0]] = gid[inv]
        return total, ids


# ------------------------------------------------------------------- inputs
def _check_chunk(x: Any, i: int, first: tuple | None) -> tuple:
    shape, dtype = tuple(x.shape[1:]), str(getattr(x, "dtype", ""))
    if first is not None and (shape, dtype) != first:
        raise ValueError(f"x: chunk {i} has input shape {shape} and dtype {dtype}, but chunk 0 has {first[0]} and {first[1]}; every chunk must agree")
    return shape, dtype


def _numpy_chunks(x: Any, chunk_size: int) -> Iterable:
    for s in range(0, x.shape[0], chunk_size):
        yield x[s : s + chunk_size]


def census(
    net: Network,
    x: Any,
    *,
    y: Any = None,
    chunk_size: int | None = None,
    radius_edges: Any = None,
    lc_radius: float | None = None,
    client: Any = None,
    progress: Any = None,
) -> Census:
    r"""Spline statistics of ``net`` over the inputs ``x``, streamed chunk by chunk.

    Parameters
    ----------
    net : Network
    x : array (N, D) or ``(N, *input_shape)``, iterable of such chunks, or dask.array
        A NumPy / CuPy array is cut into chunks of ``chunk_size`` inputs; an
        iterable (a generator of chunks, say) is consumed chunk by chunk; a
        ``dask.array`` chunked along the batch axis is mapped block by block
        as Dask tasks (on ``client``, or Dask's default scheduler). Every chunk
        must have the same input shape and dtype.
    y : array (N,) of int, optional
        Class labels, for the local complexity per class (default: one class, 0).
    chunk_size : int, optional
        Inputs per chunk for an array ``x`` (default :data:`DEFAULT_CHUNK`).
    radius_edges : array of increasing floats > 0, optional
        Bin edges of the certified-radius histogram; omitted: no histogram
        (it costs D tangent pushes per input).
    lc_radius : float > 0, optional
        Radius of the disk of the local complexity; omitted: not computed (an
        exact 2-D partition per input).
    client : distributed.Client, optional
        Where the blocks of a ``dask.array`` run (default: Dask's scheduler).
    progress : callable ``(inputs done, inputs total or None)``, optional

    Returns
    -------
    Census

    Raises
    ------
    ValueError
        A chunk whose shape or dtype differs from the first one's, a chunk with
        NaN or inf (named by its index), bad ``radius_edges`` / ``lc_radius``.
    TypeError
        ``net`` is not a Network.

    Notes
    -----
    The region of x is the tuple of codes :math:`t^{(\ell)}(x)`, :math:`\ell = 1..L`
    (icml18 Eq. (14)); two inputs share a region exactly when every code
    agrees, so ``n_regions`` counts distinct tuples. The local complexity is
    :math:`\#\{(\ell, k) : [t^{(\ell)}]_k \text{ not constant on the disk}\}`
    (:func:`spline_theory.partition.local_complexity`).

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.census import census
    >>> from spline_theory.layers import Dense, ReLU
    >>> from spline_theory.network import Network
    >>> net = Network([Dense(np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2)), ReLU()], (2,))
    >>> c = census(net, np.array([[1.0, 1.0], [2.0, 3.0], [-1.0, 1.0], [1.0, -2.0]]))
    >>> c.n_regions, c.region_ids.tolist()  # the first two inputs share a region
    (3, [2, 2, 1, 0])
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network; got {type(net).__name__}")
    cs = DEFAULT_CHUNK if chunk_size is None else chunk_size
    if isinstance(cs, bool) or not isinstance(cs, int) or cs < 1:
        raise ValueError(f"chunk_size must be a positive int; got {chunk_size!r}")
    edges = None
    if radius_edges is not None:
        edges = np.asarray(radius_edges, dtype=np.float64)
        if edges.ndim != 1 or edges.size == 0 or not np.all(np.isfinite(edges)) or not np.all(edges > 0) or not np.all(np.diff(edges) > 0):
            raise ValueError(f"radius_edges must be a non-empty increasing array of finite floats > 0; got {radius_edges!r}")
    if lc_radius is not None and (isinstance(lc_radius, bool) or not isinstance(lc_radius, (int, float)) or not (math.isfinite(lc_radius) and lc_radius > 0)):
        raise ValueError(f"lc_radius must be a finite float > 0; got {lc_radius!r}")
    yh = None if y is None else np.asarray(_backend.to_numpy(y) if _backend.is_tensor(y) or hasattr(y, "__array_namespace__") else y)
    merger = _Merger()
    layers = net.code_layers()
    if _is_dask(x):
        _dask_parts(net, x, yh, edges, lc_radius, client, merger, progress, layers)
    else:
        if _backend.is_tensor(x):
            x = _backend.from_tensor(x)
        chunks = _numpy_chunks(x, cs) if hasattr(x, "shape") and hasattr(x, "__getitem__") else iter(x)
        first, start = None, 0
        total = x.shape[0] if hasattr(x, "shape") else None
        for i, c in enumerate(chunks):
            if _backend.is_tensor(c):
                c = _backend.from_tensor(c)
            first = _check_chunk(c, i, first)
            labels = None if yh is None else yh[start : start + c.shape[0]]
            merger.add(_named(i, lambda c=c, labels=labels: _chunk_part(net, c, edges, None if lc_radius is None else (lc_radius, labels), layers)), start)
            start += c.shape[0]
            if progress:
                progress(start, total)
    n_regions, ids = merger.finish()
    return Census(
        n_inputs=merger.n,
        n_regions=n_regions,
        region_ids=ids,
        code_layers=layers,
        unit_counts=merger.counts or [],
        radius_edges=edges,
        radius_counts=merger.radius,
        local_complexity=_lc_summary(merger) if lc_radius is not None else None,
    )


def _named(i: int, fn: Any) -> dict:
    try:
        return fn()
    except (ValueError, TypeError) as exc:
        if type(exc) not in (ValueError, TypeError):
            raise
        raise type(exc)(f"x: chunk {i}: {exc}") from None


def _lc_summary(m: _Merger) -> dict:
    parts = sorted(m.lc_values, key=lambda t: t[0])
    vals = np.concatenate([v for _, v, _ in parts]) if parts else np.zeros(0, np.int64)
    labs = np.concatenate([np.zeros(len(v), np.int64) if lab is None else np.asarray(lab) for _, v, lab in parts]) if parts else vals
    out = {}
    for lab in np.unique(labs):
        v = vals[labs == lab]
        out[int(lab)] = {"n": int(v.size), "mean": float(v.mean()), "median": float(np.median(v)), "max": int(v.max())}
    return out


def _is_dask(x: Any) -> bool:
    return type(x).__module__.startswith("dask.array")


def _dask_parts(net, x, yh, edges, lc_radius, client, merger, progress, layers) -> None:
    from . import distributed as _dist

    _dist.require("a census of a dask.array")
    import dask

    if x.ndim < 2 or len(x.chunks) > 1 and any(len(c) > 1 for c in x.chunks[1:]):
        raise ValueError(f"x must be a dask.array chunked along the batch axis only; got chunks {x.chunks}")
    blocks = x.to_delayed().ravel()
    starts = np.concatenate([[0], np.cumsum(x.chunks[0])]).astype(np.int64)
    total = int(x.shape[0])

    def lc_of(i: int) -> Any:
        return None if lc_radius is None else (lc_radius, None if yh is None else yh[starts[i] : starts[i + 1]])

    done = 0
    if client is None:  # Dask's default scheduler, one block at a time (bounded memory)
        for i, blk in enumerate(blocks):
            part = dask.delayed(_named_part)(i, net, blk, edges, lc_of(i), layers).compute()
            merger.add(part, int(starts[i]))
            done += part["n"]
            if progress:
                progress(done, total)
        return
    distributed = _dist.require("a census of a dask.array on a cluster")
    net_f = client.scatter(net, broadcast=True)  # sent once, not with every task
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))  # blocks in flight: the parts wait in memory
    pending = iter(range(len(blocks)))
    running = distributed.as_completed()
    index = {}

    def submit() -> None:
        i = next(pending, None)
        if i is None:
            return
        blk = client.compute(blocks[i])
        fut = client.submit(_named_part, i, net_f, blk, edges, lc_of(i), layers, pure=False)
        index[fut.key] = (i, blk)
        running.add(fut)

    for _ in range(window):
        submit()
    for fut in running:
        i, blk = index.pop(fut.key)
        part = fut.result()
        fut.release()
        blk.release()
        merger.add(part, int(starts[i]))
        done += part["n"]
        if progress:
            progress(done, total)
        submit()


def _named_part(i: int, net: Network, blk: Any, edges: Any, lc: Any, layers: list) -> dict:
    return _named(i, lambda: _chunk_part(net, blk, edges, lc, layers))
