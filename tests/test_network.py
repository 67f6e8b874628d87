"""Properties of Network: exact affine maps, Jacobians, region codes, certified radius, bad input."""

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spline_theory import backend
from spline_theory.layers import Abs, BatchNorm, Conv2d, Dense, Flatten, LeakyReLU, MaxPool, Maxout, ReLU, ReLURNN, Residual
from spline_theory.network import Network, pack_codes, unpack_codes
from spline_theory.testing.strategies import network_instances

_EXAMPLES = settings(max_examples=30)


def _rng_net(seed=0):
    rng = np.random.default_rng(seed)
    return Network(
        [
            Conv2d(rng.standard_normal((2, 1, 3, 3)), rng.standard_normal(2), padding=1),
            ReLU(),
            MaxPool(2),
            BatchNorm(rng.random(2) + 0.5, rng.standard_normal(2), rng.standard_normal(2), rng.random(2)),
            Flatten(),
            Dense(rng.standard_normal((5, 8)), rng.standard_normal(5)),
            LeakyReLU(2.0),
            Residual([Dense(rng.standard_normal((5, 5)), rng.standard_normal(5)), Abs()]),
            Dense(rng.standard_normal((3, 5)), rng.standard_normal(3)),
        ],
        (1, 4, 4),
    )


@_EXAMPLES
@given(network_instances())
def test_affine_map_matches_forward_pass_in_both_accumulation_orders(inst):
    net = Network.from_spec(inst["net"])
    x = inst["x"]
    z = net(x)
    scale = net.term_magnitude(x) + 1e-12
    for mode in ("forward", "backward"):
        A, b = net.affine_map(x, mode=mode)
        assert A.shape == (x.shape[0], net.C, net.D)
        assert np.all(np.abs(np.einsum("ncd,nd->nc", A, x) + b - z) <= 1e-10 * scale)


@_EXAMPLES
@given(network_instances())
def test_affine_map_is_the_jacobian(inst):
    net = Network.from_spec(inst["net"])
    x = inst["x"]
    r = net.certified_radius(x)
    h = np.where(np.isfinite(r), r / 2, 1.0)
    if h.min() < 1e-4:
        return  # too close to a boundary for finite differences
    A = net.jacobian(x)
    for i in range(net.D):
        e = np.zeros(net.D)
        e[i] = 1.0
        fd = (net(x + h[:, None] * e) - net(x - h[:, None] * e)) / (2 * h[:, None])
        assert np.allclose(A[:, :, i], fd, rtol=1e-6, atol=1e-6 * (1 + net.term_magnitude(x).max() / h.min()))


@_EXAMPLES
@given(network_instances(), st.integers(0, 2**31 - 1))
def test_region_codes_constant_inside_certified_radius_and_change_just_outside(inst, seed):
    net = Network.from_spec(inst["net"])
    x = inst["x"]
    r, d = net.certified_radius(x, return_direction=True)
    ok = np.isfinite(r) & (r > 1e-6)
    if not ok.any():
        return
    x, r, d = x[ok], r[ok], d[ok]
    u = np.random.default_rng(seed).standard_normal(x.shape)
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    codes = net.region_codes(x)
    inside = net.region_codes(x + 0.9 * r[:, None] * u)
    for c, c_in in zip(codes, inside):
        assert np.array_equal(c, c_in)
    # the exact distance is tight: just beyond it along its direction some code changes; in float64 the
    # certified radius is that distance less round-off (margins that cancel exactly, e.g. two equal maxout
    # pieces, have no boundary: their certified radius is finite but huge and not compared)
    exact, d = net.boundary_distance(x, return_direction=True)
    tight = np.isfinite(exact)
    assert np.all(r[tight] <= exact[tight]) and np.all(r[tight] >= exact[tight] * (1 - 1e-6))
    if not tight.any():
        return  # no boundary at all (e.g. two maxout pieces that differ by a constant)
    x, exact, d = x[tight], exact[tight], d[tight]
    codes = net.region_codes(x)
    outside = net.region_codes(x + (exact * (1 + 1e-3))[:, None] * d)
    changed = np.zeros(x.shape[0], dtype=bool)
    for c, c_out in zip(codes, outside):
        changed |= np.any(c != c_out, axis=1)
    assert changed.all()


def test_chunked_affine_map_equals_unchunked():
    net = _rng_net()
    x = np.random.default_rng(1).standard_normal((7, 16))
    A, b = net.affine_map(x)
    A2, b2 = net.affine_map(x, chunk_size=2)
    assert np.allclose(A, A2) and np.allclose(b, b2)


def test_affine_map_on_array_api_strict_and_float32(xp):
    net = _rng_net().to(backend.backend_name(xp), "float32")
    x = xp.asarray(np.random.default_rng(2).standard_normal((3, 16)), dtype=xp.float32)
    A, b = net.affine_map(x)
    assert A.dtype == xp.float32
    err = xp.max(xp.abs((A @ x[:, :, None])[..., 0] + b - net(x)))
    assert float(err) < 1e-4


def test_rnn_and_maxout_affine_maps_are_exact():
    rng = np.random.default_rng(3)
    for net in (
        Network([ReLURNN(rng.standard_normal((3, 2)), rng.standard_normal((3, 3)), rng.standard_normal(3), 4), Dense(rng.standard_normal((2, 3)), np.zeros(2))], (4, 2)),
        Network([Maxout(rng.standard_normal((3, 2, 4)), rng.standard_normal((3, 2))), Dense(np.eye(3), np.zeros(3))], (4,)),
    ):
        x = rng.standard_normal((5, net.D))
        A, b = net.affine_map(x)
        assert np.allclose(np.einsum("ncd,nd->nc", A, x) + b, net(x))


def test_pack_and_unpack_codes_round_trip():
    codes = np.random.default_rng(4).integers(0, 2, size=(5, 13)).astype(bool)
    packed = pack_codes(codes)
    assert packed.dtype == np.uint8 and packed.shape == (5, 2)
    assert np.array_equal(unpack_codes(packed, 13), codes.astype(np.int64))


def test_partition_distance_is_zero_on_identical_inputs_and_in_unit_interval():
    net = _rng_net()
    x = np.random.default_rng(5).standard_normal((6, 16))
    for d in net.partition_distance(x, x):
        assert np.all(d == 0)
    for d in net.partition_distance(x, x[::-1]):
        assert np.all((d >= 0) & (d <= 1))


def test_theorem2_conditions_name_the_offending_layer():
    net = Network([Dense(np.eye(2), np.zeros(2)), ReLU(), Dense(-np.eye(2), np.zeros(2)), Abs()], (2,))
    ok, reasons = net.theorem2_conditions()
    assert not ok
    assert any("layers[2] (Dense)" in r for r in reasons) and any("layers[3] (Abs)" in r for r in reasons)


# ----------------------------------------------------------------- bad input
def test_input_of_wrong_size_is_a_value_error_naming_x_and_the_shape():
    net = _rng_net()
    with pytest.raises(ValueError, match=r"x must have shape \(N, 16\) or \(N, \*\(1, 4, 4\)\); got shape \(2, 15\)"):
        net.forward(np.zeros((2, 15)))


def test_non_finite_input_is_rejected():
    with pytest.raises(ValueError, match="x must be finite"):
        _rng_net().affine_map(np.full((1, 16), np.nan))


def test_layers_that_do_not_fit_name_the_layer_and_shapes():
    with pytest.raises(ValueError, match=r"layers\[1\] \(Dense\).*needs an input of size D = 3; got input shape \(2,\)"):
        Network([Dense(np.eye(2), np.zeros(2)), Dense(np.ones((1, 3)), np.zeros(1))], (2,))


def test_non_layer_is_a_type_error():
    with pytest.raises(TypeError, match=r"layers\[0\] must be a Layer; got ufunc"):
        Network([np.tanh], (2,))


def test_bad_parameters_name_the_argument():
    with pytest.raises(ValueError, match=r"b must have shape \(K,\)"):
        Dense(np.eye(2), np.zeros(3))
    with pytest.raises(ValueError, match="eta must be a finite real number > 0"):
        LeakyReLU(-1.0)
    with pytest.raises(ValueError, match="chunk_size must be a positive int"):
        _rng_net().affine_map(np.zeros((1, 16)), chunk_size=0)


def test_nothing_the_user_gave_is_modified():
    rng = np.random.default_rng(6)
    W, b = rng.standard_normal((3, 2)), rng.standard_normal(3)
    layers = [Dense(W, b), ReLU(), Dense(rng.standard_normal((1, 3)), np.zeros(1))]
    snapshot = copy.deepcopy(layers)
    W0, b0 = W.copy(), b.copy()
    x = rng.standard_normal((4, 2))
    x0 = x.copy()
    net = Network(layers, (2,))
    net.affine_map(x)
    net.region_codes(x)
    net.certified_radius(x)
    net.to("numpy", "float32")
    assert np.array_equal(x, x0) and np.array_equal(W, W0) and np.array_equal(b, b0)
    for a, s in zip(layers, snapshot):
        assert a.in_shape == s.in_shape
        for k, v in a.arrays().items():
            assert np.array_equal(v, s.arrays()[k])


def test_spec_round_trip_preserves_the_network():
    net = _rng_net()
    net2 = Network.from_spec(net.to_spec())
    x = np.random.default_rng(7).standard_normal((3, 16))
    assert np.allclose(net(x), net2(x))


def test_claims_accept_a_users_own_network_and_inputs():
    from spline_theory import claims

    net = _rng_net()
    x = np.random.default_rng(8).standard_normal((3, 16))
    for cid in ("icml18.thm1", "icml18.sec5.templates", "icml18.sec4.signal_dependent_affine", "icml18.eq15", "report17.eq38"):
        assert claims.get(cid).check(net=net, x=x).status in ("holds", "inconclusive")
    bad = Network([Dense(np.eye(2), np.zeros(2)), ReLU(), Dense(-np.eye(2), np.zeros(2)), ReLU()], (2,))
    assert claims.get("icml18.thm2").check(net=bad, x=np.zeros((1, 2)), y=np.ones((1, 2))).status == "inconclusive"
