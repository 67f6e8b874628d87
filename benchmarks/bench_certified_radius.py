"""Benchmark of the certified radius: the cost of its round-off bound, and how much radius it keeps.

``certified_radius`` takes a rigorous round-off bound off every margin
(:mod:`spline_theory.networks.roundoff`); ``boundary_distance`` is the same
computation without it (the exact-arithmetic distance). For the MLP
(784-512-512-10) and the small CNN of ``bench_network.py`` at batch ``--N``
(default 64), in float64 and float32, the script prints the median of
``--repeat`` interleaved times of both (``_race`` of ``bench_network.py``:
interleaved rounds, each call after a pause, medians), their ratio, and the
distribution of ``certified / exact`` over the inputs (min, median), with the
load average at the start and the end.

It also times the gradient-norm accumulation that guards against underflow
(the margins' gradient norms are accumulated scaled, ``S sqrt(Q)`` with ``S``
the largest entry, as LAPACK's nrm2 does) against the plain
``sqrt(sum(G * G))`` it replaced, on gradient blocks of the MLP's shape,
interleaved, and prints the overhead per call next to the certified radius's time.

Run:  python benchmarks/bench_certified_radius.py [--N 64 --repeat 5 --json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_network import _race, cnn, mlp

from spline_theory.networks.codes import RoundoffWarning


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--N", type=int, default=64)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--json", type=str, default=None)
    a = p.parse_args(argv)
    print(f"load average at start: {os.getloadavg()}")
    rows = []
    for name, make in (("mlp", mlp), ("cnn", cnn)):
        for dtype in ("float64", "float32"):
            rng = np.random.default_rng(0)
            net = make(rng, dtype)
            x = rng.standard_normal((a.N, net.D)).astype(dtype)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RoundoffWarning)
                med = _race({"certified": lambda net=net, x=x: net.certified_radius(x), "exact": lambda net=net, x=x: net.boundary_distance(x)}, a.repeat)
                r, e = net.certified_radius(x), net.boundary_distance(x)
            ok = np.isfinite(e) & (e > 0)
            frac = (r[ok] / e[ok]).astype(np.float64)
            row = {"net": name, "dtype": dtype, "N": a.N, "certified_s": med["certified"], "exact_s": med["exact"],
                   "ratio": med["certified"] / med["exact"], "kept_min": float(frac.min()), "kept_median": float(np.median(frac)),
                   "zero": int((r == 0).sum())}
            rows.append(row)
            print(f"{name:4s} {dtype:8s} N={a.N}: certified {row['certified_s']:.4f} s, exact {row['exact_s']:.4f} s, ratio {row['ratio']:.3f}; "
                  f"certified/exact min {row['kept_min']:.6f} median {row['kept_median']:.9f}; radius 0 for {row['zero']} inputs")
    # the scaled accumulation against the plain one, on blocks shaped like the MLP's margins (N, 512, p columns)
    rng = np.random.default_rng(1)
    G = rng.standard_normal((a.N, 512, 784)).astype(np.float64)

    def plain():
        return np.sqrt(np.sum(G * G, axis=2))

    def scaled():
        S = np.max(np.abs(G), axis=2)
        return S * np.sqrt(np.sum((G / np.where(S > 0, S, 1.0)[..., None]) ** 2, axis=2))

    np.testing.assert_allclose(scaled(), plain(), rtol=1e-12)
    med = _race({"plain": plain, "scaled": scaled}, a.repeat)
    norm_row = {"net": "norms", "dtype": "float64", "N": a.N, "plain_s": med["plain"], "scaled_s": med["scaled"], "ratio": med["scaled"] / med["plain"]}
    rows.append(norm_row)
    print(f"norm accumulation, one (N, 512, 784) block: plain {med['plain']:.4f} s, scaled {med['scaled']:.4f} s, ratio {norm_row['ratio']:.2f} "
          f"(extra {med['scaled'] - med['plain']:.4f} s per block)")
    print(f"load average at end: {os.getloadavg()}")
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
