r"""From local to global region inference: report17 App. A.3 (Thm. 10, Cor. 2, Prop. 3).

A spline operator of independent convex splines (a MASO) :math:`S^{(1)}` picks,
for each of its K units, the piece of largest value (report17 Thm. 3): the
configuration :math:`\Phi[y]` of its regions at an input y. A configuration
:math:`\phi = (r_1, \dots, r_K)` gives the unit values
:math:`\phi(y)_k = \langle [A^{(1)}]_{k,r_k,\cdot}, y\rangle + [B^{(1)}]_{k,r_k}`.
App. A.3 asks when the *next* layer -- an affine map :math:`W, b` followed by
a MASO :math:`S^{(2)}` with slope matrices :math:`B[\cdot]` -- is maximized by the
same configuration,

.. math::

    \arg\max_{\phi} \langle S^{(2)}(W\phi(y) + b), \mathbf 1\rangle = \Phi[y] \quad\text{(Eq. 122)},
    \qquad
    \arg\max_{\phi} \big(S^{(2)}(W\phi(y) + b)\big)_k = \Phi[y]\ \forall k \quad\text{(Eq. 123)}.

This module enumerates the configurations (:func:`configuration_outputs`),
evaluates the condition printed in Thm. 10 (:func:`printed_thm10_condition`)
and a sufficient one (:func:`output_monotonicity_margin`): the objective is
non-decreasing in every unit value :math:`\phi_k` whenever every choice of
regions of :math:`S^{(2)}` gives non-negative :math:`\mathbf 1^T B W` (for the
sum) or :math:`[B W]_{j,\cdot}` (for unit j).

Names follow the report: ``S1`` (:math:`\mathcal S[\Phi, \Omega]`, K units),
``W`` (D2, K), ``b`` (D2,), ``S2`` (K2 units on D2), inputs ``y`` (N, D).
"""

from __future__ import annotations

import itertools
from typing import Any

from ._validation import as_float_array
from .maso import MASO

__all__ = ["configurations", "configuration_outputs", "forward_outputs", "printed_thm10_condition", "output_monotonicity_margin", "identity_maso"]


def _maso(S: Any, name: str) -> MASO:
    if not isinstance(S, MASO):
        raise TypeError(f"{name} must be a MASO; got {type(S).__name__}")
    return S


def _affine(S1: MASO, W: Any, b: Any, S2: MASO) -> tuple[Any, Any]:
    xp = S1.xp
    W = as_float_array(W, "W", shape="(D2, K)", ndim=2, xp=xp)
    b = as_float_array(b, "b", shape="(D2,)", ndim=1, xp=xp)
    if W.shape[1] != S1.K:
        raise ValueError(f"W must have shape (D2, K) with K = {S1.K} (the units of S1); got shape {tuple(W.shape)}")
    if b.shape[0] != W.shape[0]:
        raise ValueError(f"b must have shape (D2,) = ({W.shape[0]},) to match W of shape {tuple(W.shape)}; got shape {tuple(b.shape)}")
    if S2.D != W.shape[0]:
        raise ValueError(f"S2 must act on D2 = {W.shape[0]} inputs (the rows of W); got a MASO with D = {S2.D}")
    return W, b


def identity_maso(D: int, xp: Any = None, dtype: Any = None) -> MASO:
    r"""The identity of :math:`\mathbb R^D` as a degenerate MASO (one region per unit, icml18 Prop. 1).

    Parameters
    ----------
    D : int >= 1
    xp, dtype : namespace and dtype of the slopes (default NumPy float64)
    """
    from . import backend as _backend

    if isinstance(D, bool) or not isinstance(D, int) or D < 1:
        raise ValueError(f"D must be an int >= 1; got {D!r}")
    xp = xp or _backend.namespace("numpy")
    dtype = dtype or xp.float64
    return MASO(xp.eye(D, dtype=dtype)[:, None, :], xp.zeros((D, 1), dtype=dtype))


def configurations(S1: MASO, *, max_configurations: int = 4096) -> list:
    """Every configuration :math:`(r_1, \\dots, r_K) \\in \\{0..R-1\\}^K` of ``S1``, in lexicographic order."""
    S1 = _maso(S1, "S1")
    if S1.R**S1.K > max_configurations:
        raise ValueError(f"S1 has R^K = {S1.R ** S1.K} configurations > max_configurations = {max_configurations}")
    return list(itertools.product(range(S1.R), repeat=S1.K))


def configuration_outputs(S1: MASO, W: Any, b: Any, S2: MASO, y: Any, *, max_configurations: int = 4096) -> Any:
    r"""The next layer's output for every configuration of ``S1``: :math:`S^{(2)}(W\phi(y) + b)`.

    Parameters
    ----------
    S1 : MASO with K units of R regions on D inputs
    W : array (D2, K)
    b : array (D2,)
    S2 : MASO on D2 inputs with K2 units
    y : array (N, D)
    max_configurations : int
        :math:`R^K` configurations are enumerated (:func:`configurations`).

    Returns
    -------
    array (N, M, K2), :math:`M = R^K`
        Row m is :math:`S^{(2)}(W\phi_m(y) + b)` for the m-th configuration.

    Notes
    -----
    The objects of report17 App. A.3, Eq. (122)-(123).
    """
    S1, S2 = _maso(S1, "S1"), _maso(S2, "S2")
    W, b = _affine(S1, W, b, S2)
    xp = S1.xp
    y = as_float_array(y, "y", shape=f"(N, {S1.D})", ndim=2, xp=xp)
    if y.shape[1] != S1.D:
        raise ValueError(f"y must have shape (N, D) with D = {S1.D}; got shape {tuple(y.shape)}")
    configs = configurations(S1, max_configurations=max_configurations)
    u = S1.pre_activations(y)  # (N, K, R)
    N, K, R = u.shape
    M = len(configs)
    flat = xp.asarray([k * R + r for c in configs for k, r in enumerate(c)], dtype=xp.int64)
    phi = xp.reshape(xp.take(xp.reshape(u, (N, K * R)), flat, axis=1), (N, M, K))
    z = phi @ xp.matrix_transpose(W) + b  # (N, M, D2)
    out = S2(xp.reshape(z, (N * M, W.shape[0])))
    return xp.reshape(out, (N, M, S2.K))


def forward_outputs(S1: MASO, W: Any, b: Any, S2: MASO, y: Any) -> Any:
    r"""The layer's output at the configuration ``S1`` selects itself, :math:`S^{(2)}(W S^{(1)}(y) + b)`, shape (N, K2)."""
    S1, S2 = _maso(S1, "S1"), _maso(S2, "S2")
    W, b = _affine(S1, W, b, S2)
    xp = S1.xp
    return S2(S1(y) @ xp.matrix_transpose(W) + b)


def printed_thm10_condition(S1: MASO, W: Any, b: Any, S2: MASO, y: Any, *, max_configurations: int = 4096) -> Any:
    r"""The condition of report17 Thm. 10 as printed, at every configuration.

    .. math::

        c_k(\phi) = \sum_d (W_{d,k} + b_d)\, \kappa^B_d[W\phi(y) + b], \qquad
        \kappa^B_d[z] = \sum_{j} B[z]_{j,d},

    :math:`B[z]` the slope matrix of ``S2`` at z (:meth:`MASO.affine_at`).

    Returns
    -------
    array (N, M, K)
        :math:`c_k(\phi_m)` for every input, configuration and unit of ``S1``.
    """
    S1, S2 = _maso(S1, "S1"), _maso(S2, "S2")
    W, b = _affine(S1, W, b, S2)
    xp = S1.xp
    y = as_float_array(y, "y", shape=f"(N, {S1.D})", ndim=2, xp=xp)
    configs = configurations(S1, max_configurations=max_configurations)
    u = S1.pre_activations(y)
    N, K, R = u.shape
    M = len(configs)
    flat = xp.asarray([k * R + r for c in configs for k, r in enumerate(c)], dtype=xp.int64)
    phi = xp.reshape(xp.take(xp.reshape(u, (N, K * R)), flat, axis=1), (N * M, K))
    Bz, _ = S2.affine_at(phi @ xp.matrix_transpose(W) + b)  # (N M, K2, D2)
    kappa = xp.sum(Bz, axis=1)  # (N M, D2)
    c = kappa @ (W + b[:, None])  # (N M, K)
    return xp.reshape(c, (N, M, K))


def output_monotonicity_margin(W: Any, S2: MASO, *, per_unit: bool = False) -> Any:
    r"""Worst slope of the next layer's output with respect to the unit values :math:`\phi_k`, over every region of ``S2``.

    The output :math:`g(u) = S^{(2)}(Wu + b)` is continuous and piecewise affine
    in :math:`u \in \mathbb R^K` with Jacobian :math:`B[Wu+b] W`. Its unit j has
    slope :math:`[B]_{j,r_j,\cdot} W` on region :math:`r_j`, so

    ``per_unit=False``: :math:`m_k = \sum_j \min_{r} ([B]_{j,r,\cdot} W)_k`, shape (K,);
        :math:`m \ge 0` makes :math:`\langle g(u), \mathbf 1\rangle` non-decreasing in every
        :math:`u_k`, hence maximized over the configurations by :math:`\Phi[y]`, which
        maximizes every :math:`\phi_k(y)` at once (a sufficient form of Thm. 10);
    ``per_unit=True``: :math:`m_{j,k} = \min_r ([B]_{j,r,\cdot} W)_k`, shape (K2, K);
        :math:`m_{j,\cdot} \ge 0` makes unit j maximized by :math:`\Phi[y]` (Prop. 3).

    Parameters
    ----------
    W : array (D2, K)
    S2 : MASO on D2 inputs
    per_unit : bool, default False
    """
    S2 = _maso(S2, "S2")
    xp = S2.xp
    W = as_float_array(W, "W", shape="(D2, K)", ndim=2, xp=xp)
    if W.shape[0] != S2.D:
        raise ValueError(f"W must have shape (D2, K) with D2 = {S2.D} (the inputs of S2); got shape {tuple(W.shape)}")
    slopes = S2.A @ W  # (K2, R2, K)
    worst = xp.min(slopes, axis=1)  # (K2, K)
    return worst if per_unit else xp.sum(worst, axis=0)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
