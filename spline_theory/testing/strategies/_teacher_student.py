"""Teacher-student networks, BatchNorm, reformulation and disentanglement (tian18)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from ._core import _dim, elements, float_arrays

__all__: list[str] = []

# ---- tian18 ----
# BatchNorm as a projection (tian18 Sec. 4, App. 8.6) and convex hulls of the
# rows of a matrix (tian18 Sec. 5.1, App. 8.7.1).
__all__ += ["bn_instances", "population_bn_instances", "bn_layer_instances", "tian18_relu_layer_instances"]


def _tidy_arrays(shape: Any, *, bound: float = 4.0) -> st.SearchStrategy[np.ndarray]:
    """:func:`float_arrays` with magnitudes below 2**-12 set to 0.

    Products of two or three drawn values then stay far above the float32
    underflow threshold (a check comparing subnormal round-off against a
    relative tolerance that itself underflows to 0 would report noise).
    """
    return float_arrays(shape, bound=bound).map(lambda a: np.where(np.abs(a) < 2.0**-12, 0.0, a))


def _f32(a: Any) -> np.ndarray:
    """Round to float32 (so a float32 run checks the very instance a float64 run does)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def _spread_column(draw: Any, f: np.ndarray) -> np.ndarray:
    """``f`` itself when it is well spread along the batch, else ``f`` plus a ramp.

    Well spread: :math:`\\sigma \\ge \\max(1, \\max|f|)/4`, so that centering
    loses at most a few bits (the condition number of BatchNorm).
    """
    def spread(v: np.ndarray) -> bool:
        return bool(v.std() >= 0.25 * max(1.0, np.abs(v).max()))

    if spread(f):
        return f
    step = draw(st.sampled_from([1.0, 2.0, -1.0, -2.0]))
    g = _f32(f + step * np.arange(f.shape[0]))
    from hypothesis import assume

    assume(spread(g))
    return g


@st.composite
def bn_instances(draw: Any, *, eps: bool = False, max_N: int = 6) -> dict:
    """``{"f" (N,), "c" (2,), "g_bn" (N,), "eps"}``: one BatchNorm node on a batch of N >= 3.

    ``f`` is well spread along the batch (standard deviation at least a
    quarter of its largest magnitude); ``eps`` is 0, or with ``eps=True``
    one of 1/16, 1/4, 1.
    """
    N = draw(_dim(3, max_N))
    f = _spread_column(draw, draw(_tidy_arrays((N,))))
    return {
        "f": f,
        "c": draw(_tidy_arrays((2,), bound=3.0)),
        "g_bn": draw(_tidy_arrays((N,))),
        "eps": draw(st.sampled_from([0.0625, 0.25, 1.0])) if eps else 0.0,
    }


@st.composite
def population_bn_instances(draw: Any, *, max_m: int = 5) -> dict:
    """``{"f" (m,), "c" (2,), "g_bn" (m,), "counts"}``: a node on m events with P(z) = counts / sum(counts)."""
    m = draw(_dim(3, max_m))
    f = _spread_column(draw, draw(_tidy_arrays((m,))))
    return {
        "f": f,
        "c": draw(_tidy_arrays((2,), bound=3.0)),
        "g_bn": draw(_tidy_arrays((m,))),
        "counts": draw(st.lists(st.integers(1, 4), min_size=m, max_size=m)),
    }


@st.composite
def bn_layer_instances(draw: Any, *, eps: bool = False, max_N: int = 5, max_K: int = 3) -> dict:
    """``{"F_in" (N, K), "W" (1, K), "c" (1, 2), "Y" (N, 1), "lr", "eps"}``: one row of a linear layer followed by BN.

    The pre-BN activations ``F_in @ W.T`` are made well spread along the
    batch: when they are not, a ramp along ``W`` is added to ``F_in``
    (shifting ``f`` by 0, s, 2s, ...). ``c_1`` is one of 1/2, 1, 3/2, 2, -1;
    ``lr`` is a step size; ``eps`` as in :func:`bn_instances`. One row is
    enough: the rows of W evolve independently (BN acts per node).
    """
    N, K = draw(_dim(3, max_N)), draw(_dim(1, max_K))
    F_in = draw(_tidy_arrays((N, K), bound=2.0))
    w = draw(_tidy_arrays((K,), bound=2.0))
    if w @ w < 0.25:  # keep |w| >= 1/2, so that the ramp below stays of size O(N)
        w = _f32(w + np.eye(K)[0])
    f = F_in @ w
    if f.std() < 0.25 * max(1.0, np.abs(f).max()):
        step = draw(st.sampled_from([1.0, 0.5, -1.0, -0.5]))
        F_in = _f32(F_in + np.outer(step * np.arange(N), w) / (w @ w))
    return {
        "F_in": F_in,
        "W": w[None, :],
        "c": np.asarray([[draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, -1.0])), draw(elements(1.0))]]),
        "Y": draw(_tidy_arrays((N, 1), bound=2.0)),
        "lr": draw(st.sampled_from([0.05, 0.1, 0.25, 0.5])),
        "eps": draw(st.sampled_from([0.25, 1.0])) if eps else 0.0,
    }


@st.composite
def tian18_relu_layer_instances(draw: Any, *, max_N: int = 5, max_K: int = 4, max_J: int = 3) -> dict:
    """``{"F_in" (N, K), "W" (J, K), "G_top" (N, J)}``: a ReLU layer, its inputs and the gradient from above."""
    N, K, J = draw(_dim(1, max_N)), draw(_dim(1, max_K)), draw(_dim(1, max_J))
    return {
        "F_in": draw(_tidy_arrays((N, K))),
        "W": draw(_tidy_arrays((J, K))),
        "G_top": draw(_tidy_arrays((N, J))),
    }


__all__ += ["row_matrices", "all_vert_stochastic_instances", "full_row_rank_instances", "random_relu_group_instances"]


@st.composite
def row_matrices(draw: Any, *, max_m: int = 6, max_n: int = 3, square: bool = False) -> dict:
    """``{"P" (m, n)}``: rows on a half-integer grid in [-2, 2], so interior, edge and repeated rows occur.

    With ``square=True``, m = n.
    """
    n = draw(_dim(1, max_n))
    m = n if square else draw(_dim(1, max_m))
    vals = draw(st.lists(st.integers(-4, 4), min_size=m * n, max_size=m * n))
    return {"P": np.asarray(vals, dtype=np.float64).reshape(m, n) / 2.0}


def _circle_rows(m_alpha: int, m_beta: int, angles: list[int], rng: np.random.Generator) -> np.ndarray:
    """m_alpha distinct points on a circle inside the probability simplex of R^{m_beta} (all-vert rows)."""
    B = rng.standard_normal((m_beta, 2))
    B -= B.mean(axis=0)  # directions orthogonal to 1: rows keep summing to 1
    B, _ = np.linalg.qr(B)
    r = 0.9 / m_beta / np.abs(B).sum(axis=1).max()
    th = 2 * np.pi * np.asarray(angles) / 12.0
    return 1.0 / m_beta + r * (np.cos(th)[:, None] * B[:, 0] + np.sin(th)[:, None] * B[:, 1])


@st.composite
def all_vert_stochastic_instances(draw: Any, *, max_children: int = 2, max_m: int = 5) -> dict:
    """``{"P1": (m_alpha, m_beta1), "P2": ...}``: row-stochastic, all-vert P_alpha_beta for 1-2 children (tian18 Thm. 6).

    Each child is either m_alpha points on a circle inside the simplex
    (m_beta >= 3; distinct points on a circle are all vertices) or a mixture
    :math:`(1-t) e_{\\pi(i)} + t\\, q` of distinct corners (m_beta >= m_alpha).
    Built from a drawn seed.
    """
    m_alpha = draw(_dim(2, max_m))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    Ps = []
    for _ in range(draw(_dim(1, max_children))):
        if draw(st.booleans()):
            m_beta = draw(_dim(3, 4))
            angles = draw(st.lists(st.integers(0, 11), min_size=m_alpha, max_size=m_alpha, unique=True))
            P = _circle_rows(m_alpha, m_beta, angles, rng)
        else:
            m_beta = draw(_dim(m_alpha, m_alpha + 1))
            q = rng.dirichlet(np.ones(m_beta))
            t = draw(st.sampled_from([0.1, 0.3, 0.5]))
            P = (1 - t) * np.eye(m_beta)[rng.permutation(m_beta)[:m_alpha]] + t * q
        Ps.append(P / P.sum(axis=1, keepdims=True))
    return {f"P{i + 1}": P for i, P in enumerate(Ps)}


@st.composite
def full_row_rank_instances(draw: Any, *, max_m: int = 5, max_n: int = 3) -> dict:
    """``{"P" (m, n), "F" (n, q)}``: grid rows (:func:`row_matrices`) and a seeded Gaussian F with q >= n (full row rank w.p. 1)."""
    P = draw(row_matrices(max_m=max_m, max_n=max_n))["P"]
    n = P.shape[1]
    q = draw(_dim(n, n + 2))
    F = _f32(np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal((n, q)))
    return {"P": P, "F": F}


@st.composite
def random_relu_group_instances(draw: Any, *, max_m: int = 4) -> dict:
    """``{"P" (m, m), "F" (m, m), "W" (m, m)}``: tian18 Sec. 5.1 with random weights.

    A leaf child (:math:`F_\\beta = I`), a row-stochastic :math:`P_{\\alpha\\beta}`
    with uniform random entries and Gaussian :math:`W_{\\beta\\alpha}`, both
    from a drawn seed (so the weights are random, not chosen by the search),
    m_alpha = m_beta = n_alpha = m.
    """
    m = draw(_dim(2, max_m))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    P = rng.random((m, m)) + 0.05
    return {"P": _f32(P / P.sum(axis=1, keepdims=True)), "F": np.eye(m), "W": _f32(rng.standard_normal((m, m)))}


__all__ += ["teacher_student_instances"]

#: Receptive-field hierarchies (regions, children) of tian18 Sec. 2: two inputs; three inputs with overlapping siblings; three leaves under one top.
TIAN18_HIERARCHIES = {
    "pair": ([(0,), (1,), (0, 1)], [(), (), (0, 1)]),
    "overlap": ([(0,), (1,), (2,), (0, 1), (1, 2), (0, 1, 2)], [(), (), (), (0, 1), (1, 2), (3, 4)]),
    "flat": ([(0,), (1,), (2,), (0, 1, 2)], [(), (), (), (0, 1, 2)]),
}


@st.composite
def teacher_student_instances(draw: Any) -> dict:
    """``{"A", "regions", "children", "n_nodes", "p" (A**d,), "w" (flat weights), "G_top" (A**d, n_top)}`` (tian18 Sec. 2-3).

    A hierarchy of :data:`TIAN18_HIERARCHIES`, alphabet size 2 or 3, 1-3
    nodes per region above the leaves, P(x) from small integer weights (some
    patterns may have probability 0), weights and the top gradient from a
    drawn seed (Gaussian, rounded to float32).
    """
    regions, children = TIAN18_HIERARCHIES[draw(st.sampled_from(sorted(TIAN18_HIERARCHIES)))]
    A = draw(st.sampled_from([2, 3]))
    d = 1 + max(max(r) for r in regions)
    n_nodes = [A if not ch else draw(_dim(1, 3)) for ch in children]
    counts = np.asarray(draw(st.lists(st.integers(0, 4), min_size=A**d, max_size=A**d)), dtype=np.float64)
    if counts.sum() == 0:
        counts[0] = 1.0
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_w = sum(n_nodes[b] * n_nodes[a] for a, ch in enumerate(children) for b in ch)
    top = next(i for i, r in enumerate(regions) if len(r) == d)
    return {
        "A": A,
        "regions": [list(r) for r in regions],
        "children": [list(c) for c in children],
        "n_nodes": n_nodes,
        "p": counts / counts.sum(),
        "w": _f32(rng.standard_normal(n_w)),
        "G_top": _f32(rng.standard_normal((A**d, n_nodes[top]))),
    }


__all__ += ["lossy_teacher_instances"]


@st.composite
def lossy_teacher_instances(draw: Any) -> dict:
    """``{"A", "regions", "children", "tables", "n_nodes", "q" (d, A), "w", "G_top"}``: teachers for which Thm. 2's printed conditions can hold.

    Independent input positions (``q``: per-position marginals), leaf
    summaries that may merge letters (lossy), summaries above that keep the
    tuple of the children's values: focus and broadness of knowledge then
    hold, and the decorrelation at the leaves is trivial (no gate). Weights
    are Gaussian or, half of the time, positive (every gate open).
    """
    name = draw(st.sampled_from(sorted(TIAN18_HIERARCHIES)))
    regions, children = TIAN18_HIERARCHIES[name]
    A = draw(st.sampled_from([2, 3]))
    d = 1 + max(max(r) for r in regions)
    tables: list[Any] = [None] * len(regions)
    sizes = [0] * len(regions)
    for a in sorted(range(len(regions)), key=lambda r: len(regions[r])):
        if not children[a]:
            t = np.asarray(draw(st.lists(st.integers(0, A - 1), min_size=A, max_size=A)))
            t = np.unique(t, return_inverse=True)[1].ravel()  # values 0..m-1
        else:
            shape = tuple(sizes[c] for c in children[a])
            t = np.arange(int(np.prod(shape))).reshape(shape)
        tables[a] = t.tolist()
        sizes[a] = int(np.max(t)) + 1
    n_nodes = [A if not ch else draw(_dim(1, 2)) for ch in children]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    q = rng.dirichlet(np.ones(A), size=d)
    n_w = sum(n_nodes[b] * n_nodes[a] for a, ch in enumerate(children) for b in ch)
    w = rng.standard_normal(n_w)
    if draw(st.booleans()):
        w = np.abs(w) + 0.1
    top = next(i for i, r in enumerate(regions) if len(r) == d)
    return {
        "A": A,
        "regions": [list(r) for r in regions],
        "children": [list(c) for c in children],
        "tables": tables,
        "n_nodes": n_nodes,
        "q": _f32(q),
        "w": _f32(w),
        "G_top": _f32(rng.standard_normal((A**d, n_nodes[top]))),
    }


# ---- tian18_disentangle ----
# Instances of tian18 Sec. 5.2, App. 8.7.2-8.7.3 (disentanglement) and Sec. 6 (over-fitting).

__all__ += ["disentangle_instances", "disentangle_lemma_instances", "disentangle_overfitting_instances"]


def _disentangle_row(draw: Any, L: int) -> list[float]:
    """A positive probability row of length L with dyadic entries (exact in float32, sums exactly to 1)."""
    c = draw(st.lists(st.integers(1, 4), min_size=L - 1, max_size=L - 1))
    K = 1
    while K < sum(c) + 1:
        K *= 2
    return [x / K for x in c + [K - sum(c)]]


@st.composite
def disentangle_instances(draw: Any, *, max_set: int | None = None, centered: bool = False) -> dict:
    """``{"n_a", "nonlinearity", "g" (n_a, 2), "p" (n_a, 2), and per child c in 0, 1: "n_b{c}", "sets{c}", "b{c}" (flat blocks), "f{c}" (n_b, 2), "W{c}" (n_b, n_a)}`` (tian18 Thm. 8-9, App. 8.7.3).

    Two children of a parent with ``n_a`` binary factors (1-3); child c has
    ``n_b{c}`` factors (1-3), each assigned to one parent factor
    (``sets{c}[i]``: the child factors of parent factor i, possibly empty;
    with ``max_set=1`` each parent factor gets at most one). ``b{c}`` holds the
    blocks :math:`P_{\\alpha[i]\\beta[S_i]}` (2, 2**|S_i|) flattened in order,
    rows positive dyadic distributions; ``W{c}`` is separable w.r.t.
    ``sets{c}``; ``f{c}`` the child's factor activations; ``g`` (centered rows
    with ``centered=True``) and ``p`` (dyadic marginals) the parent's gradient
    factors. Values from a drawn seed, rounded to float32.
    """
    n_a = draw(_dim(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    out: dict = {"n_a": n_a, "nonlinearity": draw(st.sampled_from(["relu", "linear", "bn", "relu_bn"]))}
    for c in range(2):
        if max_set == 1:
            n_b = draw(_dim(1, n_a))
            owners = draw(st.permutations(list(range(n_a))))[:n_b]
        else:
            n_b = draw(_dim(1, 3))
            owners = draw(st.lists(st.integers(0, n_a - 1), min_size=n_b, max_size=n_b))
        sets = [[k for k in range(n_b) if owners[k] == i] for i in range(n_a)]
        blocks = [[_disentangle_row(draw, 2 ** len(S)) for _ in range(2)] for S in sets]
        W = np.zeros((n_b, n_a))
        for k in range(n_b):
            W[k, owners[k]] = rng.standard_normal()
        out.update({
            f"n_b{c}": n_b,
            f"sets{c}": sets,
            f"b{c}": np.asarray([x for B in blocks for row in B for x in row]),
            f"f{c}": _f32(rng.standard_normal((n_b, 2))),
            f"W{c}": _f32(W),
        })
    g = _f32(rng.standard_normal((n_a, 2)))
    if centered:
        g[:, 1] = -g[:, 0]
    out["g"] = g
    out["p"] = np.asarray([[1 - k / 8, k / 8] for k in draw(st.lists(st.integers(1, 7), min_size=n_a, max_size=n_a))])
    return out


_DISENTANGLE_H = ("relu", "square", "tanh", "abs", "step")


@st.composite
def disentangle_lemma_instances(draw: Any) -> dict:
    """``{"fs" (3, n, 2), "c" (3,), "h" (3 lists of n names of element-wise functions)}`` (tian18 Lemma 1): three disentangled activations by their factors."""
    n = draw(_dim(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    h = [[draw(st.sampled_from(_DISENTANGLE_H)) for _ in range(n)] for _ in range(3)]
    return {"fs": _f32(rng.standard_normal((3, n, 2))), "c": _f32(rng.standard_normal(3)), "h": h}


@st.composite
def disentangle_overfitting_instances(draw: Any) -> dict:
    """``{"eps", "p_gamma", "c", "f_gamma" (2,)}`` (tian18 Sec. 6): spurious correlation eps in (0, 1/2), P(z_gamma = 1), a constant activation c and a distinctive one (f(0) != f(1)), dyadic."""
    eps = draw(st.integers(1, 7)) / 16
    p_gamma = draw(st.integers(1, 7)) / 8
    c = draw(st.integers(-8, 8).filter(lambda v: v != 0)) / 4
    f0 = draw(st.integers(0, 8)) / 4
    f1 = draw(st.integers(0, 8).filter(lambda v: v / 4 != f0)) / 4
    return {"eps": eps, "p_gamma": p_gamma, "c": c, "f_gamma": np.asarray([f0, f1])}


__all__ += ["disentangle_teacher_instances"]


@st.composite
def disentangle_teacher_instances(draw: Any, *, lossy: bool | None = None) -> dict:
    """``{"lossy", "p" (16,), "w" (16,)}`` (tian18 Thm. 8 on a teacher): four binary inputs, regions {0,1}, {2,3} under the top.

    Lossless: each middle region keeps both inputs (two factors, two nodes),
    the top all four. Lossy: each middle region keeps only its first input
    (one factor, one node reading both inputs), the top the pair. P(x) has
    positive small-integer weights (generically correlated inputs); ``w`` is a
    seeded Gaussian vector the weights are taken from, rounded to float32.
    """
    lossy = draw(st.booleans()) if lossy is None else lossy
    counts = np.asarray(draw(st.lists(st.integers(1, 4), min_size=16, max_size=16)), dtype=np.float64)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {"lossy": lossy, "p": counts / counts.sum(), "w": _f32(rng.standard_normal(16))}


__all__ += ["disentangle_eq109_instances"]


@st.composite
def disentangle_eq109_instances(draw: Any) -> dict:
    """``{"n_b", "V" (k, 2, 2**n_b), "g" (k,), "w" (k,)}`` (tian18 Eq. 109): k = 1-3 one-factor parents of one group of n_b = 1-2 child factors; rows of ``V[a]`` are v^- and v^+ (dyadic), the centered gradient of parent a is (-g[a], g[a])."""
    n_b = draw(_dim(1, 2))
    k = draw(_dim(1, 3))
    V = np.asarray([[_disentangle_row(draw, 2**n_b) for _ in range(2)] for _ in range(k)])
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {"n_b": n_b, "V": V, "g": _f32(rng.standard_normal(k)), "w": _f32(rng.standard_normal(k))}


# ---- tian18-rest ----
# Teachers for the matrix form of the reformulation (tian18 Thm. 4, Eq. 59-62, 74),
# its boundary conditions (Sec. 3), BatchNorm on a teacher (Sec. 4.2), the remark
# after Eq. 109 and separability over several update steps (Sec. 5.2).
__all__ += ["tian18_reformulation_instances"]


@st.composite
def tian18_reformulation_instances(draw: Any) -> dict:
    """``{"A", "regions", "children", "tables", "n_nodes", "q" (d, A) or "p" (A**d,), "w", "G_top" (A**d, n_top)}``: lossless and lossy teachers for Thm. 4.

    A hierarchy of :data:`TIAN18_HIERARCHIES`; leaf summaries lossless or
    merging letters (lossy), summaries above keep the tuple of the children's
    values (the top one, a quarter of the time, merges them: a lossy label).
    P(x) has independent positions (``q``, per-position marginals;
    focus and broadness of knowledge then hold) or, a third of the time, is a
    correlated distribution ``p`` from small positive integer weights (with
    lossy leaves the knowledge conditions can then fail). Weights Gaussian or
    positive (every gate open); the top gradient is a function of the input
    or, half of the time, of the top summary only (as a label's gradient is).
    """
    name = draw(st.sampled_from(sorted(TIAN18_HIERARCHIES)))
    regions, children = TIAN18_HIERARCHIES[name]
    A = draw(st.sampled_from([2, 3]))
    d = 1 + max(max(r) for r in regions)
    lossless_leaves = draw(st.booleans())
    tables: list[Any] = [None] * len(regions)
    sizes = [0] * len(regions)
    for a in sorted(range(len(regions)), key=lambda r: len(regions[r])):
        if not children[a]:
            t = np.arange(A) if lossless_leaves else np.unique(np.asarray(draw(st.lists(st.integers(0, A - 1), min_size=A, max_size=A))), return_inverse=True)[1].ravel()
        else:
            shape = tuple(sizes[c] for c in children[a])
            t = np.arange(int(np.prod(shape))).reshape(shape)
            if len(regions[a]) == d and draw(st.integers(0, 3)) == 0:  # a lossy top: the label forgets part of the children's values
                t = np.unique(np.asarray(draw(st.lists(st.integers(0, 2), min_size=t.size, max_size=t.size))), return_inverse=True)[1].reshape(shape)
        tables[a] = t.tolist()
        sizes[a] = int(np.max(t)) + 1
    n_nodes = [A if not ch else draw(_dim(1, 2)) for ch in children]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    out: dict = {"A": A, "regions": [list(r) for r in regions], "children": [list(c) for c in children], "tables": tables, "n_nodes": n_nodes}
    if draw(st.integers(0, 2)) == 0:
        counts = np.asarray(draw(st.lists(st.integers(1, 4), min_size=A**d, max_size=A**d)), dtype=np.float64)
        out["p"] = counts / counts.sum()
    else:
        out["q"] = _f32(rng.dirichlet(np.ones(A), size=d))
    n_w = sum(n_nodes[b] * n_nodes[a] for a, ch in enumerate(children) for b in ch)
    w = rng.standard_normal(n_w)
    if draw(st.booleans()):
        w = np.abs(w) + 0.1
    out["w"] = _f32(w)
    top = next(i for i, r in enumerate(regions) if len(r) == d)
    if draw(st.booleans()):
        from ...teacher_student import make_teacher, summary_values

        T = make_teacher(A, regions, children, np.full(A**d, 1.0 / A**d), tables=tables)
        per_event = rng.standard_normal((sizes[top], n_nodes[top]))
        out["G_top"] = _f32(per_event[summary_values(T)[top]])
    else:
        out["G_top"] = _f32(rng.standard_normal((A**d, n_nodes[top])))
    return out


__all__ += ["tian18_boundary_instances"]


@st.composite
def tian18_boundary_instances(draw: Any, *, lossy_leaves: bool | None = None) -> dict:
    """``{"A", "regions", "children", "tables", "n_nodes", "p" (A**d,), "w"}``: a teacher whose top summary is a class label (tian18 Sec. 3 boundary conditions).

    Leaves lossless (:math:`z = x_i`, the setting of Sec. 2.2) or, unless
    ``lossy_leaves=False``, merging letters; summaries between keep the
    children's values; the top summary is a label with 2-3 classes (a random
    table over the children's values, every class present) and the top
    region has one node per class (:math:`n_\\omega = m_\\omega`). P(x) has
    positive small-integer weights; Gaussian weights (some top units dead on
    their own class).
    """
    regions, children = TIAN18_HIERARCHIES[draw(st.sampled_from(sorted(TIAN18_HIERARCHIES)))]
    A = draw(st.sampled_from([2, 3]))
    d = 1 + max(max(r) for r in regions)
    lossy = draw(st.booleans()) if lossy_leaves is None else lossy_leaves
    tables: list[Any] = [None] * len(regions)
    sizes = [0] * len(regions)
    for a in sorted(range(len(regions)), key=lambda r: len(regions[r])):
        if not children[a]:
            t = np.unique(np.asarray(draw(st.lists(st.integers(0, A - 1), min_size=A, max_size=A))), return_inverse=True)[1].ravel() if lossy else np.arange(A)
        else:
            shape = tuple(sizes[c] for c in children[a])
            t = np.arange(int(np.prod(shape))).reshape(shape)
            if len(regions[a]) == d:
                K = min(draw(_dim(2, 3)), t.size)
                labels = draw(st.lists(st.integers(0, K - 1), min_size=t.size, max_size=t.size))
                t = np.unique(np.asarray(labels), return_inverse=True)[1].reshape(shape)
        tables[a] = t.tolist()
        sizes[a] = int(np.max(t)) + 1
    top = next(i for i, r in enumerate(regions) if len(r) == d)
    n_nodes = [A if not ch else (sizes[a] if a == top else draw(_dim(1, 2))) for a, ch in enumerate(children)]
    counts = np.asarray(draw(st.lists(st.integers(1, 4), min_size=A**d, max_size=A**d)), dtype=np.float64)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_w = sum(n_nodes[b] * n_nodes[a] for a, ch in enumerate(children) for b in ch)
    return {"A": A, "regions": [list(r) for r in regions], "children": [list(c) for c in children], "tables": tables, "n_nodes": n_nodes, "p": counts / counts.sum(), "w": _f32(rng.standard_normal(n_w))}


__all__ += ["tian18_bn_teacher_instances"]


@st.composite
def tian18_bn_teacher_instances(draw: Any) -> dict:
    """:func:`tian18_reformulation_instances` plus ``{"c" (2,), "g_bn" (A**d,)}``: a BatchNorm node after the first top node's linear layer (tian18 Sec. 4.2, App. 8.6.1).

    ``c`` = (c_1, c_0) with c_1 one of 1/2, 1, 2, -1; ``g_bn`` the gradient
    arriving at the BN output per input, from a drawn seed.
    """
    inst = draw(tian18_reformulation_instances())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    d = 1 + max(max(r) for r in inst["regions"])
    A = inst["A"]
    inst["c"] = np.asarray([draw(st.sampled_from([0.5, 1.0, 2.0, -1.0])), draw(elements(1.0))])
    inst["g_bn"] = _f32(rng.standard_normal(A**d))
    return inst


__all__ += ["tian18_span_instances"]


@st.composite
def tian18_span_instances(draw: Any) -> dict:
    """``{"n_b", "V" (k, 2, 2**n_b), "g" (k,), "a", "p_rest" (2**(n_b-1),)}`` (tian18, the remark after Eq. 109).

    A group of n_b = 1-2 child factors shared by k one-factor parents, k the
    dimension 2**n_b - 1 of the zero-sum subspace or one more; rows of
    ``V[a]`` are v^- and v^+ (dyadic, positive); ``g`` the parents' non-zero
    gradient entries; the target column is (-a, a) (x) p_rest, the disentangled
    form of the first child factor's gradient (Def. 4).
    """
    n_b = draw(_dim(1, 2))
    k = 2**n_b - 1 + draw(st.integers(0, 1))
    V = np.asarray([[_disentangle_row(draw, 2**n_b) for _ in range(2)] for _ in range(k)])
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    g = rng.standard_normal(k)
    g = _f32(np.where(np.abs(g) < 0.25, np.sign(g) * 0.25 + (g == 0) * 0.25, g))
    a = draw(st.sampled_from([0.25, 0.5, 1.0, -0.5, -1.0]))
    p_rest = np.asarray(_disentangle_row(draw, 2 ** (n_b - 1))) if n_b > 1 else np.ones(1)
    return {"n_b": n_b, "V": V, "g": g, "a": a, "p_rest": p_rest}


__all__ += ["tian18_steps_instances"]


def _owned_sets(draw: Any, n_parent: int, n_child: int, *, one_each: bool) -> list[list[int]]:
    """A partition of child factors 0..n_child-1 into one (possibly empty) set per parent factor."""
    owners = draw(st.permutations(list(range(n_parent))))[:n_child] if one_each else draw(st.lists(st.integers(0, n_parent - 1), min_size=n_child, max_size=n_child))
    return [[k for k in range(n_child) if owners[k] == i] for i in range(n_parent)]


@st.composite
def tian18_steps_instances(draw: Any, *, one_each: bool | None = None) -> dict:
    """A three-level event-level network for several gradient steps (tian18 Sec. 5.2, after Thm. 9): ``{"n_a", "n_b", "n_g", "sets_b", "sets_g", "blocks_b", "blocks_g", "f_g" (n_g, 2), "W_l" (n_g, n_b), "W_u" (n_b, n_a), "y" (n_a, 2), "p" (n_a, 2), "lr"}``.

    Top :math:`\\alpha` with n_a = 1-2 independent binary factors (marginals
    ``p``), middle :math:`\\beta` with n_b factors, bottom :math:`\\gamma` with n_g;
    ``sets_b[i]`` are the middle factors owned by top factor i, ``sets_g[j]``
    the bottom factors owned by middle factor j; ``blocks_*`` the flattened
    blocks :math:`P_{\\alpha[i]\\beta[S_i]}` (dyadic positive rows); separable
    initial weights, disentangled bottom activations ``f_g`` and per-factor
    targets ``y``, from a drawn seed. A top factor may own several middle
    factors (n_b = 2-3); with ``one_each=True`` each owns at most one
    (n_b <= n_a); by default either, half of the time each.
    """
    n_a = draw(_dim(1, 2))
    one = draw(st.booleans()) if one_each is None else one_each
    n_b = draw(_dim(1, n_a)) if one else draw(_dim(2, 3))
    n_g = draw(_dim(1, 3))
    sets_b = _owned_sets(draw, n_a, n_b, one_each=one)
    sets_g = _owned_sets(draw, n_b, n_g, one_each=False)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def blocks(sets: list[list[int]]) -> np.ndarray:
        return np.asarray([x for S in sets for _ in range(2) for x in _disentangle_row(draw, 2 ** len(S))])

    def separable(sets: list[list[int]], n_child: int) -> np.ndarray:
        W = np.zeros((n_child, len(sets)))
        for j, S in enumerate(sets):
            W[S, j] = rng.standard_normal(len(S))
        return _f32(W)

    return {
        "n_a": n_a, "n_b": n_b, "n_g": n_g, "sets_b": sets_b, "sets_g": sets_g,
        "blocks_b": blocks(sets_b), "blocks_g": blocks(sets_g),
        "f_g": _f32(rng.standard_normal((n_g, 2))),
        "W_l": separable(sets_g, n_g), "W_u": separable(sets_b, n_b),
        "y": _f32(rng.standard_normal((n_a, 2))),
        "p": np.asarray([[1 - k / 8, k / 8] for k in draw(st.lists(st.integers(1, 7), min_size=n_a, max_size=n_a))]),
        "lr": draw(st.sampled_from([0.5, 1.0])),
    }


