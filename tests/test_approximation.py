"""The spline approximations of smooth nonlinearities (spline_theory.approximation) and the claims that use them."""

import dataclasses
import math

import numpy as np
import pytest

from spline_theory import approximation as ap
from spline_theory import claims
from spline_theory.network import Network


@pytest.mark.parametrize("name", sorted(ap.ACTIVATIONS))
@pytest.mark.parametrize("tol", [1e-1, 1e-2])
def test_fit_activation_is_within_its_tolerance_on_the_whole_line(name, tol):
    p = ap.fit_activation(name, tol)
    assert p.bound <= tol
    u = np.linspace(-4 * p.knots[-1], 4 * p.knots[-1], 400_001)
    err = np.max(np.abs(p(u) - ap.ACTIVATIONS[name].f(np, u)))
    # the bound is tight: the interpolation error comes within 10 % of it
    assert 0.5 * tol < err <= tol


def test_piecewise_linear_relu_form_and_layers_agree_with_the_interpolant():
    p = ap.interpolate(np.sin, np.linspace(-2.0, 3.0, 7))
    u = np.linspace(-5.0, 6.0, 1001)
    t, c, v0 = p.relu_coefficients()
    relu_form = v0 + np.sum(c * np.maximum(u[:, None] - t, 0.0), axis=1)
    np.testing.assert_allclose(p(u), relu_form, atol=1e-12)
    np.testing.assert_allclose(p(u), np.interp(u, p.knots, p.values), atol=1e-12)
    net = Network.like({"input_shape": [2], "layers": p.layers(2)}, np.zeros((1, 2)))
    x = np.stack([u, -u], axis=1)
    np.testing.assert_allclose(net.forward(x), np.stack([p(u), p(-u)], axis=1), atol=1e-12)


def test_spline_network_is_within_its_bound_of_the_smooth_network():
    rng = np.random.default_rng(1)
    layers = [{"type": "Dense", "W": rng.normal(size=(3, 2)), "b": rng.normal(size=3)}, {"type": "tanh"},
              {"type": "Dense", "W": rng.normal(size=(2, 3)), "b": rng.normal(size=2)}]
    spec, bound = ap.spline_network(layers, 1e-3)
    assert bound <= 1e-3
    x = rng.normal(size=(2000, 2)) * 4
    net = Network.like(spec, x)
    assert np.max(np.abs(net.forward(x) - ap.smooth_forward(layers, x))) <= bound


def test_tangent_maso_is_below_a_convex_function_and_within_its_bound():
    f = lambda g: 0.5 * np.sum(g**2, axis=1, keepdims=True)  # noqa: E731
    grad = lambda g: g[:, None, :]  # noqa: E731
    S, bound = ap.tangent_maso_within(f, grad, [[-2.0, 2.0], [-1.0, 1.0]], 0.01, 1.0)
    x = np.random.default_rng(0).uniform([-2, -1], [2, 1], size=(4000, 2))
    gap = f(x) - S(x)
    assert gap.min() >= -1e-12 and gap.max() <= bound <= 0.01


def test_best_convex_fit_of_a_convex_function_is_zero_and_of_the_sigmoid_is_positive():
    t = np.linspace(-3.0, 3.0, 21)
    assert ap.best_convex_fit_error(t, t**2) == pytest.approx(0.0, abs=1e-9)
    sig = 1 / (1 + np.exp(-t))
    gap = (1 / (1 + math.exp(-1.5)) - (0.5 + 1 / (1 + math.exp(-3.0))) / 2) / 2
    assert ap.best_convex_fit_error(t, sig) >= gap > 0


@pytest.mark.parametrize("call, match", [
    (lambda: ap.fit_activation("relu", 0.1), "activation must be one of"),
    (lambda: ap.fit_activation("tanh", 0.0), "tol must be a finite number > 0"),
    (lambda: ap.fit_activation("tanh", float("nan")), "tol must be a finite number > 0"),
    (lambda: ap.interpolate(np.sin, [0.0, 0.0, 1.0]), "strictly increasing"),
    (lambda: ap.spline_network([{"type": "tanh"}], 0.1), "must start with a Dense layer"),
    (lambda: ap.spline_network([{"type": "Dense", "W": np.ones((2, 3)), "b": np.ones(3)}], 0.1), r"W must be \(K, D\) and b \(K,\)"),
    (lambda: ap.tangent_maso(np.sin, np.cos, [[1.0, 0.0]], 3), "lower <= upper"),
    (lambda: ap.tangent_maso_within(np.sin, np.cos, [[0.0, 1.0]], 0.1, -1.0), "hessian_bound must be"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_eq37_fails_when_the_curvature_bound_is_too_small(monkeypatch):
    # knots twice as sparse as the interpolation bound needs: the network check must see the error exceed epsilon
    for name in ("tanh", "sigmoid"):
        act = ap.ACTIVATIONS[name]
        monkeypatch.setitem(ap.ACTIVATIONS, name, dataclasses.replace(act, curvature=act.curvature / 4))
    v = claims.get("report17.eq37").verify(max_examples=200, shrink=False)
    assert v.verdict == "fails" and v.counterexample["relation"].startswith("||f(x) - f~(x)||_inf <= epsilon")


def _module(claim_id):
    import importlib

    return importlib.import_module(claims.get(claim_id)._check.__module__)


def test_maso_approximation_fails_when_the_hessian_bound_is_too_small(monkeypatch):
    mod = _module("icml18.sec3.maso_approximation")
    orig = mod.tangent_maso_within
    monkeypatch.setattr(mod, "tangent_maso_within", lambda f, grad, box, tol, M: orig(f, grad, box, tol, M / 16))
    v = claims.get("icml18.sec3.maso_approximation").verify(max_examples=200, shrink=False)
    assert v.verdict == "fails" and v.counterexample["relation"].startswith("h(x) - S(x) <= epsilon")


def test_sigmoid_not_maso_fails_when_a_convex_fit_beats_the_bound(monkeypatch):
    # a (wrong) best convex fit of 0 would mean a MASO reaches the sigmoid: the check must refuse it
    monkeypatch.setattr(_module("icml18.sec41.sigmoid_aso_not_maso"), "best_convex_fit_error", lambda t, y: 0.0)
    v = claims.get("icml18.sec41.sigmoid_aso_not_maso").verify(max_examples=50, shrink=False)
    assert v.verdict == "fails"


def test_sigmoid_not_maso_fails_when_the_spline_fit_is_too_coarse(monkeypatch):
    mod = _module("icml18.sec41.sigmoid_aso_not_maso")
    orig = mod.fit_activation
    monkeypatch.setattr(mod, "fit_activation", lambda name, tol: orig(name, 4 * tol))
    assert claims.get("icml18.sec41.sigmoid_aso_not_maso").verify(max_examples=50, shrink=False).verdict == "fails"


def test_the_approximation_guide_runs_as_written():
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "approximation.md"
    code = "\n".join(re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S))
    ns = {}
    exec(compile(code, str(page), "exec"), ns)
    assert ns["bound"] <= 0.01 and ns["S"].A.shape[0] == 1


def test_softmax_network_is_within_its_bound_everywhere():
    from spline_theory.activations import softmax

    rng = np.random.default_rng(2)
    for C in (2, 3):
        spec, bound = ap.softmax_network(C, 1e-2)
        assert bound <= 1e-2
        z = np.concatenate([rng.uniform(-30, 30, size=(3000, C)), rng.normal(size=(3000, C))])
        net = Network.like(spec, z)
        assert np.max(np.abs(net.forward(z) - softmax(z, axis=1))) <= bound


def test_softmax_claim_fails_when_the_reciprocal_fit_is_too_coarse(monkeypatch):
    orig = ap._reciprocal_fit
    monkeypatch.setattr(ap, "_reciprocal_fit", lambda eps: orig(eps * 8))
    v = claims.get("report17.eq37.softmax").verify(max_examples=200, shrink=False)
    assert v.verdict == "fails" and v.counterexample["relation"].startswith("||f(x) - f~(x)||_inf <= epsilon")


@pytest.mark.parametrize("call, match", [
    (lambda: ap.softmax_network(1, 0.1), "C must be an int >= 2"),
    (lambda: ap.softmax_network(3, -1.0), "tol must be a finite number > 0"),
])
def test_softmax_network_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
