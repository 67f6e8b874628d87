"""spline_theory.disentanglement (tian18 Sec. 5.2, App. 8.7.2-8.7.3, Sec. 6): properties, bad input, and sabotage of its claims."""

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spline_theory import claims
from spline_theory import disentanglement as ds
from spline_theory import teacher_student as ts
from spline_theory.testing.strategies import disentangle_instances


def _child(inst, c=0):
    from spline_theory.proofs.tian18._disentangle import child

    return child(inst, c)


# ------------------------------------------------------------------ Def. 3-5, tensor products
def test_tensor_product_is_kron_in_c_order():
    assert ds.tensor_product([[1.0, 2.0], [1.0, 1.0]]).tolist() == [1.0, 1.0, 2.0, 2.0]
    assert ds.tensor_product([[1.0, 1.0], [1.0, 2.0]]).tolist() == [1.0, 2.0, 1.0, 2.0]


@settings(max_examples=20)
@given(st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_disentangled_activation_column_depends_only_on_its_factor(n, seed):
    rng = np.random.default_rng(seed)
    f = rng.standard_normal((n, 2))
    F = ds.disentangled_activation(f)
    T = F.reshape((2,) * n + (n,))
    for j in range(n):
        for z in np.ndindex(*(2,) * n):
            assert T[z + (j,)] == f[j, z[j]]
    np.testing.assert_allclose(ds.activation_factors(F), f)
    assert ds.is_disentangled_activation(F)


@settings(max_examples=20)
@given(st.integers(2, 3), st.integers(0, 2**32 - 1))
def test_a_perturbed_activation_is_not_disentangled(n, seed):
    rng = np.random.default_rng(seed)
    F = ds.disentangled_activation(rng.standard_normal((n, 2)))
    F[0, 0] += 0.5
    assert not ds.is_disentangled_activation(F)


@settings(max_examples=20)
@given(st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_disentangled_gradient_factors_round_trip_and_weight_by_the_marginals(n, seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.1, 0.9, n)
    p = np.stack([1 - p, p], axis=1)
    g = rng.standard_normal((n, 2))
    G = ds.disentangled_gradient(g, p)
    np.testing.assert_allclose(ds.gradient_factors(G, p), g, atol=1e-12)
    assert ds.is_disentangled_gradient(G, p)
    T = G.reshape((2,) * n + (n,))
    z = (1,) * n
    assert np.isclose(T[z + (0,)], g[0, 1] * np.prod(p[1:, 1]))
    if n >= 2:
        G2 = G.copy()
        G2[:, 0] = ds.disentangled_activation(g)[:, 0]  # factor 0 with ones instead of marginals
        assert not ds.is_disentangled_gradient(G2, p) or np.allclose(p, 0.5)


def test_factor_and_group_marginals_of_a_product_distribution():
    p = np.array([[0.25, 0.75], [0.5, 0.5], [0.875, 0.125]])
    pz = ds.tensor_product(list(p))
    np.testing.assert_allclose(ds.factor_marginals(pz), p)
    np.testing.assert_allclose(ds.group_marginal(pz, [2, 0]), np.kron(p[0], p[2]))


def test_separable_weights_and_separability_gap():
    W = ds.separable_weights([[1.0, 2.0], [3.0]], [[2, 0], [1]], 3)
    assert W.tolist() == [[1.0, 0.0], [0.0, 3.0], [2.0, 0.0]]
    assert ds.is_separable(W, [[0, 2], [1]])
    W2 = W.copy()
    W2[1, 0] = -0.5
    assert ds.separability_gap(W2, [[0, 2], [1]]) == 0.5
    assert not ds.is_separable(W2, [[0, 2], [1]])


@settings(max_examples=20)
@given(disentangle_instances())
def test_tensor_product_transition_is_stochastic_and_its_blocks_round_trip(inst):
    blocks, sets, n_b, _, _ = _child(inst)
    P = ds.tensor_product_transition(blocks, sets, n_b)
    assert P.shape == (2 ** inst["n_a"], 2**n_b)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    for B, B2 in zip(blocks, ds.transition_blocks(P, sets)):
        np.testing.assert_allclose(B2, B, atol=1e-12)
    assert ds.is_tensor_product(P, sets)


def test_a_generic_transition_is_not_a_tensor_product():
    P = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.5, 0.5, 0.0], [0.0, 0.0, 0.5, 0.5], [0.5, 0.0, 0.0, 0.5]])
    assert not ds.is_tensor_product(P, [[0], [1]])


def test_tensor_product_transition_puts_child_factors_back_in_order():
    # parent factor 0 owns child factor 1, parent factor 1 owns child factor 0
    B0 = np.array([[1.0, 0.0], [0.0, 1.0]])  # child factor 1 copies parent factor 0
    B1 = np.array([[0.5, 0.5], [0.5, 0.5]])
    P = ds.tensor_product_transition([B0, B1], [[1], [0]], 2)
    # parent event (1, 0): child factor 1 = 1, child factor 0 uniform -> child events (0,1), (1,1)
    assert P[2].tolist() == [0.0, 0.5, 0.0, 0.5]


@settings(max_examples=20)
@given(disentangle_instances(centered=True))
def test_structured_gradient_equals_the_event_backward_and_update_is_block_diagonal(inst):
    blocks, sets, n_b, f, W = _child(inst)
    P = ds.tensor_product_transition(blocks, sets, n_b)
    G = ds.disentangled_gradient(inst["g"], inst["p"])
    np.testing.assert_allclose(ds.structured_raw_gradient(blocks, sets, inst["g"], inst["p"], W), ds.reformulated_backward([P], [G], [W]), atol=1e-12)
    assert ds.separability_gap(ds.reformulated_update(P, ds.disentangled_activation(f), G), sets) < 1e-12


def test_reformulated_forward_matches_the_brute_force_student_of_a_lossless_teacher():
    T = ts.make_teacher(2, [[0], [1], [0, 1]], [[], [], [0, 1]], ts.product_distribution([[0.25, 0.75], [0.5, 0.5]]))
    W = {(0, 2): np.array([[1.0, -1.0], [0.5, 2.0]]), (1, 2): np.array([[-1.0, 0.25], [1.0, -3.0]])}
    F, _ = ts.student_forward(T, W)
    Fz = {a: ts.event_average(T, F[a], a) for a in range(3)}
    got = ds.reformulated_forward([ts.transition_matrix(T, 2, b) for b in (0, 1)], [Fz[0], Fz[1]], [W[(0, 2)], W[(1, 2)]])
    np.testing.assert_allclose(got, Fz[2], atol=1e-12)


def test_batchnorm_forward_standardizes_under_p_z():
    F = ds.reformulated_forward([np.eye(2)], [np.array([[1.0], [3.0]])], [np.array([[2.0]])], nonlinearity="bn", p_z=[0.25, 0.75])
    assert np.isclose(0.25 * F[0, 0] + 0.75 * F[1, 0], 0.0)
    assert np.isclose(0.25 * F[0, 0] ** 2 + 0.75 * F[1, 0] ** 2, 1.0)


# ------------------------------------------------------------------ Sec. 6
def test_spurious_teacher_has_the_conditionals_of_eq13():
    T = ds.spurious_teacher(0.125, 0.25)
    P = ts.transition_matrix(T, 1, 0)  # P(z_alpha | z_gamma): rows z_gamma
    np.testing.assert_allclose(P[:, 1], [0.375, 0.625])
    np.testing.assert_allclose(ts.event_probabilities(T, 1), [0.75, 0.25])
    assert ds.marginal_update(T, [1.0, 1.0], ds.label_gradient(T), 1) == pytest.approx(2 * (ts.event_probabilities(T, 0)[1]) - 1)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ds.disentangled_activation(np.ones((2, 3))), r"f must have shape \(n, 2\)"),
        (lambda: ds.disentangled_gradient(np.ones((2, 2)), [[0.5, 0.5]]), r"p must have shape \(2, 2\)"),
        (lambda: ds.disentangled_gradient(np.ones((1, 2)), [[0.5, 0.6]]), r"p rows must be probability"),
        (lambda: ds.activation_factors(np.ones((3, 1))), r"F must have 2\*\*n rows"),
        (lambda: ds.activation_factors(np.ones((4, 3))), r"F must have shape \(2\*\*n, n\)"),
        (lambda: ds.factor_marginals([0.5, 0.6]), r"p_z must be a probability vector"),
        (lambda: ds.separable_weights([[1.0]], [[0], [0]], 2), r"sets must be disjoint"),
        (lambda: ds.separable_weights([[1.0, 2.0]], [[0]], 2), r"columns\[0\] must have shape"),
        (lambda: ds.separable_weights([[1.0]], [[5]], 2), r"sets\[0\] holds child index 5"),
        (lambda: ds.tensor_product_transition([[[1.0, 0.0], [0.0, 1.0]]], [[0]], 2), r"must cover every child factor"),
        (lambda: ds.tensor_product_transition([[[0.7, 0.0], [0.0, 1.0]]], [[0]], 1), r"blocks\[0\] rows must be conditional distributions"),
        (lambda: ds.tensor_product_transition([np.ones((2, 4)) / 4], [[0]], 1), r"blocks\[0\] must have shape \(2, 2\*\*\|S_0\|\)"),
        (lambda: ds.reformulated_forward([np.eye(2)], [np.ones((3, 1))], [np.ones((1, 1))]), r"child 0: .* do not chain"),
        (lambda: ds.reformulated_forward([np.eye(2)], [np.ones((2, 1))], [np.ones((1, 1))], nonlinearity="tanh"), r"nonlinearity must be"),
        (lambda: ds.reformulated_forward([np.eye(2)], [np.ones((2, 1))], [np.ones((1, 1))], nonlinearity="bn"), r"p_z .* is needed"),
        (lambda: ds.reformulated_backward([np.eye(2)], [np.ones((2, 1))], [np.ones((1, 1))], D=np.ones((3, 1))), r"D must have shape"),
        (lambda: ds.spurious_teacher(0.75, 0.5), r"eps must lie in"),
        (lambda: ds.spurious_teacher(0.25, 1.0), r"p_gamma must lie in"),
        (lambda: ds.marginal_update(ds.spurious_teacher(0.25, 0.5), [1.0, 1.0, 1.0], np.ones(4), 0), r"f_z must have one value per event of region 0"),
        (lambda: ds.tensor_product([]), r"vectors must hold at least one"),
        (lambda: ds.disentangled_activation([[np.nan, 1.0]]), r"f must be finite"),
    ],
)
def test_bad_input_is_rejected_with_a_message_naming_it(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_inputs_are_not_mutated():
    f = np.array([[1.0, -1.0], [2.0, 0.5]])
    W = np.array([[1.0, 0.0], [0.0, -2.0]])
    P = ds.tensor_product_transition([np.array([[0.5, 0.5], [0.25, 0.75]])] * 2, [[0], [1]], 2)
    copies = [a.copy() for a in (f, W, P)]
    F = ds.disentangled_activation(f)
    ds.reformulated_forward([P], [F], [W], nonlinearity="bn", p_z=np.full(4, 0.25))
    ds.activation_factors(F)
    for a, b in zip((f, W, P), copies):
        assert np.array_equal(a, b)


# ------------------------------------------------------------------ sabotage
def _factors_by_sum(F):
    n = np.asarray(F).shape[1]
    return ds.activation_factors(F) * 2 ** (n - 1)


def _gradient_factor_one_slot_off(g, p):
    g, p = np.asarray(g, dtype=float), np.asarray(p, dtype=float)
    n = g.shape[0]
    return np.stack([ds.tensor_product([g[j] if i == (j + 1) % n else p[i] for i in range(n)]) for j in range(n)], axis=1)


def _structured_with_parent_marginals(blocks, sets, g, p, W):
    # forgets Eq. 106: uses uniform child marginals instead of P_S^T p_alpha
    return ds.structured_raw_gradient(blocks, sets, g, np.full_like(np.asarray(p, dtype=float), 0.5), W)


def _uniform_marginals(p_z):
    return np.full_like(ds.factor_marginals(p_z), 0.5)


def _uniform_events(teacher, region):
    m = len(ts.event_probabilities(teacher, region))
    return np.full(m, 1.0 / m)


def _unweighted_update(teacher, f_z, g, region):
    gz = ts.event_average(teacher, g, region)[:, 0]
    return float(np.mean(np.asarray(f_z) * gz))


def _backward_first_parent_only(P, G, W, *, D=None):
    return ds.reformulated_backward(P[:1], G[:1], W[:1], D=D)


EQ109 = {"n_b": 2, "V": [[[0.5, 0.25, 0.125, 0.125], [0.125, 0.125, 0.25, 0.5]], [[0.25, 0.25, 0.25, 0.25], [0.5, 0.125, 0.25, 0.125]]], "g": [1.0, -0.5], "w": [2.0, 1.5]}
LEMMA = {"fs": [[[1.0, 2.0], [0.5, -1.0]], [[-1.0, 1.5], [2.0, 1.0]], [[0.25, 1.0], [1.0, 3.0]]], "c": [1.0, -0.5, 2.0], "h": [["relu", "square"], ["tanh", "abs"], ["step", "relu"]]}
_TWO = {
    "n_a": 2, "nonlinearity": "relu",
    "n_b0": 3, "sets0": [[0, 2], [1]], "b0": [0.5, 0.25, 0.125, 0.125, 0.125, 0.125, 0.25, 0.5, 0.75, 0.25, 0.25, 0.75],
    "f0": [[1.0, -1.0], [0.5, 2.0], [-1.5, 1.0]], "W0": [[1.0, 0.0], [0.0, -2.0], [0.5, 0.0]],
    "n_b1": 1, "sets1": [[], [0]], "b1": [1.0, 1.0, 0.75, 0.25, 0.25, 0.75], "f1": [[2.0, -1.0]], "W1": [[0.0, 1.5]],
    "g": [[1.0, -1.0], [-0.5, 0.5]], "p": [[0.25, 0.75], [0.625, 0.375]],
}
_ONE_EACH = dict(_TWO, n_b0=2, sets0=[[1], [0]], b0=[0.75, 0.25, 0.125, 0.875, 0.5, 0.5, 0.25, 0.75], f0=[[1.0, -1.0], [0.5, 2.0]], W0=[[0.0, -2.0], [1.0, 0.0]])
STUDENT = {"lossy": False, "p": [1 / 16] * 16, "w": [1.0, 2.0, 0.0, -1.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]}
OVERFIT = {"eps": 0.25, "p_gamma": 0.75, "c": 1.0, "f_gamma": [1.0, 0.5]}

SABOTAGE = [
    ("tian18.lem1", "activation_factors", _factors_by_sum, LEMMA),
    ("tian18.thm8", "activation_factors", _factors_by_sum, _TWO),
    ("tian18.thm8.student-corrected", "activation_factors", _factors_by_sum, STUDENT),
    ("tian18.thm9", "disentangled_gradient", _gradient_factor_one_slot_off, _TWO),
    ("tian18.eq108", "structured_raw_gradient", _structured_with_parent_marginals, _TWO),
    ("tian18.eq109", "reformulated_backward", _backward_first_parent_only, EQ109),
    ("tian18.app8.7.3.backward-corrected", "factor_marginals", _uniform_marginals, _ONE_EACH),
    ("tian18.eq14-corrected", "event_probabilities", _uniform_events, OVERFIT),
    ("tian18.eq15-corrected", "marginal_update", _unweighted_update, OVERFIT),
]


@pytest.mark.parametrize("claim_id, name, broken, instance", SABOTAGE, ids=[c for c, _, _, _ in SABOTAGE])
def test_disentanglement_check_fails_when_the_library_is_broken(monkeypatch, claim_id, name, broken, instance):
    claim = claims.get(claim_id)
    assert claim.expected == "holds"
    assert claim.check(instance).status == "holds"
    monkeypatch.setattr(importlib.import_module(claim._check.__module__), name, broken)
    result = claim.check(instance)
    assert result.status == "fails", f"{claim_id} did not notice a broken {name}: {result.evidence}"


def test_the_printed_claims_fail_on_their_counterexamples_and_the_corrections_hold_there():
    for cid in ("tian18.app8.7.3.backward", "tian18.eq14", "tian18.eq15", "tian18.thm8.student"):
        assert claims.get(cid).replay().status == "fails"
    assert claims.get("tian18.thm8.student-corrected").check(dict(claims.get("tian18.thm8.student").counterexample, lossy=False)).status == "holds"
    for cid in ("tian18.eq14", "tian18.eq15"):
        assert claims.get(cid + "-corrected").check(claims.get(cid).counterexample).status == "holds"
