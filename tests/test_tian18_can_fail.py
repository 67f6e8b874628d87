"""Every tian18 check that records ``holds`` can fail: break the library function it calls and the check reports ``fails``.

Each row replaces one library function, in the namespace of the claim module
that calls it, by a subtly wrong version, and checks one fixed instance: the
instance holds with the real library and fails with the broken one. (Fixed
instances keep this file fast; tests/test_registry.py runs the searches.)
"""

import importlib

import numpy as np
import pytest

from spline_theory import batchnorm as bn
from spline_theory import claims
from spline_theory import convex_hull as ch
from spline_theory import teacher_student as ts

F = [0.5, 1.0, 3.0, -2.0]
BN = {"f": F, "c": [1.5, -0.5], "g_bn": [1.0, -2.0, 0.5, 0.25], "eps": 0.0}
BN_EPS = dict(BN, eps=0.25)
POP = {"f": [0.5, 1.0, 3.0], "c": [1.5, -0.5], "g_bn": [1.0, -2.0, 0.5], "counts": [1, 3, 2]}
RELU = {"F_in": [[1.0, -1.0], [0.5, 2.0], [-1.0, 1.0]], "W": [[1.0, 1.0], [2.0, -1.0]], "G_top": [[1.0, 0.5], [-1.0, 2.0], [0.25, 1.0]]}
LAYER = {"F_in": [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "W": [[1.0, 0.5]], "c": [[1.0, 0.0]], "Y": [[1.0], [0.0], [0.0], [0.0]], "lr": 0.5, "eps": 0.0}
LAYER_EPS = dict(LAYER, eps=1.0)
HULL = {"P": [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.25, 0.25]]}
ALL_VERT = {"P1": [[0.7, 0.2, 0.1], [0.1, 0.7, 0.2], [0.2, 0.1, 0.7]]}
RANK = {"P": [[0.75, 0.25], [0.25, 0.75]], "F": [[1.0, 0.0], [0.0, 1.0]], "W": [[1.0, -1.0], [0.5, -0.5]]}
THM7 = {"P": [[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [0.5, 0.5]], "F": [[0.5, 1.0, 0.0], [1.0, 0.0, 1.0]]}


def _wrong_scale_standardize(f, *, eps=0.0, p=None):
    return 1.01 * bn.standardize(f, eps=eps, p=p)


def _no_centering(N, *, xp=None, dtype=None):
    return bn.centering_projection(N, xp=xp, dtype=dtype) + 1.0 / N


def _l2_norm(v):
    return bn.uni_norm(v) * np.sqrt(np.asarray(v).shape[0])


def _jacobian_without_projection(f):
    f = np.asarray(f)
    return np.eye(f.shape[0]) / np.linalg.norm(f)


def _centering_only_jacobian(f, c, *, eps=0.0, p=None):
    # the literal reading of Eq. (80)'s middle term: c_1 d f_hat / d f, divided by sigma
    _, sigma = bn.bn_statistics(f)
    return np.asarray(c)[0] / sigma * bn.centering_projection(np.asarray(f).shape[0])


def _projection_forgetting_f(f, c, g_bn, *, eps=0.0, p=None):
    g, gc = bn.bn_backward_projection(f, c, g_bn, eps=eps, p=p)
    _, sigma = bn.bn_statistics(f, eps=eps, p=p)
    ft = bn.standardize(f, p=p)
    w = np.full(len(ft), 1 / len(ft)) if p is None else np.asarray(p)
    return g + np.asarray(c)[..., 0] / sigma * ft * np.sum(w * ft * np.asarray(g_bn)), gc


def _projection_ignoring_eps(f, c, g_bn, *, eps=0.0, p=None):
    g, gc = bn.bn_backward_projection(f, c, g_bn, eps=0.0, p=p)
    return g * bn.bn_statistics(f, p=p)[1] / bn.bn_statistics(f, eps=eps, p=p)[1], gc


def _projection_ignoring_p(f, c, g_bn, *, eps=0.0, p=None):
    return bn.bn_backward_projection(f, c, g_bn, eps=eps)


def _ungated_gradients(F_in, W, G_top):
    f, _, _ = bn.relu_layer_gradients(F_in, W, G_top)
    G = np.asarray(G_top)
    return f, G, G.T @ np.asarray(F_in) / G.shape[0]


def _flow_with_doubled_integral(*args, **kw):
    out = bn.bn_energy_flow(*args, **kw)
    return dict(out, integral=2 * out["integral"])


def _steps_with_halved_step_norm(*args, **kw):
    out = bn.bn_energy_steps(*args, **kw)
    return dict(out, step_sq=out["step_sq"] / 2)


def _every_row_a_vertex(P, *, tol=0.0):
    return np.ones(np.asarray(P).shape[0], dtype=bool)


def _first_vertex_dropped(P, *, tol=0.0):
    v = ch.vertices(P, tol=tol)
    v[np.argmax(v)] = False
    return v


def _vertices_of_first_coordinate(P, *, tol=0.0):
    return ch.vertices(np.asarray(P)[:, :1], tol=tol)


def _weights_without_bias(Ps):
    return [ch.separating_weights(P, value=1 / len(Ps))[0] for P in Ps]


def _full_term_rank(mask):
    return min(np.asarray(mask).shape)


TS = {
    "A": 2,
    "regions": [[0], [1], [2], [0, 1], [1, 2], [0, 1, 2]],
    "children": [[], [], [], [0, 1], [1, 2], [3, 4]],
    "n_nodes": [2, 2, 2, 2, 3, 2],
    "p": np.arange(1.0, 9.0) / 36.0,
    "w": np.sin(np.arange(1.0, 31.0)),
    "G_top": np.cos(np.arange(16.0)).reshape(8, 2),
}


def _backward_without_p(teacher, weights, F, gates, G_top):
    G, delta = ts.student_backward(teacher, weights, F, gates, G_top)
    return G, {k: F[k[0]].T @ G[k[1]] / len(teacher.p) for k in delta}


def _backward_without_gates(teacher, weights, F, gates, G_top):
    ones = {a: np.ones_like(g) for a, g in gates.items()}
    return ts.student_backward(teacher, weights, F, ones, G_top)


def _conditional_sum(teacher, values, region):
    keys = ts.region_keys(teacher, region)
    mass = np.bincount(keys, weights=teacher.p)[keys]
    out = ts.marginalize(teacher, values, region)
    return out * (mass if np.ndim(out) == 1 else mass[:, None])


def _uniform_events(teacher, region):
    m = len(ts.event_probabilities(teacher, region))
    return np.full(m, 1.0 / m)


LOSSLESS = {
    "A": 2,
    "regions": [[0], [1], [0, 1]],
    "children": [[], [], [0, 1]],
    "tables": [[0, 1], [0, 1], [[0, 1], [2, 3]]],
    "n_nodes": [2, 2, 1],
    "q": [[0.25, 0.75], [0.5, 0.5]],
    "w": [1.0, -1.0, 0.5, 2.0],
    "G_top": [[1.0], [-1.0], [0.5], [2.0]],
}


_ORIG_TRANSITION = ts.transition_matrix


def _uniform_transitions(teacher, parent, child):
    P = _ORIG_TRANSITION(teacher, parent, child)
    return np.full_like(P, 1.0 / P.shape[1])


def _summaries_with_a_spurious_value(teacher):
    # the top summary told apart by one more value than its inputs allow (a summary that is not a function of x_alpha)
    z = ts.summary_values(teacher)
    z[teacher.top] = z[teacher.top] + (np.arange(z[teacher.top].size) == 0) * (z[teacher.top].max() + 1)
    z[0] = np.arange(z[0].size)  # a leaf with one value per pattern: more than 2^1
    return z


SABOTAGE = [
    ("tian18.sec22.event_count", "summary_values", _summaries_with_a_spurious_value, TS),
    ("tian18.eq9", "standardize", _wrong_scale_standardize, BN),
    ("tian18.eq77-corrected", "centering_projection", _no_centering, BN),
    ("tian18.eq78", "uni_norm", _l2_norm, BN),
    ("tian18.eq79", "normalization_jacobian", _jacobian_without_projection, BN),
    ("tian18.eq80", "bn_jacobian", _centering_only_jacobian, BN),
    ("tian18.eq81", "bn_jacobian", _centering_only_jacobian, BN),
    ("tian18.thm5", "bn_backward_projection", _projection_forgetting_f, BN),
    ("tian18.thm5.epsilon-corrected", "bn_backward_projection", _projection_ignoring_eps, BN_EPS),
    ("tian18.eq83", "bn_backward_projection", _projection_ignoring_p, POP),
    ("tian18.eq84", "relu_layer_gradients", _ungated_gradients, RELU),
    ("tian18.eq85", "bn_energy_flow", _flow_with_doubled_integral, LAYER_EPS),
    ("tian18.app8.6.2.energy-corrected", "bn_energy_steps", _steps_with_halved_step_norm, LAYER),
    ("tian18.def1-corrected", "vertices", _every_row_a_vertex, HULL),
    ("tian18.def2", "vertices", _first_vertex_dropped, HULL),
    ("tian18.thm6", "identity_weights", _weights_without_bias, ALL_VERT),
    ("tian18.thm7", "vertices", _vertices_of_first_coordinate, THM7),
    ("tian18.thm7.random-corrected", "term_rank", _full_term_rank, RANK),
    ("tian18.eq2", "_student.student_backward", _backward_without_p, TS),
    ("tian18.eq4", "_student.student_backward", _backward_without_gates, TS),
    ("tian18.thm1", "marginalize", _conditional_sum, TS),
    ("tian18.thm3", "event_probabilities", _uniform_events, TS),
    ("tian18.thm2-corrected", "lib:spline_theory.teacher_student.transition_matrix", _uniform_transitions, LOSSLESS),
]


@pytest.mark.parametrize("claim_id, name, broken, instance", SABOTAGE, ids=[f"{c}-{n}" for c, n, _, _ in SABOTAGE])
def test_tian18_check_fails_when_the_library_is_broken(monkeypatch, claim_id, name, broken, instance):
    claim = claims.get(claim_id)
    assert claim.expected == "holds"
    assert claim.check(instance).status == "holds"
    module = claim._check.__module__
    if name.startswith("_student."):  # the shared runner of the Sec. 2-3 claims
        module, name = "spline_theory.proofs.tian18._student", name.split(".", 1)[1]
    elif name.startswith("lib:"):  # a library function reached through another library function
        module, name = name[4:].rsplit(".", 1)
    monkeypatch.setattr(importlib.import_module(module), name, broken)
    result = claim.check(instance)
    assert result.status == "fails", f"{claim_id} did not notice a broken {name}: {result.evidence}"


def test_every_tian18_holds_claim_has_a_sabotage_row():
    from test_disentanglement import SABOTAGE as DISENTANGLEMENT  # rows of the Sec. 5.2 / 6 claims live there
    from test_tian18_rest import SABOTAGE as REST  # rows of Thm. 4, Eq. 3, 5, 58-61, 74, 83 on a teacher, Sec. 3, Def. 4, steps

    holds = {i for i in claims.ids() if i.startswith("tian18.") and claims.get(i).expected == "holds"}
    assert holds == {c for c, _, _, _ in SABOTAGE} | {c for c, _, _, _ in DISENTANGLEMENT} | {c for c, _, _, _ in REST}
