r"""The Gaussian-mixture (SMASO) view of a MASO unit (iclr19 Sec. 3).

For unit k of a MASO with slopes ``A`` (K, R, D) and offsets ``B`` (K, R),
iclr19 Eq. (3) models the input as a mixture of R Gaussians with means
:math:`[A]_{k,r,\cdot}`, a shared isotropic covariance :math:`\sigma^2 I` and
a region prior :math:`[\pi]_{k,\cdot}` on the simplex. This module gives the
prior that Thm. 2 attaches to a MASO and the posterior of the region given an
input; the VQ matrices themselves are :meth:`spline_theory.MASO.vq_matrix`.
"""

from __future__ import annotations

from typing import Any

from ._validation import array_namespace_or_error, as_float_array

__all__ = ["region_prior", "region_posterior"]


def _params(A: Any) -> tuple[Any, Any]:
    A = as_float_array(A, "A", shape="(K, R, D)", ndim=3)
    return A, array_namespace_or_error(A, name="A")


def region_prior(A: Any, B: Any) -> Any:
    r"""The region prior that makes MAP inference equal the MASO arg-max (iclr19 Thm. 2).

    Parameters
    ----------
    A : array of shape (K, R, D)
    B : array of shape (K, R)

    Returns
    -------
    pi : array of shape (K, R)
        Rows on the simplex.

    Notes
    -----
    .. math::

        [\pi]_{k,r} = \frac{\exp\big([B]_{k,r} + \tfrac12\|[A]_{k,r,\cdot}\|^2\big)}
        {\sum_{r'} \exp\big([B]_{k,r'} + \tfrac12\|[A]_{k,r',\cdot}\|^2\big)},

    with :math:`\sigma^2 = 1` (iclr19 Thm. 2, App. C). Evaluated as a softmax
    after subtracting the row maximum.

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
    logits = B + 0.5 * xp.sum(A * A, axis=2)
    logits = logits - xp.max(logits, axis=1, keepdims=True)
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
    A, xp = _params(A)
    K, R, D = A.shape
    prior = as_float_array(prior, "prior", shape=f"(K, R) = ({K}, {R})", ndim=2, xp=xp)
    if tuple(prior.shape) != (K, R):
        raise ValueError(f"prior must have shape (K, R) = ({K}, {R}); got shape {tuple(prior.shape)}")
    if bool(xp.any(prior <= 0)) or bool(xp.any(xp.abs(xp.sum(prior, axis=1) - 1) > 1e-6)):
        raise ValueError("prior must have positive rows that sum to one (to 1e-6)")
    if isinstance(sigma2, bool) or not isinstance(sigma2, (int, float)) or not sigma2 > 0 or sigma2 == float("inf"):
        raise ValueError(f"sigma2 must be a finite number > 0; got {sigma2!r}")
    x = as_float_array(x, "x", shape=f"(N, D) with D = {D}", ndim=2, xp=xp)
    if x.shape[1] != D:
        raise ValueError(f"x must have shape (N, D) with D = {D}; got shape {tuple(x.shape)}")
    diff = x[:, None, None, :] - A[None, ...]
    logits = xp.log(prior)[None, ...] - xp.sum(diff * diff, axis=3) / (2.0 * sigma2)
    logits = logits - xp.max(logits, axis=2, keepdims=True)
    e = xp.exp(logits)
    return e / xp.sum(e, axis=2, keepdims=True)
