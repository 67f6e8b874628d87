r"""Import PyTorch models as spline networks (optional extra ``torch``).

:func:`from_torch` traces any ``nn.Module`` with ``torch.fx`` and maps every
operation of its forward to a library layer; see
:mod:`spline_theory.networks.torch_import` for what is supported (the table
:data:`~spline_theory.networks.torch_import.SUPPORTED_OPS`) and how graphs
(residual additions, channel concatenations) become
:class:`~spline_theory.networks.graph.Graph` operators.

:func:`Residual` builds a PyTorch residual block ``x + branch(x)``, a
convenience for writing residual networks as ``nn.Sequential``.
"""

from __future__ import annotations

from typing import Any

from .networks.torch_import import SUPPORTED_OPS, _torch, from_torch, supported_ops_markdown

__all__ = ["from_torch", "Residual", "SUPPORTED_OPS", "supported_ops_markdown"]

_RESIDUAL_CLASS = None


def Residual(*modules: Any) -> Any:
    """A PyTorch residual block ``x -> x + branch(x)`` (an ``nn.Module`` :func:`from_torch` imports as a residual graph).

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
