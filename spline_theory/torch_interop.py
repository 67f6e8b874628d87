r"""Import PyTorch models as spline networks (optional extra ``torch``).

:func:`from_torch` converts an ``nn.Sequential`` (nested ones are flattened)
of the supported modules into a :class:`~spline_theory.network.Network` with
the same forward pass:

==============================  ==============================================
PyTorch                         spline_theory layer
==============================  ==============================================
``nn.Linear``                   :class:`~spline_theory.layers.Dense`
``nn.Conv2d``                   :class:`~spline_theory.layers.Conv2d` (groups = 1,
                                dilation 1, square stride, symmetric zero padding)
``nn.ReLU``                     :class:`~spline_theory.layers.ReLU`
``nn.LeakyReLU``                :class:`~spline_theory.layers.LeakyReLU` (slope > 0; 0 is ReLU)
``nn.MaxPool2d``                :class:`~spline_theory.layers.MaxPool` (square, no padding)
``nn.AvgPool2d``                :class:`~spline_theory.layers.AvgPool` (square, no padding)
``nn.AdaptiveAvgPool2d(1)``     :class:`~spline_theory.layers.GlobalAvgPool` (+ a
                                flatten-free (C, 1, 1) output shape)
``nn.Flatten``                  :class:`~spline_theory.layers.Flatten`
``nn.BatchNorm1d/2d`` (eval)    :class:`~spline_theory.layers.BatchNorm`
``nn.Identity``                 dropped
:func:`Residual` (this module)  :class:`~spline_theory.layers.Residual`
==============================  ==============================================

Parameters are copied (``detach().cpu()``): the model is not modified.
"""

from __future__ import annotations

from typing import Any

from . import backend as _backend
from .layers import (
    AvgPool,
    BatchNorm,
    Conv2d,
    Dense,
    Flatten,
    GlobalAvgPool,
    LeakyReLU,
    MaxPool,
    ReLU,
)
from .layers import Residual as _SplineResidual
from .network import Network

__all__ = ["from_torch", "Residual"]

_RESIDUAL_CLASS = None


def _torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - exercised without torch
        raise ImportError("from_torch needs PyTorch: pip install 'spline-theory[torch]' (CPU build: torch==2.13.0)") from exc
    return torch


def Residual(*modules: Any) -> Any:
    """A PyTorch residual block ``x -> x + branch(x)`` that :func:`from_torch` understands.

    Parameters
    ----------
    *modules : torch.nn.Module
        The branch, applied in order (an ``nn.Sequential``); its output must
        have the shape of its input.

    Returns
    -------
    torch.nn.Module
        With attribute ``branch`` (the ``nn.Sequential``).

    Examples
    --------
    >>> import torch  # doctest: +SKIP
    >>> block = Residual(torch.nn.Linear(4, 4), torch.nn.ReLU(), torch.nn.Linear(4, 4))  # doctest: +SKIP
    """
    global _RESIDUAL_CLASS
    torch = _torch()
    if _RESIDUAL_CLASS is None:

        class SplineResidual(torch.nn.Module):
            """x + branch(x) (spline_theory.torch_interop.Residual)."""

            def __init__(self, *mods):
                super().__init__()
                self.branch = torch.nn.Sequential(*mods)

            def forward(self, x):
                return x + self.branch(x)

        _RESIDUAL_CLASS = SplineResidual
    return _RESIDUAL_CLASS(*modules)


def _np(t: Any) -> Any:
    return t.detach().cpu().double().numpy().copy()


def _pair(v: Any, name: str, what: str) -> int:
    if isinstance(v, (tuple, list)):
        if len(set(v)) != 1:
            raise ValueError(f"{name}: only square {what} is supported; got {tuple(v)}")
        v = v[0]
    return int(v)


def _convert(mod: Any, name: str, torch: Any) -> list:
    nn = torch.nn
    if _RESIDUAL_CLASS is not None and isinstance(mod, _RESIDUAL_CLASS):
        return [_SplineResidual([lay for i, m in enumerate(mod.branch) for lay in _convert(m, f"{name}.branch.{i}", torch)])]
    if isinstance(mod, nn.Sequential):
        return [lay for i, m in enumerate(mod) for lay in _convert(m, f"{name}.{i}" if name else str(i), torch)]
    if isinstance(mod, nn.Identity):
        return []
    if isinstance(mod, nn.Linear):
        b = _np(mod.bias) if mod.bias is not None else _np(torch.zeros(mod.out_features))
        return [Dense(_np(mod.weight), b)]
    if isinstance(mod, nn.Conv2d):
        if mod.groups != 1 or _pair(mod.dilation, name, "dilation") != 1:
            raise ValueError(f"{name} (Conv2d): only groups = 1 and dilation = 1 are supported; got groups = {mod.groups}, dilation = {mod.dilation}")
        if isinstance(mod.padding, str) or mod.padding_mode != "zeros":
            raise ValueError(f"{name} (Conv2d): only integer zero padding is supported; got padding = {mod.padding!r}, padding_mode = {mod.padding_mode!r}")
        b = _np(mod.bias) if mod.bias is not None else _np(torch.zeros(mod.out_channels))
        return [Conv2d(_np(mod.weight), b, stride=_pair(mod.stride, name, "stride"), padding=_pair(mod.padding, name, "padding"))]
    if isinstance(mod, nn.ReLU):
        return [ReLU()]
    if isinstance(mod, nn.LeakyReLU):
        eta = float(mod.negative_slope)
        if eta == 0:
            return [ReLU()]
        if eta < 0:
            raise ValueError(f"{name} (LeakyReLU): negative_slope must be >= 0; got {eta}")
        return [LeakyReLU(eta)]
    if isinstance(mod, (nn.MaxPool2d, nn.AvgPool2d)):
        kind = type(mod).__name__
        if _pair(mod.padding, name, "padding") != 0 or mod.ceil_mode:
            raise ValueError(f"{name} ({kind}): padding and ceil_mode are not supported; got padding = {mod.padding}, ceil_mode = {mod.ceil_mode}")
        if isinstance(mod, nn.MaxPool2d) and (_pair(mod.dilation, name, "dilation") != 1 or mod.return_indices):
            raise ValueError(f"{name} (MaxPool2d): dilation and return_indices are not supported")
        size = _pair(mod.kernel_size, name, "kernel")
        stride = _pair(mod.stride if mod.stride is not None else size, name, "stride")
        return [(MaxPool if isinstance(mod, nn.MaxPool2d) else AvgPool)(size, stride)]
    if isinstance(mod, nn.AdaptiveAvgPool2d):
        out = mod.output_size
        out = out if isinstance(out, (tuple, list)) else (out, out)
        if tuple(out) != (1, 1):
            raise ValueError(f"{name} (AdaptiveAvgPool2d): only output_size = 1 is supported; got {mod.output_size!r}")
        return [_GlobalAvgPoolKeepDims()]
    if isinstance(mod, nn.Flatten):
        if mod.start_dim != 1 or mod.end_dim != -1:
            raise ValueError(f"{name} (Flatten): only start_dim = 1, end_dim = -1 is supported")
        return [Flatten()]
    if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
        if mod.training:
            raise ValueError(f"{name} ({type(mod).__name__}) is in training mode: its output depends on the batch; call model.eval() first")
        if mod.running_mean is None:
            raise ValueError(f"{name} ({type(mod).__name__}) has no running statistics (track_running_stats=False)")
        C = mod.num_features
        gamma = _np(mod.weight) if mod.affine else _np(torch.ones(C))
        beta = _np(mod.bias) if mod.affine else _np(torch.zeros(C))
        return [BatchNorm(gamma, beta, _np(mod.running_mean), _np(mod.running_var), eps=float(mod.eps))]
    raise TypeError(f"{name or 'model'} ({type(mod).__name__}) is not supported by from_torch; supported: Linear, Conv2d, ReLU, LeakyReLU, "
                    "MaxPool2d, AvgPool2d, AdaptiveAvgPool2d(1), Flatten, BatchNorm1d/2d (eval), Identity, nn.Sequential, "
                    "spline_theory.torch_interop.Residual")


class _GlobalAvgPoolKeepDims(GlobalAvgPool):
    """``AdaptiveAvgPool2d(1)``: the channel means with output shape (C, 1, 1)."""

    def _output_shape(self, in_shape):
        return super()._output_shape(in_shape) + (1, 1)

    def to_spec(self):
        return {"type": "GlobalAvgPool"}


def from_torch(model: Any, input_shape: Any, *, dtype: str = "float64", backend: str = "numpy") -> Network:
    """Convert a PyTorch ``nn.Sequential`` into a :class:`~spline_theory.network.Network`.

    Parameters
    ----------
    model : torch.nn.Module
        An ``nn.Sequential`` of the supported modules (see the module
        docstring), or one supported module.
    input_shape : tuple of int
        Shape of one input without the batch axis, e.g. ``(1, 28, 28)``.
    dtype : {"float64", "float32"}
    backend : {"numpy", "cupy", "array_api_strict"}

    Returns
    -------
    Network
        Whose ``forward`` equals ``model(x)`` (flattened) up to round-off.

    Raises
    ------
    TypeError
        A module that is not supported (named with its path in the model).
    ValueError
        A supported module with unsupported settings, or a BatchNorm in
        training mode.
    ImportError
        PyTorch is not installed.
    """
    torch = _torch()
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    layers = _convert(model, "", torch)
    if not layers:
        raise ValueError("model has no layer to convert (only Identity modules)")
    net = Network(layers, tuple(int(v) for v in input_shape))
    xp = _backend.namespace(backend)
    if backend != "numpy" or dtype != "float64":
        net = net.to(xp, dtype)
    return net
