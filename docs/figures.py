"""The figures of the documentation site, drawn from the library (needs matplotlib).

``python docs/figures.py [OUT]`` writes the PNGs into ``docs/figures/`` (or
OUT); ``docs/build_site.py`` calls :func:`make_figures` before the Sphinx build,
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
  refining the one before (icml18 Sec. 7.1, :func:`spline_theory.plot.plot_partition_layers`);
- ``partition_neighbours.png``: nearest neighbours of an image in partition
  distance (icml18 Eq. 15, :func:`spline_theory.plot.plot_partition_neighbours`);
- ``lipschitz.png``: the composition bound of report17 Eq. (72) against the
  measured constant as the weights of a network are scaled
  (:func:`spline_theory.plot.plot_lipschitz_bounds`).

:data:`GALLERY` captions them; :func:`gallery_markdown` writes the gallery page.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "figures"

#: file -> (title, what it shows, the library function that draws it)
GALLERY = {
    "beta_vq_families.png": ("beta-VQ families", "iclr19 Fig. 1: hard, soft and beta-VQ versions of three activations", "spline_theory.plot.plot_beta_vq_families"),
    "templates.png": ("Templates", "an input and its templates $A[x]_c$ (icml18 Sec. 5.2) for a small ReLU network trained on three classes of bars", "spline_theory.plot.plot_templates"),
    "partition.png": ("Partition of the input plane", "the exact partition of the input plane of a 2-16-16-1 ReLU network (icml18 Sec. 7); the decision boundary in red, a colour no region gets", "spline_theory.plot.plot_partition"),
    "partition_layers.png": ("Partition by layer", "the same partition after each ReLU layer: each refines the one before (icml18 Sec. 7.1)", "spline_theory.plot.plot_partition_layers"),
    "partition_neighbours.png": ("Nearest neighbours in partition distance", "an image and its nearest neighbours by the partition distance of icml18 Eq. (15), against the Euclidean ones", "spline_theory.plot.plot_partition_neighbours"),
    "lipschitz.png": ("Lipschitz bound against the measured constant", "report17 Eq. (72)'s product bound and the largest local slope found, as the weights of a bias-free ReLU network are scaled by s: both grow as $s^M$ (report17 Cor. 1)", "spline_theory.plot.plot_lipschitz_bounds"),
}


def gallery_markdown(paths: list[Path]) -> str:
    """The gallery page: every figure drawn for this build, with what it shows and the function that draws it."""
    lines = ["# Gallery", "", "Every figure the library draws, computed on this build by `docs/figures.py` (extra `plot`) from the library's public functions; nothing here is a stored picture.", ""]
    for p in paths:
        title, what, func = GALLERY[p.name]
        lines += [f"## {title}", "", f"![{title}](figures/{p.name})", "", f"{what}. Drawn by `{func}`.", ""]
    return "\n".join(lines)


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
    from spline_theory.plot import plot_lipschitz_bounds, plot_partition_neighbours

    save(plot_partition_neighbours(net, X[0], X[:200], k=5, image_shape=(10, 10)), "partition_neighbours.png")
    rng = np.random.default_rng(1)
    from spline_theory.layers import Dense, ReLU
    from spline_theory.network import Network

    bias_free = Network([Dense(rng.standard_normal((8, 2)), np.zeros(8)), ReLU(), Dense(rng.standard_normal((8, 8)) / 3, np.zeros(8)), ReLU(),
                         Dense(rng.standard_normal((2, 8)) / 3, np.zeros(2))], input_shape=(2,))
    save(plot_lipschitz_bounds(bias_free, [0.25, 0.5, 1.0, 2.0, 4.0], rng.standard_normal((8, 2))).figure, "lipschitz.png")
    assert sorted(p.name for p in written) == sorted(GALLERY), "every figure has its gallery entry"
    return written


if __name__ == "__main__":
    for p in make_figures(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(p)
