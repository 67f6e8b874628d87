r"""Batch Normalization as a projection (tian18 Sec. 4, App. 8.6).

Notation of tian18 (one node; the batch runs along axis 0):

``f``
    pre-BN activations :math:`\mathbf f = [f(x_1), \dots, f(x_N)]`, shape (N,)
    or (N, J) for J nodes at once (one column per node);
``c``
    the BN parameters :math:`\mathbf c = [c_1, c_0]`, shape (2,) (or (J, 2));
``g_bn``
    the gradient arriving from above at the BN output, same shape as ``f``;
``p``
    optional event probabilities :math:`\mathbb P(z)` of shape (N,): the
    population version of App. 8.6.1 (Eq. 83), where expectations
    :math:`\mathbb E_z` replace batch means and the inner product is
    :math:`\langle u, v\rangle_z = \sum_z \mathbb P(z) u(z) v(z)`. Without
    ``p`` every sample weighs :math:`1/N` (Sec. 4.1 is the special case
    :math:`\mathbb P(z) = \frac1N \sum_i \delta(z - \phi(x_i))`).

Forward (Eq. 9, 76-78), with :math:`\mu = \mathbb E[f]`,
:math:`\sigma^2 = \mathbb E[(f - \mu)^2]` and an optional
:math:`\varepsilon \ge 0` (:math:`\sigma_\varepsilon = \sqrt{\sigma^2 + \varepsilon}`):

.. math::

    \hat{\mathbf f} = P_1^\perp \mathbf f, \quad
    \tilde{\mathbf f} = \hat{\mathbf f} / \sigma_\varepsilon, \quad
    \mathbf f_{bn} = c_1 \tilde{\mathbf f} + c_0 \mathbf 1 = S(\mathbf f)\, \mathbf c,
    \qquad S(\mathbf f) = [\tilde{\mathbf f}, \mathbf 1].

Backward: :func:`batchnorm_backward` is the standard rule of Ioffe & Szegedy
(tian18 Fig. 7), :func:`bn_backward_projection` the projection form of
Thm. 5 (Eq. 10, 75, 80-82),
:math:`\mathbf g = \frac{c_1}{\sigma} P^\perp_{\mathbf f, \mathbf 1} \mathbf g_{bn}`,
:math:`\mathbf g_{\mathbf c} = S(\mathbf f)^T \mathbf g_{bn}`, with the
term that a non-zero :math:`\varepsilon` adds. Gradients follow the paper's
sign convention (``g`` is what the update adds: :math:`\Delta w_{jk} = \mathbb E[f_k g_j]`);
every backward map is linear, so the sign does not matter to them.

Energy bookkeeping of App. 8.6.2 (Eq. 84-85): :func:`relu_layer_gradients`,
:func:`linear_bn_layer_gradients`, :func:`row_energy`,
:func:`bn_energy_steps` (discrete gradient steps) and
:func:`bn_energy_flow` (gradient flow, RK4).

All functions take NumPy or any array-API array (``array_api_strict``, CuPy)
and keep its dtype; inputs are never modified.

.. rubric:: References

Y. Tian et al., A Theoretical Framework for Deep and Locally Connected ReLU
Network, 2018 (tian18). S. Ioffe, C. Szegedy, Batch Normalization, ICML 2015.
"""

from __future__ import annotations

import math
from typing import Any

from ._validation import array_namespace_or_error, as_float_array

__all__ = [
    "centering_projection",
    "uni_norm",
    "normalize",
    "normalization_jacobian",
    "central_difference_jacobian",
    "orthogonal_complement_projector",
    "bn_statistics",
    "standardize",
    "standardized_basis",
    "batchnorm_forward",
    "batchnorm_backward",
    "bn_backward_projection",
    "bn_jacobian",
    "relu_layer_gradients",
    "linear_bn_layer_gradients",
    "row_energy",
    "bn_energy_steps",
    "bn_energy_flow",
]


# ------------------------------------------------------------------ checks
def _eps(eps: Any) -> float:
    if isinstance(eps, bool) or not isinstance(eps, (int, float)):
        raise TypeError(f"eps must be a real number >= 0; got {type(eps).__name__}")
    if not (math.isfinite(eps) and eps >= 0):
        raise ValueError(f"eps must be a finite real number >= 0; got {eps!r}")
    return float(eps)


def _column_scale(xp: Any, f: Any) -> Any:
    """Largest ``|f|`` of each column (1 for a zero column), the unit the statistics are computed in."""
    s = xp.max(xp.abs(f), axis=0)
    return xp.where(s > 0, s, xp.ones_like(s))


def _finite(xp: Any, v: Any, name: str, what: str) -> Any:
    if not bool(xp.all(xp.isfinite(v))):
        raise OverflowError(f"{name}: {what} overflows {v.dtype} (entries near the dtype's maximum); scale {name} down")
    return v


def _batch(f: Any, name: str = "f") -> tuple[Any, Any]:
    f = as_float_array(f, name, shape="(N,) or (N, J)", ndim=(1, 2))
    return f, array_namespace_or_error(f, name=name)


def _weights(p: Any, N: int, xp: Any, dtype: Any) -> Any:
    """Sample weights: ``p`` checked to be a probability vector, or 1/N."""
    if p is None:
        return xp.full((N,), 1.0 / N, dtype=dtype)
    p = as_float_array(p, "p", shape=f"(N,) = ({N},)", ndim=1, xp=xp)
    if p.shape[0] != N:
        raise ValueError(f"p must have shape (N,) = ({N},), one probability per sample; got shape {tuple(p.shape)}")
    if bool(xp.any(p < 0)):
        raise ValueError(f"p must be non-negative; got min(p) = {float(xp.min(p))!r}")
    total = float(xp.sum(p))
    if abs(total - 1.0) > 1e-6 * N:
        raise ValueError(f"p must sum to 1; got sum(p) = {total!r}")
    return xp.astype(p, dtype)


def _params(c: Any, f: Any, xp: Any) -> Any:
    want = tuple(f.shape[1:]) + (2,)
    c = as_float_array(c, "c", shape=f"{want} = [c_1, c_0] per node", ndim=len(want), xp=xp)
    if tuple(c.shape) != want:
        raise ValueError(f"c must have shape {want} ([c_1, c_0] per node of f of shape {tuple(f.shape)}); got shape {tuple(c.shape)}")
    return xp.astype(c, f.dtype)


def _same_shape(g: Any, f: Any, xp: Any, name: str = "g_bn") -> Any:
    g = as_float_array(g, name, shape=f"{tuple(f.shape)} (the shape of f)", ndim=f.ndim, xp=xp)
    if tuple(g.shape) != tuple(f.shape):
        raise ValueError(f"{name} must have the shape of f, {tuple(f.shape)}; got shape {tuple(g.shape)}")
    return xp.astype(g, f.dtype)


def _col(v: Any, f: Any) -> Any:
    """Broadcast a per-sample vector (N,) against f of shape (N,) or (N, J)."""
    return v if f.ndim == 1 else v[:, None]


# --------------------------------------------------------------- geometry
def centering_projection(N: int, *, xp: Any = None, dtype: Any = None) -> Any:
    r"""The centering projection :math:`P_1^\perp = I - \frac{\mathbf 1 \mathbf 1^T}{N}` (Eq. 77).

    Parameters
    ----------
    N : int
        Batch size.
    xp : namespace, optional
        Array namespace (default NumPy).
    dtype : dtype, optional
        Default float64.

    Returns
    -------
    array, shape (N, N)

    Examples
    --------
    >>> centering_projection(2).tolist()
    [[0.5, -0.5], [-0.5, 0.5]]
    """
    from . import backend as _backend

    if isinstance(N, bool) or not isinstance(N, int) or N < 1:
        raise ValueError(f"N must be a positive int (the batch size); got {N!r}")
    xp = _backend.namespace("numpy") if xp is None else xp
    dtype = xp.float64 if dtype is None else dtype
    return xp.eye(N, dtype=dtype) - xp.full((N, N), 1.0 / N, dtype=dtype)


def uni_norm(v: Any) -> Any:
    r"""The "uniform" norm :math:`\|\mathbf v\|_{uni} = \frac{1}{\sqrt N}\|\mathbf v\|_2` (Eq. 77), per column.

    Parameters
    ----------
    v : array, shape (N,) or (N, J)

    Returns
    -------
    array, shape () or (J,)

    Examples
    --------
    >>> float(uni_norm([3.0, -3.0]))
    3.0
    """
    v, xp = _batch(v, "v")
    s = _column_scale(xp, v)  # scaled: the squares of entries near the dtype's maximum would overflow
    u = v / s
    return _finite(xp, s * xp.sqrt(xp.sum(u * u, axis=0) / v.shape[0]), "v", "its uniform norm")


def normalize(f: Any) -> Any:
    r""":math:`\mathbf f / \|\mathbf f\|_2` of a non-zero vector.

    Raises
    ------
    ValueError
        If ``f`` is zero.
    """
    f = as_float_array(f, "f", shape="(N,)", ndim=1)
    xp = array_namespace_or_error(f, name="f")
    s = _column_scale(xp, f)
    g = f / s
    n = xp.sqrt(xp.sum(g * g))
    if float(n) == 0.0:
        raise ValueError("f must be non-zero to be normalized; got the zero vector")
    return g / n


def normalization_jacobian(f: Any) -> Any:
    r"""The Jacobian of :math:`\mathbf f \mapsto \mathbf f/\|\mathbf f\|` (Eq. 79).

    .. math::

        \frac{\mathrm d (\mathbf f/\|\mathbf f\|)}{\mathrm d \mathbf f}
        = \frac{1}{\|\mathbf f\|} P^\perp_{\mathbf f},
        \qquad P^\perp_{\mathbf f} = I - \frac{\mathbf f \mathbf f^T}{\|\mathbf f\|^2}.

    Parameters
    ----------
    f : array, shape (N,), non-zero

    Returns
    -------
    array, shape (N, N)
    """
    f = as_float_array(f, "f", shape="(N,)", ndim=1)
    xp = array_namespace_or_error(f, name="f")
    n = xp.sqrt(xp.sum(f * f))
    if float(n) == 0.0:
        raise ValueError("f must be non-zero: f/||f|| has no Jacobian at 0")
    return orthogonal_complement_projector(f[:, None]) / n


def central_difference_jacobian(fun: Any, x: Any, *, step: Any) -> Any:
    r"""The Jacobian of ``fun`` at ``x`` by central differences, :math:`J_{:,i} \approx \frac{F(x + h e_i) - F(x - h e_i)}{2h}`.

    The truncation error is :math:`O(h^2)` and the round-off
    :math:`O(\varepsilon_{mach}/h)`; :math:`h \approx \varepsilon_{mach}^{1/3}`
    times the length scale of ``fun`` balances them (error
    :math:`O(\varepsilon_{mach}^{2/3})` relative).

    Parameters
    ----------
    fun : callable
        Maps an array of shape (N,) to an array of shape (M,), same namespace.
    x : array, shape (N,)
    step : float or array of shape ()
        :math:`h > 0`.

    Returns
    -------
    array, shape (M, N)
    """
    x = as_float_array(x, "x", shape="(N,)", ndim=1)
    xp = array_namespace_or_error(x, name="x")
    if not bool(xp.asarray(step) > 0):
        raise ValueError(f"step must be > 0; got {step!r}")
    E = xp.eye(x.shape[0], dtype=x.dtype)
    cols = [(fun(x + step * E[i, :]) - fun(x - step * E[i, :])) / (2 * step) for i in range(x.shape[0])]
    return xp.stack(cols, axis=1)


def orthogonal_complement_projector(V: Any, p: Any = None) -> Any:
    r"""The projection onto the orthogonal complement of the columns of ``V``.

    .. math::

        P^\perp_V = I - V (V^T D V)^{-1} V^T D, \qquad D = \operatorname{diag}(\mathbf p),

    orthogonal for the inner product :math:`\langle u, v\rangle = \sum_i p_i u_i v_i`
    (the Euclidean one when ``p`` is None, :math:`D = I`). With
    :math:`V = [\mathbf f, \mathbf 1]` it is :math:`P^\perp_{\mathbf f, \mathbf 1}`
    of Thm. 5; with ``p`` it is :math:`P^{\perp, z}_{\mathbf f, \mathbf 1}` of Eq. 83.

    Parameters
    ----------
    V : array, shape (N, r)
        Linearly independent columns.
    p : array, shape (N,), optional
        Probabilities (non-negative, summing to one) of the inner product.

    Returns
    -------
    array, shape (N, N)

    Raises
    ------
    ValueError
        If the columns of ``V`` are linearly dependent (for the inner product).
    """
    V = as_float_array(V, "V", shape="(N, r)", ndim=2)
    xp = array_namespace_or_error(V, name="V")
    N, r = V.shape
    if p is None:
        DV = V
    else:
        DV = V * _weights(p, N, xp, V.dtype)[:, None]
    gram = V.T @ DV
    # rank check relative to the size of the Gram matrix (rcond ~ N eps)
    eig = xp.linalg.eigvalsh(gram)
    finfo = xp.finfo(V.dtype)
    if float(eig[0]) <= float(finfo.eps) * N * max(float(eig[-1]), float(finfo.smallest_normal)):
        raise ValueError(f"V must have linearly independent columns; got an (N, r) = ({N}, {r}) matrix of numerical rank < {r}")
    return xp.eye(N, dtype=V.dtype) - V @ xp.linalg.solve(gram, DV.T)


# ----------------------------------------------------------------- forward
def bn_statistics(f: Any, *, eps: float = 0.0, p: Any = None) -> tuple[Any, Any]:
    r"""Mean and scale of BatchNorm: :math:`\mu = \mathbb E[f]`, :math:`\sigma_\varepsilon = \sqrt{\mathbb E[(f-\mu)^2] + \varepsilon}`.

    Implements the statistics under Eq. 9 and 76 (batch, ``p`` None) and
    Eq. 83 (population, :math:`\mathbb E = \mathbb E_z` with ``p``).

    Parameters
    ----------
    f : array, shape (N,) or (N, J)
    eps : float, default 0
    p : array, shape (N,), optional

    Returns
    -------
    mu, sigma : arrays of shape () or (J,)

    Examples
    --------
    >>> mu, sigma = bn_statistics([0.0, 2.0])
    >>> float(mu), float(sigma)
    (1.0, 1.0)
    """
    f, xp = _batch(f)
    eps = _eps(eps)
    w = _col(_weights(p, f.shape[0], xp, f.dtype), f)
    # in units of each column's largest |f|: sums and squares of entries near the dtype's maximum stay finite
    s = _column_scale(xp, f)
    g = f / s
    m = xp.sum(w * g, axis=0)
    var = xp.sum(w * (g - m) ** 2, axis=0)
    big = s > 1  # sigma = s sqrt(var + eps / s^2) for large columns, sqrt(s^2 var + eps) for small ones (no overflow either way)
    s_big, s_small = xp.where(big, s, xp.ones_like(s)), xp.where(big, xp.ones_like(s), s)
    sigma = xp.where(big, s_big * xp.sqrt(var + (eps / s_big) / s_big), xp.sqrt(var * (s_small * s_small) + eps))
    return _finite(xp, s * m, "f", "its mean"), _finite(xp, sigma, "f", "its standard deviation")


def standardize(f: Any, *, eps: float = 0.0, p: Any = None) -> Any:
    r"""The standardized activations :math:`\tilde{\mathbf f} = (\mathbf f - \mu\mathbf 1)/\sigma_\varepsilon` (Eq. 9, 76).

    Raises
    ------
    ValueError
        If ``eps == 0`` and a column of ``f`` is constant (:math:`\sigma = 0`).
    """
    f, xp = _batch(f)
    mu, sigma = bn_statistics(f, eps=eps, p=p)
    if bool(xp.any(sigma == 0)):
        raise ValueError("f must not be constant along the batch when eps == 0 (sigma = 0); got a constant column")
    return (f - mu) / sigma


def standardized_basis(f: Any, *, eps: float = 0.0, p: Any = None) -> Any:
    r""":math:`S(\mathbf f) = [\tilde{\mathbf f}, \mathbf 1]` of one node (Eq. 77), shape (N, 2).

    With ``eps == 0``, :math:`S^T S = N I_2` (batch) and
    :math:`S^T \operatorname{diag}(\mathbf p) S = I_2` (population).
    """
    f = as_float_array(f, "f", shape="(N,)", ndim=1)
    xp = array_namespace_or_error(f, name="f")
    ft = standardize(f, eps=eps, p=p)
    return xp.stack([ft, xp.ones_like(ft)], axis=1)


def batchnorm_forward(f: Any, c: Any, *, eps: float = 0.0, p: Any = None) -> Any:
    r"""BatchNorm forward :math:`\mathbf f_{bn} = c_1 \tilde{\mathbf f} + c_0 \mathbf 1` (Eq. 9, 76-78).

    Parameters
    ----------
    f : array, shape (N,) or (N, J)
        Pre-BN activations (batch along axis 0).
    c : array, shape (2,) or (J, 2)
        :math:`[c_1, c_0]` per node.
    eps : float, default 0
        Added to the variance, :math:`\sigma_\varepsilon = \sqrt{\sigma^2+\varepsilon}`.
    p : array, shape (N,), optional
        Population weights (Eq. 83); default 1/N.

    Returns
    -------
    array, shape of ``f``

    Examples
    --------
    >>> batchnorm_forward([0.0, 2.0], [3.0, 1.0]).tolist()
    [-2.0, 4.0]
    """
    f, xp = _batch(f)
    c = _params(c, f, xp)
    return c[..., 0] * standardize(f, eps=eps, p=p) + c[..., 1]


# ---------------------------------------------------------------- backward
def batchnorm_backward(f: Any, c: Any, g_bn: Any, *, eps: float = 0.0) -> tuple[Any, Any]:
    r"""The standard BatchNorm backward rule of Ioffe & Szegedy (tian18 Fig. 7).

    With :math:`\hat x_i = \tilde f_i`, :math:`\gamma = c_1`, :math:`m = N`:

    .. math::

        \partial_{\hat x_i} = g_{bn,i}\, \gamma, \quad
        \partial_{\sigma^2} = \sum_i \partial_{\hat x_i} (x_i - \mu) \cdot \tfrac{-1}{2} (\sigma^2+\varepsilon)^{-3/2},

        \partial_{\mu} = \sum_i \partial_{\hat x_i} \tfrac{-1}{\sqrt{\sigma^2+\varepsilon}}
        + \partial_{\sigma^2} \tfrac{\sum_i -2 (x_i-\mu)}{m}, \quad
        g_i = \partial_{\hat x_i} \tfrac{1}{\sqrt{\sigma^2+\varepsilon}}
        + \partial_{\sigma^2} \tfrac{2 (x_i-\mu)}{m} + \tfrac{\partial_\mu}{m},

        g_{c_1} = \sum_i g_{bn,i} \hat x_i, \quad g_{c_0} = \sum_i g_{bn,i}.

    Parameters
    ----------
    f : array, shape (N,) or (N, J)
    c : array, shape (2,) or (J, 2)
    g_bn : array, shape of ``f``
        Gradient at the BN output.
    eps : float, default 0

    Returns
    -------
    g : array, shape of ``f``
        Gradient at the BN input.
    g_c : array, shape (2,) or (J, 2)
        :math:`[g_{c_1}, g_{c_0}]`.
    """
    f, xp = _batch(f)
    c = _params(c, f, xp)
    g_bn = _same_shape(g_bn, f, xp)
    eps = _eps(eps)
    m = f.shape[0]
    mu = xp.sum(f, axis=0) / m
    var = xp.sum((f - mu) ** 2, axis=0) / m
    if eps == 0 and bool(xp.any(var == 0)):
        raise ValueError("f must not be constant along the batch when eps == 0 (sigma = 0); got a constant column")
    s = xp.sqrt(var + eps)
    xhat = (f - mu) / s
    d_xhat = g_bn * c[..., 0]
    d_var = xp.sum(d_xhat * (f - mu), axis=0) * (-0.5) * (var + eps) ** (-1.5)
    d_mu = xp.sum(d_xhat * (-1.0 / s), axis=0) + d_var * xp.sum(-2.0 * (f - mu), axis=0) / m
    g = d_xhat / s + d_var * 2.0 * (f - mu) / m + d_mu / m
    g_c = xp.stack([xp.sum(g_bn * xhat, axis=0), xp.sum(g_bn, axis=0)], axis=-1)
    return g, g_c


def _projection_operator(f1: Any, c1: Any, xp: Any, eps: float, p: Any) -> Any:
    """(c1/sigma_eps) [P_perp_{f,1} + eps/(sigma^2+eps) f~ f~^T D] for one node f1 of shape (N,)."""
    N = f1.shape[0]
    w = _weights(p, N, xp, f1.dtype)
    P = orthogonal_complement_projector(xp.stack([f1, xp.ones_like(f1)], axis=1), p)
    _, sigma = bn_statistics(f1, eps=eps, p=p)
    out = P
    if eps > 0:
        ft = standardize(f1, p=p)  # standardized with sigma (eps = 0), the f~ of the paper
        out = out + (eps / (sigma * sigma)) * (ft[:, None] * (ft * w)[None, :])
    return (c1 / sigma) * out


def bn_jacobian(f: Any, c: Any, *, eps: float = 0.0, p: Any = None) -> Any:
    r"""The BN Jacobian in projection form, :math:`J^{BN}(\mathbf f) = \frac{c_1}{\sigma} P^\perp_{\mathbf f, \mathbf 1}` (Eq. 80, 83).

    With :math:`\varepsilon > 0` a rank-one term remains:

    .. math::

        J^{BN}(\mathbf f) = \frac{c_1}{\sigma_\varepsilon}\Big[P^\perp_{\mathbf f,\mathbf 1}
        + \frac{\varepsilon}{\sigma^2+\varepsilon}\, \tilde{\mathbf f}\tilde{\mathbf f}^T D\Big],
        \qquad D = \operatorname{diag}(\mathbf p)

    (:math:`D = I/N` for a batch; :math:`\tilde{\mathbf f} = \hat{\mathbf f}/\sigma`
    standardized without :math:`\varepsilon`, so that :math:`\sigma_\varepsilon^2 = \sigma^2 + \varepsilon`). :math:`P^\perp` is built from
    :math:`[\mathbf f, \mathbf 1]` by :func:`orthogonal_complement_projector`
    (for the inner product of ``p``). For a batch :math:`J^{BN}` is symmetric,
    so it is both the Jacobian :math:`\mathrm d\mathbf f_{bn}/\mathrm d\mathbf f`
    and the backward map; with ``p`` it is the Jacobian of the population
    forward map and, in function space (gradients per unit probability), the
    backward map too.

    Parameters
    ----------
    f : array, shape (N,)
        One node.
    c : array, shape (2,)
    eps : float, default 0
    p : array, shape (N,), optional

    Returns
    -------
    array, shape (N, N)
    """
    f = as_float_array(f, "f", shape="(N,)", ndim=1)
    xp = array_namespace_or_error(f, name="f")
    c = _params(c, f, xp)
    eps = _eps(eps)
    _, sigma = bn_statistics(f, p=p)
    if bool(xp.any(sigma == 0)):
        raise ValueError("f must not be constant along the batch (sigma = 0): [f, 1] has rank 1")
    return _projection_operator(f, c[0], xp, eps, p)


def bn_backward_projection(f: Any, c: Any, g_bn: Any, *, eps: float = 0.0, p: Any = None) -> tuple[Any, Any]:
    r"""BatchNorm backward in the projection form of Thm. 5 (Eq. 10, 75, 82, 83).

    .. math::

        \mathbf g = \frac{c_1}{\sigma} P^\perp_{\mathbf f, \mathbf 1}\, \mathbf g_{bn},
        \qquad \mathbf g_{\mathbf c} = S(\mathbf f)^T \mathbf g_{bn}

    (population: :math:`\mathbf g_{\mathbf c} = S(\mathbf f)^T \operatorname{diag}(\mathbf p)\, \mathbf g_{bn}
    = \mathbb E_z[S\, g_{bn}]`). With :math:`\varepsilon > 0` the operator of
    :func:`bn_jacobian` is used instead, which is no longer a multiple of a
    projection.

    Parameters
    ----------
    f : array, shape (N,) or (N, J)
    c : array, shape (2,) or (J, 2)
    g_bn : array, shape of ``f``
    eps : float, default 0
    p : array, shape (N,), optional

    Returns
    -------
    g : array, shape of ``f``
    g_c : array, shape (2,) or (J, 2)
    """
    f, xp = _batch(f)
    c = _params(c, f, xp)
    g_bn = _same_shape(g_bn, f, xp)
    eps = _eps(eps)
    _, sigma0 = bn_statistics(f, p=p)
    if bool(xp.any(sigma0 == 0)):
        raise ValueError("f must not be constant along the batch (sigma = 0): [f, 1] has rank 1")
    F = f[:, None] if f.ndim == 1 else f
    G = g_bn[:, None] if f.ndim == 1 else g_bn
    C = c[None, :] if f.ndim == 1 else c
    w = _weights(p, f.shape[0], xp, f.dtype) if p is not None else xp.ones(f.shape[0], dtype=f.dtype)
    gs, gcs = [], []
    for j in range(F.shape[1]):
        fj, gj = F[:, j], G[:, j]
        gs.append(_projection_operator(fj, C[j, 0], xp, eps, p) @ gj)
        S = standardized_basis(fj, eps=eps, p=p)
        gcs.append(S.T @ (w * gj))
    g = xp.stack(gs, axis=1)
    g_c = xp.stack(gcs, axis=0)
    if f.ndim == 1:
        return g[:, 0], g_c[0, :]
    return g, g_c


# ------------------------------------------------------- energy (App. 8.6.2)
def _layer(F_in: Any, W: Any) -> tuple[Any, Any, Any]:
    F_in = as_float_array(F_in, "F_in", shape="(N, K)", ndim=2)
    xp = array_namespace_or_error(F_in, name="F_in")
    W = as_float_array(W, "W", shape=f"(J, K) with K = {F_in.shape[1]}", ndim=2, xp=xp)
    if W.shape[1] != F_in.shape[1]:
        raise ValueError(f"W must have shape (J, K) with K = {F_in.shape[1]} (the columns of F_in); got shape {tuple(W.shape)}")
    return F_in, xp.astype(W, F_in.dtype), xp


def relu_layer_gradients(F_in: Any, W: Any, G_top: Any) -> tuple[Any, Any, Any]:
    r"""Forward and backward of a ReLU layer in the notation of tian18 Eq. 16-17.

    .. math::

        f_j = f'_j \sum_k w_{jk} f_k, \qquad g_j = f'_j\, g^{top}_j, \qquad
        \Delta w_{jk} = \mathbb E_x[f_k g_j]

    (:math:`f'_j = [\sum_k w_{jk} f_k > 0]`, the expectation a batch mean).

    Parameters
    ----------
    F_in : array, shape (N, K)
        Child activations :math:`f_k(x_i)`.
    W : array, shape (J, K)
    G_top : array, shape (N, J)
        Gradient arriving at the nodes before ReLU gating.

    Returns
    -------
    f : array (N, J)
        Activations after ReLU.
    g : array (N, J)
        Gated gradients.
    delta_W : array (J, K)
        :math:`\Delta W = \mathbb E_x[g f^T]`.
    """
    F_in, W, xp = _layer(F_in, W)
    N, J = F_in.shape[0], W.shape[0]
    G_top = as_float_array(G_top, "G_top", shape=f"(N, J) = ({N}, {J})", ndim=2, xp=xp)
    if tuple(G_top.shape) != (N, J):
        raise ValueError(f"G_top must have shape (N, J) = ({N}, {J}); got shape {tuple(G_top.shape)}")
    raw = F_in @ W.T
    gate = xp.astype(raw > 0, F_in.dtype)
    f = gate * raw
    g = gate * xp.astype(G_top, F_in.dtype)
    return f, g, g.T @ F_in / N


def linear_bn_layer_gradients(F_in: Any, W: Any, c: Any, Y: Any, *, eps: float = 0.0) -> dict:
    r"""A linear layer followed by BatchNorm and the loss :math:`\frac12\mathbb E_x\|\mathbf y - \mathbf f_{bn}\|^2`.

    The setting of App. 8.6.2: node :math:`j` computes
    :math:`f_j = \sum_k w_{jk} f_k` (no gating), BN maps it to
    :math:`f_{bn,j}`; :math:`g_{bn} = \mathbf y - \mathbf f_{bn}`,
    :math:`g_j` is its BN backward (:func:`batchnorm_backward`, a batch sum
    of per-sample terms, divided by N so that
    :math:`\Delta w_{jk} = \mathbb E_x[f_k g_j] = -\partial L / \partial w_{jk}`).

    Parameters
    ----------
    F_in : array, shape (N, K)
    W : array, shape (J, K)
    c : array, shape (J, 2)
    Y : array, shape (N, J)
    eps : float, default 0

    Returns
    -------
    dict
        ``f`` (N, J) pre-BN, ``f_bn`` (N, J), ``g`` (N, J) per-sample
        gradient at ``f`` (scaled so that ``delta_W = g.T @ F_in / N``),
        ``delta_W`` (J, K), ``loss`` (scalar).
    """
    F_in, W, xp = _layer(F_in, W)
    N, J = F_in.shape[0], W.shape[0]
    Y = as_float_array(Y, "Y", shape=f"(N, J) = ({N}, {J})", ndim=2, xp=xp)
    if tuple(Y.shape) != (N, J):
        raise ValueError(f"Y must have shape (N, J) = ({N}, {J}); got shape {tuple(Y.shape)}")
    f = F_in @ W.T
    f_bn = batchnorm_forward(f, c, eps=eps)
    g_bn = xp.astype(Y, f.dtype) - f_bn
    g, _ = batchnorm_backward(f, c, g_bn, eps=eps)
    return {"f": f, "f_bn": f_bn, "g": g, "delta_W": g.T @ F_in / N, "loss": 0.5 * xp.sum(g_bn * g_bn) / N}


def row_energy(W: Any) -> Any:
    r"""Row energies :math:`E_j = \frac12 \sum_k w_{jk}^2 = \frac12\|W_{j\cdot}\|^2` (App. 8.6.2).

    Examples
    --------
    >>> row_energy([[3.0, 4.0]]).tolist()
    [12.5]
    """
    W = as_float_array(W, "W", shape="(J, K)", ndim=2)
    xp = array_namespace_or_error(W, name="W")
    return 0.5 * xp.sum(W * W, axis=1)


def _check_steps(steps: Any) -> int:
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int; got {steps!r}")
    return steps


def _check_rate(lr: Any, name: str) -> float:
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"{name} must be a finite real number > 0; got {lr!r}")
    return float(lr)


def bn_energy_steps(F_in: Any, W: Any, c: Any, Y: Any, *, lr: float, steps: int, eps: float = 0.0) -> dict:
    r"""Discrete gradient steps :math:`W \leftarrow W + \eta\,\Delta W` on a linear+BN layer, with the energy bookkeeping.

    Per step, exactly,

    .. math::

        E_j(t+1) - E_j(t) = \eta \sum_k w_{jk}\Delta w_{jk} + \frac{\eta^2}{2}\|\Delta W_{j\cdot}\|^2
        = \eta\, \mathbb E_x[g_j f_j] + \frac{\eta^2}{2}\|\Delta W_{j\cdot}\|^2 .

    ``c`` is held fixed (only ``W`` is trained).

    Parameters
    ----------
    F_in : array (N, K)
    W : array (J, K)
        Initial weights (not modified).
    c : array (J, 2)
    Y : array (N, J)
    lr : float
        Step size :math:`\eta > 0`.
    steps : int
    eps : float, default 0

    Returns
    -------
    dict
        ``W`` (final weights), ``energy`` (steps + 1, J) the row energies
        along the run, ``gf`` (steps, J) :math:`\mathbb E_x[g_j f_j]` at each
        step, ``step_sq`` (steps, J) :math:`\|\Delta W_{j\cdot}\|^2` at each step.
    """
    F_in, W, xp = _layer(F_in, W)
    lr = _check_rate(lr, "lr")
    steps = _check_steps(steps)
    N = F_in.shape[0]
    energy, gf, step_sq = [row_energy(W)], [], []
    for _ in range(steps):
        out = linear_bn_layer_gradients(F_in, W, c, Y, eps=eps)
        gf.append(xp.sum(out["g"] * out["f"], axis=0) / N)
        step_sq.append(xp.sum(out["delta_W"] ** 2, axis=1))
        W = W + lr * out["delta_W"]
        energy.append(row_energy(W))
    return {"W": W, "energy": xp.stack(energy), "gf": xp.stack(gf), "step_sq": xp.stack(step_sq)}


def bn_energy_flow(F_in: Any, W: Any, c: Any, Y: Any, *, T: float, steps: int, eps: float = 0.0) -> dict:
    r"""Gradient flow :math:`\dot W = \Delta W` on a linear+BN layer (RK4), with :math:`\int_0^t \mathbb E_x[g_j f_j]\,\mathrm dt'`.

    The state :math:`(W, q)` with :math:`\dot q_j = \mathbb E_x[g_j f_j]`
    is integrated by the classical Runge-Kutta method with ``steps`` steps
    of size :math:`T/\text{steps}` (global error :math:`O(h^4)`), so
    Eq. 85 reads :math:`q_j(T) = E_j(T) - E_j(0)`.

    Parameters
    ----------
    F_in : array (N, K)
    W : array (J, K)
    c : array (J, 2)
    Y : array (N, J)
    T : float
        Time horizon > 0.
    steps : int
    eps : float, default 0

    Returns
    -------
    dict
        ``W`` (weights at T), ``energy`` (2, J) :math:`E_j(0), E_j(T)`,
        ``integral`` (J,) :math:`q_j(T)`.
    """
    F_in, W, xp = _layer(F_in, W)
    T = _check_rate(T, "T")
    steps = _check_steps(steps)
    N = F_in.shape[0]
    h = T / steps

    def rhs(Wt: Any) -> tuple[Any, Any]:
        out = linear_bn_layer_gradients(F_in, Wt, c, Y, eps=eps)
        return out["delta_W"], xp.sum(out["g"] * out["f"], axis=0) / N

    E0 = row_energy(W)
    q = xp.zeros_like(E0)
    for _ in range(steps):
        k1, q1 = rhs(W)
        k2, q2 = rhs(W + (h / 2) * k1)
        k3, q3 = rhs(W + (h / 2) * k2)
        k4, q4 = rhs(W + h * k3)
        W = W + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
        q = q + (h / 6) * (q1 + 2 * q2 + 2 * q3 + q4)
    return {"W": W, "energy": xp.stack([E0, row_energy(W)]), "integral": q}


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
