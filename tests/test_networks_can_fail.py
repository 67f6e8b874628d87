"""Every network claim that holds can fail: break the library function it calls and its verdict turns to ``fails``.

Each row monkeypatches one library function (on its class or in the claim
module's namespace) with a subtly wrong version; the claim's search must then
find a counterexample.
"""

import importlib

import numpy as np
import pytest

from spline_theory import claims
from spline_theory import network as netmod
from spline_theory.layers import _Elementwise
from spline_theory.network import Network

_ORIG = {
    "affine_map": Network.affine_map,
    "feature_maps": Network.feature_maps,
    "group_maso": Network.group_maso,
    "layer_factors": Network.layer_factors,
    "templates": Network.templates,
    "certified_radius": Network.certified_radius,
    "region_codes": Network.region_codes,
    "partition_distance": Network.partition_distance,
    "joint": Network.joint_max_template_matching,
    "count_regions": Network.count_regions,
    "hyperplanes": Network.region_hyperplanes,
    "forward_elem": _Elementwise.forward,
}


def _module(claim_id):
    return importlib.import_module(claims.get(claim_id)._check.__module__)


@pytest.fixture(autouse=True)
def _no_shrinking(monkeypatch):
    # These tests only need the verdict: skip shrinking the counterexample (most of their time).
    from hypothesis import Phase, settings

    orig = claims.hypothesis_settings
    monkeypatch.setattr(claims, "hypothesis_settings", lambda profile="dev": settings(orig(profile), phases=[Phase.explicit, Phase.reuse, Phase.generate]))


def _affine_map_bias_off(self, x, **kw):
    A, b = _ORIG["affine_map"](self, x, **kw)
    return A, b * 1.01 + 0.01


def _feature_maps_shifted(self, x):
    maps = _ORIG["feature_maps"](self, x)
    return maps[:-1] + [maps[-1] + 0.01]


def _group_maso_transposed_bias(self, g):
    S = _ORIG["group_maso"](self, g)
    return netmod.MASO(S.A, S.B + 0.05)


def _layer_factors_wrong_order(self, x):
    f = _ORIG["layer_factors"](self, x)
    return [(A, b * 0.5) for A, b in f]


def _templates_scaled(self, x, **kw):
    A, b = _ORIG["templates"](self, x, **kw)
    return A * 1.01, b


def _radius_too_large(self, x, **kw):
    r = _ORIG["certified_radius"](self, x, **kw)
    return r * 4 if not kw else (r[0] * 4, r[1])


def _codes_flipped(self, x, *, packed=True):
    out = _ORIG["region_codes"](self, x, packed=packed)
    return [c ^ 1 if c.dtype == np.uint8 else c for c in out]


def _distance_off(self, x1, x2):
    return [d * 0.5 + 0.25 for d in _ORIG["partition_distance"](self, x1, x2)]


def _joint_max_min(self, x, **kw):
    return _ORIG["joint"](self, x, **kw) + 0.1


def _convex_act_breaks(self, z):
    # A concave kink hidden in the activation: convexity (Thm. 2) must break.
    return _ORIG["forward_elem"](self, z) - 2.0 * np.maximum(z, 0.0)


def _count_too_many(self, x):
    return [c + 2**20 for c in _ORIG["count_regions"](self, x)]


def _hyperplanes_rotated(self, x):
    return [(m, G[..., ::-1] * 1.0) for m, G in _ORIG["hyperplanes"](self, x)]


def _compose_without_bias(S, W, b):
    return netmod.MASO(S.A @ W, S.B)


def _shared_bias_zero(S, W, b):
    return S.A @ W, np.zeros(W.shape[1])


ROWS = [
    ("icml18.eq2", Network, "feature_maps", _feature_maps_shifted),
    ("icml18.prop4", Network, "group_maso", _group_maso_transposed_bias),
    ("icml18.thm1", Network, "affine_map", _affine_map_bias_off),
    ("icml18.eq7", Network, "layer_factors", _layer_factors_wrong_order),
    ("icml18.eq8", Network, "affine_map", _affine_map_bias_off),
    ("icml18.eq10", Network, "group_maso", _group_maso_transposed_bias),
    ("icml18.cor1-corrected", Network, "joint_max_template_matching", _joint_max_min),
    ("icml18.sec4.signal_dependent_affine", Network, "affine_map", _affine_map_bias_off),
    ("icml18.sec5.templates", Network, "templates", _templates_scaled),
    ("icml18.eq14", Network, "region_codes", _codes_flipped),
    ("icml18.eq15", Network, "partition_distance", _distance_off),
    ("icml18.sec7.relu_regions", Network, "count_regions", _count_too_many),
    ("icml18.sec7.maxpool_regions", Network, "count_regions", _count_too_many),
    ("icml18.sec7.rotation-corrected", Network, "region_hyperplanes", _hyperplanes_rotated),
]


@pytest.mark.parametrize("claim_id, owner, name, broken", ROWS, ids=[r[0] for r in ROWS])
def test_network_claim_fails_when_the_library_is_broken(monkeypatch, claim_id, owner, name, broken):
    assert claims.get(claim_id).expected == "holds"
    monkeypatch.setattr(owner, name, broken)
    v = claims.get(claim_id).verify(max_examples=100)
    assert v.verdict == "fails", v


@pytest.mark.parametrize("claim_id", ["icml18.thm2", "icml18.thm2.multiconvexity", "icml18.sec4.composition-corrected"])
def test_convexity_claims_fail_when_an_activation_is_not_convex(monkeypatch, claim_id):
    monkeypatch.setattr(_Elementwise, "forward", _convex_act_breaks)
    v = claims.get(claim_id).verify(max_examples=200)
    assert v.verdict == "fails", v


def test_fc_activation_composition_fails_without_the_bias_term(monkeypatch):
    monkeypatch.setattr(_module("slides.fc_activation_composition"), "compose_affine_maso", _compose_without_bias)
    assert claims.get("slides.fc_activation_composition").verify(max_examples=100).verdict == "fails"


def test_simplified_maso_fails_without_the_shared_bias(monkeypatch):
    monkeypatch.setattr(_module("slides.simplified_maso"), "shared_bias_maso", _shared_bias_zero)
    assert claims.get("slides.simplified_maso").verify(max_examples=100).verdict == "fails"


def test_report17_eq7_fails_with_a_flipped_convolution_matrix(monkeypatch):
    from spline_theory import operators as op

    orig = op.conv2d_matrix

    def flipped(kernel, input_shape, *, stride=1, padding=0):
        return orig(np.asarray(kernel)[:, :, ::-1, ::-1].copy(), input_shape, stride=stride, padding=padding)

    monkeypatch.setattr(_module("report17.eq7"), "conv2d_matrix", flipped)
    assert claims.get("report17.eq7").verify(max_examples=100).verdict == "fails"


def test_report17_eq8_corrected_fails_with_a_shifted_bias_layout(monkeypatch):
    from spline_theory.layers import Conv2d

    orig = Conv2d.offset
    monkeypatch.setattr(Conv2d, "offset", lambda self, state: np.roll(np.asarray(orig(self, state)), 1))
    assert claims.get("report17.eq8-corrected").verify(max_examples=100).verdict == "fails"


def test_report17_resnet_ensemble_corrected_fails_without_the_identity_path(monkeypatch):
    orig = netmod.ensemble_expansion

    def no_identity(M):
        return orig(M) - np.eye(M[0].shape[1])

    monkeypatch.setattr(_module("report17.sec3.resnet_ensemble-corrected"), "ensemble_expansion", no_identity)
    assert claims.get("report17.sec3.resnet_ensemble-corrected").verify(max_examples=100).verdict == "fails"


def test_report17_rnn_unrolled_corrected_fails_with_wrong_step_slopes(monkeypatch):
    from spline_theory.layers import ReLURNN

    orig = ReLURNN.step_slopes
    monkeypatch.setattr(ReLURNN, "step_slopes", lambda self, z: [np.ones_like(d) for d in orig(self, z)])
    assert claims.get("report17.sec3.rnn_unrolled-corrected").verify(max_examples=100).verdict == "fails"


def test_report17_eq38_fails_when_layer_factors_drop_a_bias(monkeypatch):
    monkeypatch.setattr(Network, "layer_factors", _layer_factors_wrong_order)
    assert claims.get("report17.eq38").verify(max_examples=100).verdict == "fails"


def test_report17_eq45_corrected_fails_when_the_pooling_factor_is_dropped(monkeypatch):
    mod = _module("report17.eq45-corrected")
    orig = mod.parts

    def no_pool(xp, net, x):
        A_rho, M, C_out = orig(xp, net, x)
        return A_rho * 0.5, M, C_out

    monkeypatch.setattr(mod, "parts", no_pool)
    assert claims.get("report17.eq45-corrected").verify(max_examples=100).verdict == "fails"


def test_report17_eq31_corrected_fails_with_wrong_activation_slopes(monkeypatch):
    orig = _Elementwise.linearize

    def scaled(self, z):
        out, st = orig(self, z)
        return out, {**st, "d": st["d"] * 1.5}

    monkeypatch.setattr(_Elementwise, "linearize", scaled)
    assert claims.get("report17.eq31-corrected").verify(max_examples=100).verdict == "fails"


def test_report17_worked_examples_fail_with_a_wrong_affine_map(monkeypatch):
    monkeypatch.setattr(Network, "affine_map", _affine_map_bias_off)
    assert claims.get("report17.sec3.worked_examples").verify(max_examples=100).verdict == "fails"


def _region_by_output_min(S, x, **kw):
    A_r, b_r, *gap = netmod.region_by_output_sum(netmod.MASO(-S.A, -S.B), x, **kw)
    return (-A_r, -b_r, *gap)


# both claims select through report17.eq55's decided_selection, which looks region_by_output_sum up in its module
@pytest.mark.parametrize("claim_id, module_of", [("report17.thm3", "report17.eq55"), ("report17.eq55-corrected", "report17.eq55")])
def test_region_selection_claims_fail_when_the_minimizing_piece_is_selected(monkeypatch, claim_id, module_of):
    monkeypatch.setattr(_module(module_of), "region_by_output_sum", _region_by_output_min)
    assert claims.get(claim_id).verify(max_examples=100).verdict == "fails"


def test_region_by_output_sum_reports_how_clearly_the_sum_decides():
    import numpy as np

    from spline_theory import MASO
    from spline_theory.network import region_by_output_sum

    # two leaky-ReLU units (pieces t / 2 and t) on the two coordinates
    A = np.zeros((2, 2, 2))
    A[0, 0, 0], A[0, 1, 0], A[1, 0, 1], A[1, 1, 1] = 0.5, 1.0, 0.5, 1.0
    S = MASO(A, np.zeros((2, 2)))
    x = np.array([[1.0, 1.2e-38], [1.0, 0.0], [1.0, -1.0], [0.0, 0.0]])
    A_r, b_r, gap, scale = region_by_output_sum(S, x, return_gap=True)
    out = np.einsum("nkd,nd->nk", A_r, x) + b_r
    np.testing.assert_array_equal(out[1:], S(x)[1:])
    # 1 + 0.6e-38 == 1 in float64: the sum cannot tell the two pieces of unit 2 apart (it picks t / 2, the MASO t), and says so
    np.testing.assert_array_equal(out[0], [1.0, 0.6e-38])
    np.testing.assert_array_equal(S(x)[0], [1.0, 1.2e-38])
    assert gap[0] == 0.0 and gap[0] <= 1e-12 * scale[0]
    # a unit exactly at 0 gives the same output under both pieces: no tie that matters
    np.testing.assert_array_equal(gap[1:], [0.5, 0.5, np.inf])
    np.testing.assert_array_equal(scale, [1.0, 1.0, 2.0, 0.0])


def test_report17_dcn_block_and_mapping_fail_when_the_activation_bias_is_dropped(monkeypatch):
    # b_sigma of the hard tanh (its saturated value) left out of the layer's factors: Eq. (42) and the DCN mapping must notice.
    from spline_theory.layers import Hardtanh

    monkeypatch.setattr(Hardtanh, "offset", lambda self, state: None)
    for claim_id in ("report17.eq40", "report17.sec332.dcn_mapping"):
        assert claims.get(claim_id).verify(max_examples=100).verdict == "fails", claim_id


@pytest.mark.parametrize("claim_id", ["report17.eq47-corrected", "report17.sec333.pooled_resnet_mapping-corrected", "slides.resnet_formula"])
def test_report17_resnet_mappings_fail_when_the_skip_bias_is_dropped(monkeypatch, claim_id):
    # the skip's b_out, which the closed form reads through Layer.matrix of the skip convolution, set to 0
    from spline_theory.layers import Conv2d

    orig = Conv2d.matrix
    monkeypatch.setattr(Conv2d, "matrix", lambda self: (orig(self)[0], orig(self)[1] * 0))
    assert claims.get(claim_id).verify(max_examples=100).verdict == "fails", claim_id
