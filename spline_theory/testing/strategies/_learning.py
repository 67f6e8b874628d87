"""Templates, optimal templates, cross-entropy updates, global inference and the matched filterbank (icml18 Sec. 5-6, report17 Sec. 4)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from ._core import _dim, float_arrays
from ._networks import _act, _dense, _inputs, network_instances, network_specs

__all__: list[str] = []

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


@st.composite
def logit_instances(draw: Any, *, max_N: int = 8) -> dict:
    """``{"z" (N, C), "y" (N,)}``: logits in [-4, 4] of 2 to 5 classes and labels (tian18 Sec. 3's top nodes below the softmax)."""
    C, N = draw(_dim(2, 5)), draw(_dim(1, max_N))
    return {"z": draw(float_arrays((N, C), bound=4.0)), "y": np.asarray(draw(st.lists(st.integers(0, C - 1), min_size=N, max_size=N)))}


__all__ += ["logit_instances"]
