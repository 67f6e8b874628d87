r"""Plots of the beta-VQ families of iclr19 Fig. 1 (needs the optional extra ``plot``: matplotlib).

matplotlib is imported inside the functions, so ``import spline_theory``
never needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .activations import beta_vq_pwl
from .backend import namespace

__all__ = ["FIG1_ACTIVATIONS", "beta_vq_curves", "plot_beta_vq_families"]

#: The three panels of Fig. 1 as (title, slopes, offsets) of :math:`\max_r a_r t + b_r`.
FIG1_ACTIVATIONS = (
    ("ReLU", (1.0, 0.0), (0.0, 0.0)),
    ("absolute value", (1.0, -1.0), (0.0, 0.0)),
    ("convex activation", (-0.5, 0.2, 1.5), (-0.5, 0.0, -1.0)),
)


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
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
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
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plot_beta_vq_families needs matplotlib: pip install 'spline-theory[plot]'") from exc
    activations = list(activations)
    if axes is None:
        fig, axes = plt.subplots(1, len(activations), figsize=(4 * len(activations), 3.2), squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(axes)
        if len(axes) != len(activations):
            raise ValueError(f"axes must hold one Axes per activation ({len(activations)}); got {len(axes)}")
        fig = axes[0].figure
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
