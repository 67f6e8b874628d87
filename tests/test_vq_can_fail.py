"""Every iclr19 VQ claim that holds can fail: break the library code it calls and its verdict turns to ``fails``.

Each row replaces one library function, in the claim module's namespace
(where the claim file looks it up) or as a MASO method, by a subtly wrong
version; the claim's search must then find a counterexample. Self-contained
(the sabotage table of tests/test_claims_can_fail.py covers the other claims).
"""

import importlib

import numpy as np
import pytest

from spline_theory import MASO, claims, vq
from spline_theory import activations as ac
from spline_theory import operators as op

_ORIG_BETA_VQ = MASO.beta_vq


def _module(claim_id):
    return importlib.import_module(claims.get(claim_id)._check.__module__)


# ---- vq
def _map_with_uniform_prior(A, prior, x, sigma2=1.0):
    return vq.map_regions(A, np.full(np.shape(prior), 1.0 / np.shape(prior)[1]), x, sigma2)


def _kmeans_farthest(A, x):
    d = ((np.asarray(x)[:, None, None, :] - np.asarray(A)[None]) ** 2).sum(axis=3)
    return np.argmax(d, axis=2)


def _posterior_at_doubled_variance(A, prior, x, sigma2=1.0):
    return vq.region_posterior(A, prior, x, 2.0 * sigma2)


def _soft_with_eta_two(A, B, x):
    return vq.beta_vq_matrix(A, B, x, 2.0 / 3.0)


def _beta_vq_matrix_eta_off(A, B, x, beta):
    b = float(beta)
    return vq.beta_vq_matrix(A, B, x, b if b in (0.0, 1.0) else min(1.0, b * 1.05))


def _objective_without_entropy(A, B, x, T, beta=0.5):
    return vq.vq_objective(A, B, x, T, 1.0) * beta


def _affine_map_with_uniform_T(A, B, T):
    return vq.vq_affine_map(A, B, np.full(np.shape(T), 1.0 / np.shape(T)[-1]))


# ---- activations
def _swish_with_beta_as_eta(u, eta):
    return ac.swish(u, eta / (1.0 + eta))


def _sigmoid_shifted(u):
    return ac.sigmoid(np.asarray(u) + 0.25)


def _softmax_tempered(u, axis=-1):
    return ac.softmax(0.5 * np.asarray(u), axis=axis)


def _softmax_pooling_as_average(z, regions, beta=0.5):
    return op.avg_pool(z, regions) if beta not in (1.0,) else ac.softmax_pooling(z, regions, beta)


def _beta_vq_pwl_eta_off(z, slopes, offsets, beta):
    b = float(beta)
    return ac.beta_vq_pwl(z, slopes, offsets, b if b in (0.0, 1.0) else b * 0.9)


def _tanh_rule_without_bias_doubling(C, b, C_next, b_next, *, rule="corrected"):
    Cs, bs, Cns, bns = ac.tanh_reparametrization(C, b, C_next, b_next, rule=rule)
    return Cs, bs / 2.0, Cns, bns


def _maso_after_affine_without_skip(S, W, b, *, V=None):
    return ac.maso_after_affine(S, W, b)


def _relu_layer_with_leak(W, b, *, active_first=True):
    # the inactive region gets slope w / 8: a leaky ReLU, not a ReLU
    S = ac.relu_layer_maso(W, b, active_first=active_first)
    return MASO(S.A + 0.125 * S.A[:, ::-1], S.B)


SABOTAGE = [
    ("iclr19.thm2", "map_regions", _map_with_uniform_prior),
    ("iclr19.prop1", "kmeans_regions", _kmeans_farthest),
    ("iclr19.sec31.relu_kmeans-corrected", "kmeans_regions", _kmeans_farthest),
    ("iclr19.eq6", "region_posterior", _posterior_at_doubled_variance),
    ("iclr19.eq6.noise_limit-corrected", "beta_vq_matrix", _beta_vq_matrix_eta_off),
    ("iclr19.prop2", "soft_vq_matrix", _soft_with_eta_two),
    ("iclr19.thm3", "beta_vq_matrix", _beta_vq_matrix_eta_off),
    ("iclr19.thm3.special_cases", "soft_vq_matrix", _soft_with_eta_two),
    ("iclr19.table1", "vq_objective", _objective_without_entropy),
    ("iclr19.prop8", "vq_affine_map", _affine_map_with_uniform_T),
    ("iclr19.prop3", "relu_layer_maso", _relu_layer_with_leak),
    ("iclr19.prop4", "softmax_pooling", _softmax_pooling_as_average),
    ("iclr19.prop5", "sigmoid", _sigmoid_shifted),
    ("iclr19.prop6", "softmax", _softmax_tempered),
    ("iclr19.prop7", "swish", _swish_with_beta_as_eta),
    ("iclr19.appE6.tanh-corrected", "tanh_reparametrization", _tanh_rule_without_bias_doubling),
    ("iclr19.fig1", "beta_vq_pwl", _beta_vq_pwl_eta_off),
    ("iclr19.thm1", "maso_after_affine", _maso_after_affine_without_skip),
]


@pytest.mark.parametrize("claim_id, name, broken", SABOTAGE, ids=[f"{c}-{n}" for c, n, _ in SABOTAGE])
def test_vq_claim_fails_when_the_library_is_broken(monkeypatch, claim_id, name, broken):
    claim = claims.get(claim_id)
    assert claim.expected == "holds"
    monkeypatch.setattr(_module(claim_id), name, broken)
    v = claim.verify(max_examples=30, shrink=False)
    assert v.verdict == "fails", f"{claim_id} did not notice a broken {name}"
    assert claim.replay(v.counterexample).status == "fails"


def test_prop4_notices_a_broken_beta_vq_of_the_maso(monkeypatch):
    def beta_vq_with_hard_limit(self, x, beta):
        return _ORIG_BETA_VQ(self, x, 1.0)

    monkeypatch.setattr(MASO, "beta_vq", beta_vq_with_hard_limit)
    assert claims.get("iclr19.prop4").verify(max_examples=30, shrink=False).verdict == "fails"


def test_every_holding_vq_claim_has_a_sabotage_row():
    mine = {c for c in claims.ids() if c.startswith("iclr19.") and _module(c).__name__.split(".")[-1].split("_")[0]
            in {"thm1", "thm2", "thm3", "prop1", "prop2", "prop3", "prop4", "prop5", "prop6", "prop7", "prop8", "eq6", "sec31", "appE6", "table1", "fig1"}}
    holding = {c for c in mine if claims.get(c).expected == "holds"}
    assert holding <= {row[0] for row in SABOTAGE}
