"""Convex hulls of rows, all-vert matrices, Thm. 6 weights and ranks (tian18 Sec. 5.1, App. 8.7.1)."""

import numpy as np
import pytest
from hypothesis import given

from spline_theory import backend
from spline_theory import convex_hull as ch
from spline_theory.testing.strategies import all_vert_stochastic_instances, row_matrices

SQUARE_WITH_CENTER = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, 0.5]])


# ------------------------------------------------------------ properties
def test_vertices_of_a_square_with_its_center_and_an_edge_midpoint():
    P = np.vstack([SQUARE_WITH_CENTER, [[0.5, 0.0]]])
    assert ch.vertices(P).tolist() == [True, True, True, True, False, False]
    assert ch.vert(P) == 4 and not ch.is_all_vert(P) and ch.is_all_vert(P[:4])
    m = ch.vertex_margins(P)
    assert np.all(m[:4] > 0.1) and np.all(np.abs(m[4:]) < 1e-9)


def test_a_repeated_row_is_not_a_vertex():
    assert ch.vertices(np.array([[0.0], [1.0], [1.0]])).tolist() == [True, False, False]
    assert ch.vertices(np.array([[2.0, 1.0]])).tolist() == [True]  # a lone point is outside the empty hull


@given(row_matrices())
def test_membership_and_separation_agree_on_which_rows_are_vertices(inst):
    P = inst["P"]
    m = ch.vertex_margins(P)
    assert ch.vertices(P).tolist() == (m > 1e-6).tolist()


@given(all_vert_stochastic_instances())
def test_thm6_weights_single_out_each_row(inst):
    Ps = [inst[k] for k in ("P1", "P2") if k in inst]
    for P in Ps:
        W, b = ch.separating_weights(P, value=0.5)
        S = P @ W + b
        np.testing.assert_allclose(np.diag(S), 0.5)
        assert np.all(S[~np.eye(len(S), dtype=bool)] < 0)
    F = ch.group_activation(Ps, [np.eye(P.shape[1]) for P in Ps], ch.identity_weights(Ps))
    np.testing.assert_allclose(F, np.eye(Ps[0].shape[0]), atol=1e-12)


def test_term_rank_bounds_the_rank_and_matches_generic_values():
    mask = np.array([[1, 1, 0], [1, 0, 0], [1, 0, 0]], bool)
    assert ch.term_rank(mask) == 2
    rng = np.random.default_rng(0)
    assert ch.numerical_rank(mask * rng.standard_normal(mask.shape))[0] == 2


def test_linear_min_loss_is_m_minus_rank():
    P = np.array([[0.5, 0.5], [0.5, 0.5], [1.0, 0.0]])
    assert abs(ch.linear_min_loss([P]) - 1.0) < 1e-12


def test_group_activation_runs_on_each_backend_and_keeps_the_dtype(xp):
    P = np.array([[0.75, 0.25], [0.25, 0.75]])
    W = ch.identity_weights([P])[0]
    for name in ("float64", "float32"):
        dt = backend.resolve_dtype(xp, name)
        F = ch.group_activation([backend.asarray(P, xp, dt)], [backend.asarray(np.eye(2), xp, dt)], [backend.asarray(W, xp, dt)])
        assert F.dtype == dt
        np.testing.assert_allclose(backend.to_numpy(F), np.eye(2), atol=1e-5)
    # the LP functions accept any backend (they work on NumPy float64 copies)
    assert ch.vertices(backend.asarray(SQUARE_WITH_CENTER, xp)).tolist() == [True] * 4 + [False]


def test_inputs_are_not_modified():
    P = SQUARE_WITH_CENTER.copy()
    Q = np.array([[0.75, 0.25], [0.25, 0.75]])
    Qc = Q.copy()
    ch.vertices(P), ch.vertex_margins(P), ch.identity_weights([Q]), ch.in_convex_hull(P, np.array([0.2, 0.2]))
    np.testing.assert_array_equal(P, SQUARE_WITH_CENTER)
    np.testing.assert_array_equal(Q, Qc)


# ------------------------------------------------------------ bad input
def test_bad_input_names_the_argument_and_what_was_expected():
    with pytest.raises(ValueError, match=r"P must have shape \(m, n\) \(2 dims\); got shape \(3,\)"):
        ch.vertices(np.ones(3))
    with pytest.raises(ValueError, match=r"q must have shape \(n,\) = \(2,\)"):
        ch.in_convex_hull(np.eye(2), np.ones(3))
    with pytest.raises(ValueError, match="P must be all-vert: row 4 is not a vertex"):
        ch.separating_weights(SQUARE_WITH_CENTER)
    with pytest.raises(ValueError, match=r"Ps\[0\] must be row-stochastic"):
        ch.identity_weights([np.eye(2) * 2])
    with pytest.raises(ValueError, match=r"Ps\[1\] must have m_alpha = 2 rows like Ps\[0\]"):
        ch.identity_weights([np.eye(2), np.eye(3)])
    with pytest.raises(TypeError, match="Ps must be a non-empty sequence"):
        ch.identity_weights(np.eye(2))
    with pytest.raises(ValueError, match=r"child 0: shapes must chain as \(m_alpha, m_beta\) @ \(m_beta, n_beta\) @ \(n_beta, n_alpha\)"):
        ch.group_activation([np.eye(2)], [np.eye(3)], [np.eye(3)])
    with pytest.raises(ValueError, match="one entry per child"):
        ch.group_activation([np.eye(2)], [], [])
    with pytest.raises(ValueError, match="P must be finite"):
        ch.vert(np.array([[np.inf, 0.0]]))
    with pytest.raises(ValueError, match="value must be a real number > 0"):
        ch.separating_weights(np.eye(2), value=0)
    with pytest.raises(ValueError, match=r"mask must have shape \(m, n\)"):
        ch.term_rank(np.ones(3))


def test_a_point_just_off_an_edge_is_inside_only_with_a_tolerance():
    seg = np.array([[0.0, 0.0], [1.0, 0.0]])
    q = np.array([0.5, 1e-5])  # beyond HiGHS' feasibility tolerance (1e-7)
    assert not ch.in_convex_hull(seg, q)
    assert ch.in_convex_hull(seg, q, tol=1e-4)
    assert ch.vertices(np.vstack([seg, q]), tol=1e-4).tolist() == [True, True, False]
    with pytest.raises(ValueError, match="tol must be a real number >= 0"):
        ch.in_convex_hull(seg, q, tol=-1.0)
