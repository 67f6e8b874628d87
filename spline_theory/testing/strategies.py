"""Hypothesis strategies of MASOs, operators and claim instances.

Instances are dicts of *host* NumPy arrays and plain Python values, so they
are JSON-serialisable and backend-neutral; :meth:`spline_theory.claims.Claim.check`
moves them to the backend and dtype under test. Element values are drawn
exactly representable in float32 (``width=32``), so a float32 run checks the
very instance that a float64 run would.

Strategies are plural nouns (``masos()``, ``maso_instances()``). For large
arrays draw a shape and a seed (:func:`seeded_maso_instances`): Hypothesis is
poor at drawing arrays of thousands of elements.

Examples
--------
>>> from hypothesis import given
>>> from spline_theory.testing.strategies import maso_instances
>>> @given(maso_instances())
... def test_output_shape(inst):
...     assert inst["x"].shape[1] == inst["A"].shape[2]
>>> test_output_shape()
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .. import backend as _backend
from ..maso import MASO

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
    "factorial_instances",
    "orthogonal_weight_instances",
    "penalty_instances",
    "initialization_instances",
    "patch_instances",
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
    from ..operators import channel_pooling_regions, spatial_pooling_regions

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


# ------------------------------------------------------------------------------------------
# Factorial model, orthogonal filters, apodized patches, prior at initialization
# (iclr19 Sec. 5, App. B, App. C)
# ------------------------------------------------------------------------------------------
def _priors(draw: Any, K: int, R: int) -> np.ndarray:
    w = np.asarray(draw(st.lists(st.integers(1, 8), min_size=K * R, max_size=K * R)), dtype=np.float64).reshape(K, R)
    return w / w.sum(axis=1, keepdims=True)


@st.composite
def factorial_instances(draw: Any, *, orthogonal: bool = False, max_K: int = 3, max_R: int = 3, max_D: int = 4, max_N: int = 3) -> dict:
    """``{"A" (K, R, D), "prior" (K, R), "x" (N, D), "sigma2"}`` for the factorial model (iclr19 Eq. (10)).

    With ``orthogonal=True`` the slopes satisfy iclr19 Eq. (11): unit k lives on
    its own group of coordinates (``D >= K``), optionally rotated by a seeded
    random orthogonal matrix (``rotated`` in the instance).
    """
    K, R = draw(_dim(1, max_K)), draw(_dim(1, max_R))
    if orthogonal:
        D = draw(_dim(K, max(K, max_D)))
        cuts = sorted(draw(st.lists(st.integers(1, D - 1), min_size=K - 1, max_size=K - 1, unique=True))) if K > 1 else []
        bounds = [0, *cuts, D]
        A = np.zeros((K, R, D))
        for k in range(K):
            A[k, :, bounds[k] : bounds[k + 1]] = draw(float_arrays((R, bounds[k + 1] - bounds[k]), bound=2.0))
        rotated = draw(st.booleans())
        if rotated:
            Q, _ = np.linalg.qr(np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal((D, D)))
            A = A @ Q.T
    else:
        D = draw(_dim(1, max_D))
        A = draw(float_arrays((K, R, D), bound=2.0))
    N = draw(_dim(1, max_N))
    inst = {
        "A": A,
        "prior": _priors(draw, K, R),
        "x": draw(float_arrays((N, D), bound=3.0)),
        "sigma2": draw(st.sampled_from([0.25, 0.5, 1.0, 2.0, 4.0])),
    }
    if orthogonal:
        inst["rotated"] = rotated
    return inst


@st.composite
def orthogonal_weight_instances(draw: Any, *, max_K: int = 4, max_D: int = 5) -> dict:
    """``{"W" (K, D), "b" (K,), "slope_scales", "scales" (K,)}``: a dense layer and an activation.

    ``slope_scales`` is ReLU ``(1, 0)``, absolute value ``(1, -1)`` or leaky
    ReLU ``(1, nu)`` (iclr19 order, active region first); ``scales`` are
    positive row scalings applied after orthogonalization (orthogonal, not
    orthonormal, rows).
    """
    D = draw(_dim(1, max_D))
    K = draw(_dim(1, min(max_K, D)))
    act = draw(st.sampled_from(["relu", "absolute_value", "leaky_relu"]))
    scales = {"relu": [1.0, 0.0], "absolute_value": [1.0, -1.0], "leaky_relu": [1.0, draw(st.sampled_from([0.01, 0.1, 0.2, 0.5]))]}[act]
    return {
        "W": draw(float_arrays((K, D))),
        "b": draw(float_arrays((K,))),
        "slope_scales": scales,
        "scales": np.asarray(draw(st.lists(st.sampled_from([0.25, 0.5, 1.0, 2.0, 3.0]), min_size=K, max_size=K))),
    }


@st.composite
def penalty_instances(draw: Any) -> dict:
    """``{"A" (K, R, D), "E" (K, R, D)}``: slopes (general or orthogonal in the sense of iclr19 Eq. (11)) and a direction."""
    inst = draw(factorial_instances(orthogonal=draw(st.booleans())))
    return {"A": inst["A"], "E": draw(float_arrays(inst["A"].shape, bound=2.0))}


@st.composite
def initialization_instances(draw: Any, *, max_D: int = 256) -> dict:
    """``{"D", "v", "v_small"}``: a fan-in, its Xavier standard deviation :math:`v = D^{-1/2}` and a smaller one."""
    D = draw(st.integers(1, max_D))
    v = D**-0.5
    return {"D": D, "v": v, "v_small": v * draw(st.sampled_from([0.125, 0.25, 0.5, 0.75, 0.9]))}


@st.composite
def patch_instances(draw: Any, *, max_C: int = 2, max_H: int = 5) -> dict:
    """``{"z" (C, H, W), "h" (I_C, J_C), "templates" (M, C, I_C, J_C), "z_hat" (C, H, W)}`` (iclr19 App. B).

    ``h`` is positive and sums to one (built from small integer weights); half
    the time ``z_hat`` equals ``z`` (every patch reconstructed exactly).
    """
    C, H, W = draw(_dim(1, max_C)), draw(_dim(1, max_H)), draw(_dim(1, max_H))
    Ic, Jc = draw(_dim(1, H)), draw(_dim(1, W))
    hw = np.asarray(draw(st.lists(st.integers(1, 4), min_size=Ic * Jc, max_size=Ic * Jc)), dtype=np.float64).reshape(Ic, Jc)
    M = draw(_dim(1, 3))
    z = draw(float_arrays((C, H, W)))
    return {
        "z": z,
        "h": hw / hw.sum(),
        "templates": draw(float_arrays((M, C, Ic, Jc))),
        "z_hat": z.copy() if draw(st.booleans()) else draw(float_arrays((C, H, W))),
    }


# ---- networks ----
# Small networks of spline_theory.layers as JSON-friendly specs (Network.to_spec
# format, host arrays) and a batch of inputs; claims build the Network on the
# backend and dtype of x with Network.like(inst["net"], x).
__all__ += ["network_specs", "network_instances", "convex_network_instances", "multiconvexity_instances", "dense_relu_instances"]

_CONVEX_ACTS = ("ReLU", "Abs", "LeakyReLU")


def _act(draw: Any, names: tuple = ("ReLU", "Abs", "LeakyReLU"), max_eta: float = 3.0) -> dict:
    name = draw(st.sampled_from(names))
    if name == "LeakyReLU":
        return {"type": name, "eta": draw(st.sampled_from([e for e in (0.01, 0.1, 0.5, 1.0, 2.0, 3.0) if e <= max_eta]))}
    return {"type": name}


def _dense(draw: Any, K: int, D: int, *, nonneg: bool = False) -> dict:
    W = draw(float_arrays((K, D), bound=2.0))
    b = draw(float_arrays((K,), bound=2.0))
    return {"type": "Dense", "W": np.abs(W) if nonneg else W, "b": b}


@st.composite
def network_specs(draw: Any, *, kinds: tuple = ("mlp", "cnn", "residual", "maxout", "rnn", "bn_pool"), max_eta: float = 3.0) -> dict:
    """A small network spec: ``{"input_shape": [...], "layers": [layer specs]}``.

    ``kinds``: ``mlp`` (dense and elementwise activations), ``cnn`` (conv,
    ReLU, spatial or channel max pooling, flatten, dense), ``residual``,
    ``maxout``, ``rnn`` (ReLU RNN unrolled over T steps) and ``bn_pool``
    (conv, BatchNorm, average and global average pooling).
    """
    kind = draw(st.sampled_from(kinds))
    if kind == "mlp":
        D = draw(_dim(1, 4))
        widths = draw(st.lists(_dim(1, 4), min_size=1, max_size=2))
        layers, d = [], D
        for w in widths:
            layers += [_dense(draw, w, d), _act(draw, max_eta=max_eta)]
            d = w
        layers.append(_dense(draw, draw(_dim(1, 3)), d))
        return {"input_shape": [D], "layers": layers}
    if kind in ("cnn", "bn_pool"):
        C, H = draw(_dim(1, 2)), draw(_dim(2, 4))
        Co, k = draw(_dim(1, 2)) * (2 if kind == "cnn" else 1), draw(_dim(1, 2))
        pad, stride = draw(st.integers(0, 1)), draw(st.integers(1, 2))
        Ho = (H + 2 * pad - k) // stride + 1
        conv = {"type": "Conv2d", "kernel": draw(float_arrays((Co, C, k, k), bound=2.0)), "b": draw(float_arrays((Co,), bound=2.0)), "stride": stride, "padding": pad}
        if kind == "cnn":
            layers = [conv, {"type": "ReLU"}]
            if Ho >= 2 and draw(st.booleans()):
                size = draw(st.integers(1, 2))
                layers.append({"type": "MaxPool", "size": size, "stride": draw(st.integers(1, size))})
                Ho = (Ho - size) // layers[-1]["stride"] + 1
            else:
                layers.append({"type": "ChannelMaxPool", "group": 2})
                Co //= 2
            layers.append({"type": "Flatten"})
            layers.append(_dense(draw, draw(_dim(1, 3)), Co * Ho * Ho))
        else:
            bn = {"type": "BatchNorm", "gamma": draw(float_arrays((Co,), bound=2.0)), "beta": draw(float_arrays((Co,), bound=2.0)),
                  "mean": draw(float_arrays((Co,), bound=2.0)), "var": np.abs(draw(float_arrays((Co,), bound=2.0))), "eps": 1e-3}
            layers = [conv, bn, _act(draw, max_eta=max_eta)]
            if Ho >= 2 and draw(st.booleans()):
                layers.append({"type": "AvgPool", "size": 2, "stride": 1})
            layers.append({"type": "GlobalAvgPool"})
            layers.append(_dense(draw, draw(_dim(1, 3)), Co))
        return {"input_shape": [C, H, H], "layers": layers}
    if kind == "residual":
        D = draw(_dim(1, 3))
        W = draw(_dim(1, 3))
        branch = [_dense(draw, W, D), _act(draw, max_eta=max_eta), _dense(draw, D, W)]
        return {"input_shape": [D], "layers": [_dense(draw, D, D), {"type": "ReLU"}, {"type": "Residual", "layers": branch}, _dense(draw, draw(_dim(1, 3)), D)]}
    if kind == "maxout":
        D, K, R = draw(_dim(1, 3)), draw(_dim(1, 3)), draw(_dim(1, 3))
        mo = {"type": "Maxout", "A": draw(float_arrays((K, R, D), bound=2.0)), "B": draw(float_arrays((K, R), bound=2.0))}
        return {"input_shape": [D], "layers": [mo, _dense(draw, draw(_dim(1, 3)), K)]}
    # rnn
    Dx, Hh, T = draw(_dim(1, 2)), draw(_dim(1, 3)), draw(_dim(1, 3))
    rnn = {"type": "ReLURNN", "W_x": draw(float_arrays((Hh, Dx), bound=2.0)), "W_h": draw(float_arrays((Hh, Hh), bound=1.0)), "b": draw(float_arrays((Hh,), bound=2.0)), "T": T}
    return {"input_shape": [T, Dx], "layers": [rnn, _dense(draw, draw(_dim(1, 3)), Hh)]}


def _inputs(draw: Any, spec: dict, max_N: int) -> np.ndarray:
    D = int(np.prod(spec["input_shape"]))
    return draw(float_arrays((draw(_dim(1, max_N)), D), bound=3.0))


@st.composite
def network_instances(draw: Any, *, max_N: int = 4, **kw: Any) -> dict:
    """``{"net": spec, "x": (N, D)}`` with a spec of :func:`network_specs`."""
    spec = draw(network_specs(**kw))
    return {"net": spec, "x": _inputs(draw, spec, max_N)}


@st.composite
def convex_network_instances(draw: Any, *, max_N: int = 4) -> dict:
    """Networks meeting icml18 Thm. 2 (first layer free; later weights >= 0, ReLU / leaky ReLU (eta <= 1) / max pooling)
    and two batches ``x``, ``y`` of inputs (pairs for midpoint convexity)."""
    if draw(st.booleans()):
        D = draw(_dim(1, 3))
        w1 = draw(_dim(1, 3))
        layers = [_dense(draw, w1, D), _act(draw, max_eta=1.0)]
        d = w1
        if draw(st.booleans()):
            w2 = draw(_dim(1, 2))
            layers += [_dense(draw, w2, d, nonneg=True), _act(draw, ("ReLU", "LeakyReLU"), max_eta=1.0)]
            d = w2
        layers.append(_dense(draw, draw(_dim(1, 2)), d, nonneg=True))
        spec = {"input_shape": [D], "layers": layers}
    else:
        H = draw(_dim(2, 3))
        Co = draw(_dim(1, 2))
        conv = {"type": "Conv2d", "kernel": draw(float_arrays((Co, 1, 2, 2), bound=2.0)), "b": draw(float_arrays((Co,), bound=2.0)), "stride": 1, "padding": 0}
        Ho = H - 1
        spec = {"input_shape": [1, H, H], "layers": [conv, _act(draw, max_eta=1.0), {"type": "MaxPool", "size": Ho, "stride": 1}, {"type": "Flatten"},
                                                      _dense(draw, draw(_dim(1, 2)), Co, nonneg=True)]}
    N = draw(_dim(1, max_N))
    D = int(np.prod(spec["input_shape"]))
    return {"net": spec, "x": draw(float_arrays((N, D), bound=3.0)), "y": draw(float_arrays((N, D), bound=3.0))}


@st.composite
def convex_plane_operator_instances(draw: Any, *, max_N: int = 8, min_C: int = 1, max_C: int = 3) -> dict:
    """A convex piecewise-affine function (``C = 1``) or operator (``C`` = 2, 3) of :math:`\\mathbb R^2`, and inputs.

    A network meeting icml18 Thm. 2 on ``D = 2`` inputs: a free first layer
    (dense + ReLU / absolute value / leaky ReLU with eta <= 1, or a maxout
    layer), optionally a dense layer with weights >= 0 and a ReLU / leaky ReLU,
    then a dense layer with weights >= 0 and ``C`` outputs; ``x`` (N, 2) in
    the box :math:`[-3, 3]^2`.
    """
    if draw(st.booleans()):
        w1 = draw(_dim(1, 4))
        layers = [_dense(draw, w1, 2), _act(draw, max_eta=1.0)]
    else:
        w1, R = draw(_dim(1, 3)), draw(_dim(2, 3))
        layers = [{"type": "Maxout", "A": draw(float_arrays((w1, R, 2), bound=2.0)), "B": draw(float_arrays((w1, R), bound=2.0))}]
    d = w1
    if draw(st.booleans()):
        w2 = draw(_dim(1, 3))
        layers += [_dense(draw, w2, d, nonneg=True), _act(draw, ("ReLU", "LeakyReLU"), max_eta=1.0)]
        d = w2
    layers.append(_dense(draw, draw(_dim(min_C, max_C)), d, nonneg=True))
    return {"net": {"input_shape": [2], "layers": layers}, "x": draw(float_arrays((draw(_dim(1, max_N)), 2), bound=3.0))}


__all__ += ["convex_plane_operator_instances"]


@st.composite
def multiconvexity_instances(draw: Any) -> dict:
    """A Thm. 2 network, the index ``layer`` of one of its dense operators and a second
    parameter value ``W_alt``, ``b_alt`` for it (non-negative after the first nonlinear layer)."""
    inst = draw(convex_network_instances())
    spec = inst["net"]
    dense = [i for i, lay in enumerate(spec["layers"]) if lay["type"] == "Dense"]
    i = draw(st.sampled_from(dense))
    W = spec["layers"][i]["W"]
    first_nonlinear = next(j for j, lay in enumerate(spec["layers"]) if lay["type"] not in ("Dense", "Conv2d", "Flatten"))
    W_alt = draw(float_arrays(W.shape, bound=2.0))
    inst.update(layer=i, W_alt=np.abs(W_alt) if i > first_nonlinear else W_alt, b_alt=draw(float_arrays(spec["layers"][i]["b"].shape, bound=2.0)))
    return inst


@st.composite
def dense_relu_instances(draw: Any, *, orthogonal: bool = False, independent_rows: bool = False, max_N: int = 6) -> dict:
    """A dense + ReLU layer ``{"net", "x"}``; with ``orthogonal=True`` the rows of W are
    mutually orthogonal (a scaled rotation, K = D); with ``independent_rows=True`` W has
    K <= D linearly independent rows, condition number at most 4
    (:math:`W = U \\operatorname{diag}(s) V^T`, U, V with orthonormal columns, s in [1/2, 2])."""
    D = draw(_dim(1, 3))
    if independent_rows:
        K = draw(_dim(1, D))
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        U, _ = np.linalg.qr(rng.standard_normal((K, K)))
        V, _ = np.linalg.qr(rng.standard_normal((D, D)))
        sv = np.asarray(draw(st.lists(st.sampled_from([0.5, 0.75, 1.0, 1.5, 2.0]), min_size=K, max_size=K)))
        W = (U * sv[None, :]) @ V[:, :K].T
    elif orthogonal:
        K = D
        Q, _ = np.linalg.qr(np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal((D, D)))
        W = Q * np.asarray(draw(st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=D, max_size=D)))[:, None]
    else:
        K = draw(_dim(1, 4))
        W = draw(float_arrays((K, D), bound=2.0))
    spec = {"input_shape": [D], "layers": [{"type": "Dense", "W": W, "b": draw(float_arrays((K,), bound=2.0))}, {"type": "ReLU"}]}
    return {"net": spec, "x": draw(float_arrays((draw(_dim(1, max_N)), D), bound=3.0))}


@st.composite
def composition_instances(draw: Any, *, max_N: int = 4) -> dict:
    """Compositions of MASOs ``{"net", "x", "y"}``: an affine operator followed by an activation
    (ReLU, absolute value, leaky ReLU with eta <= 1) or a maxout operator, optionally followed by a
    second dense + activation pair (weights of any sign, or non-negative)."""
    D, K = draw(_dim(1, 3)), draw(_dim(1, 3))
    layers = [_dense(draw, K, D)]
    if draw(st.booleans()):
        R = draw(_dim(1, 3))
        A = draw(float_arrays((K, R, K), bound=2.0))
        layers.append({"type": "Maxout", "A": np.abs(A) if draw(st.booleans()) else A, "B": draw(float_arrays((K, R), bound=2.0))})
    else:
        layers.append(_act(draw, max_eta=1.0))
    if draw(st.booleans()):
        layers += [_dense(draw, draw(_dim(1, 2)), K, nonneg=draw(st.booleans())), _act(draw, max_eta=1.0)]
    N = draw(_dim(1, max_N))
    return {"net": {"input_shape": [D], "layers": layers}, "x": draw(float_arrays((N, D), bound=3.0)), "y": draw(float_arrays((N, D), bound=3.0))}


__all__ += ["composition_instances"]


@st.composite
def residual_stack_instances(draw: Any, *, max_blocks: int = 3, max_D: int = 2, max_N: int = 2) -> dict:
    """A stack of residual blocks ``z + ReLU(W z + b)`` (report17 Sec. 3.3.3 with :math:`C_{out} = I`), ``{"net", "x"}``."""
    D, n = draw(_dim(1, max_D)), draw(_dim(1, max_blocks))
    layers = [{"type": "Residual", "layers": [_dense(draw, D, D), {"type": "ReLU"}]} for _ in range(n)]
    return {"net": {"input_shape": [D], "layers": layers}, "x": draw(float_arrays((draw(_dim(1, max_N)), D), bound=3.0))}


__all__ += ["residual_stack_instances"]


@st.composite
def rnn_instances(draw: Any, *, etas: tuple = (0.0, 0.5, 2.0), max_N: int = 3) -> dict:
    """A one-layer RNN ``h_t = sigma(W_h h_{t-1} + W_x x_t + b)`` (ReLU for eta = 0, else leaky ReLU) unrolled over T steps, ``{"net", "x"}``."""
    Dx, H, T = draw(_dim(1, 2)), draw(_dim(1, 3)), draw(_dim(1, 3))
    rnn = {"type": "ReLURNN", "W_x": draw(float_arrays((H, Dx), bound=2.0)), "W_h": draw(float_arrays((H, H), bound=1.0)),
           "b": draw(float_arrays((H,), bound=2.0)), "T": T, "eta": draw(st.sampled_from(etas))}
    return {"net": {"input_shape": [T, Dx], "layers": [rnn]}, "x": draw(float_arrays((draw(_dim(1, max_N)), T * Dx), bound=3.0))}


__all__ += ["rnn_instances"]


@st.composite
def pooled_residual_instances(draw: Any, *, max_N: int = 3) -> dict:
    """A report17 residual layer: ``MaxPool(ReLU(C_in z + b_in) + C_out z + b_out)`` on a (C, H, W) input, ``{"net", "x"}``.

    C_in and C_out are shape-preserving convolutions (1 x 1, or 3 x 3 with padding 1);
    the pooling size is 1 (no pooling) or 2.
    """
    C, H = draw(_dim(1, 2)), draw(_dim(2, 3))

    def conv():
        k = draw(st.sampled_from([1, 3]))
        return {"type": "Conv2d", "kernel": draw(float_arrays((C, C, k, k), bound=2.0)), "b": draw(float_arrays((C,), bound=2.0)), "stride": 1, "padding": k // 2}

    size = draw(st.sampled_from([1, 2]))
    layers = [{"type": "Residual", "layers": [conv(), {"type": "ReLU"}], "skip": conv()}, {"type": "MaxPool", "size": size, "stride": size}]
    return {"net": {"input_shape": [C, H, H], "layers": layers}, "x": draw(float_arrays((draw(_dim(1, max_N)), C * H * H), bound=3.0))}


__all__ += ["pooled_residual_instances"]


def _shape_conv(draw: Any, C: int) -> dict:
    """A shape-preserving convolution C -> C (1 x 1, or 3 x 3 with padding 1)."""
    k = draw(st.sampled_from([1, 3]))
    return {"type": "Conv2d", "kernel": draw(float_arrays((C, C, k, k), bound=1.5)), "b": draw(float_arrays((C,), bound=2.0)), "stride": 1, "padding": k // 2}


def _pool(draw: Any, H: int, kinds: tuple = ("MaxPool", "AvgPool")) -> tuple[dict, int]:
    """A max or average pooling of size 1 or 2 (2 only while the side H is even), and the side after it."""
    size = draw(st.sampled_from([1, 2] if H % 2 == 0 else [1]))
    return {"type": draw(st.sampled_from(kinds)), "size": size, "stride": size}, H // size


@st.composite
def dcn_instances(draw: Any, *, max_blocks: int = 2, classifier: bool = True, max_N: int = 3) -> dict:
    """A report17 Sec. 3.3.2 DCN: blocks ``rho(sigma(C z + b))`` then (``classifier``) flatten and a dense ``W^(L), b^(L)``.

    sigma is a hard tanh ``clip(t, lo, hi)`` (an affine spline with a bias
    :math:`b_\\sigma \\ne 0` in its saturated regions), ReLU, absolute value or a
    leaky ReLU; rho is a max or average pooling of size 1 or 2. ``{"net", "x"}``
    on a (C, H, H) input.
    """
    C, H = draw(_dim(1, 2)), draw(st.sampled_from([2, 4]))
    side, layers = H, []
    for _ in range(draw(_dim(1, max_blocks))):
        lo = draw(st.sampled_from([-1.0, -0.5, 0.0]))
        act = draw(st.sampled_from([{"type": "Hardtanh", "lo": lo, "hi": lo + draw(st.sampled_from([0.5, 1.0, 2.0]))}, _act(draw)]))
        pool, side = _pool(draw, side)
        layers += [_shape_conv(draw, C), act, pool]
    if classifier:
        layers += [{"type": "Flatten"}, _dense(draw, draw(_dim(1, 3)), C * side * side)]
    return {"net": {"input_shape": [C, H, H], "layers": layers}, "x": draw(float_arrays((draw(_dim(1, max_N)), C * H * H), bound=3.0))}


@st.composite
def resnet_instances(draw: Any, *, pooled: bool = False, max_blocks: int = 3, max_N: int = 3) -> dict:
    """A report17 Sec. 3.3.3 ResNet: residual blocks ``ReLU(C_in z + b_in) + C_out z + b_out``, then flatten and a dense ``W^(L), b^(L)``.

    The skip is a convolution ``C_out z + b_out`` or the identity; with
    ``pooled`` every block is followed by a max pooling of size 1 or 2
    (Eq. (44)); ``{"net", "x"}`` on a (C, H, H) input, with 1 to 3 classes.
    """
    C, H = draw(_dim(1, 2)), draw(st.sampled_from([2, 4]))
    side, layers = H, []
    for _ in range(draw(_dim(1, max_blocks))):
        block = {"type": "Residual", "layers": [_shape_conv(draw, C), {"type": "ReLU"}]}
        if draw(st.booleans()):
            block["skip"] = _shape_conv(draw, C)
        layers.append(block)
        if pooled:
            pool, side = _pool(draw, side, ("MaxPool",))
            layers.append(pool)
    layers += [{"type": "Flatten"}, _dense(draw, draw(_dim(1, 3)), C * side * side)]
    return {"net": {"input_shape": [C, H, H], "layers": layers}, "x": draw(float_arrays((draw(_dim(1, max_N)), C * H * H), bound=3.0))}


__all__ += ["dcn_instances", "resnet_instances"]


@st.composite
def activation_layer_instances(draw: Any, *, max_eta: float = 3.0, max_N: int = 4) -> dict:
    """One elementwise activation layer (ReLU, absolute value, leaky ReLU of any eta <= max_eta) and inputs, ``{"net", "x"}``."""
    K = draw(_dim(1, 4))
    return {"net": {"input_shape": [K], "layers": [_act(draw, max_eta=max_eta)]}, "x": draw(float_arrays((draw(_dim(1, max_N)), K), bound=3.0))}


__all__ += ["activation_layer_instances"]


# ---- iclr19 vq ----
# SMASO mixture, hard / soft / beta-VQ inference and the nonlinearities they
# induce (iclr19 Sec. 2-4, App. A, E).
__all__ += [
    "smaso_instances",
    "simplex_instances",
    "relu_layer_instances",
    "equal_pooling_instances",
    "classifier_instances",
    "tanh_network_instances",
    "beta_activation_instances",
    "layer_instances",
]


def _betas_open() -> st.SearchStrategy[float]:
    """beta in (0, 1): 1/2 (soft VQ) often, otherwise in [1/16, 15/16]."""
    return st.one_of(st.just(0.5), st.floats(0.0625, 0.9375, width=32))


@st.composite
def smaso_instances(draw: Any, *, bound: float = 4.0, **kw: Any) -> dict:
    """A MASO instance ``{"A", "B", "x"}`` plus a noise variance ``sigma2`` (iclr19 Eq. (3)).

    Entries lie in [-bound, bound]; ``sigma2`` is a power of two in [1/16, 4].
    """
    p = draw(maso_parameters(**kw)) if bound == 4.0 else None
    if p is None:
        K, R, D = draw(_dim(1, kw.get("max_K", 4))), draw(_dim(1, kw.get("max_R", 4))), draw(_dim(1, kw.get("max_D", 5)))
        p = {"A": draw(float_arrays((K, R, D), bound=bound)), "B": draw(float_arrays((K, R), bound=bound))}
    N = draw(_dim(1, 6))
    p["x"] = draw(float_arrays((N, p["A"].shape[2]), bound=bound))
    p["sigma2"] = draw(st.sampled_from([1 / 16, 1 / 4, 1 / 2, 1.0, 2.0, 4.0]))
    return p


@st.composite
def simplex_instances(draw: Any, *, max_K: int = 3, max_R: int = 4, max_D: int = 3, max_N: int = 3, bound: float = 2.0) -> dict:
    """A small MASO instance, ``beta`` in (0, 1) and other points ``T_other`` (N, K, R) of the simplex.

    ``T_other`` rows are normalized small integers, zeros included (vertices
    and faces of the simplex as well as interior points).
    """
    K, R, D, N = draw(_dim(1, max_K)), draw(_dim(2, max_R)), draw(_dim(1, max_D)), draw(_dim(1, max_N))
    w = np.asarray(draw(st.lists(st.integers(0, 6), min_size=N * K * R, max_size=N * K * R)), dtype=np.float64).reshape(N, K, R)
    w[..., 0] += (w.sum(axis=2) == 0)  # no all-zero row
    return {
        "A": draw(float_arrays((K, R, D), bound=bound)),
        "B": draw(float_arrays((K, R), bound=bound)),
        "x": draw(float_arrays((N, D), bound=bound)),
        "beta": draw(_betas_open()),
        "T_other": w / w.sum(axis=2, keepdims=True),
    }


@st.composite
def relu_layer_instances(draw: Any, *, max_K: int = 4, max_D: int = 4, max_N: int = 5) -> dict:
    """A fully connected + ReLU layer ``{"W" (K, D), "b" (K,), "x" (N, D)}``, ``beta`` in (0, 1), region order.

    ``active_first`` picks iclr19's (True) or icml18's (False) region order,
    so claims are checked under both; ``b`` is zero half the time.
    """
    K, D, N = draw(_dim(1, max_K)), draw(_dim(1, max_D)), draw(_dim(1, max_N))
    b = np.zeros(K) if draw(st.booleans()) else draw(float_arrays((K,)))
    return {
        "W": draw(float_arrays((K, D))),
        "b": b,
        "x": draw(float_arrays((N, D))),
        "beta": draw(_betas_open()),
        "active_first": draw(st.booleans()),
    }


@st.composite
def equal_pooling_instances(draw: Any) -> dict:
    """Pooling regions of one common size over D inputs, a batch ``z`` (N, D) and ``beta`` in (0, 1)."""
    D = draw(_dim(1, 8))
    size = draw(_dim(1, D))
    K = draw(_dim(1, 4))
    regions = [draw(st.permutations(range(D)))[:size] for _ in range(K)]
    return {"regions": [list(r) for r in regions], "D": D, "z": draw(float_arrays((draw(_dim(1, 4)), D))), "beta": draw(_betas_open())}


@st.composite
def classifier_instances(draw: Any) -> dict:
    """A fully connected output layer ``{"W" (C, D), "b" (C,), "x" (N, D)}`` with C >= 1 classes."""
    C, D, N = draw(_dim(1, 5)), draw(_dim(1, 4)), draw(_dim(1, 5))
    return {"W": draw(float_arrays((C, D))), "b": draw(float_arrays((C,))), "x": draw(float_arrays((N, D)))}


@st.composite
def tanh_network_instances(draw: Any) -> dict:
    """A tanh layer and the affine layer after it: ``C`` (K, D), ``b`` (K,), ``C_next`` (M, K), ``b_next`` (M,), ``x`` (N, D)."""
    K, D, M, N = draw(_dim(1, 4)), draw(_dim(1, 4)), draw(_dim(1, 3)), draw(_dim(1, 4))
    return {
        "C": draw(float_arrays((K, D), bound=2.0)),
        "b": draw(float_arrays((K,), bound=2.0)),
        "C_next": draw(float_arrays((M, K), bound=2.0)),
        "b_next": draw(float_arrays((M,), bound=2.0)),
        "x": draw(float_arrays((N, D), bound=2.0)),
    }


@st.composite
def beta_activation_instances(draw: Any) -> dict:
    """An activation of Fig. 1 (``relu``, ``leaky_relu`` with ``nu`` in (0, 1), ``absolute_value``,
    ``convex_pwl``) with its pieces ``slopes``/``offsets``, a batch ``z``, and ``beta_lo < beta_hi`` in (0, 1)."""
    inst = draw(activation_instances(max_nu=0.96875))
    kind = inst["kind"]
    if kind == "relu":
        inst["slopes"], inst["offsets"] = [1.0, 0.0], [0.0, 0.0]
    elif kind == "leaky_relu":
        inst["nu"] = min(inst["nu"], 0.96875)
        inst["slopes"], inst["offsets"] = [1.0, inst["nu"]], [0.0, 0.0]
    elif kind == "absolute_value":
        inst["slopes"], inst["offsets"] = [1.0, -1.0], [0.0, 0.0]
    lo, hi = sorted(draw(st.lists(st.floats(0.0625, 0.9375, width=32), min_size=2, max_size=2, unique=True)))
    inst["beta_lo"], inst["beta_hi"] = lo, hi
    return inst


@st.composite
def layer_instances(draw: Any) -> dict:
    """A linear layer composed with a convex piecewise-affine operator (iclr19 Thm. 1).

    ``kind`` is ``activation`` (pieces ``slopes``/``offsets``, optional skip
    connection ``V`` (K, D)) or ``pooling`` (``regions`` over the K outputs);
    ``W`` (K, D), ``b`` (K,), ``x`` (N, D).
    """
    K, D, N = draw(_dim(1, 4)), draw(_dim(1, 4)), draw(_dim(1, 4))
    inst: dict[str, Any] = {"W": draw(float_arrays((K, D))), "b": draw(float_arrays((K,))), "x": draw(float_arrays((N, D)))}
    inst["kind"] = draw(st.sampled_from(["activation", "pooling"]))
    if inst["kind"] == "activation":
        R = draw(_dim(1, 3))
        inst["slopes"] = draw(st.lists(elements(2.0), min_size=R, max_size=R))
        inst["offsets"] = draw(st.lists(elements(2.0), min_size=R, max_size=R))
        inst["V"] = draw(float_arrays((K, D))) if draw(st.booleans()) else np.zeros((K, D))
    else:
        size = draw(_dim(1, K))
        inst["regions"] = [list(draw(st.permutations(range(K)))[:size]) for _ in range(draw(_dim(1, 3)))]
    return inst


# ---- tian18 ----
# BatchNorm as a projection (tian18 Sec. 4, App. 8.6) and convex hulls of the
# rows of a matrix (tian18 Sec. 5.1, App. 8.7.1).
__all__ += ["bn_instances", "population_bn_instances", "bn_layer_instances", "tian18_relu_layer_instances"]


def _tidy_arrays(shape: Any, *, bound: float = 4.0) -> st.SearchStrategy[np.ndarray]:
    """:func:`float_arrays` with magnitudes below 2**-12 set to 0.

    Products of two or three drawn values then stay far above the float32
    underflow threshold (a check comparing subnormal round-off against a
    relative tolerance that itself underflows to 0 would report noise).
    """
    return float_arrays(shape, bound=bound).map(lambda a: np.where(np.abs(a) < 2.0**-12, 0.0, a))


def _f32(a: Any) -> np.ndarray:
    """Round to float32 (so a float32 run checks the very instance a float64 run does)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def _spread_column(draw: Any, f: np.ndarray) -> np.ndarray:
    """``f`` itself when it is well spread along the batch, else ``f`` plus a ramp.

    Well spread: :math:`\\sigma \\ge \\max(1, \\max|f|)/4`, so that centering
    loses at most a few bits (the condition number of BatchNorm).
    """
    def spread(v: np.ndarray) -> bool:
        return bool(v.std() >= 0.25 * max(1.0, np.abs(v).max()))

    if spread(f):
        return f
    step = draw(st.sampled_from([1.0, 2.0, -1.0, -2.0]))
    g = _f32(f + step * np.arange(f.shape[0]))
    from hypothesis import assume

    assume(spread(g))
    return g


@st.composite
def bn_instances(draw: Any, *, eps: bool = False, max_N: int = 6) -> dict:
    """``{"f" (N,), "c" (2,), "g_bn" (N,), "eps"}``: one BatchNorm node on a batch of N >= 3.

    ``f`` is well spread along the batch (standard deviation at least a
    quarter of its largest magnitude); ``eps`` is 0, or with ``eps=True``
    one of 1/16, 1/4, 1.
    """
    N = draw(_dim(3, max_N))
    f = _spread_column(draw, draw(_tidy_arrays((N,))))
    return {
        "f": f,
        "c": draw(_tidy_arrays((2,), bound=3.0)),
        "g_bn": draw(_tidy_arrays((N,))),
        "eps": draw(st.sampled_from([0.0625, 0.25, 1.0])) if eps else 0.0,
    }


@st.composite
def population_bn_instances(draw: Any, *, max_m: int = 5) -> dict:
    """``{"f" (m,), "c" (2,), "g_bn" (m,), "counts"}``: a node on m events with P(z) = counts / sum(counts)."""
    m = draw(_dim(3, max_m))
    f = _spread_column(draw, draw(_tidy_arrays((m,))))
    return {
        "f": f,
        "c": draw(_tidy_arrays((2,), bound=3.0)),
        "g_bn": draw(_tidy_arrays((m,))),
        "counts": draw(st.lists(st.integers(1, 4), min_size=m, max_size=m)),
    }


@st.composite
def bn_layer_instances(draw: Any, *, eps: bool = False, max_N: int = 5, max_K: int = 3) -> dict:
    """``{"F_in" (N, K), "W" (1, K), "c" (1, 2), "Y" (N, 1), "lr", "eps"}``: one row of a linear layer followed by BN.

    The pre-BN activations ``F_in @ W.T`` are made well spread along the
    batch: when they are not, a ramp along ``W`` is added to ``F_in``
    (shifting ``f`` by 0, s, 2s, ...). ``c_1`` is one of 1/2, 1, 3/2, 2, -1;
    ``lr`` is a step size; ``eps`` as in :func:`bn_instances`. One row is
    enough: the rows of W evolve independently (BN acts per node).
    """
    N, K = draw(_dim(3, max_N)), draw(_dim(1, max_K))
    F_in = draw(_tidy_arrays((N, K), bound=2.0))
    w = draw(_tidy_arrays((K,), bound=2.0))
    if w @ w < 0.25:  # keep |w| >= 1/2, so that the ramp below stays of size O(N)
        w = _f32(w + np.eye(K)[0])
    f = F_in @ w
    if f.std() < 0.25 * max(1.0, np.abs(f).max()):
        step = draw(st.sampled_from([1.0, 0.5, -1.0, -0.5]))
        F_in = _f32(F_in + np.outer(step * np.arange(N), w) / (w @ w))
    return {
        "F_in": F_in,
        "W": w[None, :],
        "c": np.asarray([[draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, -1.0])), draw(elements(1.0))]]),
        "Y": draw(_tidy_arrays((N, 1), bound=2.0)),
        "lr": draw(st.sampled_from([0.05, 0.1, 0.25, 0.5])),
        "eps": draw(st.sampled_from([0.25, 1.0])) if eps else 0.0,
    }


@st.composite
def tian18_relu_layer_instances(draw: Any, *, max_N: int = 5, max_K: int = 4, max_J: int = 3) -> dict:
    """``{"F_in" (N, K), "W" (J, K), "G_top" (N, J)}``: a ReLU layer, its inputs and the gradient from above."""
    N, K, J = draw(_dim(1, max_N)), draw(_dim(1, max_K)), draw(_dim(1, max_J))
    return {
        "F_in": draw(_tidy_arrays((N, K))),
        "W": draw(_tidy_arrays((J, K))),
        "G_top": draw(_tidy_arrays((N, J))),
    }


__all__ += ["row_matrices", "all_vert_stochastic_instances", "full_row_rank_instances", "random_relu_group_instances"]


@st.composite
def row_matrices(draw: Any, *, max_m: int = 6, max_n: int = 3, square: bool = False) -> dict:
    """``{"P" (m, n)}``: rows on a half-integer grid in [-2, 2], so interior, edge and repeated rows occur.

    With ``square=True``, m = n.
    """
    n = draw(_dim(1, max_n))
    m = n if square else draw(_dim(1, max_m))
    vals = draw(st.lists(st.integers(-4, 4), min_size=m * n, max_size=m * n))
    return {"P": np.asarray(vals, dtype=np.float64).reshape(m, n) / 2.0}


def _circle_rows(m_alpha: int, m_beta: int, angles: list[int], rng: np.random.Generator) -> np.ndarray:
    """m_alpha distinct points on a circle inside the probability simplex of R^{m_beta} (all-vert rows)."""
    B = rng.standard_normal((m_beta, 2))
    B -= B.mean(axis=0)  # directions orthogonal to 1: rows keep summing to 1
    B, _ = np.linalg.qr(B)
    r = 0.9 / m_beta / np.abs(B).sum(axis=1).max()
    th = 2 * np.pi * np.asarray(angles) / 12.0
    return 1.0 / m_beta + r * (np.cos(th)[:, None] * B[:, 0] + np.sin(th)[:, None] * B[:, 1])


@st.composite
def all_vert_stochastic_instances(draw: Any, *, max_children: int = 2, max_m: int = 5) -> dict:
    """``{"P1": (m_alpha, m_beta1), "P2": ...}``: row-stochastic, all-vert P_alpha_beta for 1-2 children (tian18 Thm. 6).

    Each child is either m_alpha points on a circle inside the simplex
    (m_beta >= 3; distinct points on a circle are all vertices) or a mixture
    :math:`(1-t) e_{\\pi(i)} + t\\, q` of distinct corners (m_beta >= m_alpha).
    Built from a drawn seed.
    """
    m_alpha = draw(_dim(2, max_m))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    Ps = []
    for _ in range(draw(_dim(1, max_children))):
        if draw(st.booleans()):
            m_beta = draw(_dim(3, 4))
            angles = draw(st.lists(st.integers(0, 11), min_size=m_alpha, max_size=m_alpha, unique=True))
            P = _circle_rows(m_alpha, m_beta, angles, rng)
        else:
            m_beta = draw(_dim(m_alpha, m_alpha + 1))
            q = rng.dirichlet(np.ones(m_beta))
            t = draw(st.sampled_from([0.1, 0.3, 0.5]))
            P = (1 - t) * np.eye(m_beta)[rng.permutation(m_beta)[:m_alpha]] + t * q
        Ps.append(P / P.sum(axis=1, keepdims=True))
    return {f"P{i + 1}": P for i, P in enumerate(Ps)}


@st.composite
def full_row_rank_instances(draw: Any, *, max_m: int = 5, max_n: int = 3) -> dict:
    """``{"P" (m, n), "F" (n, q)}``: grid rows (:func:`row_matrices`) and a seeded Gaussian F with q >= n (full row rank w.p. 1)."""
    P = draw(row_matrices(max_m=max_m, max_n=max_n))["P"]
    n = P.shape[1]
    q = draw(_dim(n, n + 2))
    F = _f32(np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal((n, q)))
    return {"P": P, "F": F}


@st.composite
def random_relu_group_instances(draw: Any, *, max_m: int = 4) -> dict:
    """``{"P" (m, m), "F" (m, m), "W" (m, m)}``: tian18 Sec. 5.1 with random weights.

    A leaf child (:math:`F_\\beta = I`), a row-stochastic :math:`P_{\\alpha\\beta}`
    with uniform random entries and Gaussian :math:`W_{\\beta\\alpha}`, both
    from a drawn seed (so the weights are random, not chosen by the search),
    m_alpha = m_beta = n_alpha = m.
    """
    m = draw(_dim(2, max_m))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    P = rng.random((m, m)) + 0.05
    return {"P": _f32(P / P.sum(axis=1, keepdims=True)), "F": np.eye(m), "W": _f32(rng.standard_normal((m, m)))}


__all__ += ["teacher_student_instances"]

#: Receptive-field hierarchies (regions, children) of tian18 Sec. 2: two inputs; three inputs with overlapping siblings; three leaves under one top.
TIAN18_HIERARCHIES = {
    "pair": ([(0,), (1,), (0, 1)], [(), (), (0, 1)]),
    "overlap": ([(0,), (1,), (2,), (0, 1), (1, 2), (0, 1, 2)], [(), (), (), (0, 1), (1, 2), (3, 4)]),
    "flat": ([(0,), (1,), (2,), (0, 1, 2)], [(), (), (), (0, 1, 2)]),
}


@st.composite
def teacher_student_instances(draw: Any) -> dict:
    """``{"A", "regions", "children", "n_nodes", "p" (A**d,), "w" (flat weights), "G_top" (A**d, n_top)}`` (tian18 Sec. 2-3).

    A hierarchy of :data:`TIAN18_HIERARCHIES`, alphabet size 2 or 3, 1-3
    nodes per region above the leaves, P(x) from small integer weights (some
    patterns may have probability 0), weights and the top gradient from a
    drawn seed (Gaussian, rounded to float32).
    """
    regions, children = TIAN18_HIERARCHIES[draw(st.sampled_from(sorted(TIAN18_HIERARCHIES)))]
    A = draw(st.sampled_from([2, 3]))
    d = 1 + max(max(r) for r in regions)
    n_nodes = [A if not ch else draw(_dim(1, 3)) for ch in children]
    counts = np.asarray(draw(st.lists(st.integers(0, 4), min_size=A**d, max_size=A**d)), dtype=np.float64)
    if counts.sum() == 0:
        counts[0] = 1.0
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_w = sum(n_nodes[b] * n_nodes[a] for a, ch in enumerate(children) for b in ch)
    top = next(i for i, r in enumerate(regions) if len(r) == d)
    return {
        "A": A,
        "regions": [list(r) for r in regions],
        "children": [list(c) for c in children],
        "n_nodes": n_nodes,
        "p": counts / counts.sum(),
        "w": _f32(rng.standard_normal(n_w)),
        "G_top": _f32(rng.standard_normal((A**d, n_nodes[top]))),
    }


__all__ += ["lossy_teacher_instances"]


@st.composite
def lossy_teacher_instances(draw: Any) -> dict:
    """``{"A", "regions", "children", "tables", "n_nodes", "q" (d, A), "w", "G_top"}``: teachers for which Thm. 2's printed conditions can hold.

    Independent input positions (``q``: per-position marginals), leaf
    summaries that may merge letters (lossy), summaries above that keep the
    tuple of the children's values: focus and broadness of knowledge then
    hold, and the decorrelation at the leaves is trivial (no gate). Weights
    are Gaussian or, half of the time, positive (every gate open).
    """
    name = draw(st.sampled_from(sorted(TIAN18_HIERARCHIES)))
    regions, children = TIAN18_HIERARCHIES[name]
    A = draw(st.sampled_from([2, 3]))
    d = 1 + max(max(r) for r in regions)
    tables: list[Any] = [None] * len(regions)
    sizes = [0] * len(regions)
    for a in sorted(range(len(regions)), key=lambda r: len(regions[r])):
        if not children[a]:
            t = np.asarray(draw(st.lists(st.integers(0, A - 1), min_size=A, max_size=A)))
            t = np.unique(t, return_inverse=True)[1].ravel()  # values 0..m-1
        else:
            shape = tuple(sizes[c] for c in children[a])
            t = np.arange(int(np.prod(shape))).reshape(shape)
        tables[a] = t.tolist()
        sizes[a] = int(np.max(t)) + 1
    n_nodes = [A if not ch else draw(_dim(1, 2)) for ch in children]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    q = rng.dirichlet(np.ones(A), size=d)
    n_w = sum(n_nodes[b] * n_nodes[a] for a, ch in enumerate(children) for b in ch)
    w = rng.standard_normal(n_w)
    if draw(st.booleans()):
        w = np.abs(w) + 0.1
    top = next(i for i, r in enumerate(regions) if len(r) == d)
    return {
        "A": A,
        "regions": [list(r) for r in regions],
        "children": [list(c) for c in children],
        "tables": tables,
        "n_nodes": n_nodes,
        "q": _f32(q),
        "w": _f32(w),
        "G_top": _f32(rng.standard_normal((A**d, n_nodes[top]))),
    }


# ---- learning ----
# Templates under cross-entropy training (icml18 Sec. 5.3, 6; report17 Sec. 4.2).
__all__ += ["unit_vectors", "template_instances", "orthogonal_head_instances", "last_layer_penalty_instances"]


@st.composite
def unit_vectors(draw: Any, *, max_D: int = 4) -> np.ndarray:
    """A host float64 vector of unit Euclidean norm, shape (D,)."""
    D = draw(_dim(1, max_D))
    v = draw(float_arrays((D,), bound=2.0).filter(lambda a: float(np.abs(a).max()) >= 0.25))
    return v / np.linalg.norm(v)


@st.composite
def template_instances(draw: Any, *, max_C: int = 5, max_D: int = 4) -> dict:
    """``{"x" (1, D) unit norm, "y" (1,), "C", "alpha"}``: one input, its label, the number of classes and a norm budget."""
    C = draw(_dim(2, max_C))
    return {
        "x": draw(unit_vectors(max_D=max_D))[None, :],
        "y": np.asarray([draw(st.integers(0, C - 1))]),
        "C": C,
        "alpha": draw(st.sampled_from([0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 8.0])),
    }


def _orthogonal_rows(draw: Any, C: int, H: int) -> np.ndarray:
    Q, _ = np.linalg.qr(np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal((H, H)))
    scales = np.asarray(draw(st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=C, max_size=C)))
    return Q[:C] * scales[:, None]


@st.composite
def orthogonal_head_instances(draw: Any, *, max_N: int = 4) -> dict:
    """``{"net", "x"}``: dense + activation (+ dense + activation), then a last dense layer W^(L) whose C rows are orthogonal."""
    D = draw(_dim(1, 3))
    H = draw(_dim(2, 4))
    layers = [_dense(draw, H, D), _act(draw, max_eta=3.0)]
    if draw(st.booleans()):
        layers += [_dense(draw, H, H), _act(draw, max_eta=3.0)]
    C = draw(_dim(2, H))
    layers.append({"type": "Dense", "W": _orthogonal_rows(draw, C, H), "b": draw(float_arrays((C,), bound=2.0))})
    spec = {"input_shape": [D], "layers": layers}
    return {"net": spec, "x": draw(float_arrays((draw(_dim(1, max_N)), D), bound=3.0))}


@st.composite
def last_layer_penalty_instances(draw: Any) -> dict:
    """``{"W" (C, D), "V" (C, D), "lam"}``: last-layer weights with linearly independent rows (C <= D), a direction, a penalty weight."""
    D = draw(_dim(1, 4))
    C = draw(_dim(1, D))
    W = draw(float_arrays((C, D), bound=2.0).filter(lambda a: np.linalg.norm(a, axis=1).min() >= 0.25 and np.linalg.cond(a) < 1e2))
    return {"W": W, "V": draw(float_arrays((C, D), bound=1.0)), "lam": draw(st.sampled_from([0.5, 1.0, 2.0]))}


@st.composite
def prop2_update_instances(draw: Any) -> dict:
    """``{"A" (C, D), "x" (N, D), "y" (N,)}``: templates, inputs and labels for the cross-entropy update (report17 Prop. 2)."""
    C, D, N = draw(_dim(2, 5)), draw(_dim(1, 4)), draw(_dim(1, 4))
    return {
        "A": draw(float_arrays((C, D), bound=2.0)),
        "x": draw(float_arrays((N, D), bound=2.0)),
        "y": np.asarray(draw(st.lists(st.integers(0, C - 1), min_size=N, max_size=N))),
    }


__all__ += ["prop2_update_instances"]

# ---- lipschitz ----
# Lipschitz constants and inversion (report17 Sec. 4.3.2, Sec. 5.1, App. A.4).
__all__ += ["lipschitz_adversarial_instances", "lipschitz_inversion_instances", "lipschitz_layer_instances", "lipschitz_network_instances", "lipschitz_pca_instances", "lipschitz_softmax_instances", "lipschitz_threshold_instances"]


def _lipschitz_starts(draw: Any, D: int, *, S: int = 3, bound: float = 3.0) -> np.ndarray:
    return draw(float_arrays((S, D), bound=bound))


@st.composite
def lipschitz_layer_instances(draw: Any, *, kinds: tuple = ("act", "Dense", "Conv2d", "act", "MaxPool", "act", "AvgPool")) -> dict:
    """``{"net": one-layer spec, "x": (3, D) starts}``: a layer of report17 Thm. 6 (dense, conv, ReLU / abs / leaky ReLU with eta in {2, 3, 0.1, 0.5}, max or average pooling); ``kinds`` restricts the layer types (``"act"``: activations).

    Hypothesis prefers the first element of a choice (derandomized runs draw
    it often), so the first choices are the instances where a stated constant
    is most at risk: an activation, and a leaky ReLU with a slope eta > 1.
    """
    kind = draw(st.sampled_from(list(kinds)))
    if kind == "Dense":
        D = draw(_dim(1, 4))
        spec = {"input_shape": [D], "layers": [_dense(draw, draw(_dim(1, 4)), D)]}
    elif kind == "act":
        D = draw(_dim(1, 2))
        name = draw(st.sampled_from(["LeakyReLU", "ReLU", "Abs", "LeakyReLU"]))
        act = {"type": name, "eta": draw(st.sampled_from([2.0, 3.0, 0.1, 0.5]))} if name == "LeakyReLU" else {"type": name}
        spec = {"input_shape": [D], "layers": [act]}
    else:
        C, H = draw(_dim(1, 2)), draw(_dim(2, 4))
        if kind == "Conv2d":
            k = draw(_dim(1, 2))
            lay = {"type": "Conv2d", "kernel": draw(float_arrays((draw(_dim(1, 2)), C, k, k), bound=2.0)), "b": None, "stride": draw(st.integers(1, 2)), "padding": draw(st.integers(0, 1))}
            lay["b"] = draw(float_arrays((lay["kernel"].shape[0],), bound=2.0))
        else:
            size = draw(st.integers(1, 2))
            lay = {"type": kind, "size": size, "stride": draw(st.integers(1, size))}
        spec = {"input_shape": [C, H, H], "layers": [lay]}
    D = int(np.prod(spec["input_shape"]))
    return {"net": spec, "x": _lipschitz_starts(draw, D)}


@st.composite
def lipschitz_network_instances(draw: Any) -> dict:
    """``{"net": spec, "x": (4, D) starts}``: an MLP, CNN, BatchNorm / average-pooling, maxout or residual network of :func:`network_specs`."""
    spec = draw(network_specs(kinds=("mlp", "cnn", "bn_pool", "maxout", "residual")))
    return {"net": spec, "x": _lipschitz_starts(draw, int(np.prod(spec["input_shape"])))}


@st.composite
def lipschitz_softmax_instances(draw: Any) -> dict:
    """``{"D": 2..5, "x": (2, D) starts}`` for the softmax on R^D, integer entries in [-4, 4] (quick to shrink)."""
    D = draw(_dim(2, 5))
    x = draw(st.lists(st.integers(-4, 4), min_size=2 * D, max_size=2 * D))
    return {"D": D, "x": np.asarray(x, dtype=np.float64).reshape(2, D)}


@st.composite
def lipschitz_inversion_instances(draw: Any) -> dict:
    """``{"net", "x"}``: a network of :func:`network_specs` (every kind) and up to 3 inputs."""
    return draw(network_instances(max_N=3))


@st.composite
def lipschitz_pca_instances(draw: Any) -> dict:
    """``{"net", "x"}``: a linear network x -> W x with C <= D orthonormal rows (Table 3, PCA) and up to 3 inputs."""
    D = draw(_dim(1, 4))
    C = draw(_dim(1, D))
    Q, _ = np.linalg.qr(np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal((D, D)))
    spec = {"input_shape": [D], "layers": [{"type": "Dense", "W": Q[:C], "b": np.zeros(C)}]}
    return {"net": spec, "x": draw(float_arrays((draw(_dim(1, 3)), D), bound=3.0))}


@st.composite
def lipschitz_threshold_instances(draw: Any) -> dict:
    """``{"net", "x"}``: x -> max(W x - t, 0) with thresholds t >= 0 (Table 3, soft thresholding) and up to 3 inputs."""
    D, K = draw(_dim(1, 4)), draw(_dim(1, 4))
    spec = {"input_shape": [D], "layers": [_dense(draw, K, D), {"type": "ReLU"}]}
    spec["layers"][0]["b"] = -np.abs(spec["layers"][0]["b"])
    return {"net": spec, "x": draw(float_arrays((draw(_dim(1, 3)), D), bound=3.0))}


@st.composite
def lipschitz_adversarial_instances(draw: Any) -> dict:
    """``{"net", "x" (N, D), "k", "alpha"}``: a network of :func:`lipschitz_network_instances`, a target class and a step (report17 Eq. 64)."""
    spec = draw(network_specs(kinds=("mlp", "cnn", "bn_pool", "maxout", "residual")))
    C = int(np.asarray(spec["layers"][-1]["W"]).shape[0])
    return {"net": spec, "x": _inputs(draw, spec, 3), "k": draw(st.integers(0, C - 1)), "alpha": draw(st.sampled_from([0.01, 0.1, 1.0]))}


# ---- tian18_disentangle ----
# Instances of tian18 Sec. 5.2, App. 8.7.2-8.7.3 (disentanglement) and Sec. 6 (over-fitting).

__all__ += ["disentangle_instances", "disentangle_lemma_instances", "disentangle_overfitting_instances"]


def _disentangle_row(draw: Any, L: int) -> list[float]:
    """A positive probability row of length L with dyadic entries (exact in float32, sums exactly to 1)."""
    c = draw(st.lists(st.integers(1, 4), min_size=L - 1, max_size=L - 1))
    K = 1
    while K < sum(c) + 1:
        K *= 2
    return [x / K for x in c + [K - sum(c)]]


@st.composite
def disentangle_instances(draw: Any, *, max_set: int | None = None, centered: bool = False) -> dict:
    """``{"n_a", "nonlinearity", "g" (n_a, 2), "p" (n_a, 2), and per child c in 0, 1: "n_b{c}", "sets{c}", "b{c}" (flat blocks), "f{c}" (n_b, 2), "W{c}" (n_b, n_a)}`` (tian18 Thm. 8-9, App. 8.7.3).

    Two children of a parent with ``n_a`` binary factors (1-3); child c has
    ``n_b{c}`` factors (1-3), each assigned to one parent factor
    (``sets{c}[i]``: the child factors of parent factor i, possibly empty;
    with ``max_set=1`` each parent factor gets at most one). ``b{c}`` holds the
    blocks :math:`P_{\\alpha[i]\\beta[S_i]}` (2, 2**|S_i|) flattened in order,
    rows positive dyadic distributions; ``W{c}`` is separable w.r.t.
    ``sets{c}``; ``f{c}`` the child's factor activations; ``g`` (centered rows
    with ``centered=True``) and ``p`` (dyadic marginals) the parent's gradient
    factors. Values from a drawn seed, rounded to float32.
    """
    n_a = draw(_dim(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    out: dict = {"n_a": n_a, "nonlinearity": draw(st.sampled_from(["relu", "linear", "bn", "relu_bn"]))}
    for c in range(2):
        if max_set == 1:
            n_b = draw(_dim(1, n_a))
            owners = draw(st.permutations(list(range(n_a))))[:n_b]
        else:
            n_b = draw(_dim(1, 3))
            owners = draw(st.lists(st.integers(0, n_a - 1), min_size=n_b, max_size=n_b))
        sets = [[k for k in range(n_b) if owners[k] == i] for i in range(n_a)]
        blocks = [[_disentangle_row(draw, 2 ** len(S)) for _ in range(2)] for S in sets]
        W = np.zeros((n_b, n_a))
        for k in range(n_b):
            W[k, owners[k]] = rng.standard_normal()
        out.update({
            f"n_b{c}": n_b,
            f"sets{c}": sets,
            f"b{c}": np.asarray([x for B in blocks for row in B for x in row]),
            f"f{c}": _f32(rng.standard_normal((n_b, 2))),
            f"W{c}": _f32(W),
        })
    g = _f32(rng.standard_normal((n_a, 2)))
    if centered:
        g[:, 1] = -g[:, 0]
    out["g"] = g
    out["p"] = np.asarray([[1 - k / 8, k / 8] for k in draw(st.lists(st.integers(1, 7), min_size=n_a, max_size=n_a))])
    return out


_DISENTANGLE_H = ("relu", "square", "tanh", "abs", "step")


@st.composite
def disentangle_lemma_instances(draw: Any) -> dict:
    """``{"fs" (3, n, 2), "c" (3,), "h" (3 lists of n names of element-wise functions)}`` (tian18 Lemma 1): three disentangled activations by their factors."""
    n = draw(_dim(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    h = [[draw(st.sampled_from(_DISENTANGLE_H)) for _ in range(n)] for _ in range(3)]
    return {"fs": _f32(rng.standard_normal((3, n, 2))), "c": _f32(rng.standard_normal(3)), "h": h}


@st.composite
def disentangle_overfitting_instances(draw: Any) -> dict:
    """``{"eps", "p_gamma", "c", "f_gamma" (2,)}`` (tian18 Sec. 6): spurious correlation eps in (0, 1/2), P(z_gamma = 1), a constant activation c and a distinctive one (f(0) != f(1)), dyadic."""
    eps = draw(st.integers(1, 7)) / 16
    p_gamma = draw(st.integers(1, 7)) / 8
    c = draw(st.integers(-8, 8).filter(lambda v: v != 0)) / 4
    f0 = draw(st.integers(0, 8)) / 4
    f1 = draw(st.integers(0, 8).filter(lambda v: v / 4 != f0)) / 4
    return {"eps": eps, "p_gamma": p_gamma, "c": c, "f_gamma": np.asarray([f0, f1])}


__all__ += ["disentangle_teacher_instances"]


@st.composite
def disentangle_teacher_instances(draw: Any, *, lossy: bool | None = None) -> dict:
    """``{"lossy", "p" (16,), "w" (16,)}`` (tian18 Thm. 8 on a teacher): four binary inputs, regions {0,1}, {2,3} under the top.

    Lossless: each middle region keeps both inputs (two factors, two nodes),
    the top all four. Lossy: each middle region keeps only its first input
    (one factor, one node reading both inputs), the top the pair. P(x) has
    positive small-integer weights (generically correlated inputs); ``w`` is a
    seeded Gaussian vector the weights are taken from, rounded to float32.
    """
    lossy = draw(st.booleans()) if lossy is None else lossy
    counts = np.asarray(draw(st.lists(st.integers(1, 4), min_size=16, max_size=16)), dtype=np.float64)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {"lossy": lossy, "p": counts / counts.sum(), "w": _f32(rng.standard_normal(16))}


__all__ += ["disentangle_eq109_instances"]


@st.composite
def disentangle_eq109_instances(draw: Any) -> dict:
    """``{"n_b", "V" (k, 2, 2**n_b), "g" (k,), "w" (k,)}`` (tian18 Eq. 109): k = 1-3 one-factor parents of one group of n_b = 1-2 child factors; rows of ``V[a]`` are v^- and v^+ (dyadic), the centered gradient of parent a is (-g[a], g[a])."""
    n_b = draw(_dim(1, 2))
    k = draw(_dim(1, 3))
    V = np.asarray([[_disentangle_row(draw, 2**n_b) for _ in range(2)] for _ in range(k)])
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {"n_b": n_b, "V": V, "g": _f32(rng.standard_normal(k)), "w": _f32(rng.standard_normal(k))}


# ---- iclr19_rest ----
# Convolution layers and the orthogonality condition (11) (iclr19 Sec. 5, App. B).
__all__ += ["conv_orthogonality_instances"]

_CONV_ACTIVATIONS = ([1.0, 0.0], [1.0, -1.0], [1.0, 0.25])  # ReLU, absolute value, leaky ReLU (active region first)


@st.composite
def conv_orthogonality_instances(draw: Any, *, families: tuple[str, ...] = ("disjoint", "overlap_orthogonal", "random")) -> dict:
    """A one-filter convolution + activation layer ``{"kernel", "b", "in_shape", "stride", "slope_scales", "family"}``.

    ``family``:

    - ``"disjoint"``: stride = kernel size (kh = kw), so the rows of the
      convolution matrix have disjoint supports; 1 or 2 input channels.
    - ``"overlap_orthogonal"``: a 1 x 4 kernel ``[a, b, l b, -l a]`` with
      stride 2: consecutive patches share two pixels, yet the kernel's
      autocorrelation at lag 2 is :math:`a l b - b l a = 0` and vanishes at
      lag 4 and beyond (no overlap), so the rows are orthogonal.
    - ``"random"``: any 1 x 3 kernel with stride 1 (overlapping, generally not orthogonal).

    Kernel entries are nonzero multiples of 1/4 (exact in float32);
    ``kernel`` has shape (1, C_in, kh, kw), ``b`` one entry per output pixel.
    """
    family = draw(st.sampled_from(families))
    nonzero = st.sampled_from([-2.0, -1.5, -1.0, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0])
    if family == "disjoint":
        k = draw(_dim(1, 3))
        C_in = draw(_dim(1, 2))
        n_h, n_w = draw(_dim(1, 2)), draw(_dim(1, 3))
        kernel = np.asarray(draw(st.lists(nonzero, min_size=C_in * k * k, max_size=C_in * k * k))).reshape(1, C_in, k, k)
        in_shape, stride = (C_in, n_h * k, n_w * k), k
    elif family == "overlap_orthogonal":
        a, b, lam = draw(nonzero), draw(nonzero), draw(st.sampled_from([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0]))
        kernel = np.asarray([a, b, lam * b, -lam * a]).reshape(1, 1, 1, 4)
        in_shape, stride = (1, 1, 2 * draw(_dim(3, 4))), 2
    else:
        kernel = np.asarray(draw(st.lists(nonzero, min_size=3, max_size=3))).reshape(1, 1, 1, 3)
        in_shape, stride = (1, 1, draw(_dim(4, 6))), 1
    H_out = (in_shape[1] - kernel.shape[2]) // stride + 1
    W_out = (in_shape[2] - kernel.shape[3]) // stride + 1
    return {
        "kernel": kernel,
        "b": draw(float_arrays((H_out * W_out,), bound=2.0)),
        "in_shape": list(in_shape),
        "stride": stride,
        "slope_scales": list(draw(st.sampled_from(_CONV_ACTIVATIONS))),
        "family": family,
    }


# ---- report17_rest ----
@st.composite
def stacked_rnn_instances(draw: Any, *, L: int = 2, etas: tuple = (0.0, 0.5), max_H: int = 2, min_T: int = 1, max_T: int = 3, max_N: int = 3, integers: bool = False) -> dict:
    """A stack of ``L`` bias-free ReLU / leaky-ReLU RNN layers (report17 Sec. 3.3.4) unrolled over T steps, ``{"net", "x"}``.

    Layer 1 reads the input sequence through ``W_x`` (:math:`W_{in}^{(1)}`); layer
    :math:`\\ell > 1` reads the sequence of layer :math:`\\ell - 1` through its ``W_x``
    (:math:`W_{up}^{(\\ell)}`); every layer but the last outputs its whole sequence.
    Widths and the input size are at most ``max_H`` (1: scalar layers, a small search space), T in ``min_T..max_T``;
    ``integers=True`` draws every weight and input from the integers -2..2 (exact arithmetic, quick shrinking).
    """
    arr = (lambda shape, bound: hnp.arrays(np.float64, shape, elements=st.integers(-2, 2).map(float))) if integers else (lambda shape, bound: float_arrays(shape, bound=bound))
    Dx, T, eta = draw(_dim(1, max_H)), draw(_dim(min_T, max_T)), draw(st.sampled_from(etas))
    layers, d_in = [], Dx
    for ell in range(L):
        H = draw(_dim(1, max_H))
        layers.append({"type": "ReLURNN", "W_x": draw(arr((H, d_in), 2.0)), "W_h": draw(arr((H, H), 1.5)),
                       "b": np.zeros(H), "T": T, "eta": eta, "sequence": ell < L - 1})
        d_in = H
    return {"net": {"input_shape": [T, Dx], "layers": layers}, "x": draw(arr((draw(_dim(1, max_N)), T * Dx), 3.0))}


__all__ += ["stacked_rnn_instances"]


@st.composite
def degenerate_region_spline_instances(draw: Any, *, max_R: int = 4) -> dict:
    """A convex 1-D spline of :func:`convex_spline_instances` whose partition also holds one knot as a region of its own.

    The point region ``{knots[point]}`` carries an extra piece of slope c (drawn
    freely) through the spline's value at that knot, so the function, and its
    convexity, are unchanged; ``alpha`` / ``beta`` list the R interval pieces and
    then the point's piece (index R). ``point = -1`` (one interval, no knot) adds
    no region. Inputs include the knot itself.
    """
    inst = draw(convex_spline_instances(max_R=max_R))
    knots, alpha, beta = inst["knots"], inst["alpha"], inst["beta"]
    if not knots:
        return {**inst, "point": -1}
    j = draw(st.integers(0, len(knots) - 1))
    c = draw(st.integers(-8, 8)) / 4
    t = knots[j]
    value = alpha[j, 0] * t + beta[j]
    x = np.concatenate([inst["x"], [[t]]], axis=0)
    return {"knots": knots, "alpha": np.concatenate([alpha, [[c]]], axis=0), "beta": np.concatenate([beta, [value - c * t]]), "point": j, "x": x}


__all__ += ["degenerate_region_spline_instances"]


@st.composite
def injective_network_instances(draw: Any, *, max_N: int = 3) -> dict:
    """Dense -> activation with non-zero slopes (absolute value, leaky ReLU) -> dense, widths D <= K <= C, ``{"net", "x"}``.

    Every A[x] is then a product of full-width factors, generically of full column rank D.
    """
    D = draw(_dim(1, 2))
    K = draw(_dim(D, 3))
    C = draw(_dim(K, 3))
    act = draw(st.sampled_from([{"type": "Abs"}, {"type": "LeakyReLU", "eta": 0.5}, {"type": "LeakyReLU", "eta": 2.0}]))
    spec = {"input_shape": [D], "layers": [_dense(draw, K, D), act, _dense(draw, C, K)]}
    return {"net": spec, "x": draw(float_arrays((draw(_dim(1, max_N)), D), bound=3.0))}


__all__ += ["injective_network_instances"]


# ---- tian18-rest ----
# Teachers for the matrix form of the reformulation (tian18 Thm. 4, Eq. 59-62, 74),
# its boundary conditions (Sec. 3), BatchNorm on a teacher (Sec. 4.2), the remark
# after Eq. 109 and separability over several update steps (Sec. 5.2).
__all__ += ["tian18_reformulation_instances"]


@st.composite
def tian18_reformulation_instances(draw: Any) -> dict:
    """``{"A", "regions", "children", "tables", "n_nodes", "q" (d, A) or "p" (A**d,), "w", "G_top" (A**d, n_top)}``: lossless and lossy teachers for Thm. 4.

    A hierarchy of :data:`TIAN18_HIERARCHIES`; leaf summaries lossless or
    merging letters (lossy), summaries above keep the tuple of the children's
    values (the top one, a quarter of the time, merges them: a lossy label).
    P(x) has independent positions (``q``, per-position marginals;
    focus and broadness of knowledge then hold) or, a third of the time, is a
    correlated distribution ``p`` from small positive integer weights (with
    lossy leaves the knowledge conditions can then fail). Weights Gaussian or
    positive (every gate open); the top gradient is a function of the input
    or, half of the time, of the top summary only (as a label's gradient is).
    """
    name = draw(st.sampled_from(sorted(TIAN18_HIERARCHIES)))
    regions, children = TIAN18_HIERARCHIES[name]
    A = draw(st.sampled_from([2, 3]))
    d = 1 + max(max(r) for r in regions)
    lossless_leaves = draw(st.booleans())
    tables: list[Any] = [None] * len(regions)
    sizes = [0] * len(regions)
    for a in sorted(range(len(regions)), key=lambda r: len(regions[r])):
        if not children[a]:
            t = np.arange(A) if lossless_leaves else np.unique(np.asarray(draw(st.lists(st.integers(0, A - 1), min_size=A, max_size=A))), return_inverse=True)[1].ravel()
        else:
            shape = tuple(sizes[c] for c in children[a])
            t = np.arange(int(np.prod(shape))).reshape(shape)
            if len(regions[a]) == d and draw(st.integers(0, 3)) == 0:  # a lossy top: the label forgets part of the children's values
                t = np.unique(np.asarray(draw(st.lists(st.integers(0, 2), min_size=t.size, max_size=t.size))), return_inverse=True)[1].reshape(shape)
        tables[a] = t.tolist()
        sizes[a] = int(np.max(t)) + 1
    n_nodes = [A if not ch else draw(_dim(1, 2)) for ch in children]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    out: dict = {"A": A, "regions": [list(r) for r in regions], "children": [list(c) for c in children], "tables": tables, "n_nodes": n_nodes}
    if draw(st.integers(0, 2)) == 0:
        counts = np.asarray(draw(st.lists(st.integers(1, 4), min_size=A**d, max_size=A**d)), dtype=np.float64)
        out["p"] = counts / counts.sum()
    else:
        out["q"] = _f32(rng.dirichlet(np.ones(A), size=d))
    n_w = sum(n_nodes[b] * n_nodes[a] for a, ch in enumerate(children) for b in ch)
    w = rng.standard_normal(n_w)
    if draw(st.booleans()):
        w = np.abs(w) + 0.1
    out["w"] = _f32(w)
    top = next(i for i, r in enumerate(regions) if len(r) == d)
    if draw(st.booleans()):
        from ..teacher_student import make_teacher, summary_values

        T = make_teacher(A, regions, children, np.full(A**d, 1.0 / A**d), tables=tables)
        per_event = rng.standard_normal((sizes[top], n_nodes[top]))
        out["G_top"] = _f32(per_event[summary_values(T)[top]])
    else:
        out["G_top"] = _f32(rng.standard_normal((A**d, n_nodes[top])))
    return out


__all__ += ["tian18_boundary_instances"]


@st.composite
def tian18_boundary_instances(draw: Any, *, lossy_leaves: bool | None = None) -> dict:
    """``{"A", "regions", "children", "tables", "n_nodes", "p" (A**d,), "w"}``: a teacher whose top summary is a class label (tian18 Sec. 3 boundary conditions).

    Leaves lossless (:math:`z = x_i`, the setting of Sec. 2.2) or, unless
    ``lossy_leaves=False``, merging letters; summaries between keep the
    children's values; the top summary is a label with 2-3 classes (a random
    table over the children's values, every class present) and the top
    region has one node per class (:math:`n_\\omega = m_\\omega`). P(x) has
    positive small-integer weights; Gaussian weights (some top units dead on
    their own class).
    """
    regions, children = TIAN18_HIERARCHIES[draw(st.sampled_from(sorted(TIAN18_HIERARCHIES)))]
    A = draw(st.sampled_from([2, 3]))
    d = 1 + max(max(r) for r in regions)
    lossy = draw(st.booleans()) if lossy_leaves is None else lossy_leaves
    tables: list[Any] = [None] * len(regions)
    sizes = [0] * len(regions)
    for a in sorted(range(len(regions)), key=lambda r: len(regions[r])):
        if not children[a]:
            t = np.unique(np.asarray(draw(st.lists(st.integers(0, A - 1), min_size=A, max_size=A))), return_inverse=True)[1].ravel() if lossy else np.arange(A)
        else:
            shape = tuple(sizes[c] for c in children[a])
            t = np.arange(int(np.prod(shape))).reshape(shape)
            if len(regions[a]) == d:
                K = min(draw(_dim(2, 3)), t.size)
                labels = draw(st.lists(st.integers(0, K - 1), min_size=t.size, max_size=t.size))
                t = np.unique(np.asarray(labels), return_inverse=True)[1].reshape(shape)
        tables[a] = t.tolist()
        sizes[a] = int(np.max(t)) + 1
    top = next(i for i, r in enumerate(regions) if len(r) == d)
    n_nodes = [A if not ch else (sizes[a] if a == top else draw(_dim(1, 2))) for a, ch in enumerate(children)]
    counts = np.asarray(draw(st.lists(st.integers(1, 4), min_size=A**d, max_size=A**d)), dtype=np.float64)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_w = sum(n_nodes[b] * n_nodes[a] for a, ch in enumerate(children) for b in ch)
    return {"A": A, "regions": [list(r) for r in regions], "children": [list(c) for c in children], "tables": tables, "n_nodes": n_nodes, "p": counts / counts.sum(), "w": _f32(rng.standard_normal(n_w))}


__all__ += ["tian18_bn_teacher_instances"]


@st.composite
def tian18_bn_teacher_instances(draw: Any) -> dict:
    """:func:`tian18_reformulation_instances` plus ``{"c" (2,), "g_bn" (A**d,)}``: a BatchNorm node after the first top node's linear layer (tian18 Sec. 4.2, App. 8.6.1).

    ``c`` = (c_1, c_0) with c_1 one of 1/2, 1, 2, -1; ``g_bn`` the gradient
    arriving at the BN output per input, from a drawn seed.
    """
    inst = draw(tian18_reformulation_instances())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    d = 1 + max(max(r) for r in inst["regions"])
    A = inst["A"]
    inst["c"] = np.asarray([draw(st.sampled_from([0.5, 1.0, 2.0, -1.0])), draw(elements(1.0))])
    inst["g_bn"] = _f32(rng.standard_normal(A**d))
    return inst


__all__ += ["tian18_span_instances"]


@st.composite
def tian18_span_instances(draw: Any) -> dict:
    """``{"n_b", "V" (k, 2, 2**n_b), "g" (k,), "a", "p_rest" (2**(n_b-1),)}`` (tian18, the remark after Eq. 109).

    A group of n_b = 1-2 child factors shared by k one-factor parents, k the
    dimension 2**n_b - 1 of the zero-sum subspace or one more; rows of
    ``V[a]`` are v^- and v^+ (dyadic, positive); ``g`` the parents' non-zero
    gradient entries; the target column is (-a, a) (x) p_rest, the disentangled
    form of the first child factor's gradient (Def. 4).
    """
    n_b = draw(_dim(1, 2))
    k = 2**n_b - 1 + draw(st.integers(0, 1))
    V = np.asarray([[_disentangle_row(draw, 2**n_b) for _ in range(2)] for _ in range(k)])
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    g = rng.standard_normal(k)
    g = _f32(np.where(np.abs(g) < 0.25, np.sign(g) * 0.25 + (g == 0) * 0.25, g))
    a = draw(st.sampled_from([0.25, 0.5, 1.0, -0.5, -1.0]))
    p_rest = np.asarray(_disentangle_row(draw, 2 ** (n_b - 1))) if n_b > 1 else np.ones(1)
    return {"n_b": n_b, "V": V, "g": g, "a": a, "p_rest": p_rest}


__all__ += ["tian18_steps_instances"]


def _owned_sets(draw: Any, n_parent: int, n_child: int, *, one_each: bool) -> list[list[int]]:
    """A partition of child factors 0..n_child-1 into one (possibly empty) set per parent factor."""
    owners = draw(st.permutations(list(range(n_parent))))[:n_child] if one_each else draw(st.lists(st.integers(0, n_parent - 1), min_size=n_child, max_size=n_child))
    return [[k for k in range(n_child) if owners[k] == i] for i in range(n_parent)]


@st.composite
def tian18_steps_instances(draw: Any, *, one_each: bool | None = None) -> dict:
    """A three-level event-level network for several gradient steps (tian18 Sec. 5.2, after Thm. 9): ``{"n_a", "n_b", "n_g", "sets_b", "sets_g", "blocks_b", "blocks_g", "f_g" (n_g, 2), "W_l" (n_g, n_b), "W_u" (n_b, n_a), "y" (n_a, 2), "p" (n_a, 2), "lr"}``.

    Top :math:`\\alpha` with n_a = 1-2 independent binary factors (marginals
    ``p``), middle :math:`\\beta` with n_b factors, bottom :math:`\\gamma` with n_g;
    ``sets_b[i]`` are the middle factors owned by top factor i, ``sets_g[j]``
    the bottom factors owned by middle factor j; ``blocks_*`` the flattened
    blocks :math:`P_{\\alpha[i]\\beta[S_i]}` (dyadic positive rows); separable
    initial weights, disentangled bottom activations ``f_g`` and per-factor
    targets ``y``, from a drawn seed. A top factor may own several middle
    factors (n_b = 2-3); with ``one_each=True`` each owns at most one
    (n_b <= n_a); by default either, half of the time each.
    """
    n_a = draw(_dim(1, 2))
    one = draw(st.booleans()) if one_each is None else one_each
    n_b = draw(_dim(1, n_a)) if one else draw(_dim(2, 3))
    n_g = draw(_dim(1, 3))
    sets_b = _owned_sets(draw, n_a, n_b, one_each=one)
    sets_g = _owned_sets(draw, n_b, n_g, one_each=False)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def blocks(sets: list[list[int]]) -> np.ndarray:
        return np.asarray([x for S in sets for _ in range(2) for x in _disentangle_row(draw, 2 ** len(S))])

    def separable(sets: list[list[int]], n_child: int) -> np.ndarray:
        W = np.zeros((n_child, len(sets)))
        for j, S in enumerate(sets):
            W[S, j] = rng.standard_normal(len(S))
        return _f32(W)

    return {
        "n_a": n_a, "n_b": n_b, "n_g": n_g, "sets_b": sets_b, "sets_g": sets_g,
        "blocks_b": blocks(sets_b), "blocks_g": blocks(sets_g),
        "f_g": _f32(rng.standard_normal((n_g, 2))),
        "W_l": separable(sets_g, n_g), "W_u": separable(sets_b, n_b),
        "y": _f32(rng.standard_normal((n_a, 2))),
        "p": np.asarray([[1 - k / 8, k / 8] for k in draw(st.lists(st.integers(1, 7), min_size=n_a, max_size=n_a))]),
        "lr": draw(st.sampled_from([0.5, 1.0])),
    }


# ---- learning-rest ----
# icml18 Sec. 5.3 (collinear templates, memorization); report17 Sec. 4.3.1, Eq. (65)-(66), Cor. 1,
# App. A.3 (Thm. 10, Cor. 2, Prop. 3), App. A.5 (activation graph, Prop. 4) and Table 3.
__all__ += ["sec53_template_instances", "global_inference_instances", "cor2_network_instances", "activation_graph_instances",
            "adversarial_template_instances", "unregularized_template_instances", "bias_free_network_instances", "table3_instances"]


@st.composite
def sec53_template_instances(draw: Any, *, constraints: tuple = ("sum_squared_norms", "sum_norms")) -> dict:
    """:func:`template_instances` plus ``"constraint"``: the budget read as a sum of squared norms (report17) or of norms (icml18 as printed)."""
    inst = draw(template_instances(max_C=4, max_D=3))
    return {**inst, "constraint": draw(st.sampled_from(list(constraints)))}


def _slope_maso(K: int, etas: list[float]) -> tuple[np.ndarray, np.ndarray]:
    # unit j: max(eta_j z_j, z_j), the leaky ReLU (eta = 0: ReLU) of coordinate j, as a 2-region MASO
    A = np.zeros((K, 2, K))
    for j, eta in enumerate(etas):
        A[j, 0, j], A[j, 1, j] = eta, 1.0
    return A, np.zeros((K, 2))


@st.composite
def global_inference_instances(draw: Any, *, kind: str | None = None, max_dim: int = 3) -> dict:
    """A MASO ``S1`` (``A1`` (K, R, D), ``B1``), the next layer ``W`` (D2, K), ``b`` (D2,), a MASO ``S2`` (``A2``, ``B2``) and inputs ``y`` (report17 App. A.3).

    ``kind`` (default: drawn):

    - ``"relu"``: S2 a ReLU, W and b free (Thm. 10 as printed);
    - ``"monotone"``: S2 a random convex MASO and W with the signs that make every slope of the output sum >= 0
      (sign s: S2 slopes ``s |.|``, W ``s |.|``);
    - ``"inner"``: W >= 0, b >= 0 and S2 a leaky ReLU with eta in {0.1, 0.5} (strictly increasing): an inner layer of Cor. 2;
    - ``"last"``: W free and S2 the identity (the last, fully connected layer of Cor. 2).

    K, R, D, D2 <= ``max_dim`` (3: at most 27 configurations).
    """
    kind = kind or draw(st.sampled_from(["relu", "monotone", "inner", "last"]))
    K, R, D, D2, N = draw(_dim(1, max_dim)), draw(_dim(2, max(2, max_dim))), draw(_dim(1, max_dim)), draw(_dim(1, max_dim)), draw(_dim(1, max_dim))
    A1, B1 = draw(float_arrays((K, R, D), bound=2.0)), draw(float_arrays((K, R), bound=2.0))
    W, b = draw(float_arrays((D2, K), bound=2.0)), draw(float_arrays((D2,), bound=2.0))
    if kind == "relu":
        A2, B2 = _slope_maso(D2, [0.0] * D2)
    elif kind == "monotone":
        s = draw(st.sampled_from([1.0, -1.0]))
        K2, R2 = draw(_dim(1, 3)), draw(_dim(1, 3))
        A2, B2 = s * np.abs(draw(float_arrays((K2, R2, D2), bound=2.0))), draw(float_arrays((K2, R2), bound=2.0))
        W = s * np.abs(W)
    elif kind == "inner":
        W, b = np.abs(W), np.abs(b)
        A2, B2 = _slope_maso(D2, draw(st.lists(st.sampled_from([0.1, 0.5]), min_size=D2, max_size=D2)))
    elif kind == "last":
        A2, B2 = np.eye(D2)[:, None, :], np.zeros((D2, 1))
    else:
        raise ValueError(f"kind must be one of 'relu', 'monotone', 'inner', 'last'; got {kind!r}")
    return {"kind": kind, "A1": A1, "B1": B1, "W": W, "b": b, "A2": A2, "B2": B2, "y": draw(float_arrays((N, D), bound=3.0))}


@st.composite
def one_hot_instances(draw: Any) -> dict:
    """:func:`sec53_template_instances` with x = e_1 (the problem is rotation invariant): quick to shrink."""
    D, C = draw(_dim(1, 3)), draw(_dim(2, 4))
    return {"x": np.eye(D)[:1], "y": np.asarray([draw(st.integers(0, C - 1))]), "C": C,
            "alpha": draw(st.sampled_from([0.25, 0.5, 1.0, 2.0, 4.0, 8.0])), "constraint": draw(st.sampled_from(["sum_squared_norms", "sum_norms"]))}


__all__ += ["one_hot_instances"]


@st.composite
def cor2_network_instances(draw: Any, *, inner_sign: float = 1.0, max_N: int = 3) -> dict:
    """Networks meeting report17 Cor. 2: a free first dense layer, leaky ReLUs with eta in {0.1, 0.5} (strictly increasing),
    inner dense layers with weights and biases >= 0, and a free last dense layer; ``{"net", "x"}``.

    ``inner_sign=-1`` makes the inner weights <= 0 instead (a network that breaks the conditions).
    """
    D, w1 = draw(_dim(1, 3)), draw(_dim(1, 3))
    leaky = lambda: {"type": "LeakyReLU", "eta": draw(st.sampled_from([0.1, 0.5]))}  # noqa: E731
    layers, d = [_dense(draw, w1, D), leaky()], w1
    for _ in range(draw(st.integers(1, 2))):
        w = draw(_dim(1, 2))
        inner = _dense(draw, w, d, nonneg=True)
        inner["W"], inner["b"] = inner_sign * inner["W"], np.abs(inner["b"])
        layers += [inner, leaky()]
        d = w
    layers.append(_dense(draw, draw(_dim(1, 3)), d))
    return {"net": {"input_shape": [D], "layers": layers}, "x": draw(float_arrays((draw(_dim(1, max_N)), D), bound=3.0))}


@st.composite
def activation_graph_instances(draw: Any) -> dict:
    """``{"net", "x"}``: a network of :func:`network_specs` (MLP, CNN, residual, maxout, BatchNorm / pooling, RNN) and up to 3 inputs."""
    return draw(network_instances(max_N=3))


@st.composite
def adversarial_template_instances(draw: Any) -> dict:
    """:func:`template_instances` plus a wrong target class ``k`` != y and a step ``step`` of Eq. (64) (report17 Sec. 4.3.1)."""
    inst = draw(template_instances(max_C=4, max_D=3))
    C, y = inst["C"], int(inst["y"][0])
    k = draw(st.sampled_from([c for c in range(C) if c != y]))
    return {**inst, "k": k, "step": draw(st.sampled_from([0.5, 1.0, 2.0]))}


@st.composite
def unregularized_template_instances(draw: Any) -> dict:
    """``{"A" (C, D), "x" (1, D), "y", "k" != y, "step"}``: free templates (initialization plus updates), an input, its label, a wrong target and a step."""
    C, D = draw(_dim(2, 4)), draw(_dim(1, 3))
    y = draw(st.integers(0, C - 1))
    return {"A": draw(float_arrays((C, D), bound=2.0)), "x": draw(float_arrays((1, D), bound=2.0)), "y": np.asarray([y]),
            "k": draw(st.sampled_from([c for c in range(C) if c != y])), "step": draw(st.sampled_from([0.5, 1.0, 2.0]))}


@st.composite
def bias_free_network_instances(draw: Any) -> dict:
    """``{"net", "x" (N, D), "s"}``: an MLP of :func:`network_specs` with every bias set to 0 and a weight scale s (report17 Cor. 1)."""
    spec = draw(network_specs(kinds=("mlp",)))
    for lay in spec["layers"]:
        if lay["type"] == "Dense":
            lay["b"] = np.zeros_like(lay["b"])
    return {"net": spec, "x": _inputs(draw, spec, 3), "s": draw(st.sampled_from([0.25, 0.5, 2.0, 4.0]))}


@st.composite
def table3_instances(draw: Any, *, unit_rows: bool = False) -> dict:
    """``{"W" (K, D), "t" (K,) >= 0, "x" (N, D)}``: atoms / templates as rows, thresholds and inputs (report17 Table 3); ``unit_rows`` normalizes the rows."""
    K, D = draw(_dim(1, 4)), draw(_dim(1, 3))
    W = draw(float_arrays((K, D), bound=2.0).filter(lambda a: float(np.linalg.norm(a, axis=1).min()) >= 0.25))
    if unit_rows:
        W = W / np.linalg.norm(W, axis=1, keepdims=True)
    return {"W": W, "t": np.abs(draw(float_arrays((K,), bound=2.0))), "x": draw(float_arrays((draw(_dim(1, 3)), D), bound=3.0))}


@st.composite
def adversarial_linear_instances(draw: Any) -> dict:
    """``{"net": one dense layer, "x" (N, D), "k", "alpha"}`` (report17 Eq. 64-66 on the smallest networks: quick to shrink)."""
    C, D = draw(_dim(2, 3)), draw(_dim(1, 3))
    spec = {"input_shape": [D], "layers": [_dense(draw, C, D)]}
    return {"net": spec, "x": _inputs(draw, spec, 2), "k": draw(st.integers(0, C - 1)), "alpha": draw(st.sampled_from([0.01, 0.1, 1.0]))}


__all__ += ["adversarial_linear_instances"]


# ---- partition ----
# Small networks the slicer of spline_theory.partition splits by (dense / conv
# + ReLU, absolute value, leaky ReLU, max pooling, maxout) and 2-D slices or
# segments of their input space. Arrays are float32-representable host arrays.
__all__ += ["sliceable_network_specs", "slice_instances", "segment_instances", "generic_relu_layer_instances"]


@st.composite
def sliceable_network_specs(draw: Any, *, kinds: tuple = ("mlp", "maxout", "cnn"), max_width: int = 4) -> dict:
    """A network spec the slicer supports: ``mlp`` (1-2 dense + ReLU / Abs / LeakyReLU layers),
    ``maxout`` (maxout, then dense + activation) or ``cnn`` (conv + ReLU + spatial or channel max pooling)."""
    kind = draw(st.sampled_from(kinds))
    if kind == "mlp":
        D = draw(_dim(2, 3))
        layers, d = [], D
        for w in draw(st.lists(_dim(1, max_width), min_size=1, max_size=2)):
            layers += [_dense(draw, w, d), _act(draw)]
            d = w
        layers.append(_dense(draw, draw(_dim(1, 2)), d))
        return {"input_shape": [D], "layers": layers}
    if kind == "maxout":
        D, K, R = draw(_dim(2, 3)), draw(_dim(1, 3)), draw(_dim(2, 3))
        mo = {"type": "Maxout", "A": draw(float_arrays((K, R, D), bound=2.0)), "B": draw(float_arrays((K, R), bound=2.0))}
        W = draw(_dim(1, 3))
        return {"input_shape": [D], "layers": [mo, _dense(draw, W, K), _act(draw), _dense(draw, 1, W)]}
    C, H = 1, draw(_dim(2, 3))
    Co = 2
    conv = {"type": "Conv2d", "kernel": draw(float_arrays((Co, C, 2, 2), bound=2.0)), "b": draw(float_arrays((Co,), bound=2.0)), "stride": 1, "padding": draw(st.integers(0, 1))}
    Ho = H + 2 * conv["padding"] - 1
    layers = [conv, {"type": "ReLU"}]
    if Ho >= 2 and draw(st.booleans()):
        layers.append({"type": "MaxPool", "size": 2, "stride": 1})
        Ho -= 1
        Cf = Co
    else:
        layers.append({"type": "ChannelMaxPool", "group": 2})
        Cf = 1
    layers += [{"type": "Flatten"}, _dense(draw, draw(_dim(1, 2)), Cf * Ho * Ho)]
    return {"input_shape": [C, H, H], "layers": layers}


def _independent_pair(draw: Any, D: int) -> tuple:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    while True:
        u, v = _f32(rng.standard_normal(D)), _f32(rng.standard_normal(D))
        G = np.array([[u @ u, u @ v], [u @ v, v @ v]])
        if np.linalg.det(G) > 0.05 * G[0, 0] * G[1, 1]:
            return u, v


@st.composite
def slice_instances(draw: Any, **kw: Any) -> dict:
    """``{"net": spec, "x0", "u", "v" (D,), "s_range", "t_range"}``: a 2-D slice of a :func:`sliceable_network_specs` network."""
    spec = draw(sliceable_network_specs(**kw))
    D = int(np.prod(spec["input_shape"]))
    u, v = _independent_pair(draw, D)
    if D == 2 and draw(st.booleans()):
        u, v = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    h = draw(st.sampled_from([0.5, 1.0, 2.0]))
    c = draw(st.sampled_from([-0.5, 0.0, 0.25]))
    return {"net": spec, "x0": draw(float_arrays((D,), bound=1.0)), "u": u, "v": v, "s_range": (c - h, c + h), "t_range": (-h, h)}


@st.composite
def segment_instances(draw: Any, **kw: Any) -> dict:
    """``{"net": spec, "x0", "x1" (D,)}``: a segment of a :func:`sliceable_network_specs` network's input space."""
    spec = draw(sliceable_network_specs(**kw))
    D = int(np.prod(spec["input_shape"]))
    x0 = draw(float_arrays((D,), bound=3.0))
    x1 = draw(float_arrays((D,), bound=3.0).filter(lambda a: bool(np.any(a != x0))))
    return {"net": spec, "x0": x0, "x1": x1}


@st.composite
def generic_relu_layer_instances(draw: Any, *, max_K: int = 6, max_depth: int = 2) -> dict:
    """A 2-D input MLP of ReLU-type layers with generic (seeded Gaussian) weights ``{"net", "x0" = 0, "half_width"}``:
    lines in general position, the setting of hyperplane-arrangement counts."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    depth = draw(_dim(1, max_depth))
    widths = [draw(_dim(1, max_K)) for _ in range(depth)]
    layers, d = [], 2
    for w in widths:
        layers += [{"type": "Dense", "W": _f32(rng.standard_normal((w, d))), "b": _f32(0.5 * rng.standard_normal(w))}, _act(draw, max_eta=1.0)]
        d = w
    layers.append({"type": "Dense", "W": _f32(rng.standard_normal((1, d))), "b": np.zeros(1)})
    return {"net": {"input_shape": [2], "layers": layers}, "x0": np.zeros(2), "half_width": draw(st.sampled_from([0.5, 1.0, 2.0]))}


# ---- report17_cross_entropy ----
# report17 Sec. 4.2, Eq. (58)-(62): cross-entropy of template matching, its gradients and update rules.
__all__ += ["cross_entropy_template_instances"]


@st.composite
def cross_entropy_template_instances(draw: Any) -> dict:
    """``{"A" (C, D), "x" (N, D), "b" (C,), "y" (N,), "lr"}``: templates with biases, inputs, labels and a learning rate (report17 Eq. 58-62)."""
    C, D, N = draw(_dim(2, 5)), draw(_dim(1, 4)), draw(_dim(1, 3))
    return {
        "A": draw(float_arrays((C, D), bound=2.0)),
        "x": draw(float_arrays((N, D), bound=2.0)),
        "b": draw(float_arrays((C,), bound=2.0)),
        "y": np.asarray(draw(st.lists(st.integers(0, C - 1), min_size=N, max_size=N))),
        "lr": draw(st.sampled_from([0.01, 0.1, 0.5, 1.0])),
    }


# ---- approximation ----
# Smooth networks and convex operators for the spline approximation claims
# (report17 Thm. 1, Eq. (37); icml18 Sec. 3 and Sec. 4.1).
__all__ += ["smooth_network_instances", "smooth_activation_instances", "convex_operator_instances"]

_TOLERANCES = (1e-1, 3e-2, 1e-2, 3e-3, 1e-3)


@st.composite
def smooth_network_instances(draw: Any, *, activations: tuple = ("tanh", "sigmoid"), max_N: int = 8) -> dict:
    """A dense network with smooth activations (1 or 2 hidden layers of width <= 3), a tolerance and inputs.

    ``{"layers": [...], "tol": float, "x": (N, D)}``; the inputs reach
    magnitude 10, far into the activations' saturated tails.
    """
    D = draw(_dim(1, 3))
    layers, d = [], D
    for _ in range(draw(_dim(1, 2))):
        w = draw(_dim(1, 3))
        layers += [_dense(draw, w, d), {"type": draw(st.sampled_from(activations))}]
        d = w
    layers.append(_dense(draw, draw(_dim(1, 2)), d))
    return {"layers": layers, "tol": draw(st.sampled_from(_TOLERANCES)), "x": draw(float_arrays((draw(_dim(1, max_N)), D), bound=10.0))}


@st.composite
def smooth_activation_instances(draw: Any, *, activations: tuple = ("sigmoid", "arctan")) -> dict:
    """``{"activation", "tol", "a", "t"}``: a smooth activation, a tolerance for its spline fit, a half-width a in [1, 8]
    and the 41 points ``t`` of [-a, a] (0, a/2 and a among them) for the convex-fit bound."""
    a = draw(st.sampled_from([1.0, 2.0, 3.0, 5.0, 8.0]))
    return {"activation": draw(st.sampled_from(activations)), "tol": draw(st.sampled_from(_TOLERANCES[:4])), "a": a, "t": np.linspace(-a, a, 41)}


@st.composite
def convex_operator_instances(draw: Any, *, max_N: int = 40) -> dict:
    """A smooth operator of :math:`\\mathbb R^D` (D = 1, 2), convex in each output, a box, a tolerance and inputs in the box.

    Outputs are drawn from :math:`\\tfrac12\\|x\\|^2`, log-sum-exp of :math:`x` and
    :math:`\\mathrm{softplus}(\\langle w, x\\rangle + c)`; ``{"outputs": [...], "a", "tol", "x"}``
    (the box is :math:`[-a, a]^D`).
    """
    D = draw(_dim(1, 2))
    outputs = []
    for _ in range(draw(_dim(1, 3))):
        kind = draw(st.sampled_from(["half_sq_norm", "logsumexp", "softplus"]))
        out = {"kind": kind}
        if kind == "softplus":
            out["w"], out["c"] = draw(float_arrays((D,), bound=2.0)), draw(st.floats(-2.0, 2.0))
        outputs.append(out)
    a = draw(st.sampled_from([1.0, 2.0, 3.0]))
    return {"outputs": outputs, "a": a, "tol": draw(st.sampled_from([1e-1, 3e-2, 1e-2])),
            "x": draw(float_arrays((draw(_dim(1, max_N)), D), bound=a))}


@st.composite
def awgn_classification_instances(draw: Any, *, max_N: int = 12) -> dict:
    """Deterministic class signals in white Gaussian noise: ``{"signals": (C, D), "sigma2", "priors": (C,), "x": (N, D)}``.

    The inputs are signals plus noise of variance ``sigma2`` (NumPy's generator
    seeded by a drawn integer) and, half of the time, arbitrary points.
    """
    C, D = draw(_dim(2, 4)), draw(_dim(1, 4))
    S = draw(float_arrays((C, D), bound=3.0))
    sigma2 = draw(st.sampled_from([0.1, 0.5, 1.0, 4.0]))
    w = np.asarray(draw(st.lists(st.floats(0.05, 1.0), min_size=C, max_size=C)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))  # the noise: seeded by the draw, so replayable
    N = draw(_dim(1, max_N))
    labels = rng.integers(0, C, size=N)
    x = S[labels] + rng.normal(0.0, sigma2**0.5, size=(N, D))
    if draw(st.booleans()):
        x = np.concatenate([x, draw(float_arrays((draw(_dim(1, 4)), D), bound=4.0))])
    return {"signals": S, "sigma2": sigma2, "priors": w / w.sum(), "x": x}


__all__ += ["awgn_classification_instances"]
