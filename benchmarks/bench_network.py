"""Benchmark of Network.affine_map against the forward pass, the GEMM floor and torch.func.

For an MLP (784-512-512-10) and a small CNN (conv 3x3 -> ReLU -> max pool 2 ->
dense) at batch ``--N`` (default 1024), in float64 and float32, the script
prints the median of ``--repeat`` interleaved times of

- the forward pass,
- ``affine_map`` (exact A[x] and b[x]; it picks the accumulation order itself,
  default chunk size),
- the GEMM floor, measured in the same run: the layer products alone, with
  the shapes and in the order ``affine_map`` uses them (backward accumulation:
  the first product ``e_c^T W^(L)`` is shared by all inputs, ``C`` rows; every
  later product has ``N C`` rows, one GEMM per affine operator, written to a
  fresh array as ``affine_map`` must). For the CNN the convolution enters as
  the product ``affine_map`` performs, the ``(C_in kh kw, C_out)`` kernel
  applied to every ``(C_out, H_out W_out)`` cotangent in the same row blocks,
  without the col2im scatter-adds that follow it; ``--dense-floor`` also
  times the product with the dense convolution matrix (``D_out x D_in``, far
  more work),
- for the MLP, ``minimal_mlp``: the least NumPy work for A[x] of that one
  network (the floor's products plus the forward GEMMs and one scaling pass
  per ReLU, no b), in the same chunks,
- with PyTorch installed: ``affine_map`` called with the same inputs as a CPU
  tensor (``tensor``; DLPack in and out, the results checked bit for bit
  against the NumPy call), timed in a race of its own against the NumPy call
  (the two alternate, at least 7 rounds; ``ten/np`` is their ratio;
  ``--tensor-only`` runs just this race), and ``torch.func.vmap(jacrev)`` and ``vmap(jacfwd)`` of
  the same model in the same dtype, with ``--threads`` intra-op threads (the
  machine's cores by default, which is also what NumPy's BLAS uses).
  ``vmap(jacfwd)`` pushes D = 784 tangents per input and is tens of times
  slower here; it is timed on the first ``--jacfwd-N`` inputs (default 64,
  once) and scaled linearly to N, marked ``~`` (``--jacfwd-N`` = N times it in
  full),

and the ratios ``affine / floor``, ``affine / best torch.func``,
``affine / minimal`` and ``tensor / numpy``. All but
``vmap(jacfwd)`` are timed in interleaved rounds, each call after an untimed
pause (see ``_race``), so that they see the same background load. Then a
table of the peak memory ``affine_map`` allocates besides its result (NumPy
allocations, traced by tracemalloc) for N in ``--mem-N`` and chunk sizes in
``--mem-chunks``, float64: it is bounded by the chunk size, whatever N.

Run:  python benchmarks/bench_network.py [--N 1024 --repeat 5 --json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # this checkout's package

from spline_theory.layers import Conv2d, Dense, Flatten, MaxPool, ReLU  # noqa: E402
from spline_theory.network import Network  # noqa: E402


PAUSE = 0.3


def _race(fns, repeat, raw=False):
    """Median of ``repeat`` times of each function, timed in interleaved rounds (one warm-up call each first).

    With ``raw``: ``(medians, times)``, the times of every round too.

    Round-robin timing exposes every variant to the same background load, which
    on a shared machine changes over seconds. Each call starts after a pause
    of ``PAUSE`` seconds (not timed): the worker threads of OpenBLAS and of
    torch's OpenMP pool spin for a while after a call, and would otherwise
    compete for the cores with the next variant.
    """
    for fn in fns.values():
        fn()
    times = {k: [] for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            time.sleep(PAUSE)
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    med = {k: float(np.median(v)) for k, v in times.items()}
    return (med, times) if raw else med


def _once(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def mlp(rng, dtype):
    dims = [784, 512, 512, 10]
    layers = []
    for i in range(3):
        layers.append(Dense((rng.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i])).astype(dtype), np.zeros(dims[i + 1], dtype)))
        if i < 2:
            layers.append(ReLU())
    return Network(layers, (784,))


def cnn(rng, dtype):
    return Network(
        [Conv2d((rng.standard_normal((8, 1, 3, 3)) / 3).astype(dtype), np.zeros(8, dtype), padding=1), ReLU(), MaxPool(2), Flatten(),
         Dense((rng.standard_normal((10, 8 * 14 * 14)) / 40).astype(dtype), np.zeros(10, dtype))],
        (1, 28, 28),
    )


def gemm_floor(net, x, dense_conv=False):
    """The layer products of ``affine_map``'s backward accumulation alone, one GEMM per affine operator.

    Rows: ``C`` while the cotangents are shared by all inputs (above the first
    nonlinear operator from the top), ``N C`` after it. A Dense layer is the
    GEMM ``(rows, D_out) @ (D_out, D_in)``; a convolution the kernel product
    ``(C_in kh kw, C_out) @ (rows, C_out, H_out W_out)``, in the row blocks of
    ``Conv2d.COL_BLOCK`` column elements that col2im uses (``dense_conv``: the
    GEMM with its dense ``(D_out, D_in)`` matrix instead).
    """
    if net._cost("forward") <= net._cost("backward"):
        raise ValueError("gemm_floor models the backward accumulation; this network takes the forward one")
    C, n, dt = net.C, x.shape[0], x.dtype
    steps, rows = [], C
    for lay in reversed(net.layers):
        if isinstance(lay, Dense) or (isinstance(lay, Conv2d) and dense_conv):
            steps.append(("gemm", rows, np.asarray(lay._mat(), dtype=dt)))
        elif isinstance(lay, Conv2d):
            C_out, C_in, kh, kw = lay.kernel.shape
            K2t = np.ascontiguousarray(lay.kernel.reshape(C_out, C_in * kh * kw).T, dtype=dt)
            blk = max(1, Conv2d.COL_BLOCK // (C_in * kh * kw * lay.out_shape[1] * lay.out_shape[2]))
            steps.append(("kernel", rows, K2t, lay.out_shape, blk))
        elif lay.kind != "affine":
            rows = n * C
    inputs = [np.ones((s[1], s[2].shape[0]) if s[0] == "gemm" else (s[1], s[3][0], s[3][1] * s[3][2]), dtype=dt) for s in steps]

    def run():
        for s, U in zip(steps, inputs):
            if s[0] == "gemm":
                out = U @ s[2]  # a fresh result, as affine_map's
            else:  # in the row blocks col2im uses
                for r in range(0, U.shape[0], s[4]):
                    out = s[2] @ U[r : r + s[4]]
        return out

    return run


def minimal_mlp(net, x):
    """The least NumPy work for A[x] of a Dense-ReLU-Dense-ReLU-Dense network, written for that network alone.

    Same chunks as ``affine_map``'s default; per chunk: the two forward GEMMs
    with the ReLU masks, the stack ``W3 diag(d2)``, its product with W2 scaled
    by d1 in place, the last product straight into A. No b, no validation, no
    layer dispatch: how close the general implementation comes to what a
    NumPy program must do, the GEMM floor's products included.
    """
    dt = x.dtype
    (W1, b1), (W2, b2), (W3, _) = [(lay.W, lay.b) for lay in net.layers if isinstance(lay, Dense)]
    n_all, D, C, K = x.shape[0], W1.shape[1], W3.shape[0], W2.shape[1]
    c = net.default_chunk_size(C, dt.itemsize)

    def run():
        A = np.empty((n_all, C, D), dt)
        for s in range(0, n_all, c):
            e = min(n_all, s + c)
            n = e - s
            z1 = x[s:e] @ W1.T
            z1 += b1
            d1 = (z1 > 0).astype(dt)
            z1 *= d1
            z2 = z1 @ W2.T
            z2 += b2
            d2 = (z2 > 0).astype(dt)
            V = (np.reshape(W3[None] * d2[:, None, :], (n * C, K)) @ W2).reshape(n, C, K)
            V *= d1[:, None, :]
            np.matmul(V.reshape(n * C, K), W1, out=A[s:e].reshape(n * C, D))
        return A

    return run


def torch_model(net, dtype):
    import torch

    mods = []
    for lay in net.layers:
        name = type(lay).__name__
        if name == "Dense":
            m = torch.nn.Linear(lay.W.shape[1], lay.W.shape[0])
            m.weight.data = torch.from_numpy(np.asarray(lay.W))
            m.bias.data = torch.from_numpy(np.asarray(lay.b))
            mods.append(m)
        elif name == "ReLU":
            mods.append(torch.nn.ReLU())
        elif name == "Conv2d":
            m = torch.nn.Conv2d(lay.kernel.shape[1], lay.kernel.shape[0], lay.kernel.shape[2], padding=lay.padding)
            m.weight.data = torch.from_numpy(np.asarray(lay.kernel))
            m.bias.data = torch.from_numpy(np.asarray(lay.b))
            mods = [torch.nn.Unflatten(1, lay.in_shape)] + mods + [m]
        elif name == "MaxPool":
            mods.append(torch.nn.MaxPool2d(lay.size))
        elif name == "Flatten":
            mods.append(torch.nn.Flatten())
    return torch.nn.Sequential(*mods)


def peak_extra_bytes(net, x, chunk_size):
    """Peak bytes NumPy allocates during ``affine_map(x, chunk_size=...)`` besides the result (A, b) and the input copy."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        A, b = net.affine_map(x, chunk_size=chunk_size)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    return peak - A.nbytes - b.nbytes - x.nbytes


def memory_table(rng, Ns, chunks, out):
    print("\npeak memory of affine_map besides A, b and the copy of x (MiB, float64, tracemalloc);")
    print("stack = chunk * C * tangent_width() elements, the widest cotangent stack of one chunk")
    print(f"{'model':6} {'chunk':>6} {'stack':>8} " + " ".join(f"{'N=' + str(N):>9}" for N in Ns) + f" {'max/stack':>9}")
    for name, build in (("mlp", mlp), ("cnn", cnn)):
        net = build(rng, np.float64)
        net.affine_map(rng.standard_normal((2, net.D)))  # the layers' one-off caches (pooling index tables), independent of N
        width = net.tangent_width()
        for chunk in chunks:
            c = net.default_chunk_size(net.C, 8, columns=False) if chunk is None else chunk
            stack = c * net.C * width * 8
            peaks = [peak_extra_bytes(net, rng.standard_normal((N, net.D)), chunk) for N in Ns]
            label = f"{'None=' if chunk is None else ''}{c}"
            print(f"{name:6} {label:>6} {stack / 2**20:8.1f} " + " ".join(f"{p / 2**20:9.1f}" for p in peaks) + f" {max(peaks) / stack:9.2f}", flush=True)
            out.append({"model": name, "chunk": chunk, "chunk_used": c, "stack_bytes": stack, "N": list(Ns), "peak_extra_bytes": peaks})


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--N", type=int, default=1024)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--jacfwd-N", type=int, default=64, help="inputs vmap(jacfwd) is timed on (scaled to N); 0 skips it")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch intra-op threads (default: the machine's cores, as NumPy's BLAS)")
    p.add_argument("--dense-floor", action="store_true", help="also time the CNN floor with the dense convolution matrix")
    p.add_argument("--mem-N", type=int, nargs="*", default=[256, 1024, 4096])
    p.add_argument("--mem-chunks", type=str, nargs="*", default=["64", "256", "None"])
    p.add_argument("--json", type=str, default=None, help="write the figures to this file")
    p.add_argument("--tensor-only", action="store_true", help="only the race of affine_map on a CPU tensor against the NumPy call")
    args = p.parse_args(argv)
    rng = np.random.default_rng(0)
    try:
        if args.no_torch:
            raise ImportError
        import torch
        from torch.func import jacfwd, jacrev, vmap
    except ImportError:
        torch = None
    else:
        torch.set_num_threads(args.threads)
    try:
        blas = np.show_config("dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:  # older NumPy
        blas = "?"
    tinfo = f", torch {torch.__version__} with {torch.get_num_threads()} threads" if torch is not None else ", no torch"
    print(f"load average {os.getloadavg()[0]:.2f}; numpy {np.__version__} ({blas}), {os.cpu_count()} cores" + tinfo)
    results = {"cores": os.cpu_count(), "N": args.N, "timings": [], "memory": []}
    head = f"{'model':6} {'dtype':8} {'N':>5} {'forward':>9} {'affine':>9} {'aff/fwd':>8} {'floor':>9} {'aff/floor':>9}"
    print(head + f" {'jacrev':>9} {'jacfwd':>10} {'aff/best':>8} {'minimal':>9} {'aff/min':>7} {'tensor':>9} {'ten/np':>6}" + ("  dense-floor" if args.dense_floor else ""))
    for name, build in (("mlp", mlp), ("cnn", cnn)):
        for dtype in (np.float64, np.float32):
            N = args.N
            net = build(rng, dtype)
            x = rng.standard_normal((N, net.D)).astype(dtype)
            fns = {"forward": lambda: net.forward(x), "affine": lambda: net.affine_map(x), "floor": gemm_floor(net, x)}
            if name == "mlp":
                fns["minimal"] = minimal_mlp(net, x)
                A, _ = net.affine_map(x[:8])
                assert np.allclose(minimal_mlp(net, x[:8])(), A, rtol=1e-3, atol=1e-3), "the minimal pipeline differs from affine_map"
            if args.dense_floor:
                fns["dense"] = gemm_floor(net, x, dense_conv=True)
            t_jf = float("nan")
            jf_mark = " "
            if torch is not None:
                model = torch_model(net, dtype)
                xt = torch.from_numpy(x)
                single = lambda v: model(v[None])[0]  # noqa: E731
                fns["jacrev"] = lambda: vmap(jacrev(single))(xt)
                A, _ = net.affine_map(x[:8])
                J = vmap(jacrev(single))(xt[:8]).detach().numpy()
                assert np.allclose(A, J, rtol=1e-3, atol=1e-3), "affine_map differs from torch's Jacobian"
                A_t, b_t = net.affine_map(xt[:64])
                A_n, b_n = net.affine_map(x[:64])
                assert np.array_equal(A_t.numpy(), A_n) and np.array_equal(b_t.numpy(), b_n), "a tensor input changed the result"
            if args.tensor_only:
                fns = {}
            t = _race(fns, args.repeat) if fns else {}
            if torch is not None:
                # The same inputs as a CPU tensor (DLPack in and out) against the NumPy call, alternating
                # the two alone so that both see the same allocator state and load.
                tt = _race({"numpy": lambda: net.affine_map(x), "tensor": lambda: net.affine_map(xt)}, max(args.repeat, 7))
                t["tensor"], t["affine_pair"] = tt["tensor"], tt["numpy"]
            if args.tensor_only:
                print(f"{name:6} {np.dtype(dtype).name:8} {N:5d} numpy {t['affine_pair']:9.4f} tensor {t['tensor']:9.4f} tensor/numpy {t['tensor'] / t['affine_pair']:6.3f}")
                results["timings"].append({"model": name, "dtype": np.dtype(dtype).name, "N": N, "affine": t["affine_pair"], "tensor": t["tensor"]})
                continue
            t_fwd, t_aff, t_floor = t["forward"], t["affine"], t["floor"]
            t_dense, t_rev = t.get("dense", float("nan")), t.get("jacrev", float("nan"))
            t_min = t.get("minimal", float("nan"))
            t_ten = t.get("tensor", float("nan"))
            t_pair = t.get("affine_pair", float("nan"))
            if torch is not None and args.jacfwd_N:
                n_f = min(N, args.jacfwd_N)
                f = vmap(jacfwd(single))
                if n_f == N:
                    t_jf = _race({"jacfwd": lambda: f(xt)}, args.repeat)["jacfwd"]
                else:
                    f(xt[:2])
                    t_jf = _once(lambda: f(xt[:n_f])) * N / n_f
                    jf_mark = "~"
            best = np.nanmin([t_rev, t_jf]) if torch is not None else float("nan")
            row = f"{name:6} {np.dtype(dtype).name:8} {N:5d} {t_fwd:9.4f} {t_aff:9.4f} {t_aff / t_fwd:8.1f} {t_floor:9.4f} {t_aff / t_floor:9.2f}"
            row += f" {t_rev:9.4f} {t_jf:9.3f}{jf_mark} {t_aff / best:8.2f} {t_min:9.4f} {t_aff / t_min:7.2f} {t_ten:9.4f} {t_ten / t_pair:6.3f}"
            print(row + (f"  {t_dense:9.4f}" if args.dense_floor else ""), flush=True)
            results["timings"].append({"model": name, "dtype": np.dtype(dtype).name, "N": N, "forward": t_fwd, "affine": t_aff, "floor": t_floor,
                                       "dense_floor": t_dense, "minimal": t_min, "jacrev": t_rev, "jacfwd": t_jf, "jacfwd_scaled": jf_mark == "~",
                                       "tensor": t_ten, "affine_paired_with_tensor": t_pair})
    results["load_after"] = os.getloadavg()[0]
    print(f"load average {results['load_after']:.2f}")
    if args.mem_N:
        memory_table(rng, args.mem_N, [None if c == "None" else int(c) for c in args.mem_chunks], results["memory"])
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
