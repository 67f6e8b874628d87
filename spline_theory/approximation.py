r"""Affine-spline and max-affine approximations of smooth nonlinearities (report17 Thm. 1, Eq. (36)-(37); icml18 Sec. 3, Sec. 4.1).

Three constructions, each with the error bound it guarantees:

* :func:`fit_activation` -- the piecewise-linear interpolant :math:`p` of a
  smooth activation (``"sigmoid"``, ``"tanh"``, ``"arctan"``) on uniform knots
  of :math:`[-a, a]`, constant outside; :math:`\sup_{u \in \mathbb R}|f(u) - p(u)| \le
  \max\big(\tfrac{h^2}{8}\max|f''|,\ \mathrm{tail}(a)\big)` (the classical bound of
  linear interpolation plus what the constant extension misses). The knots
  are chosen from a tolerance.
* :func:`spline_network` -- a network whose activations are smooth, with every
  activation replaced by such an interpolant written as ``Dense -> ReLU ->
  Dense``: an affine spline operator (a :class:`~spline_theory.network.Network`
  of the library's layers, so :math:`\tilde f(x) = A[x]x + b[x]` exactly) within a
  tolerance of the smooth network everywhere, through the propagated bound of
  :func:`propagated_error_bound`.
* :func:`softmax_network` -- the softmax as the composition of fits of
  :math:`e^t` and :math:`1/(1+s)`, a ReLU network within a tolerance of it on all
  of :math:`\mathbb R^C`.
* :func:`tangent_maso` -- a MASO made of the tangent planes of a convex
  function at the points of a grid; below the function and, on the grid's box,
  within :math:`\tfrac12 M r^2` of it (:math:`M` a bound on the Hessian's
  spectral norm, :math:`r` the largest distance to a grid point).

:func:`best_convex_fit_error` solves the linear program of the best convex
(hence best max-affine, with any number of pieces) uniform fit on sample
points; for a function that is not convex it is a positive lower bound that
no MASO can beat.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import array_namespace_or_error
from .maso import MASO

__all__ = [
    "ACTIVATIONS",
    "PiecewiseLinear",
    "best_convex_fit_error",
    "fit_activation",
    "interpolate",
    "propagated_error_bound",
    "smooth_forward",
    "softmax_network",
    "spline_network",
    "tangent_maso",
    "tangent_maso_bound",
    "tangent_maso_within",
]


@dataclass(frozen=True)
class _Smooth:
    name: str
    f: Callable[[Any, Any], Any]  # (xp, u) -> f(u)
    lipschitz: float  # sup |f'|
    curvature: float  # sup |f''|
    tail: Callable[[float], float]  # sup_{|u| > a} |f(u) - f(sign(u) a)|
    limits: tuple[float, float]


def _sigmoid(xp, u):
    e = xp.exp(-xp.abs(u))
    return xp.where(u >= 0, 1 / (1 + e), e / (1 + e))


#: The smooth activations :func:`fit_activation` knows, with :math:`\sup|f'|`, :math:`\sup|f''|` (derived in the
#: claims ``report17.eq37`` and ``icml18.sec41.sigmoid_aso_not_maso``) and the tail error of a constant extension.
ACTIVATIONS = {
    "sigmoid": _Smooth("sigmoid", _sigmoid, 0.25, 1 / (6 * math.sqrt(3)), lambda a: 1 / (1 + math.exp(a)), (0.0, 1.0)),
    "tanh": _Smooth("tanh", lambda xp, u: xp.tanh(u), 1.0, 4 / (3 * math.sqrt(3)), lambda a: 1 - math.tanh(a), (-1.0, 1.0)),
    "arctan": _Smooth("arctan", lambda xp, u: xp.atan(u), 1.0, 9 / (8 * math.sqrt(3)), lambda a: math.atan(1 / a), (-math.pi / 2, math.pi / 2)),
}


def _activation(name: Any) -> _Smooth:
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}; got {name!r}")
    return ACTIVATIONS[name]


def _tolerance(tol: Any, name: str = "tol") -> float:
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not (0 < tol < math.inf):
        raise ValueError(f"{name} must be a finite number > 0; got {tol!r}")
    return float(tol)


@dataclass(frozen=True)
class PiecewiseLinear:
    r"""A continuous piecewise-linear function of one variable, constant outside its knots.

    :math:`p(u) = v_0 + \sum_{k=0}^{m} c_k\,\mathrm{ReLU}(u - t_k)` with knots
    :math:`t_0 < \dots < t_m`, values :math:`v_k = p(t_k)`, slopes
    :math:`s_k = (v_{k+1} - v_k)/(t_{k+1} - t_k)`, :math:`c_0 = s_0`,
    :math:`c_k = s_k - s_{k-1}` and :math:`c_m = -s_{m-1}` (flat beyond :math:`t_m`).

    Attributes
    ----------
    knots, values : ndarray (m + 1,)
    bound : float
        The guaranteed :math:`\sup_{u}|f(u) - p(u)|` of the function it was fitted to (``nan`` if unknown).
    """

    knots: np.ndarray
    values: np.ndarray
    bound: float = math.nan

    def relu_coefficients(self) -> tuple[np.ndarray, np.ndarray, float]:
        """``(t, c, v0)`` with :math:`p(u) = v_0 + \\sum_k c_k \\mathrm{ReLU}(u - t_k)`."""
        t, v = self.knots, self.values
        s = np.diff(v) / np.diff(t)
        c = np.concatenate([s[:1], np.diff(s), -s[-1:]])
        return t, c, float(v[0])

    def __call__(self, u: Any) -> Any:
        """:math:`p(u)`, elementwise, on the backend of ``u`` (any array-API array): the segment by ``searchsorted``, then linear in it."""
        xp = array_namespace_or_error(u, name="u")
        t = xp.asarray(self.knots, dtype=u.dtype)
        v = xp.asarray(self.values, dtype=u.dtype)
        m = t.shape[0]
        flat = xp.reshape(u, (-1,))
        uc = xp.clip(flat, t[0], t[-1])  # constant outside the knots
        j = xp.clip(xp.searchsorted(t, uc, side="right") - 1, 0, m - 2)
        t0, t1, v0, v1 = xp.take(t, j), xp.take(t, j + 1), xp.take(v, j), xp.take(v, j + 1)
        w = (uc - t0) / (t1 - t0)
        return xp.reshape(v0 + w * (v1 - v0), u.shape)

    def layers(self, D: int) -> list[dict]:
        """Layer specs computing :math:`p` on each of ``D`` units: ``Dense(D -> D(m+1))``, ``ReLU``, ``Dense(D(m+1) -> D)``."""
        t, c, v0 = self.relu_coefficients()
        m = t.size
        W1 = np.kron(np.eye(D), np.ones((m, 1)))  # unit d feeds its m copies
        W2 = np.kron(np.eye(D), c[None, :])
        return [{"type": "Dense", "W": W1, "b": np.tile(-t, D)}, {"type": "ReLU"}, {"type": "Dense", "W": W2, "b": np.full(D, v0)}]


def interpolate(f: Callable[[np.ndarray], np.ndarray], knots: Any) -> PiecewiseLinear:
    r"""The piecewise-linear interpolant of ``f`` on ``knots`` (increasing, at least 2), constant outside them.

    Parameters
    ----------
    f : callable
        Vectorized, real.
    knots : array_like (m + 1,)

    Returns
    -------
    PiecewiseLinear
        :math:`p(t_k) = f(t_k)`, linear in between (``bound`` unknown).
    """
    t = np.asarray(knots, dtype=np.float64)
    if t.ndim != 1 or t.size < 2 or not np.all(np.isfinite(t)) or not np.all(np.diff(t) > 0):
        raise ValueError(f"knots must be a strictly increasing finite 1-D array with at least 2 entries; got shape {t.shape}")
    v = np.asarray(f(t), dtype=np.float64)
    if v.shape != t.shape or not np.all(np.isfinite(v)):
        raise ValueError("f must return one finite value per knot")
    return PiecewiseLinear(t, v)


def fit_activation(name: str, tol: float) -> PiecewiseLinear:
    r"""A piecewise-linear interpolant of a smooth activation within ``tol`` of it on all of :math:`\mathbb R`.

    The half-width :math:`a` is the smallest with :math:`\mathrm{tail}(a) \le tol`
    and the knot spacing :math:`h` the largest with :math:`\tfrac{h^2}{8}\max|f''| \le tol`
    (uniform knots on :math:`[-a, a]`), so

    .. math:: \sup_{u \in \mathbb R} |f(u) - p(u)| \le \max\Big(\frac{h^2}{8}\sup|f''|,\ \mathrm{tail}(a)\Big) \le tol.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "arctan"}
    tol : float > 0

    Returns
    -------
    PiecewiseLinear
        With ``bound`` the guaranteed error (at most ``tol``).
    """
    act, tol = _activation(name), _tolerance(tol)
    lo, hi = 1e-6, 1.0
    while act.tail(hi) > tol:
        hi *= 2
        if hi > 1e9:
            raise ValueError(f"tol = {tol!r} is too small for the tail of {name}")
    for _ in range(200):  # bisection on a: tail is decreasing
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if act.tail(mid) > tol else (lo, mid)
    a = hi
    h_max = math.sqrt(8 * tol / act.curvature)
    n = max(2, math.ceil(2 * a / h_max) + 1)
    if n > 2_000_000:
        raise ValueError(f"tol = {tol!r} needs {n} knots for {name}; ask for a larger tolerance")
    t = np.linspace(-a, a, n)
    h = float(t[1] - t[0])
    p = interpolate(lambda u: np.asarray(act.f(np, u)), t)
    return PiecewiseLinear(p.knots, p.values, max(h * h / 8 * act.curvature, act.tail(a)))


def _smooth_layers(layers: Any) -> list[dict]:
    if not isinstance(layers, (list, tuple)) or not layers:
        raise ValueError("layers must be a non-empty list of {'type': 'Dense', 'W', 'b'} and {'type': <activation>} specs")
    out = []
    for i, spec in enumerate(layers):
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind == "Dense":
            W, b = np.asarray(spec["W"], dtype=np.float64), np.asarray(spec["b"], dtype=np.float64)
            if W.ndim != 2 or b.shape != (W.shape[0],):
                raise ValueError(f"layers[{i}]: W must be (K, D) and b (K,); got {W.shape} and {b.shape}")
            out.append({"type": "Dense", "W": W, "b": b})
        elif isinstance(kind, str) and kind.lower() in ACTIVATIONS:
            out.append({"type": kind.lower()})
        else:
            raise ValueError(f"layers[{i}] must be a Dense spec or one of the activations {sorted(ACTIVATIONS)}; got {kind!r}")
    return out


def smooth_forward(layers: list, x: Any) -> Any:
    """The forward pass of a network of ``Dense`` layers and smooth activations (``{"type": "sigmoid" | "tanh" | "arctan"}``), (N, D) -> (N, C)."""
    xp = array_namespace_or_error(x, name="x")
    z = x
    for spec in _smooth_layers(layers):
        if spec["type"] == "Dense":
            z = z @ xp.asarray(spec["W"].T, dtype=x.dtype) + xp.asarray(spec["b"], dtype=x.dtype)
        else:
            z = ACTIVATIONS[spec["type"]].f(xp, z)
    return z


def propagated_error_bound(layers: list, activation_error: float = 1.0) -> float:
    r"""A bound on :math:`\|f(x) - \tilde f(x)\|_\infty` when every activation is replaced by one within ``activation_error``.

    With :math:`\delta_0 = 0` and, at each activation after a dense layer
    :math:`W`, :math:`\delta \leftarrow \sup|\sigma'|\,\|W\|_\infty\,\delta + \epsilon`
    (:math:`\|W\|_\infty` the largest absolute row sum), then
    :math:`\|W^{(L)}\|_\infty\delta` through the last dense layers: since
    :math:`\sigma(Wh + b) - \tilde\sigma(W\tilde h + b) = [\sigma(Wh + b) - \sigma(W\tilde h + b)] + [\sigma - \tilde\sigma](W\tilde h + b)`.
    The bound is linear in :math:`\epsilon`.
    """
    delta, pending = 0.0, 1.0
    for spec in _smooth_layers(layers):
        if spec["type"] == "Dense":
            pending *= float(np.max(np.sum(np.abs(spec["W"]), axis=1)))
        else:
            delta = ACTIVATIONS[spec["type"]].lipschitz * pending * delta + activation_error
            pending = 1.0
    return pending * delta


def spline_network(layers: list, tol: float) -> tuple[dict, float]:
    r"""An affine spline network within ``tol`` of a smooth network everywhere (report17 Eq. (37)).

    Every smooth activation is replaced by :func:`fit_activation` at the
    tolerance :math:`tol / G` (:math:`G` = :func:`propagated_error_bound` at
    :math:`\epsilon = 1`), written as ``Dense -> ReLU -> Dense``.

    Parameters
    ----------
    layers : list of dict
        ``{"type": "Dense", "W": (K, D), "b": (K,)}`` and ``{"type": "sigmoid" | "tanh" | "arctan"}``; the first is a Dense layer.
    tol : float > 0

    Returns
    -------
    spec : dict
        ``{"input_shape": [D], "layers": [...]}`` for :class:`~spline_theory.network.Network`: Dense and ReLU layers only.
    bound : float
        The guaranteed :math:`\sup_x \|f(x) - \tilde f(x)\|_\infty` (at most ``tol``).
    """
    tol = _tolerance(tol)
    layers = _smooth_layers(layers)
    if layers[0]["type"] != "Dense":
        raise ValueError("layers must start with a Dense layer (it fixes the input dimension)")
    G = propagated_error_bound(layers, 1.0)
    fits = {}
    out, width, worst = [], layers[0]["W"].shape[1], 0.0
    for spec in layers:
        if spec["type"] == "Dense":
            out.append(spec)
            width = spec["W"].shape[0]
        else:
            p = fits.get(spec["type"]) or fit_activation(spec["type"], tol / G if G > 0 else tol)
            fits[spec["type"]] = p
            worst = max(worst, p.bound)
            out += p.layers(width)
    return {"input_shape": [int(layers[0]["W"].shape[1])], "layers": out}, G * worst


def _exp_fit(rel: float, a: float) -> PiecewiseLinear:
    r""":math:`e^t` on uniform knots of :math:`[-a, a]`, spacing h with :math:`h^2e^h/8 \le` ``rel``: relative error at most ``rel`` there."""
    h = math.sqrt(8 * rel)
    while h * h * math.exp(h) / 8 > rel:
        h *= 0.99
    n = max(2, math.ceil(2 * a / h) + 1)
    return interpolate(np.exp, np.linspace(-a, a, n))


def _reciprocal_fit(eps: float) -> PiecewiseLinear:
    r""":math:`1/(1+s)` on :math:`[0, 1/\epsilon - 1]` with spacing :math:`2\sqrt\epsilon(1+s)^{3/2}` (error :math:`h^2/8 \cdot 2/(1+s)^3 \le \epsilon`), constant beyond."""
    knots, t, top = [0.0], 0.0, 1 / eps - 1
    while t < top:
        t = min(top, t + 2 * math.sqrt(eps) * (1 + t) ** 1.5)
        knots.append(t)
    return interpolate(lambda s: 1 / (1 + s), knots)


def softmax_network(C: int, tol: float) -> tuple[dict, float]:
    r"""An affine spline network (dense and ReLU layers) within ``tol`` of the softmax on all of :math:`\mathbb R^C`.

    :math:`\mathrm{softmax}(z)_i = r\big(\sum_{j\ne i} e^{z_j - z_i}\big)` with :math:`r(s) = 1/(1+s)`;
    :math:`e^t` is replaced by its interpolant :math:`\tilde e` on :math:`[-a, a]` (relative error
    :math:`\delta`, constant outside) and :math:`r` by its interpolant :math:`\tilde r` on
    :math:`[0, 1/\epsilon_r - 1]` (error :math:`\epsilon_r`, constant beyond). Then

    .. math:: |\tilde r(\tilde S_i) - \mathrm{softmax}(z)_i| \le \epsilon_r + \delta + (C-1)e^{-a},

    since :math:`|r(\tilde S) - r(S)| = |\tilde S - S|/((1+S)(1+\tilde S))` with
    :math:`|\tilde S - S| \le \delta S + (C-1)e^{-a}` when every :math:`z_j - z_i \le a`, and both
    values lie in :math:`(0, e^{-a}]` otherwise. Each term is ``tol / 3``.

    Parameters
    ----------
    C : int >= 2
    tol : float > 0

    Returns
    -------
    spec : dict
        ``Dense(C -> C(C-1)m_e)``, ReLU, ``Dense(-> C m_r)``, ReLU, ``Dense(-> C)`` for :class:`~spline_theory.network.Network`.
    bound : float
        The guaranteed :math:`\sup_z\|\tilde f(z) - \mathrm{softmax}(z)\|_\infty`.
    """
    tol = _tolerance(tol)
    if isinstance(C, bool) or not isinstance(C, int) or C < 2:
        raise ValueError(f"C must be an int >= 2; got {C!r}")
    third = tol / 3
    a = math.log(3 * (C - 1) / tol)
    e, r = _exp_fit(third, a), _reciprocal_fit(third)
    te, ce, ve = e.relu_coefficients()
    tr, cr, vr = r.relu_coefficients()
    me, mr = te.size, tr.size
    pairs = [(i, j) for i in range(C) for j in range(C) if j != i]
    W1 = np.zeros((len(pairs) * me, C))
    b1 = np.zeros(len(pairs) * me)
    for q, (i, j) in enumerate(pairs):  # units d_ij - t_k with d_ij = z_j - z_i
        W1[q * me : (q + 1) * me, j] = 1.0
        W1[q * me : (q + 1) * me, i] = -1.0
        b1[q * me : (q + 1) * me] = -te
    S = np.zeros((C, len(pairs) * me))  # S~_i = sum_{j != i} e~(d_ij) = (C - 1) v0 + sum_k c_k ReLU(d_ij - t_k)
    for q, (i, _) in enumerate(pairs):
        S[i, q * me : (q + 1) * me] = ce
    W2 = np.repeat(S, mr, axis=0)  # units S~_i - s_k
    b2 = np.tile(-tr, C) + (C - 1) * ve
    W3 = np.kron(np.eye(C), cr[None, :])
    b3 = np.full(C, vr)
    spec = {"input_shape": [C], "layers": [{"type": "Dense", "W": W1, "b": b1}, {"type": "ReLU"},
                                           {"type": "Dense", "W": W2, "b": b2}, {"type": "ReLU"},
                                           {"type": "Dense", "W": W3, "b": b3}]}
    h_e = float(te[1] - te[0])
    delta = h_e * h_e * math.exp(h_e) / 8
    return spec, third + delta + (C - 1) * math.exp(-a)


def tangent_maso(f: Callable, grad: Callable, box: Any, n: int) -> MASO:
    r"""The MASO of the tangent planes of convex functions at the points of an ``n``-per-axis grid of a box.

    Output :math:`k` is :math:`\max_g f_k(g) + \langle \nabla f_k(g), x - g\rangle`,
    so :math:`[A]_{k,g,\cdot} = \nabla f_k(g)` and :math:`[B]_{k,g} = f_k(g) - \langle \nabla f_k(g), g\rangle`.

    Parameters
    ----------
    f : callable
        (G, D) -> (G, K), convex in each output.
    grad : callable
        (G, D) -> (G, K, D), the gradients.
    box : array_like (D, 2)
        Lower and upper ends per axis.
    n : int >= 1
        Grid points per axis (n ** D regions per output).
    """
    box = np.asarray(box, dtype=np.float64)
    if box.ndim != 2 or box.shape[1] != 2 or not np.all(box[:, 0] <= box[:, 1]):
        raise ValueError(f"box must be (D, 2) with lower <= upper per axis; got shape {box.shape}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1; got {n!r}")
    axes = [np.linspace(lo, hi, n) if n > 1 else np.array([(lo + hi) / 2]) for lo, hi in box]
    g = np.stack([m.ravel() for m in np.meshgrid(*axes, indexing="ij")], axis=1)  # (G, D)
    v, J = np.asarray(f(g), dtype=np.float64), np.asarray(grad(g), dtype=np.float64)
    if v.ndim != 2 or v.shape[0] != g.shape[0] or J.shape != (g.shape[0], v.shape[1], g.shape[1]):
        raise ValueError(f"f must return (G, K) and grad (G, K, D) at the G = {g.shape[0]} grid points; got {v.shape} and {J.shape}")
    A = np.transpose(J, (1, 0, 2))  # (K, G, D)
    B = (v - np.einsum("gkd,gd->gk", J, g)).T  # (K, G)
    return MASO(A, B)


def tangent_maso_bound(box: Any, n: int, hessian_bound: float) -> float:
    r"""The bound :math:`\tfrac12 M r^2` of :func:`tangent_maso` on its box: :math:`r = \tfrac{h}{2}\sqrt D` with :math:`h` the grid spacing.

    From :math:`f(x) - f(g) - \langle\nabla f(g), x - g\rangle \le \tfrac12 M\|x - g\|^2` at the grid point :math:`g` nearest :math:`x`.
    """
    box = np.asarray(box, dtype=np.float64)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1; got {n!r}")
    widths = box[:, 1] - box[:, 0]
    half = widths / (2 * (n - 1)) if n > 1 else widths / 2  # the largest distance to the nearest grid point, per axis
    r2 = float(np.sum(half**2))
    return 0.5 * float(hessian_bound) * r2


def tangent_maso_within(f: Callable, grad: Callable, box: Any, tol: float, hessian_bound: float) -> tuple[MASO, float]:
    r"""The coarsest :func:`tangent_maso` grid whose bound :math:`\tfrac12 M r^2` is at most ``tol``: the MASO and its bound.

    ``hessian_bound`` is :math:`M \ge \sup_{x \in box}\|\nabla^2 f_k(x)\|_2` for every output.
    """
    tol = _tolerance(tol)
    if isinstance(hessian_bound, bool) or not isinstance(hessian_bound, (int, float)) or not (0 <= hessian_bound < math.inf):
        raise ValueError(f"hessian_bound must be a finite number >= 0; got {hessian_bound!r}")
    n = 1
    while tangent_maso_bound(box, n, hessian_bound) > tol:
        n += 1
    return tangent_maso(f, grad, box, n), tangent_maso_bound(box, n, hessian_bound)


def best_convex_fit_error(t: Any, y: Any) -> float:
    r"""The smallest :math:`\max_i |g(t_i) - y_i|` over convex :math:`g` on the real line (hence over every max-affine spline), a linear program.

    Variables :math:`g_i`, :math:`s_i` (a subgradient at :math:`t_i`) and :math:`e`:
    minimize :math:`e` subject to :math:`|g_i - y_i| \le e` and
    :math:`g_j \ge g_i + s_i (t_j - t_i)` for all :math:`i \ne j` (the conditions
    for convex data to extend to a convex function, Boyd & Vandenberghe Sec. 6.5.5),
    solved by :func:`scipy.optimize.linprog` (HiGHS).
    """
    from scipy.optimize import linprog

    t, y = np.asarray(t, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if t.ndim != 1 or t.shape != y.shape or t.size < 2:
        raise ValueError(f"t and y must be 1-D of the same length >= 2; got {t.shape} and {y.shape}")
    m = t.size
    # x = [g (m), s (m), e]
    rows, rhs = [], []
    for i in range(m):
        for j in range(m):
            if i != j:  # g_i + s_i (t_j - t_i) - g_j <= 0
                r = np.zeros(2 * m + 1)
                r[i], r[m + i], r[j] = 1.0, t[j] - t[i], -1.0
                rows.append(r)
                rhs.append(0.0)
        for sgn in (1.0, -1.0):  # +-(g_i - y_i) - e <= 0
            r = np.zeros(2 * m + 1)
            r[i], r[-1] = sgn, -1.0
            rows.append(r)
            rhs.append(sgn * y[i])
    c = np.zeros(2 * m + 1)
    c[-1] = 1.0
    res = linprog(c, A_ub=np.array(rows), b_ub=np.array(rhs), bounds=[(None, None)] * (2 * m) + [(0, None)], method="highs")
    if res.status != 0:
        raise RuntimeError(f"the linear program did not solve: {res.message}")
    return float(res.fun)
