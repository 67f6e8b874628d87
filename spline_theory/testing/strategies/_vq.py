"""VQ inference and the nonlinearities it induces (iclr19 Sec. 2-4, App. A, B, E)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from ._core import _dim, activation_instances, elements, float_arrays, maso_parameters

__all__: list[str] = []

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


