"""Benchmark of the exact slice partition against dense grid sampling.

For a 2-W-...-W-1 ReLU network (default 2-64-64-64-1, He-initialised weights,
biases N(0, 0.1^2), seed 0) on the square [-1, 1]^2 of its input plane, the
script measures in one run

- ``slice_partition``: the exact partition (every region a convex polygon),
  best of ``--repeat`` runs, regions found and regions per second;
- the grid reference: the network on an ``--grid`` x ``--grid`` grid of cell
  centres, every pre-activation's sign bit-packed into one key per point and
  the distinct keys counted (``np.unique``), written directly in NumPy
  (matrix products, ``np.packbits``) as the fastest grid baseline; the
  library's ``grid_region_codes`` (through ``Network.region_codes``) is timed
  too;
- whether every code the grid sees is a region of the exact partition, and
  the time ratio grid / exact;
- peak Python memory (``tracemalloc``) of both;

then scans widths (depth 3) and depths (width 64) for the exact method.

Run:  python benchmarks/bench_partition.py [--width 64 --depth 3 --grid 1000 --repeat 3]
      python benchmarks/bench_partition.py --quick     (small sizes, a smoke test)
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from spline_theory.layers import Dense, ReLU
from spline_theory.network import Network
from spline_theory.partition import grid_region_codes, slice_partition

E1, E2, X0 = np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.zeros(2)


def relu_mlp(width: int, depth: int, seed: int = 0, dtype: str = "float64") -> Network:
    """A 2-width^depth-1 ReLU network, He initialisation, biases N(0, 0.1^2)."""
    rng = np.random.default_rng(seed)
    layers, d = [], 2
    for _ in range(depth):
        layers += [Dense(rng.standard_normal((width, d)) * np.sqrt(2.0 / d), 0.1 * rng.standard_normal(width)), ReLU()]
        d = width
    layers.append(Dense(rng.standard_normal((1, d)) * np.sqrt(1.0 / d), np.zeros(1)))
    return Network(layers, (2,)).to("numpy", dtype)


def grid_keys(net: Network, n: int, chunk: int = 1 << 16) -> np.ndarray:
    """Bit-packed sign patterns of every ReLU unit at the n x n cell centres of [-1, 1]^2 (a void key per point)."""
    s = -1 + (np.arange(n) + 0.5) * 2 / n
    S, T = np.meshgrid(s, s, indexing="ij")
    pts = np.stack([S.ravel(), T.ravel()], axis=1).astype(net.layers[0].W.dtype)
    dense = [lay for lay in net.layers if isinstance(lay, Dense)][:-1]
    out = []
    for a in range(0, pts.shape[0], chunk):
        z = pts[a : a + chunk]
        bits = []
        for lay in dense:
            z = z @ lay.W.T + lay.b
            on = z > 0
            bits.append(np.packbits(on, axis=1))
            z = np.where(on, z, 0)
        row = np.ascontiguousarray(np.concatenate(bits, axis=1))
        out.append(row.view(np.dtype((np.void, row.shape[1]))).ravel())
    return np.concatenate(out)


def exact_keys(net: Network, part) -> set:
    """The same keys for the regions of the exact partition."""
    bits = [np.packbits(c.astype(bool), axis=1) for c in part.codes]
    row = np.ascontiguousarray(np.concatenate(bits, axis=1))
    return set(row.view(np.dtype((np.void, row.shape[1]))).ravel().tolist())


def timed(fn, repeat: int):
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--grid", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--widths", default="16,32,64,128")
    ap.add_argument("--depths", default="1,2,3,4,5")
    ap.add_argument("--library-grid", action="store_true", help="also time grid_region_codes (Network.region_codes on the grid)")
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    a = ap.parse_args(argv)
    if a.quick:
        a.width, a.depth, a.grid, a.repeat, a.widths, a.depths = 8, 2, 100, 1, "4,8", "1,2"
    net = relu_mlp(a.width, a.depth, dtype=a.dtype)
    label = "-".join(["2"] + [str(a.width)] * a.depth + ["1"])
    t_exact, part = timed(lambda: slice_partition(net, X0, E1, E2), a.repeat)
    t_grid, keys = timed(lambda: np.unique(grid_keys(net, a.grid)), a.repeat)
    missing = len(set(keys.tolist()) - exact_keys(net, part))
    m_exact = peak_mb(lambda: slice_partition(net, X0, E1, E2))
    m_grid = peak_mb(lambda: np.unique(grid_keys(net, a.grid)))
    res = {"network": label, "dtype": a.dtype, "regions": len(part), "grid_regions": int(keys.shape[0]), "missing": missing,
           "t_exact": t_exact, "t_grid": t_grid, "ratio": t_grid / t_exact, "mem_exact_mb": m_exact, "mem_grid_mb": m_grid}
    print(f"{label} ReLU network on [-1, 1]^2, {a.dtype}")
    print(f"  exact slice_partition : {len(part):7d} regions in {t_exact:8.3f} s = {len(part) / t_exact:10.0f} regions/s, peak {m_exact:7.1f} MiB")
    print(f"  grid {a.grid}x{a.grid} (NumPy) : {keys.shape[0]:7d} regions in {t_grid:8.3f} s = {keys.shape[0] / t_grid:10.0f} regions/s, peak {m_grid:7.1f} MiB")
    print(f"  grid regions missing from the exact partition: {missing};  grid time / exact time = {t_grid / t_exact:.1f}x")
    if a.library_grid:
        t_lib, (_, lk) = timed(lambda: grid_region_codes(net, X0, E1, E2, n=a.grid), 1)
        res["t_grid_library"] = t_lib
        print(f"  grid via Network.region_codes (grid_region_codes): {t_lib:.3f} s ({t_lib / t_exact:.1f}x the exact time)")
    print("  scan (exact method): network, regions, time [s], regions/s, peak MiB")
    scan = []
    for w in [int(v) for v in a.widths.split(",") if v]:
        scan.append((w, a.depth))
    for d in [int(v) for v in a.depths.split(",") if v]:
        if (a.width, d) not in scan:
            scan.append((a.width, d))
    res["scan"] = []
    for w, d in scan:
        n2 = relu_mlp(w, d, dtype=a.dtype)
        t, p = timed(lambda: slice_partition(n2, X0, E1, E2), 1)
        m = peak_mb(lambda: slice_partition(n2, X0, E1, E2))
        lab = "-".join(["2"] + [str(w)] * d + ["1"])
        res["scan"].append((lab, len(p), t, m))
        print(f"    {lab:22s} {len(p):8d} {t:9.3f} {len(p) / t:10.0f} {m:8.1f}")
    return res


if __name__ == "__main__":
    main()
