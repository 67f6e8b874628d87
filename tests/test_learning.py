"""Templates under cross-entropy: gradients, optimal templates, the solver, the orthogonality penalty; bad input; sabotage."""

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spline_theory import backend, claims
from spline_theory import learning as L
from spline_theory.network import Network
from spline_theory.testing.strategies import template_instances

XP = backend.namespace("numpy")


def test_cross_entropy_is_stable_and_matches_its_definition():
    z = np.array([[1000.0, 0.0, -5.0], [0.2, 0.1, 0.3]])
    y = np.array([1, 2])
    got = L.cross_entropy(z, y)
    assert got.shape == (2,) and np.isfinite(got).all()
    assert got[0] == pytest.approx(1000.0)  # -z_1 + log(e^1000 + ...) without overflow
    assert got[1] == pytest.approx(-0.3 + np.log(np.exp(z[1]).sum()))


@given(st.integers(2, 4), st.integers(1, 3), st.integers(0, 2**31 - 1))
def test_template_gradient_matches_central_differences(C, D, seed):
    rng = np.random.default_rng(seed)
    A, x, y = rng.standard_normal((C, D)), rng.standard_normal((2, D)), rng.integers(0, C, 2)
    g = L.cross_entropy_template_grad(A, x, y)
    h = 1e-6
    for n in range(2):
        for c in range(C):
            for d in range(D):
                E = np.zeros((C, D))
                E[c, d] = h
                fd = (L.template_loss(A + E, x[n : n + 1], y[n : n + 1]) - L.template_loss(A - E, x[n : n + 1], y[n : n + 1]))[0] / (2 * h)
                assert g[n, c, d] == pytest.approx(fd, abs=1e-6)


def test_template_update_moves_the_true_class_toward_x_and_does_not_mutate():
    A = np.zeros((3, 2))
    x, y = np.array([[1.0, 0.0]]), np.array([2])
    A0 = A.copy()
    B = L.template_update(A, x, y, lr=0.5)
    assert np.array_equal(A, A0)
    assert B[0, 2] @ x[0] > 0 and B[0, 0] @ x[0] < 0 and B[0, 1] @ x[0] < 0  # report17 Eq. 61-62
    assert L.template_loss(B[0], x, y)[0] < L.template_loss(A, x, y)[0]


@settings(max_examples=15)
@given(template_instances())
def test_closed_form_optima_match_the_solver_under_both_budgets(inst):
    x, y, C, a = inst["x"], inst["y"], inst["C"], inst["alpha"]
    for cons in L.CONSTRAINTS:
        E = L.optimal_templates(x, y, C, a, constraint=cons)
        _, best = L.solve_optimal_templates(x[0], int(y[0]), C, a, constraint=cons)
        # documented solver accuracy on the loss, relative to 1 + loss: ~1e-12 (squared norms), ~1e-4 (sum of norms, degenerate apex)
        closed = L.template_loss(E[0], x, y)[0]
        assert closed <= best + 1e-9 * (1 + best)  # the solver's point is feasible
        assert abs(best - closed) <= (1e-9 if cons == "sum_squared_norms" else 1e-4) * (1 + closed)
        assert L.template_budget(E, constraint=cons)[0] == pytest.approx(a)


def test_printed_formulas_agree_only_where_the_papers_agree():
    x, y = np.array([[0.6, 0.8]]), np.array([0])
    assert np.allclose(L.printed_optimal_templates(x, y, 3, 1.0, paper="report17"), L.printed_optimal_templates(x, y, 3, 1.0, paper="icml18"))
    assert not np.allclose(L.printed_optimal_templates(x, y, 3, 4.0, paper="report17"), L.printed_optimal_templates(x, y, 3, 4.0, paper="icml18"))
    assert np.allclose(L.printed_optimal_templates(x, y, 3, 4.0, paper="icml18"), L.optimal_templates(x, y, 3, 4.0))


def test_solver_result_is_feasible_and_float32_inputs_are_accepted():
    x = np.array([0.6, 0.8], dtype=np.float32)
    A, loss = L.solve_optimal_templates(x, 1, 4, 2.0, constraint="sum_norms")
    assert np.sqrt((A**2).sum(axis=1)).sum() <= 2.0 + 1e-12
    assert loss == pytest.approx(float(np.log1p(3 * np.exp(-2.0))), rel=1e-4)


def test_penalty_and_gradient_of_the_last_layer():
    W = np.array([[1.0, 0.0], [1.0, 1.0]])
    assert float(L.last_layer_orthogonality_penalty(W)) == 2.0  # 2 ordered pairs, <w1, w2>^2 = 1
    assert float(L.last_layer_orthogonality_penalty(np.eye(2))) == 0.0
    assert np.allclose(L.last_layer_orthogonality_penalty_grad(W, 0.5), 2.0 * np.array([[1.0, 1.0], [1.0, 0.0]]))


def test_template_gram_is_the_gram_of_the_affine_map():
    net = Network.from_spec({"input_shape": [2], "layers": [{"type": "Dense", "W": [[1.0, 1.0], [0.0, 1.0]], "b": [0.0, 0.0]}, {"type": "ReLU"}, {"type": "Dense", "W": [[1.0, 0.0], [0.0, 1.0]], "b": [0.0, 0.0]}]})
    G = L.template_gram(net, np.array([[1.0, 1.0]]))
    assert np.allclose(G, [[[2.0, 1.0], [1.0, 1.0]]])  # rows (1, 1) and (0, 1): not orthogonal


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: L.optimal_templates(np.array([[1.0, 1.0]]), [0], 3, 1.0), r"x must have unit-norm rows .*got a row of norm 1\.41"),
        (lambda: L.optimal_templates(np.array([[1.0, 0.0]]), [3], 3, 1.0), r"y must hold labels in 0\.\.2; got values in 3\.\.3"),
        (lambda: L.optimal_templates(np.array([[1.0, 0.0]]), [0, 1], 3, 1.0), r"y must have shape \(1,\)"),
        (lambda: L.optimal_templates(np.array([[1.0, 0.0]]), [0], 3, 0.0), r"alpha must be a finite number > 0 .*got 0\.0"),
        (lambda: L.optimal_templates(np.array([[1.0, 0.0]]), [0], 1, 1.0), r"n_classes must be an int >= 2; got 1"),
        (lambda: L.optimal_templates(np.array([[1.0, 0.0]]), [0], 3, 1.0, constraint="l1"), r"constraint must be one of"),
        (lambda: L.optimal_templates(np.array([[np.nan, 0.0]]), [0], 3, 1.0), r"x must be finite"),
        (lambda: L.printed_optimal_templates(np.array([[1.0]]), [0], 2, 1.0, paper="slides"), r"paper must be 'icml18' or 'report17'"),
        (lambda: L.template_loss(np.zeros((3, 2)), np.zeros((1, 3)), [0]), r"A must have shape \(C, D\) or \(N, C, D\) matching x of shape \(1, 3\); got \(1, 3, 2\)"),
        (lambda: L.template_update(np.zeros((3, 2)), np.zeros((1, 2)), [0], lr=-1.0), r"lr must be a finite number > 0"),
        (lambda: L.solve_optimal_templates(np.array([[1.0]]), 0, 2, 1.0), r"x must have shape \(D,\)"),
        (lambda: L.last_layer_orthogonality_penalty(np.zeros((2, 2, 2))), r"W must have shape \(C, D\)"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_labels_must_be_integers():
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        L.cross_entropy(np.zeros((1, 2)), np.array([0.5]))
    with pytest.raises(TypeError, match="alpha must be a real number"):
        L.optimal_templates(np.array([[1.0]]), [0], 2, "1")


# ------------------------------------------------- sabotage: every holding claim can fail
def _module(claim_id):
    return importlib.import_module(claims.get(claim_id)._check.__module__)


def _report17_printed(x, y, C, alpha, paper="icml18"):
    return L.printed_optimal_templates(x, y, C, alpha, paper="report17")


def _optimum_of_norm_budget(x, y, C, alpha, constraint="sum_squared_norms"):
    return L.optimal_templates(x, y, C, alpha, constraint="sum_norms")


def _gram_plus_identity(net, x):
    G = L.template_gram(net, x)
    return G + np.eye(G.shape[-1], dtype=G.dtype)


def _half_gradient(W, lam=1.0):
    return 0.5 * L.last_layer_orthogonality_penalty_grad(W, lam)


def _grad_without_label(A, x, y):
    # drops the one-hot term: the correct class no longer gets the (1 - p_y) x push
    g = L.cross_entropy_template_grad(A, x, y)
    C = g.shape[1]
    return g + (np.asarray(y)[:, None] == np.arange(C)[None, :])[:, :, None] * np.asarray(x)[:, None, :]


def _filterbank_without_energy(S, sigma2, priors=None):
    # the bare bank of inner products (priors kept, energies dropped): not the MAP rule for signals of unequal energy
    W, b = L.matched_filterbank(S, sigma2, priors)
    return W, b + 0.5 * (W * W).sum(axis=1)


SABOTAGE = [
    ("report17.prop2", "cross_entropy_template_grad", _grad_without_label),
    ("icml18.prop5-corrected", "printed_optimal_templates", _report17_printed),
    ("report17.thm5-corrected", "optimal_templates", _optimum_of_norm_budget),
    ("report17.thm7-corrected", "optimal_templates", _optimum_of_norm_budget),
    ("report17.thm9-corrected", "optimal_templates", _optimum_of_norm_budget),
    ("icml18.sec6.orthogonal_templates-corrected", "template_gram", _gram_plus_identity),
    ("icml18.eq13", "last_layer_orthogonality_penalty_grad", _half_gradient),
    ("slides.orthogonality_penalty", "last_layer_orthogonality_penalty_grad", _half_gradient),
    ("icml18.sec51.matched_filterbank", "matched_filterbank", _filterbank_without_energy),
    ("slides.matched_filterbank", "matched_filterbank", _filterbank_without_energy),
]


def test_every_holding_learning_claim_has_a_sabotage_row():
    import inspect

    def uses_learning(c):
        src = inspect.getsource(_module(c.id))
        return "spline_theory.learning" in src or "_optimal_templates" in src

    from pathlib import Path

    # claims that call spline_theory.learning but are sabotaged in another file
    elsewhere = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*can_fail*.py")) + "".join((Path(__file__).parent / f).read_text() for f in ("test_lipschitz_inversion.py", "test_learning_rest.py", "test_report17_cross_entropy.py", "test_tian18_rest.py"))
    mine = {c.id for c in claims.all_claims() if c.expected == "holds" and uses_learning(c) and f'"{c.id}"' not in elsewhere}
    assert mine == {i for i, _, _ in SABOTAGE}


@pytest.mark.parametrize("claim_id, name, broken", SABOTAGE, ids=[r[0] for r in SABOTAGE])
def test_claim_fails_when_the_library_is_broken(claim_id, name, broken, monkeypatch):
    claim = claims.get(claim_id)
    assert claim.verify(max_examples=30).verdict == "holds"
    monkeypatch.setattr(_module(claim_id), name, broken)
    v = claim.verify(max_examples=30, shrink=False)
    assert v.verdict == "fails", v
    assert claim.replay(v.counterexample).status == "fails"


@pytest.mark.parametrize("kw, match", [
    ({"signals": np.ones(3), "noise_variance": 1.0}, "signals"),
    ({"signals": np.ones((2, 3)), "noise_variance": 0.0}, "noise_variance must be a finite number > 0"),
    ({"signals": np.ones((2, 3)), "noise_variance": 1.0, "priors": [0.7, 0.7]}, "priors must be 2 positive numbers summing to 1"),
    ({"signals": np.ones((2, 3)), "noise_variance": 1.0, "priors": [1.0, 0.0]}, "priors must be 2 positive numbers summing to 1"),
])
def test_matched_filterbank_bad_input(kw, match):
    from spline_theory.learning import matched_filterbank

    with pytest.raises(ValueError, match=match):
        matched_filterbank(**kw)
