"""The rest of issue 5: icml18 Sec. 5.3; report17 Sec. 4.3.1, Eq. 65-66, Cor. 1, App. A.3, App. A.5, Table 3.

Library properties, bad input, and the sabotage rows: every holding claim added here fails when the library
function its check calls is broken (or, for Cor. 2, when its sufficient condition is dropped).
"""

import importlib

import numpy as np
import pytest

from spline_theory import backend, claims
from spline_theory import activation_graph as AG
from spline_theory import global_inference as GI
from spline_theory import inversion as I
from spline_theory import learning as L
from spline_theory import lipschitz as LP
from spline_theory.layers import Dense, LeakyReLU, ReLU
from spline_theory.maso import MASO
from spline_theory.network import Network

XP = backend.namespace("numpy")


# ------------------------------------------------------------------ library
def _pair(rng, K=2, R=2, D=2, D2=2):
    S1 = MASO(rng.standard_normal((K, R, D)), rng.standard_normal((K, R)))
    S2 = MASO(np.abs(rng.standard_normal((D2, 2, D2))), np.zeros((D2, 2)))
    return S1, rng.standard_normal((D2, K)), rng.standard_normal(D2), S2


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_configuration_outputs_contain_the_forward_configuration_and_do_not_mutate(dtype):
    rng = np.random.default_rng(0)
    S1, W, b, S2 = _pair(rng)
    S1, S2 = MASO(S1.A.astype(dtype), S1.B.astype(dtype)), MASO(S2.A.astype(dtype), S2.B.astype(dtype))
    W, b, y = W.astype(dtype), b.astype(dtype), rng.standard_normal((4, 2)).astype(dtype)
    W0, y0 = W.copy(), y.copy()
    G = GI.configuration_outputs(S1, W, b, S2, y)
    F = GI.forward_outputs(S1, W, b, S2, y)
    assert G.shape == (4, S1.R**S1.K, S2.K) and G.dtype == dtype
    codes = S1.region_codes(y)
    configs = GI.configurations(S1)
    for n in range(4):
        m = configs.index(tuple(int(c) for c in codes[n]))
        np.testing.assert_allclose(G[n, m], F[n], rtol=1e-5 if dtype == np.float32 else 1e-12)
    np.testing.assert_array_equal(W, W0)
    np.testing.assert_array_equal(y, y0)


def test_printed_condition_and_margin_on_the_counterexample():
    S1 = MASO(np.array([[[1.0], [-1.0]]]), np.zeros((1, 2)))
    S2 = MASO(np.array([[[0.0], [1.0]]]), np.zeros((1, 2)))
    W, b, y = np.array([[-1.0]]), np.array([2.0]), np.array([[1.0]])
    np.testing.assert_array_equal(GI.printed_thm10_condition(S1, W, b, S2, y), [[[1.0], [1.0]]])
    np.testing.assert_array_equal(GI.configuration_outputs(S1, W, b, S2, y)[0, :, 0], [1.0, 3.0])
    assert GI.output_monotonicity_margin(W, S2)[0] == -1.0
    assert GI.output_monotonicity_margin(-W, S2)[0] == 0.0  # ReLU slopes 0 and 1 times W = 1
    assert GI.output_monotonicity_margin(W, S2, per_unit=True).shape == (1, 1)
    np.testing.assert_array_equal(GI.identity_maso(3)(np.arange(3.0)[None, :]), [[0.0, 1.0, 2.0]])


def test_global_inference_bad_input():
    rng = np.random.default_rng(1)
    S1, W, b, S2 = _pair(rng)
    y = np.zeros((1, 2))
    with pytest.raises(TypeError, match="S1 must be a MASO"):
        GI.configuration_outputs("relu", W, b, S2, y)
    with pytest.raises(ValueError, match=r"W must have shape \(D2, K\) with K = 2"):
        GI.configuration_outputs(S1, np.zeros((2, 3)), b, S2, y)
    with pytest.raises(ValueError, match=r"b must have shape \(D2,\) = \(2,\)"):
        GI.configuration_outputs(S1, W, np.zeros(3), S2, y)
    with pytest.raises(ValueError, match="S2 must act on D2 = 2"):
        GI.configuration_outputs(S1, W, b, GI.identity_maso(3), y)
    with pytest.raises(ValueError, match=r"y must have shape \(N, D\) with D = 2"):
        GI.configuration_outputs(S1, W, b, S2, np.zeros((1, 3)))
    with pytest.raises(ValueError, match="max_configurations"):
        GI.configurations(MASO(np.zeros((13, 2, 1)), np.zeros((13, 2))))
    with pytest.raises(ValueError, match="D must be an int >= 1"):
        GI.identity_maso(0)


def _net():
    rng = np.random.default_rng(2)
    return Network([Dense(rng.standard_normal((3, 2)), rng.standard_normal(3)), ReLU(), Dense(rng.standard_normal((2, 3)), rng.standard_normal(2)), LeakyReLU(0.5),
                    Dense(rng.standard_normal((2, 2)), np.zeros(2))], (2,))


def test_activation_graph_is_a_path_and_two_coloring_detects_odd_cycles():
    net = _net()
    x = np.random.default_rng(3).standard_normal((5, 2))
    x0 = x.copy()
    graphs = AG.activation_graph(net, x)
    np.testing.assert_array_equal(x, x0)
    codes = net.region_codes(x, packed=False)
    for n, g in enumerate(graphs):
        assert [v[0] for v in g.nodes] == [1, 2, 3, 4, 5] and len(g.edges) == 4
        assert g.nodes[1][1] == tuple(int(c) for c in codes[0][n]) and g.nodes[0][1] == ()
    U = AG.union_graph(graphs)
    assert AG.two_coloring(U) is not None
    V1, V2 = AG.layer_parity_partition(U)
    assert {v[0] for v in V1} <= {1, 3, 5} and {v[0] for v in V2} <= {2, 4}
    tri = AG.ActivationGraph(((1, ()), (2, ()), (3, ())), (((1, ()), (2, ())), ((2, ()), (3, ())), ((1, ()), (3, ()))))
    assert AG.two_coloring(tri) is None
    with pytest.raises(TypeError, match="net must be a Network"):
        AG.activation_graph("net", x)
    with pytest.raises(TypeError, match="graph must be an ActivationGraph"):
        AG.two_coloring([(1, 2)])
    with pytest.raises(TypeError, match="graphs must be a sequence of ActivationGraph"):
        AG.union_graph([1])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_table3_rows_keep_dtype_do_not_mutate_and_agree_with_the_counterexamples(dtype):
    W, x = np.array([[1.0, 0.0], [3.0, 0.0]], dtype=dtype), np.array([[1.2, 0.0]], dtype=dtype)
    W0 = W.copy()
    np.testing.assert_allclose(I.table3_inverse(W, x, "knn"), [[3.0, 0.0]])
    np.testing.assert_allclose(I.table3_inverse(W, x, "knn", rule="corrected"), [[1.0, 0.0]])
    f, A = I.table3_map(W, x, "hard_threshold", t=np.array([1.0, 5.0], dtype=dtype))
    np.testing.assert_allclose(f, [[1.2, 0.0]], rtol=1e-6)
    assert A.dtype == dtype and f.dtype == dtype
    np.testing.assert_array_equal(W, W0)
    np.testing.assert_allclose(I.table3_inverse(np.array([[2.0, 0.0], [0.9, 0.1]], dtype=dtype), np.array([[1.0, 0.0]], dtype=dtype), "best_basis"), [[0.81, 0.09]], rtol=1e-6)


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: I.table3_map(np.eye(2), np.zeros((1, 2)), "sparse_coding"), ValueError, r"row must be one of \('hard_threshold', 'best_basis', 'knn'\)"),
        (lambda: I.table3_map(np.eye(2), np.zeros((1, 2)), "knn", rule="fixed"), ValueError, "rule must be 'printed' or 'corrected'"),
        (lambda: I.table3_map(np.eye(2), np.zeros((1, 3)), "knn"), ValueError, r"x must have shape \(N, D\) with D = 2"),
        (lambda: I.table3_map(np.eye(2), np.zeros((1, 2)), "hard_threshold"), TypeError, "t must be an array of shape"),
        (lambda: I.table3_map(np.eye(2), np.zeros((1, 2)), "hard_threshold", t=np.zeros(3)), ValueError, r"t must have shape \(2,\)"),
        (lambda: I.table3_map(2 * np.eye(2), np.zeros((1, 2)), "best_basis", rule="corrected"), ValueError, "W must have unit-norm rows"),
        (lambda: I.table3_map(np.zeros((2, 2)), np.zeros((1, 2)), "best_basis"), ValueError, "W must have non-zero rows"),
        (lambda: L.optimal_prediction(3, 0.0), ValueError, r"alpha must be a finite number > 0"),
        (lambda: L.optimal_prediction(1, 1.0), ValueError, r"n_classes must be an int >= 2"),
        (lambda: L.optimal_prediction(3, 1.0, constraint="l1"), ValueError, "constraint must be one of"),
        (lambda: LP.scale_weights(_net(), -1.0), ValueError, r"s must be a finite number > 0"),
        (lambda: LP.scale_weights("net", 2.0), TypeError, "net must be a Network"),
        (lambda: L.solve_optimal_templates(np.array([2.0, 0.0]), 0, 3, 1.0), ValueError, "unit-norm rows"),
        (lambda: L.optimal_templates(np.array([[1.0, 0.0]]), [3], 3, 1.0), ValueError, r"y must hold labels in 0..2"),
    ],
)
def test_bad_input_names_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_optimal_prediction_matches_the_closed_form_optimum_and_tends_to_one_hot():
    x, y = np.array([[0.6, 0.8]]), np.array([1])
    for cons in L.CONSTRAINTS:
        for C, a in ((2, 1.0), (4, 3.0)):
            A = L.optimal_templates(x, y, C, a, constraint=cons)[0]
            z = A @ x[0]
            p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
            assert p[1] == pytest.approx(L.optimal_prediction(C, a, constraint=cons), rel=1e-12)
    assert L.optimal_prediction(3, 1e4) > 1 - 1e-12 and L.optimal_prediction(3, 1.0) < 0.9


def test_scale_weights_scales_a_bias_free_network_and_leaves_it_unchanged():
    net = Network([Dense(np.array([[1.0, -2.0]]), np.zeros(1)), ReLU(), Dense(np.array([[3.0], [-1.0]]), np.zeros(2))], (2,))
    s = LP.scale_weights(net, 2.0)
    x = np.array([[1.0, -1.0], [0.5, 2.0]])
    np.testing.assert_allclose(s.forward(x), 4.0 * net.forward(x))
    np.testing.assert_array_equal(net.layers[0].W, [[1.0, -2.0]])
    assert LP.composition_lipschitz(s, squared=False) == pytest.approx(4.0 * LP.composition_lipschitz(net, squared=False))


def test_new_library_runs_on_array_api_strict():
    xp = backend.namespace("array_api_strict")
    W, x = xp.asarray([[1.0, 0.0], [3.0, 0.0]]), xp.asarray([[1.2, 0.0]])
    assert float(I.table3_inverse(W, x, "knn", rule="corrected")[0, 0]) == pytest.approx(1.0)
    S1 = MASO(xp.asarray([[[1.0], [-1.0]]]), xp.zeros((1, 2)))
    S2 = MASO(xp.asarray([[[0.0], [1.0]]]), xp.zeros((1, 2)))
    G = GI.configuration_outputs(S1, xp.asarray([[-1.0]]), xp.asarray([2.0]), S2, xp.asarray([[1.0]]))
    assert float(G[0, 1, 0]) == 3.0


# ------------------------------------------------------------------ sabotage
@pytest.fixture
def _no_shrinking(monkeypatch):
    from hypothesis import Phase, settings

    orig = claims.hypothesis_settings
    monkeypatch.setattr(claims, "hypothesis_settings", lambda profile="dev": settings(orig(profile), phases=[Phase.explicit, Phase.reuse, Phase.generate]))


def _module(name):
    return importlib.import_module(name)


_solve = L.solve_optimal_templates


def _solver_negated(x, y, C, alpha, constraint="sum_squared_norms"):
    A, loss = _solve(x, y, C, alpha, constraint=constraint)
    return -A, loss


def _solver_plus_orthogonal(x, y, C, alpha, constraint="sum_squared_norms"):
    A, loss = _solve(x, y, C, alpha, constraint=constraint)
    xh = np.asarray(x, dtype=np.float64)
    e = np.ones_like(xh) / np.sqrt(xh.size)
    return A + 0.1 * (e - (e @ xh) * xh)[None, :], loss


def _solver_spread_wrong_classes(x, y, C, alpha, constraint="sum_squared_norms"):
    A, loss = _solve(x, y, C, alpha, constraint=constraint)
    return A + 0.1 * np.arange(C)[:, None] * np.asarray(x, dtype=np.float64)[None, :], loss


def _prediction_at_double_budget(C, alpha, constraint="sum_squared_norms"):
    return L.optimal_prediction(C, 2 * alpha, constraint=constraint)


def _update_scaled_for_two_classes(A, x, y, lr):
    # the wrong-class steps scaled as if C were 2: (C - 1) times too large
    A3 = np.broadcast_to(np.asarray(A), (np.asarray(x).shape[0],) + np.asarray(A).shape)
    return A3 + (np.asarray(A).shape[0] - 1) * (L.template_update(A, x, y, lr) - A3)


def _outputs_with_negated_W(S1, W, b, S2, y, **kw):
    return GI.configuration_outputs(S1, -W, b, S2, y, **kw)


def _graph_with_skip_edges(net, x):
    out = []
    for g in AG.activation_graph(net, x):
        skips = tuple((g.nodes[i], g.nodes[i + 2]) for i in range(len(g.nodes) - 2))
        out.append(AG.ActivationGraph(g.nodes, g.edges + skips))
    return out


def _graph_without_codes(net, x):
    out = []
    for g in AG.activation_graph(net, x):
        nodes = tuple((v[0], ()) for v in g.nodes)
        out.append(AG.ActivationGraph(nodes, tuple(zip(nodes[:-1], nodes[1:]))))
    return out


def _step_reflected(net, x, k, alpha):
    X = net._batch(x)
    return 2 * X - LP.adversarial_perturbation(net, x, k, alpha)


def _double_step(net, x, k, alpha):
    return LP.adversarial_perturbation(net, x, k, 2 * alpha)


def _hundredth_softmax_constant(D, squared=True, source="exact"):
    return 0.01 * LP.softmax_lipschitz(D, squared=squared, source=source)


def _scale_off(net, s):
    return LP.scale_weights(net, 1.1 * s)


def _doubled_jacobian_rows(W, x, row, *, t=None, rule="printed"):
    f, A = I.table3_map(W, x, row, t=t, rule=rule)
    return f, 2 * A


def _printed_rule(W, x, row, *, t=None, rule="corrected"):
    return I.table3_inverse(W, x, row, t=t, rule="printed")


P = "spline_theory.proofs."
SABOTAGE = [
    ("icml18.sec53.matched_template", P + "icml18._memorization", "solve_optimal_templates", _solver_negated),
    ("icml18.sec53.collinear_templates", P + "icml18._memorization", "solve_optimal_templates", _solver_plus_orthogonal),
    ("icml18.sec53.bimodal_outputs", P + "icml18._memorization", "solve_optimal_templates", _solver_spread_wrong_classes),
    ("icml18.sec53.one_hot-corrected", P + "icml18.sec53_one_hot_corrected", "optimal_prediction", _prediction_at_double_budget),
    ("report17.thm10-corrected", P + "report17._global_inference", "configuration_outputs", _outputs_with_negated_W),
    ("report17.prop3-corrected", P + "report17._global_inference", "configuration_outputs", _outputs_with_negated_W),
    ("report17.prop4", P + "report17.prop4_activation_graph_is_bipartite", "activation_graph", _graph_with_skip_edges),
    ("report17.appA5.activation_graph", P + "report17.appA5_activation_graph", "activation_graph", _graph_without_codes),
    ("report17.sec431.regularized", P + "report17.sec431_regularized_templates_scale_down", "adversarial_perturbation", _step_reflected),
    ("report17.sec431.unregularized-corrected", P + "report17.sec431_corrected_noise_is_template_minus_mean", "adversarial_perturbation", _double_step),
    ("report17.sec431.wrong_class_updates", P + "report17.sec431_wrong_class_updates_shrink_with_classes", "template_update", _update_scaled_for_two_classes),
    ("report17.eq65-corrected", P + "report17.eq65_corrected_amplification_bounded", "softmax_lipschitz", _hundredth_softmax_constant),
    ("report17.eq66-corrected", P + "report17._adversarial_step", "adversarial_perturbation", _double_step),
    ("report17.cor1", P + "report17.cor1_weight_norm_explosion", "scale_weights", _scale_off),
    ("report17.table3.hard_threshold", P + "report17.table3_hard_threshold_inverse", "table3_map", _doubled_jacobian_rows),
    ("report17.table3.best_basis-corrected", P + "report17._table3", "table3_inverse", _printed_rule),
    ("report17.table3.knn-corrected", P + "report17._table3", "table3_inverse", _printed_rule),
]

#: Claims added with this file; report17.cor2's sabotage drops its condition instead (below).
ADDED_HOLDING = {i for i, *_ in SABOTAGE} | {"report17.cor2"}
ADDED_FAILING = {"icml18.sec53.one_hot", "report17.thm10", "report17.prop3", "report17.sec431.unregularized", "report17.eq65", "report17.eq66",
                 "report17.table3.best_basis", "report17.table3.knn"}


def test_the_added_claims_have_the_recorded_verdicts_and_corrections():
    for i in ADDED_HOLDING:
        assert claims.get(i).expected == "holds", i
    for i in ADDED_FAILING:
        assert claims.get(i).expected == "fails", i
        assert claims.get(i + "-corrected").corrects == i
        assert claims.get(i).replay().status == "fails", i


@pytest.mark.parametrize("claim_id, module, name, broken", SABOTAGE, ids=[r[0] for r in SABOTAGE])
def test_claim_fails_when_the_library_is_broken(claim_id, module, name, broken, monkeypatch, _no_shrinking):
    claim = claims.get(claim_id)
    monkeypatch.setattr(_module(module), name, broken)
    v = claim.verify(max_examples=30)
    assert v.verdict == "fails", v
    assert claim.replay(v.counterexample).status == "fails"


def test_cor2_fails_on_networks_that_break_its_conditions(monkeypatch, _no_shrinking):
    from spline_theory.testing.strategies import cor2_network_instances

    claim = claims.get("report17.cor2")
    mod = _module(claim._check.__module__)
    bad = Network([Dense(np.eye(2), np.zeros(2)), LeakyReLU(0.5), Dense(-np.ones((1, 2)), np.zeros(1)), LeakyReLU(0.5), Dense(np.ones((1, 1)), np.zeros(1))], (2,))
    assert mod.meets_cor2(bad) == (False, "layers[2] has a negative weight or bias")
    assert mod.meets_cor2(Network(bad.layers[:2] + [Dense(np.ones((1, 2)), np.zeros(1))] + bad.layers[3:], (2,)))[0] is True
    monkeypatch.setattr(mod, "meets_cor2", lambda net: (True, ""))
    monkeypatch.setattr(claim, "cases", cor2_network_instances(inner_sign=-1.0))
    v = claim.verify(max_examples=60)
    assert v.verdict == "fails", v
