"""Dataset census (issue 15): exact distinct regions, ids, unit counts, radius histogram, local complexity; NumPy = Dask."""

import json

import numpy as np
import pytest

from spline_theory.census import census
from spline_theory.cli import main
from spline_theory.layers import Conv2d, Dense, Flatten, MaxPool, ReLU
from spline_theory.network import Network
from spline_theory.partition import local_complexity


def _mlp(seed=0):
    rng = np.random.default_rng(seed)
    return Network([Dense(rng.standard_normal((12, 4)), rng.standard_normal(12)), ReLU(), Dense(rng.standard_normal((6, 12)), rng.standard_normal(6)), ReLU(),
                    Dense(rng.standard_normal((2, 6)), rng.standard_normal(2))], (4,))


def _cnn(seed=0):
    rng = np.random.default_rng(seed)
    return Network([Conv2d(rng.standard_normal((2, 1, 3, 3)), rng.standard_normal(2), padding=1), ReLU(), MaxPool(2), Flatten(), Dense(rng.standard_normal((3, 8)), np.zeros(3))], (1, 4, 4))


@pytest.mark.parametrize("make", [_mlp, _cnn])
def test_regions_ids_and_unit_counts_are_exact_and_do_not_depend_on_the_chunking(make):
    net = make()
    x = np.random.default_rng(1).standard_normal((3000, net.D))
    c = census(net, x, chunk_size=700)
    codes = [net.region_codes(x, packed=False)[k] for k in range(len(net.code_layers()))]
    rows = [tuple(np.concatenate([cc[i] for cc in codes]).tolist()) for i in range(x.shape[0])]
    assert c.n_inputs == 3000 and c.n_regions == len(set(rows))
    # same id <=> same region
    first = {}
    for i, r in enumerate(rows):
        first.setdefault(r, c.region_ids[i])
        assert first[r] == c.region_ids[i]
    assert len(set(first.values())) == len(first) and c.region_ids.max() == c.n_regions - 1
    for cc, counts, (_, _, K, R) in zip(codes, c.unit_counts, c.code_layers):
        assert np.array_equal(counts, np.stack([(cc == r).sum(axis=0) for r in range(R)], axis=1))
    again = census(net, x, chunk_size=1234)
    assert again.n_regions == c.n_regions and np.array_equal(again.region_ids, c.region_ids)
    assert np.array_equal(census(net, iter([x[:1000], x[1000:]])).region_ids, c.region_ids)


def test_a_dask_run_is_identical_to_the_numpy_run():
    da = pytest.importorskip("dask.array")
    from spline_theory.distributed import local_client

    net = _mlp()
    x = np.random.default_rng(2).standard_normal((4000, 4))
    edges = [1e-3, 1e-2, 1e-1, 1.0]
    ref = census(net, x, chunk_size=900, radius_edges=edges)
    for run in (lambda: census(net, da.from_array(x, chunks=(500, 4)), radius_edges=edges), None):
        if run is None:
            with local_client(2) as client:
                got = census(net, da.from_array(x, chunks=(777, 4)), radius_edges=edges, client=client)
        else:
            got = run()
        assert got.n_regions == ref.n_regions and np.array_equal(got.region_ids, ref.region_ids)
        assert all(np.array_equal(a, b) for a, b in zip(got.unit_counts, ref.unit_counts))
        assert np.array_equal(got.radius_counts, ref.radius_counts)


def test_radius_histogram_and_local_complexity_per_class():
    net = _mlp()
    x = np.random.default_rng(3).standard_normal((40, 4))
    y = np.arange(40) % 2
    edges = np.array([1e-3, 1e-2, 1e-1])
    c = census(net, x, y=y, chunk_size=16, radius_edges=edges, lc_radius=0.2)
    r = net.certified_radius(x)
    expect = [int((r == 0).sum())] + [int(((r >= lo) & (r < hi)).sum()) for lo, hi in zip([0.0, *edges[:-1]], edges)]
    expect[1] -= expect[0]  # r = 0 is counted in its own bin
    expect.append(int((r >= edges[-1]).sum()))
    assert c.radius_counts.tolist() == expect and c.radius_counts.sum() == 40
    lc = np.array([local_complexity(net, xi, 0.2) for xi in x])
    for label in (0, 1):
        v = lc[y == label]
        assert c.local_complexity[label] == {"n": 20, "mean": float(v.mean()), "median": float(np.median(v)), "max": int(v.max())}


def test_chunks_that_disagree_or_hold_nan_are_named():
    net = _mlp()
    x = np.random.default_rng(4).standard_normal((10, 4))
    with pytest.raises(ValueError, match="chunk 1 has input shape \\(3,\\)"):
        census(net, iter([x, x[:, :3]]))
    with pytest.raises(ValueError, match="chunk 1 has .* dtype float32"):
        census(net, iter([x, x.astype(np.float32)]))
    bad = x.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="chunk 1: .*finite"):
        census(net, iter([x, bad]))
    with pytest.raises(ValueError, match="radius_edges"):
        census(net, x, radius_edges=[0.1, 0.01])
    with pytest.raises(TypeError, match="net must be a Network"):
        census("net", x)


def test_without_dask_the_dask_entry_points_name_the_extra(monkeypatch):
    import sys

    from spline_theory import distributed

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(distributed.DaskUnavailableError, match=r"spline-theory\[dist\]"):
        distributed.local_client(1)


def test_the_census_command_prints_a_json_summary_and_saves_the_ids(tmp_path, capsys):
    (tmp_path / "model.py").write_text(
        "import numpy as np\nfrom spline_theory.layers import Dense, ReLU\nfrom spline_theory.network import Network\n"
        "def make():\n    rng = np.random.default_rng(0)\n"
        "    return Network([Dense(rng.standard_normal((8, 4)), rng.standard_normal(8)), ReLU()], (4,))\n"
    )
    x = np.random.default_rng(5).standard_normal((500, 4))
    np.save(tmp_path / "x.npy", x)
    out = tmp_path / "census.json"
    assert main(["census", f"{tmp_path / 'model.py'}:make", str(tmp_path / "x.npy"), "--chunk-size", "128", "--out", str(out), "--no-progress"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == json.loads(out.read_text()) and summary["n_inputs"] == 500
    ids = np.load(tmp_path / "census.region_ids.npy")
    assert ids.shape == (500,) and ids.max() + 1 == summary["n_regions"]
    np.save(tmp_path / "bad.npy", np.zeros((3,)))
    assert main(["census", f"{tmp_path / 'model.py'}:make", str(tmp_path / "bad.npy")]) == 2
