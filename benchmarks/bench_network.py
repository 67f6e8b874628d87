"""Benchmark of Network.affine_map against the forward pass, the GEMM floor and torch.func.

For an MLP (784-512-512-10) and a small CNN (conv 3x3 -> ReLU -> max pool 2 ->
dense) at a given batch size, in float64 and float32, the script prints the
best-of-``repeat`` time of

- the forward pass,
- ``affine_map`` (exact A[x] and b[x]; it picks the accumulation order itself),
- the GEMM floor: the products of the layer matrices alone, in the order
  ``affine_map`` uses, on arrays of the same shapes (measured in the same run);
  for the CNN the convolution enters as its dense matrix, while ``affine_map``
  applies it as a transposed convolution (col2im), so it can beat this floor,
- with PyTorch installed: ``torch.func.vmap(jacrev)`` (and with ``--jacfwd``
  ``vmap(jacfwd)``, far slower for D = 784 inputs and 10 outputs) of the same
  model (CPU, ``--torch-threads`` threads),

and the ratios. Peak extra memory of ``affine_map`` is bounded by its
``chunk_size`` argument, whatever the batch size.

Run:  python benchmarks/bench_network.py [--N 1024 --repeat 3 --cnn-N 256]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from spline_theory.layers import Conv2d, Dense, Flatten, MaxPool, ReLU
from spline_theory.network import Network


def _best(fn, repeat):
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


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


def gemm_floor(net, x):
    """The products of the layer matrices alone, in the backward order, as one GEMM per layer."""
    mats = []
    for lay in net.layers:
        if hasattr(lay, "_mat"):
            mats.append(lay._mat())
    C, n = net.C, x.shape[0]

    def run():
        U = np.ones((n * C, mats[-1].shape[0]), dtype=x.dtype)
        for M in reversed(mats):
            if U.shape[-1] != M.shape[0]:
                U = np.ones((n * C, M.shape[0]), dtype=x.dtype)
            U = U @ M  # one GEMM per layer: (N C, D_out) @ (D_out, D_in)
        return U

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


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--N", type=int, default=1024)
    p.add_argument("--cnn-N", type=int, default=256)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--jacfwd", action="store_true", help="also time vmap(jacfwd) (D = 784 tangents: about 100x slower than jacrev here)")
    p.add_argument("--torch-threads", type=int, default=2, help="torch intra-op threads (match the BLAS threads of NumPy)")
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
        torch.set_num_threads(args.torch_threads)
    print(f"{'model':6} {'dtype':8} {'N':>5} {'forward':>9} {'affine':>9} {'aff/fwd':>8} {'floor':>9} {'aff/floor':>9} {'jacrev':>9} {'jacfwd':>9} {'aff/best':>8}")
    for name, build, N in (("mlp", mlp, args.N), ("cnn", cnn, args.cnn_N)):
        for dtype in (np.float64, np.float32):
            net = build(rng, dtype)
            x = rng.standard_normal((N, net.D)).astype(dtype)
            t_fwd = _best(lambda: net.forward(x), args.repeat)
            t_aff = _best(lambda: net.affine_map(x), args.repeat)
            t_floor = _best(gemm_floor(net, x), args.repeat)
            t_rev = t_jf = float("nan")
            if torch is not None:
                model = torch_model(net, dtype)
                xt = torch.from_numpy(x)
                single = lambda v: model(v[None])[0]  # noqa: E731
                t_rev = _best(lambda: vmap(jacrev(single))(xt), args.repeat)
                if args.jacfwd:
                    t_jf = _best(lambda: vmap(jacfwd(single))(xt), args.repeat)
                A, _ = net.affine_map(x[:8])
                J = vmap(jacrev(single))(xt[:8]).detach().numpy()
                assert np.allclose(A, J, rtol=1e-3, atol=1e-3), "affine_map differs from torch's Jacobian"
            best = np.nanmin([t_rev, t_jf]) if torch is not None else float("nan")
            print(flush=True, *[f"{name:6} {np.dtype(dtype).name:8} {N:5d} {t_fwd:9.4f} {t_aff:9.4f} {t_aff / t_fwd:8.1f} {t_floor:9.4f} {t_aff / t_floor:9.2f} {t_rev:9.4f} {t_jf:9.4f} {t_aff / best:8.2f}"])


if __name__ == "__main__":
    main()
