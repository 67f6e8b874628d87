"""The factorial model, orthogonality tools, apodized patches and the prior at initialization (iclr19 Sec. 5, App. B, C)."""

import math

import numpy as np
import pytest

from spline_theory import apodization as ap
from spline_theory import factorial as fm
from spline_theory import initialization as init
from spline_theory.vq import region_posterior


def _orthogonal_layer():
    A = np.zeros((2, 2, 2))
    A[0, 0, 0], A[1, 0, 1] = 1.5, 1.0  # unit 1 on axis 0, unit 2 on axis 1: Eq. (11) holds
    return A


# ------------------------------------------------------------ bad input
def test_brute_force_refuses_a_layer_too_large_and_states_the_count():
    A = np.zeros((13, 2, 3))
    with pytest.raises(ValueError, match=r"R\*\*K = 8192 region configurations, more than max_configurations = 4096"):
        fm.joint_map(A, np.full((13, 2), 0.5), np.zeros((1, 3)))
    # the caller can raise the limit
    assert fm.joint_map(A, np.full((13, 2), 0.5), np.zeros((1, 3)), max_configurations=8192).shape == (1, 13)
    with pytest.raises(ValueError, match="R\\*\\*K = 9"):
        fm.factorial_configurations(2, 3, max_configurations=8)
    with pytest.raises(ValueError, match="max_configurations must be a positive int"):
        fm.factorial_posterior(np.zeros((1, 2, 1)), np.full((1, 2), 0.5), np.zeros((1, 1)), max_configurations=0)


@pytest.mark.parametrize(
    "prior, match",
    [
        (np.array([[0.5, 0.6], [0.5, 0.5]]), "must sum to one"),
        (np.array([[1.2, -0.2], [0.5, 0.5]]), "positive"),
        (np.array([0.3, 0.3, 0.3, 0.3]), "joint prior must sum to one"),
        (np.full((2, 3), 1 / 3), r"shape \(K, R\) = \(2, 2\)"),
        (np.full(3, 1 / 3), r"\(R\*\*K,\) = \(4,\)"),
    ],
)
def test_priors_that_are_not_distributions_are_refused(prior, match):
    with pytest.raises(ValueError, match=match):
        fm.factorial_posterior(_orthogonal_layer(), prior, np.zeros((1, 2)))


@pytest.mark.parametrize("sigma2", [0.0, -1.0, math.inf, math.nan])
def test_non_positive_noise_variance_is_refused(sigma2):
    with pytest.raises(ValueError, match="sigma2 must be a finite number > 0"):
        fm.factorial_log_joint(_orthogonal_layer(), np.full((2, 2), 0.5), np.zeros((1, 2)), sigma2)
    with pytest.raises(ValueError, match="sigma2"):
        fm.per_unit_map(_orthogonal_layer(), np.full((2, 2), 0.5), np.zeros((1, 2)), sigma2)
    with pytest.raises(ValueError, match="sigma2"):
        fm.gmm_log_density(np.zeros((1, 2)), np.ones(1), np.zeros((1, 2)), sigma2)


def test_shape_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"x must have shape \(N, D\) with D = 2"):
        fm.joint_map(_orthogonal_layer(), np.full((2, 2), 0.5), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="W must have at most D = 2 rows"):
        fm.gram_schmidt(np.ones((3, 2)))
    with pytest.raises(ValueError, match="linearly independent rows; row 1"):
        fm.gram_schmidt(np.array([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(ValueError, match="weights must be positive and sum to one"):
        fm.gmm_log_density(np.zeros((2, 1)), np.array([0.5, 0.6]), np.zeros((1, 1)))


def test_apodization_window_must_be_non_negative_and_sum_to_one():
    z = np.ones((1, 3, 3))
    with pytest.raises(ValueError, match="h must be a non-negative apodization window whose entries sum to one"):
        ap.apodized_patches(z, np.ones((2, 2)))
    with pytest.raises(ValueError, match="non-negative"):
        ap.apodized_patches(z, np.array([[1.5, -0.5]]))
    with pytest.raises(ValueError, match="padding must be one of"):
        ap.extract_patches(z, (2, 2), padding="same")
    with pytest.raises(ValueError, match="fit in the map"):
        ap.extract_patches(z, (4, 1), padding="valid")


def test_initialization_arguments_are_checked():
    with pytest.raises(ValueError, match="v must be a finite initialization standard deviation > 0"):
        init.expected_region_prior("relu", 4, 0.0)
    with pytest.raises(ValueError, match="D must be a positive int"):
        init.plugin_region_prior("relu", 0, 1.0)
    with pytest.raises(ValueError, match="slope_scales must be one of"):
        init.plugin_region_prior("tanh", 4, 1.0)


# ------------------------------------------------------------ behaviour
def test_inputs_are_not_mutated(xp):
    A = xp.asarray(_orthogonal_layer())
    prior = xp.asarray(np.full((2, 2), 0.5))
    x = xp.asarray(np.ones((2, 2)))
    copies = [np.asarray(a).copy() for a in (A, prior, x)]
    fm.factorial_posterior(A, prior, x)
    fm.orthogonality_penalty_grad(A)
    for a, c in zip((A, prior, x), copies):
        assert np.array_equal(np.asarray(a), c)


def test_the_statement_of_thm4_needs_a_factorial_prior():
    # Orthogonal slopes, but a prior that couples the two units: it forbids (almost) that both are active.
    A = np.zeros((2, 2, 2))
    A[0, 0, 0], A[1, 0, 1] = 2.0, 2.0  # Eq. (11) holds
    joint = np.array([1e-3, 0.333, 0.333, 0.333])
    joint = joint / joint.sum()  # configurations (0,0), (0,1), (1,0), (1,1); region 0 = active
    x = np.array([[2.0, 2.0]])
    post, t = fm.factorial_posterior(A, joint, x)
    # the marginals of the joint posterior, and their product
    m1 = np.array([post[0, t[:, 0] == r].sum() for r in range(2)])
    m2 = np.array([post[0, t[:, 1] == r].sum() for r in range(2)])
    product = m1[t[:, 0]] * m2[t[:, 1]]
    assert np.max(np.abs(post[0] - product)) > 0.05  # t_1 and t_2 are dependent given x
    # and the joint MAP is no longer the vector of per-unit MAPs (each unit alone would be active)
    jm = fm.joint_map(A, joint, x)[0]
    assert jm.tolist() != [0, 0]
    marg_prior = np.array([[joint[0] + joint[1], joint[2] + joint[3]], [joint[0] + joint[2], joint[1] + joint[3]]])
    assert fm.per_unit_map(A, marg_prior, x)[0].tolist() == [0, 0]


def test_non_orthogonal_slopes_break_the_per_unit_map():
    # Two units with the same slope: the factorial model explains x = a with one unit, the per-unit MAP uses both.
    A = np.array([[[1.0, 0.0], [0.0, 0.0]], [[1.0, 0.0], [0.0, 0.0]]])
    prior = np.full((2, 2), 0.5)
    x = np.array([[1.0, 0.0]])
    assert not fm.is_orthogonal_slopes(A)
    assert fm.per_unit_map(A, prior, x).tolist() == [[0, 0]]
    assert fm.joint_map(A, prior, x).tolist() in ([[0, 1]], [[1, 0]])


def test_thm4_posterior_factorizes_for_an_orthogonal_layer(xp):
    A = xp.asarray(_orthogonal_layer())
    prior = xp.asarray(np.array([[0.3, 0.7], [0.6, 0.4]]))
    x = xp.asarray(np.array([[0.2, -0.4], [1.0, 2.0]]))
    post, t = fm.factorial_posterior(A, prior, x, 0.5)
    unit = np.asarray(region_posterior(A, prior, x, 0.5))
    tt = np.asarray(t)
    product = unit[:, 0, tt[:, 0]] * unit[:, 1, tt[:, 1]]
    assert np.allclose(np.asarray(post), product, rtol=1e-12, atol=1e-14)


def test_penalty_is_zero_exactly_on_orthogonal_slopes_and_gram_schmidt_reaches_it(xp):
    W = xp.asarray(np.array([[1.0, 2.0, 0.0], [0.5, 1.0, 1.0]]))
    A = fm.dense_activation_maso(W, xp.zeros(2, dtype=W.dtype), (1.0, 0.0)).A
    assert float(fm.orthogonality_penalty(A)) > 0
    Q = fm.gram_schmidt(W)
    A = fm.dense_activation_maso(Q, xp.zeros(2, dtype=W.dtype), (1.0, -1.0)).A
    assert float(fm.orthogonality_penalty(A)) < 1e-24
    assert fm.is_orthogonal_slopes(A)


def test_works_in_float32(xp):
    A = xp.asarray(_orthogonal_layer(), dtype=xp.float32)
    prior = xp.asarray(np.full((2, 2), 0.5), dtype=xp.float32)
    x = xp.asarray(np.ones((1, 2)), dtype=xp.float32)
    post, _ = fm.factorial_posterior(A, prior, x)
    assert post.dtype == xp.float32
    assert fm.orthogonality_penalty_grad(A).dtype == xp.float32


def test_zero_padded_patches_rebuild_the_map_and_coverage_is_the_window_size(xp):
    z = xp.asarray(np.arange(12.0).reshape(1, 3, 4))
    h = xp.asarray(np.array([[0.1, 0.2], [0.3, 0.4]]))
    assert np.allclose(np.asarray(ap.overlap_add(ap.apodized_patches(z, h), (1, 3, 4))), np.asarray(z))
    assert np.all(np.asarray(ap.patch_coverage((1, 3, 4), (2, 2), xp=xp)) == 4)


def test_the_app_c_numbers():
    plug = init.plugin_region_prior("relu", 784, 784**-0.5)
    assert round(plug[0], 2) == 0.62 and round(plug[1], 2) == 0.38  # active region first
    exact, err = init.expected_region_prior("relu", 1, 1.0)
    assert abs(exact[0] - 0.6048986434) < 1e-8 and err < 1e-9
    exact_big, _ = init.expected_region_prior("relu", 400, 0.05)  # the fallback to adaptive quadrature
    assert 0.622 < exact_big[0] < 1 / (1 + math.exp(-0.5))
    mc, bound = init.monte_carlo_region_prior("relu", 3, 3**-0.5, n=4000, seed=1)
    assert abs(float(mc[0]) - init.expected_region_prior("relu", 3, 3**-0.5)[0][0]) <= bound
