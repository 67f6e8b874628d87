"""Exact partitions of 1-D and 2-D slices (icml18 Sec. 7)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from ._core import _dim, float_arrays
from ._networks import _act, _dense
from ._teacher_student import _f32

__all__: list[str] = []

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


