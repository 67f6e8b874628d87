"""The figures of the documentation site, drawn from the library (needs matplotlib).

``python docs/figures.py [OUT]`` writes the PNGs into ``docs/figures/`` (or
OUT); ``docs/build_site.py`` calls :func:`make_figures` before the MkDocs build,
so the pages never show a stale picture. Every figure is computed by the
library's public functions on a fixed seed:

- ``beta_vq_families.png``: iclr19 Fig. 1 (:func:`spline_theory.plot.plot_beta_vq_families`);
- ``templates.png``: an input and its templates :math:`A[x]_{c,\\cdot}` (icml18
  Sec. 5.2) for a small ReLU network trained here on three synthetic classes
  of 10 x 10 images (:func:`spline_theory.plot.plot_templates`);
- ``partition.png``: the exact partition of the input plane of a 2-16-16-1 ReLU
  network with its decision boundary (:func:`spline_theory.partition.slice_partition`,
  :func:`spline_theory.plot.plot_partition`);
- ``partition_layers.png``: the same partition after each ReLU layer, each
  refining the one before (icml18 Sec. 7.1, :func:`spline_theory.plot.plot_partition_layers`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "figures"


def _bars(rng: np.random.Generator, n: int, size: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Three classes of noisy images: a horizontal bar, a vertical bar, a diagonal."""
    X = np.zeros((n, size, size))
    y = rng.integers(0, 3, n)
    pos = rng.integers(2, size - 2, n)
    for i in range(n):
        if y[i] == 0:
            X[i, pos[i], :] = 1.0
        elif y[i] == 1:
            X[i, :, pos[i]] = 1.0
        else:
            k = pos[i] - size // 2
            X[i] = np.eye(size, k=k)
    X += 0.2 * rng.standard_normal(X.shape)
    return X.reshape(n, -1), y


def trained_bar_network(seed: int = 0, steps: int = 300):
    """A 100-32-3 ReLU network trained by plain gradient descent on :func:`_bars` (cross-entropy)."""
    from spline_theory.activations import softmax
    from spline_theory.layers import Dense, ReLU
    from spline_theory.network import Network

    rng = np.random.default_rng(seed)
    X, y = _bars(rng, 600)
    W1 = rng.standard_normal((32, 100)) / 10
    b1 = np.zeros(32)
    W2 = rng.standard_normal((3, 32)) / np.sqrt(32)
    b2 = np.zeros(3)
    Y = np.eye(3)[y]
    for _ in range(steps):
        H = np.maximum(X @ W1.T + b1, 0.0)
        G = (softmax(H @ W2.T + b2, axis=1) - Y) / len(X)  # cross-entropy gradient at the logits
        GH = (G @ W2) * (H > 0)
        W2 -= 0.5 * G.T @ H
        b2 -= 0.5 * G.sum(0)
        W1 -= 0.5 * GH.T @ X
        b1 -= 0.5 * GH.sum(0)
    net = Network([Dense(W1, b1), ReLU(), Dense(W2, b2)], (10, 10))
    accuracy = float((net.forward(X).argmax(1) == y).mean())
    return net, X, y, accuracy


def small_plane_network(seed: int = 0):
    """The 2-16-16-1 ReLU network of docs/partition.md."""
    from spline_theory.layers import Dense, ReLU
    from spline_theory.network import Network

    rng = np.random.default_rng(seed)
    return Network([Dense(rng.standard_normal((16, 2)), 0.3 * rng.standard_normal(16)), ReLU(),
                    Dense(rng.standard_normal((16, 16)) / 4, 0.3 * rng.standard_normal(16)), ReLU(),
                    Dense(rng.standard_normal((1, 16)), np.zeros(1))], input_shape=(2,))


def make_figures(out: Path = OUT) -> list[Path]:
    """Draw every figure into ``out``; return the paths written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from spline_theory.partition import slice_partition
    from spline_theory.plot import plot_beta_vq_families, plot_partition, plot_partition_layers, plot_templates

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(fig, name):
        path = out / name
        tmp = path.with_suffix(".part.png")
        fig.tight_layout()
        fig.savefig(tmp, dpi=110)
        plt.close(fig)
        os.replace(tmp, path)
        written.append(path)

    save(plot_beta_vq_families(), "beta_vq_families.png")
    net, X, y, _ = trained_bar_network()
    save(plot_templates(net, X[int(np.flatnonzero(y == 2)[0])].reshape(10, 10)), "templates.png")
    part = slice_partition(small_plane_network(), np.zeros(2), np.array([1.0, 0.0]), np.array([0.0, 1.0]), (-1.0, 1.0), (-1.0, 1.0))
    save(plot_partition(part).figure, "partition.png")
    save(plot_partition_layers(part), "partition_layers.png")
    return written


if __name__ == "__main__":
    for p in make_figures(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(p)
