"""Benchmark of the MASO core against the GEMM floor measured in the same run.

Every MASO evaluation is one GEMM (x @ A_flat.T, N x D times D x K*R) plus
O(N K R) work; the floor is that GEMM alone. The script prints, for float64
and float32, the best-of-``repeat`` time of each operation, its ratio to the
floor, and the peak extra memory (tracemalloc, which sees NumPy buffers) as a
multiple of the output array of the GEMM.

Run:  python benchmarks/bench_maso.py [--N 1024 --K 512 --R 2 --D 784 --repeat 7]
      python benchmarks/bench_maso.py --backend cupy     (on a GPU machine)
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from spline_theory import MASO, backend


def _best(fn, repeat, sync):
    fn()
    sync()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        sync()
        best = min(best, time.perf_counter() - t0)
    return best


def _peak(fn):
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def run(N, K, R, D, repeat, backend_name):
    xp = backend.namespace(backend_name)
    sync = (lambda: __import__("cupy").cuda.Device().synchronize()) if backend_name == "cupy" else (lambda: None)
    rng = np.random.default_rng(0)
    rows = []
    for dt in ("float64", "float32"):
        d = backend.resolve_dtype(xp, dt)
        A = backend.asarray(rng.standard_normal((K, R, D)), xp, d)
        B = backend.asarray(rng.standard_normal((K, R)), xp, d)
        x = backend.asarray(rng.standard_normal((N, D)), xp, d)
        S = MASO(A, B)
        A_flat_T = xp.matrix_transpose(xp.reshape(A, (K * R, D)))
        floor = _best(lambda: x @ A_flat_T, repeat, sync)
        # affine_at returns A[x] of shape (N, K, D): its own floor is writing that
        # many elements, measured as a gather of K rows per input.
        rows_idx = xp.reshape(xp.broadcast_to(xp.arange(K)[None, :], (N, K)), (N * K,))
        A_k = xp.reshape(A, (K * R, D))[:K, :]
        gather_floor = _best(lambda: xp.take(A_k, rows_idx, axis=0), repeat, sync)
        out_bytes = N * K * R * (8 if dt == "float64" else 4)
        ops = {
            "GEMM floor x @ A^T": lambda: x @ A_flat_T,
            "S(x)": lambda: S(x),
            "region_codes(x)": lambda: S.region_codes(x),
            "gather floor (N,K,D)": lambda: xp.take(A_k, rows_idx, axis=0),
            "affine_at(x)": lambda: S.affine_at(x),
            "vq_matrix(x, 0.5)": lambda: S.vq_matrix(x, 0.5),
            "beta_vq(x, 0.5)": lambda: S.beta_vq(x, 0.5),
        }
        for name, fn in ops.items():
            t = floor if name.startswith("GEMM") else gather_floor if name.startswith("gather") else _best(fn, repeat, sync)
            peak = _peak(fn) / out_bytes if backend_name == "numpy" else float("nan")
            base = gather_floor + floor if name == "affine_at(x)" else floor
            rows.append((dt, name, t * 1e3, t / base, peak))
    print(f"MASO benchmark: N={N} K={K} R={R} D={D}, backend={backend_name}, best of {repeat}")
    print("ratio: time / GEMM floor; for affine_at(x): time / (GEMM floor + gather floor)")
    print(f"{'dtype':8} {'operation':22} {'ms':>9} {'ratio':>8} {'peak mem / GEMM out':>20}")
    for dt, name, ms, ratio, peak in rows:
        print(f"{dt:8} {name:22} {ms:9.2f} {ratio:8.2f} {peak:20.2f}")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--N", type=int, default=1024)
    p.add_argument("--K", type=int, default=512)
    p.add_argument("--R", type=int, default=2)
    p.add_argument("--D", type=int, default=784)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--backend", default="numpy", choices=["numpy", "cupy"])
    a = p.parse_args()
    run(a.N, a.K, a.R, a.D, a.repeat, a.backend)
