r"""Region codes, certified radii and partition distances of a network (icml18 Eq. (14)-(15), Sec. 7).

:class:`RegionCodes` holds the methods of :class:`~spline_theory.network.Network`
that say in which region of the input-space partition an input lies
(:math:`t^{(\ell)}(x)`), how far it is from the region's boundary, and how far
apart two inputs' regions are; :func:`pack_codes` / :func:`unpack_codes` store
two-region codes as bits.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from .. import backend as _backend
from .._validation import array_namespace_or_error
from . import roundoff as _roundoff
from .layers import _prepare

__all__ = ["RegionCodes", "RoundoffWarning", "pack_codes", "unpack_codes"]


class RoundoffWarning(UserWarning):
    """A certified result had to give up what round-off in the working dtype could change (see :meth:`RegionCodes.certified_radius`)."""

_POPCOUNT = [bin(i).count("1") for i in range(256)]


def pack_codes(codes: Any) -> Any:
    """Bit-pack boolean (two-region) codes ``(N, K)`` into ``uint8`` ``(N, ceil(K/8))``, little-endian bits."""
    xp = array_namespace_or_error(codes, name="codes")
    n, K = codes.shape
    if _backend.backend_name(xp) == "numpy":  # NumPy's packbits: one C pass, the same little-endian layout
        import numpy

        return numpy.packbits(numpy.asarray(codes, dtype=bool), axis=1, bitorder="little")
    K8 = -(-K // 8) * 8
    bits = xp.astype(codes, xp.uint8)
    if K8 != K:
        bits = xp.concat([bits, xp.zeros((n, K8 - K), dtype=xp.uint8)], axis=1)
    w = xp.asarray([1, 2, 4, 8, 16, 32, 64, 128], dtype=xp.uint8)
    return xp.sum(xp.reshape(bits, (n, K8 // 8, 8)) * w, axis=2, dtype=xp.uint8)


def unpack_codes(packed: Any, K: int) -> Any:
    """Inverse of :func:`pack_codes`: ``(N, K)`` integer codes in {0, 1}."""
    xp = array_namespace_or_error(packed, name="packed")
    n = packed.shape[0]
    w = xp.asarray([1, 2, 4, 8, 16, 32, 64, 128], dtype=xp.uint8)
    bits = (packed[:, :, None] & w) != 0
    return xp.astype(xp.reshape(bits, (n, packed.shape[1] * 8))[:, :K], xp.int64)


def _margin_error_bounds(states: list, x: Any) -> list:
    """``[(kappa, T, O), ...]``: the round-off bounds of :mod:`~spline_theory.networks.roundoff` per margin group.

    ``kappa T`` bounds the error of the computed margins at x; ``kappa O``
    bounds both their growth per unit of distance from x and the error of
    their computed gradients. ``kappa`` is ``inf`` where the dtype cannot
    bound the computation (``N u >= 1/2``).
    """
    xp = array_namespace_or_error(x)
    u = _roundoff.unit_roundoff(xp, x.dtype)
    out = []
    for offsets, a in ((True, xp.abs(x)), (False, xp.ones_like(x))):
        scales = []
        # + 2: the margin's own subtraction (winner minus competitor) and the rounding of the bound itself
        N = 2
        for lay, st, _ in states:
            N += _roundoff.round_off_terms(lay)  # the margins of a layer are computed from its input (a composite: inside it)
            # 2: T and O are computed sums of non-negative terms (relative error <= gamma_N)
            scales += [(2.0 * _roundoff.gamma(N, u), s) for s in _roundoff.abs_margins(lay, st, a, offsets)]
            a = _roundoff.abs_push(lay, st, a, offsets)
        out.append(scales)
    return [(k, t, o) for (k, t), (_, o) in zip(*out)]


def _guaranteed_distance(xp: Any, m: Any, norm: Any, kappa: float, T: Any, O: Any) -> Any:
    r"""Per margin: a radius inside which the computed margin keeps the sign it has at x.

    With :math:`e = \kappa T` the error of :math:`\tilde m` at x and
    :math:`\kappa (T + r O)` anywhere within r, and
    :math:`\|g\| \le \|\tilde g\| + \kappa O`, the sign is kept while
    :math:`|\tilde m| - \kappa T - (\|\tilde g\| + \kappa O) r > \kappa (T + r O)`:

    .. math:: r_j = \frac{\max(|\tilde m_j| - 2\kappa T_j,\ 0)}{\|\tilde g_j\| (1 + \gamma_{D+2}) + 2 \kappa O_j}.

    A margin that nothing in x reaches (zero denominator) is constant on the region: ``inf``.
    """
    dt = m.dtype
    if math.isinf(kappa):
        den_zero = (norm == 0) & (O == 0)
        return xp.where(den_zero, xp.full(m.shape, math.inf, dtype=dt), xp.zeros(m.shape, dtype=dt))
    num = xp.maximum(xp.abs(m) - (2.0 * kappa) * T, xp.zeros((), dtype=dt))
    den = norm + (2.0 * kappa) * O
    live = den > 0
    return xp.where(live, num / xp.where(live, den, xp.ones_like(den)), xp.full(m.shape, math.inf, dtype=dt))


def _pick(xp: Any, a: Any, j: Any) -> Any:
    n, M = a.shape
    flat = j + M * xp.arange(n, dtype=j.dtype)
    return xp.take(xp.reshape(a, (n * M,)), flat)


def _pick_rows(xp: Any, G: Any, j: Any) -> Any:
    n, M, P = G.shape
    flat = j + M * xp.arange(n, dtype=j.dtype)
    return xp.take(xp.reshape(G, (n * M, P)), flat, axis=0)


class RegionCodes:
    """Region codes, radii and distances (a part of :class:`~spline_theory.network.Network`)."""

    # ----------------------------------------------------------------- regions
    def code_layers(self) -> list:
        """``(operator index, type name, units, regions)`` of every group of region codes, in order."""
        x = self.xp.zeros((1, self.D), dtype=self.dtype)
        info = []
        for i, (lay, st, _) in enumerate(self._linearize(x)[0]):
            for c, R in lay.codes(st):
                info.append((i, type(lay).__name__, int(c.shape[1]), int(R)))
        return info

    @_backend.tensors_in_out
    def region_codes(self, x: Any, *, packed: bool = True) -> list:
        r"""Region codes :math:`t^{(\ell)}(x)` of every nonlinear operator (icml18 Eq. (14)).

        Parameters
        ----------
        x : array of shape (N, D) or ``(N, *input_shape)``
        packed : bool, default True
            Two-region units (ReLU, leaky ReLU, absolute value, RNN steps) come
            bit-packed as ``uint8`` arrays ``(N, ceil(K/8))`` (:func:`unpack_codes`);
            with ``packed=False`` every entry is an int64 array ``(N, K)``.

        Returns
        -------
        list of arrays, one per nonlinear operator (see :meth:`code_layers`)

        Notes
        -----
        :math:`[t^{(\ell)}(x)]_k = \arg\max_r \langle [A^{(\ell)}]_{k,r,\cdot}, z^{(\ell-1)}(x)\rangle + [B^{(\ell)}]_{k,r}`,
        0-based, ties to the lowest region.
        """
        x, one = self._one(x)
        if one:
            return self._drop_batch(self.region_codes(x, packed=packed), True)
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        out = []
        for lay, st, _ in self._linearize(x)[0]:
            for c, R in lay.codes(st):
                if R == 2 and packed:
                    out.append(pack_codes(c))
                else:
                    out.append(xp.astype(c, xp.int64))
        return out

    @_backend.tensors_in_out
    def partition_distance(self, x1: Any, x2: Any) -> list:
        r"""Partition-based distance of icml18 Eq. (15), per nonlinear operator.

        Parameters
        ----------
        x1, x2 : arrays of shape (N, D) (pairs compared row by row)

        Returns
        -------
        list of arrays (N,)
            :math:`d = 1 - \frac{1}{D^{(\ell)}}\sum_k \mathbf 1([t^{(\ell)}(x_1)]_k = [t^{(\ell)}(x_2)]_k)`.
        """
        a, b = self._batch(x1, "x1"), self._batch(x2, "x2")
        if a.shape[0] != b.shape[0]:
            raise ValueError(f"x1 and x2 must hold the same number of inputs; got {a.shape[0]} and {b.shape[0]}")
        xp = array_namespace_or_error(a)
        table = xp.asarray(_POPCOUNT, dtype=xp.int64)
        out = []
        for c1, c2, (_, _, K, R) in zip(self.region_codes(a), self.region_codes(b), self.code_layers()):
            if R == 2:
                diff = xp.astype(c1 ^ c2, xp.int64)
                n_diff = xp.sum(xp.reshape(xp.take(table, xp.reshape(diff, (-1,))), diff.shape), axis=1)
            else:
                n_diff = xp.sum(xp.astype(c1 != c2, xp.int64), axis=1)
            out.append(xp.astype(n_diff, a.dtype) / K)
        return out

    @_backend.tensors_in_out
    def certified_radius(self, x: Any, *, return_direction: bool = False, chunk_size: int | None = None) -> Any:
        r"""Certified Euclidean radius of each input's region: no input closer than it is coded differently.

        Parameters
        ----------
        x : array of shape (N, D) or ``(N, *input_shape)``
            Or one input, (D,) or ``input_shape`` (the results then have no batch axis).
        return_direction : bool, default False
            Also return the unit vector from x towards the nearest boundary point.
        chunk_size : int, optional
            Inputs processed at once (default :meth:`default_chunk_size` with
            ``P = D``: the tangent stacks of a chunk hold about
            ``CHUNK_BYTES`` bytes). Bounds the memory besides the result, whatever N.

        Returns
        -------
        r : array (N,)
            The distance from x to the boundary of its region, less what the
            round-off of the working dtype could move the boundary (see Notes):
            every input x' with :math:`\|x' - x\|_2 < r` gets the same
            :meth:`region_codes` as x, computed in the same dtype, hence the
            same affine map. ``inf`` when no unit depends on x. ``r = 0``
            means x itself is within round-off of a boundary (or on it): its
            code is a tie that the arithmetic decides, not the network, and
            nothing around it is certified.
        d : array (N, D), only with ``return_direction``

        Warns
        -----
        RoundoffWarning
            When the bound leaves radius 0 for inputs whose exact distance
            (:meth:`boundary_distance`) is positive. The bound is a worst case
            that grows with depth and width: deep float32 networks (a
            ResNet) often get 0 everywhere, where float64 certifies them.

        Notes
        -----
        On the region of x every margin :math:`m_j` (pre-activation of a
        ReLU-type unit; winner minus competitor of a max-pooling or maxout
        unit) is affine in x with gradient :math:`g_j`, and the region is the
        intersection of the half-spaces :math:`\{m_j \ge 0\}` (sign-adjusted):
        in exact arithmetic the distance to its complement is
        :math:`\min_j |m_j(x)| / \|g_j\|` (icml18 Thm. 1). The codes are
        decided by the computed margins :math:`\tilde m_j`, so the radius is

        .. math::

            r(x) = \min_j \frac{\max(|\tilde m_j(x)| - 2\kappa T_j,\ 0)}
                               {\|\tilde g_j\|(1 + \gamma_{D+2}) + 2\kappa O_j},

        with :math:`\kappa T_j` a rigorous bound on the round-off of
        :math:`\tilde m_j` and :math:`\kappa O_j` on its growth per unit
        distance and on the error of :math:`\tilde g_j`
        (:mod:`spline_theory.networks.roundoff`: Higham's dot-product bound
        propagated through the linearized layers, :math:`\kappa = 2\gamma_N`,
        :math:`N` the roundings on the longest path). In float64 this changes
        the exact distance in about its 13th digit; in float32 it is what keeps
        inputs near a boundary from being coded differently inside the radius.
        Margins with zero gradient that nothing in x reaches never change sign
        and are skipped. The gradients are pushed forward from the identity,
        ``D`` tangents per input, so a chunk of n inputs holds stacks of
        ``n D w`` elements (``w`` = :meth:`tangent_width`).
        """
        r, lost = self._radius(x, return_direction, chunk_size, True)
        if lost:
            rr = r[0] if return_direction else r
            warnings.warn(
                f"certified_radius: the round-off bound of {rr.dtype} leaves no certified radius for {lost} input(s) whose exact distance "
                "to a boundary is positive (they are within round-off of one); "
                + ("compute in float64 (net.to('numpy', 'float64')) for a larger certified radius, or see " if "32" in str(rr.dtype) else "see ")
                + "boundary_distance for the distance in exact arithmetic",
                RoundoffWarning,
                stacklevel=3,
            )
        return r

    @_backend.tensors_in_out
    def boundary_distance(self, x: Any, *, return_direction: bool = False, chunk_size: int | None = None) -> Any:
        r"""Euclidean distance from each input to the boundary of its region, in exact arithmetic (icml18 Thm. 1).

        :math:`\min_j |m_j(x)| / \|g_j\|` over the margins of every unit, with
        no allowance for round-off: the geometry of the partition. Inputs
        inside it have the same exact codes; in float32 near a boundary their
        *computed* codes may differ, which :meth:`certified_radius` rules out.
        Parameters and returns as in :meth:`certified_radius`.
        """
        return self._radius(x, return_direction, chunk_size, False)[0]

    def _radius(self, x: Any, return_direction: bool, chunk_size: Any, rigorous: bool) -> tuple:
        """``(radius or (radius, direction), lost)``; ``lost``: inputs whose rigorous radius is 0 but exact distance positive."""
        x, one = self._one(x)
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        chunks = self._chunks(n, chunk_size, self.D, xp.finfo(x.dtype).bits // 8)
        if len(chunks) == 1:
            best, direc, lost = self._certified_radius(x, return_direction, rigorous)
        else:
            best = xp.empty((n,), dtype=x.dtype)
            direc = xp.empty((n, self.D), dtype=x.dtype) if return_direction else None
            lost = 0
            for s, e in chunks:
                b, d, k = self._certified_radius(x[s:e, ...], return_direction, rigorous)
                best[s:e] = b
                if return_direction:
                    direc[s:e, ...] = d
                lost += k
        out = (best, direc) if return_direction else best
        return self._drop_batch(out, one), lost

    def _certified_radius(self, x: Any, return_direction: bool, rigorous: bool = True) -> Any:
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        states, _ = self._linearize(x)
        # The gradients of the margins are pushed forward from blocks of identity columns; their
        # squared norms add up over the blocks, so a block of p columns bounds the memory (n p w).
        p = max(1, min(self.D, self.CHUNK_BYTES // max(1, n * self.tangent_width() * (xp.finfo(x.dtype).bits // 8))))
        eye = xp.eye(self.D, dtype=x.dtype)
        # The norms are accumulated scaled, as LAPACK's nrm2 does (norm = S sqrt(Q), S the largest entry so far):
        # squaring a gradient entry below ~1e-19 (float32) or ~1e-154 (float64) would underflow to 0 and
        # certify an infinite radius next to a boundary.
        margins, scales, sq = [], [], []
        blocks = 0
        for c0 in range(0, self.D, p):
            V = eye[None, :, c0 : c0 + p]
            blocks += 1
            k = 0
            for lay, st, z in states:
                for m, G in lay.margins(st, z, V):
                    t = xp.max(xp.abs(G), axis=2)
                    if c0 == 0:
                        S = xp.broadcast_to(t, m.shape)
                        Q = xp.sum((G / xp.where(S > 0, S, xp.ones_like(S))[..., None]) ** 2, axis=2)
                        margins.append(m)
                        scales.append(S)
                        sq.append(xp.broadcast_to(Q, m.shape))
                    else:
                        S_old = scales[k]
                        S = xp.maximum(S_old, t)
                        safe = xp.where(S > 0, S, xp.ones_like(S))
                        sq[k] = sq[k] * (S_old / safe) ** 2 + xp.sum((G / safe[..., None]) ** 2, axis=2)
                        scales[k] = S
                    k += 1
                V = lay.push(st, V)
        bounds = _margin_error_bounds(states, x) if rigorous else [None] * len(margins)
        u = _roundoff.unit_roundoff(xp, x.dtype)
        best = xp.full((n,), math.inf, dtype=x.dtype)
        exact_best = best
        group = xp.full((n,), -1, dtype=xp.int64)
        picks = []
        for k, (m, S, Q, bound) in enumerate(zip(margins, scales, sq, bounds)):
            norm = S * xp.sqrt(Q)
            live = norm > 0
            exact = xp.where(live, xp.abs(m) / xp.where(live, norm, xp.ones_like(norm)), xp.full(m.shape, math.inf, dtype=x.dtype))
            if rigorous:
                # the divisions by S, the squares, the sum of D terms, the rescalings (3 operations per block),
                # the square root and the product by S round: an upper bound of the computed norm
                dist = _guaranteed_distance(xp, m, norm * (1.0 + _roundoff.gamma(self.D + 3 * blocks + 6, u)), *bound)
                exact_best = xp.minimum(exact_best, xp.min(exact, axis=1))
            else:
                dist = exact
            j = xp.argmin(dist, axis=1)
            dj = _pick(xp, dist, j)
            better = dj < best
            best = xp.where(better, dj, best)
            group = xp.where(better, xp.asarray(k, dtype=xp.int64), group)
            picks.append((j, _pick(xp, m, j), _pick(xp, norm, j)))
        lost = 0
        if rigorous:  # the divisions and subtractions above round: give up 4 units in the last place
            best = best * (1.0 - 4.0 * u)
            lost = int(xp.sum(xp.astype((best == 0) & (exact_best > 0), xp.int64)))
        if not return_direction:
            return best, None, lost
        # A second pass over the column blocks collects the gradient row of each input's nearest boundary.
        direc = xp.zeros((n, self.D), dtype=x.dtype)
        for c0 in range(0, self.D, p):
            V = eye[None, :, c0 : c0 + p]
            k = 0
            for lay, st, z in states:
                for _, G in lay.margins(st, z, V):
                    j, mj, nj = picks[k]
                    G = xp.broadcast_to(G, (n, G.shape[1], G.shape[2]))
                    sgn = xp.where(mj > 0, -xp.ones_like(mj), xp.ones_like(mj))
                    dvec = sgn[:, None] * _pick_rows(xp, G, j) / xp.where(nj > 0, nj, xp.ones_like(nj))[:, None]
                    direc[:, c0 : c0 + p] = xp.where((group == k)[:, None], dvec, direc[:, c0 : c0 + p])
                    k += 1
                V = lay.push(st, V)
        return best, direc, lost

    @_backend.tensors_in_out
    def count_regions(self, x: Any) -> list:
        """Number of distinct region codes among the inputs ``x``, per nonlinear operator (:meth:`code_layers`)."""
        x = self._batch(x)
        out = []
        for c in self.region_codes(x, packed=False):
            h = _backend.to_numpy(c)
            out.append(len({tuple(row) for row in h.tolist()}))
        return out

    @_backend.tensors_in_out
    def region_hyperplanes(self, x: Any) -> list:
        r"""The affine constraints that define the region of each input, per nonlinear operator.

        Returns
        -------
        list of (m (N, M), G (N, M, D))
            Margins :math:`m_j(x)` and their gradients :math:`\nabla m_j` in input
            space; within the region of x the boundary of constraint j is the
            hyperplane :math:`\{x' : m_j(x) + \langle \nabla m_j, x' - x\rangle = 0\}`.
            For ReLU-type units :math:`m_j` is the pre-activation; for max
            pooling and maxout it is the winner minus each competitor.
        """
        x = self._batch(x)
        xp = array_namespace_or_error(x)
        n = x.shape[0]
        V = xp.eye(self.D, dtype=x.dtype)[None, ...]
        z = x
        out = []
        for lay in self.layers:
            lay = _prepare(lay, z)
            nxt, st = lay.linearize(z)
            for m, G in lay.margins(st, z, V):
                out.append((m, xp.broadcast_to(G, (n, G.shape[1], G.shape[2]))))
            V = lay.push(st, V)
            z = nxt
        return out


from ..backend import accept_tensors as _accept_tensors

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
