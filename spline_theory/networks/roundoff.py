r"""Rigorous round-off bounds of a network's computed margins (what makes a certified radius certified).

The region code of a unit is decided by the sign of a computed margin
:math:`\tilde m_j(x)` (a pre-activation, or a max unit's winner minus a
competitor). In floating point :math:`\tilde m_j` differs from the exact
:math:`m_j`; this module bounds the difference, so that
:meth:`~spline_theory.network.Network.certified_radius` can promise that no
input inside the radius gets a different *computed* code, in float32 as in
float64.

The bound is the classical forward-error analysis of dot products (Higham,
*Accuracy and Stability of Numerical Algorithms*, 2nd ed., Sec. 3.1 and
Lemma 3.3): a sum of ``n`` products computed in any order satisfies
:math:`|\mathrm{fl}(w^\top z + b) - (w^\top z + b)| \le \gamma_{n+1}(|w|^\top|z| + |b|)`,
:math:`\gamma_n = nu/(1-nu)`, :math:`u` the unit round-off. On the region of
x the network is the composition of the linearized layers
:math:`z \mapsto J_\ell z + c_\ell` (icml18 Thm. 1), so by induction over the
layers the computed value of every unit satisfies

.. math::

    |\tilde z^{(\ell)} - z^{(\ell)}| \le \gamma_N\, T^{(\ell)}, \qquad
    T^{(\ell)} = |J_\ell|\, T^{(\ell-1)} + |c_\ell|, \quad T^{(0)} = |x|,

with :math:`N` the total number of roundings on the longest path
(:func:`round_off_terms`, summed over the layers). Units masked to zero by
their code contribute exactly zero, which keeps :math:`T` far below the
unmasked term magnitude of :meth:`~spline_theory.network.Network.term_magnitude`
in deep networks. The same recursion without offsets, applied to the all-ones
vector, gives :math:`O_j = \sum_i (|J_\ell|\cdots|J_1|)_{j,i}`, which bounds
both how much :math:`T_j` grows over a ball of radius :math:`r`
(:math:`T_j(x') \le T_j(x) + r\,O_j`) and the error of the computed gradient
(:math:`\|\tilde g_j - g_j\|_2 \le \gamma_N O_j`).

Every layer type registers three rules with :func:`functools.singledispatch`
(:func:`abs_push`, :func:`abs_margins`, :func:`round_off_terms`); a layer
type without them gets a ``TypeError`` naming it.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from .graph import Add, Concat, Graph, _is_merge
from .layers import (
    AvgPool,
    Conv2d,
    Dense,
    Flatten,
    Hardtanh,
    Layer,
    Maxout,
    ReLURNN,
    Residual,
    _Diagonal,
    _Elementwise,
    _Gather,
    _Linear,
    _xp_of,
)

__all__ = ["abs_margins", "abs_push", "gamma", "round_off_terms", "unit_roundoff"]


def unit_roundoff(xp: Any, dtype: Any) -> float:
    """:math:`u = \\varepsilon / 2` of a floating dtype (round to nearest)."""
    return float(xp.finfo(dtype).eps) / 2.0


def gamma(n: int, u: float) -> float:
    r""":math:`\gamma_n = n u / (1 - n u)`; ``inf`` when :math:`n u \ge 1/2` (the bound says nothing)."""
    nu = n * u
    return math.inf if nu >= 0.5 else nu / (1.0 - nu)


def _plus_offset(lay: Layer, state: dict, out: Any, offsets: bool) -> Any:
    if not offsets:
        return out
    off = lay.offset(state)
    return out if off is None else out + _xp_of(out).abs(off)


# ------------------------------------------------------------------ abs_push
@functools.singledispatch
def abs_push(lay: Any, state: dict, a: Any, offsets: bool) -> Any:
    r""":math:`|J_\ell|\,a` (plus :math:`|c_\ell|` with ``offsets``) for a non-negative stack ``a`` (n, D_in).

    :math:`J_\ell, c_\ell` are the layer's linearization at the input that
    produced ``state`` (units masked by their codes contribute 0).
    """
    raise TypeError(f"{type(lay).__name__} has no round-off rule (spline_theory.networks.roundoff.abs_push); certified_radius cannot bound its error")


@abs_push.register
def _(lay: _Linear, state, a, offsets):
    return _plus_offset(lay, state, lay.abs_apply(a), offsets)  # Dense and Conv2d (im2col with |kernel|)


@abs_push.register
def _(lay: AvgPool, state, a, offsets):
    return lay.forward(a)  # non-negative weights, no offset


@abs_push.register
def _(lay: _Diagonal, state, a, offsets):
    return _plus_offset(lay, state, a * _xp_of(a).abs(lay._scale), offsets)


@abs_push.register
def _(lay: Flatten, state, a, offsets):
    return a


@abs_push.register
def _(lay: _Elementwise, state, a, offsets):
    return a * _xp_of(a).abs(state["d"])


@abs_push.register
def _(lay: Hardtanh, state, a, offsets):
    return _plus_offset(lay, state, a * state["d"], offsets)


@abs_push.register
def _(lay: _Gather, state, a, offsets):
    return lay.push(state, a[:, :, None])[..., 0]  # the winner's entry


@abs_push.register
def _(lay: Maxout, state, a, offsets):
    xp = _xp_of(a)
    return _plus_offset(lay, state, (xp.abs(state["A_x"]) @ a[:, :, None])[..., 0], offsets)


@abs_push.register
def _(lay: Residual, state, a, offsets):
    h = a
    for sub, st, _ in state["branch"]:
        h = abs_push(sub, st, h, offsets)
    skip = a if lay.skip is None else abs_push(lay.skip, {}, a, offsets)
    return skip + h


def _rnn_pre(lay: ReLURNN, state: dict, a: Any, offsets: bool) -> list:
    """Per step: the bound on the pre-activation :math:`u_t` and on :math:`h_t`."""
    xp = _xp_of(a)
    Wh, Wx = xp.abs(lay.W_h), xp.abs(lay.W_x)
    h = None
    pres = []
    for t in range(lay.T):
        u = lay._x_t(a, t) @ xp.matrix_transpose(Wx)
        if h is not None:
            u = u + h @ xp.matrix_transpose(Wh)
        if offsets:
            u = u + xp.abs(lay.b)
        h = u * xp.abs(state["d"][t])
        pres.append((u, h))
    return pres


@abs_push.register
def _(lay: ReLURNN, state, a, offsets):
    return lay._out(_xp_of(a), [h for _, h in _rnn_pre(lay, state, a, offsets)])


@abs_push.register
def _(lay: Graph, state, a, offsets):
    def step(i, name, node, vals):
        if _is_merge(node):
            return node.merge_abs(vals)
        sub, st, _ = state["nodes"][i]
        return abs_push(sub, st, vals[0], offsets)

    return lay._run(a, step)


# --------------------------------------------------------------- abs_margins
@functools.singledispatch
def abs_margins(lay: Any, state: dict, a: Any, offsets: bool) -> list:
    r"""Error scales of the layer's margins, one ``(n, M)`` array per entry of ``lay.margins``.

    ``a`` bounds the layer's input as in :func:`abs_push`; a margin that is the
    difference of two computed values gets the sum of their bounds. The
    comparisons that decide codes are exact, so no rounding is added here.
    """
    if type(lay).codes is not Layer.codes:
        raise TypeError(f"{type(lay).__name__} has no round-off rule for its margins (spline_theory.networks.roundoff.abs_margins)")
    return []


@abs_margins.register
def _(lay: _Elementwise, state, a, offsets):
    return [a]


@abs_margins.register
def _(lay: Hardtanh, state, a, offsets):
    return [_xp_of(a).concat([a, a], axis=1)]


@abs_margins.register
def _(lay: _Gather, state, a, offsets):
    xp = _xp_of(a)
    vals = lay._values(a)  # (n, K, R)
    n, K, R = vals.shape
    win = lay.push(state, a[:, :, None])[..., 0]  # (n, K)
    # the winner against itself (or a padded copy of itself) is identically 0: no decision, no error
    same = lay._idx[None, :, :] == state["sel"][:, :, None]
    scale = xp.where(same, xp.zeros_like(vals), win[:, :, None] + vals)
    return [xp.reshape(scale, (n, K * R))]


@abs_margins.register
def _(lay: Maxout, state, a, offsets):
    xp = _xp_of(a)
    A = xp.abs(lay.A)  # (K, R, D)
    K, R, D = A.shape
    u = xp.reshape(a @ xp.matrix_transpose(xp.reshape(A, (K * R, D))), (a.shape[0], K, R))
    if offsets:
        u = u + xp.abs(lay.B)
    win = xp.sum(xp.abs(state["A_x"]) * a[:, None, :], axis=2)
    if offsets:
        win = win + xp.abs(state["B_x"])
    same = xp.arange(R)[None, None, :] == state["code"][:, :, None]  # the winner against itself: identically 0
    scale = xp.where(same, xp.zeros_like(u), win[:, :, None] + u)
    return [xp.reshape(scale, (a.shape[0], K * R))]


@abs_margins.register
def _(lay: Residual, state, a, offsets):
    out = []
    h = a
    for sub, st, _ in state["branch"]:
        out += abs_margins(sub, st, h, offsets)
        h = abs_push(sub, st, h, offsets)
    return out


@abs_margins.register
def _(lay: ReLURNN, state, a, offsets):
    return [_xp_of(a).concat([u for u, _ in _rnn_pre(lay, state, a, offsets)], axis=1)]


@abs_margins.register
def _(lay: Graph, state, a, offsets):
    out = []

    def step(i, name, node, vals):
        if _is_merge(node):
            return node.merge_abs(vals)
        sub, st, _ = state["nodes"][i]
        out.extend(abs_margins(sub, st, vals[0], offsets))
        return abs_push(sub, st, vals[0], offsets)

    lay._run(a, step)
    return out


# ----------------------------------------------------------- round_off_terms
@functools.singledispatch
def round_off_terms(lay: Any) -> int:
    r"""Roundings an output entry of the layer accumulates: ``n`` with :math:`|\mathrm{fl}(f(z)) - f(z)| \le \gamma_n (|J||z| + |c|)`."""
    raise TypeError(f"{type(lay).__name__} has no round-off rule (spline_theory.networks.roundoff.round_off_terms)")


@round_off_terms.register
def _(lay: Dense) -> int:
    return int(lay.W.shape[1]) + 1


@round_off_terms.register
def _(lay: Conv2d) -> int:
    _, Cg, kh, kw = lay.kernel.shape
    return int(Cg * kh * kw) + 1


@round_off_terms.register
def _(lay: AvgPool) -> int:
    return max(len(v) for v in lay._windows()) + 1


@round_off_terms.register
def _(lay: _Diagonal) -> int:
    return 2


@round_off_terms.register
def _(lay: Flatten) -> int:
    return 0


@round_off_terms.register
def _(lay: _Elementwise) -> int:
    return 1


@round_off_terms.register
def _(lay: Hardtanh) -> int:
    return 0  # the output is z, lo or hi: no rounding


@round_off_terms.register
def _(lay: _Gather) -> int:
    return 0  # a maximum is exact


@round_off_terms.register
def _(lay: Maxout) -> int:
    return int(lay.A.shape[2]) + 1


@round_off_terms.register
def _(lay: Residual) -> int:
    skip = 0 if lay.skip is None else round_off_terms(lay.skip)
    return max(skip, sum(round_off_terms(sub) for sub in lay.layers)) + 1


@round_off_terms.register
def _(lay: ReLURNN) -> int:
    H, Dx = lay.W_x.shape
    return lay.T * (H + Dx + 2)


@round_off_terms.register
def _(lay: Graph) -> int:
    # every path visits each node at most once: the sum over the nodes bounds the longest path
    total = 0
    for _, node, ins in lay.nodes:
        if isinstance(node, Add):
            total += len(ins) + 1  # the coefficients' products and the sums
        elif isinstance(node, Concat):
            continue
        else:
            total += round_off_terms(node)
    return total
