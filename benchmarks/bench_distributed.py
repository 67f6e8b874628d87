"""Benchmarks of the Dask entry points: distributed verification and the dataset census.

``verify``: ``spline_theory.verify`` of the whole registry at ``--profile``
(default ``ci``) serially and on an embedded cluster of ``--workers`` (default
2) processes, in alternating rounds (``--rounds``, default 1: a round takes
minutes); prints both times, their ratio, and whether the verdicts agree.

``census``: the census of ``--N`` inputs (default 10^7) of an MLP
64-256-256-10 whose inputs are generated chunk by chunk from a seed (a
``dask.array`` of ``--chunk`` rows per block; never all in memory at once).
Each variant runs in a fresh subprocess, so its peak resident memory
(``ru_maxrss``, of the process and, for the cluster runs, of each worker) is
its own:

- ``numpy``: a plain NumPy loop over the same chunks (generate, the two
  hidden pre-activations by GEMM, their signs bit-packed, unit counts, the
  distinct packed rows of the chunk; one ``np.unique`` over all of them at the
  end): the least work for the same region statistics, without the library;
- ``census``: ``census(net, x)`` on the dask.array with Dask's default
  scheduler (one block at a time, in process);
- ``census-w1`` / ``census-w2``: the same on a local cluster of 1 / 2 worker
  processes (one thread each).

BLAS runs with one thread in every variant (``OPENBLAS_NUM_THREADS=1`` and
friends, as Dask's workers do), so the speed-up of two workers is measured
against one core. The variants alternate in rounds (``--rounds``); the
medians, the ratios to ``numpy`` and the load average are printed.

Run:  python benchmarks/bench_distributed.py verify|census [--N 10000000 --json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ONE_THREAD = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def _mlp():
    import numpy as np

    from spline_theory.layers import Dense, ReLU
    from spline_theory.network import Network

    rng = np.random.default_rng(0)
    dims = [64, 256, 256, 10]
    layers = []
    for i in range(3):
        layers.append(Dense(rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i]), 0.1 * rng.standard_normal(dims[i + 1])))
        if i < 2:
            layers.append(ReLU())
    return Network(layers, (64,))


def _inputs(N, chunk):
    import dask.array as da

    return da.random.default_rng(12345).standard_normal((N, 64), chunks=(chunk, 64))


def _numpy_loop(net, x):
    import numpy as np

    W1, b1, W2, b2 = net.layers[0].W, net.layers[0].b, net.layers[2].W, net.layers[2].b
    counts = [np.zeros(256, np.int64), np.zeros(256, np.int64)]
    pieces = []
    n = 0
    for blk in x.to_delayed().ravel():
        z = blk.compute()
        h1 = z @ W1.T + b1
        on1 = h1 > 0
        h2 = (h1 * on1) @ W2.T + b2
        on2 = h2 > 0
        counts[0] += on1.sum(axis=0)
        counts[1] += on2.sum(axis=0)
        rows = np.ascontiguousarray(np.concatenate([np.packbits(on1, axis=1, bitorder="little"), np.packbits(on2, axis=1, bitorder="little")], axis=1))
        pieces.append(np.unique(rows.view(np.dtype((np.void, rows.shape[1]))).ravel()))
        n += z.shape[0]
    return {"n_inputs": n, "n_regions": int(np.unique(np.concatenate(pieces)).shape[0])}


def _variant(name, N, chunk):
    """Run one census variant in this process; print a JSON line with its time and peak memory."""
    from spline_theory.census import census
    from spline_theory.distributed import local_client

    net = _mlp()
    x = _inputs(N, chunk)
    workers_rss = []
    t0 = time.perf_counter()
    if name == "numpy":
        out = _numpy_loop(net, x)
    elif name == "census":
        c = census(net, x)
        out = {"n_inputs": c.n_inputs, "n_regions": c.n_regions}
    else:
        with local_client(int(name[-1])) as client:
            t0 = time.perf_counter()  # the cluster's start-up is not the census
            c = census(net, x, client=client)
            seconds = time.perf_counter() - t0
            workers_rss = [v for v in client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024).values()]
            client.cluster.close()
        out = {"n_inputs": c.n_inputs, "n_regions": c.n_regions}
        print(json.dumps({"variant": name, "seconds": seconds, "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "workers_peak_rss": workers_rss, **out}))
        return
    seconds = time.perf_counter() - t0
    print(json.dumps({"variant": name, "seconds": seconds, "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "workers_peak_rss": workers_rss, **out}))


def bench_census(a):
    import numpy as np

    env = {**os.environ, **ONE_THREAD}
    names = ["numpy", "census", "census-w1", "census-w2"]
    runs = {k: [] for k in names}
    print(f"load average at start: {os.getloadavg()}")
    for r in range(a.rounds):
        for name in names:
            out = subprocess.run([sys.executable, __file__, "_variant", name, str(a.N), str(a.chunk)], env=env, capture_output=True, text=True, check=False)
            line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
            if out.returncode or not line:
                raise RuntimeError(f"{name} failed: {out.stderr[-2000:]}")
            row = json.loads(line[-1])
            runs[name].append(row)
            mem = row["peak_rss"] / 2**30
            wmem = ", workers " + ", ".join(f"{w / 2**30:.2f}" for w in row["workers_peak_rss"]) if row["workers_peak_rss"] else ""
            print(f"round {r}: {name:10s} {row['seconds']:8.1f} s, peak RSS {mem:.2f} GiB{wmem}, {row['n_regions']} regions of {row['n_inputs']} inputs", flush=True)
    med = {k: float(np.median([x["seconds"] for x in v])) for k, v in runs.items()}
    print(f"load average at end: {os.getloadavg()}")
    for k in names[1:]:
        print(f"{k:10s} / numpy = {med[k] / med['numpy']:.3f}")
    print(f"census-w1 / census-w2 = {med['census-w1'] / med['census-w2']:.3f} (speed-up of 2 workers)")
    agree = len({(x["n_inputs"], x["n_regions"]) for v in runs.values() for x in v}) == 1
    print(f"every variant found the same number of regions: {agree}")
    return {"medians_s": med, "runs": runs, "agree": agree}


def bench_verify(a):
    import spline_theory
    from spline_theory.distributed import local_client

    print(f"load average at start: {os.getloadavg()}")
    times = {"serial": [], "dask": []}
    reports = {}
    for r in range(a.rounds):
        t0 = time.perf_counter()
        reports["serial"] = spline_theory.verify(profile=a.profile)
        times["serial"].append(time.perf_counter() - t0)
        with local_client(a.workers) as client:
            t0 = time.perf_counter()
            reports["dask"] = spline_theory.verify(profile=a.profile, client=client)
            times["dask"].append(time.perf_counter() - t0)
            client.cluster.close()
        print(f"round {r}: serial {times['serial'][-1]:.1f} s, {a.workers} workers {times['dask'][-1]:.1f} s", flush=True)
    import numpy as np

    med = {k: float(np.median(v)) for k, v in times.items()}

    def rows(rep):
        return [{k: v for k, v in x.to_dict().items() if k != "seconds"} for x in rep.verdicts]

    same = rows(reports["serial"]) == rows(reports["dask"])
    print(f"load average at end: {os.getloadavg()}")
    print(f"verify --profile {a.profile}: serial {med['serial']:.1f} s, {a.workers} workers {med['dask']:.1f} s (cluster start not counted), speed-up {med['serial'] / med['dask']:.2f}")
    print(f"identical reports (but for the seconds): {same}; all as expected: {reports['serial'].ok and reports['dask'].ok}")
    return {"medians_s": med, "speedup": med["serial"] / med["dask"], "identical": same}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_variant":
        _variant(argv[1], int(argv[2]), int(argv[3]))
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", choices=["verify", "census"])
    p.add_argument("--N", type=int, default=10_000_000)
    p.add_argument("--chunk", type=int, default=65536)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--profile", default="ci")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--json", default=None)
    a = p.parse_args(argv)
    out = bench_census(a) if a.what == "census" else bench_verify(a)
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
