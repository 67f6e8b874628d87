"""Operators and their MASOs: direct forward passes against independent references."""

import numpy as np
import pytest
from hypothesis import given
from scipy.signal import correlate

from spline_theory import backend, operators as op
from spline_theory.testing.strategies import activation_instances, conv2d_instances, dense_instances, pooling_instances


def _scipy_conv(z, kernel, b, stride, padding):
    zp = np.pad(z, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = []
    for n in range(z.shape[0]):
        maps = []
        for o in range(kernel.shape[0]):
            full = sum(correlate(zp[n, c], kernel[o, c], mode="valid") for c in range(z.shape[1]))
            maps.append(full[::stride, ::stride] + b[o])
        out.append(maps)
    return np.asarray(out)


@given(inst=conv2d_instances())
def test_conv2d_matches_scipy_correlate(inst):
    got = op.conv2d(inst["z"], inst["kernel"], inst["b"], stride=inst["stride"], padding=inst["padding"])
    np.testing.assert_allclose(got, _scipy_conv(inst["z"], inst["kernel"], inst["b"], inst["stride"], inst["padding"]), rtol=1e-12, atol=1e-12)


@given(inst=conv2d_instances())
def test_conv2d_matrix_times_flat_image_is_the_convolution(inst):
    z = inst["z"]
    C = op.conv2d_matrix(inst["kernel"], z.shape[1:], stride=inst["stride"], padding=inst["padding"])
    zero = np.zeros(inst["kernel"].shape[0])
    direct = op.conv2d(z, inst["kernel"], zero, stride=inst["stride"], padding=inst["padding"]).reshape(z.shape[0], -1)
    np.testing.assert_allclose(z.reshape(z.shape[0], -1) @ C.T, direct, rtol=1e-12, atol=1e-12)


def test_conv2d_does_not_modify_its_input_and_runs_on_array_api_strict():
    import array_api_strict as xs

    rng = np.random.default_rng(0)
    z, k, b = rng.standard_normal((2, 2, 4, 4)), rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3)
    z0 = z.copy()
    ref = op.conv2d(z, k, b, stride=2, padding=1)
    np.testing.assert_array_equal(z, z0)
    got = op.conv2d(xs.asarray(z), xs.asarray(k), xs.asarray(b), stride=2, padding=1)
    np.testing.assert_allclose(backend.to_numpy(got), ref, rtol=1e-12)


@given(inst=dense_instances())
def test_dense_is_w_z_plus_b(inst):
    np.testing.assert_allclose(op.dense(inst["z"], inst["W"], inst["b"]), inst["z"] @ inst["W"].T + inst["b"], rtol=1e-12, atol=1e-12)


@given(inst=activation_instances())
def test_activations_match_their_definitions(inst):
    z = inst["z"]
    expected = {
        "relu": lambda: np.maximum(z, 0),
        "leaky_relu": lambda: np.where(z > 0, z, inst.get("nu", 1.0) * z),
        "absolute_value": lambda: np.abs(z),
        "convex_pwl": lambda: np.max([a * z + b for a, b in zip(inst.get("slopes", []), inst.get("offsets", []))], axis=0),
    }[inst["kind"]]()
    sigma = op.activation(inst["kind"], nu=inst.get("nu"), slopes=inst.get("slopes"), offsets=inst.get("offsets"))
    np.testing.assert_allclose(sigma(z), expected, rtol=1e-12, atol=1e-12)


@given(inst=pooling_instances())
def test_pooling_matches_python_loops(inst):
    z, regions = inst["z"], inst["regions"]
    np.testing.assert_array_equal(op.max_pool(z, regions), np.array([[row[r].max() for r in regions] for row in z]))
    np.testing.assert_allclose(op.avg_pool(z, regions), np.array([[row[r].mean() for r in regions] for row in z]), rtol=1e-12)


def test_spatial_and_channel_regions_cover_the_expected_indices():
    assert op.spatial_pooling_regions(1, 2, 2, size=2) == [[0, 1, 2, 3]]
    assert op.spatial_pooling_regions(1, 3, 3, size=2, stride=1)[1] == [1, 2, 4, 5]
    assert op.channel_pooling_regions(4, 1, 1, group=2) == [[0, 1], [2, 3]]


def test_two_region_maso_recovers_relu_and_not_a_shifted_relu():
    z = np.array([[-2.0, 0.5, 3.0]])
    np.testing.assert_allclose(op.two_region_maso(op.relu, 3)(z), op.relu(z))
    shifted = op.PiecewiseAffineActivation([0.0, 1.0], [0.0, -1.0])
    assert not np.allclose(op.two_region_maso(shifted, 3)(z), shifted(z))


@pytest.mark.parametrize(
    "call, exc, words",
    [
        (lambda: op.conv2d(np.ones((1, 2, 3, 3)), np.ones((1, 3, 2, 2)), np.ones(1)), ValueError, ["kernel", "C_in = 2", "(1, 3, 2, 2)"]),
        (lambda: op.conv2d(np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3)), np.ones(1)), ValueError, ["does not fit"]),
        (lambda: op.conv2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.ones(1), stride=0), ValueError, ["stride"]),
        (lambda: op.conv2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.ones(1), padding=-1), ValueError, ["padding"]),
        (lambda: op.dense(np.ones((2, 3)), np.ones((4, 2)), np.ones(4)), ValueError, ["z", "D = 2"]),
        (lambda: op.dense(np.ones((2, 2)), np.ones((4, 2)), np.ones(3)), ValueError, ["b", "(4,)"]),
        (lambda: op.max_pool(np.ones((1, 4)), [[0, 7]]), ValueError, ["regions[0]", "0..3"]),
        (lambda: op.max_pool(np.ones((1, 4)), []), ValueError, ["regions"]),
        (lambda: op.max_pool(np.ones((1, 4)), [[]]), ValueError, ["regions[0]", "empty"]),
        (lambda: op.leaky_relu(np.ones((1, 2)), -0.5), ValueError, ["nu", "> 0"]),
        (lambda: op.leaky_relu(np.ones((1, 2)), 0.5, form="pytorch"), ValueError, ["form", "'piecewise'", "'max'", "pytorch"]),
        (lambda: op.activation("leaky_relu", nu=0.5, leaky_form="min"), ValueError, ["leaky_form", "min"]),
        (lambda: op.activation_maso("tanh", 3), ValueError, ["kind", "tanh"]),
        (lambda: op.activation_maso("leaky_relu", 3), ValueError, ["nu"]),
        (lambda: op.activation_maso("relu", 0), ValueError, ["D"]),
        (lambda: op.PiecewiseAffineActivation([1.0], []), ValueError, ["slopes", "offsets"]),
        (lambda: op.channel_pooling_regions(3, 1, 1, group=2), ValueError, ["group", "3"]),
    ],
)
def test_operator_errors_name_the_argument(call, exc, words):
    with pytest.raises(exc) as info:
        call()
    for w in words:
        assert w in str(info.value)


def test_leaky_relu_has_both_papers_definitions():
    # report17 Sec. 2 / PyTorch: t if t > 0 else nu t; icml18 Sec. 2: max(nu u, u). Equal for nu <= 1 only.
    t = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])
    for nu in (0.1, 0.5, 1.0):
        np.testing.assert_array_equal(op.leaky_relu(t, nu, form="max"), op.leaky_relu(t, nu))
    nu = 2.0
    np.testing.assert_array_equal(op.leaky_relu(t, nu), [[-4.0, -1.0, 0.0, 0.5, 2.0]])
    np.testing.assert_array_equal(op.leaky_relu(t, nu, form="max"), [[-2.0, -0.5, 0.0, 1.0, 4.0]])
    # icml18's printed R = 2, B = 0 slopes (nu e_k, e_k) give its own leaky ReLU for every nu > 0
    np.testing.assert_array_equal(op.activation_maso("leaky_relu", 5, nu=nu)(t), op.activation("leaky_relu", nu=nu, leaky_form="max")(t))
