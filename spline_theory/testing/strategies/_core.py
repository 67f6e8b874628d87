"""Primitives (floats exactly representable in float32, arrays) and MASO, operator, VQ and spline instances."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ... import backend as _backend
from ...maso import MASO

__all__ = [
    "elements",
    "float_arrays",
    "maso_parameters",
    "maso_instances",
    "masos",
    "seeded_maso_instances",
    "dense_instances",
    "conv2d_instances",
    "activation_instances",
    "pooling_instances",
    "convex_spline_instances",
    "vq_instances",
]


def elements(bound: float = 4.0) -> st.SearchStrategy[float]:
    """Finite floats in [-bound, bound], exactly representable in float32."""
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=32)


def float_arrays(shape: Any, *, bound: float = 4.0) -> st.SearchStrategy[np.ndarray]:
    """Host float64 arrays of a shape (or a strategy of shapes)."""
    return hnp.arrays(np.float64, shape, elements=elements(bound))


def _dim(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@st.composite
def maso_parameters(draw: Any, *, K: Any = None, R: Any = None, D: Any = None, max_K: int = 4, max_R: int = 4, max_D: int = 5, min_R: int = 1) -> dict:
    """``{"A": (K, R, D), "B": (K, R)}`` with small dimensions (``min_R`` to ``max_R`` regions)."""
    K = draw(_dim(1, max_K)) if K is None else K
    R = draw(_dim(min_R, max_R)) if R is None else R
    D = draw(_dim(1, max_D)) if D is None else D
    return {"A": draw(float_arrays((K, R, D))), "B": draw(float_arrays((K, R)))}


@st.composite
def maso_instances(draw: Any, *, max_N: int = 6, **kw: Any) -> dict:
    """``{"A", "B", "x"}``: MASO parameters and a batch ``x`` of shape (N, D)."""
    p = draw(maso_parameters(**kw))
    N = draw(_dim(1, max_N))
    p["x"] = draw(float_arrays((N, p["A"].shape[2])))
    return p


@st.composite
def vq_instances(draw: Any, **kw: Any) -> dict:
    """A MASO instance plus ``beta`` in [0, 1] (endpoints included)."""
    inst = draw(maso_instances(**kw))
    inst["beta"] = draw(st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0.0, 1.0)))
    return inst


def masos(xp: Any = None, dtype: str = "float64", **kw: Any) -> st.SearchStrategy[MASO]:
    """:class:`~spline_theory.MASO` objects on a backend namespace (default NumPy)."""
    xp = xp or _backend.namespace("numpy")
    dt = _backend.resolve_dtype(xp, dtype)
    return maso_parameters(**kw).map(lambda p: MASO(_backend.asarray(p["A"], xp, dt), _backend.asarray(p["B"], xp, dt)))


@st.composite
def seeded_maso_instances(draw: Any, *, max_K: int = 512, max_R: int = 4, max_D: int = 784, max_N: int = 1024) -> dict:
    """Large MASO instances built from a drawn shape and seed (standard normal entries)."""
    K, R, D, N = draw(_dim(1, max_K)), draw(_dim(1, max_R)), draw(_dim(1, max_D)), draw(_dim(1, max_N))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {
        "A": rng.standard_normal((K, R, D)),
        "B": rng.standard_normal((K, R)),
        "x": rng.standard_normal((N, D)),
    }


@st.composite
def dense_instances(draw: Any, *, max_N: int = 5, max_K: int = 5, max_D: int = 6) -> dict:
    """``{"W": (K, D), "b": (K,), "z": (N, D)}`` for a fully connected operator."""
    K, D, N = draw(_dim(1, max_K)), draw(_dim(1, max_D)), draw(_dim(1, max_N))
    return {"W": draw(float_arrays((K, D))), "b": draw(float_arrays((K,))), "z": draw(float_arrays((N, D)))}


@st.composite
def conv2d_instances(draw: Any) -> dict:
    """A small 2-D convolution: kernel, bias, images, stride and padding that fit."""
    C_in, C_out = draw(_dim(1, 3)), draw(_dim(1, 3))
    kh, kw = draw(_dim(1, 3)), draw(_dim(1, 3))
    padding = draw(st.integers(0, 2))
    stride = draw(st.integers(1, 3))
    H = draw(st.integers(max(1, kh - 2 * padding), 6))
    W = draw(st.integers(max(1, kw - 2 * padding), 6))
    N = draw(_dim(1, 3))
    return {
        "kernel": draw(float_arrays((C_out, C_in, kh, kw))),
        "b": draw(float_arrays((C_out,))),
        "z": draw(float_arrays((N, C_in, H, W))),
        "stride": stride,
        "padding": padding,
    }


@st.composite
def activation_instances(draw: Any, *, kinds: tuple[str, ...] = ("relu", "leaky_relu", "absolute_value", "convex_pwl"), max_nu: float = 3.0) -> dict:
    """An elementwise activation and a batch ``z``.

    ``kind`` is one of ``relu``, ``leaky_relu`` (with ``nu`` in (0, max_nu]),
    ``absolute_value`` or ``convex_pwl`` (``slopes`` and ``offsets`` of
    :math:`\\max_r a_r t + b_r`, 1 to 4 pieces).
    """
    kind = draw(st.sampled_from(kinds))
    N, D = draw(_dim(1, 4)), draw(_dim(1, 5))
    inst: dict[str, Any] = {"kind": kind, "z": draw(float_arrays((N, D)))}
    if kind == "leaky_relu":
        inst["nu"] = draw(st.floats(1.0 / 64, max_nu, width=32, exclude_min=False))
    if kind == "convex_pwl":
        R = draw(_dim(1, 4))
        inst["slopes"] = draw(st.lists(elements(3.0), min_size=R, max_size=R))
        inst["offsets"] = draw(st.lists(elements(3.0), min_size=R, max_size=R))
    return inst


@st.composite
def pooling_instances(draw: Any) -> dict:
    """Pooling regions over a (C, H, W) map (spatial, channel or arbitrary) and a batch ``z``."""
    C, H, W = draw(_dim(1, 3)), draw(_dim(1, 4)), draw(_dim(1, 4))
    D = C * H * W
    from ...operators import channel_pooling_regions, spatial_pooling_regions

    kind = draw(st.sampled_from(["spatial", "channel", "arbitrary"]))
    if kind == "spatial":
        size = draw(st.integers(1, min(H, W)))
        stride = draw(st.integers(1, size))
        regions = spatial_pooling_regions(C, H, W, size=size, stride=stride)
    elif kind == "channel":
        group = draw(st.sampled_from([g for g in range(1, C + 1) if C % g == 0]))
        regions = channel_pooling_regions(C, H, W, group=group)
    else:
        regions = draw(st.lists(st.lists(st.integers(0, D - 1), min_size=1, max_size=5, unique=True), min_size=1, max_size=5))
    N = draw(_dim(1, 4))
    return {"regions": regions, "D": D, "z": draw(float_arrays((N, D)))}


@st.composite
def convex_spline_instances(draw: Any, *, max_R: int = 5) -> dict:
    """A convex, continuous 1-D affine spline given on its partition, and inputs.

    ``knots`` (R-1 increasing breakpoints), ``alpha`` (R, 1) strictly increasing
    slopes, ``beta`` (R,) offsets fixed by continuity at the knots, and
    inputs ``x`` (N, 1). The spline on interval r is
    :math:`\\alpha_r t + \\beta_r`.
    """
    R = draw(_dim(1, max_R))
    knots = sorted(draw(st.lists(st.integers(-8, 8), min_size=R - 1, max_size=R - 1, unique=True)))
    knots = [k / 2 for k in knots]
    slopes = sorted(draw(st.lists(st.integers(-8, 8), min_size=R, max_size=R, unique=True)))
    slopes = [s / 4 for s in slopes]
    beta = [draw(st.integers(-8, 8)) / 4]
    for r in range(1, R):
        # continuity at knots[r-1]: a_{r-1} t + b_{r-1} = a_r t + b_r
        beta.append(beta[-1] + (slopes[r - 1] - slopes[r]) * knots[r - 1])
    N = draw(_dim(1, 8))
    return {
        "knots": knots,
        "alpha": np.asarray(slopes, dtype=np.float64)[:, None],
        "beta": np.asarray(beta, dtype=np.float64),
        "x": draw(float_arrays((N, 1), bound=6.0)),
    }


