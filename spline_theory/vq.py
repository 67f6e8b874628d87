r"""The Gaussian-mixture (SMASO) view of a MASO unit (iclr19 Sec. 3).

For unit k of a MASO with slopes ``A`` (K, R, D) and offsets ``B`` (K, R),
iclr19 Eq. (3) models the input as a mixture of R Gaussians with means
:math:`[A]_{k,r,\cdot}`, a shared isotropic covariance :math:`\sigma^2 I` and
a region prior :math:`[\pi]_{k,\cdot}` on the simplex. This module gives the
prior that Thm. 2 attaches to a MASO and the posterior of the region given an
input; the VQ matrices themselves are :meth:`spline_theory.MASO.vq_matrix`,
also available here as functions of ``(A, B, x)``: :func:`hard_vq_matrix`
(Eq. (5)), :func:`soft_vq_matrix` (Eq. (6)) and :func:`beta_vq_matrix`
(Eq. (9)), with the objective they maximize (:func:`vq_objective`, Eq. (7),
(8), Table 1) and the affine map they select (:func:`vq_affine_map`, Eq. (15)).

Names: ``A`` slopes (K, R, D), ``B`` offsets (K, R), ``x`` inputs (N, D),
``prior`` (K, R) region prior, ``sigma2`` the noise variance
:math:`\sigma^2`, ``T`` selection matrices (N, K, R). Regions are 0-based.
"""

from __future__ import annotations

import math
from typing import Any

from ._validation import array_namespace_or_error, as_float_array, check_probability
from .maso import MASO

__all__ = [
    "region_prior",
    "region_posterior",
    "smaso_log_joint",
    "smaso_log_likelihood",
    "map_regions",
    "region_posterior_limit",
    "region_margin",
    "kmeans_bias",
    "kmeans_regions",
    "eta_from_beta",
    "beta_from_eta",
    "hard_vq_matrix",
    "soft_vq_matrix",
    "beta_vq_matrix",
    "vq_entropy",
    "vq_objective",
    "vq_affine_map",
]


def _params(A: Any) -> tuple[Any, Any]:
    A = as_float_array(A, "A", shape="(K, R, D)", ndim=3)
    return A, array_namespace_or_error(A, name="A")


def _sigma2(sigma2: Any) -> float:
    if isinstance(sigma2, bool) or not isinstance(sigma2, (int, float)):
        raise TypeError(f"sigma2 must be a real number > 0; got {type(sigma2).__name__}")
    if not sigma2 > 0 or not math.isfinite(sigma2):
        raise ValueError(f"sigma2 must be a finite number > 0; got {sigma2!r}")
    return float(sigma2)


def region_prior(A: Any, B: Any, *, sigma2: float = 1.0) -> Any:
    r"""The region prior that makes MAP inference equal the MASO arg-max (iclr19 Thm. 2).

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)
    sigma2 : float > 0, keyword, default 1
        Noise variance the prior is made for. The default is Thm. 2's
        :math:`\sigma^2 = 1`.

    Returns
    -------
    pi : array of shape (K, R)
        Rows on the simplex.

    Raises
    ------
    ValueError
        ``sigma2 <= 0`` or not finite, mismatched shapes.

    Notes
    -----
    .. math::

        [\pi]_{k,r} = \frac{\exp\big(([B]_{k,r} + \tfrac12\|[A]_{k,r,\cdot}\|^2)/\sigma^2\big)}
        {\sum_{r'} \exp\big(([B]_{k,r'} + \tfrac12\|[A]_{k,r',\cdot}\|^2)/\sigma^2\big)},

    iclr19 Thm. 2 and App. C with :math:`\sigma^2 = 1`. For another
    :math:`\sigma^2` this is the prior under which the posterior of model (3)
    is :math:`\operatorname{softmax}(u/\sigma^2)` with
    :math:`u_r = \langle [A]_{k,r,\cdot}, x\rangle + [B]_{k,r}` (the MAP is then
    the MASO arg-max for every :math:`\sigma^2`; claim
    ``iclr19.eq6.noise_limit-corrected``). Evaluated as a softmax after
    subtracting the row maximum.

    Examples
    --------
    A ReLU unit with unit-norm weight (iclr19 App. C: active region first):

    >>> import numpy as np
    >>> from spline_theory.vq import region_prior
    >>> region_prior(np.array([[[1.0, 0.0], [0.0, 0.0]]]), np.zeros((1, 2))).round(3)
    array([[0.622, 0.378]])
    """
    A, xp = _params(A)
    B = as_float_array(B, "B", shape=f"(K, R) = {tuple(A.shape[:2])}", ndim=2, xp=xp)
    if tuple(B.shape) != tuple(A.shape[:2]):
        raise ValueError(f"B must have shape (K, R) = {tuple(A.shape[:2])}; got shape {tuple(B.shape)}")
    s2 = _sigma2(sigma2)
    logits = overflow_check(B + 0.5 * xp.sum(A * A, axis=2), "A, B", "the logits B + |A|^2 / 2")
    # the row maximum is subtracted before dividing by sigma2: the largest logit is then 0 for any sigma2 > 0
    logits = logits - xp.max(logits, axis=1, keepdims=True)
    if s2 != 1.0:
        logits = -scaled_down(xp, -logits, s2)
    e = xp.exp(logits)
    return e / xp.sum(e, axis=1, keepdims=True)


def region_posterior(A: Any, prior: Any, x: Any, sigma2: float = 1.0) -> Any:
    r"""Posterior :math:`p([t]_k = r \mid x)` of the SMASO mixture (iclr19 Eq. (3), (6)).

    Parameters
    ----------
    A : array of shape (K, R, D)
        Component means :math:`[A]_{k,r,\cdot}`.
    prior : array of shape (K, R)
        Region prior :math:`[\pi]_{k,\cdot}`, rows positive and summing to one.
    x : array of shape (N, D)
        Inputs (the layer input :math:`z^{(\ell-1)}`).
    sigma2 : float > 0, default 1
        Noise variance :math:`\sigma^2`.

    Returns
    -------
    post : array of shape (N, K, R)

    Raises
    ------
    ValueError
        ``sigma2 <= 0``, a prior row that is not on the simplex (tolerance
        ``1e-6``) or has a zero entry, or mismatched shapes.

    Notes
    -----
    .. math::

        p([t]_k = r \mid x) = \frac{[\pi]_{k,r}\,\exp(-\|x - [A]_{k,r,\cdot}\|^2 / 2\sigma^2)}
        {\sum_{r'} [\pi]_{k,r'}\,\exp(-\|x - [A]_{k,r',\cdot}\|^2 / 2\sigma^2)} .
    """
    s2 = _sigma2(sigma2)
    A, prior, x, xp = _model(A, prior, x)
    return posterior_from_distances(xp, xp.log(prior)[None, ...], overflow_check(_sq_dist(xp, A, x), "A, x", "the squared distances |x - A_r|^2"), s2, axis=2)


def _model(A: Any, prior: Any, x: Any) -> tuple[Any, Any, Any, Any]:
    A, xp = _params(A)
    K, R, D = A.shape
    prior = as_float_array(prior, "prior", shape=f"(K, R) = ({K}, {R})", ndim=2, xp=xp)
    if tuple(prior.shape) != (K, R):
        raise ValueError(f"prior must have shape (K, R) = ({K}, {R}); got shape {tuple(prior.shape)}")
    if bool(xp.any(prior <= 0)):
        raise ValueError("prior must have positive entries (every region of the mixture needs mass); got a zero or negative entry")
    sums = xp.sum(prior, axis=1)
    if bool(xp.any(xp.abs(sums - 1) > 1e-6)):
        raise ValueError(f"prior must have rows that sum to one (to 1e-6); got row sums {[float(v) for v in sums[:8]]}")
    x = as_float_array(x, "x", shape=f"(N, D) with D = {D}", ndim=2, xp=xp)
    if x.shape[1] != D:
        raise ValueError(f"x must have shape (N, D) with D = {D}; got shape {tuple(x.shape)}")
    dtype = xp.result_type(A.dtype, prior.dtype, x.dtype)
    return xp.astype(A, dtype), xp.astype(prior, dtype), xp.astype(x, dtype), xp


def overflow_check(v: Any, names: str, what: str) -> Any:
    """``v`` if it is finite, else an ``OverflowError`` naming the arguments ``names`` that produced it."""
    xp = array_namespace_or_error(v)
    if not bool(xp.all(xp.isfinite(v))):
        raise OverflowError(f"{names}: {what} overflow {v.dtype} (entries near the dtype's maximum); scale the inputs down")
    return v


def gaussian_log_constant(D: int, s2: float) -> float:
    r""":math:`\frac D2 \log(2\pi\sigma^2)`, summed as logarithms (no overflow for any finite :math:`\sigma^2 > 0`)."""
    return 0.5 * D * (math.log(2.0 * math.pi) + math.log(s2))


def posterior_from_distances(xp: Any, log_prior: Any, sq: Any, s2: float, *, axis: int) -> Any:
    r"""Posterior :math:`\propto \pi_r \exp(-d_r / 2\sigma^2)` along ``axis``, stable for every :math:`\sigma^2 > 0`.

    The smallest distance is subtracted before dividing by :math:`\sigma^2`,
    so the nearest component keeps a finite logit even where the others
    underflow (tiny :math:`\sigma^2`: the hard assignment) and the prior
    alone remains for huge :math:`\sigma^2`.
    """
    d = sq - xp.min(sq, axis=axis, keepdims=True)
    logits = log_prior - scaled_down(xp, d, s2) * 0.5
    logits = logits - xp.max(logits, axis=axis, keepdims=True)
    e = xp.exp(logits)
    return e / xp.sum(e, axis=axis, keepdims=True)


def scaled_down(xp: Any, v: Any, s2: float) -> Any:
    """``v / s2`` for ``v >= 0`` without an overflow warning: quotients beyond the dtype's range come out as its largest value."""
    big = float(xp.finfo(v.dtype).max)
    if s2 >= 1.0:
        return v / s2
    return xp.minimum(v, xp.asarray(s2 * big, dtype=v.dtype)) / s2


def log_gaussian_terms(xp: Any, sq: Any, s2: float, sigma2: Any) -> Any:
    """``sq / (2 sigma2)``, or an ``OverflowError`` naming ``sigma2`` when it is beyond the dtype's range."""
    q = scaled_down(xp, sq, s2) * 0.5
    if bool(xp.any(q >= float(xp.finfo(q.dtype).max) * 0.5)):
        raise OverflowError(
            f"sigma2 = {sigma2!r}: the log-density -|x - mean|^2 / (2 sigma2) is beyond the range of {q.dtype} for some input; "
            "the posterior functions stay finite there, log-densities cannot"
        )
    return q


def finite_log_density(logp: Any, sigma2: Any) -> Any:
    """``logp`` if finite everywhere, else an ``OverflowError`` naming ``sigma2`` (the density is below the dtype's range)."""
    xp = array_namespace_or_error(logp)
    if not bool(xp.all(xp.isfinite(logp))):
        raise OverflowError(
            f"sigma2 = {sigma2!r}: the log-density -|x - mean|^2 / (2 sigma2) is beyond the range of {logp.dtype} for some input; "
            "the posterior functions stay finite there, log-densities cannot"
        )
    return logp


def _sq_dist(xp: Any, A: Any, x: Any) -> Any:
    """(N, K, R) squared distances from each input to each centroid."""
    diff = x[:, None, None, :] - A[None, ...]
    return xp.sum(diff * diff, axis=3)


def smaso_log_joint(A: Any, prior: Any, x: Any, sigma2: float = 1.0) -> Any:
    r"""Log joint density :math:`\log p(x, [t]_k = r)` of the SMASO mixture (iclr19 Eq. (3)).

    Parameters
    ----------
    A : array of shape (K, R, D)
        Component means :math:`[A]_{k,r,\cdot}`.
    prior : array of shape (K, R)
        Region prior :math:`[\pi]_{k,\cdot}`, positive rows summing to one.
    x : array of shape (N, D)
    sigma2 : float > 0, default 1

    Returns
    -------
    logp : array of shape (N, K, R)

    Raises
    ------
    ValueError
        ``sigma2 <= 0``, a prior that is not a distribution, mismatched shapes.

    Notes
    -----
    Model (3): :math:`x = \sum_r \mathbb 1([t]_k = r) [A]_{k,r,\cdot} + \epsilon`,
    :math:`\epsilon\sim\mathcal N(0,\sigma^2 I)`, :math:`[t]_k \sim \mathrm{Cat}([\pi]_{k,\cdot})`:

    .. math::

        \log p(x, [t]_k = r) = \log [\pi]_{k,r} - \frac{\|x - [A]_{k,r,\cdot}\|^2}{2\sigma^2}
        - \frac D2 \log(2\pi\sigma^2).

    Each unit k has its own mixture for the same input (one model per unit).
    """
    s2 = _sigma2(sigma2)
    A, prior, x, xp = _model(A, prior, x)
    D = A.shape[2]
    return finite_log_density(xp.log(prior)[None, ...] - log_gaussian_terms(xp, _sq_dist(xp, A, x), s2, sigma2) - gaussian_log_constant(D, s2), sigma2)


def smaso_log_likelihood(A: Any, prior: Any, x: Any, sigma2: float = 1.0) -> Any:
    r"""Log marginal density :math:`\log p(x)` of unit k's mixture (iclr19 Eq. (3)).

    Parameters
    ----------
    A, prior, x, sigma2
        As in :func:`smaso_log_joint`.

    Returns
    -------
    logp : array of shape (N, K)
        :math:`\log \sum_r [\pi]_{k,r}\,\mathcal N(x; [A]_{k,r,\cdot}, \sigma^2 I)`.
    """
    lj = smaso_log_joint(A, prior, x, sigma2)
    xp = array_namespace_or_error(lj)
    m = xp.max(lj, axis=2, keepdims=True)
    return xp.log(xp.sum(xp.exp(lj - m), axis=2)) + m[..., 0]


def map_regions(A: Any, prior: Any, x: Any, sigma2: float = 1.0) -> Any:
    r"""Hard (MAP) inference of each unit's region (iclr19 Eq. (4)).

    Parameters
    ----------
    A, prior, x, sigma2
        As in :func:`smaso_log_joint`.

    Returns
    -------
    t : integer array of shape (N, K)
        :math:`\hat t_k = \arg\max_r p([t]_k = r \mid x)`, 0-based, ties to
        the lowest index.

    Notes
    -----
    With the prior of :func:`region_prior` and :math:`\sigma^2 = 1` this is the
    MASO arg-max :meth:`spline_theory.MASO.region_codes` (Thm. 2).
    """
    lj = smaso_log_joint(A, prior, x, sigma2)
    return array_namespace_or_error(lj).argmax(lj, axis=2)


def region_posterior_limit(A: Any, prior: Any, x: Any) -> Any:
    r"""The limit of :func:`region_posterior` as :math:`\sigma^2 \to 0` with the prior held fixed.

    Parameters
    ----------
    A : array of shape (K, R, D)
    prior : array of shape (K, R)
    x : array of shape (N, D)

    Returns
    -------
    T0 : array of shape (N, K, R)

    Notes
    -----
    As :math:`\sigma^2\to 0` the likelihood term
    :math:`-\|x-[A]_{k,r,\cdot}\|^2/2\sigma^2` dominates the fixed
    :math:`\log[\pi]_{k,r}`, so the posterior concentrates on the nearest
    centroids:

    .. math::

        \lim_{\sigma^2\to0} p([t]_k=r\mid x) = \frac{[\pi]_{k,r}\,\mathbb 1(r \in M_k)}{\sum_{r'\in M_k}[\pi]_{k,r'}},
        \qquad M_k = \arg\min_r \|x - [A]_{k,r,\cdot}\|^2 ,

    i.e. the K-means assignment of Prop. 1 (one-hot unless centroids tie;
    exact float equality of the distances decides ties). It is not the MASO
    hard VQ :math:`T_H` unless :math:`B = -\frac12\|A\|^2` (claim
    ``iclr19.eq6.noise_limit``).
    """
    A, prior, x, xp = _model(A, prior, x)
    d = _sq_dist(xp, A, x)
    nearest = d == xp.min(d, axis=2, keepdims=True)
    w = xp.where(nearest, prior[None, ...], xp.zeros_like(d))
    return w / xp.sum(w, axis=2, keepdims=True)


def kmeans_bias(A: Any) -> Any:
    r"""The offsets :math:`[B]_{k,r} = -\frac12\|[A]_{k,r,\cdot}\|^2` of Prop. 1 (iclr19).

    Parameters
    ----------
    A : array of shape (K, R, D)

    Returns
    -------
    B : array of shape (K, R)

    Notes
    -----
    With these offsets the MASO arg-max is the nearest-centroid (K-means)
    assignment with centroids :math:`[A]_{k,r,\cdot}` (:func:`kmeans_regions`),
    and the prior of :func:`region_prior` is uniform.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.vq import kmeans_bias
    >>> kmeans_bias(np.array([[[3.0, 4.0], [0.0, 0.0]]]))
    array([[-12.5,  -0. ]])
    """
    A, xp = _params(A)
    return -0.5 * xp.sum(A * A, axis=2)


def kmeans_regions(A: Any, x: Any) -> Any:
    r"""Nearest-centroid (K-means) assignment :math:`\arg\min_r \|[A]_{k,r,\cdot} - x\|^2` (iclr19 Prop. 1).

    Parameters
    ----------
    A : array of shape (K, R, D)
        Centroids of each unit.
    x : array of shape (N, D)

    Returns
    -------
    t : integer array of shape (N, K)
        0-based, ties to the lowest index.
    """
    A, xp = _params(A)
    x = as_float_array(x, "x", shape=f"(N, D) with D = {A.shape[2]}", ndim=2, xp=xp)
    if x.shape[1] != A.shape[2]:
        raise ValueError(f"x must have shape (N, D) with D = {A.shape[2]}; got shape {tuple(x.shape)}")
    dtype = xp.result_type(A.dtype, x.dtype)
    return xp.argmin(_sq_dist(xp, xp.astype(A, dtype), xp.astype(x, dtype)), axis=2)


def eta_from_beta(beta: float) -> float:
    r"""The inverse temperature :math:`\eta = \beta/(1-\beta)` of beta-VQ (iclr19 Thm. 3, Prop. 7).

    Parameters
    ----------
    beta : float in [0, 1)

    Returns
    -------
    eta : float >= 0

    Raises
    ------
    ValueError
        ``beta`` outside [0, 1): at :math:`\beta = 1` (hard VQ) :math:`\eta` is infinite.

    Examples
    --------
    >>> from spline_theory.vq import eta_from_beta
    >>> eta_from_beta(0.5), eta_from_beta(0.75)
    (1.0, 3.0)
    """
    b = check_probability(beta, "beta")
    if b == 1.0:
        raise ValueError("beta must lie in [0, 1) for a finite eta = beta / (1 - beta); got 1 (hard VQ, eta = inf)")
    return b / (1.0 - b)


def beta_from_eta(eta: float) -> float:
    r"""Inverse of :func:`eta_from_beta`: :math:`\beta = \eta / (1 + \eta)` for :math:`\eta \ge 0`.

    Raises
    ------
    ValueError
        ``eta`` negative, NaN or infinite.
    """
    if isinstance(eta, bool) or not isinstance(eta, (int, float)):
        raise TypeError(f"eta must be a real number >= 0; got {type(eta).__name__}")
    if not eta >= 0 or not math.isfinite(eta):
        raise ValueError(f"eta must be a finite number >= 0; got {eta!r}")
    return float(eta) / (1.0 + float(eta))


def hard_vq_matrix(A: Any, B: Any, x: Any) -> Any:
    r"""The hard-VQ matrix :math:`\hat T_H` (iclr19 Eq. (2), (5); Prop. 8).

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)
    x : array of shape (N, D) or (D,)

    Returns
    -------
    T : array of shape (N, K, R) (or (K, R))
        :math:`[\hat T_H]_{k,r} = \mathbb 1(r = \arg\max_{r'} \langle [A]_{k,r',\cdot},x\rangle + [B]_{k,r'})`.
    """
    return MASO(A, B).vq_matrix(x, 1.0)


def soft_vq_matrix(A: Any, B: Any, x: Any) -> Any:
    r"""The soft-VQ matrix :math:`\hat T_S` (iclr19 Eq. (6)).

    Parameters
    ----------
    A, B, x
        As in :func:`hard_vq_matrix`.

    Returns
    -------
    T : array of shape (N, K, R) (or (K, R))
        :math:`[\hat T_S]_{k,r} = \operatorname{softmax}_r(\langle [A]_{k,r,\cdot},x\rangle + [B]_{k,r})`,
        the posterior of model (3) with :math:`\sigma^2 = 1` and the prior of Thm. 2.
    """
    return MASO(A, B).vq_matrix(x, 0.5)


def beta_vq_matrix(A: Any, B: Any, x: Any, beta: Any) -> Any:
    r"""The beta-VQ matrix :math:`\hat T_\beta` (iclr19 Eq. (9), Thm. 3).

    Parameters
    ----------
    A, B, x
        As in :func:`hard_vq_matrix`.
    beta : float in [0, 1] or array of shape (K,)

    Returns
    -------
    T : array of shape (N, K, R) (or (K, R))
        :math:`\operatorname{softmax}_r(\eta_k u_{k,r})`, :math:`\eta_k = \beta_k/(1-\beta_k)`;
        one-hot at :math:`\beta = 1`, uniform at :math:`\beta = 0`.
    """
    return MASO(A, B).vq_matrix(x, beta)


def vq_entropy(T: Any) -> Any:
    r"""Shannon entropy :math:`H(t) = -\sum_r t_r \log t_r` of each row (iclr19 Eq. (7), (8)).

    Parameters
    ----------
    T : array of shape (..., R)
        Rows on the simplex (entries in [0, 1]).

    Returns
    -------
    H : array of shape (...)
        In nats, with :math:`0\log 0 = 0`.

    Raises
    ------
    ValueError
        Entries outside [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.vq import vq_entropy
    >>> float(vq_entropy(np.array([0.5, 0.5])))  # log 2
    0.6931471805599453
    """
    T = as_float_array(T, "T", shape="(..., R)", ndim=tuple(range(1, 8)))
    xp = array_namespace_or_error(T, name="T")
    if bool(xp.any((T < 0) | (T > 1))):
        raise ValueError(f"T must have entries in [0, 1] (rows on the simplex); got values in [{float(xp.min(T))}, {float(xp.max(T))}]")
    pos = T > 0
    logs = xp.log(xp.where(pos, T, xp.ones_like(T)))
    return -xp.sum(xp.where(pos, T * logs, xp.zeros_like(T)), axis=-1)


def vq_objective(A: Any, B: Any, x: Any, T: Any, beta: float = 0.5) -> Any:
    r"""The beta-VQ objective :math:`\beta\,\mathcal P(t) + (1-\beta) H(t)` (iclr19 Eq. (8), Table 1).

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)
    x : array of shape (N, D)
    T : array of shape (N, K, R)
        Candidate selection matrices, rows on the simplex.
    beta : float in [0, 1], default 1/2

    Returns
    -------
    F : array of shape (N, K)

    Raises
    ------
    ValueError
        ``beta`` outside [0, 1], ``T`` of the wrong shape or with entries outside [0, 1].

    Notes
    -----
    .. math::

        F_\beta(t) = \beta \sum_r t_r \big(\langle [A]_{k,r,\cdot}, x\rangle + [B]_{k,r}\big)
        + (1-\beta) H(t),

    Eq. (8). :math:`\beta = 1/2` gives half the objective of Eq. (7)
    (same maximizer); :math:`\beta = 1` the hard-VQ objective
    :math:`\mathcal P(t)`; :math:`\beta = 0` the entropy alone.
    """
    b = check_probability(beta, "beta")
    S = MASO(A, B)
    xp = S.xp
    x = as_float_array(x, "x", shape=f"(N, D) with D = {S.D}", ndim=2, xp=xp)
    T = as_float_array(T, "T", shape=f"(N, K, R) = ({x.shape[0]}, {S.K}, {S.R})", ndim=3, xp=xp)
    if tuple(T.shape) != (x.shape[0], S.K, S.R):
        raise ValueError(f"T must have shape (N, K, R) = ({x.shape[0]}, {S.K}, {S.R}); got shape {tuple(T.shape)}")
    P = S.vq_output(x, T)
    return b * P + (1.0 - b) * vq_entropy(T)


def vq_affine_map(A: Any, B: Any, T: Any) -> tuple[Any, Any]:
    r"""The affine map :math:`(A[T], B[T])` a selection matrix picks (iclr19 Eq. (15)-(16)).

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)
    T : array of shape (N, K, R) or (K, R)

    Returns
    -------
    A_T : array of shape (N, K, D) (or (K, D))
        :math:`[A[T]]_{k,\cdot} = \sum_r [T]_{k,r} [A]_{k,r,\cdot}`.
    B_T : array of shape (N, K) (or (K,))
        :math:`[B[T]]_k = \sum_r [T]_{k,r} [B]_{k,r}`.

    Notes
    -----
    With the hard matrix :math:`T_H` of the input, :math:`A[T_H]\,x + B[T_H]` is the
    MASO output (Prop. 8, Eq. (16)).

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.vq import vq_affine_map
    >>> A = np.array([[[1.0], [0.0]]]); B = np.zeros((1, 2))
    >>> vq_affine_map(A, B, np.array([[0.25, 0.75]]))
    (array([[0.25]]), array([0.]))
    """
    S = MASO(A, B)
    xp = S.xp
    T = as_float_array(T, "T", shape=f"(N, K, R) with (K, R) = ({S.K}, {S.R})", ndim=(2, 3), xp=xp)
    if tuple(T.shape[-2:]) != (S.K, S.R):
        raise ValueError(f"T must have shape (N, K, R) with (K, R) = ({S.K}, {S.R}); got shape {tuple(T.shape)}")
    single = T.ndim == 2
    if single:
        T = T[None, ...]
    dtype = xp.result_type(S.dtype, T.dtype)
    T = xp.astype(T, dtype)
    A_T = xp.sum(T[..., None] * xp.astype(S.A, dtype)[None, ...], axis=2)
    B_T = xp.sum(T * xp.astype(S.B, dtype)[None, ...], axis=2)
    return (A_T[0, ...], B_T[0, ...]) if single else (A_T, B_T)


def region_margin(A: Any, B: Any, x: Any) -> Any:
    r"""Gap between the best and second-best affine piece of every unit.

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)
    x : array of shape (N, D)

    Returns
    -------
    gap : array of shape (N, K)
        :math:`u_{(1)} - u_{(2)} \ge 0` with :math:`u_r = \langle [A]_{k,r,\cdot},x\rangle + [B]_{k,r}`
        sorted decreasingly; ``inf`` when R = 1. Zero on a region boundary.

    Notes
    -----
    The beta-VQ matrix is within :math:`(R-1)e^{-\eta\,\mathrm{gap}}` of the
    hard one (entrywise), so the gap says how hard the soft decision is.
    """
    S = MASO(A, B)
    xp = S.xp
    x = as_float_array(x, "x", shape=f"(N, D) with D = {S.D}", ndim=2, xp=xp)
    u = S.pre_activations(x)
    if S.R == 1:
        return xp.full(u.shape[:2], xp.inf, dtype=u.dtype)
    srt = xp.sort(u, axis=2, descending=True)
    return srt[..., 0] - srt[..., 1]


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
