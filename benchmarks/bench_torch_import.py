"""Benchmark of from_torch on a ResNet-18-sized model, and of affine_map on imported graphs.

Models: a torchvision-style ResNet-18 (BasicBlocks [2, 2, 2, 2], widths 64 to
512, stem conv 7x7 / 2 and max pool 3 / 2 with padding 1, 10 classes, about
11.2 M parameters), built here, no download, with input 3x32x32; and the
benchmark CNN of ``bench_network.py`` (conv 3x3 -> ReLU -> max pool -> dense,
1x28x28) for the floor ratio.

The script prints, with the load average before and after:

1. ``from_torch`` time on the ResNet (trace, shape propagation, conversion of
   the parameters, the check against ``model(x)``), median of ``--repeat``;
2. for N = ``--N`` (default 64) inputs, float64 and float32, in interleaved
   rounds (each call after an untimed pause) with medians of ``--repeat``:
   ``affine_map`` (backward accumulation, default chunks), the floor, and
   ``torch.func.vmap(jacrev)`` of the same model in the same dtype;
3. the peak memory NumPy allocates in ``affine_map`` besides its result,
   traced by tracemalloc, for several N (float64): bounded by the chunk.

**The floor** (a lower bound on what any chunked reverse accumulation of
these operators costs in NumPy): for every operator of the network, those
inside Graph blocks included, in the chunks ``affine_map`` uses, with
``rows = C`` cotangents above the first nonlinear operator from the top
(shared by all inputs) and ``rows = chunk * C`` below it: the kernel product
of a convolution (the ``(C_in kh kw / g, C_out / g)`` kernel applied to the
``(C_out / g, H_out W_out)`` cotangents, in the row blocks col2im uses) or
the GEMM of a dense layer, plus one pass over the cotangent stack every
operator but an activation returns (writing ``rows x D_in`` elements; the
activations' slopes are folded into the pull below them). No col2im
scatter-add, no max-pool unpooling, no merge.

Run:  python benchmarks/bench_torch_import.py [--N 64 --repeat 5 --json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # this checkout's package
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_network import _race, cnn, peak_extra_bytes  # noqa: E402

from spline_theory.layers import Conv2d, Dense, Hardtanh, _Elementwise  # noqa: E402
from spline_theory.testing.torch_models import resnet  # noqa: E402


def resnet18(torch):
    """ResNet-18 (:func:`spline_theory.testing.torch_models.resnet`) with BatchNorm statistics of a trained model, not the defaults 0 / 1."""
    torch.manual_seed(0)
    model = resnet()
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    return model.eval()


def _operators(net):
    """Every operator of the network in order, the nodes of Graph blocks included (merges excluded)."""
    out = []
    for lay in net.layers:
        subs = lay.sublayers()
        out += [s for s in subs if not getattr(s, "merge", False)] if subs else [lay]
    return out


def floor(net, x):
    """The floor of the module docstring for ``net.affine_map(x)`` (backward accumulation, default chunks)."""
    n, dt, C = x.shape[0], x.dtype, net.C
    chunk = min(n, net.default_chunk_size(C, dt.itemsize, columns=False))
    rows = C
    steps = []
    for lay in reversed(_operators(net)):
        if lay.kind != "affine":
            rows = chunk * C
        if isinstance(lay, (_Elementwise, Hardtanh)):
            continue
        if isinstance(lay, Conv2d):
            C_out, Cg, kh, kw = lay.kernel.shape
            g = lay.groups
            K2t = np.ascontiguousarray(np.swapaxes(lay.kernel.reshape(g, C_out // g, Cg * kh * kw), 1, 2), dtype=dt)
            blk = max(1, Conv2d.COL_BLOCK // (Cg * g * kh * kw * lay.out_shape[1] * lay.out_shape[2]))
            U = np.ones((rows, g, C_out // g, lay.out_shape[1] * lay.out_shape[2]), dtype=dt)
            steps.append(("kernel", K2t, U, blk, lay.D_in, rows))
        elif isinstance(lay, Dense):
            steps.append(("gemm", np.asarray(lay.W, dtype=dt), np.ones((rows, lay.D_out), dtype=dt), 0, lay.D_in, rows))
        else:
            steps.append(("pass", None, None, 0, lay.D_in, rows))
    src = np.ones((chunk * C, max(s[4] for s in steps)), dtype=dt)
    dst = np.empty_like(src)

    def run():
        for _ in range(0, n, chunk):
            for kind, M, U, blk, D_in, rows in steps:
                if kind == "kernel":
                    for r in range(0, rows, blk):
                        M @ U[r : r + blk]
                elif kind == "gemm":
                    U @ M
                np.multiply(src[:rows, :D_in], 1, out=dst[:rows, :D_in])  # one pass over the stack the operator returns

    return run


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--N", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--mem-N", type=int, nargs="*", default=[8, 32, 64])
    ap.add_argument("--json")
    args = ap.parse_args(argv)

    import torch

    from spline_theory.torch_interop import from_torch

    torch.set_num_threads(args.threads)
    results = {"load_before": os.getloadavg(), "N": args.N}
    print(f"load average before: {results['load_before']}")
    model = resnet18(torch)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"ResNet-18: {n_params / 1e6:.2f} M parameters, input 3x32x32, 10 classes")

    rng = np.random.default_rng(0)
    for dtype in ("float64", "float32"):
        tdt = getattr(torch, dtype)
        m = model.to(tdt)
        imp = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            net = from_torch(m, (3, 32, 32))
            imp.append(time.perf_counter() - t0)
        x = rng.standard_normal((args.N, net.D)).astype(dtype)
        xt = torch.from_numpy(x.reshape(args.N, 3, 32, 32))
        jac = torch.func.vmap(torch.func.jacrev(lambda v: m(v[None])[0]))
        fl = floor(net, x)
        med, raw = _race({"affine_map": lambda: net.affine_map(x), "floor": fl, "vmap(jacrev)": lambda: jac(xt)}, args.repeat, raw=True)
        A, _ = net.affine_map(x[:4])
        J = jac(xt[:4]).reshape(4, net.C, -1).detach().numpy()
        err = float(np.max(np.abs(A - J)) / np.max(np.abs(J)))
        row = {
            "import_s": statistics.median(imp),
            **{f"{k}_s": v for k, v in med.items()},
            "affine/floor": med["affine_map"] / med["floor"],
            "affine/jacrev": med["affine_map"] / med["vmap(jacrev)"],
            "ratio_per_round_floor": [a / f for a, f in zip(raw["affine_map"], raw["floor"])],
            "ratio_per_round_jacrev": [a / j for a, j in zip(raw["affine_map"], raw["vmap(jacrev)"])],
            "max_rel_diff_A_vs_jacrev": err,
            "chunk": min(args.N, net.default_chunk_size(net.C, np.dtype(dtype).itemsize, columns=False)),
        }
        results[f"resnet18_{dtype}"] = row
        print(
            f"ResNet-18 {dtype}: import {row['import_s']:.2f} s (median of {args.repeat}); N = {args.N}, chunk {row['chunk']}: "
            f"affine_map {med['affine_map']:.3f} s, floor {med['floor']:.3f} s, vmap(jacrev) {med['vmap(jacrev)']:.3f} s; "
            f"affine/floor {row['affine/floor']:.2f}, affine/jacrev {row['affine/jacrev']:.2f}; max |A - J| / max |J| = {err:.1e}"
        )
    model = model.double()

    for dtype in ("float64", "float32"):
        net = cnn(np.random.default_rng(1), np.dtype(dtype))
        x = rng.standard_normal((1024, net.D)).astype(dtype)
        med, raw = _race({"affine_map": lambda: net.affine_map(x), "floor": floor(net, x)}, args.repeat, raw=True)
        results[f"cnn_{dtype}"] = {"affine_map_s": med["affine_map"], "floor_s": med["floor"], "affine/floor": med["affine_map"] / med["floor"]}
        print(f"benchmark CNN {dtype}, N = 1024: affine_map {med['affine_map']:.3f} s, floor {med['floor']:.3f} s, affine/floor {med['affine_map'] / med['floor']:.2f}")

    net = from_torch(resnet18(torch).double(), (3, 32, 32))
    mem = {}
    for n in args.mem_N:
        x = rng.standard_normal((n, net.D))
        mem[n] = peak_extra_bytes(net, x, None) / 2**20
        print(f"ResNet-18 float64 affine_map peak besides A, b, x: N = {n}: {mem[n]:.1f} MiB")
    results["peak_MiB"] = mem
    results["load_after"] = os.getloadavg()
    print(f"load average after: {results['load_after']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
