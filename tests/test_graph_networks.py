"""Graph networks (networks.graph.Graph): every Network capability on DAG blocks; single inputs; chunked radii."""

import tracemalloc

import numpy as np
import pytest

from spline_theory.layers import AvgPool, Conv2d, Dense, Flatten, Hardtanh, LeakyReLU, MaxPool, ReLU, Scale
from spline_theory.network import Network
from spline_theory.networks.graph import Add, Concat, Graph


def _conv(rng, ci, co, k, **kw):
    return Conv2d(rng.normal(size=(co, ci // kw.get("groups", 1), k, k)), rng.normal(size=co), **kw)


def _graph_net(seed=0):
    rng = np.random.default_rng(seed)
    block = Graph(
        [
            ("c1", _conv(rng, 4, 4, 3, padding=1), ["input"]),
            ("r", ReLU(), ["c1"]),
            ("c2", _conv(rng, 4, 4, 3, padding=(1, 1, 1, 1), groups=2), ["r"]),
            ("d", _conv(rng, 4, 4, 1), ["input"]),
            ("s", Add(), ["c2", "d"]),
            ("h", Hardtanh(0.0, 6.0), ["s"]),
            ("cat", Concat(0), ["h", "input"]),
            ("cat2", Concat(2), ["cat", "cat"]),
            ("sc", Scale(np.array([0.5])), ["cat2"]),
        ]
    )
    layers = [
        _conv(rng, 2, 4, 3, padding=1, stride=(1, 2)),
        LeakyReLU(0.2),
        block,
        MaxPool(3, 2, padding=1),
        AvgPool(2, 1, padding=1, count_include_pad=False),
        Flatten(),
        Dense(rng.normal(size=(3, 160)), rng.normal(size=3)),
    ]
    return Network(layers, (2, 6, 8))


def test_graph_affine_map_is_exact_in_both_directions():
    net = _graph_net()
    x = np.random.default_rng(1).normal(size=(5, net.D))
    A, b = net.affine_map(x, mode="backward")
    A2, b2 = net.affine_map(x, mode="forward")
    z = net.forward(x)
    assert np.allclose(A, A2, rtol=1e-12, atol=1e-12) and np.allclose(b, b2, rtol=1e-12, atol=1e-12)
    assert np.allclose(np.einsum("ncd,nd->nc", A, x) + b, z, rtol=1e-12, atol=1e-11)
    h = 1e-6
    E = np.eye(net.D)
    J = np.stack([(net.forward(x + h * E[i]) - net.forward(x - h * E[i])) / (2 * h) for i in range(net.D)], axis=-1)
    assert np.max(np.abs(J - A)) < 1e-6 * max(1.0, np.abs(A).max())


def test_graph_spec_round_trip_and_dtype_conversion():
    net = _graph_net()
    x = np.random.default_rng(2).normal(size=(3, net.D))
    again = Network.from_spec(net.to_spec())
    assert np.array_equal(again.forward(x), net.forward(x))
    net32 = net.to("numpy", "float32")
    assert net32.forward(x.astype(np.float32)).dtype == np.float32


def test_certified_radius_on_a_graph_is_sound():
    net = _graph_net()
    rng = np.random.default_rng(3)
    x = rng.normal(size=(6, net.D))
    r = net.certified_radius(x)
    codes = net.region_codes(x, packed=False)
    for _ in range(5):
        u = rng.normal(size=x.shape)
        u /= np.linalg.norm(u, axis=1, keepdims=True)
        y = x + 0.9 * r[:, None] * u
        for c0, c1 in zip(codes, net.region_codes(y, packed=False)):
            assert np.array_equal(c0, c1)
    # the radius is tight: just beyond it along the returned direction some code changes
    r, d = net.certified_radius(x, return_direction=True)
    far = net.region_codes(x + 1.5 * r[:, None] * d, packed=False)
    assert all(any(not np.array_equal(c0[i], c1[i]) for c0, c1 in zip(codes, far)) for i in range(x.shape[0]))


def test_single_input_drops_the_batch_axis():
    net = _graph_net()
    x = np.random.default_rng(4).normal(size=(1, net.D))
    for one in (x[0], x[0].reshape(net.input_shape)):
        assert np.array_equal(net.forward(one), net.forward(x)[0])
        A, b = net.affine_map(one)
        A1, b1 = net.affine_map(x)
        assert A.shape == (net.C, net.D) and np.array_equal(A, A1[0]) and np.array_equal(b, b1[0])
        assert np.array_equal(net.certified_radius(one), net.certified_radius(x)[0])
        assert all(np.array_equal(c, c1[0]) for c, c1 in zip(net.region_codes(one), net.region_codes(x)))
        T, t = net.templates(one)
        assert T.shape == (net.C, net.D) and t.shape == (net.C,)


def test_certified_radius_runs_in_chunks_with_memory_flat_in_the_batch():
    rng = np.random.default_rng(5)
    net = Network([_conv(rng, 3, 8, 3, padding=1), ReLU(), _conv(rng, 8, 8, 3, padding=1), ReLU(), MaxPool(2), Flatten(), Dense(rng.normal(size=(4, 8 * 8 * 8)), rng.normal(size=4))], (3, 16, 16))
    x = rng.normal(size=(6, net.D))
    whole = net.certified_radius(x, chunk_size=6)
    for cs in (1, 4, None):  # other chunks sum the squared gradient norms over other column blocks: round-off only
        assert np.allclose(net.certified_radius(x, chunk_size=cs), whole, rtol=1e-12, atol=0)
    peaks = []
    for n in (2, 6):
        tracemalloc.start()
        net.certified_radius(x[:n])
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    bound = 4 * Network.CHUNK_BYTES  # a few tangent stacks of the chunk, independent of N
    assert max(peaks) <= bound, peaks


@pytest.mark.parametrize(
    "nodes, pattern",
    [
        ([("a", ReLU(), ["b"])], r"inputs \['b'\] must be 'input' or names of earlier nodes"),
        ([("a", ReLU(), ["input"]), ("a", ReLU(), ["a"])], r"node names must be unique"),
        ([("a", ReLU(), ["input", "input"])], r"ReLU reads one input; got 2"),
    ],
)
def test_bad_graphs_are_refused(nodes, pattern):
    with pytest.raises(ValueError, match=pattern):
        Graph(nodes)


def test_merges_of_unfit_shapes_are_refused():
    g = Graph([("f", Flatten(), ["input"]), ("s", Add(), ["input", "f"])])
    with pytest.raises(ValueError, match=r"graph node 's' \(Add\) does not fit its input\(s\).*Add needs inputs of one shape"):
        Network([g], (2, 3))
