r"""Apodized patches of a feature map (iclr19 App. B, Eq. (17)-(19)).

A feature map ``z`` has shape (C, H, W); a patch :math:`\mathcal P[z](p)` is
the (C, I_C, J_C) slice whose top-left corner is :math:`p = (p_i, p_j)`
(0-based), zero where it leaves the map. An apodization window ``h`` of shape
(I_C, J_C) is non-negative and sums to one.

Patch positions (``padding``):

``"valid"``
    the patches that lie inside the map, :math:`0 \le p_i \le H - I_C`
    (the slices of the input iclr19 App. B defines);
``"full"``
    every patch that meets the map, :math:`1 - I_C \le p_i \le H - 1`
    (the zero-padded patches).

:func:`overlap_add` puts patches back at their positions and sums them: with
``"full"`` patches, :math:`\sum_p h \odot \mathcal P[z](p) = z` (Eq. (17) with
the boundary made explicit).
"""

from __future__ import annotations

import math
from typing import Any

from ._validation import array_namespace_or_error, as_float_array

__all__ = ["extract_patches", "apodized_patches", "overlap_add", "patch_coverage", "patch_vq"]

_PADDINGS = ("valid", "full")


def _map(z: Any) -> tuple[Any, Any]:
    z = as_float_array(z, "z", shape="(C, H, W)", ndim=3)
    return z, array_namespace_or_error(z, name="z")


def _patch_shape(patch_shape: Any, H: int, W: int, padding: str) -> tuple[int, int]:
    if padding not in _PADDINGS:
        raise ValueError(f"padding must be one of {_PADDINGS}; got {padding!r}")
    try:
        Ic, Jc = (int(s) for s in patch_shape)
    except (TypeError, ValueError):
        raise ValueError(f"patch_shape must be a pair of positive ints (I_C, J_C); got {patch_shape!r}") from None
    if Ic < 1 or Jc < 1 or (padding == "valid" and (Ic > H or Jc > W)):
        raise ValueError(f"patch_shape must be positive and, with padding='valid', fit in the map (H, W) = ({H}, {W}); got {patch_shape!r}")
    return Ic, Jc


def _pad(xp: Any, z: Any, top: int, bottom: int, left: int, right: int) -> Any:
    C, H, W = z.shape
    if top or bottom:
        z = xp.concat([xp.zeros((C, top, W), dtype=z.dtype), z, xp.zeros((C, bottom, W), dtype=z.dtype)], axis=1)
    if left or right:
        Hn = z.shape[1]
        z = xp.concat([xp.zeros((C, Hn, left), dtype=z.dtype), z, xp.zeros((C, Hn, right), dtype=z.dtype)], axis=2)
    return z


def extract_patches(z: Any, patch_shape: Any, *, padding: str = "full") -> Any:
    r"""All patches :math:`\mathcal P[z](p)` of a map, shape (P_i, P_j, C, I_C, J_C).

    Parameters
    ----------
    z : array of shape (C, H, W)
    patch_shape : (I_C, J_C)
    padding : {"full", "valid"}

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.apodization import extract_patches
    >>> extract_patches(np.arange(3.0).reshape(1, 1, 3), (1, 2), padding="valid")[0, :, 0, 0].tolist()
    [[0.0, 1.0], [1.0, 2.0]]
    """
    z, xp = _map(z)
    C, H, W = z.shape
    Ic, Jc = _patch_shape(patch_shape, H, W, padding)
    if padding == "full":
        z = _pad(xp, z, Ic - 1, Ic - 1, Jc - 1, Jc - 1)
    Pi, Pj = z.shape[1] - Ic + 1, z.shape[2] - Jc + 1
    cols = [xp.stack([z[:, a : a + Pi, b : b + Pj] for b in range(Jc)], axis=-1) for a in range(Ic)]
    patches = xp.stack(cols, axis=-2)  # (C, Pi, Pj, Ic, Jc)
    return xp.permute_dims(patches, (1, 2, 0, 3, 4))


def _window(h: Any, xp: Any) -> Any:
    h = as_float_array(h, "h", shape="(I_C, J_C)", ndim=2, xp=xp)
    tol = max(1e-6, 4.0 * math.sqrt(float(xp.finfo(h.dtype).eps)))
    total = float(xp.sum(h))
    if bool(xp.any(h < 0)) or abs(total - 1.0) > tol:
        raise ValueError(f"h must be a non-negative apodization window whose entries sum to one (to {tol:.2g}); got sum {total!r}")
    return h


def apodized_patches(z: Any, h: Any, *, padding: str = "full") -> Any:
    r"""Apodized patches :math:`h \odot \mathcal P[z](p)`, shape (P_i, P_j, C, I_C, J_C) (iclr19 Eq. (17)).

    Parameters
    ----------
    z : array of shape (C, H, W)
    h : array of shape (I_C, J_C)
        Non-negative, summing to one (``ValueError`` otherwise).
    padding : {"full", "valid"}

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.apodization import apodized_patches, overlap_add
    >>> z = np.arange(6.0).reshape(1, 2, 3)
    >>> h = np.full((2, 2), 0.25)
    >>> np.allclose(overlap_add(apodized_patches(z, h), z.shape), z)
    True
    """
    z, xp = _map(z)
    h = _window(h, xp)
    return extract_patches(z, tuple(h.shape), padding=padding) * h


def overlap_add(patches: Any, input_shape: Any, *, padding: str = "full") -> Any:
    r"""Put patches back at their positions and sum them: :math:`\sum_p \mathcal P^*(p)`, shape (C, H, W).

    Parameters
    ----------
    patches : array of shape (P_i, P_j, C, I_C, J_C)
        As returned by :func:`extract_patches` for a map of ``input_shape``.
    input_shape : (C, H, W)
    padding : {"full", "valid"}
        The positions the patches were taken at.
    """
    patches = as_float_array(patches, "patches", shape="(P_i, P_j, C, I_C, J_C)", ndim=5)
    xp = array_namespace_or_error(patches, name="patches")
    C, H, W = (int(s) for s in input_shape)
    Pi, Pj, Cp, Ic, Jc = patches.shape
    _patch_shape((Ic, Jc), H, W, padding)
    off = (Ic - 1, Jc - 1) if padding == "full" else (0, 0)
    expect = (H + off[0] - Ic + 1 + off[0], W + off[1] - Jc + 1 + off[1], C)
    if (Pi, Pj, Cp) != expect:
        raise ValueError(f"patches must have shape (P_i, P_j, C, I_C, J_C) = {expect + (Ic, Jc)} for input_shape {(C, H, W)} and padding={padding!r}; got {tuple(patches.shape)}")
    Hp, Wp = Pi + Ic - 1, Pj + Jc - 1
    total = xp.zeros((C, Hp, Wp), dtype=patches.dtype)
    for a in range(Ic):
        for b in range(Jc):
            piece = xp.permute_dims(patches[:, :, :, a, b], (2, 0, 1))  # (C, Pi, Pj) at offset (a, b)
            total = total + _pad(xp, piece, a, Ic - 1 - a, b, Jc - 1 - b)
    return total[:, off[0] : off[0] + H, off[1] : off[1] + W]


def patch_coverage(input_shape: Any, patch_shape: Any, *, padding: str = "full", xp: Any = None) -> Any:
    r"""How many patches cover each pixel, shape (H, W) (for ``"full"`` patches, :math:`I_C J_C` everywhere)."""
    from . import backend as _backend

    C, H, W = (int(s) for s in input_shape)
    xp = xp or _backend.namespace("numpy")
    ones = xp.ones((1, H, W), dtype=xp.float64)
    Ic, Jc = _patch_shape(patch_shape, H, W, padding)
    p = extract_patches(ones, (Ic, Jc), padding=padding)
    return overlap_add(xp.ones_like(p), (1, H, W), padding=padding)[0, ...]


def patch_vq(z: Any, h: Any, templates: Any, *, padding: str = "full") -> tuple[Any, Any]:
    r"""Per-patch VQ of the apodized patches against templates, and the residuals (iclr19 Eq. (18)).

    Parameters
    ----------
    z : array of shape (C, H, W)
    h : array of shape (I_C, J_C)
    templates : array of shape (M, C, I_C, J_C)
        The filters :math:`[W]_m`.
    padding : {"full", "valid"}

    Returns
    -------
    t : int64 array of shape (P_i, P_j)
        :math:`t(p) = \arg\min_m \|h \odot \mathcal P[z](p) - [W]_m\|^2`.
    residuals : array of shape (P_i, P_j, C, I_C, J_C)
        :math:`h \odot \mathcal P[z](p) - [W]_{t(p)}`.
    """
    z, xp = _map(z)
    P = apodized_patches(z, h, padding=padding)
    templates = as_float_array(templates, "templates", shape=f"(M, C, I_C, J_C) = (M, {P.shape[2]}, {P.shape[3]}, {P.shape[4]})", ndim=4, xp=xp)
    if tuple(templates.shape[1:]) != tuple(P.shape[2:]):
        raise ValueError(f"templates must have shape (M, C, I_C, J_C) = (M, {P.shape[2]}, {P.shape[3]}, {P.shape[4]}); got {tuple(templates.shape)}")
    diff = P[:, :, None, ...] - templates[None, None, ...]
    dist = xp.sum(xp.reshape(diff * diff, (P.shape[0], P.shape[1], templates.shape[0], -1)), axis=3)
    t = xp.argmax(-dist, axis=2)
    chosen = xp.take(templates, xp.reshape(t, (-1,)), axis=0)
    return t, P - xp.reshape(chosen, P.shape)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
