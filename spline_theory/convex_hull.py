r"""Convex hulls of the rows of a matrix and the all-vert property (tian18 Sec. 5.1, App. 8.7.1).

Notation of tian18: ``P`` is an m-by-n matrix whose **rows** :math:`p_1, \dots, p_m`
are points of :math:`\mathbb R^n` (in the paper, :math:`P_{\alpha\beta}` holds
:math:`\mathbb P(z_\beta | z_\alpha)`, one row per event :math:`z_\alpha`).

- :func:`in_convex_hull`: is a point a convex combination of given points?
- :func:`vertices`: which rows are vertices, :math:`p_j \notin \operatorname{Conv}(P \setminus p_j)` (Def. 1);
  :func:`vert` counts them (Def. 2), :func:`is_all_vert` tests :math:`\operatorname{vert}(P) = m`.
- :func:`vertex_margins`: the largest margin by which an affine function
  separates each row from the others (the property Thm. 6 uses): positive
  exactly for vertices.
- :func:`identity_weights` and :func:`group_activation`: the construction of
  Thm. 6, weights that make :math:`F_\alpha = \operatorname{ReLU}(\sum_\beta P_{\alpha\beta}F_\beta W_{\beta\alpha}) = I`.
- :func:`linear_min_loss`, :func:`numerical_rank`, :func:`term_rank`: the
  linear side of Thm. 6 and the rank statements after Thm. 7.

Backends: the linear programs run in SciPy (``scipy.optimize.linprog``,
HiGHS) on NumPy float64 copies of the inputs, whatever their backend and
dtype (float32 values are exact in float64); these functions return Python
bools, ints, floats or NumPy arrays. :func:`group_activation` is array-API
code and keeps the backend and dtype of its inputs. Inputs are never modified.

.. rubric:: References

Y. Tian et al., A Theoretical Framework for Deep and Locally Connected ReLU
Network, 2018 (tian18), Def. 1-2, Thm. 6-7.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import backend as _backend
from ._validation import array_namespace_or_error, as_float_array

__all__ = [
    "HullLPError",
    "in_convex_hull",
    "vertices",
    "vert",
    "is_all_vert",
    "vertex_margins",
    "separating_weights",
    "identity_weights",
    "group_activation",
    "linear_min_loss",
    "numerical_rank",
    "term_rank",
]


def _host_matrix(P: Any, name: str = "P", shape: str = "(m, n)") -> np.ndarray:
    P = as_float_array(P, name, shape=shape, ndim=2)
    return np.array(_backend.to_numpy(P), dtype=np.float64, copy=True)


class HullLPError(RuntimeError):
    """HiGHS could not decide a hull LP (numerical difficulties on a borderline instance)."""


def _linprog(c, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=None):
    from scipy.optimize import linprog

    # a borderline instance (a point a round-off away from a face) can leave one
    # HiGHS algorithm undecided; the others are tried before giving up
    for method in ("highs", "highs-ds", "highs-ipm"):
        res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method=method)
        if res.status in (0, 2):  # 0 optimal, 2 infeasible
            return res
    raise HullLPError(f"linprog could not decide the LP (status {res.status}): {res.message}")


def in_convex_hull(points: Any, q: Any, *, tol: float = 0.0) -> bool:
    r"""Whether :math:`q \in \operatorname{Conv}(\text{points})`: :math:`q = \sum_i a_i p_i`, :math:`a \in \Delta`.

    Solved as a feasibility LP (HiGHS, float64, primal feasibility
    tolerance :math:`10^{-7}`).

    Parameters
    ----------
    points : array, shape (k, n)
        The points, one per row (k may be 0: the empty hull).
    q : array, shape (n,)
    tol : float, default 0
        Accept :math:`\|\sum_i a_i p_i - q\|_\infty \le` ``tol`` (a point
        within ``tol`` of the hull counts as inside): comparing ``tol = 0``
        with a round-off sized ``tol`` tells a point that is only
        numerically off the hull.

    Returns
    -------
    bool

    Examples
    --------
    >>> in_convex_hull([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0]], [0.5, 0.5])
    True
    >>> in_convex_hull([[0.0, 0.0], [2.0, 0.0]], [1.0, 1.0])
    False
    """
    pts = as_float_array(points, "points", shape="(k, n)", ndim=2, allow_empty=True)
    pts = np.array(_backend.to_numpy(pts), dtype=np.float64)
    qv = np.array(_backend.to_numpy(as_float_array(q, "q", shape="(n,)", ndim=1)), dtype=np.float64)
    k, n = pts.shape
    if n != qv.shape[0] and k > 0:
        raise ValueError(f"q must have shape (n,) = ({n},), the dimension of the points; got shape {qv.shape}")
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not tol >= 0:
        raise ValueError(f"tol must be a real number >= 0; got {tol!r}")
    if k == 0:
        return False
    if tol == 0:
        A_eq = np.vstack([pts.T, np.ones((1, k))])
        b_eq = np.concatenate([qv, [1.0]])
        res = _linprog(np.zeros(k), A_eq=A_eq, b_eq=b_eq, bounds=[(0, None)] * k)
    else:
        A_ub = np.vstack([pts.T, -pts.T])
        b_ub = np.concatenate([qv + tol, -(qv - tol)])
        res = _linprog(np.zeros(k), A_ub=A_ub, b_ub=b_ub, A_eq=np.ones((1, k)), b_eq=[1.0], bounds=[(0, None)] * k)
    return bool(res.status == 0)


def vertices(P: Any, *, tol: float = 0.0) -> np.ndarray:
    r"""Which rows of ``P`` are vertices: :math:`p_j \notin \operatorname{Conv}(P \setminus p_j)` (Def. 1).

    Each row is tested with :func:`in_convex_hull` against the other rows
    (a repeated row is in the hull of its copy, so it is not a vertex).

    Parameters
    ----------
    P : array, shape (m, n)
    tol : float, default 0
        Passed to :func:`in_convex_hull`: with ``tol > 0`` a row within
        ``tol`` of the hull of the others is not counted as a vertex.

    Returns
    -------
    numpy.ndarray of bool, shape (m,)

    Examples
    --------
    >>> vertices([[0.0], [1.0], [2.0]]).tolist()
    [True, False, True]
    """
    Pn = _host_matrix(P)
    m = Pn.shape[0]
    return np.array([not in_convex_hull(np.delete(Pn, j, axis=0), Pn[j], tol=tol) for j in range(m)], dtype=bool)


def vert(P: Any) -> int:
    r""":math:`\operatorname{vert}(P)`, the number of rows that are vertices (Def. 2).

    Examples
    --------
    >>> vert([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.25, 0.25]])
    3
    """
    return int(np.sum(vertices(P)))


def is_all_vert(P: Any) -> bool:
    r"""Whether ``P`` is all-vert, :math:`\operatorname{vert}(P) = m` (Def. 2)."""
    Pn = _host_matrix(P)
    return vert(Pn) == Pn.shape[0]


def _separation_lp(Pn: np.ndarray, j: int) -> tuple[float, np.ndarray, float]:
    """max t s.t. w.p_j + b >= t, w.p_i + b <= -t (i != j), |w|_inf <= 1, t <= 1."""
    m, n = Pn.shape
    others = np.delete(Pn, j, axis=0)
    # variables (w (n), b, t); minimize -t
    c = np.zeros(n + 2)
    c[-1] = -1.0
    rows = [np.concatenate([-Pn[j], [-1.0, 1.0]])]  # -(w.p_j + b) + t <= 0
    rows += [np.concatenate([p, [1.0, 1.0]]) for p in others]  # w.p_i + b + t <= 0
    A_ub = np.vstack(rows)
    bounds = [(-1.0, 1.0)] * n + [(None, None), (None, 1.0)]
    res = _linprog(c, A_ub=A_ub, b_ub=np.zeros(len(rows)), bounds=bounds)
    if res.status != 0:
        raise RuntimeError("the separation LP is always feasible (w = 0, b = 0, t = 0); HiGHS reported otherwise")
    x = res.x
    return float(x[-1]), x[:n], float(x[n])


def vertex_margins(P: Any) -> np.ndarray:
    r"""The separation margin of each row: the largest :math:`t \le 1` such that some affine :math:`(w, b)` with :math:`\|w\|_\infty \le 1` has

    .. math::

        w^T p_j + b \ge t, \qquad w^T p_i + b \le -t \quad (i \ne j).

    :math:`t > 0` exactly when :math:`p_j` is a vertex (a strictly separating
    hyperplane exists); for a non-vertex the optimum is :math:`t = 0`
    (the LP returns it up to the solver tolerance, about :math:`10^{-9}`).

    Parameters
    ----------
    P : array, shape (m, n)

    Returns
    -------
    numpy.ndarray, shape (m,)
    """
    Pn = _host_matrix(P)
    return np.array([_separation_lp(Pn, j)[0] for j in range(Pn.shape[0])])


def separating_weights(P: Any, *, value: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    r"""Weights that single out each row: :math:`w_i^T p_i + b_i = \text{value}`, :math:`w_i^T p_j + b_i < 0` (:math:`j \ne i`).

    The affine functions of the proof of Thm. 6 (App. 8.7.1), from the
    separation LP of :func:`vertex_margins`, rescaled.

    Parameters
    ----------
    P : array, shape (m, n), all-vert
    value : float, default 1
        The value at the singled-out row, > 0.

    Returns
    -------
    W : numpy.ndarray, shape (n, m)
        Column i is :math:`w_i`.
    b : numpy.ndarray, shape (m,)

    Raises
    ------
    ValueError
        If a row is not a vertex (no strictly separating hyperplane).
    """
    Pn = _host_matrix(P)
    if not (isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0):
        raise ValueError(f"value must be a real number > 0; got {value!r}")
    m, n = Pn.shape
    W = np.zeros((n, m))
    b = np.zeros(m)
    for i in range(m):
        t, w, bi = _separation_lp(Pn, i)
        if t <= 1e-9:
            raise ValueError(f"P must be all-vert: row {i} is not a vertex of the convex hull of the rows (separation margin {t:.3g})")
        s = float(w @ Pn[i] + bi)  # >= t > 0
        W[:, i] = w * (value / s)
        b[i] = bi * (value / s)
    return W, b


def _stochastic(Pn: np.ndarray, name: str) -> None:
    if np.any(Pn < 0) or not np.allclose(Pn.sum(axis=1), 1.0, rtol=0, atol=1e-6 * Pn.shape[1]):
        raise ValueError(f"{name} must be row-stochastic (rows of P(z_beta | z_alpha): non-negative, summing to 1); got row sums {Pn.sum(axis=1).tolist()} and min entry {Pn.min()!r}")


def identity_weights(Ps: Sequence[Any]) -> list[np.ndarray]:
    r"""The weights of Thm. 6 that make :math:`F_\alpha = I` when every :math:`F_\beta = I`.

    For each child :math:`\beta` (all-vert, row-stochastic :math:`P_{\alpha\beta}`
    of shape :math:`(m_\alpha, m_\beta)`), :func:`separating_weights` gives
    :math:`w_i, b_i` with :math:`w_i^T p_i + b_i = 1/|ch(\alpha)|` and
    :math:`w_i^T p_j + b_i < 0`; since the rows sum to one, the bias is
    absorbed, :math:`W_{\beta\alpha} = W + \mathbf 1 b^T`
    (:math:`P\mathbf 1 b^T = \mathbf 1 b^T`). Then
    :math:`\sum_\beta P_{\alpha\beta} W_{\beta\alpha}` has ones on the
    diagonal and negative entries elsewhere (Eq. 87), and ReLU leaves :math:`I`.

    Parameters
    ----------
    Ps : sequence of arrays, shapes (m_alpha, m_beta)
        One matrix per child, all with m_alpha rows.

    Returns
    -------
    list of numpy.ndarray, shapes (m_beta, m_alpha)
    """
    if isinstance(Ps, (str, bytes)) or not isinstance(Ps, Sequence) or len(Ps) == 0:
        raise TypeError(f"Ps must be a non-empty sequence of (m_alpha, m_beta) matrices; got {type(Ps).__name__}")
    mats = [_host_matrix(P, f"Ps[{i}]", "(m_alpha, m_beta)") for i, P in enumerate(Ps)]
    m = mats[0].shape[0]
    out = []
    for i, Pn in enumerate(mats):
        if Pn.shape[0] != m:
            raise ValueError(f"Ps[{i}] must have m_alpha = {m} rows like Ps[0]; got shape {Pn.shape}")
        _stochastic(Pn, f"Ps[{i}]")
        W, b = separating_weights(Pn, value=1.0 / len(mats))
        out.append(W + b[None, :])
    return out


def group_activation(Ps: Sequence[Any], Fs: Sequence[Any], Ws: Sequence[Any]) -> Any:
    r"""The reformulated forward pass of a group, :math:`F_\alpha = \operatorname{ReLU}\big(\sum_\beta P_{\alpha\beta}F_\beta W_{\beta\alpha}\big)` (Eq. 8, 87).

    Parameters
    ----------
    Ps : sequence of arrays, shapes (m_alpha, m_beta)
    Fs : sequence of arrays, shapes (m_beta, n_beta)
    Ws : sequence of arrays, shapes (n_beta, n_alpha)

    Returns
    -------
    array, shape (m_alpha, n_alpha), in the backend and dtype of ``Ps[0]``.
    """
    if not (len(Ps) == len(Fs) == len(Ws)) or len(Ps) == 0:
        raise ValueError(f"Ps, Fs and Ws must have one entry per child (equal non-zero lengths); got {len(Ps)}, {len(Fs)}, {len(Ws)}")
    P0 = as_float_array(Ps[0], "Ps[0]", shape="(m_alpha, m_beta)", ndim=2)
    xp = array_namespace_or_error(P0, name="Ps[0]")
    raw = None
    for i, (P, F, W) in enumerate(zip(Ps, Fs, Ws)):
        P = xp.astype(as_float_array(P, f"Ps[{i}]", shape="(m_alpha, m_beta)", ndim=2, xp=xp), P0.dtype)
        F = xp.astype(as_float_array(F, f"Fs[{i}]", shape=f"(m_beta, n_beta) with m_beta = {P.shape[1]}", ndim=2, xp=xp), P0.dtype)
        W = xp.astype(as_float_array(W, f"Ws[{i}]", shape=f"(n_beta, n_alpha) with n_beta = {F.shape[1]}", ndim=2, xp=xp), P0.dtype)
        if P.shape[0] != P0.shape[0] or F.shape[0] != P.shape[1] or W.shape[0] != F.shape[1]:
            raise ValueError(f"child {i}: shapes must chain as (m_alpha, m_beta) @ (m_beta, n_beta) @ (n_beta, n_alpha); got {tuple(P.shape)}, {tuple(F.shape)}, {tuple(W.shape)}")
        term = P @ F @ W
        if raw is not None and term.shape != raw.shape:
            raise ValueError(f"child {i}: Ws[{i}] must have n_alpha = {raw.shape[1]} columns; got shape {tuple(W.shape)}")
        raw = term if raw is None else raw + term
    return xp.maximum(raw, xp.zeros_like(raw))


def linear_min_loss(Ps: Sequence[Any]) -> float:
    r""":math:`\min_W \|\sum_\beta P_{\alpha\beta}W_{\beta\alpha} - I\|_F^2` for a linear group with :math:`F_\beta = I` (Thm. 6, linear case).

    Solved by least squares on :math:`[P_{\alpha\beta}]_\beta`; equals
    :math:`m_\alpha - \operatorname{rank}[P_{\alpha\beta}]_\beta` (the part of
    :math:`I` outside the column space).

    Returns
    -------
    float
    """
    mats = [_host_matrix(P, f"Ps[{i}]", "(m_alpha, m_beta)") for i, P in enumerate(Ps)]
    A = np.hstack(mats)
    m = A.shape[0]
    X, *_ = np.linalg.lstsq(A, np.eye(m), rcond=None)
    return float(np.sum((A @ X - np.eye(m)) ** 2))


def numerical_rank(F: Any, *, rtol: float | None = None) -> tuple[int, np.ndarray]:
    r"""The rank of ``F`` from its singular values, :math:`\#\{s_i > \text{rtol}\cdot s_{max}\}`.

    Parameters
    ----------
    F : array, shape (m, n)
    rtol : float, optional
        Default :math:`\max(m, n)\,\varepsilon_{\text{float64}}` (NumPy's ``matrix_rank``).

    Returns
    -------
    rank : int
    s : numpy.ndarray
        The singular values, largest first (to judge how clear the gap is).
    """
    Fn = _host_matrix(F, "F")
    s = np.linalg.svd(Fn, compute_uv=False)
    tol = (max(Fn.shape) * np.finfo(np.float64).eps if rtol is None else rtol) * (s[0] if s.size else 0.0)
    return int(np.sum(s > tol)), s


def term_rank(mask: Any) -> int:
    r"""The term (structural) rank of a support pattern: the largest number of non-zeros no two in one row or column.

    The rank of a matrix is at most the term rank of its support, with
    equality for generic values on that support. Computed by maximum
    bipartite matching (``scipy.sparse.csgraph``).

    Parameters
    ----------
    mask : array of bool (or numbers, non-zero = True), shape (m, n)

    Returns
    -------
    int

    Examples
    --------
    >>> term_rank([[True, True], [True, False]])
    2
    >>> term_rank([[True, False], [True, False]])
    1
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    M = np.asarray(_backend.to_numpy(mask) if hasattr(mask, "shape") else mask)
    if M.ndim != 2:
        raise ValueError(f"mask must have shape (m, n); got shape {M.shape}")
    M = M != 0
    if M.size == 0:
        return 0
    match = maximum_bipartite_matching(csr_matrix(M.astype(np.int8)), perm_type="column")
    return int(np.sum(match >= 0))


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
