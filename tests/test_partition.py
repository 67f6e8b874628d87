"""Exact partitions of 1-D and 2-D input slices (spline_theory.partition), with sabotage rows.

The properties of the issue: every point inside a polygon has the polygon's
region codes and affine map; the polygons tile the rectangle (areas add up, no
overlaps, no gaps); every code a grid sees is found. Each property is a plain
function returning its violations, so the sabotage tests can break the
partition and check that the property then fails.
"""

import copy
import importlib

import numpy as np
import pytest
from hypothesis import given, settings

from spline_theory import claims
from spline_theory.layers import Abs, ChannelMaxPool, Conv2d, Dense, Flatten, Hardtanh, LeakyReLU, Maxout, MaxPool, ReLU, ReLURNN, Residual
from spline_theory.networks.graph import Add, Concat, Graph
from spline_theory.network import Network
from spline_theory.partition import (
    SlicePartition,
    arrangement_upper_bound,
    count_regions_in_ball,
    count_regions_on_segment,
    count_regions_on_slice,
    decision_boundary_segments,
    grid_region_codes,
    local_complexity,
    partition_nearest_neighbours,
    segment_partition,
    slice_partition,
)
from spline_theory.testing.strategies import segment_instances, slice_instances

E1, E2 = np.array([1.0, 0.0]), np.array([0.0, 1.0])


def _net(spec, dtype="float64"):
    return Network.from_spec(spec).to("numpy", dtype)


def _part(inst, dtype="float64"):
    net = _net(inst["net"], dtype)
    dt = np.float32 if dtype == "float32" else np.float64
    return net, slice_partition(net, inst["x0"].astype(dt), inst["u"].astype(dt), inst["v"].astype(dt), inst["s_range"], inst["t_range"])


def _mlp(rng, widths, D=2, act=ReLU, C=1):
    layers, d = [], D
    for w in widths:
        layers += [Dense(rng.standard_normal((w, d)) * 1.3 / np.sqrt(d), 0.3 * rng.standard_normal(w)), act()]
        d = w
    layers.append(Dense(rng.standard_normal((C, d)), rng.standard_normal(C)))
    return Network(layers, (D,))


# ------------------------------------------------------------------ property checks
def _samples_in_polygons(part, per=6, seed=0):
    """Points strictly inside each polygon: random convex combinations pulled towards the vertex mean."""
    rng = np.random.default_rng(seed)
    c = part.interior_points()
    pts, owner = [], []
    for i, poly in enumerate(part.polygons):
        w = rng.dirichlet(np.ones(len(poly)), size=per)
        p = c[i] + 0.9 * (w @ poly - c[i])
        pts.append(p)
        owner += [i] * per
    return np.concatenate(pts).astype(part.vertices.dtype), np.asarray(owner)


def _decidable(net, x):
    """Points whose every unit margin exceeds round-off (1000 eps of the largest feature value there):
    elsewhere the network's own codes are decided by rounding, not by the partition."""
    eps = np.finfo(x.dtype).eps
    scale = np.max(np.stack([np.max(np.abs(z), axis=1) for z in net.feature_maps(x)]), axis=0)
    ok = np.ones(x.shape[0], dtype=bool)
    for m, G in net.region_hyperplanes(x):
        live = (m != 0) | (np.linalg.norm(G, axis=2) > 0)  # the winner's own margin is identically 0
        ok &= ~np.any(live & (np.abs(m) <= 1e3 * eps * scale[:, None]), axis=1)
    return ok


def codes_and_maps_violations(net, part, seed=0):
    """Sampled points whose network codes or outputs differ from their polygon's codes / affine map."""
    st_, owner = _samples_in_polygons(part, seed=seed)
    x = part.to_input(st_)
    eps = np.finfo(part.vertices.dtype).eps
    sure = _decidable(net, x)
    bad = []
    for l, (c_net, c_part) in enumerate(zip(net.region_codes(x, packed=False), part.codes)):
        wrong = np.nonzero(sure & np.any(c_net != c_part[owner], axis=1))[0]
        bad += [("code", l, int(owner[i])) for i in wrong]
    out = net.forward(x)
    pred = np.einsum("ncp,np->nc", part.slopes[owner], st_) + part.offsets[owner]
    scale = net.term_magnitude(x) + np.abs(out)
    wrong = np.nonzero(np.any(np.abs(out - pred) > 1e3 * eps * (scale + 1), axis=1))[0]
    bad += [("map", -1, int(owner[i])) for i in wrong]
    return bad


def tiling_violations(part, n=400, seed=0):
    """Area sum != rectangle area, a non-positive area, or random points in no or several polygons."""
    (s0, s1), (t0, t1) = part.s_range, part.t_range
    area = (s1 - s0) * (t1 - t0)
    eps = np.finfo(part.vertices.dtype).eps
    bad = []
    if abs(float(np.sum(part.areas, dtype=np.float64)) - area) > 1e3 * eps * area:
        bad.append(("area sum", float(np.sum(part.areas)), area))
    if np.any(part.areas <= 0):
        bad.append(("non-positive area", int(np.argmin(part.areas))))
    rng = np.random.default_rng(seed)
    pts = np.stack([rng.uniform(s0, s1, n), rng.uniform(t0, t1, n)], axis=1).astype(part.vertices.dtype)
    cnt = part.count_containing(pts)
    if np.any(cnt == 0):
        bad.append(("gap", int(np.sum(cnt == 0))))
    # A point within round-off of a shared edge is in both polygons up to that tolerance; an
    # overlap is a point farther than the tolerance inside two of them.
    inner = part.count_containing(pts, strict=True)
    if np.any(inner >= 2):
        bad.append(("overlap", int(np.sum(inner >= 2))))
    return bad


def _keys(codes):
    row = np.concatenate([np.asarray(c, dtype=np.int64) for c in codes], axis=1)
    return {tuple(r) for r in row.tolist()}


def grid_violations(net, part, n=40):
    """Codes seen on an n x n grid that no polygon has, or fewer polygons than distinct grid codes."""
    (s0, s1), (t0, t1) = part.s_range, part.t_range
    s = s0 + (np.arange(n) + 0.5) * (s1 - s0) / n
    t = t0 + (np.arange(n) + 0.5) * (t1 - t0) / n
    S, T = np.meshgrid(s, t, indexing="ij")
    st_ = np.stack([S.ravel(), T.ravel()], axis=1).astype(part.vertices.dtype)
    x = part.to_input(st_)
    eps = np.finfo(part.vertices.dtype).eps
    sure = _decidable(net, x)
    grid = _keys([c[sure] for c in net.region_codes(x, packed=False)]) if np.any(sure) else set()
    found = _keys(part.codes)
    bad = [("missing", k) for k in grid - found]
    if len(part) < len(_keys(net.region_codes(x, packed=False))) - int(np.sum(~sure)):
        bad.append(("count", len(part)))
    return bad


def hierarchy_violations(part):
    """A level whose regions do not fill their parents, or whose earlier codes differ from the parent's."""
    bad = []
    for l in range(1, len(part.levels)):
        lv, prev = part.levels[l], part.levels[l - 1]
        from spline_theory.partition import _areas

        sums = np.bincount(lv["parent"], weights=_areas(lv["vertices"], lv["n_vertices"]).astype(np.float64), minlength=prev["n_vertices"].shape[0])
        ref = _areas(prev["vertices"], prev["n_vertices"])
        if np.any(np.abs(sums - ref) > 1e-9 * np.max(ref)):
            bad.append(("children areas", l))
        for j, c in enumerate(prev["codes"]):
            if np.any(lv["codes"][j] != c[lv["parent"]]):
                bad.append(("codes", l, j))
    return bad


# ------------------------------------------------------------------ properties
@given(slice_instances())
@settings(max_examples=40)
def test_points_inside_a_polygon_have_its_codes_and_affine_map(inst):
    net, part = _part(inst)
    assert codes_and_maps_violations(net, part) == []


@given(slice_instances())
@settings(max_examples=40)
def test_polygons_tile_the_rectangle(inst):
    _, part = _part(inst)
    assert tiling_violations(part) == []


@given(slice_instances())
@settings(max_examples=30)
def test_every_grid_code_is_found(inst):
    net, part = _part(inst)
    assert grid_violations(net, part) == []


@given(slice_instances())
@settings(max_examples=30)
def test_each_layer_refines_the_partition_before_it(inst):
    _, part = _part(inst)
    assert hierarchy_violations(part) == []
    counts = [1] + part.region_counts()
    assert counts == sorted(counts)
    assert counts[-1] == len(part)


@given(slice_instances())
@settings(max_examples=25)
def test_float32_partitions_keep_codes_maps_and_tiling(inst):
    net, part = _part(inst, "float32")
    assert part.vertices.dtype == np.float32 and part.slopes.dtype == np.float32
    assert codes_and_maps_violations(net, part) == []
    assert tiling_violations(part) == []


@given(segment_instances())
@settings(max_examples=40)
def test_segment_pieces_have_one_code_and_one_affine_map(inst):
    net = _net(inst["net"])
    seg = segment_partition(net, inst["x0"], inst["x1"])
    tau = seg.breakpoints
    assert tau[0] == 0 and tau[-1] == 1 and np.all(np.diff(tau) > 0)
    full = np.concatenate(seg.codes, axis=1)
    assert np.all(np.any(full[1:] != full[:-1], axis=1)), "adjacent pieces must differ in some code"
    rng = np.random.default_rng(0)
    lam = rng.uniform(0.05, 0.95, (len(seg), 4))
    t = tau[:-1, None] + lam * np.diff(tau)[:, None]
    owner = np.repeat(np.arange(len(seg)), 4)
    x = seg.x0 + t.reshape(-1, 1) * (seg.x1 - seg.x0)
    sure = _decidable(net, x)
    for c_net, c_seg in zip(net.region_codes(x, packed=False), seg.codes):
        assert np.all((c_net == c_seg[owner]).all(axis=1) | ~sure)
    pred = seg.slopes[owner] * t.reshape(-1, 1) + seg.offsets[owner]
    np.testing.assert_allclose(net.forward(x), pred, rtol=1e-9, atol=1e-9 * (1 + np.abs(pred).max()))
    # every code a fine sampling of the segment sees is a piece's code
    xs = seg.x0 + np.linspace(0, 1, 997)[:, None] * (seg.x1 - seg.x0)
    ok = _decidable(net, xs)
    assert _keys([c[ok] for c in net.region_codes(xs, packed=False)]) <= _keys(seg.codes)


@pytest.mark.parametrize("act", [ReLU, Abs, lambda: LeakyReLU(0.2), lambda: LeakyReLU(2.0)])
def test_segment_and_slice_agree_on_the_diagonal(act):
    rng = np.random.default_rng(3)
    net = _mlp(rng, [5, 4], act=act)
    part = slice_partition(net, np.zeros(2), E1, E2)
    seg = segment_partition(net, np.array([-1.0, -1.0]), np.array([1.0, 1.0]))
    st_ = np.stack([2 * seg.midpoints() - 1] * 2, axis=1)
    idx = part.locate(st_)
    for c_seg, c_part in zip(seg.codes, part.codes):
        np.testing.assert_array_equal(c_seg, c_part[idx])


def test_layer_types_max_pooling_maxout_and_conv_are_split_exactly():
    rng = np.random.default_rng(5)
    nets = [
        Network([Maxout(rng.standard_normal((3, 3, 2)), rng.standard_normal((3, 3))), Dense(rng.standard_normal((4, 3)), rng.standard_normal(4)), Abs(), Dense(rng.standard_normal((1, 4)), np.zeros(1))], (2,)),
        Network([Conv2d(rng.standard_normal((4, 1, 2, 2)), rng.standard_normal(4), padding=1), ReLU(), ChannelMaxPool(2), MaxPool(2, 1), Flatten(), Dense(rng.standard_normal((2, 8)), np.zeros(2))], (1, 2, 2)),
    ]
    for net in nets:
        x0, u, v = rng.standard_normal((3, net.D))
        part = slice_partition(net, x0, u, v, (-1.5, 1.5), (-1.0, 1.0))
        assert codes_and_maps_violations(net, part) == []
        assert tiling_violations(part) == []
        assert grid_violations(net, part, n=60) == []


def _graph_network(rng):
    """Residual add, channel concat, Hardtanh and padded max pooling in a Graph block."""
    block = Graph(
        [
            ("c", Conv2d(rng.standard_normal((2, 2, 2, 2)), rng.standard_normal(2), padding=(0, 1, 0, 1)), ["input"]),
            ("r", ReLU(), ["c"]),
            ("s", Add(), ["input", "r"]),
            ("h", Hardtanh(-0.5, 1.0), ["s"]),
            ("cat", Concat(0), ["h", "input"]),
        ]
    )
    return Network(
        [Conv2d(rng.standard_normal((2, 1, 2, 2)), rng.standard_normal(2), padding=1), LeakyReLU(0.3), block, MaxPool(2, 1, padding=1), Flatten(), Dense(rng.standard_normal((2, 64)), np.zeros(2))],
        (1, 2, 2),
    )


def test_graph_blocks_hardtanh_and_padded_pooling_are_split_exactly():
    rng = np.random.default_rng(7)
    net = _graph_network(rng)
    x0, u, v = rng.standard_normal((3, net.D))
    part = slice_partition(net, x0, u, v, (-1.5, 1.5), (-1.0, 1.0))
    assert codes_and_maps_violations(net, part) == []
    assert tiling_violations(part) == []
    assert grid_violations(net, part, n=60) == []
    assert hierarchy_violations(part) == []
    seg = segment_partition(net, x0 - u, x0 + u)
    mid = seg.x0 + seg.midpoints()[:, None] * (seg.x1 - seg.x0)
    for c_net, c_seg in zip(net.region_codes(mid, packed=False), seg.codes):
        np.testing.assert_array_equal(c_net, c_seg)
    np.testing.assert_allclose(net.forward(mid), seg.slopes * seg.midpoints()[:, None] + seg.offsets, rtol=1e-10, atol=1e-10)


def test_region_count_is_at_least_the_grid_count_on_a_wider_network():
    rng = np.random.default_rng(11)
    net = _mlp(rng, [16, 16])
    part = slice_partition(net, np.zeros(2), E1, E2, (-2, 2), (-2, 2))
    _, keys = grid_region_codes(net, np.zeros(2), E1, E2, (-2, 2), (-2, 2), n=200)
    assert len(part) >= len(np.unique(keys))
    assert grid_violations(net, part, n=200) == []
    assert count_regions_on_slice(net, np.zeros(2), E1, E2, (-2, 2), (-2, 2)) == len(part)


def test_neighbours_of_a_line_arrangement_differ_in_exactly_one_unit():
    rng = np.random.default_rng(2)
    net = Network([Dense(rng.standard_normal((6, 2)), 0.5 * rng.standard_normal(6)), ReLU()], (2,))
    part = slice_partition(net, np.zeros(2), E1, E2)
    codes = part.codes[0]
    nb = part.neighbours
    for i in range(len(part)):
        ham = np.sum(codes != codes[i], axis=1)
        np.testing.assert_array_equal(nb[i], np.nonzero(ham == 1)[0])
        for j in nb[i]:
            assert i in part.neighbours[j]


def _dist_to_boundary(p, poly):
    a, b = poly, np.roll(poly, -1, axis=0)
    e = b - a
    lam = np.clip(np.sum((p - a) * e, axis=1) / np.sum(e * e, axis=1), 0, 1)
    return np.min(np.linalg.norm(p - (a + lam[:, None] * e), axis=1))


def test_neighbours_across_layers_share_an_edge_of_positive_length():
    rng = np.random.default_rng(4)
    net = _mlp(rng, [6, 6])
    part = slice_partition(net, np.zeros(2), E1, E2)
    polys = part.polygons
    n_pairs = 0
    for i in range(len(part)):
        for j in part.neighbours[i]:
            assert i in part.neighbours[j]
            pts = [p for p in np.concatenate([polys[i], polys[j]]) if _dist_to_boundary(p, polys[i]) < 1e-9 and _dist_to_boundary(p, polys[j]) < 1e-9]
            span = max(np.linalg.norm(p - q) for p in pts for q in pts) if pts else 0.0
            assert span > 1e-9, (i, j)
            n_pairs += 1
    assert n_pairs >= 2 * (len(part) - 1)  # a connected tiling has at least M - 1 adjacencies


def test_counts_in_balls_and_local_complexity_of_one_layer_match_distances_to_lines():
    rng = np.random.default_rng(7)
    W, b = rng.standard_normal((8, 2)), rng.standard_normal(8)
    net = Network([Dense(W, b), ReLU(), Dense(rng.standard_normal((1, 8)), np.zeros(1))], (2,))
    for x, r in [(np.array([0.1, -0.2]), 0.3), (np.array([0.5, 0.5]), 1.0), (np.array([3.0, 3.0]), 0.05)]:
        crossing = int(np.sum(np.abs(W @ x + b) / np.linalg.norm(W, axis=1) < r))
        assert local_complexity(net, x, r) == crossing
        n = count_regions_in_ball(net, x, r)
        assert 1 + crossing <= n <= arrangement_upper_bound(crossing, 2)
    # D = 1: the ball is an interval, the count that of the segment
    net1 = Network([Dense(np.array([[1.0], [1.0], [-1.0]]), np.array([0.0, -0.5, 2.0])), ReLU()], (1,))
    assert count_regions_in_ball(net1, np.array([0.2]), 1.0) == count_regions_on_segment(net1, np.array([-0.8]), np.array([1.2])) == 3
    assert local_complexity(net1, np.array([0.2]), 1.0) == 2


def test_arrangement_upper_bound_values_and_errors():
    assert [arrangement_upper_bound(n, 2) for n in range(5)] == [1, 2, 4, 7, 11]
    assert arrangement_upper_bound(3, 5) == 8 == 2**3
    assert arrangement_upper_bound(64, 2) == 1 + 64 + 2016
    with pytest.raises(TypeError, match="n_hyperplanes"):
        arrangement_upper_bound(2.0, 2)
    with pytest.raises(ValueError, match="d must be a non-negative"):
        arrangement_upper_bound(2, -1)


def test_decision_boundary_segments_lie_on_the_level_set():
    rng = np.random.default_rng(8)
    for C in (1, 3):
        net = _mlp(rng, [6, 5], C=C)
        # centre the outputs so that the boundary crosses the square
        f = net.forward(rng.uniform(-1, 1, (200, 2)))
        last = net.layers[-1]
        net = net.replace_layer(len(net.layers) - 1, Dense(last.W, last.b - np.median(f, axis=0)))
        part = slice_partition(net, np.zeros(2), E1, E2)
        segs = decision_boundary_segments(part)
        assert segs.shape[1:] == (2, 2) and len(segs) > 0
        x = part.to_input(segs.reshape(-1, 2))
        f = net.forward(x)
        if C == 1:
            np.testing.assert_allclose(f[:, 0], 0, atol=1e-9)
        else:
            top = np.sort(f, axis=1)
            np.testing.assert_allclose(top[:, -1] - top[:, -2], 0, atol=1e-9)


def test_partition_nearest_neighbours_follow_eq15():
    rng = np.random.default_rng(9)
    net = _mlp(rng, [6, 6])
    X = rng.standard_normal((30, 2))
    nn = partition_nearest_neighbours(net, X[0], X, k=5)
    d = net.partition_distance(np.repeat(X[:1], 30, 0), X)
    assert len(nn) == len(d) == 2
    for idx, dl in zip(nn, d):
        assert idx[0] == 0  # the input itself is at distance 0
        assert np.max(dl[idx]) <= np.min(np.delete(dl, idx))
    with pytest.raises(ValueError, match="k must be"):
        partition_nearest_neighbours(net, X[0], X, k=31)


# ------------------------------------------------------------------ bad input
def test_bad_input_raises_clear_errors():
    rng = np.random.default_rng(0)
    net = _mlp(rng, [3])
    with pytest.raises(ValueError, match="linearly independent"):
        slice_partition(net, np.zeros(2), E1, 2 * E1)
    with pytest.raises(ValueError, match="u must be a non-zero"):
        slice_partition(net, np.zeros(2), np.zeros(2), E2)
    with pytest.raises(ValueError, match="v must be a non-zero"):
        slice_partition(net, np.zeros(2), E1, np.zeros(2))
    with pytest.raises(ValueError, match="s_range.*low < high"):
        slice_partition(net, np.zeros(2), E1, E2, (1.0, 1.0))
    with pytest.raises(ValueError, match="positive area"):
        slice_partition(net, np.zeros(2), E1, E2, (0.0, 1e-300))
    with pytest.raises(ValueError, match=r"x0 must have shape \(D,\) = \(2,\)"):
        slice_partition(net, np.zeros(3), E1, E2)
    with pytest.raises(ValueError, match="u must be finite"):
        slice_partition(net, np.zeros(2), np.array([np.nan, 1.0]), E2)
    with pytest.raises(TypeError, match="t_range must be a pair"):
        slice_partition(net, np.zeros(2), E1, E2, (-1, 1), "ab")
    with pytest.raises(ValueError, match="zero length"):
        segment_partition(net, np.ones(2), np.ones(2))
    with pytest.raises(TypeError, match="net must be a spline_theory.network.Network"):
        slice_partition("net", np.zeros(2), E1, E2)
    with pytest.raises(ValueError, match="radius must be positive"):
        local_complexity(net, np.zeros(2), 0.0)
    res = Network([Dense(np.eye(2), np.zeros(2)), Residual([Dense(np.eye(2), np.zeros(2)), ReLU(), Dense(np.eye(2), np.zeros(2))])], (2,))
    with pytest.raises(TypeError, match=r"net.layers\[1\] \(Residual\) is not supported by the slicer"):
        slice_partition(res, np.zeros(2), E1, E2)
    rnn = Network([ReLURNN(np.ones((2, 1)), np.eye(2) * 0.5, np.zeros(2), T=2)], (2, 1))
    with pytest.raises(TypeError, match=r"net.layers\[0\] \(ReLURNN\) is not supported"):
        segment_partition(rnn, np.zeros(2), np.ones(2))


def test_inputs_are_not_mutated_and_other_backends_give_host_results():
    rng = np.random.default_rng(1)
    net = _mlp(rng, [4])
    x0, u, v = np.zeros(2), E1.copy(), E2.copy()
    spec = copy.deepcopy(net.to_spec())
    part = slice_partition(net, x0, u, v)
    np.testing.assert_array_equal(u, E1)
    np.testing.assert_array_equal(v, E2)
    np.testing.assert_array_equal(x0, np.zeros(2))
    for a, b in zip(net.to_spec()["layers"], spec["layers"]):
        for k in a:
            np.testing.assert_array_equal(a[k], b[k])
    strict = net.to("array_api_strict")
    import array_api_strict as xps

    p2 = slice_partition(strict, xps.asarray(x0), xps.asarray(u), xps.asarray(v))
    assert isinstance(p2, SlicePartition) and len(p2) == len(part)
    np.testing.assert_allclose(p2.areas, part.areas)


# ------------------------------------------------------------------ sabotage
def _sample_partition():
    rng = np.random.default_rng(12)
    net = _mlp(rng, [6, 5])
    return net, slice_partition(net, np.zeros(2), E1, E2)


def test_sabotage_wrong_code_is_caught():
    net, part = _sample_partition()
    part.codes[1] = part.codes[1].copy()
    part.codes[1][3, 0] ^= 1
    assert any(b[0] == "code" and b[2] == 3 for b in codes_and_maps_violations(net, part))


def test_sabotage_wrong_affine_map_is_caught():
    net, part = _sample_partition()
    part.offsets = part.offsets.copy()
    part.offsets[5] += 1e-3
    assert ("map", -1, 5) in codes_and_maps_violations(net, part)


def test_sabotage_dropped_polygon_is_caught_by_tiling_and_grid():
    net, part = _sample_partition()
    i = int(np.argmax(part.areas))
    keep = np.arange(len(part)) != i
    cut = SlicePartition(part.x0, part.u, part.v, part.s_range, part.t_range, part.vertices[keep], part.n_vertices[keep], [c[keep] for c in part.codes], part.slopes[keep], part.offsets[keep], part.levels)
    kinds = {b[0] for b in tiling_violations(cut)}
    assert {"area sum", "gap"} <= kinds
    assert any(b[0] == "missing" for b in grid_violations(net, cut))


def test_sabotage_overlapping_polygon_is_caught():
    _, part = _sample_partition()
    V = part.vertices.copy()
    i = int(np.argmax(part.areas))
    c = part.interior_points()[i]
    V[i] = c + 1.5 * (V[i] - c)  # grow one polygon over its neighbours
    grown = SlicePartition(part.x0, part.u, part.v, part.s_range, part.t_range, V, part.n_vertices, part.codes, part.slopes, part.offsets, part.levels)
    kinds = {b[0] for b in tiling_violations(grown, n=2000)}
    assert "overlap" in kinds and "area sum" in kinds


def test_sabotage_broken_hierarchy_is_caught():
    _, part = _sample_partition()
    lv = dict(part.levels[2])
    lv["parent"] = np.roll(lv["parent"], 1)
    levels = part.levels[:2] + [lv]
    broken = SlicePartition(part.x0, part.u, part.v, part.s_range, part.t_range, part.vertices, part.n_vertices, part.codes, part.slopes, part.offsets, levels)
    assert hierarchy_violations(broken) != []


@pytest.fixture
def _no_shrinking(monkeypatch):
    from hypothesis import Phase, settings

    orig = claims.hypothesis_settings
    monkeypatch.setattr(claims, "hypothesis_settings", lambda profile="dev": settings(orig(profile), phases=[Phase.explicit, Phase.reuse, Phase.generate]))


def test_refinement_claim_fails_when_a_level_loses_a_region(monkeypatch, _no_shrinking):
    mod = importlib.import_module("spline_theory.proofs.icml18.sec7_layers_refine_the_partition")
    real = mod.slice_partition

    def lossy(*a, **k):
        p = real(*a, **k)
        lv = dict(p.levels[-1])
        if lv["n_vertices"].shape[0] > 1:  # the last level forgets its first region
            lv = {**lv, "vertices": lv["vertices"][1:], "n_vertices": lv["n_vertices"][1:], "parent": lv["parent"][1:]}
        p.levels = p.levels[:-1] + [lv]
        return p

    monkeypatch.setattr(mod, "slice_partition", lossy)
    v = claims.get("icml18.sec7.refinement").verify(profile="dev", max_examples=30, shrink=False)
    assert v.verdict == "fails"


def test_region_count_claim_fails_with_a_coarser_partition(monkeypatch, _no_shrinking):
    mod = importlib.import_module("spline_theory.proofs.icml18.sec7_relu_layer_region_count")
    real = mod.slice_partition

    def merged(*a, **k):
        p = real(*a, **k)
        counts = p.region_counts()
        p.region_counts = lambda: [max(1, counts[0] - 1)] + counts[1:]  # one region fewer than Euler's count
        return p

    monkeypatch.setattr(mod, "slice_partition", merged)
    v = claims.get("icml18.sec7.relu_layer_region_count").verify(profile="dev", max_examples=30, shrink=False)
    assert v.verdict == "fails"
    monkeypatch.setattr(mod, "slice_partition", real)
    monkeypatch.setattr(mod, "arrangement_upper_bound", lambda n, d: 1)  # a bound no layer that splits can meet
    v = claims.get("icml18.sec7.relu_layer_region_count").verify(profile="dev", max_examples=30, shrink=False)
    assert v.verdict == "fails"


# ------------------------------------------------------------------ pictures
def test_partition_pictures_draw_one_patch_per_region(tmp_path):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from spline_theory.plot import plot_partition, plot_partition_layers, plot_partition_neighbours

    rng = np.random.default_rng(13)
    net = _mlp(rng, [8, 6])
    f = net.forward(rng.uniform(-1, 1, (200, 2)))
    net = net.replace_layer(len(net.layers) - 1, Dense(net.layers[-1].W, net.layers[-1].b - np.median(f, axis=0)))
    part = slice_partition(net, np.zeros(2), E1, E2)
    ax = plot_partition(part)
    assert len(ax.collections[0].get_paths()) == len(part)
    assert len(ax.collections[1].get_segments()) == len(decision_boundary_segments(part)) > 0
    # the decision boundary's colour is one no region gets (nor its light shade)
    from matplotlib.colors import to_rgb

    boundary = np.asarray(to_rgb(ax.collections[1].get_colors()[0]))
    faces = ax.collections[0].get_facecolors()[:, :3]
    assert len(faces) == len(part) > 18  # every colour of the palette in use
    assert np.min(np.abs(faces - boundary).sum(axis=1)) > 0.3
    fig = plot_partition_layers(part)
    assert [len(a.collections[0].get_paths()) for a in fig.axes] == part.region_counts()
    fig.savefig(tmp_path / "layers.png")
    X = rng.standard_normal((40, 2))
    fig = plot_partition_neighbours(net, X[0], X, k=5)
    assert len(fig.axes) == 2 and all(len(a.collections[1].get_offsets()) == 5 for a in fig.axes)
    img_net = Network([Dense(rng.standard_normal((5, 16)), rng.standard_normal(5)), ReLU(), Dense(rng.standard_normal((3, 5)), np.zeros(3)), ReLU()], (16,))
    Xi = rng.standard_normal((20, 16))
    fig = plot_partition_neighbours(img_net, Xi[0], Xi, k=4, image_shape=(4, 4))
    assert len(fig.axes) == 2 * 5 and sum(len(a.images) for a in fig.axes) == 10
    with pytest.raises(TypeError, match="SlicePartition"):
        plot_partition("part")
    plt.close("all")


def test_benchmark_script_runs_and_finds_every_grid_region():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import bench_partition
    finally:
        sys.path.pop(0)
    res = bench_partition.main(["--quick"])
    assert res["missing"] == 0 and res["regions"] >= res["grid_regions"] > 1
    assert [row[0] for row in res["scan"]] == ["2-4-4-1", "2-8-8-1", "2-8-1"]
