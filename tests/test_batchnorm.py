"""BatchNorm as a projection (tian18 Sec. 4, App. 8.6): properties, backends, bad input, no mutation."""

import math

import numpy as np
import pytest
from hypothesis import given

from spline_theory import backend
from spline_theory import batchnorm as bn
from spline_theory.testing.strategies import bn_instances, population_bn_instances


def _inst():
    return np.array([0.0, 1.0, 3.0, -2.0]), np.array([1.5, -0.5]), np.array([1.0, -2.0, 0.5, 0.25])


# ------------------------------------------------------------ properties
@given(bn_instances(eps=True))
def test_projection_form_matches_the_standard_backward_with_and_without_eps(inst):
    f, c, g_bn, eps = inst["f"], inst["c"], inst["g_bn"], inst["eps"]
    for e in (0.0, eps):
        g1, gc1 = bn.batchnorm_backward(f, c, g_bn, eps=e)
        g2, gc2 = bn.bn_backward_projection(f, c, g_bn, eps=e)
        np.testing.assert_allclose(g1, g2, rtol=1e-9, atol=1e-9 * np.abs(c[0]) * np.abs(g_bn).sum())
        np.testing.assert_allclose(gc1, gc2, rtol=1e-9, atol=1e-9 * np.abs(g_bn).sum())


@given(bn_instances())
def test_bn_jacobian_is_a_scaled_symmetric_idempotent_projection(inst):
    f, c = inst["f"], inst["c"]
    if c[0] == 0:
        return
    _, sigma = bn.bn_statistics(f)
    P = bn.bn_jacobian(f, c) * sigma / c[0]
    np.testing.assert_allclose(P, P.T, atol=1e-12)
    np.testing.assert_allclose(P @ P, P, atol=1e-12)
    assert abs(np.trace(P) - (f.shape[0] - 2)) < 1e-9  # rank N - 2


@given(population_bn_instances())
def test_population_gradient_is_centered_and_orthogonal_to_f_under_p(inst):
    p = np.asarray(inst["counts"], float) / sum(inst["counts"])
    g, _ = bn.bn_backward_projection(inst["f"], inst["c"], inst["g_bn"], p=p)
    scale = np.abs(inst["c"][0]) * np.abs(inst["g_bn"]).max() * 10
    assert abs(p @ g) <= 1e-12 * scale + 1e-15
    assert abs(p @ (g * inst["f"])) <= 1e-11 * scale * np.abs(inst["f"]).max() + 1e-15


def test_several_nodes_at_once_equal_one_node_at_a_time():
    rng = np.random.default_rng(0)
    f, g = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    c = np.array([[1.0, 0.0], [2.0, 1.0], [-1.0, 0.5]])
    G, Gc = bn.bn_backward_projection(f, c, g)
    for j in range(3):
        gj, gcj = bn.bn_backward_projection(f[:, j], c[j], g[:, j])
        np.testing.assert_allclose(G[:, j], gj, atol=1e-12)
        np.testing.assert_allclose(Gc[j], gcj, atol=1e-12)
    np.testing.assert_allclose(bn.batchnorm_forward(f, c)[:, 1], bn.batchnorm_forward(f[:, 1], c[1]))


def test_eps_makes_the_gradient_lean_towards_f_by_eps_over_sigma2_plus_eps():
    f = np.array([-1.0, 0.0, 1.0])
    g, _ = bn.batchnorm_backward(f, np.array([1.0, 0.0]), f, eps=1.0)
    sigma2 = 2 / 3
    assert math.isclose(f @ g, 2 * (1 / (sigma2 + 1)) / math.sqrt(sigma2 + 1), rel_tol=1e-12)  # (c_1 sigma / sigma_eps) eps / (sigma^2 + eps) f~^T g_bn, f~^T g_bn = 2 / sigma
    assert abs(g.sum()) < 1e-15


def test_energy_grows_by_half_eta_squared_step_norm_per_discrete_step():
    F = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    run = bn.bn_energy_steps(F, np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]]), np.array([[1.0], [0.0], [0.0], [0.0]]), lr=0.5, steps=3)
    np.testing.assert_allclose(np.diff(run["energy"], axis=0), 0.125 * run["step_sq"], rtol=1e-12)
    assert np.all(np.diff(run["energy"][:, 0]) > 0)


def test_gradient_flow_conserves_energy_with_bn_and_not_with_eps():
    rng = np.random.default_rng(3)
    F, W, Y = rng.standard_normal((6, 3)), rng.standard_normal((2, 3)), rng.standard_normal((6, 2))
    c = np.array([[1.0, 0.0], [1.5, 0.2]])
    flow = bn.bn_energy_flow(F, W, c, Y, T=0.2, steps=20)
    np.testing.assert_allclose(flow["energy"][1], flow["energy"][0], rtol=1e-8)
    flow_eps = bn.bn_energy_flow(F, W, c, Y, T=0.2, steps=20, eps=1.0)
    np.testing.assert_allclose(flow_eps["integral"], flow_eps["energy"][1] - flow_eps["energy"][0], rtol=1e-6)
    assert np.all(np.abs(flow_eps["integral"]) > 1e-6)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_every_function_runs_on_each_backend_and_keeps_the_dtype(xp, dtype):
    f0, c0, g0 = _inst()
    dt = backend.resolve_dtype(xp, dtype)
    f, c, g = (backend.asarray(a, xp, dt) for a in (f0, c0, g0))
    outs = [
        bn.batchnorm_forward(f, c),
        bn.batchnorm_backward(f, c, g)[0],
        bn.bn_backward_projection(f, c, g, eps=0.25)[0],
        bn.bn_jacobian(f, c),
        bn.normalization_jacobian(f),
        bn.standardized_basis(f),
        bn.uni_norm(f),
    ]
    for out in outs:
        assert out.dtype == dt
    ref = bn.bn_backward_projection(f0, c0, g0, eps=0.25)[0]
    tol = 1e-4 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(backend.to_numpy(outs[2]), ref, rtol=tol, atol=tol)


def test_inputs_are_not_modified():
    f, c, g = _inst()
    copies = [a.copy() for a in (f, c, g)]
    bn.batchnorm_forward(f, c, eps=0.5)
    bn.batchnorm_backward(f, c, g, eps=0.5)
    bn.bn_backward_projection(f, c, g, eps=0.5, p=np.full(4, 0.25))
    bn.bn_jacobian(f, c)
    W = np.array([[1.0, 2.0, 3.0, 4.0]])
    Wc = W.copy()
    bn.bn_energy_steps(np.eye(4), W, np.array([[1.0, 0.0]]), np.ones((4, 1)), lr=0.1, steps=2)
    for a, b in zip((f, c, g, W), (*copies, Wc)):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------ bad input
def test_bad_input_names_the_argument_and_what_was_expected():
    f, c, g = _inst()
    with pytest.raises(ValueError, match=r"c must have shape \(2,\).*got shape \(3,\)"):
        bn.batchnorm_forward(f, np.ones(3))
    with pytest.raises(ValueError, match=r"g_bn must have the shape of f, \(4,\); got shape \(3,\)"):
        bn.batchnorm_backward(f, c, np.ones(3))
    with pytest.raises(ValueError, match="f must not be constant along the batch"):
        bn.batchnorm_forward(np.ones(4), c)
    with pytest.raises(ValueError, match="f must not be constant"):
        bn.bn_backward_projection(np.ones(4), c, g)
    with pytest.raises(ValueError, match=r"eps must be a finite real number >= 0; got -1"):
        bn.batchnorm_forward(f, c, eps=-1.0)
    with pytest.raises(TypeError, match="eps must be a real number"):
        bn.batchnorm_forward(f, c, eps="0")
    with pytest.raises(ValueError, match=r"p must sum to 1; got sum\(p\) = 2"):
        bn.bn_statistics(f, p=np.full(4, 0.5))
    with pytest.raises(ValueError, match="p must be non-negative"):
        bn.bn_statistics(f, p=np.array([1.5, -0.5, 0.0, 0.0]))
    with pytest.raises(ValueError, match=r"p must have shape \(N,\) = \(4,\)"):
        bn.bn_statistics(f, p=np.full(3, 1 / 3))
    with pytest.raises(ValueError, match=r"f must have shape \(N,\) or \(N, J\)"):
        bn.batchnorm_forward(np.ones((2, 2, 2)), c)
    with pytest.raises(ValueError, match="f must be finite"):
        bn.batchnorm_forward(np.array([0.0, np.nan, 1.0]), c)
    with pytest.raises(ValueError, match="linearly independent columns"):
        bn.orthogonal_complement_projector(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"W must have shape \(J, K\) with K = 2"):
        bn.relu_layer_gradients(np.ones((3, 2)), np.ones((1, 3)), np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"G_top must have shape \(N, J\) = \(3, 1\)"):
        bn.relu_layer_gradients(np.ones((3, 2)), np.ones((1, 2)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="lr must be a finite real number > 0"):
        bn.bn_energy_steps(np.eye(3), np.ones((1, 3)), np.array([[1.0, 0.0]]), np.ones((3, 1)), lr=0.0, steps=1)
    with pytest.raises(ValueError, match="steps must be a positive int"):
        bn.bn_energy_flow(np.eye(3), np.ones((1, 3)), np.array([[1.0, 0.0]]), np.ones((3, 1)), T=1.0, steps=0)
    with pytest.raises(ValueError, match="f must be non-zero"):
        bn.normalization_jacobian(np.zeros(3))
    with pytest.raises(ValueError, match="N must be a positive int"):
        bn.centering_projection(0)
