"""Networks: layer specs, CNNs, residual and recurrent networks, DCN / ResNet closed forms (icml18 Sec. 4, report17 Sec. 3)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ._core import _dim, convex_spline_instances, float_arrays

__all__: list[str] = []

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


