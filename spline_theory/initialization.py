r"""The SMASO region prior of a layer at initialization (iclr19 App. C).

With zero biases, the prior that Thm. 2 attaches to a MASO unit is
:math:`[\pi]_{k,r} \propto \exp(\tfrac12\|[A]_{k,r,\cdot}\|^2)`. For a dense
layer followed by an activation :math:`\max_r c_r u` the slopes are
:math:`[A]_{k,r,\cdot} = c_r w` with :math:`w = [W]_{k,\cdot} \in \mathbb R^D`,
so with :math:`w \sim \mathcal N(0, v^2 I_D)` the prior is the random vector

.. math::

    \pi(w) = \operatorname{softmax}_r\big(\tfrac12 c_r^2 \|w\|^2\big),
    \qquad \|w\|^2 = v^2 X,\ X \sim \chi^2_D .

App. C plugs :math:`E\|w\|^2 = D v^2` into the prior
(:func:`plugin_region_prior`); :func:`expected_region_prior` computes the true
expectation :math:`E[\pi(w)]` by adaptive quadrature against the
:math:`\chi^2_D` density (SciPy), and
:func:`monte_carlo_region_prior` estimates it from samples with a Hoeffding
error bound. Region order is iclr19's: ReLU ``slope_scales = (1, 0)``
(active region first), absolute value ``(1, -1)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from . import backend as _backend
from ._validation import check_positive_int
from .vq import region_prior

__all__ = ["ACTIVATION_SLOPE_SCALES", "plugin_region_prior", "expected_region_prior", "monte_carlo_region_prior"]

#: :math:`c_r` of common activations, iclr19 region order (active region first).
ACTIVATION_SLOPE_SCALES = {"relu": (1.0, 0.0), "absolute_value": (1.0, -1.0)}


def _scales(slope_scales: Any) -> tuple[float, ...]:
    if isinstance(slope_scales, str):
        if slope_scales not in ACTIVATION_SLOPE_SCALES:
            raise ValueError(f"slope_scales must be one of {tuple(ACTIVATION_SLOPE_SCALES)} or a sequence of floats; got {slope_scales!r}")
        return ACTIVATION_SLOPE_SCALES[slope_scales]
    if not isinstance(slope_scales, Sequence) or not slope_scales:
        raise ValueError(f"slope_scales must be a non-empty sequence of floats; got {slope_scales!r}")
    c = tuple(float(s) for s in slope_scales)
    if not all(math.isfinite(s) for s in c):
        raise ValueError(f"slope_scales must be finite; got {slope_scales!r}")
    return c


def _std(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not (v > 0 and math.isfinite(v)):
        raise ValueError(f"v must be a finite initialization standard deviation > 0; got {v!r}")
    return float(v)


def _prior_of_norm2(c: tuple[float, ...], norm2: Any, xp: Any) -> Any:
    # slopes c_r * w with ||w||^2 = norm2, placed along the first axis: region_prior only sees norms
    n = xp.asarray(norm2, dtype=xp.float64)
    A = xp.reshape(xp.asarray(c, dtype=xp.float64), (1, len(c), 1)) * xp.reshape(xp.sqrt(n), (-1, 1, 1))
    return region_prior(A, xp.zeros((A.shape[0], len(c)), dtype=xp.float64))


def plugin_region_prior(slope_scales: Any, D: int, v: float) -> tuple[float, ...]:
    r"""The prior with :math:`\|w\|^2` replaced by its mean :math:`D v^2`, as iclr19 App. C does.

    Parameters
    ----------
    slope_scales : {"relu", "absolute_value"} or sequence of R floats
    D : int
        Fan-in.
    v : float > 0
        Initialization standard deviation.

    Returns
    -------
    tuple of R floats

    Examples
    --------
    >>> from spline_theory.initialization import plugin_region_prior
    >>> [round(p, 4) for p in plugin_region_prior("relu", 100, 0.1)]
    [0.6225, 0.3775]
    """
    c = _scales(slope_scales)
    D = check_positive_int(D, "D")
    v = _std(v)
    xp = _backend.namespace("numpy")
    return tuple(float(p) for p in _prior_of_norm2(c, [D * v * v], xp)[0])


def expected_region_prior(slope_scales: Any, D: int, v: float) -> tuple[tuple[float, ...], float]:
    r"""Exact :math:`E[\pi(w)]` under :math:`w \sim \mathcal N(0, v^2 I_D)`, by quadrature.

    Parameters
    ----------
    slope_scales : {"relu", "absolute_value"} or sequence of R floats
    D : int
    v : float > 0

    Returns
    -------
    prior : tuple of R floats
        :math:`E[\pi_r] = \int_0^\infty \operatorname{softmax}_r(\tfrac12 c_r^2 v^2 x)\, f_{\chi^2_D}(x)\,dx`.
    error : float
        Error estimate: the largest change between Gauss-generalized-Laguerre
        rules with 64 and 128 nodes (the integrand is analytic, so the rules
        converge geometrically), plus 64 ulp of round-off; where the rule's
        weights overflow (large D) QUADPACK's own estimate from
        ``scipy.integrate.quad``. An estimate, not a proof;
        :func:`monte_carlo_region_prior` gives a probabilistic bound.

    Notes
    -----
    With :math:`x = 2s`, :math:`E[g(X)] = \Gamma(D/2)^{-1}\int_0^\infty s^{D/2-1} e^{-s} g(2s)\,ds`,
    the weight function of the generalized Laguerre rule with :math:`\alpha = D/2 - 1`.

    Examples
    --------
    >>> from spline_theory.initialization import expected_region_prior
    >>> p, err = expected_region_prior("relu", 1, 1.0)
    >>> round(p[0], 4), err < 1e-9
    (0.6049, True)
    """
    from scipy import special

    c = _scales(slope_scales)
    D = check_positive_int(D, "D")
    v = _std(v)
    xp = _backend.namespace("numpy")
    rules = []
    for n in (64, 128):
        s, w = special.roots_genlaguerre(n, D / 2 - 1)
        total = xp.sum(w)
        if not (bool(xp.all(xp.isfinite(w))) and math.isfinite(float(total)) and total > 0):
            return _expected_by_quad(c, D, v)
        w = w / total  # the weights integrate the Gamma(D/2) density: normalize exactly
        pi = _prior_of_norm2(c, v * v * 2.0 * s, xp)
        rules.append(xp.sum(w[:, None] * pi, axis=0))
    err = float(xp.max(xp.abs(rules[1] - rules[0]))) + 64 * 2.220446049250313e-16
    return tuple(float(p) for p in rules[1]), err


def _expected_by_quad(c: tuple[float, ...], D: int, v: float) -> tuple[tuple[float, ...], float]:
    from scipy import integrate, stats

    xp = _backend.namespace("numpy")
    dist = stats.chi2(D)
    lo, hi = dist.ppf(1e-16), dist.isf(1e-16)  # the tails beyond carry < 2e-16 of a function bounded by 1
    out, err = [], 0.0
    for r in range(len(c)):
        f = lambda x, r=r: float(_prior_of_norm2(c, [v * v * x], xp)[0, r]) * dist.pdf(x)  # noqa: E731
        val, e = integrate.quad(f, lo, hi, epsabs=1e-12, epsrel=1e-12, limit=200, points=[float(D)])
        out.append(val)
        err = max(err, e + 2e-16)
    return tuple(out), err


def monte_carlo_region_prior(slope_scales: Any, D: int, v: float, *, n: int = 10000, seed: int = 0, delta: float = 1e-9, xp: Any = None) -> tuple[Any, float]:
    r"""Monte Carlo estimate of :math:`E[\pi(w)]` with a Hoeffding error bound.

    Draws ``n`` weights :math:`w \sim \mathcal N(0, v^2 I_D)` (NumPy generator
    ``seed``), evaluates :func:`spline_theory.vq.region_prior` on their slopes
    and averages.

    Returns
    -------
    mean : array of shape (R,)
    bound : float
        :math:`\sqrt{\log(2R/\delta) / (2n)}`: each :math:`\pi_r \in [0, 1]`, so
        with probability at least :math:`1 - \delta` every entry of ``mean`` is
        within ``bound`` of the exact expectation (Hoeffding plus a union bound).
    """
    import numpy as np  # host random numbers; the prior itself is array-API code

    c = _scales(slope_scales)
    D = check_positive_int(D, "D")
    v = _std(v)
    n = check_positive_int(n, "n")
    if not 0 < delta < 1:
        raise ValueError(f"delta must lie in (0, 1); got {delta!r}")
    xp = xp or _backend.namespace("numpy")
    w = _backend.asarray(np.random.default_rng(seed).normal(0.0, v, size=(n, D)), xp, xp.float64)
    A = xp.asarray(c, dtype=xp.float64)[None, :, None] * w[:, None, :]
    pi = region_prior(A, xp.zeros((n, len(c)), dtype=xp.float64))
    return xp.mean(pi, axis=0), math.sqrt(math.log(2 * len(c) / delta) / (2 * n))


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
