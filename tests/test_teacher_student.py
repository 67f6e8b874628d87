"""Teacher and locally connected student of tian18 Sec. 2-3: events, marginals, exact passes, bad input."""

import numpy as np
import pytest

from spline_theory import teacher_student as ts

REGIONS = [(0,), (1,), (2,), (0, 1), (1, 2), (0, 1, 2)]
CHILDREN = [(), (), (), (0, 1), (1, 2), (3, 4)]
P = np.arange(1.0, 9.0) / 36.0


def test_lossless_teacher_events_and_transitions_are_distributions():
    T = ts.make_teacher(2, REGIONS, CHILDREN, P)
    assert T.top == 5 and T.parents(1) == (3, 4)
    for a in range(6):
        assert abs(ts.event_probabilities(T, a).sum() - 1) < 1e-12
    Pab = ts.transition_matrix(T, 5, 3)
    live = ts.event_probabilities(T, 5) > 0
    np.testing.assert_allclose(Pab[live].sum(axis=1), 1.0)
    # lossless: each possible top event has a single child event
    assert np.all(np.sort(Pab[live], axis=1)[:, -1] == 1.0)


def test_lossy_teacher_merges_inputs():
    tables = [np.array([0, 0]), np.array([0, 1]), np.array([0, 1]), np.array([[0, 1]]), np.array([[0, 1], [1, 2]]), np.array([[0, 1, 1], [1, 1, 0]])]
    T = ts.make_teacher(2, REGIONS, CHILDREN, P, tables=tables)
    z = ts.summary_values(T)
    assert set(z[0]) == {0} and set(z[5]) <= {0, 1}
    Pab = ts.transition_matrix(T, 4, 1)
    assert np.any((Pab > 0) & (Pab < 1))  # a lossy event: several child events per parent event


def test_marginalize_is_a_conditional_mean_and_the_update_matches_it():
    rng = np.random.default_rng(0)
    T = ts.make_teacher(2, REGIONS, CHILDREN, P)
    v = rng.standard_normal(8)
    m = ts.marginalize(T, v, 0)
    X = ts.patterns(T)
    for x0 in (0, 1):
        sel = X[:, 0] == x0
        np.testing.assert_allclose(m[sel], (P[sel] @ v[sel]) / P[sel].sum())
    n = [2, 2, 2, 3, 2, 2]
    W = ts.unpack_weights(T, n, rng.standard_normal(sum(n[b] * n[a] for a, ch in enumerate(CHILDREN) for b in ch)))
    F, gates = ts.student_forward(T, W)
    G, delta = ts.student_backward(T, W, F, gates, rng.standard_normal((8, 2)))
    np.testing.assert_allclose(delta[(3, 5)], F[3].T @ (P[:, None] * G[5]))
    assert set(np.unique(gates[3])) <= {0.0, 1.0}


def test_inputs_are_not_modified():
    p = P.copy()
    T = ts.make_teacher(2, REGIONS, CHILDREN, p)
    v = np.arange(8.0)
    ts.marginalize(T, v, 3)
    np.testing.assert_array_equal(p, P)
    np.testing.assert_array_equal(v, np.arange(8.0))


def test_bad_input_names_the_region_or_argument():
    with pytest.raises(ValueError, match=r"region 3 = \(0, 1\) is not the union of its children"):
        ts.make_teacher(2, REGIONS, [(), (), (), (0,), (1, 2), (3, 4)], P)
    with pytest.raises(ValueError, match=r"region 3 = \(0, 1\): child 5 = \(0, 1, 2\) is not a strict subset \(not a hierarchy\)"):
        ts.make_teacher(2, REGIONS, [(), (), (), (0, 5), (1, 2), (3, 4)], P)
    with pytest.raises(ValueError, match=r"region 3 = \(0, 1\) has no children, so it must be a leaf"):
        ts.make_teacher(2, REGIONS, [(), (), (), (), (1, 2), (3, 4)], P)
    with pytest.raises(ValueError, match="p must be a probability vector over the A\\*\\*d = 8 patterns"):
        ts.make_teacher(2, REGIONS, CHILDREN, P * 2)
    with pytest.raises(ValueError, match=r"p must have shape \(A\*\*d,\) = \(8,\)"):
        ts.make_teacher(2, REGIONS, CHILDREN, np.full(4, 0.25))
    with pytest.raises(ValueError, match=r"tables\[0\] \(region \(0,\)\) must be a non-negative int array of shape \(2,\) \(a deterministic summarization function\)"):
        ts.make_teacher(2, REGIONS, CHILDREN, P, tables=[np.array([0.5, 1.0])] + [None] * 5)
    with pytest.raises(ValueError, match="exactly one region must cover all input positions"):
        ts.make_teacher(2, [(0,), (1,), (2,), (0, 1)], [(), (), (), (0, 1)], np.full(8, 1 / 8))
    T = ts.make_teacher(2, REGIONS, CHILDREN, P)
    with pytest.raises(ValueError, match=r"n_nodes\[0\] \(leaf region \(0,\)\) must equal the alphabet size 2"):
        ts.unpack_weights(T, [3, 2, 2, 2, 2, 2], np.zeros(40))
    with pytest.raises(ValueError, match="w must have 24 entries"):
        ts.unpack_weights(T, [2] * 6, np.zeros(5))
    W = ts.unpack_weights(T, [2] * 6, np.zeros(24))
    W[(1, 4)] = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"weights\[\(1, 4\)\] \(region \(1,\) -> region \(1, 2\)\) must have shape \(n_beta, n_alpha\) = \(2, 2\); got shape \(3, 2\)"):
        ts.student_forward(T, W)
    del W[(1, 4)]
    with pytest.raises(ValueError, match=r"weights lacks W\[\(1, 4\)\]"):
        ts.student_forward(T, W)
    with pytest.raises(ValueError, match=r"values must have A\*\*d = 8 rows"):
        ts.marginalize(T, np.zeros(3), 0)


def test_reformulation_gaps_vanish_for_a_lossless_teacher_and_show_the_missing_decorrelation():
    rng = np.random.default_rng(1)
    T = ts.make_teacher(2, REGIONS, CHILDREN, P)
    n = [2, 2, 2, 2, 3, 2]
    W = ts.unpack_weights(T, n, rng.standard_normal(30))
    for g in ts.reformulation_gaps(T, W, rng.standard_normal((8, 2))).values():
        assert max(g.values()) < 1e-12
    lossy = ts.make_teacher(2, [(0,), (1,), (0, 1)], [(), (), (0, 1)], ts.product_distribution([[0.5, 0.5], [0.5, 0.5]]), tables=[[0, 0], [0, 0], [[0]]])
    gaps = ts.reformulation_gaps(lossy, {(0, 2): np.array([[1.0], [-1.0]]), (1, 2): np.zeros((2, 1))}, np.ones((4, 1)))
    g = gaps[(0, 2)]
    assert g["focus"] == g["broadness"] == g["decorrelation_k"] == 0.0
    assert g["decorrelation_j"] == 0.5 and g["eq22a"] == 0.5 and g["eq22b"] == 0.0
    with pytest.raises(ValueError, match=r"q must have shape \(d, A\)"):
        ts.product_distribution([[0.5, 0.6]])
