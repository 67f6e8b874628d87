r"""A small teacher and a locally connected ReLU student, computed exactly over all inputs (tian18 Sec. 2-3).

The teacher (Sec. 2.2) is a hierarchy of receptive fields over d input
positions with a finite alphabet of size ``A``; every region :math:`\alpha`
carries a *summarization variable* :math:`z_\alpha = \phi_\alpha(x_\alpha)`,
computed bottom-up: at a leaf :math:`z = \phi(x_i)` by a lookup table over the
alphabet, above by a lookup table over the tuple of the children's values. A
lossy teacher maps several inputs to one value. The distribution over inputs
is a probability vector ``p`` over all :math:`A^d` patterns.

The student (Sec. 2.3) has ``n[alpha]`` nodes per region. A leaf region
holds the one-hot code of its input (:math:`n = A`, the boundary condition
:math:`f_k(z_\beta) = \mathbb I[k = z_\beta]` of Sec. 3); a region above
computes :math:`f_j = f'_j\sum_{\beta \in ch(\alpha)}\sum_k w_{jk} f_k` with
ReLU gates :math:`f'_j`. The backward pass from a top gradient ``G_top``
(before gating) is Eq. 1: :math:`g_k = f'_k\sum_{j \in pa(k)} w_{jk} g_j`, and
:math:`\Delta w_{jk} = \mathbb E_x[f_k g_j]`. Everything is computed by brute
force over the :math:`A^d` patterns.

:func:`marginalize` gives the marginalized quantities of Sec. 2.3 (Eq. 2):
:math:`g(x_R) = \mathbb E_{x_{-R}|x_R}[g(x)]` for a region R, returned per
pattern (each pattern gets the value of its restriction :math:`x_R`).

Backend: NumPy (the computation is combinatorial; arrays of other backends
are copied to NumPy float64 first, and the results are NumPy arrays).

Regions are given as ``regions`` (a list of tuples of input positions) and
``children`` (a list of tuples of region indices, empty for leaves). Region 0
... n-1 in any order; the top region covers every position.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import backend as _backend

__all__ = [
    "Teacher",
    "make_teacher",
    "patterns",
    "summary_values",
    "event_probabilities",
    "transition_matrix",
    "region_keys",
    "marginalize",
    "event_average",
    "unpack_weights",
    "student_forward",
    "student_backward",
    "preactivations",
    "raw_gradients",
    "reformulation_gaps",
    "product_distribution",
    "backward_transition_matrix",
    "prior_matrix",
    "Reformulation",
    "reformulation_matrices",
    "matrix_recursions",
    "top_mse_gradient",
    "event_variance",
]


@dataclass(frozen=True)
class Teacher:
    """A receptive-field hierarchy, its summarization tables and P(x); build with :func:`make_teacher`."""

    alphabet: int
    n_inputs: int
    regions: tuple[tuple[int, ...], ...]
    children: tuple[tuple[int, ...], ...]
    tables: tuple[np.ndarray, ...]
    p: np.ndarray

    @property
    def top(self) -> int:
        """The index of the region that covers every input position."""
        return next(i for i, r in enumerate(self.regions) if len(r) == self.n_inputs)

    def parents(self, region: int) -> tuple[int, ...]:
        """The regions that have ``region`` as a child."""
        return tuple(a for a, ch in enumerate(self.children) if region in ch)


def _host(v: Any, name: str) -> np.ndarray:
    if hasattr(v, "shape") and not isinstance(v, np.ndarray):
        v = _backend.to_numpy(v)
    try:
        arr = np.array(v, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a numeric array; got {type(v).__name__}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


def make_teacher(alphabet: int, regions: Sequence[Sequence[int]], children: Sequence[Sequence[int]], p: Any, tables: Sequence[Any] | None = None) -> Teacher:
    r"""Build and validate a teacher.

    Parameters
    ----------
    alphabet : int
        Alphabet size A >= 2.
    regions : sequence of sequences of int
        Receptive fields (input positions 0..d-1). Leaves are single positions.
    children : sequence of sequences of int
        For each region, its child regions (empty for a leaf). A region must
        be the union of its children, each strictly smaller (siblings may
        overlap); exactly one region covers all positions.
    p : array, shape (A**d,)
        :math:`\mathbb P(x)` over the patterns of :func:`patterns`; non-negative, sums to 1.
    tables : sequence of arrays of int, optional
        Summarization tables: for a leaf, shape (A,) mapping :math:`x_i` to
        :math:`z`; above, an array indexed by the children's values (one axis
        per child). Default: lossless (leaf :math:`z = x_i`, above the tuple
        of the children's values, numbered in C order).

    Returns
    -------
    Teacher

    Raises
    ------
    ValueError
        Naming the region when the hierarchy is not one, or ``p`` when it is
        not a distribution.
    """
    if isinstance(alphabet, bool) or not isinstance(alphabet, int) or alphabet < 2:
        raise ValueError(f"alphabet must be an int >= 2; got {alphabet!r}")
    regs = tuple(tuple(sorted(int(i) for i in r)) for r in regions)
    if len(children) != len(regs):
        raise ValueError(f"children must have one entry per region ({len(regs)}); got {len(children)}")
    chs = tuple(tuple(int(c) for c in ch) for ch in children)
    d = 1 + max(max(r) for r in regs)
    for a, (r, ch) in enumerate(zip(regs, chs)):
        if not r:
            raise ValueError(f"region {a} is empty")
        if not ch:
            if len(r) != 1:
                raise ValueError(f"region {a} = {r} has no children, so it must be a leaf (a single input position)")
            continue
        for c in ch:
            if not (0 <= c < len(regs)) or c == a:
                raise ValueError(f"region {a}: child {c} is not another region index")
            if not set(regs[c]) < set(r):
                raise ValueError(f"region {a} = {r}: child {c} = {regs[c]} is not a strict subset (not a hierarchy)")
        if set().union(*(regs[c] for c in ch)) != set(r):
            raise ValueError(f"region {a} = {r} is not the union of its children's receptive fields")
    tops = [a for a, r in enumerate(regs) if len(r) == d]
    if len(tops) != 1 or set(regs[tops[0]]) != set(range(d)):
        raise ValueError(f"exactly one region must cover all input positions 0..{d - 1}; got {len(tops)}")
    pv = _host(p, "p")
    if pv.shape != (alphabet**d,):
        raise ValueError(f"p must have shape (A**d,) = ({alphabet**d},); got shape {pv.shape}")
    if np.any(pv < 0) or abs(pv.sum() - 1.0) > 1e-6:
        raise ValueError(f"p must be a probability vector over the A**d = {alphabet**d} patterns (non-negative, summing to 1); got sum {pv.sum()!r}, min {pv.min()!r}")
    pv = pv / pv.sum()
    order = _bottom_up(regs, chs)
    tabs: list[np.ndarray | None] = [None] * len(regs)
    sizes: list[int] = [0] * len(regs)
    for a in order:
        if tables is None:
            if not chs[a]:
                t = np.arange(alphabet)
            else:
                shape = tuple(sizes[c] for c in chs[a])
                t = np.arange(int(np.prod(shape))).reshape(shape)
        else:
            t = np.asarray(tables[a])
            want = (alphabet,) if not chs[a] else tuple(sizes[c] for c in chs[a])
            if t.shape != want or not np.issubdtype(t.dtype, np.integer) or t.min() < 0:
                raise ValueError(f"tables[{a}] (region {regs[a]}) must be a non-negative int array of shape {want} (a deterministic summarization function); got {t.dtype} array of shape {t.shape}")
        tabs[a] = t
        sizes[a] = int(t.max()) + 1
    return Teacher(alphabet, d, regs, chs, tuple(tabs), pv)


def _bottom_up(regs: tuple, chs: tuple) -> list[int]:
    return sorted(range(len(regs)), key=lambda a: len(regs[a]))


def patterns(teacher: Teacher) -> np.ndarray:
    """All A**d inputs, shape (A**d, d), in C order (the order of ``p``)."""
    return np.array(list(itertools.product(range(teacher.alphabet), repeat=teacher.n_inputs)), dtype=np.int64).reshape(-1, teacher.n_inputs)


def summary_values(teacher: Teacher) -> list[np.ndarray]:
    r""":math:`z_\alpha(x)` for every region and pattern: a list of int arrays of shape (A**d,)."""
    X = patterns(teacher)
    z: list[np.ndarray | None] = [None] * len(teacher.regions)
    for a in _bottom_up(teacher.regions, teacher.children):
        t = teacher.tables[a]
        if not teacher.children[a]:
            z[a] = t[X[:, teacher.regions[a][0]]]
        else:
            z[a] = t[tuple(z[c] for c in teacher.children[a])]
    return z


def event_probabilities(teacher: Teacher, region: int) -> np.ndarray:
    r""":math:`\mathbb P(z_\alpha)`, shape (m_alpha,)."""
    z = summary_values(teacher)[region]
    return np.bincount(z, weights=teacher.p, minlength=int(teacher.tables[region].max()) + 1)


def transition_matrix(teacher: Teacher, parent: int, child: int) -> np.ndarray:
    r""":math:`P_{\alpha\beta}[z_\alpha, z_\beta] = \mathbb P(z_\beta | z_\alpha)`, shape (m_alpha, m_beta) (rows of impossible events are 0)."""
    return _conditional(_joint_events(teacher, parent, child), axis=1)


def _joint_events(teacher: Teacher, parent: int, child: int) -> np.ndarray:
    r""":math:`\mathbb P(z_\alpha, z_\beta)`, shape (m_alpha, m_beta)."""
    z = summary_values(teacher)
    ma, mb = int(teacher.tables[parent].max()) + 1, int(teacher.tables[child].max()) + 1
    joint = np.zeros((ma, mb))
    np.add.at(joint, (z[parent], z[child]), teacher.p)
    return joint


def _conditional(joint: np.ndarray, axis: int) -> np.ndarray:
    """``joint`` normalized along ``axis`` (slices of probability 0 stay 0)."""
    tot = joint.sum(axis=axis, keepdims=True)
    return np.divide(joint, tot, out=np.zeros_like(joint), where=tot > 0)


def region_keys(teacher: Teacher, region: int) -> np.ndarray:
    r"""An int key per pattern that identifies its restriction :math:`x_R` to the region, shape (A**d,)."""
    X = patterns(teacher)
    pos = list(teacher.regions[region])
    return X[:, pos] @ (teacher.alphabet ** np.arange(len(pos))[::-1])


def marginalize(teacher: Teacher, values: Any, region: int) -> np.ndarray:
    r"""The marginalized quantity :math:`v(x_R) = \mathbb E_{x_{-R}|x_R}[v(x)]` (Eq. 2), per pattern.

    Parameters
    ----------
    teacher : Teacher
    values : array, shape (A**d,) or (A**d, n)
        :math:`v(x)` per pattern.
    region : int
        The region R.

    Returns
    -------
    numpy.ndarray, shape of ``values``
        Each pattern holds the conditional mean over the patterns with the
        same restriction :math:`x_R`; 0 where :math:`\mathbb P(x_R) = 0`.
    """
    v = _host(values, "values")
    n = teacher.alphabet**teacher.n_inputs
    if v.shape[0] != n:
        raise ValueError(f"values must have A**d = {n} rows (one per pattern); got shape {v.shape}")
    keys = region_keys(teacher, region)
    V = v.reshape(n, -1)
    size = int(keys.max()) + 1
    mass = np.bincount(keys, weights=teacher.p, minlength=size)
    sums = np.stack([np.bincount(keys, weights=teacher.p * V[:, i], minlength=size) for i in range(V.shape[1])], axis=1)
    means = np.divide(sums, mass[:, None], out=np.zeros_like(sums), where=mass[:, None] > 0)
    return means[keys].reshape(v.shape)


def event_average(teacher: Teacher, values: Any, region: int) -> np.ndarray:
    r"""The per-event average :math:`v(z_\alpha) = \mathbb E[v(x) | z_\alpha]`, shape (m_alpha, n) (Sec. 3, Eq. 5).

    For an activation :math:`f_j` of a node at region :math:`\alpha` this is
    :math:`f_j(z_\alpha) = \mathbb E_{X_j|z_\alpha}[f_j(X_j)]`; for a gradient it
    is :math:`g_j(z_\alpha)` of Eq. 5 (by the tower property, since
    :math:`z_\alpha` is a function of :math:`x_\alpha`). Rows of impossible
    events are 0. Multiply by :func:`event_probabilities` for :math:`\tilde g`.
    """
    v = _host(values, "values")
    n = teacher.alphabet**teacher.n_inputs
    if v.shape[0] != n:
        raise ValueError(f"values must have A**d = {n} rows (one per pattern); got shape {v.shape}")
    z = summary_values(teacher)[region]
    m = int(teacher.tables[region].max()) + 1
    V = v.reshape(n, -1)
    mass = np.bincount(z, weights=teacher.p, minlength=m)
    sums = np.stack([np.bincount(z, weights=teacher.p * V[:, i], minlength=m) for i in range(V.shape[1])], axis=1)
    return np.divide(sums, mass[:, None], out=np.zeros_like(sums), where=mass[:, None] > 0)


def unpack_weights(teacher: Teacher, n_nodes: Sequence[int], w: Any) -> dict[tuple[int, int], np.ndarray]:
    r"""Split a flat weight vector into :math:`W_{\beta\alpha}` of shape (n_beta, n_alpha), for every child :math:`\beta` of every region :math:`\alpha`, in region order.

    ``n_nodes[leaf]`` must equal the alphabet size (one-hot leaves).
    """
    n = [int(k) for k in n_nodes]
    if len(n) != len(teacher.regions):
        raise ValueError(f"n_nodes must have one entry per region ({len(teacher.regions)}); got {len(n)}")
    for a, ch in enumerate(teacher.children):
        if not ch and n[a] != teacher.alphabet:
            raise ValueError(f"n_nodes[{a}] (leaf region {teacher.regions[a]}) must equal the alphabet size {teacher.alphabet}: leaves hold one-hot inputs")
    wv = _host(w, "w").ravel()
    shapes = [((b, a), (n[b], n[a])) for a, ch in enumerate(teacher.children) for b in ch]
    total = sum(s[0] * s[1] for _, s in shapes)
    if wv.shape[0] != total:
        raise ValueError(f"w must have {total} entries (one W_beta_alpha of shape (n_beta, n_alpha) per child-parent pair); got {wv.shape[0]}")
    out, i = {}, 0
    for key, s in shapes:
        out[key] = wv[i : i + s[0] * s[1]].reshape(s)
        i += s[0] * s[1]
    return out


def student_forward(teacher: Teacher, weights: dict[tuple[int, int], Any]) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    r"""Exact forward pass over all patterns: :math:`f_j = f'_j \sum_\beta\sum_k w_{jk} f_k` (Eq. 1).

    Returns
    -------
    F : dict region -> array (A**d, n_alpha)
        Activations (one-hot inputs at the leaves).
    gates : dict region -> array (A**d, n_alpha)
        :math:`f'_j \in \{0, 1\}` (ones at the leaves).
    """
    X = patterns(teacher)
    F: dict[int, np.ndarray] = {}
    gates: dict[int, np.ndarray] = {}
    for a in _bottom_up(teacher.regions, teacher.children):
        if not teacher.children[a]:
            F[a] = np.eye(teacher.alphabet)[X[:, teacher.regions[a][0]]]
            gates[a] = np.ones_like(F[a])
            continue
        Ws = []
        for b in teacher.children[a]:
            if (b, a) not in weights:
                raise ValueError(f"weights lacks W[({b}, {a})], the weights from region {b} = {teacher.regions[b]} to its parent region {a} = {teacher.regions[a]}")
            Wb = _host(weights[(b, a)], f"weights[({b}, {a})]")
            n_alpha = Ws[0].shape[1] if Ws else (Wb.shape[1] if Wb.ndim == 2 else -1)
            if Wb.shape != (F[b].shape[1], n_alpha):
                raise ValueError(f"weights[({b}, {a})] (region {teacher.regions[b]} -> region {teacher.regions[a]}) must have shape (n_beta, n_alpha) = ({F[b].shape[1]}, {n_alpha}); got shape {Wb.shape}")
            Ws.append(Wb)
        raw = sum(F[b] @ Wb for b, Wb in zip(teacher.children[a], Ws))
        gates[a] = (raw > 0).astype(np.float64)
        F[a] = gates[a] * raw
    return F, gates


def student_backward(teacher: Teacher, weights: dict[tuple[int, int], Any], F: dict[int, np.ndarray], gates: dict[int, np.ndarray], G_top: Any) -> tuple[dict[int, np.ndarray], dict[tuple[int, int], np.ndarray]]:
    r"""Exact backward pass over all patterns (Eq. 1, 3) and the updates :math:`\Delta w_{jk} = \mathbb E_x[f_k g_j]`.

    Parameters
    ----------
    G_top : array, shape (A**d, n_top)
        Gradient at the top nodes before their gate.

    Returns
    -------
    G : dict region -> array (A**d, n_alpha)
        Gated gradients :math:`g_j(x)` (leaves included).
    delta : dict (beta, alpha) -> array (n_beta, n_alpha)
        :math:`\Delta W_{\beta\alpha} = \mathbb E_x[f_\beta^T g_\alpha]`.
    """
    top = teacher.top
    Gt = _host(G_top, "G_top")
    if Gt.shape != F[top].shape:
        raise ValueError(f"G_top must have shape (A**d, n_top) = {F[top].shape}; got shape {Gt.shape}")
    G: dict[int, np.ndarray] = {top: gates[top] * Gt}
    for a in sorted(range(len(teacher.regions)), key=lambda r: -len(teacher.regions[r])):
        if a == top:
            continue
        pa = teacher.parents(a)
        raw = sum(G[j] @ _host(weights[(a, j)], f"weights[{(a, j)}]").T for j in pa) if pa else np.zeros_like(F[a])
        G[a] = gates[a] * raw
    p = teacher.p
    delta = {(b, a): F[b].T @ (p[:, None] * G[a]) for a, ch in enumerate(teacher.children) for b in ch}
    return G, delta


def preactivations(teacher: Teacher, weights: dict[tuple[int, int], Any], F: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
    r""":math:`f_j^{raw} = \sum_\beta\sum_k w_{jk} f_k` per region above the leaves (leaves: their one-hot inputs)."""
    out = {}
    for a, ch in enumerate(teacher.children):
        out[a] = F[a] if not ch else sum(F[b] @ _host(weights[(b, a)], f"weights[{(b, a)}]") for b in ch)
    return out


def raw_gradients(teacher: Teacher, weights: dict[tuple[int, int], Any], G: dict[int, np.ndarray], G_top: Any) -> dict[int, np.ndarray]:
    r""":math:`g_k^{raw} = \sum_{j\in pa(k)} w_{jk} g_j`, the gradient before the gate (``G_top`` at the top region)."""
    out = {teacher.top: _host(G_top, "G_top")}
    for k in range(len(teacher.regions)):
        pa = teacher.parents(k)
        if pa:
            out[k] = sum(G[j] @ _host(weights[(k, j)], f"weights[{(k, j)}]").T for j in pa)
    return out


def _cond_gap(p: np.ndarray, target: np.ndarray, given_small: np.ndarray, given_big: np.ndarray) -> float:
    """max |P(target | given_big) - P(target | given_small)| over events of positive probability (given_small is a function of given_big)."""
    def codes(v: np.ndarray) -> np.ndarray:
        return np.unique(v, axis=0, return_inverse=True)[1].ravel()

    big, small, t = codes(given_big), codes(given_small), codes(target)
    jb = np.zeros((big.max() + 1, t.max() + 1))
    js = np.zeros((small.max() + 1, t.max() + 1))
    np.add.at(jb, (big, t), p)
    np.add.at(js, (small, t), p)
    cb = np.divide(jb, jb.sum(1, keepdims=True), out=np.zeros_like(jb), where=jb.sum(1, keepdims=True) > 0)
    cs = np.divide(js, js.sum(1, keepdims=True), out=np.zeros_like(js), where=js.sum(1, keepdims=True) > 0)
    live = p > 0
    return float(np.max(np.abs(cb[big[live]] - cs[small[live]]))) if np.any(live) else 0.0


def _cov_gap(teacher: Teacher, a: np.ndarray, b: np.ndarray, region: int) -> float:
    """max over events z of the region and nodes of |E[a b | z] - E[a | z] E[b | z]|."""
    ea = event_average(teacher, a, region)
    eb = event_average(teacher, b, region)
    eab = event_average(teacher, a * b, region)
    return float(np.max(np.abs(eab - ea * eb))) if eab.size else 0.0


def _cross_cov_gap(teacher: Teacher, a: np.ndarray, b: np.ndarray, region: int) -> float:
    """max over events z of the region and node pairs (k, j) of |E[a_k b_j | z] - E[a_k | z] E[b_j | z]|."""
    n = teacher.alphabet**teacher.n_inputs
    prod = (a[:, :, None] * b[:, None, :]).reshape(n, -1)
    eab = event_average(teacher, prod, region)
    ea = event_average(teacher, a, region)
    eb = event_average(teacher, b, region)
    outer = (ea[:, :, None] * eb[:, None, :]).reshape(eab.shape)
    return float(np.max(np.abs(eab - outer))) if eab.size else 0.0


def reformulation_gaps(teacher: Teacher, weights: dict[tuple[int, int], Any], G_top: Any) -> dict[tuple[int, int], dict[str, float]]:
    r"""How far each condition of Thm. 2 is from holding, for every child-parent pair :math:`(\beta, \alpha)`.

    For :math:`\alpha = rf(j)`, :math:`\beta = rf(k)`, k a child of j
    (tian18 App. 8.3; the main text states two of them):

    ``focus``
        :math:`\max|\mathbb P(x_k|z_\alpha, z_\beta) - \mathbb P(x_k|z_\beta)|`;
    ``broadness``
        :math:`\max|\mathbb P(x_j|z_\alpha, z_\beta) - \mathbb P(x_j|z_\alpha)|`;
    ``decorrelation_k``
        :math:`\max|\mathrm{Cov}(f'_k, g_k^{raw} | z_\beta)|` and
        :math:`|\mathrm{Cov}(f'_k, f_k^{raw} | z_\beta)|` (the printed condition);
    ``decorrelation_j``
        the same at node j given :math:`z_\alpha`, which Eq. 22a also needs;
    ``decorrelation_fg``
        :math:`\max|\mathrm{Cov}(f_k, g_j | z_\alpha)|` over :math:`k \in \beta`,
        :math:`j \in \alpha`: the "decorrelation" that App. 8.5 assumes between
        Eq. 66 and 67 to reach :math:`\Delta W_{\beta\alpha} = (P_{\alpha\beta}F_\beta)^T\tilde G_\alpha` (Eq. 74);

    and the residuals of the conclusions, ``eq22a``
    (:math:`f_j(z_\alpha) - f'_j(z_\alpha)\sum_k w_{jk}\mathbb E_{z_\beta|z_\alpha}[f_k(z_\beta)]`,
    summed over all children of :math:`\alpha`) and ``eq22b``
    (:math:`g_k(z_\beta) - f'_k(z_\beta)\sum_j w_{jk}\mathbb E_{z_\alpha|z_\beta}[g_j(z_\alpha)]`,
    summed over all parents of :math:`\beta`), as largest absolute values.
    All conditions hold exactly for a lossless teacher (Thm. 3).

    Returns
    -------
    dict (beta, alpha) -> dict of floats
    """
    F, gates = student_forward(teacher, weights)
    G, _ = student_backward(teacher, weights, F, gates, G_top)
    raw_f = preactivations(teacher, weights, F)
    raw_g = raw_gradients(teacher, weights, G, G_top)
    z = summary_values(teacher)
    p = teacher.p
    R = range(len(teacher.regions))
    Fz = {a: event_average(teacher, F[a], a) for a in R}
    Dz = {a: event_average(teacher, gates[a], a) for a in R}
    Gz = {a: event_average(teacher, G[a], a) for a in R}
    eq22a, eq22b = {}, {}
    for a, ch in enumerate(teacher.children):
        if ch:
            rhs = Dz[a] * sum(transition_matrix(teacher, a, b) @ Fz[b] @ _host(weights[(b, a)], "w") for b in ch)
            eq22a[a] = float(np.max(np.abs(Fz[a] - rhs)))
    for b in R:
        pa = teacher.parents(b)
        if pa:
            rhs = Dz[b] * sum(transition_matrix(teacher, b, a) @ Gz[a] @ _host(weights[(b, a)], "w").T for a in pa)
            eq22b[b] = float(np.max(np.abs(Gz[b] - rhs)))
    out = {}
    for a, ch in enumerate(teacher.children):
        keys_a = region_keys(teacher, a)
        for b in ch:
            pair = np.stack([z[a], z[b]], axis=1)
            out[(b, a)] = {
                "focus": _cond_gap(p, region_keys(teacher, b), z[b], pair),
                "broadness": _cond_gap(p, keys_a, z[a], pair),
                "decorrelation_k": max(_cov_gap(teacher, gates[b], raw_g[b], b), _cov_gap(teacher, gates[b], raw_f[b], b)),
                "decorrelation_j": max(_cov_gap(teacher, gates[a], raw_g[a], a), _cov_gap(teacher, gates[a], raw_f[a], a)),
                "decorrelation_fg": _cross_cov_gap(teacher, F[b], G[a], a),
                "eq22a": eq22a[a],
                "eq22b": eq22b[b],
            }
    return out


def product_distribution(q: Any) -> np.ndarray:
    r""":math:`\mathbb P(x) = \prod_i q_i(x_i)` over the A**d patterns (C order), from per-position marginals ``q`` of shape (d, A).

    Independent positions make focus and broadness of knowledge (Thm. 2)
    hold for teachers whose summaries above the leaves keep all the
    children's values.
    """
    Q = _host(q, "q")
    if Q.ndim != 2 or np.any(Q < 0) or not np.allclose(Q.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError(f"q must have shape (d, A) with non-negative rows summing to 1 (one marginal per input position); got shape {Q.shape}")
    out = np.ones(1)
    for row in Q / Q.sum(axis=1, keepdims=True):
        out = np.outer(out, row).ravel()
    return out


# --------------------------------------------------------------- Thm. 4 (matrix form)
def backward_transition_matrix(teacher: Teacher, parent: int, child: int) -> np.ndarray:
    r""":math:`P^b_{\alpha\beta}[z_\alpha, z_\beta] = \mathbb P(z_\alpha | z_\beta)`, shape (m_alpha, m_beta) (Table 3; columns of impossible events are 0).

    With :func:`transition_matrix` and :func:`prior_matrix` it satisfies the
    Bayes identity :math:`\Lambda_\beta (P^b_{\alpha\beta})^T = P_{\alpha\beta}^T\Lambda_\alpha`
    used between Eq. 60 and 61 of tian18.
    """
    return _conditional(_joint_events(teacher, parent, child), axis=0)


def prior_matrix(teacher: Teacher, region: int) -> np.ndarray:
    r""":math:`\Lambda_\alpha = \operatorname{diag}(\mathbb P(z_\alpha))`, shape (m_alpha, m_alpha) (Table 3)."""
    return np.diag(event_probabilities(teacher, region))


@dataclass(frozen=True)
class Reformulation:
    r"""The matrices of tian18 Table 1 / Table 3, computed from the brute-force student (one entry per region or per child-parent pair).

    Per region :math:`\alpha` (arrays of shape (m_alpha, n_alpha) unless said):
    ``F`` (:math:`f_j(z_\alpha)`), ``D`` (gating probability :math:`f'_j(z_\alpha)`),
    ``G`` (:math:`g_j(z_\alpha)`, gated), ``Gt`` (:math:`\tilde G_\alpha = \Lambda_\alpha G_\alpha`),
    ``Fraw`` (:math:`\mathbb E[f_j^{raw}|z_\alpha]`), ``Graw``
    (:math:`\mathbb E[g_j^{raw}|z_\alpha]`), ``Lam`` (:math:`\Lambda_\alpha`, (m_alpha, m_alpha)).

    Per pair :math:`(\beta, \alpha)`, :math:`\beta \in ch(\alpha)`: ``P``
    (:math:`P_{\alpha\beta}`), ``Pb`` (:math:`P^b_{\alpha\beta}`), both (m_alpha, m_beta);
    ``dW`` (:math:`\Delta W_{\beta\alpha} = \mathbb E_x[f_\beta^T g_\alpha]`, (n_beta, n_alpha));
    ``Fraw_pair`` (:math:`F^{raw}_{\beta\to\alpha} = \mathbb E[F_\beta(x)W_{\beta\alpha}|z_\alpha]`, (m_alpha, n_alpha));
    ``Graw_pair`` (:math:`G^{raw}_{\alpha\to\beta} = \mathbb E[G_\alpha(x)W_{\beta\alpha}^T|z_\beta]`, (m_beta, n_beta)).
    Rows of impossible events are 0.
    """

    F: dict
    D: dict
    G: dict
    Gt: dict
    Fraw: dict
    Graw: dict
    Lam: dict
    P: dict
    Pb: dict
    dW: dict
    Fraw_pair: dict
    Graw_pair: dict


def reformulation_matrices(teacher: Teacher, weights: dict[tuple[int, int], Any], G_top: Any) -> Reformulation:
    r"""The event-level matrices of Thm. 4 (tian18 Table 1, Table 3, Eq. 59-62, 74), averaged from the brute-force student.

    Parameters
    ----------
    teacher : Teacher
    weights : dict (beta, alpha) -> array (n_beta, n_alpha)
    G_top : array, shape (A**d, n_top)
        Gradient at the top nodes before their gate.

    Returns
    -------
    Reformulation

    Notes
    -----
    Each matrix is the conditional mean of the student's exact per-input
    quantity (:func:`event_average`), e.g. :math:`F_\alpha[z, j] = \mathbb E[f_j(x)|z_\alpha = z]`
    (Eq. 5). No condition of Thm. 2 is assumed: compare them with
    :func:`matrix_recursions` to see whether Thm. 4 holds on a teacher.
    """
    F, gates = student_forward(teacher, weights)
    G, delta = student_backward(teacher, weights, F, gates, G_top)
    raw_f = preactivations(teacher, weights, F)
    raw_g = raw_gradients(teacher, weights, G, G_top)
    R = range(len(teacher.regions))
    Lam = {a: prior_matrix(teacher, a) for a in R}
    Gz = {a: event_average(teacher, G[a], a) for a in R}
    out = Reformulation(
        F={a: event_average(teacher, F[a], a) for a in R},
        D={a: event_average(teacher, gates[a], a) for a in R},
        G=Gz,
        Gt={a: Lam[a] @ Gz[a] for a in R},
        Fraw={a: event_average(teacher, raw_f[a], a) for a in R},
        Graw={a: event_average(teacher, raw_g[a], a) for a in raw_g},
        Lam=Lam,
        P={}, Pb={}, dW=dict(delta), Fraw_pair={}, Graw_pair={},
    )
    for a, ch in enumerate(teacher.children):
        for b in ch:
            Wba = _host(weights[(b, a)], f"weights[{(b, a)}]")
            out.P[(b, a)] = transition_matrix(teacher, a, b)
            out.Pb[(b, a)] = backward_transition_matrix(teacher, a, b)
            out.Fraw_pair[(b, a)] = event_average(teacher, F[b] @ Wba, a)
            out.Graw_pair[(b, a)] = event_average(teacher, G[a] @ Wba.T, b)
    return out


def matrix_recursions(teacher: Teacher, R: Reformulation, weights: dict[tuple[int, int], Any]) -> dict[str, dict]:
    r"""The right-hand sides of Thm. 4 (tian18 Eq. 8 = Eq. 59 = Eq. 62a-b and 74) from the event-level matrices ``R``.

    .. math::

        F_\alpha = D_\alpha \circ \sum_{\beta \in ch(\alpha)} P_{\alpha\beta}F_\beta W_{\beta\alpha},\quad
        \tilde G_\beta = D_\beta \circ \sum_{\alpha \in pa(\beta)} P_{\alpha\beta}^T\tilde G_\alpha W_{\beta\alpha}^T,\quad
        \Delta W_{\beta\alpha} = (P_{\alpha\beta}F_\beta)^T\tilde G_\alpha .

    Returns
    -------
    dict
        ``"F"``: region -> (m_alpha, n_alpha) for every region with children;
        ``"Gt"``: region -> (m_beta, n_beta) for every region with parents;
        ``"dW"``: (beta, alpha) -> (n_beta, n_alpha); and the matching
        ``"F_scale"``, ``"Gt_scale"``, ``"dW_scale"``: the same sums with
        absolute values (the size of the terms, for round-off allowances).
    """
    W = {k: _host(v, f"weights[{k}]") for k, v in weights.items()}
    out: dict[str, dict] = {"F": {}, "Gt": {}, "dW": {}, "F_scale": {}, "Gt_scale": {}, "dW_scale": {}}
    for a, ch in enumerate(teacher.children):
        if not ch:
            continue
        out["F"][a] = R.D[a] * sum(R.P[(b, a)] @ R.F[b] @ W[(b, a)] for b in ch)
        out["F_scale"][a] = sum(R.P[(b, a)] @ np.abs(R.F[b]) @ np.abs(W[(b, a)]) for b in ch)
        for b in ch:
            PF = R.P[(b, a)] @ R.F[b]
            out["dW"][(b, a)] = PF.T @ R.Gt[a]
            out["dW_scale"][(b, a)] = np.abs(PF).T @ np.abs(R.Gt[a])
    for b in range(len(teacher.regions)):
        pa = teacher.parents(b)
        if not pa:
            continue
        out["Gt"][b] = R.D[b] * sum(R.P[(b, a)].T @ R.Gt[a] @ W[(b, a)].T for a in pa)
        out["Gt_scale"][b] = sum(R.P[(b, a)].T @ np.abs(R.Gt[a]) @ np.abs(W[(b, a)]).T for a in pa)
    return out


def top_mse_gradient(teacher: Teacher, F_top: Any, labels: Any = None) -> np.ndarray:
    r"""The top gradient (before the gate) of the per-input loss :math:`\tfrac12\|f_\omega(x) - e_{y(x)}\|^2`: :math:`e_{y(x)} - f_\omega(x)`, shape (A**d, n_top).

    The label is :math:`y = z_\omega(x)`, the top summary (Sec. 2.2), unless
    ``labels`` (int array of shape (A**d,)) is given; node j stands for class
    j, so ``F_top`` must have :math:`n_\omega = m_\omega` columns (Sec. 3,
    after Thm. 4: "the top level gradient is :math:`G_\omega = I - F_\omega`").

    Parameters
    ----------
    teacher : Teacher
    F_top : array, shape (A**d, m_top)
        The top activations per input (:func:`student_forward`).
    labels : array of int, shape (A**d,), optional

    Returns
    -------
    numpy.ndarray, shape (A**d, m_top)
        To be passed as ``G_top`` (the gradient before the top gate); its
        event average is :math:`I - F_\omega` exactly, the gated one
        :math:`D_\omega\circ I - F_\omega` (``tian18.sec3.boundary-corrected``).

    Raises
    ------
    ValueError
        If ``F_top`` does not have one column per class.
    """
    Ft = _host(F_top, "F_top")
    n = teacher.alphabet**teacher.n_inputs
    y = summary_values(teacher)[teacher.top] if labels is None else np.asarray(labels)
    m = int(teacher.tables[teacher.top].max()) + 1 if labels is None else int(y.max()) + 1
    if Ft.shape != (n, m):
        raise ValueError(f"F_top must have shape (A**d, m_top) = ({n}, {m}) (one node per class); got shape {Ft.shape}")
    return np.eye(m)[y] - Ft


def event_variance(teacher: Teacher, values: Any, region: int) -> np.ndarray:
    r"""The within-event variance :math:`\mathrm{Var}(v(x) | z_\alpha) = \mathbb E[v^2|z_\alpha] - \mathbb E[v|z_\alpha]^2`, shape (m_alpha, n).

    Zero for every :math:`v` of :math:`x_\alpha` exactly when the teacher is
    lossless at :math:`\alpha` on the inputs of positive probability (Thm. 3's
    delta :math:`\mathbb P(x_j|z_\alpha)`); rows of impossible events are 0.
    By the law of total variance,
    :math:`\mathrm{Var}_x(v) = \mathrm{Var}_z(\mathbb E[v|z]) + \mathbb E_z[\mathrm{Var}(v|z)]`
    (the term Eq. 83's event-level :math:`\sigma` misses, ``tian18.eq83.teacher``).

    Parameters
    ----------
    teacher : Teacher
    values : array, shape (A**d,) or (A**d, n)
        :math:`v(x)` per pattern.
    region : int

    Returns
    -------
    numpy.ndarray, shape (m_alpha, n)
    """
    v = _host(values, "values")
    m1 = event_average(teacher, v, region)
    m2 = event_average(teacher, v * v, region)
    return np.maximum(m2 - m1 * m1, 0.0)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
