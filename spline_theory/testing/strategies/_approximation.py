"""Smooth networks and convex operators for the spline approximation claims (report17 Thm. 1, icml18 Sec. 3, 4.1)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from ._core import _dim, float_arrays
from ._networks import _dense

__all__: list[str] = []

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
def softmax_approximation_instances(draw: Any, *, max_N: int = 8) -> dict:
    """``{"z" (N, C), "tol"}``: logits of 2 to 4 classes up to magnitude 20 and a tolerance (report17 Eq. (37) for the softmax)."""
    C = draw(_dim(2, 4))
    return {"z": draw(float_arrays((draw(_dim(1, max_N)), C), bound=20.0)), "tol": draw(st.sampled_from([1e-1, 1e-2, 1e-3]))}


__all__ += ["softmax_approximation_instances"]
