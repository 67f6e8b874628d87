"""Lipschitz bounds, adversarial steps and inversion (report17 Sec. 4.3, 5.1)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from ._core import _dim, float_arrays
from ._networks import _dense, _inputs, network_instances, network_specs

__all__: list[str] = []

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


