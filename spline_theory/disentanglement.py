r"""Disentangled activations and gradients, separable weights and tensor-product transitions (tian18 Sec. 5.2, App. 8.7.2-8.7.3), and the over-fitting example of Sec. 6.

Events of a region :math:`\alpha` with :math:`n_\alpha` binary factors are the
tuples :math:`z_\alpha = (z_{\alpha[1]}, \dots, z_{\alpha[n_\alpha]})`, numbered
in C order (the first factor most significant), so that the tensor product
:math:`\mathbf v_1 \otimes \dots \otimes \mathbf v_n` is ``np.kron`` in that
order and :math:`m_\alpha = 2^{n_\alpha}`. Names follow the paper (Table 2):

``F`` (2**n, n)
    activations per event (node j in column j), :math:`F_\alpha`;
``G`` (2**n, n)
    weighted gradients :math:`\tilde G_\alpha = \operatorname{diag}(\mathbb P(z_\alpha)) G_\alpha`;
``f``, ``g`` (n, 2)
    the 2-vectors :math:`\mathbf f_{\alpha[j]}`, :math:`\tilde{\mathbf g}_{\alpha[j]}` (row j);
``p`` (n, 2)
    the factor marginals :math:`\mathbf p_{\alpha[j]} = [\mathbb P(z_{\alpha[j]}=0), \mathbb P(z_{\alpha[j]}=1)]`;
``sets``
    the disjoint index sets :math:`S_i^{\alpha\beta}` of child factors (= child
    nodes), one per parent factor, covering the child's factors (a set may be empty);
``blocks``
    :math:`P_{\alpha[i]\beta[S_i]} = [\mathbb P(z_{\beta[S_i]}|z_{\alpha[i]})]`, shape
    (2, 2**|S_i|), the child factors of :math:`S_i` in increasing order, C order;
``W`` (n_beta, n_alpha)
    :math:`W_{\beta\alpha}`.

The event-level recursions (Thm. 4, Eq. 8) are :func:`reformulated_forward`,
:func:`reformulated_backward` and :func:`reformulated_update`; they are exact
for a lossless teacher (tian18.thm3). Backend: NumPy (inputs of other backends
are copied to host NumPy arrays of their dtype; results are NumPy arrays of
that dtype).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import backend as _backend
from .batchnorm import standardize
from .teacher_student import Teacher, event_average, event_probabilities, make_teacher

__all__ = [
    "tensor_product",
    "disentangled_activation",
    "disentangled_gradient",
    "activation_factors",
    "gradient_factors",
    "is_disentangled_activation",
    "is_disentangled_gradient",
    "factor_marginals",
    "group_marginal",
    "separable_weights",
    "separability_gap",
    "is_separable",
    "merged_sets",
    "block_separability_gap",
    "tensor_product_transition",
    "transition_blocks",
    "is_tensor_product",
    "reformulated_forward",
    "reformulated_backward",
    "reformulated_update",
    "structured_raw_gradient",
    "disentangling_weights",
    "centered_training",
    "spurious_teacher",
    "label_gradient",
    "marginal_update",
]


def _arr(v: Any, name: str, ndim: int | None = None) -> np.ndarray:
    if hasattr(v, "shape") and not isinstance(v, np.ndarray):
        v = _backend.to_numpy(v)
    try:
        a = np.asarray(v)
        if not np.issubdtype(a.dtype, np.floating):
            a = a.astype(np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a numeric array; got {type(v).__name__}") from None
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-d array; got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite")
    return np.array(a, copy=True)


def _n_factors(m: int, name: str) -> int:
    n = int(m).bit_length() - 1
    if m < 2 or 2**n != m:
        raise ValueError(f"{name} must have 2**n rows (one per event of n binary factors); got {m} rows")
    return n


def _pairs(v: Any, name: str) -> np.ndarray:
    a = _arr(v, name, 2)
    if a.shape[1] != 2 or a.shape[0] < 1:
        raise ValueError(f"{name} must have shape (n, 2): one 2-vector per binary factor; got shape {a.shape}")
    return a


def _marginals(p: Any, n: int, name: str = "p") -> np.ndarray:
    a = _pairs(p, name)
    if a.shape[0] != n:
        raise ValueError(f"{name} must have shape ({n}, 2): one marginal per factor; got shape {a.shape}")
    if np.any(a < 0) or not np.allclose(a.sum(axis=1), 1.0, atol=1e-5):
        raise ValueError(f"{name} rows must be probability 2-vectors (non-negative, summing to 1); got row sums {a.sum(axis=1)}")
    return a


def tensor_product(vectors: Sequence[Any]) -> np.ndarray:
    r""":math:`\mathbf v_1 \otimes \mathbf v_2 \otimes \dots` (Kronecker product, C order), of vectors or matrices.

    Examples
    --------
    >>> tensor_product([[1.0, 2.0], [1.0, 1.0]]).tolist()
    [1.0, 1.0, 2.0, 2.0]
    """
    if len(vectors) == 0:
        raise ValueError("vectors must hold at least one vector or matrix; got none")
    out = _arr(vectors[0], "vectors[0]")
    for i, v in enumerate(vectors[1:], start=1):
        out = np.kron(out, _arr(v, f"vectors[{i}]"))
    return out


def _column(vecs: list[np.ndarray], j: int, v: np.ndarray) -> np.ndarray:
    return tensor_product([v if i == j else vecs[i] for i in range(len(vecs))])


def disentangled_activation(f: Any) -> np.ndarray:
    r"""The disentangled activation of Def. 3: :math:`F_{:,j} = \mathbf 1 \otimes \dots \otimes \mathbf f_{\alpha[j]} \otimes \dots \otimes \mathbf 1`.

    Parameters
    ----------
    f : array, shape (n, 2)
        Row j is :math:`\mathbf f_{\alpha[j]}` (node j as a function of factor j).

    Returns
    -------
    numpy.ndarray, shape (2**n, n)
    """
    fa = _pairs(f, "f")
    ones = [np.ones(2, dtype=fa.dtype)] * fa.shape[0]
    return np.stack([_column(ones, j, fa[j]) for j in range(fa.shape[0])], axis=1)


def disentangled_gradient(g: Any, p: Any) -> np.ndarray:
    r"""The disentangled gradient of Def. 4: :math:`\tilde G_{:,j} = \mathbf p_{\alpha[1]} \otimes \dots \otimes \tilde{\mathbf g}_{\alpha[j]} \otimes \dots \otimes \mathbf p_{\alpha[n]}`.

    Parameters
    ----------
    g : array, shape (n, 2)
    p : array, shape (n, 2)
        Factor marginals (rows are probability vectors).

    Returns
    -------
    numpy.ndarray, shape (2**n, n)
    """
    ga = _pairs(g, "g")
    pa = _marginals(p, ga.shape[0]).astype(ga.dtype)
    return np.stack([_column(list(pa), j, ga[j]) for j in range(ga.shape[0])], axis=1)


def _columns(F: Any, name: str) -> tuple[np.ndarray, int]:
    Fa = _arr(F, name, 2)
    n = _n_factors(Fa.shape[0], name)
    if Fa.shape[1] != n:
        raise ValueError(f"{name} must have shape (2**n, n) = ({Fa.shape[0]}, {n}): node j represents factor j; got shape {Fa.shape}")
    return Fa, n


def activation_factors(F: Any) -> np.ndarray:
    r"""The 2-vectors :math:`\mathbf f_{\alpha[j]}` that best explain ``F`` as disentangled (Def. 3): the mean of column j over the other factors.

    ``F`` is disentangled iff ``disentangled_activation(activation_factors(F)) == F``.

    Parameters
    ----------
    F : array, shape (2**n, n)

    Returns
    -------
    numpy.ndarray, shape (n, 2)
    """
    Fa, n = _columns(F, "F")
    T = Fa.reshape((2,) * n + (n,))
    return np.stack([T[..., j].mean(axis=tuple(i for i in range(n) if i != j)) if n > 1 else T[..., j] for j in range(n)])


def gradient_factors(G: Any, p: Any) -> np.ndarray:
    r"""The 2-vectors :math:`\tilde{\mathbf g}_{\alpha[j]}` of Def. 4 read off ``G``: column j summed over the other factors.

    Since :math:`\mathbf 1^T\mathbf p_{\alpha[i]} = 1`, summing
    :math:`\mathbf p_{\alpha[1]} \otimes \dots \otimes \tilde{\mathbf g}_{\alpha[j]} \otimes \dots`
    over the other factors returns :math:`\tilde{\mathbf g}_{\alpha[j]}`; ``G`` is
    disentangled iff ``disentangled_gradient(gradient_factors(G, p), p) == G``.

    Parameters
    ----------
    G : array, shape (2**n, n)
    p : array, shape (n, 2)

    Returns
    -------
    numpy.ndarray, shape (n, 2)
    """
    Ga, n = _columns(G, "G")
    _marginals(p, n)
    T = Ga.reshape((2,) * n + (n,))
    return np.stack([T[..., j].sum(axis=tuple(i for i in range(n) if i != j)) if n > 1 else T[..., j] for j in range(n)])


def _default_tol(a: np.ndarray) -> float:
    return 4.0 * float(np.sqrt(np.finfo(a.dtype).eps)) * max(1.0, float(np.max(np.abs(a))) if a.size else 1.0)


def is_disentangled_activation(F: Any, *, tol: float | None = None) -> bool:
    """Whether ``F`` is disentangled (Def. 3) up to ``tol`` (default ``4 sqrt(eps) max(1, max|F|)``)."""
    Fa, _ = _columns(F, "F")
    err = np.max(np.abs(disentangled_activation(activation_factors(Fa)) - Fa))
    return bool(err <= (_default_tol(Fa) if tol is None else tol))


def is_disentangled_gradient(G: Any, p: Any, *, tol: float | None = None) -> bool:
    """Whether ``G`` is disentangled (Def. 4) w.r.t. the factor marginals ``p``, up to ``tol``."""
    Ga, _ = _columns(G, "G")
    err = np.max(np.abs(disentangled_gradient(gradient_factors(Ga, p), p) - Ga))
    return bool(err <= (_default_tol(Ga) if tol is None else tol))


def factor_marginals(p_z: Any) -> np.ndarray:
    r"""The marginals :math:`\mathbf p_{\alpha[j]}` of the binary factors from :math:`\mathbb P(z_\alpha)`, shape (n, 2).

    Parameters
    ----------
    p_z : array, shape (2**n,)
        A probability vector over the events.
    """
    pz = _arr(p_z, "p_z", 1)
    n = _n_factors(pz.shape[0], "p_z")
    if np.any(pz < 0) or abs(float(pz.sum()) - 1.0) > 1e-5:
        raise ValueError(f"p_z must be a probability vector (non-negative, summing to 1); got sum {float(pz.sum())!r}")
    T = pz.reshape((2,) * n)
    return np.stack([T.sum(axis=tuple(i for i in range(n) if i != j)) if n > 1 else T for j in range(n)])


def group_marginal(p_z: Any, factors: Sequence[int]) -> np.ndarray:
    r"""The joint marginal :math:`\mathbf p_{\alpha[S]} = [\mathbb P(z_{\alpha[S]})]` of a group of factors (increasing order, C order), shape (2**|S|,) (Eq. 107).

    Parameters
    ----------
    p_z : array, shape (2**n,)
    factors : sequence of int
        Distinct factor indices in 0..n-1.
    """
    pz = _arr(p_z, "p_z", 1)
    n = _n_factors(pz.shape[0], "p_z")
    S = sorted(int(k) for k in factors)
    if len(set(S)) != len(S) or any(not 0 <= k < n for k in S):
        raise ValueError(f"factors must be distinct indices in 0..{n - 1}; got {list(factors)}")
    T = pz.reshape((2,) * n)
    rest = tuple(k for k in range(n) if k not in S)
    return (T.sum(axis=rest) if rest else T).reshape(-1)


def _sets(sets: Sequence[Sequence[int]], n_beta: int) -> list[list[int]]:
    out = [sorted(int(k) for k in S) for S in sets]
    seen: set[int] = set()
    for i, S in enumerate(out):
        for k in S:
            if not 0 <= k < n_beta:
                raise ValueError(f"sets[{i}] holds child index {k}, outside 0..{n_beta - 1}")
            if k in seen:
                raise ValueError(f"sets must be disjoint; child index {k} is in sets[{i}] and an earlier set")
            seen.add(k)
    return out


def separable_weights(columns: Sequence[Any], sets: Sequence[Sequence[int]], n_beta: int) -> np.ndarray:
    r"""The separable :math:`W_{\beta\alpha} = \operatorname{diag}(W[S_1, 1], \dots, W[S_{n_\alpha}, n_\alpha])` of Def. 5.

    Parameters
    ----------
    columns : sequence of arrays
        ``columns[j]`` of shape :math:`(|S_j|,)`: the sub-column :math:`W_{\beta\alpha}[S_j, j]`.
    sets : sequence of sequences of int
        Disjoint sets :math:`S_j` of child node indices.
    n_beta : int

    Returns
    -------
    numpy.ndarray, shape (n_beta, len(sets)); zero outside the sub-columns.
    """
    S = _sets(sets, n_beta)
    if len(columns) != len(S):
        raise ValueError(f"columns must have one sub-column per set ({len(S)}); got {len(columns)}")
    cols = [_arr(c, f"columns[{j}]", 1) for j, c in enumerate(columns)]
    dtype = np.result_type(*cols) if cols else np.float64
    W = np.zeros((n_beta, len(S)), dtype=dtype)
    for j, (c, Sj) in enumerate(zip(cols, S)):
        if c.shape != (len(Sj),):
            raise ValueError(f"columns[{j}] must have shape (|S_{j}|,) = ({len(Sj)},); got shape {c.shape}")
        W[Sj, j] = c
    return W


def separability_gap(W: Any, sets: Sequence[Sequence[int]]) -> float:
    r""":math:`\max_{j,\,k \notin S_j} |W_{kj}|`: how far ``W`` is from separable w.r.t. ``sets`` (Def. 5); 0 iff separable."""
    Wa = _arr(W, "W", 2)
    S = _sets(sets, Wa.shape[0])
    if len(S) != Wa.shape[1]:
        raise ValueError(f"sets must have one set per parent node (columns of W: {Wa.shape[1]}); got {len(S)}")
    mask = np.ones(Wa.shape, dtype=bool)
    for j, Sj in enumerate(S):
        mask[Sj, j] = False
    return float(np.max(np.abs(Wa[mask]))) if mask.any() else 0.0


def merged_sets(sets_lower: Sequence[Sequence[int]], sets_upper: Sequence[Sequence[int]], n_lower: int) -> list[list[int]]:
    r"""For :math:`W_{\gamma\beta}`: the rows (bottom factors) allowed in each column (middle factor) once the middle factors owned by one top factor are merged.

    Column k, owned by top factor i (:math:`k \in S_i^{\alpha\beta}`), may use the
    bottom factors of every middle factor of :math:`S_i^{\alpha\beta}`:
    :math:`\bigcup_{k' \in S_i^{\alpha\beta}} S_{k'}^{\beta\gamma}`.
    A middle factor owned by no top factor keeps its own set.

    Parameters
    ----------
    sets_lower : sequence of sequences of int
        :math:`S^{\beta\gamma}_k`: bottom factors per middle factor (one set per middle factor).
    sets_upper : sequence of sequences of int
        :math:`S^{\alpha\beta}_i`: middle factors per top factor.
    n_lower : int
        Number of bottom factors.
    """
    low = _sets(sets_lower, n_lower)
    up = _sets(sets_upper, len(low))
    out = [list(S) for S in low]
    for Si in up:
        merged = sorted(k for kp in Si for k in low[kp])
        for k in Si:
            out[k] = merged
    return out


def block_separability_gap(W: Any, allowed: Sequence[Sequence[int]]) -> float:
    r""":math:`\max_{j,\,k \notin A_j} |W_{kj}|` for per-column allowed row sets :math:`A_j` that may overlap (0 iff W vanishes outside them)."""
    Wa = _arr(W, "W", 2)
    if len(allowed) != Wa.shape[1]:
        raise ValueError(f"allowed must have one set of rows per column of W ({Wa.shape[1]}); got {len(allowed)}")
    mask = np.ones(Wa.shape, dtype=bool)
    for j, A in enumerate(allowed):
        rows = [int(k) for k in A]
        if any(not 0 <= k < Wa.shape[0] for k in rows):
            raise ValueError(f"allowed[{j}] holds a row outside 0..{Wa.shape[0] - 1}; got {rows}")
        mask[rows, j] = False
    return float(np.max(np.abs(Wa[mask]))) if mask.any() else 0.0


def is_separable(W: Any, sets: Sequence[Sequence[int]], *, tol: float = 0.0) -> bool:
    """Whether ``W`` is separable w.r.t. ``sets`` (Def. 5): every entry outside the sub-columns is at most ``tol``."""
    return separability_gap(W, sets) <= tol


def _partition(sets: Sequence[Sequence[int]], n_beta: int) -> tuple[list[list[int]], list[int]]:
    S = _sets(sets, n_beta)
    order = [k for Sj in S for k in Sj]
    if len(order) != n_beta:
        missing = sorted(set(range(n_beta)) - set(order))
        raise ValueError(f"sets must cover every child factor 0..{n_beta - 1} (P_alpha_beta is a tensor product over them); missing {missing}")
    return S, order


def tensor_product_transition(blocks: Sequence[Any], sets: Sequence[Sequence[int]], n_beta: int) -> np.ndarray:
    r""":math:`P_{\alpha\beta} = \bigotimes_i P_{\alpha[i]\beta[S_i]}` (Thm. 8), with the child's factors put back in their order.

    Parameters
    ----------
    blocks : sequence of arrays
        ``blocks[i]`` of shape (2, 2**|S_i|), rows
        :math:`\mathbb P(z_{\beta[S_i]} | z_{\alpha[i]} = 0, 1)` (row-stochastic).
    sets : sequence of sequences of int
        A partition of the child factors 0..n_beta-1 (sets may be empty).
    n_beta : int

    Returns
    -------
    numpy.ndarray, shape (2**n_alpha, 2**n_beta)
        :math:`\mathbb P(z_\beta | z_\alpha)`, row-stochastic.
    """
    S, order = _partition(sets, n_beta)
    if len(blocks) != len(S):
        raise ValueError(f"blocks must have one block per parent factor ({len(S)}); got {len(blocks)}")
    B = []
    for i, (b, Si) in enumerate(zip(blocks, S)):
        Bi = _arr(b, f"blocks[{i}]", 2)
        if Bi.shape != (2, 2 ** len(Si)):
            raise ValueError(f"blocks[{i}] must have shape (2, 2**|S_{i}|) = (2, {2 ** len(Si)}); got shape {Bi.shape}")
        if np.any(Bi < 0) or not np.allclose(Bi.sum(axis=1), 1.0, atol=1e-5):
            raise ValueError(f"blocks[{i}] rows must be conditional distributions (non-negative, summing to 1); got row sums {Bi.sum(axis=1)}")
        B.append(Bi)
    P = tensor_product(B)
    T = P.reshape((P.shape[0],) + (2,) * n_beta)
    T = np.transpose(T, [0] + [1 + order.index(k) for k in range(n_beta)])
    return np.ascontiguousarray(T).reshape(P.shape[0], 2**n_beta)


def transition_blocks(P: Any, sets: Sequence[Sequence[int]]) -> list[np.ndarray]:
    r"""The blocks :math:`\mathbb P(z_{\beta[S_i]} | z_{\alpha[i]})` read off :math:`P_{\alpha\beta}` (marginals averaged over the other parent factors).

    ``P`` is a tensor product w.r.t. ``sets`` iff
    ``tensor_product_transition(transition_blocks(P, sets), sets, n_beta) == P``.

    Parameters
    ----------
    P : array, shape (2**n_alpha, 2**n_beta)
    sets : sequence of sequences of int
        One set per parent factor, a partition of the child factors.
    """
    Pa = _arr(P, "P", 2)
    n_a = _n_factors(Pa.shape[0], "P")
    n_b = _n_factors(Pa.shape[1], "P^T")
    S, _ = _partition(sets, n_b)
    if len(S) != n_a:
        raise ValueError(f"sets must have one set per parent factor ({n_a}); got {len(S)}")
    T = Pa.reshape((2,) * n_a + (2,) * n_b)
    out = []
    for i, Si in enumerate(S):
        rest_b = tuple(n_a + k for k in range(n_b) if k not in Si)
        M = T.sum(axis=rest_b) if rest_b else T
        M = M.mean(axis=tuple(a for a in range(n_a) if a != i)) if n_a > 1 else M
        out.append(M.reshape(2, 2 ** len(Si)))
    return out


def is_tensor_product(P: Any, sets: Sequence[Sequence[int]], *, tol: float | None = None) -> bool:
    r"""Whether :math:`P_{\alpha\beta} = \bigotimes_i P_{\alpha[i]\beta[S_i]}` w.r.t. ``sets``, up to ``tol``."""
    Pa = _arr(P, "P", 2)
    n_b = _n_factors(Pa.shape[1], "P^T")
    err = np.max(np.abs(tensor_product_transition(transition_blocks(Pa, sets), sets, n_b) - Pa))
    return bool(err <= (_default_tol(Pa) if tol is None else tol))


def _triples(P: Sequence[Any], X: Sequence[Any], W: Sequence[Any], xname: str) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    if not (len(P) == len(X) == len(W)) or len(P) == 0:
        raise ValueError(f"P, {xname} and W must be non-empty sequences of one length (one entry per child); got {len(P)}, {len(X)}, {len(W)}")
    return [(_arr(p, f"P[{i}]", 2), _arr(x, f"{xname}[{i}]", 2), _arr(w, f"W[{i}]", 2)) for i, (p, x, w) in enumerate(zip(P, X, W))]


def reformulated_forward(P: Sequence[Any], F: Sequence[Any], W: Sequence[Any], *, nonlinearity: str = "relu", p_z: Any = None) -> np.ndarray:
    r"""The forward recursion of Thm. 4 (Eq. 8) on events: :math:`F_\alpha = h\big(\sum_\beta P_{\alpha\beta} F_\beta W_{\beta\alpha}\big)`.

    With a lossless teacher the gate is :math:`D_\alpha = \mathbb I[F^{raw}_\alpha > 0]`,
    so :math:`D_\alpha \circ F^{raw}_\alpha = \mathrm{ReLU}(F^{raw}_\alpha)`.

    Parameters
    ----------
    P, F, W : sequences (one entry per child :math:`\beta`)
        :math:`P_{\alpha\beta}` (m_alpha, m_beta), :math:`F_\beta` (m_beta, n_beta), :math:`W_{\beta\alpha}` (n_beta, n_alpha).
    nonlinearity : {"relu", "linear", "bn", "relu_bn"}
        ``"bn"`` standardizes each column under :math:`\mathbb P(z_\alpha)` =
        ``p_z`` (population BatchNorm, Eq. 83, :math:`c_1 = 1, c_0 = 0`);
        ``"relu_bn"`` applies ReLU, then that BatchNorm.
    p_z : array, shape (m_alpha,), optional
        Needed for the BatchNorm variants.

    Returns
    -------
    numpy.ndarray, shape (m_alpha, n_alpha)
    """
    if nonlinearity not in ("relu", "linear", "bn", "relu_bn"):
        raise ValueError(f"nonlinearity must be 'relu', 'linear', 'bn' or 'relu_bn'; got {nonlinearity!r}")
    raw = None
    for i, (Pb, Fb, Wb) in enumerate(_triples(P, F, W, "F")):
        if Pb.shape[1] != Fb.shape[0] or Fb.shape[1] != Wb.shape[0]:
            raise ValueError(f"child {i}: P (m_alpha, m_beta) = {Pb.shape}, F (m_beta, n_beta) = {Fb.shape} and W (n_beta, n_alpha) = {Wb.shape} do not chain")
        term = Pb @ Fb @ Wb
        if raw is not None and term.shape != raw.shape:
            raise ValueError(f"child {i}: P F W has shape {term.shape}, the earlier children {raw.shape}")
        raw = term if raw is None else raw + term
    out = np.maximum(raw, 0) if nonlinearity in ("relu", "relu_bn") else raw
    if nonlinearity in ("bn", "relu_bn"):
        if p_z is None:
            raise ValueError("p_z (P(z_alpha), shape (m_alpha,)) is needed for BatchNorm")
        out = np.asarray(standardize(out, p=_arr(p_z, "p_z", 1).astype(out.dtype)))
    return out


def reformulated_backward(P: Sequence[Any], G: Sequence[Any], W: Sequence[Any], *, D: Any = None) -> np.ndarray:
    r"""The backward recursion of Thm. 4 (Eq. 8, 102): :math:`\tilde G_\beta = D_\beta \circ \sum_{\alpha \in pa(\beta)} P_{\alpha\beta}^T \tilde G_\alpha W_{\beta\alpha}^T`.

    Parameters
    ----------
    P, G, W : sequences (one entry per parent :math:`\alpha`)
        :math:`P_{\alpha\beta}` (m_alpha, m_beta), :math:`\tilde G_\alpha` (m_alpha, n_alpha), :math:`W_{\beta\alpha}` (n_beta, n_alpha).
    D : array, shape (m_beta, n_beta), optional
        The gate :math:`D_\beta`; omitted: the raw gradient :math:`\tilde G^{raw}_\beta` (Eq. 102).

    Returns
    -------
    numpy.ndarray, shape (m_beta, n_beta)
    """
    out = None
    for i, (Pa, Ga, Wa) in enumerate(_triples(P, G, W, "G")):
        if Pa.shape[0] != Ga.shape[0] or Ga.shape[1] != Wa.shape[1]:
            raise ValueError(f"parent {i}: P (m_alpha, m_beta) = {Pa.shape}, G (m_alpha, n_alpha) = {Ga.shape} and W (n_beta, n_alpha) = {Wa.shape} do not chain")
        term = Pa.T @ Ga @ Wa.T
        if out is not None and term.shape != out.shape:
            raise ValueError(f"parent {i}: P^T G W^T has shape {term.shape}, the earlier parents {out.shape}")
        out = term if out is None else out + term
    if D is not None:
        Da = _arr(D, "D", 2)
        if Da.shape != out.shape:
            raise ValueError(f"D must have shape (m_beta, n_beta) = {out.shape}; got shape {Da.shape}")
        out = Da * out
    return out


def reformulated_update(P: Any, F: Any, G: Any) -> np.ndarray:
    r"""The weight update of Thm. 4 (Eq. 8, 97): :math:`\Delta W_{\beta\alpha} = (P_{\alpha\beta}F_\beta)^T \tilde G_\alpha`, shape (n_beta, n_alpha)."""
    Pa, Fa, Ga = _arr(P, "P", 2), _arr(F, "F", 2), _arr(G, "G", 2)
    if Pa.shape[1] != Fa.shape[0] or Pa.shape[0] != Ga.shape[0]:
        raise ValueError(f"P (m_alpha, m_beta) = {Pa.shape}, F (m_beta, n_beta) = {Fa.shape} and G (m_alpha, n_alpha) = {Ga.shape} do not chain")
    return (Pa @ Fa).T @ Ga


def structured_raw_gradient(blocks: Sequence[Any], sets: Sequence[Sequence[int]], g: Any, p: Any, W: Any) -> np.ndarray:
    r"""The raw back-propagated gradient in the tensor form of App. 8.7.3 (Eq. 105, 108).

    .. math::

        \tilde G^{raw}_{\alpha\to\beta} = \Big[\dots,\ \mathbf p_{\beta[S_1]} \otimes \dots \otimes
        P_{S_j}^T \tilde{\mathbf g}_j \mathbf w_{S_j}^T \otimes \dots \otimes \mathbf p_{\beta[S_{n_\alpha}]},\ \dots\Big],
        \qquad \mathbf p_{\beta[S_i]} = P_{S_i}^T \mathbf p_{\alpha[i]} \ \text{(Eq. 106)},

    one group of :math:`|S_j|` columns (the child nodes of :math:`S_j`) per parent
    factor j, put back in the child's node and factor order; child nodes in
    no set get 0. Assumes :math:`\tilde G_\alpha` disentangled (Def. 4, given
    by ``g`` and ``p``), :math:`P_{\alpha\beta}` the tensor product of ``blocks``
    and ``W`` separable w.r.t. ``sets``.

    Parameters
    ----------
    blocks, sets
        As in :func:`tensor_product_transition`.
    g, p : arrays, shape (n_alpha, 2)
    W : array, shape (n_beta, n_alpha)
        Only the sub-columns :math:`\mathbf w_{S_j} = W[S_j, j]` are used.

    Returns
    -------
    numpy.ndarray, shape (2**n_beta, n_beta)
    """
    Wa = _arr(W, "W", 2)
    n_b, n_a = Wa.shape
    S, order = _partition(sets, n_b)
    ga = _pairs(g, "g")
    pa = _marginals(p, ga.shape[0])
    if len(S) != n_a or ga.shape[0] != n_a or len(blocks) != n_a:
        raise ValueError(f"blocks, sets and g must have one entry per parent factor (columns of W: {n_a}); got {len(blocks)}, {len(S)}, {ga.shape[0]}")
    B = [_arr(b, f"blocks[{i}]", 2) for i, b in enumerate(blocks)]
    pb = [B[i].T @ pa[i] for i in range(n_a)]
    out = np.zeros((2**n_b, n_b), dtype=np.result_type(Wa, ga, *B))
    for j in range(n_a):
        if not S[j]:
            continue
        core = np.outer(B[j].T @ ga[j], Wa[S[j], j])  # (2**|S_j|, |S_j|)
        cols = tensor_product([core if i == j else pb[i][:, None] for i in range(n_a)])
        T = cols.reshape((2,) * n_b + (len(S[j]),))
        T = np.transpose(T, [order.index(k) for k in range(n_b)] + [n_b])
        out[:, S[j]] = T.reshape(2**n_b, len(S[j]))
    return out


def disentangling_weights(V: Any, g: Any, target: Any) -> np.ndarray:
    r"""Weights :math:`w_\alpha` that make what the parents send back to a group of child factors equal ``target`` (the remark after Eq. 109).

    For parents :math:`\alpha = 1..k` sharing the group :math:`S_1` of child
    factors, with centered gradients :math:`\tilde{\mathbf g}^\alpha_1 = (-g_\alpha, g_\alpha)`,
    Eq. 109 gives :math:`\sum_\alpha P_{\alpha,S_1}^T\tilde{\mathbf g}^\alpha_1 w_\alpha
    = \sum_\alpha g_\alpha w_\alpha(\mathbf v^+_\alpha - \mathbf v^-_\alpha)`; this returns the
    least-squares :math:`w` for

    .. math::

        \sum_\alpha g_\alpha w_\alpha(\mathbf v^+_\alpha - \mathbf v^-_\alpha) = \mathbf t .

    When the differences span the zero-sum subspace (dimension
    :math:`2^{|S_1|} - 1`) and :math:`\mathbf 1^T\mathbf t = 0`, the residual is 0:
    "we can always find :math:`c_\alpha` (or equivalently, weights) so that
    Eq. 109 becomes rank-1 tensor".

    Parameters
    ----------
    V : array, shape (k, 2, 2**n)
        ``V[a]`` has rows :math:`\mathbf v^-_\alpha, \mathbf v^+_\alpha` (conditional distributions).
    g : array, shape (k,)
        Non-zero gradient entries :math:`g_\alpha`.
    target : array, shape (2**n,)

    Returns
    -------
    numpy.ndarray, shape (k,)
    """
    Va = _arr(V, "V", 3)
    ga = _arr(g, "g", 1)
    t = _arr(target, "target", 1)
    k, two, m = Va.shape
    if two != 2:
        raise ValueError(f"V must have shape (k, 2, 2**n) (rows v^-, v^+ per parent); got shape {Va.shape}")
    _n_factors(m, "V")
    if ga.shape != (k,) or t.shape != (m,):
        raise ValueError(f"g must have shape (k,) = ({k},) and target shape (2**n,) = ({m},); got {ga.shape} and {t.shape}")
    if np.any(ga == 0):
        raise ValueError("g must be non-zero for every parent (a parent with zero gradient sends nothing back); got a zero entry")
    D = (Va[:, 1, :] - Va[:, 0, :]) * ga[:, None]  # (k, m): column a of the system
    w, *_ = np.linalg.lstsq(D.T, t, rcond=None)
    return w


def _center(G: np.ndarray, p: np.ndarray) -> np.ndarray:
    r""":math:`P_1^\perp` under the weights ``p`` (column means subtracted): the mean subtraction of BatchNorm, its own adjoint for :math:`\langle u, v\rangle_p`."""
    return G - p @ G


def centered_training(P_lower: Any, P_upper: Any, F_bottom: Any, W_lower: Any, W_upper: Any, Y: Any, p_top: Any, *, lr: float, steps: int, train_lower: bool = True) -> dict:
    r"""Gradient steps of a three-level event-level network with centered layers (tian18 Sec. 5.2, the paragraph after Thm. 9).

    Levels :math:`\gamma` (bottom, activations ``F_bottom`` fixed),
    :math:`\beta`, :math:`\alpha` (top), lossless teacher, so the recursions of
    Thm. 4 are exact (``tian18.thm3``). Each layer is linear, then centered
    (the mean subtraction :math:`P_1^\perp` of BatchNorm, Eq. 77, under
    :math:`\mathbb P(z)` of its level, Eq. 83), then ReLU:

    .. math::

        F_\beta = \mathrm{ReLU}\big(P_1^\perp P_{\beta\gamma}F_\gamma W_{\gamma\beta}\big),\quad
        F_\alpha = \mathrm{ReLU}\big(P_1^\perp P_{\alpha\beta}F_\beta W_{\beta\alpha}\big),

    with the squared loss :math:`\tfrac12\mathbb E_z\|F_\alpha(z) - Y(z)\|^2`. Backward,
    per unit probability: :math:`G_\alpha = P_1^\perp(D_\alpha\circ(Y - F_\alpha))`,
    :math:`\tilde G_\alpha = \Lambda_\alpha G_\alpha` (so :math:`\mathbf 1^T\tilde G_\alpha = \mathbf 0`),
    :math:`\Delta W_{\beta\alpha} = (P_{\alpha\beta}F_\beta)^T\tilde G_\alpha` (Eq. 8);
    :math:`\tilde G_\beta = \Lambda_\beta P_1^\perp\big(D_\beta\circ\Lambda_\beta^{-1}P_{\alpha\beta}^T\tilde G_\alpha W_{\beta\alpha}^T\big)`,
    :math:`\Delta W_{\gamma\beta} = (P_{\beta\gamma}F_\gamma)^T\tilde G_\beta`; then
    :math:`W \leftarrow W + \eta\,\Delta W` (the lower layer only with ``train_lower``).
    :math:`\mathbb P(z_\beta) = P_{\alpha\beta}^T\mathbb P(z_\alpha)`.

    Parameters
    ----------
    P_lower : array (m_beta, m_gamma)
        :math:`P_{\beta\gamma}`.
    P_upper : array (m_alpha, m_beta)
        :math:`P_{\alpha\beta}`.
    F_bottom : array (m_gamma, n_gamma)
    W_lower : array (n_gamma, n_beta)
    W_upper : array (n_beta, n_alpha)
    Y : array (m_alpha, n_alpha)
        Targets of the top activations.
    p_top : array (m_alpha,)
        :math:`\mathbb P(z_\alpha)`.
    lr : float > 0
    steps : int >= 1
    train_lower : bool, default True

    Returns
    -------
    dict of lists (one entry per step, the state *before* that step's update, plus the final weights):
        ``"W_lower"``, ``"W_upper"`` (steps + 1 entries), ``"F_beta"``, ``"F_alpha"``,
        ``"Gt_alpha"``, ``"Gt_beta"``, ``"dW_upper"``, ``"dW_lower"`` (steps entries),
        the centered pre-activations ``"Z_beta"``, ``"Z_alpha"`` with the magnitude of
        the terms they sum, ``"Z_scale_beta"``, ``"Z_scale_alpha"`` (a ReLU gate is decided
        only where the pre-activation exceeds its round-off), and ``"p_beta"``.
    """
    Pl, Pu = _arr(P_lower, "P_lower", 2), _arr(P_upper, "P_upper", 2)
    Fg, Wl, Wu = _arr(F_bottom, "F_bottom", 2), _arr(W_lower, "W_lower", 2).copy(), _arr(W_upper, "W_upper", 2).copy()
    Ya, pa = _arr(Y, "Y", 2), _arr(p_top, "p_top", 1)
    if Pl.shape[1] != Fg.shape[0] or Fg.shape[1] != Wl.shape[0] or Pu.shape[1] != Pl.shape[0] or Wl.shape[1] != Wu.shape[0]:
        raise ValueError(f"P_lower (m_beta, m_gamma) = {Pl.shape}, F_bottom (m_gamma, n_gamma) = {Fg.shape}, W_lower (n_gamma, n_beta) = {Wl.shape}, P_upper (m_alpha, m_beta) = {Pu.shape} and W_upper (n_beta, n_alpha) = {Wu.shape} do not chain")
    if Ya.shape != (Pu.shape[0], Wu.shape[1]) or pa.shape != (Pu.shape[0],):
        raise ValueError(f"Y must have shape (m_alpha, n_alpha) = {(Pu.shape[0], Wu.shape[1])} and p_top shape (m_alpha,) = ({Pu.shape[0]},); got {Ya.shape} and {pa.shape}")
    if np.any(pa < 0) or not np.isclose(pa.sum(), 1.0, atol=1e-5):
        raise ValueError(f"p_top must be a probability vector; got sum {pa.sum()!r}")
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating, np.integer)) or not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number; got {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int; got {steps!r}")
    pb = Pu.T @ pa
    inv_pb = np.divide(1.0, pb, out=np.zeros_like(pb), where=pb > 0)
    out: dict = {"W_lower": [Wl.copy()], "W_upper": [Wu.copy()], "F_beta": [], "F_alpha": [], "Gt_alpha": [], "Gt_beta": [], "dW_upper": [], "dW_lower": [],
                 "Z_beta": [], "Z_alpha": [], "Z_scale_beta": [], "Z_scale_alpha": [], "p_beta": pb}
    for _ in range(steps):
        raw_b = _center(Pl @ Fg @ Wl, pb)
        Fb = np.maximum(raw_b, 0)
        raw_a = _center(Pu @ Fb @ Wu, pa)
        Fa = np.maximum(raw_a, 0)
        out["Z_beta"].append(raw_b)
        out["Z_alpha"].append(raw_a)
        # the magnitude of the terms each pre-activation sums (the product, then the centering): its round-off scale
        out["Z_scale_beta"].append(2 * float(np.max(np.abs(Pl) @ np.abs(Fg) @ np.abs(Wl), initial=0.0)))
        out["Z_scale_alpha"].append(2 * float(np.max(np.abs(Pu) @ np.abs(Fb) @ np.abs(Wu), initial=0.0)))
        Ga = _center((raw_a > 0) * (Ya - Fa), pa)
        Gta = pa[:, None] * Ga
        dWu = reformulated_update(Pu, Fb, Gta)
        Gb = _center((raw_b > 0) * (inv_pb[:, None] * reformulated_backward([Pu], [Gta], [Wu])), pb)
        Gtb = pb[:, None] * Gb
        dWl = reformulated_update(Pl, Fg, Gtb)
        out["F_beta"].append(Fb)
        out["F_alpha"].append(Fa)
        out["Gt_alpha"].append(Gta)
        out["Gt_beta"].append(Gtb)
        out["dW_upper"].append(dWu)
        out["dW_lower"].append(dWl)
        Wu = Wu + lr * dWu
        if train_lower:
            Wl = Wl + lr * dWl
        out["W_upper"].append(Wu.copy())
        out["W_lower"].append(Wl.copy())
    return out


# ------------------------------------------------------------------ Sec. 6: over-fitting
def spurious_teacher(eps: float, p_gamma: float) -> Teacher:
    r"""The teacher of the over-fitting example (Sec. 6, Eq. 12-13): two binary regions, the label equals :math:`z_\alpha`.

    Two binary inputs, lossless: :math:`z_\alpha = x_0` (region 0),
    :math:`z_\gamma = x_1` (region 1), top :math:`z_\omega = (x_0, x_1)`; the
    label is :math:`z_\alpha` (Eq. 12), and :math:`\mathbb P(z_\gamma = 1) = ` ``p_gamma``,
    :math:`\mathbb P(z_\alpha = 1 | z_\gamma = 1) = 1/2 + \epsilon`,
    :math:`\mathbb P(z_\alpha = 1 | z_\gamma = 0) = 1/2 - \epsilon` (Eq. 13).

    Parameters
    ----------
    eps : float in [-1/2, 1/2]
    p_gamma : float in (0, 1)
    """
    e, q = float(eps), float(p_gamma)
    if not -0.5 <= e <= 0.5:
        raise ValueError(f"eps must lie in [-1/2, 1/2] (1/2 + eps is a probability); got {eps!r}")
    if not 0.0 < q < 1.0:
        raise ValueError(f"p_gamma must lie in (0, 1) (both values of z_gamma occur); got {p_gamma!r}")
    # patterns in C order: (x0, x1) = (0,0), (0,1), (1,0), (1,1)
    p = [(1 - q) * (0.5 + e), q * (0.5 - e), (1 - q) * (0.5 - e), q * (0.5 + e)]
    return make_teacher(2, [[0], [1], [0, 1]], [[], [], [0, 1]], p)


def label_gradient(teacher: Teacher) -> np.ndarray:
    r"""The top gradient :math:`g_0(z_\omega) = +1` if the label :math:`z_\alpha = x_0` is 1, else -1 (Sec. 6), per pattern, shape (4,)."""
    if teacher.n_inputs != 2 or teacher.alphabet != 2:
        raise ValueError(f"teacher must be a spurious_teacher (two binary inputs); got alphabet {teacher.alphabet}, {teacher.n_inputs} inputs")
    return np.array([-1.0, -1.0, 1.0, 1.0])


def marginal_update(teacher: Teacher, f_z: Any, g: Any, region: int) -> float:
    r""":math:`\Delta w = \mathbb E_{z}[f(z)\, g(z)]` with :math:`g(z) = \mathbb E[g | z]` for a node whose activation depends on :math:`z` of ``region`` only (Eq. 14-15).

    Parameters
    ----------
    f_z : array, shape (m_region,)
        The node's activation per event.
    g : array, shape (A**d,)
        The gradient per input pattern.
    """
    pz = event_probabilities(teacher, region)
    fz = _arr(f_z, "f_z", 1)
    if fz.shape != pz.shape:
        raise ValueError(f"f_z must have one value per event of region {region} ({pz.shape[0]}); got shape {fz.shape}")
    gz = event_average(teacher, g, region)[:, 0]
    return float(np.sum(pz * fz * gz))


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
