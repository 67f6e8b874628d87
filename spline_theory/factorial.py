r"""The factorial Gaussian-mixture model of a whole MASO layer and orthogonal filters (iclr19 Sec. 5).

iclr19 Eq. (10) lets all K units of a layer synthesise the input together:

.. math::

    x = \sum_{k=1}^{K} \sum_{r=1}^{R} \mathbb 1([t]_k = r)\,[A]_{k,r,\cdot} + \epsilon,
    \qquad \epsilon \sim \mathcal N(0, \sigma^2 I),

with a region configuration :math:`t \in \{1, \dots, R\}^K`. The prior of a
configuration is either *factorial* (``prior`` of shape (K, R):
:math:`p(t) = \prod_k [\pi]_{k, t_k}`, the reading of "factorial model") or an
arbitrary joint prior over the :math:`R^K` configurations (``prior`` of shape
``(R**K,)``, in the order of :func:`factorial_configurations`).

Exact inference enumerates the :math:`R^K` configurations; every function that
does so takes ``max_configurations`` and refuses larger layers with a
``ValueError`` that states the count. When the slopes of different units are
orthogonal (Eq. (11)) and the prior is factorial, the joint posterior is the
product of the per-unit SMASO posteriors (Thm. 4) and the joint MAP is the
per-unit MAP (Cor. 1), computed in :math:`O(K)`: :func:`per_unit_map`.

Names follow the paper: ``A`` slopes (K, R, D), ``prior`` (K, R) or (R**K,),
``x`` inputs (N, D), ``sigma2`` the noise variance, ``t`` configurations
(M, K) of 0-based region indices.
"""

from __future__ import annotations

import math
from typing import Any

from . import backend as _backend
from ._validation import array_namespace_or_error, as_float_array, as_vector, check_positive_int
from .maso import MASO
from .vq import finite_log_density, gaussian_log_constant, log_gaussian_terms, overflow_check, posterior_from_distances, region_posterior

__all__ = [
    "DEFAULT_MAX_CONFIGURATIONS",
    "factorial_configurations",
    "factorial_log_joint",
    "factorial_posterior",
    "factorial_log_marginal",
    "factorial_mixture",
    "gmm_log_density",
    "joint_map",
    "per_unit_map",
    "cross_unit_gram",
    "is_orthogonal_slopes",
    "orthogonality_penalty",
    "orthogonality_penalty_grad",
    "gram_schmidt",
    "dense_activation_maso",
]

#: Default limit on :math:`R^K` for the brute-force functions.
DEFAULT_MAX_CONFIGURATIONS = 4096


# ------------------------------------------------------------------ checks
def _slopes(A: Any) -> tuple[Any, Any]:
    A = as_float_array(A, "A", shape="(K, R, D)", ndim=3)
    return A, array_namespace_or_error(A, name="A")


def _sigma2(sigma2: Any) -> float:
    if isinstance(sigma2, bool) or not isinstance(sigma2, (int, float)):
        raise TypeError(f"sigma2 must be a real number > 0; got {type(sigma2).__name__}")
    if not (sigma2 > 0 and math.isfinite(sigma2)):
        raise ValueError(f"sigma2 must be a finite number > 0 (a noise variance); got {sigma2!r}")
    return float(sigma2)


def _count(K: int, R: int, max_configurations: Any) -> int:
    if isinstance(max_configurations, bool) or not isinstance(max_configurations, int) or max_configurations < 1:
        raise ValueError(f"max_configurations must be a positive int; got {max_configurations!r}")
    M = R**K
    if M > max_configurations:
        raise ValueError(
            f"a layer with K = {K} units and R = {R} regions has R**K = {M} region configurations, more than "
            f"max_configurations = {max_configurations} (the joint log-probabilities alone would take {8 * M} bytes "
            f"per input); raise max_configurations, or use per_unit_map, which is the exact joint MAP when the "
            f"slopes are orthogonal (iclr19 Thm. 4, Cor. 1)"
        )
    return M


def _tol(xp: Any, dtype: Any) -> float:
    return max(1e-6, 4.0 * math.sqrt(float(xp.finfo(dtype).eps)))


def _prior(prior: Any, K: int, R: int, xp: Any, dtype: Any) -> Any:
    prior = as_float_array(prior, "prior", shape=f"(K, R) = ({K}, {R}) or (R**K,) = ({R**K},)", ndim=(1, 2), xp=xp)
    if prior.ndim == 2 and tuple(prior.shape) != (K, R):
        raise ValueError(f"prior must have shape (K, R) = ({K}, {R}) or (R**K,) = ({R**K},); got shape {tuple(prior.shape)}")
    if prior.ndim == 1 and prior.shape[0] != R**K:
        raise ValueError(f"a joint prior must have shape (R**K,) = ({R**K},); got shape {tuple(prior.shape)}")
    prior = xp.astype(prior, dtype)
    sums = xp.sum(prior, axis=-1)
    tol = _tol(xp, dtype)
    if bool(xp.any(prior <= 0)) or bool(xp.any(xp.abs(sums - 1) > tol)):
        what = "each row" if prior.ndim == 2 else "the joint prior"
        raise ValueError(f"prior must be positive and {what} must sum to one (to {tol:.2g}); got sums {_backend.to_numpy(xp.reshape(sums, (-1,))).tolist()}")
    return prior


def _inputs(x: Any, D: int, xp: Any) -> Any:
    x = as_float_array(x, "x", shape=f"(N, D) with D = {D}", ndim=2, xp=xp)
    if x.shape[1] != D:
        raise ValueError(f"x must have shape (N, D) with D = {D}; got shape {tuple(x.shape)}")
    return x


def _logsumexp(xp: Any, v: Any, axis: int) -> Any:
    m = xp.max(v, axis=axis, keepdims=True)
    return xp.squeeze(m, axis=axis) + xp.log(xp.sum(xp.exp(v - m), axis=axis))


# ----------------------------------------------------------- enumeration
def factorial_configurations(K: int, R: int, *, max_configurations: int = DEFAULT_MAX_CONFIGURATIONS, xp: Any = None) -> Any:
    r"""All :math:`R^K` region configurations of a K-unit layer, in lexicographic order.

    Parameters
    ----------
    K, R : int
        Units and regions per unit.
    max_configurations : int, default :data:`DEFAULT_MAX_CONFIGURATIONS`
        Refuse layers with more configurations than this.
    xp : namespace, optional
        Array namespace (default NumPy).

    Returns
    -------
    t : int64 array of shape (R**K, K)
        Row m is the configuration whose base-R digits are m (unit 1 most significant).

    Raises
    ------
    ValueError
        :math:`R^K` exceeds ``max_configurations`` (the message states :math:`R^K`).

    Examples
    --------
    >>> from spline_theory.factorial import factorial_configurations
    >>> factorial_configurations(2, 2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    K = check_positive_int(K, "K")
    R = check_positive_int(R, "R")
    M = _count(K, R, max_configurations)
    xp = xp or _backend.namespace("numpy")
    m = xp.arange(M, dtype=xp.int64)
    cols = [(m // (R ** (K - 1 - k))) % R for k in range(K)]
    return xp.stack(cols, axis=1)


def _one_hot(xp: Any, t: Any, R: int, dtype: Any) -> Any:
    return xp.astype(t[..., None] == xp.arange(R, dtype=t.dtype), dtype)


def _terms(A: Any, prior: Any, x: Any, sigma2: Any, max_configurations: int) -> tuple:
    """``(squared distances (N, M), log prior (1, M), sigma2, D, configurations, xp)`` of the factorial model."""
    A, xp = _slopes(A)
    K, R, D = A.shape
    s2 = _sigma2(sigma2)
    t = factorial_configurations(K, R, max_configurations=max_configurations, xp=xp)
    prior = _prior(prior, K, R, xp, A.dtype)
    x = xp.astype(_inputs(x, D, xp), A.dtype)
    onehot = xp.reshape(_one_hot(xp, t, R, A.dtype), (t.shape[0], K * R))
    means = xp.matmul(onehot, xp.reshape(A, (K * R, D)))  # (M, D): sum_k A[k, t_k]
    if prior.ndim == 2:
        log_prior = xp.matmul(onehot, xp.reshape(xp.log(prior), (K * R,)))
    else:
        log_prior = xp.log(prior)
    diff = x[:, None, :] - means[None, :, :]
    sq = overflow_check(xp.sum(diff * diff, axis=2), "A, x", "the squared distances |x - sum_k A_k,t_k|^2")
    return sq, log_prior[None, :], s2, D, t, xp


def _log_joint(A: Any, prior: Any, x: Any, sigma2: Any, max_configurations: int) -> tuple[Any, Any, Any]:
    sq, log_prior, s2, D, t, xp = _terms(A, prior, x, sigma2, max_configurations)
    return finite_log_density(log_prior - log_gaussian_terms(xp, sq, s2, sigma2) - gaussian_log_constant(D, s2), sigma2), t, xp


def factorial_log_joint(A: Any, prior: Any, x: Any, sigma2: float = 1.0, *, max_configurations: int = DEFAULT_MAX_CONFIGURATIONS) -> tuple[Any, Any]:
    r"""Joint log-density :math:`\log p(x, t)` of the factorial model for every configuration.

    Parameters
    ----------
    A : array of shape (K, R, D)
    prior : array of shape (K, R) (factorial prior) or (R**K,) (joint prior)
        Positive; rows (or the whole joint prior) sum to one.
    x : array of shape (N, D)
    sigma2 : float > 0, default 1
    max_configurations : int

    Returns
    -------
    log_joint : array of shape (N, R**K)
    t : int64 array of shape (R**K, K)
        The configurations (:func:`factorial_configurations`).

    Raises
    ------
    ValueError
        Too many configurations, ``sigma2 <= 0``, a prior that is not positive or
        does not sum to one, mismatched shapes.

    Notes
    -----
    Implements Eq. (10) of iclr19:

    .. math::

        \log p(x, t) = -\frac{\|x - \sum_k [A]_{k,t_k,\cdot}\|^2}{2\sigma^2}
        - \frac D2 \log(2\pi\sigma^2) + \log p(t).
    """
    lj, t, _ = _log_joint(A, prior, x, sigma2, max_configurations)
    return lj, t


def factorial_posterior(A: Any, prior: Any, x: Any, sigma2: float = 1.0, *, max_configurations: int = DEFAULT_MAX_CONFIGURATIONS) -> tuple[Any, Any]:
    r"""Joint posterior :math:`p(t \mid x)` over all :math:`R^K` configurations (iclr19 Eq. (10), (12)).

    Same parameters as :func:`factorial_log_joint`; returns ``(post, t)`` with
    ``post`` of shape (N, R**K), rows summing to one.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.factorial import factorial_posterior
    >>> A = np.array([[[1.0, 0.0], [0.0, 0.0]], [[0.0, 1.0], [0.0, 0.0]]])
    >>> post, t = factorial_posterior(A, np.full((2, 2), 0.5), np.array([[1.0, 1.0]]))
    >>> t[np.argmax(post[0])].tolist()
    [0, 0]
    """
    sq, log_prior, s2, _, t, xp = _terms(A, prior, x, sigma2, max_configurations)
    return posterior_from_distances(xp, log_prior, sq, s2, axis=1), t


def factorial_log_marginal(A: Any, prior: Any, x: Any, sigma2: float = 1.0, *, max_configurations: int = DEFAULT_MAX_CONFIGURATIONS) -> Any:
    r""":math:`\log p(x) = \log \sum_t p(x, t)` of the factorial model, shape (N,), by enumeration."""
    lj, _, xp = _log_joint(A, prior, x, sigma2, max_configurations)
    return _logsumexp(xp, lj, axis=1)


def joint_map(A: Any, prior: Any, x: Any, sigma2: float = 1.0, *, max_configurations: int = DEFAULT_MAX_CONFIGURATIONS) -> Any:
    r"""Brute-force joint MAP :math:`\hat t_f = \arg\max_t p(t \mid x)` (iclr19 Eq. (12)).

    Returns an int64 array of shape (N, K) (0-based regions; ties go to the
    first configuration in lexicographic order). Refuses layers with more than
    ``max_configurations`` configurations (``ValueError`` stating :math:`R^K`).

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.factorial import joint_map
    >>> A = np.zeros((30, 2, 3))
    >>> joint_map(A, np.full((30, 2), 0.5), np.zeros((1, 3)))
    Traceback (most recent call last):
    ...
    ValueError: a layer with K = 30 units and R = 2 regions has R**K = 1073741824 region configurations, ...
    """
    lj, t, xp = _log_joint(A, prior, x, sigma2, max_configurations)
    return xp.take(t, xp.argmax(lj, axis=1), axis=0)


def per_unit_map(A: Any, prior: Any, x: Any, sigma2: float = 1.0) -> Any:
    r"""Per-unit MAP :math:`[\hat t]_k = \arg\max_r p([t]_k = r \mid x)` of the SMASO model (iclr19 Eq. (4)).

    Linear in K. Equals :func:`joint_map` when the slopes are orthogonal
    (Eq. (11)) and the prior is factorial (iclr19 Cor. 1).

    Parameters
    ----------
    A : array of shape (K, R, D)
    prior : array of shape (K, R)
    x : array of shape (N, D)
    sigma2 : float > 0

    Returns
    -------
    t : int64 array of shape (N, K)
    """
    A, xp = _slopes(A)
    prior = as_float_array(prior, "prior", shape=f"(K, R) = {tuple(A.shape[:2])}", ndim=2, xp=xp)
    _sigma2(sigma2)
    post = region_posterior(A, prior, x, sigma2)
    return xp.astype(xp.argmax(post, axis=2), xp.int64)


# ------------------------------------------------------ mixture (Eq. 10)
def factorial_mixture(A: Any, prior: Any, *, max_configurations: int = DEFAULT_MAX_CONFIGURATIONS) -> tuple[Any, Any]:
    r"""Components of model (10) as a Gaussian mixture: :math:`R^K` means and weights.

    Built unit by unit (the distribution of the partial sums
    :math:`\sum_{j \le k} [A]_{j,t_j,\cdot}` convolved with unit k's prior), not
    by enumerating configurations.

    Parameters
    ----------
    A : array of shape (K, R, D)
    prior : array of shape (K, R)
        Factorial prior.

    Returns
    -------
    means : array of shape (R**K, D)
        :math:`\mu_t = \sum_k [A]_{k,t_k,\cdot}`, in the order of :func:`factorial_configurations`.
    weights : array of shape (R**K,)
        :math:`\prod_k [\pi]_{k,t_k}`.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.factorial import factorial_mixture
    >>> means, w = factorial_mixture(np.array([[[1.0], [0.0]], [[2.0], [0.0]]]), np.full((2, 2), 0.5))
    >>> means[:, 0].tolist(), w.tolist()
    ([3.0, 1.0, 2.0, 0.0], [0.25, 0.25, 0.25, 0.25])
    """
    A, xp = _slopes(A)
    K, R, D = A.shape
    _count(K, R, max_configurations)
    prior = as_float_array(prior, "prior", shape=f"(K, R) = ({K}, {R})", ndim=2, xp=xp)
    prior = _prior(prior, K, R, xp, A.dtype)
    means = xp.zeros((1, D), dtype=A.dtype)
    weights = xp.ones((1,), dtype=A.dtype)
    for k in range(K):
        means = xp.reshape(means[:, None, :] + A[k, ...][None, :, :], (-1, D))
        weights = xp.reshape(weights[:, None] * prior[k, ...][None, :], (-1,))
    return means, weights


def gmm_log_density(means: Any, weights: Any, x: Any, sigma2: float = 1.0) -> Any:
    r"""Log-density of an isotropic Gaussian mixture :math:`\sum_j w_j \mathcal N(x; \mu_j, \sigma^2 I)`.

    Parameters
    ----------
    means : array of shape (M, D)
    weights : array of shape (M,)
        Positive, summing to one.
    x : array of shape (N, D)
    sigma2 : float > 0

    Returns
    -------
    array of shape (N,)
    """
    means = as_float_array(means, "means", shape="(M, D)", ndim=2)
    xp = array_namespace_or_error(means, name="means")
    M, D = means.shape
    weights = as_vector(weights, "weights", M, xp=xp, symbol="M")
    s2 = _sigma2(sigma2)
    tol = _tol(xp, means.dtype)
    if bool(xp.any(weights <= 0)) or abs(float(xp.sum(weights)) - 1) > tol:
        raise ValueError(f"weights must be positive and sum to one (to {tol:.2g}); got sum {float(xp.sum(weights))!r}")
    x = _inputs(x, D, xp)
    diff = x[:, None, :] - means[None, :, :]
    logits = xp.log(weights)[None, :] - log_gaussian_terms(xp, xp.sum(diff * diff, axis=2), s2, sigma2) - gaussian_log_constant(D, s2)
    return _logsumexp(xp, finite_log_density(logits, sigma2), axis=1)


# ------------------------------------------------- orthogonality (Eq. 11)
def cross_unit_gram(A: Any) -> Any:
    r"""Inner products :math:`G_{k,r,k',r'} = \langle [A]_{k,r,\cdot}, [A]_{k',r',\cdot}\rangle`, shape (K, R, K, R)."""
    A, xp = _slopes(A)
    K, R, D = A.shape
    Af = xp.reshape(A, (K * R, D))
    return xp.reshape(xp.matmul(Af, xp.matrix_transpose(Af)), (K, R, K, R))


def _cross_mask(xp: Any, K: int, R: int, dtype: Any) -> Any:
    unit = xp.reshape(xp.broadcast_to(xp.arange(K)[:, None], (K, R)), (K * R,))
    return xp.astype(unit[:, None] != unit[None, :], dtype)


def is_orthogonal_slopes(A: Any, *, rtol: float | None = None) -> bool:
    r"""Whether the slopes satisfy iclr19 Eq. (11): :math:`\langle [A]_{k,r,\cdot}, [A]_{k',r',\cdot}\rangle = 0` for :math:`k \ne k'`.

    Parameters
    ----------
    A : array of shape (K, R, D)
    rtol : float, optional
        Allowed :math:`|\langle a, a'\rangle| / (\|a\|\,\|a'\|)`; default
        :math:`4\sqrt{\varepsilon}` of the dtype (round-off of a dot product).

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.factorial import is_orthogonal_slopes
    >>> is_orthogonal_slopes(np.array([[[1.0, 0.0], [0.0, 0.0]], [[0.0, 2.0], [0.0, 0.0]]]))
    True
    >>> is_orthogonal_slopes(np.array([[[1.0, 0.0]], [[1.0, 1.0]]]))
    False
    """
    A, xp = _slopes(A)
    K, R, D = A.shape
    Af = xp.reshape(A, (K * R, D))
    G = xp.matmul(Af, xp.matrix_transpose(Af))
    norms = xp.sqrt(xp.sum(Af * Af, axis=1))
    rtol = 4.0 * math.sqrt(float(xp.finfo(A.dtype).eps)) if rtol is None else float(rtol)
    bad = (xp.abs(G) > rtol * norms[:, None] * norms[None, :]) & (_cross_mask(xp, K, R, A.dtype) > 0)
    return not bool(xp.any(bad))


def orthogonality_penalty(A: Any, lam: float = 1.0) -> Any:
    r"""The non-orthogonality penalty of iclr19 Sec. 5 (a 0-d array).

    Notes
    -----
    .. math::

        \lambda \sum_k \sum_{k' \ne k} \sum_{r, r'} \langle [A]_{k,r,\cdot}, [A]_{k',r',\cdot}\rangle^2 ,

    zero exactly when Eq. (11) holds.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.factorial import orthogonality_penalty
    >>> float(orthogonality_penalty(np.array([[[1.0, 0.0]], [[1.0, 1.0]]])))
    2.0
    """
    A, xp = _slopes(A)
    K, R, D = A.shape
    Af = xp.reshape(A, (K * R, D))
    G = xp.matmul(Af, xp.matrix_transpose(Af))
    return lam * xp.sum(_cross_mask(xp, K, R, A.dtype) * G * G)


def orthogonality_penalty_grad(A: Any, lam: float = 1.0) -> Any:
    r"""Gradient of :func:`orthogonality_penalty` with respect to ``A``, shape (K, R, D).

    Notes
    -----
    With :math:`a_i` the rows of ``A`` flattened to (K R, D), :math:`G = a a^\top`
    and :math:`M_{ij} = 1` when rows i, j belong to different units,
    :math:`\partial P / \partial a_i = 4\lambda \sum_j M_{ij} G_{ij} a_j`.
    """
    A, xp = _slopes(A)
    K, R, D = A.shape
    Af = xp.reshape(A, (K * R, D))
    G = xp.matmul(Af, xp.matrix_transpose(Af))
    grad = 4.0 * lam * xp.matmul(_cross_mask(xp, K, R, A.dtype) * G, Af)
    return xp.reshape(grad, (K, R, D))


def gram_schmidt(W: Any) -> Any:
    r"""Orthonormalize the rows of ``W`` by Gram-Schmidt with reorthogonalization.

    Parameters
    ----------
    W : array of shape (K, D), K <= D, rows linearly independent

    Returns
    -------
    Q : array of shape (K, D)
        Orthonormal rows with :math:`W = L Q`, L lower triangular with positive
        diagonal (row k of Q spans what rows 1..k of W add).

    Raises
    ------
    ValueError
        K > D, or a row that is (numerically) in the span of the previous rows
        (its residual is below :math:`4\sqrt{\varepsilon}` of its norm).

    Notes
    -----
    Each row is projected out of the previous ones twice ("twice is enough",
    Daniel et al. 1976, the reference iclr19 Sec. 5 gives for its GS
    reparametrization), which keeps :math:`Q Q^\top = I` to round-off. Each
    row is first divided by its largest absolute entry (Q does not change), so
    squared norms neither underflow nor overflow.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.factorial import gram_schmidt
    >>> gram_schmidt(np.array([[3.0, 4.0], [1.0, 0.0]])).round(3).tolist()
    [[0.6, 0.8], [0.8, -0.6]]
    """
    W = as_float_array(W, "W", shape="(K, D) with K <= D", ndim=2)
    xp = array_namespace_or_error(W, name="W")
    K, D = W.shape
    if K > D:
        raise ValueError(f"W must have at most D = {D} rows to have orthogonal nonzero rows; got shape {tuple(W.shape)}")
    tol = 4.0 * math.sqrt(float(xp.finfo(W.dtype).eps))
    rows: list[Any] = []
    for k in range(K):
        v = W[k, :]
        m = xp.max(xp.abs(v))
        if bool(m > 0):
            # Q does not depend on the scale of a row; dividing by its largest entry keeps v * v
            # away from underflow (rows of size 1e-22 in float32) and overflow
            v = v / m
        norm0 = xp.sqrt(xp.sum(v * v))
        for _ in range(2):
            for q in rows:
                v = v - xp.sum(q * v) * q
        norm = xp.sqrt(xp.sum(v * v))
        if not bool(norm > tol * norm0) or not bool(norm0 > 0):
            raise ValueError(f"W must have linearly independent rows; row {k} is (numerically) in the span of rows 0..{k - 1}")
        rows.append(v / norm)
    return xp.stack(rows, axis=0)


def dense_activation_maso(W: Any, b: Any, slope_scales: Any) -> MASO:
    r"""MASO of a fully connected layer followed by the activation :math:`\max_r c_r u`.

    Parameters
    ----------
    W : array of shape (K, D)
    b : array of shape (K,)
    slope_scales : sequence of R floats :math:`c_r`
        iclr19 order, active region first: ReLU ``(1, 0)``, absolute value
        ``(1, -1)``, leaky ReLU ``(1, nu)`` with ``0 < nu < 1``.

    Returns
    -------
    MASO
        :math:`[A]_{k,r,\cdot} = c_r [W]_{k,\cdot}`, :math:`[B]_{k,r} = c_r [b]_k`.
        Orthogonal rows of W give slopes orthogonal in the sense of Eq. (11).
    """
    W = as_float_array(W, "W", shape="(K, D)", ndim=2)
    xp = array_namespace_or_error(W, name="W")
    b = as_vector(b, "b", W.shape[0], xp=xp, symbol="K")
    c = [float(s) for s in slope_scales]
    if not c or not all(math.isfinite(s) for s in c):
        raise ValueError(f"slope_scales must be a non-empty sequence of finite floats; got {slope_scales!r}")
    A = xp.stack([s * W for s in c], axis=1)
    B = xp.stack([s * b for s in c], axis=1)
    return MASO(A, B)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
