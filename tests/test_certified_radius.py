"""The certified radius is certified in the working dtype (issue 18): no input inside it is coded differently.

Inputs are drawn near a region boundary (moved from a random point towards its
nearest boundary until a fraction ``10^-k`` of the radius is left), where
float32 round-off decides codes; points inside the new radius, on random
directions and just inside its sphere, must keep every region code.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spline_theory.network import Network
from spline_theory.networks.layers import Dense, ReLU
from spline_theory.testing.strategies import network_instances


def _codes_kept(net, x, r, rng, samples=48):
    """Indices of inputs with a point strictly inside their certified ball whose codes differ from theirs."""
    codes = net.region_codes(x, packed=False)
    bad = []
    for k in range(samples):
        u = rng.standard_normal(x.shape)
        u /= np.linalg.norm(u, axis=1, keepdims=True)
        frac = np.full(x.shape[0], 0.999) if k % 2 else rng.uniform(0.0, 1.0, x.shape[0])
        y = (x + (frac * r)[:, None] * u).astype(x.dtype)
        inside = np.linalg.norm(y.astype(np.float64) - x.astype(np.float64), axis=1) < r.astype(np.float64)
        differ = np.zeros(x.shape[0], dtype=bool)
        for c0, c1 in zip(codes, net.region_codes(y, packed=False)):
            differ |= (c0 != c1).any(axis=1)
        bad += [i for i in np.flatnonzero(differ & inside)]
    return sorted(set(bad))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@given(inst=network_instances(), digits=st.integers(3, 8), seed=st.integers(0, 2**31 - 1))
def test_points_inside_the_certified_ball_keep_their_codes_near_boundaries(dtype, inst, digits, seed):
    net = Network.from_spec(inst["net"]).to("numpy", dtype)
    rng = np.random.default_rng(seed)
    x = inst["x"].astype(dtype)
    r, d = net.certified_radius(x, return_direction=True)
    go = np.isfinite(r) & (r > 0)
    x = np.where(go[:, None], x + (np.where(go, r, 0.0) * (1 - 10.0**-digits))[:, None] * d, x).astype(dtype)
    r = net.certified_radius(x)
    r = np.where(np.isfinite(r), r, 1.0).astype(dtype)
    assert not _codes_kept(net, x, r, rng)


def test_float32_radius_is_smaller_than_the_exact_distance_by_the_round_off_only():
    # a two-layer ReLU network: the float32 radius is below the float64 one by a small fraction
    rng = np.random.default_rng(0)
    layers = [Dense(rng.standard_normal((32, 8)), rng.standard_normal(32)), ReLU(), Dense(rng.standard_normal((3, 32)), rng.standard_normal(3))]
    x = rng.standard_normal((20, 8))
    r64 = Network(layers, (8,)).certified_radius(x)
    r32 = Network(layers, (8,)).to("numpy", "float32").certified_radius(x.astype(np.float32))
    assert np.all(r32 <= r64 * (1 + 1e-6)) and np.all(r32 >= 0.9 * r64)


def test_an_input_on_a_boundary_has_radius_zero_in_both_dtypes():
    W = np.array([[1.0, -1.0], [0.5, 2.0]])
    layers = [Dense(W, np.zeros(2)), ReLU(), Dense(np.ones((1, 2)), np.zeros(1))]
    x = np.array([[0.3, 0.3], [0.1, 0.7]])  # the first lies on x1 = x2, the boundary of unit 0
    for dt in ("float64", "float32"):
        r = Network(layers, (2,)).to("numpy", dt).certified_radius(x.astype(dt))
        assert r[0] == 0 and r[1] > 0


def test_a_radius_the_round_off_bound_wipes_out_is_zero_and_warned_about():
    from spline_theory.networks.codes import RoundoffWarning

    layers = [Dense(np.array([[1.0, -1.0]]), np.zeros(1)), ReLU()]
    x = np.array([[1.0, 1.0 - 2.0**-20]])  # the margin is 2^-20 (exact in float32), below float32's bound for terms of size 2
    with pytest.warns(RoundoffWarning, match="1 input"):
        r32 = Network(layers, (2,)).to("numpy", "float32").certified_radius(x.astype(np.float32))
    assert r32[0] == 0 and Network(layers, (2,)).to("numpy", "float32").boundary_distance(x.astype(np.float32))[0] > 0
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", RoundoffWarning)
        r64 = Network(layers, (2,)).certified_radius(x)
    assert r64[0] == pytest.approx(2.0**-20 / np.sqrt(2), rel=1e-9)


@pytest.mark.parametrize("dtype, w", [("float32", 1.66e-32), ("float64", 1e-170)])
def test_tiny_gradients_do_not_underflow_to_an_infinite_radius(dtype, w):
    # the squared gradient (w**2) underflows to 0 in the dtype; the scaled norm still sees the boundary at x = 1/w
    net = Network.like({"input_shape": [1], "layers": [{"type": "Dense", "W": [[w]], "b": [-1.0]}, {"type": "ReLU"}]}, np.zeros((1, 1), dtype=dtype))
    x = np.zeros((1, 1), dtype=dtype)
    r = float(net.certified_radius(x)[0])
    assert np.isfinite(r) and 0.99 / w <= r <= 1.0 / w
