"""The factorial model, orthogonal filters, apodized patches and the prior at initialization (iclr19 Sec. 5, App. B, App. C)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from ._core import _dim, float_arrays

__all__: list[str] = ["factorial_instances", "orthogonal_weight_instances", "penalty_instances", "initialization_instances", "patch_instances"]

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


