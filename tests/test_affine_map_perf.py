"""affine_map's chunked accumulation: exact whatever the chunk size, and memory bounded by the chunk, not the batch.

Each property is a check function returning what it measured; a sabotage test
breaks the code path it guards (the in-place last product, the preallocated
result) and asserts the same check then fails. No timings are asserted here:
``benchmarks/bench_network.py`` measures speed against baselines of the same run.
"""

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spline_theory import backend
from spline_theory import layers as layers_mod
from spline_theory.layers import Conv2d, Dense, Flatten, MaxPool, ReLU
from spline_theory.network import Network
from spline_theory.testing.strategies import network_instances

_ORIG_AFFINE_MAP = Network.affine_map


# ---------------------------------------------------------------- exactness
def chunked_mismatch(net, x, chunk_size, mode="auto"):
    """Largest entry of |A_chunked - A| and |b_chunked - b| relative to the round-off scale of the dtype."""
    A, b = net.affine_map(x, mode=mode)
    A2, b2 = net.affine_map(x, chunk_size=chunk_size, mode=mode)
    A, b, A2, b2 = (backend.to_numpy(v) for v in (A, b, A2, b2))
    assert A2.shape == A.shape and b2.shape == b.shape and A2.dtype == A.dtype and b2.dtype == b.dtype
    eps = np.finfo(A.dtype).eps
    scale = eps * (1 + max(np.abs(A).max(initial=0), np.abs(b).max(initial=0)))
    return max(np.abs(A2 - A).max(initial=0), np.abs(b2 - b).max(initial=0)) / scale


def _dense_chain(rng, dims, relu=True):
    layers = []
    for i in range(len(dims) - 1):
        layers.append(Dense(rng.standard_normal((dims[i + 1], dims[i])), rng.standard_normal(dims[i + 1])))
        if relu and i < len(dims) - 2:
            layers.append(ReLU())
    return Network(layers, (dims[0],))


def _cnn(rng, *, stride=1, padding=1, first_relu=False):
    layers = [ReLU()] if first_relu else []
    layers += [Conv2d(rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3), stride=stride, padding=padding), ReLU(), MaxPool(2), Flatten()]
    net = Network(layers, (2, 8, 8))
    return Network(layers + [Dense(rng.standard_normal((4, net.C)), rng.standard_normal(4))], (2, 8, 8))


_NETS = {
    "mlp": lambda rng: _dense_chain(rng, [6, 9, 3]),
    "cnn_same": lambda rng: _cnn(rng),
    "cnn_strided": lambda rng: _cnn(rng, stride=2, padding=2),
    "cnn_relu_first": lambda rng: _cnn(rng, first_relu=True),  # the last pull carries the slopes of a ReLU
    "no_parameters": lambda rng: Network([ReLU(), MaxPool(2), Flatten()], (2, 4, 4)),  # the namespace comes from x alone
    "affine_only": lambda rng: _dense_chain(rng, [6, 4, 2], relu=False),
}


@pytest.mark.parametrize("name", sorted(_NETS))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_chunked_affine_map_is_the_unchunked_one(xp, name, dtype):
    rng = np.random.default_rng(3)
    net = _NETS[name](rng).to(backend.backend_name(xp), dtype)
    x = xp.asarray(rng.standard_normal((7, net.D)), dtype=getattr(xp, dtype))
    for mode in ("forward", "backward"):
        for chunk in (1, 3, 7):
            assert chunked_mismatch(net, x, chunk, mode) <= 64, (name, mode, chunk)


@settings(max_examples=15)
@given(network_instances(max_N=5), st.integers(1, 5), st.sampled_from(["float64", "float32"]))
def test_chunked_affine_map_is_exact_on_drawn_networks(inst, chunk, dtype):
    x = np.asarray(inst["x"], dtype=dtype)
    net = Network.like(inst["net"], x)
    for mode in ("forward", "backward"):
        assert chunked_mismatch(net, x, chunk, mode) <= 64


def test_affine_map_does_not_modify_its_input():
    rng = np.random.default_rng(4)
    net = _NETS["cnn_relu_first"](rng)
    x = rng.standard_normal((5, net.D))
    x0 = x.copy()
    net.affine_map(x, chunk_size=2)
    assert np.array_equal(x, x0)


def test_sabotage_last_product_without_slopes_is_caught(monkeypatch):
    # pull_into forgets the slopes of the elementwise layer below: only chunked maps change.
    def no_slopes(self, state, U, out, d=None):
        out[...] = self.pull(state, U)

    monkeypatch.setattr(layers_mod.Layer, "pull_into", no_slopes)
    monkeypatch.setattr(layers_mod._Linear, "pull_into", no_slopes)
    monkeypatch.setattr(layers_mod.Conv2d, "pull_into", no_slopes)
    net = _NETS["cnn_relu_first"](np.random.default_rng(3))
    x = np.random.default_rng(5).standard_normal((7, net.D))
    assert chunked_mismatch(net, x, 3, "backward") > 64


def test_sabotage_chunk_written_to_the_wrong_rows_is_caught(monkeypatch):
    def shifted(self, x, *, chunk_size=None, mode="auto"):
        A, b = _ORIG_AFFINE_MAP(self, x, chunk_size=chunk_size, mode=mode)
        if chunk_size is not None:
            A = np.roll(A, 1, axis=0)
        return A, b

    monkeypatch.setattr(Network, "affine_map", shifted)
    net = _NETS["mlp"](np.random.default_rng(3))
    x = np.random.default_rng(5).standard_normal((7, net.D))
    assert chunked_mismatch(net, x, 3) > 64


# ---------------------------------------------------------------- workspace
def _deep_nets(rng):
    """Networks whose backward pass has several products in a row written into the reused buffers."""
    deep_mlp = _dense_chain(rng, [6, 9, 8, 7, 5, 3])
    convs = [Conv2d(rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3), padding=1), ReLU(),
             Conv2d(rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4), stride=2, padding=1), ReLU(),
             Conv2d(rng.standard_normal((2, 4, 2, 2)), rng.standard_normal(2)), ReLU(), Flatten()]
    head = Network(convs, (2, 6, 6))
    three_convs = Network(convs + [Dense(rng.standard_normal((3, head.C)), rng.standard_normal(3))], (2, 6, 6))
    return {"deep_mlp": deep_mlp, "three_convs": three_convs}


def workspace_use(net, x, chunk_size, monkeypatch):
    """``(buffered pulls, pulls that wrote into memory they read)`` during a chunked backward ``affine_map``.

    Every ``pull_into`` is watched: a write into a workspace buffer counts as
    buffered, and any write whose output shares memory with its cotangent
    input counts as an overlap (a pull reading what it is writing).
    """
    from spline_theory import network as network_mod

    seen = {"buffered": 0, "overlap": 0}
    bufs = []
    orig_buffer = network_mod._Workspace.buffer

    def buffer(self, k, shape):
        out = orig_buffer(self, k, shape)
        bufs.append(out)
        return out

    def watch(cls):
        orig = cls.pull_into

        def pull_into(self, state, U, out, d=None):
            if any(np.shares_memory(out, b) for b in bufs):
                seen["buffered"] += 1
            if np.shares_memory(out, U):
                seen["overlap"] += 1
            return orig(self, state, U, out, d)

        monkeypatch.setattr(cls, "pull_into", pull_into)

    monkeypatch.setattr(network_mod._Workspace, "buffer", buffer)
    for cls in (layers_mod._Linear, layers_mod.Conv2d):
        watch(cls)
    net.affine_map(x, chunk_size=chunk_size, mode="backward")
    return seen["buffered"], seen["overlap"]


@pytest.mark.parametrize("name", ["deep_mlp", "three_convs"])
def test_reused_buffers_are_exact_and_never_overlap(name, monkeypatch):
    rng = np.random.default_rng(8)
    net = _deep_nets(rng)[name]
    x = rng.standard_normal((7, net.D))
    for dtype in ("float64", "float32"):
        xd = x.astype(dtype)
        nd = Network.like(net, xd)
        assert chunked_mismatch(nd, xd, 3, "backward") <= 64
    buffered, overlap = workspace_use(net, x, 3, monkeypatch)
    assert buffered >= 2 * 3 and overlap == 0, (buffered, overlap)  # at least two buffered products in each of the 3 chunks


def test_sabotage_one_buffer_for_every_product_is_caught(monkeypatch):
    from spline_theory import network as network_mod

    orig = network_mod._Workspace.buffer
    monkeypatch.setattr(network_mod._Workspace, "buffer", lambda self, k, shape: orig(self, 0, shape))
    net = _deep_nets(np.random.default_rng(8))["deep_mlp"]
    x = np.random.default_rng(9).standard_normal((7, net.D))
    buffered, overlap = workspace_use(net, x, 3, monkeypatch)
    assert overlap > 0, (buffered, overlap)


# ------------------------------------------------------------------- memory
def peak_extra_bytes(net, x, chunk_size):
    """The benchmark's own measurement (``benchmarks/bench_network.py``), so the test checks what it reports."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import bench_network
    finally:
        sys.path.pop(0)
    return bench_network.peak_extra_bytes(net, x, chunk_size)


def memory_growth(net, chunk, Ns, seed=0):
    """Peak extra bytes for each batch size in Ns, and the widest per-chunk tangent stack ``chunk * P * tangent_width()`` in bytes."""
    rng = np.random.default_rng(seed)
    net.affine_map(rng.standard_normal((2, net.D)))  # build the layers' one-off caches (index tables) first
    peaks = [peak_extra_bytes(net, rng.standard_normal((N, net.D)), chunk) for N in Ns]
    P = min(net.D, net.C)
    return peaks, chunk * P * net.tangent_width() * 8


def _memory_bounded(peaks, stack):
    # The batch grows 16x; the peak may not grow beyond a few chunk-sized stacks and a little bookkeeping.
    return max(peaks) <= 4 * stack + 64 * 1024 and peaks[-1] <= peaks[0] + stack // 2 + 64 * 1024


@pytest.mark.parametrize("name", ["mlp_wide", "cnn"])
def test_peak_memory_is_bounded_by_the_chunk_not_the_batch(name):
    rng = np.random.default_rng(6)
    if name == "cnn":
        net = _cnn(rng)
    else:
        net = _dense_chain(rng, [64, 256, 8])
    peaks, stack = memory_growth(net, 8, [32, 512])
    assert _memory_bounded(peaks, stack), (peaks, stack)


def test_sabotage_concatenated_chunks_are_caught(monkeypatch):
    # The former implementation: a list of chunk results and a concat (two copies of A at the peak).
    def concat(self, x, *, chunk_size=None, mode="auto"):
        xb = self._batch(x)
        c = chunk_size or xb.shape[0]
        parts = [_ORIG_AFFINE_MAP(self, xb[s : s + c], chunk_size=c, mode=mode) for s in range(0, xb.shape[0], c)]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    monkeypatch.setattr(Network, "affine_map", concat)
    rng = np.random.default_rng(6)
    net = _dense_chain(rng, [64, 256, 8])
    peaks, stack = memory_growth(net, 8, [32, 512])
    assert not _memory_bounded(peaks, stack), (peaks, stack)
