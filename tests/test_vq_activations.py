"""The SMASO / VQ toolkit and the soft nonlinearities (iclr19 Sec. 3-4, App. A, E): properties and bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spline_theory import MASO, backend, vq
from spline_theory import activations as ac
from spline_theory import operators as op
from spline_theory.testing.strategies import maso_instances, simplex_instances


def _relu_layer():
    W = np.array([[1.0, -2.0], [0.5, 0.25]])
    b = np.array([0.5, -1.0])
    return W, b


# ------------------------------------------------------------ properties
@given(maso_instances(), st.sampled_from([0.25, 1.0, 3.0]))
def test_posterior_with_tempered_prior_is_softmax_of_pieces_over_sigma2(inst, s2):
    A, B, x = inst["A"], inst["B"], inst["x"]
    post = vq.region_posterior(A, vq.region_prior(A, B, sigma2=s2), x, s2)
    np.testing.assert_allclose(post, vq.beta_vq_matrix(A, B, x, vq.beta_from_eta(1 / s2)), atol=1e-9)
    np.testing.assert_allclose(post.sum(axis=2), 1.0)


@given(maso_instances())
def test_map_regions_maximizes_the_log_joint(inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    prior = vq.region_prior(A, B)
    lj = vq.smaso_log_joint(A, prior, x)
    t = vq.map_regions(A, prior, x)
    np.testing.assert_array_equal(np.take_along_axis(lj, t[..., None], axis=2)[..., 0], lj.max(axis=2))


def test_smaso_log_likelihood_is_a_density():
    # one unit, one dimension: integrate the mixture density numerically
    A = np.array([[[-1.0], [2.0]]])
    prior = np.array([[0.3, 0.7]])
    grid = np.linspace(-12, 14, 20001)[:, None]
    dens = np.exp(vq.smaso_log_likelihood(A, prior, grid, 1.5))[:, 0]
    assert abs(np.trapezoid(dens, grid[:, 0]) - 1.0) < 1e-6


def test_region_posterior_limit_is_the_small_variance_posterior():
    A = np.array([[[1.0], [0.0]], [[2.0], [-1.0]]])
    prior = np.array([[0.2, 0.8], [0.5, 0.5]])
    x = np.array([[0.25], [0.9], [-3.0]])
    np.testing.assert_allclose(vq.region_posterior(A, prior, x, 1e-4), vq.region_posterior_limit(A, prior, x), atol=1e-12)
    # an exact tie splits by the prior
    np.testing.assert_allclose(vq.region_posterior_limit(A[:1], prior[:1], np.array([[0.5]])), [[[0.2, 0.8]]])


def test_kmeans_view_of_prop1():
    A = np.array([[[3.0, 4.0], [0.0, 0.0], [1.0, 1.0]]])
    x = np.array([[2.9, 3.8], [0.1, -0.2], [1.2, 0.9]])
    np.testing.assert_array_equal(vq.kmeans_regions(A, x), [[0], [1], [2]])
    np.testing.assert_array_equal(MASO(A, vq.kmeans_bias(A)).region_codes(x), vq.kmeans_regions(A, x))
    np.testing.assert_allclose(vq.region_prior(A, vq.kmeans_bias(A)), np.full((1, 3), 1 / 3))


@given(simplex_instances())
def test_beta_vq_matrix_beats_other_simplex_points(inst):
    A, B, x, beta = inst["A"], inst["B"], inst["x"], inst["beta"]
    best = vq.vq_objective(A, B, x, vq.beta_vq_matrix(A, B, x, beta), beta)
    assert np.all(vq.vq_objective(A, B, x, inst["T_other"], beta) <= best + 1e-9 * (1 + np.abs(best)))


def test_entropy_and_eta():
    assert vq.vq_entropy(np.array([1.0, 0.0])) == 0.0
    np.testing.assert_allclose(vq.vq_entropy(np.full((2, 3, 4), 0.25)), np.full((2, 3), math.log(4)))
    assert vq.eta_from_beta(0.0) == 0.0 and vq.eta_from_beta(0.5) == 1.0
    assert vq.beta_from_eta(vq.eta_from_beta(0.8)) == pytest.approx(0.8)


def test_region_margin_is_gap_between_two_best_pieces():
    A = np.array([[[1.0], [0.0], [-1.0]]])
    B = np.array([[0.0, 0.5, 0.0]])
    np.testing.assert_allclose(vq.region_margin(A, B, np.array([[2.0], [0.0]])), [[1.5], [0.5]])
    assert np.isinf(vq.region_margin(A[:, :1], B[:, :1], np.array([[1.0]]))).all()


def test_vq_affine_map_of_hard_matrix_gives_the_maso_output():
    A = np.random.default_rng(0).standard_normal((3, 4, 2))
    B = np.random.default_rng(1).standard_normal((3, 4))
    x = np.random.default_rng(2).standard_normal((5, 2))
    A_T, B_T = vq.vq_affine_map(A, B, vq.hard_vq_matrix(A, B, x))
    np.testing.assert_allclose(np.einsum("nkd,nd->nk", A_T, x) + B_T, MASO(A, B)(x))
    np.testing.assert_allclose(A_T, MASO(A, B).affine_at(x)[0])


def test_activations_direct_and_from_maso_agree():
    W, b = _relu_layer()
    x = np.array([[1.0, 2.0], [-0.5, 0.3], [3.0, -1.0]])
    u = x @ W.T + b
    for first in (True, False):
        S = ac.relu_layer_maso(W, b, active_first=first)
        np.testing.assert_allclose(S.beta_vq(x, 0.5), ac.silu(u))
        np.testing.assert_allclose(S.beta_vq(x, 0.75), ac.swish(u, 3.0))
        np.testing.assert_allclose(S.beta_vq(x, 1.0), np.maximum(u, 0))
        np.testing.assert_allclose(ac.soft_layer(S.A, S.B, x)[..., 0 if first else 1], ac.sigmoid(u))
    F = ac.fc_pooling_maso(W, b)
    np.testing.assert_allclose(ac.soft_layer(F.A, F.B, x)[:, 0], ac.softmax(u))
    np.testing.assert_allclose(ac.beta_vq_relu(u, 0.75), ac.swish(u, 3.0))
    np.testing.assert_allclose(ac.beta_vq_absolute_value(u, 0.5), u * np.tanh(u))
    np.testing.assert_allclose(ac.beta_vq_leaky_relu(u, 0.1, 1.0), np.maximum(u, 0.1 * u))
    np.testing.assert_allclose(ac.beta_vq_pwl(u, [1.0, -1.0], [0.0, 0.0], 0.0), 0.0, atol=1e-15)


def test_softmax_pooling_limits():
    z = np.array([[1.0, 3.0, -2.0, 0.5]])
    regions = [[0, 1], [2, 3, 0]]
    np.testing.assert_allclose(ac.softmax_pooling(z, regions, 1.0), op.max_pool(z, regions))
    np.testing.assert_allclose(ac.softmax_pooling(z, regions, 0.0), op.avg_pool(z, regions))
    e = np.exp([1.0, 3.0])
    np.testing.assert_allclose(ac.softmax_pooling(z, regions, 0.5)[0, 0], (e * [1.0, 3.0]).sum() / e.sum())


def test_sigmoid_and_softmax_do_not_overflow():
    u = np.array([-1000.0, 0.0, 1000.0])
    np.testing.assert_array_equal(ac.sigmoid(u), [0.0, 0.5, 1.0])
    np.testing.assert_allclose(ac.softmax(u), [0.0, 0.0, 1.0])
    assert np.isfinite(ac.swish(u, 10.0)).all()


def test_tanh_reparametrization_rules():
    C, b = np.array([[1.0, -0.5]]), np.array([0.3])
    Cn, bn = np.array([[2.0], [-1.0]]), np.array([0.0, 0.5])
    x = np.array([[0.2, 0.4], [-1.0, 2.0]])
    tanh_net = np.tanh(x @ C.T + b) @ Cn.T + bn
    Cs, bs, Cns, bns = ac.tanh_reparametrization(C, b, Cn, bn)
    np.testing.assert_allclose(ac.sigmoid(x @ Cs.T + bs) @ Cns.T + bns, tanh_net)
    Cs, bs, Cns, bns = ac.tanh_reparametrization(C, b, Cn, bn, rule="printed")
    assert not np.allclose(ac.sigmoid(x @ Cs.T + bs) @ Cns.T + bns, tanh_net)


def test_maso_after_affine_with_skip_connection():
    W, b = _relu_layer()
    V = np.array([[0.5, 0.5], [-1.0, 0.0]])
    x = np.array([[1.0, 2.0], [-0.5, 0.3]])
    S = ac.maso_after_affine(op.activation_maso("absolute_value", 2), W, b, V=V)
    np.testing.assert_allclose(S(x), np.abs(x @ W.T + b) + x @ V.T)


def test_everything_runs_on_every_backend_and_in_float32(xp):
    for dt in ("float64", "float32"):
        dtype = backend.resolve_dtype(xp, dt)
        A = backend.asarray(np.array([[[1.0, 0.0], [0.0, 0.0]], [[-1.0, 1.0], [1.0, -1.0]]]), xp, dtype)
        B = backend.asarray(np.array([[0.0, 0.5], [0.25, 0.0]]), xp, dtype)
        x = backend.asarray(np.array([[0.5, -1.0], [2.0, 0.0]]), xp, dtype)
        prior = vq.region_prior(A, B, sigma2=0.5)
        outs = [
            prior,
            vq.region_posterior(A, prior, x, 0.5),
            vq.smaso_log_likelihood(A, prior, x),
            vq.region_posterior_limit(A, prior, x),
            vq.kmeans_bias(A),
            vq.soft_vq_matrix(A, B, x),
            vq.vq_objective(A, B, x, vq.hard_vq_matrix(A, B, x), 0.3),
            vq.vq_affine_map(A, B, vq.beta_vq_matrix(A, B, x, 0.3))[0],
            vq.region_margin(A, B, x),
            ac.swish(x, 2.0),
            ac.softmax(x),
            ac.softmax_pooling(x, [[0, 1], [1]], 0.3),
            ac.beta_vq_pwl(x, [1.0, 0.0, -1.0], [0.0, 0.5, 0.0], 0.7),
            ac.beta_vq_activation(A, B, x, 0.3),
            ac.tanh_reparametrization(A[0, ...], B[0, ...], A[1, ...], B[1, ...])[3],
        ]
        for out in outs:
            assert backend.array_namespace(out) is xp
            assert out.dtype == dtype
        assert backend.array_namespace(vq.map_regions(A, prior, x)) is xp


def test_inputs_are_not_mutated():
    rng = np.random.default_rng(3)
    A, B, x = rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 3)), rng.standard_normal((4, 2))
    prior = vq.region_prior(A, B)
    T = vq.beta_vq_matrix(A, B, x, 0.3)
    copies = [v.copy() for v in (A, B, x, prior, T)]
    vq.region_posterior(A, prior, x, 0.5)
    vq.region_posterior_limit(A, prior, x)
    vq.vq_objective(A, B, x, T, 0.3)
    vq.vq_affine_map(A, B, T)
    vq.vq_entropy(T)
    ac.softmax_pooling(x, [[0, 1]], 0.3)
    ac.beta_vq_pwl(x, [1.0, 0.0], [0.0, 0.0], 0.4)
    ac.tanh_reparametrization(A[0], B[0], A[1].T, B[1][:2])
    for v, c in zip((A, B, x, prior, T), copies):
        np.testing.assert_array_equal(v, c)


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize("sigma2", [0.0, -1.0, math.inf, math.nan])
def test_non_positive_noise_variance_is_refused(sigma2):
    A = np.zeros((1, 2, 1))
    with pytest.raises(ValueError, match="sigma2 must be a finite number > 0"):
        vq.region_prior(A, np.zeros((1, 2)), sigma2=sigma2)
    with pytest.raises(ValueError, match="sigma2 must be a finite number > 0"):
        vq.map_regions(A, np.full((1, 2), 0.5), np.zeros((1, 1)), sigma2)
    with pytest.raises(TypeError, match="sigma2 must be a real number"):
        vq.smaso_log_joint(A, np.full((1, 2), 0.5), np.zeros((1, 1)), "1")


@pytest.mark.parametrize(
    "prior, match",
    [
        (np.array([[0.5, 0.6]]), r"prior must have rows that sum to one \(to 1e-6\); got row sums \[1.1"),
        (np.array([[1.0, 0.0]]), "prior must have positive entries"),
        (np.full((1, 3), 1 / 3), r"prior must have shape \(K, R\) = \(1, 2\); got shape \(1, 3\)"),
    ],
)
def test_priors_that_are_not_distributions_are_refused(prior, match):
    with pytest.raises(ValueError, match=match):
        vq.region_posterior(np.zeros((1, 2, 1)), prior, np.zeros((1, 1)))


@pytest.mark.parametrize("beta", [1.0, 1.5, -0.1])
def test_eta_needs_beta_in_0_1(beta):
    with pytest.raises(ValueError, match=r"beta must lie in"):
        vq.eta_from_beta(beta)


def test_beta_outside_the_unit_interval_is_refused():
    A, B, x = np.zeros((1, 2, 1)), np.zeros((1, 2)), np.zeros((1, 1))
    for f in (lambda: vq.beta_vq_matrix(A, B, x, 1.5), lambda: vq.vq_objective(A, B, x, np.full((1, 1, 2), 0.5), -0.5),
              lambda: ac.softmax_pooling(x, [[0]], 2.0), lambda: ac.beta_vq_relu(x, 1.01)):
        with pytest.raises(ValueError, match=r"beta must lie in \[0, 1\]"):
            f()
    with pytest.raises(TypeError, match="beta must be a real number"):
        ac.beta_vq_relu(x, "0.5")
    with pytest.raises(ValueError, match="eta must be a finite number >= 0; got -1"):
        ac.swish(x, -1.0)
    with pytest.raises(ValueError, match=r"nu must lie in \(0, 1\)"):
        ac.beta_vq_leaky_relu(x, 1.5, 0.5)


def test_shape_errors_name_the_argument_and_what_was_given():
    A, B = np.zeros((2, 3, 4)), np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"x must have shape \(N, D\) with D = 4; got shape \(1, 3\)"):
        vq.kmeans_regions(A, np.zeros((1, 3)))
    with pytest.raises(ValueError, match=r"T must have shape \(N, K, R\) = \(1, 2, 3\); got shape \(1, 2, 2\)"):
        vq.vq_objective(A, B, np.zeros((1, 4)), np.full((1, 2, 2), 0.5))
    with pytest.raises(ValueError, match=r"T must have shape \(N, K, R\) with \(K, R\) = \(2, 3\)"):
        vq.vq_affine_map(A, B, np.zeros((1, 3, 2)))
    with pytest.raises(ValueError, match=r"T must have entries in \[0, 1\]"):
        vq.vq_entropy(np.array([1.5, -0.5]))
    with pytest.raises(ValueError, match=r"C_next must have shape \(M, K\) with K = 1; got shape \(1, 2\)"):
        ac.tanh_reparametrization(np.ones((1, 2)), np.ones(1), np.ones((1, 2)), np.ones(1))
    with pytest.raises(ValueError, match="rule must be 'corrected' or 'printed'"):
        ac.tanh_reparametrization(np.ones((1, 2)), np.ones(1), np.ones((1, 1)), np.ones(1), rule="paper")
    with pytest.raises(ValueError, match=r"W must have shape \(K, D\) with K = 2 \(the input size of S\); got shape \(3, 2\)"):
        ac.maso_after_affine(op.activation_maso("relu", 2), np.ones((3, 2)), np.ones(3))
    with pytest.raises(TypeError, match="S must be a MASO"):
        ac.maso_after_affine(np.ones((2, 2)), np.ones((2, 2)), np.ones(2))
    with pytest.raises(ValueError, match="u must be finite"):
        ac.sigmoid(np.array([np.nan]))
    with pytest.raises(ValueError, match=r"axis must be an int in \[-1, 1\) for u of shape \(3,\); got 2"):
        ac.softmax(np.zeros(3), axis=2)
    with pytest.raises(ValueError, match="slopes and offsets must have the same length R; got 2 and 1"):
        ac.beta_vq_pwl(np.zeros(3), [1.0, 0.0], [0.0], 0.5)
    with pytest.raises(TypeError, match="active_first must be a bool"):
        ac.relu_layer_maso(np.ones((1, 1)), np.ones(1), active_first=1)


# ------------------------------------------------------------ Fig. 1 plot
def test_beta_vq_curves_and_fig1_plot(tmp_path):
    from spline_theory.plot import beta_vq_curves

    t, c = beta_vq_curves((1.0, 0.0), (0.0, 0.0), [0.5, 1.0], n=5)
    np.testing.assert_allclose(c[0.5], ac.silu(t))
    np.testing.assert_allclose(c[1.0], np.maximum(t, 0))
    with pytest.raises(ValueError, match="t_range must be"):
        beta_vq_curves((1.0,), (0.0,), [0.5], t_range=(1.0, 0.0))
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from spline_theory.plot import plot_beta_vq_families

    fig = plot_beta_vq_families()
    assert len(fig.axes) == 3
    fig.savefig(tmp_path / "fig1.png")
    assert (tmp_path / "fig1.png").stat().st_size > 0
