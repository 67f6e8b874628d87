r"""Plots: the beta-VQ families of iclr19 Fig. 1 and the templates of an input (icml18 Sec. 5.2) (needs the optional extra ``plot``: matplotlib).

matplotlib is imported inside the functions, so ``import spline_theory``
never needs it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ._validation import array_namespace_or_error, as_float_array, is_integer
from .activations import beta_vq_pwl
from .backend import namespace, to_numpy

__all__ = ["FIG1_ACTIVATIONS", "beta_vq_curves", "plot_beta_vq_families", "plot_templates", "template_images"]

#: The three panels of Fig. 1 as (title, slopes, offsets) of :math:`\max_r a_r t + b_r`.
FIG1_ACTIVATIONS = (
    ("ReLU", (1.0, 0.0), (0.0, 0.0)),
    ("absolute value", (1.0, -1.0), (0.0, 0.0)),
    ("convex activation", (-0.5, 0.2, 1.5), (-0.5, 0.0, -1.0)),
)


def _pyplot(name: str) -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(f"{name} needs matplotlib: pip install 'spline-theory[plot]'") from exc
    return plt


def _axes_row(name: str, n: int, axes: Any, panel: tuple[float, float], what: str) -> tuple[Any, list]:
    """(figure, n Axes): ``axes`` checked to hold ``n`` of them, or a new figure with one row of n panels."""
    plt = _pyplot(name)
    if axes is None:
        fig, grid = plt.subplots(1, n, figsize=(panel[0] * n, panel[1]), squeeze=False)
        return fig, list(grid[0])
    axes = list(axes)
    if len(axes) != n:
        raise ValueError(f"axes must hold {what} = {n} Axes; got {len(axes)}")
    return axes[0].figure, axes


def _image_shape(input_shape: tuple, image_shape: Any) -> tuple | None:
    """The 2-D (H, W) or (H, W, 3) shape to draw a template with, or None for a 1-D plot."""
    if image_shape is not None:
        shape = tuple(int(v) for v in image_shape)
        if math.prod(shape) != math.prod(input_shape) or len(shape) not in (2, 3) or (len(shape) == 3 and shape[2] not in (3, 4)):
            raise ValueError(f"image_shape must be (H, W) or (H, W, 3) with H * W (* 3) = {math.prod(input_shape)} (the input size); got {image_shape!r}")
        return shape
    if len(input_shape) == 2:
        return input_shape
    if len(input_shape) == 3 and input_shape[0] == 1:
        return input_shape[1:]
    return None


def _one_input(net: Any, x: Any) -> Any:
    shape = f"({net.D},)" if tuple(net.input_shape) == (net.D,) else f"({net.D},) or {tuple(net.input_shape)}"
    xs = as_float_array(x, "x", shape=shape, ndim=tuple(sorted({1, len(net.input_shape)})), xp=net.xp)
    if tuple(xs.shape) not in ((net.D,), tuple(net.input_shape)):
        raise ValueError(f"x must be one input of shape {shape}; got shape {tuple(xs.shape)}")
    return xs


def template_images(net: Any, x: Any, *, image_shape: Any = None) -> tuple[list, Any, Any]:
    r"""The templates :math:`A[x]_{c,\cdot}` of one input, shaped for display, with their scores.

    Parameters
    ----------
    net : :class:`~spline_theory.network.Network`
    x : array of shape (D,) or ``net.input_shape``
        One input.
    image_shape : tuple, optional
        (H, W) to draw templates as images; default: the input shape when it
        is (H, W) or (1, H, W), else templates stay vectors of length D.

    Returns
    -------
    images : list of C NumPy arrays
        :math:`A[x]_{c,\cdot}` (icml18 Sec. 5.2), reshaped to ``image_shape`` when there is one.
    z : NumPy array of shape (C,)
        The output :math:`z^{(L)}(x)_c = \langle A[x]_{c,\cdot}, x\rangle + b[x]_c`.
    b : NumPy array of shape (C,)
        The template biases :math:`b[x]_c`.
    """
    from .network import Network

    if not isinstance(net, Network):
        raise TypeError(f"net must be a spline_theory Network; got {type(net).__name__}")
    xs = _one_input(net, x)
    X = array_namespace_or_error(xs).reshape(xs, (1, net.D))
    T, t = net.templates(X)
    z = net.forward(X)
    shape = _image_shape(tuple(net.input_shape), image_shape)
    to_np = to_numpy
    images = [to_np(T[0, c, :]).reshape(shape) if shape is not None else to_np(T[0, c, :]) for c in range(T.shape[1])]
    return images, to_np(z[0]).reshape(-1), to_np(t[0]).reshape(-1)


def plot_templates(net: Any, x: Any, *, classes: Sequence[int] | None = None, image_shape: Any = None, axes: Any = None, cmap: str = "RdBu_r") -> Any:
    r"""Draw an input and its templates :math:`A[x]_{c,\cdot}`, one panel per class (icml18 Sec. 5.2).

    The network's output at x is template matching, :math:`z^{(L)}(x)_c =
    \langle A[x]_{c,\cdot}, x\rangle + b[x]_c` (icml18 Eq. (8)-(10)); each panel
    shows one template with a colour scale symmetric about 0 and its score
    :math:`z_c`; the class the network picks is marked.

    Parameters
    ----------
    net : :class:`~spline_theory.network.Network`
    x : array of shape (D,) or ``net.input_shape``
    classes : sequence of int, optional
        The classes to draw (default all C).
    image_shape : tuple, optional
        See :func:`template_images`.
    axes : sequence of matplotlib Axes, optional
        ``len(classes) + 1`` of them (the input first); default a new figure.
    cmap : str, default "RdBu_r"

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ImportError
        matplotlib is not installed (``pip install spline-theory[plot]``).
    ValueError
        A class outside 0..C-1, or the wrong number of axes.
    """
    images, z, _ = template_images(net, x, image_shape=image_shape)
    C = len(images)
    classes = list(range(C)) if classes is None else [int(c) for c in classes]
    bad = [c for c in classes if not 0 <= c < C]
    if bad or not classes:
        raise ValueError(f"classes must be a non-empty list of ints in 0..{C - 1}; got {classes!r}")
    fig, axes = _axes_row("plot_templates", len(classes) + 1, axes, (2.4, 2.6), "len(classes) + 1 (the input first)")
    xin = to_numpy(_one_input(net, x)).reshape(images[0].shape)
    best = int(z.argmax())
    panels = [("input x", xin, "gray")] + [(f"class {c}: z = {z[c]:.3g}" + (" (argmax)" if c == best else ""), images[c], cmap) for c in classes]
    for ax, (title, img, cm) in zip(axes, panels):
        if img.ndim == 1:
            ax.bar(range(img.shape[0]), img, color="tab:blue" if cm != "gray" else "tab:gray")
            ax.axhline(0.0, color="k", lw=0.5)
        else:
            m = float(abs(img).max()) or 1.0
            ax.imshow(img, cmap=cm, vmin=None if cm == "gray" else -m, vmax=None if cm == "gray" else m)
            ax.set_xticks([])
            ax.set_yticks([])
        ax.set_title(title, fontsize="small")
    fig.tight_layout()
    return fig


def beta_vq_curves(slopes: Sequence[float], offsets: Sequence[float], betas: Sequence[float], *, t_range: tuple[float, float] = (-3.0, 3.0), n: int = 401) -> tuple[Any, dict]:
    r"""Samples of the beta-VQ curves :math:`\sigma_\beta(t)` of one activation.

    Parameters
    ----------
    slopes, offsets : sequences of R floats
        The activation :math:`\max_r a_r t + b_r`.
    betas : sequence of floats in [0, 1]
    t_range : (float, float), default (-3, 3)
    n : int, default 401
        Number of samples.

    Returns
    -------
    t : NumPy array of shape (n,)
    curves : dict
        ``{beta: array of shape (n,)}``, :func:`spline_theory.activations.beta_vq_pwl`.

    Examples
    --------
    >>> from spline_theory.plot import beta_vq_curves
    >>> t, c = beta_vq_curves((1.0, 0.0), (0.0, 0.0), [1.0, 0.5], n=3)
    >>> t.tolist(), c[1.0].tolist()
    ([-3.0, 0.0, 3.0], [0.0, 0.0, 3.0])
    """
    lo, hi = (float(v) for v in t_range)
    if not lo < hi:
        raise ValueError(f"t_range must be (low, high) with low < high; got {t_range!r}")
    if not is_integer(n) or n < 2:
        raise ValueError(f"n must be an int >= 2; got {n!r}")
    xp = namespace("numpy")
    t = xp.linspace(lo, hi, n)
    return t, {float(b): beta_vq_pwl(t, slopes, offsets, b) for b in betas}


def plot_beta_vq_families(activations: Sequence[tuple[str, Sequence[float], Sequence[float]]] = FIG1_ACTIVATIONS, *, betas: Sequence[float] = (0.1, 0.3, 0.5, 0.7, 0.9), axes: Any = None, t_range: tuple[float, float] = (-3.0, 3.0)) -> Any:
    r"""Draw iclr19 Fig. 1: for each activation, its HVQ, SVQ and beta-VQ curves.

    Parameters
    ----------
    activations : sequence of (title, slopes, offsets)
        Default :data:`FIG1_ACTIVATIONS` (ReLU, absolute value, a convex activation).
    betas : sequence of floats in (0, 1), default 0.1, 0.3, 0.5, 0.7, 0.9
        The red beta-VQ curves.
    axes : sequence of matplotlib Axes, optional
        One per activation; default a new figure with one row of panels.
    t_range : (float, float)

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ImportError
        matplotlib is not installed (``pip install spline-theory[plot]``).

    Notes
    -----
    As in Fig. 1: solid black :math:`\beta = 1` (HVQ), dashed black
    :math:`\beta = \frac12` (SVQ), red :math:`\beta` in ``betas``;
    :math:`\sigma_\beta(t)=\sum_r \operatorname{softmax}_r(\eta(a_r t+b_r))(a_r t+b_r)`,
    :math:`\eta=\beta/(1-\beta)`.
    """
    activations = list(activations)
    fig, axes = _axes_row("plot_beta_vq_families", len(activations), axes, (4.0, 3.2), "one per activation")
    for ax, (title, slopes, offsets) in zip(axes, activations):
        t, curves = beta_vq_curves(slopes, offsets, [*betas, 0.5, 1.0], t_range=t_range)
        for b in betas:
            ax.plot(t, curves[float(b)], color="tab:red", lw=0.8, alpha=0.4 + 0.6 * float(b))
        ax.plot(t, curves[0.5], "k--", lw=1.5, label="SVQ (beta = 1/2)")
        ax.plot(t, curves[1.0], "k-", lw=1.5, label="HVQ (beta = 1)")
        ax.set_title(title)
        ax.set_xlabel("t")
    axes[0].legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    return fig


# ---- partition pictures (icml18 Sec. 7, Fig. 4) ----
__all__ += ["plot_partition", "plot_partition_layers", "plot_partition_neighbours"]


def _draw_polygons(ax: Any, vertices: Any, n_vertices: Any, colors: Any, *, edgecolor: str = "k", lw: float = 0.3) -> Any:
    from matplotlib.collections import PolyCollection

    polys = [vertices[i, : n_vertices[i]] for i in range(len(n_vertices))]
    coll = PolyCollection(polys, facecolors=colors, edgecolors=edgecolor, linewidths=lw)
    ax.add_collection(coll)
    return coll


#: the colour of decision boundaries; region colours never use it (nor its light shade)
BOUNDARY_COLOR = "tab:red"


def _region_colors(n: int, seed: int = 0) -> Any:
    """``n`` colours of tab20 without its two reds (entries 6, 7), which are kept for the decision boundary."""
    import matplotlib
    import numpy as np

    palette = [i for i in range(20) if i not in (6, 7)]
    perm = np.random.default_rng(seed).permutation(max(n, 1))[:n]
    return matplotlib.colormaps["tab20"](np.asarray([palette[i % len(palette)] for i in perm]) / 19.0)


def plot_partition(part: Any, *, ax: Any = None, decision_boundary: bool = True, seed: int = 0) -> Any:
    r"""Draw a :class:`~spline_theory.partition.SlicePartition`: one coloured polygon per region and the decision boundary.

    Parameters
    ----------
    part : SlicePartition
        From :func:`spline_theory.partition.slice_partition`.
    ax : matplotlib Axes, optional
        Default: a new figure.
    decision_boundary : bool, default True
        Draw :func:`spline_theory.partition.decision_boundary_segments` in
        :data:`BOUNDARY_COLOR` (red, a colour no region gets): :math:`f = 0`
        for one output, the arg max change for several.
    seed : int
        Permutation of the region colours.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` holds one patch per region (icml18 Sec. 7:
        the regions :math:`\omega` of the partition :math:`\Omega`),
        ``ax.collections[1]`` the boundary segments when drawn.
    """
    from .partition import SlicePartition, decision_boundary_segments

    if not isinstance(part, SlicePartition):
        raise TypeError(f"part must be a SlicePartition (from slice_partition); got {type(part).__name__}")
    plt = _pyplot("plot_partition")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    _draw_polygons(ax, part.vertices, part.n_vertices, _region_colors(len(part), seed))
    if decision_boundary:
        from matplotlib.collections import LineCollection

        ax.add_collection(LineCollection(list(decision_boundary_segments(part)), colors=BOUNDARY_COLOR, linewidths=1.5))
    ax.set_xlim(*part.s_range)
    ax.set_ylim(*part.t_range)
    ax.set_aspect("equal")
    ax.set_xlabel("s")
    ax.set_ylabel("t")
    ax.set_title(f"{len(part)} regions")
    return ax


def plot_partition_layers(part: Any, *, axes: Any = None, seed: int = 0) -> Any:
    r"""Draw the partition after each nonlinear operator (the levels of a slice partition), one panel each.

    Each panel refines the one before it (icml18 Sec. 7.1: "as each MASO is
    applied, it subdivides the input space into finer and finer partitions").

    Parameters
    ----------
    part : SlicePartition
    axes : sequence of matplotlib Axes, optional
        One per level after the rectangle (``len(part.levels) - 1``).
    seed : int

    Returns
    -------
    matplotlib.figure.Figure
        Panel l holds one patch per region of level l + 1.
    """
    from .partition import SlicePartition

    if not isinstance(part, SlicePartition):
        raise TypeError(f"part must be a SlicePartition (from slice_partition); got {type(part).__name__}")
    plt = _pyplot("plot_partition_layers")
    levels = part.levels[1:]
    if not levels:
        raise ValueError("the network has no nonlinear operator: the partition has a single level")
    if axes is None:
        fig, axes = plt.subplots(1, len(levels), figsize=(3.2 * len(levels), 3.4), squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(axes)
        if len(axes) != len(levels):
            raise ValueError(f"axes must hold one Axes per level ({len(levels)}); got {len(axes)}")
        fig = axes[0].figure
    for l, (ax, lv) in enumerate(zip(axes, levels), start=1):
        _draw_polygons(ax, lv["vertices"], lv["n_vertices"], _region_colors(lv["n_vertices"].shape[0], seed + l))
        ax.set_xlim(*part.s_range)
        ax.set_ylim(*part.t_range)
        ax.set_aspect("equal")
        ax.set_title(f"layer {l}: {lv['n_vertices'].shape[0]} regions")
    fig.tight_layout()
    return fig


def plot_partition_neighbours(net: Any, x: Any, X: Any, *, k: int = 15, image_shape: Any = None, axes: Any = None) -> Any:
    r"""Nearest neighbours of x among the rows of X under the partition distance of icml18 Eq. (15), per layer (icml18 Fig. 4).

    Parameters
    ----------
    net : Network
    x : array (D,)
    X : array (N, D)
    k : int
        Neighbours per layer (Fig. 4 shows 15).
    image_shape : tuple, optional
        ``(H, W)`` or ``(H, W, 3)``: draw each input as an image, one row per
        layer (x first, then its k neighbours); default for 2-D inputs a
        scatter of X per layer with x and its neighbours marked.
    axes : array of matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        With ``image_shape``: one row per nonlinear operator of ``1 + k``
        images; otherwise one scatter panel per operator.
    """
    import numpy as np

    from .partition import partition_nearest_neighbours

    plt = _pyplot("plot_partition_neighbours")
    nn = partition_nearest_neighbours(net, x, X, k)
    Xh = np.asarray(X, dtype=np.float64)
    xh = np.asarray(x, dtype=np.float64).reshape(-1)
    L = len(nn)
    if image_shape is not None:
        shape = tuple(int(v) for v in image_shape)
        if int(np.prod(shape)) != xh.size:
            raise ValueError(f"image_shape must hold D = {xh.size} values; got {image_shape!r}")
        if axes is None:
            fig, axes = plt.subplots(L, k + 1, figsize=(0.9 * (k + 1), 0.95 * L), squeeze=False)
        else:
            fig = axes[0][0].figure
        for l, idx in enumerate(nn):
            for j, row in enumerate([xh] + [Xh[i] for i in idx]):
                ax = axes[l][j]
                img = row.reshape(shape)
                lo, hi = img.min(), img.max()
                ax.imshow((img - lo) / (hi - lo) if hi > lo else img * 0, cmap=None if img.ndim == 3 else "gray")
                ax.set_xticks([])
                ax.set_yticks([])
            axes[l][0].set_ylabel(f"layer {l + 1}", fontsize="small")
        return fig
    if xh.size != 2:
        raise ValueError(f"without image_shape the inputs must be 2-D points; got D = {xh.size}")
    if axes is None:
        fig, axes = plt.subplots(1, L, figsize=(3.2 * L, 3.2), squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(axes)
        fig = axes[0].figure
    for l, (ax, idx) in enumerate(zip(axes, nn), start=1):
        ax.scatter(Xh[:, 0], Xh[:, 1], s=6, color="0.7")
        ax.scatter(Xh[idx, 0], Xh[idx, 1], s=14, color="tab:blue", label=f"{k} nearest (Eq. 15)")
        ax.scatter([xh[0]], [xh[1]], s=60, marker="*", color="tab:red", label="x")
        ax.set_title(f"layer {l}")
        ax.set_aspect("equal")
    axes[0].legend(loc="upper left", fontsize="x-small")
    fig.tight_layout()
    return fig


__all__ += ["lipschitz_curves", "plot_lipschitz_bounds"]


def lipschitz_curves(net: Any, scales: Sequence[float], starts: Any, *, steps: int = 4) -> dict:
    r"""The composition bound of report17 Eq. (72) and a measured lower bound, for the network with its weights scaled by each ``s``.

    Parameters
    ----------
    net : Network
    scales : sequence of float > 0
        Weight scalings (:func:`spline_theory.lipschitz.scale_weights`).
    starts : array (N, D)
        Starting points of :func:`spline_theory.lipschitz.empirical_lipschitz`.
    steps : int

    Returns
    -------
    dict
        ``"scale"``, ``"bound"`` (:math:`\sqrt{K}` of Eq. (72),
        :func:`~spline_theory.lipschitz.composition_lipschitz`) and
        ``"measured"`` (the largest local slope :math:`\|A[x]\|_2` found,
        :func:`~spline_theory.lipschitz.empirical_lipschitz`), lists of
        floats; ``measured <= bound`` at every scale.
    """
    from .lipschitz import composition_lipschitz, empirical_lipschitz, scale_weights

    out: dict = {"scale": [], "bound": [], "measured": []}
    for s in scales:
        scaled = scale_weights(net, float(s))
        out["scale"].append(float(s))
        out["bound"].append(composition_lipschitz(scaled, squared=False))
        out["measured"].append(empirical_lipschitz(scaled, starts, steps=steps, squared=False))
    return out


def plot_lipschitz_bounds(net: Any, scales: Sequence[float], starts: Any, *, ax: Any = None, steps: int = 4) -> Any:
    r"""Draw the Lipschitz bound of report17 Eq. (72) against the measured constant as the weights are scaled (:func:`lipschitz_curves`).

    With M weight matrices scaled by s, both grow as :math:`s^M` for a
    bias-free network (report17 Cor. 1); the gap between them is the
    looseness of the product bound.

    Returns
    -------
    matplotlib.axes.Axes
        Two lines: ``ax.lines[0]`` the bound, ``ax.lines[1]`` the measured constant.
    """
    curves = lipschitz_curves(net, scales, starts, steps=steps)
    plt = _pyplot("plot_lipschitz_bounds")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    ax.loglog(curves["scale"], curves["bound"], "o-", color="tab:blue", label=r"bound $\sqrt{K}$, report17 Eq. (72)")
    ax.loglog(curves["scale"], curves["measured"], "s--", color="tab:orange", label=r"measured $\max \|A[x]\|_2$")
    ax.minorticks_off()
    ax.set_xticks(curves["scale"], [f"{v:g}" for v in curves["scale"]])
    ax.set_xlabel("weight scale s")
    ax.set_ylabel("Lipschitz constant")
    ax.legend()
    return ax
