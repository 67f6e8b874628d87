r"""Import PyTorch models as spline networks through ``torch.fx`` (optional extra ``torch``).

:func:`from_torch` traces the model's ``forward`` with
``torch.fx.symbolic_trace``, so any ``nn.Module`` works whose forward has no
data-dependent control flow: ``nn.Sequential``, subclasses with skip
connections (``out += identity``), functional calls (``F.relu``,
``F.max_pool2d``), tensor methods (``x.view(x.size(0), -1)``) and channel
concatenations. Every call in the traced graph maps to a library layer
(:data:`SUPPORTED_OPS`, rendered in the documentation by
:func:`supported_ops_markdown`); the parts of the graph between two
articulation points (values every path from the input to the output goes
through) that are not a single layer become :class:`~spline_theory.networks.graph.Graph`
operators, so a chain stays a chain and a ResNet is a chain of residual blocks.

After the import, the network's forward pass is compared with ``model(x)`` on
a few random inputs; a difference beyond round-off raises. The model is never
modified (no ``eval()``, no change of parameters, buffers or random state).
"""

from __future__ import annotations

import functools
import inspect
import operator
from typing import Any

from .. import backend as _backend
from .._validation import as_shape
from .layers import AvgPool, BatchNorm, Conv2d, Dense, Flatten, Hardtanh, LeakyReLU, MaxPool, ReLU, Reshape, Scale
from .network import Network
from .graph import INPUT, Add, Concat, Graph

__all__ = ["from_torch", "SUPPORTED_OPS", "supported_ops_markdown", "chain_of_blocks"]


def _torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - exercised without torch
        raise ImportError("from_torch needs PyTorch: pip install 'spline-theory[torch]' (CPU build: torch==2.13.0)") from exc
    return torch


#: What :func:`from_torch` maps, as ``(PyTorch calls, library layer, conditions)``. The documentation's
#: table is generated from this list, and tests/test_torch_import.py imports a model for every call
#: named here (and fails on a call it has no model for), so the list and the converters cannot drift apart.
SUPPORTED_OPS: list = [
    (("nn.Linear", "F.linear"), "Dense", "inputs of shape (D,); F.linear with constant weights"),
    (("nn.Conv2d",), "Conv2d", "any kernel, stride and dilation per axis, groups (depthwise too), padding int / pair / 'same' / 'valid', padding_mode 'zeros'"),
    (("nn.MaxPool2d", "F.max_pool2d", "nn.AdaptiveMaxPool2d", "F.adaptive_max_pool2d"), "MaxPool", "padding, dilation, rectangular windows; no ceil_mode that adds windows, no return_indices; adaptive: output size dividing the input"),
    (("nn.AvgPool2d", "F.avg_pool2d"), "AvgPool", "padding, count_include_pad; no ceil_mode that adds windows, no divisor_override"),
    (("nn.AdaptiveAvgPool2d", "F.adaptive_avg_pool2d"), "AvgPool", "output size dividing the input size"),
    (("nn.BatchNorm1d", "nn.BatchNorm2d"), "BatchNorm", "eval mode, running statistics"),
    (("nn.ReLU", "F.relu", "F.relu_", "torch.relu", "torch.relu_", "Tensor.relu", "Tensor.relu_"), "ReLU", "inplace=True too; clamp(min=0) too"),
    (("nn.LeakyReLU", "F.leaky_relu", "F.leaky_relu_"), "LeakyReLU", "negative_slope >= 0 (0 is ReLU)"),
    (("nn.ReLU6", "F.relu6", "nn.Hardtanh", "F.hardtanh", "F.hardtanh_", "torch.clamp", "Tensor.clamp"), "Hardtanh", "three regions per unit; clamp with finite min and max"),
    (("nn.Identity", "nn.Dropout", "nn.Dropout2d", "nn.AlphaDropout", "F.dropout", "Tensor.contiguous"), "(no layer)", "identity; dropout in eval mode (F.dropout with training=False)"),
    (("nn.Flatten", "torch.flatten", "Tensor.flatten", "Tensor.view", "Tensor.reshape", "torch.reshape"), "Flatten / Reshape", "the batch axis is kept"),
    (("+", "+=", "torch.add", "Tensor.add", "-", "torch.sub"), "Add", "two tensors (residual connections, differences; alpha)"),
    (("torch.cat", "torch.concat"), "Concat", "along a non-batch axis (DenseNet / Inception style)"),
    (("*", "/", "torch.mul", "torch.div", "Tensor.mul", "Tensor.div", "unary -"), "Scale", "by a Python number or a constant tensor (a parameter or buffer) broadcast to the input; + or - a constant too"),
]

#: Modules and functions that are not piecewise affine: named as such in the error.
_NOT_PWA = {
    "GELU", "SiLU", "Mish", "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "Softplus", "ELU", "SELU", "CELU", "Hardswish",
    "Hardsigmoid", "Tanhshrink", "Softsign", "LayerNorm", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d", "LocalResponseNorm",
    "MultiheadAttention", "Transformer", "TransformerEncoderLayer", "LSTM", "GRU", "RNN", "Bilinear", "Upsample", "PReLU",
    "gelu", "silu", "mish", "tanh", "sigmoid", "softmax", "log_softmax", "softplus", "elu", "selu", "celu", "hardswish",
    "hardsigmoid", "layer_norm", "group_norm", "scaled_dot_product_attention", "exp", "log", "sqrt", "matmul", "bmm", "pow", "interpolate",
}

_SUPPORTED_TEXT = ", ".join(row[0][0] for row in SUPPORTED_OPS) + " and their functional and method forms (the table spline_theory.torch_interop.SUPPORTED_OPS)"


def supported_ops_markdown() -> str:
    """The table of :data:`SUPPORTED_OPS` as Markdown (the documentation's supported-op table is this text)."""
    lines = ["| PyTorch | spline_theory layer | conditions |", "|---|---|---|"]
    for calls, layer, cond in SUPPORTED_OPS:
        lines.append(f"| {', '.join('`' + c + '`' for c in calls)} | {layer} | {cond} |")
    return "\n".join(lines) + "\n"


class _Unsupported(TypeError):
    pass


# ------------------------------------------------------------------ arguments
@functools.cache
def _signature(sig: str) -> inspect.Signature:
    ns: dict = {}
    exec(f"def f({sig}): pass", ns)  # noqa: S102 - a fixed signature string of this module
    return inspect.signature(ns["f"])


def _bind(sig: str, args: tuple, kwargs: dict) -> dict:
    """Bind a call's arguments to a PyTorch signature written as ``"input, kernel_size, stride=None, ..."``."""
    bound = _signature(sig).bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


_SIGS = {
    "max_pool2d": "input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
    "avg_pool2d": "input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None",
    "adaptive_pool2d": "input, output_size, return_indices=False",
    "leaky_relu": "input, negative_slope=0.01, inplace=False",
    "hardtanh": "input, min_val=-1.0, max_val=1.0, inplace=False",
    "relu6": "input, inplace=False",
    "clamp": "input, min=None, max=None",
    "dropout": "input, p=0.5, training=True, inplace=False",
    "flatten": "input, start_dim=0, end_dim=-1",
    "cat": "tensors, dim=0",
    "add": "input, other, alpha=1",
    "linear": "input, weight, bias=None",
}


def _ints(v: Any) -> tuple:
    return tuple(int(a) for a in v) if isinstance(v, (tuple, list)) else (int(v), int(v))


def _np64(t: Any) -> Any:
    """A float64 NumPy copy of a tensor (exact for float32 values)."""
    return t.detach().cpu().double().numpy().copy()


# ---------------------------------------------------------------- the tracer
class _Importer:
    """One import: the traced graph, its shapes, and the spline nodes built from it."""

    def __init__(self, torch: Any, model: Any, gm: Any, batch: int, arr: Any = None) -> None:
        self.torch, self.model, self.gm, self.batch = torch, model, gm, batch
        self.arr = arr or _np64  # parameter tensor -> array (host float64 copy, or a copy on the model's GPU)
        self.value: dict = {}  # fx node -> spline value name (aliases for identities)
        self.const: dict = {}  # fx node -> constant tensor or Python value
        self.nodes: list = []  # (name, layer, inputs)
        self.F = torch.nn.functional

    # ---------------------------------------------------------- helpers
    def where(self, node: Any) -> str:
        if node.op == "call_module":
            return f"module '{node.target}'"
        stack = node.meta.get("nn_module_stack") or {}
        if stack:
            path = list(stack.values())[-1][0]
            return f"in the forward of module '{path}'"
        return "in the model's own forward"

    def fail(self, node: Any, what: str, why: str) -> None:
        raise _Unsupported(f"from_torch: {what} at graph node '{node.name}' ({self.where(node)}) {why}; supported: {_SUPPORTED_TEXT}")

    def shape(self, node: Any) -> tuple:
        tm = node.meta.get("tensor_meta")
        return tuple(int(v) for v in tm.shape[1:])

    def is_tensor(self, node: Any) -> bool:
        return node.meta.get("tensor_meta") is not None and hasattr(node.meta["tensor_meta"], "shape")

    def is_value(self, a: Any) -> bool:
        """Whether an argument is an input-dependent tensor (a spline value)."""
        return a in self.value

    def add(self, node: Any, layer: Any, inputs: list) -> None:
        name = node.name if node.name != INPUT else f"{INPUT}_"
        self.nodes.append((name, layer, tuple(self.value[i] for i in inputs)))
        self.value[node] = name

    def alias(self, node: Any, src: Any) -> None:
        self.value[node] = self.value[src]

    def constant(self, node: Any, a: Any) -> Any:
        """The value of a constant argument (Python number or tensor from a parameter / buffer)."""
        if hasattr(a, "op"):
            if a in self.const:
                return self.const[a]
            self.fail(node, f"'{node.target}'", "reads a value computed from the input where a constant is needed")
        return a

    # ---------------------------------------------------------- the walk
    def run(self) -> str:
        for node in self.gm.graph.nodes:
            if node.op == "placeholder":
                if self.value:
                    self.fail(node, f"a second input '{node.target}'", "(from_torch imports models of one input)")
                self.value[node] = INPUT
            elif node.op == "get_attr":
                obj = self.gm
                for part in str(node.target).split("."):
                    obj = getattr(obj, part)
                self.const[node] = obj
            elif node.op == "output":
                out = node.args[0]
                if not self.is_value(out):
                    self.fail(node, "the output", "is not a tensor computed from the input (several outputs or a constant are not supported)")
                return self.value[out]
            else:
                if node.op == "call_module" and type(self.gm.get_submodule(node.target)).__name__ in _NOT_PWA:
                    self.fail(node, type(self.gm.get_submodule(node.target)).__name__, "is not piecewise affine")
                if node.op != "call_module" and not self.is_tensor(node):  # sizes, shapes and arithmetic on them
                    self.const[node] = None
                    continue
                deps = [a for a in node.all_input_nodes if self.is_value(a)]
                if not deps:
                    if node.op == "call_module":
                        self.fail(node, f"'{node.target}'", "does not read the input")
                    self.fail(node, f"'{getattr(node.target, '__name__', node.target)}'", "computes a tensor from constants in forward (precompute it as a buffer)")
                if not self.is_tensor(node):
                    self.fail(node, f"'{node.target}'", "returns a non-tensor from the input")
                if self.shape_batch(node) != self.batch:
                    self.fail(node, f"'{getattr(node.target, '__name__', node.target)}'", f"changes the batch axis (size {self.batch} -> {self.shape_batch(node)})")
                if node.op == "call_module":
                    self.module(node, self.gm.get_submodule(node.target))
                elif node.op == "call_function":
                    self.function(node, node.target, node.args, node.kwargs)
                else:
                    self.method(node)
        raise ValueError("the traced graph has no output")  # pragma: no cover

    def shape_batch(self, node: Any) -> int:
        return int(node.meta["tensor_meta"].shape[0])

    # ---------------------------------------------------------- modules
    def module(self, node: Any, mod: Any) -> None:
        nn = self.torch.nn
        name = type(mod).__name__
        x = node.args[0] if node.args else None
        if len(node.args) != 1 or node.kwargs or not self.is_value(x):
            self.fail(node, name, "is called with arguments other than one tensor")
        if isinstance(mod, nn.Linear):
            return self.add(node, self.dense(node, mod.weight, mod.bias, x), [x])
        if isinstance(mod, nn.Conv2d):
            return self.add(node, self.conv(node, mod), [x])
        if isinstance(mod, (nn.MaxPool2d, nn.AvgPool2d)):
            kw = {k: getattr(mod, k) for k in ("kernel_size", "stride", "padding", "ceil_mode")}
            if isinstance(mod, nn.MaxPool2d):
                kw.update(dilation=mod.dilation, return_indices=mod.return_indices)
            else:
                kw.update(count_include_pad=mod.count_include_pad, divisor_override=mod.divisor_override)
            return self.add(node, self.pool(node, isinstance(mod, nn.MaxPool2d), x, kw), [x])
        if isinstance(mod, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
            if getattr(mod, "return_indices", False):
                self.fail(node, name, "returns indices")
            return self.add(node, self.adaptive(node, isinstance(mod, nn.AdaptiveMaxPool2d), x, mod.output_size), [x])
        if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
            return self.add(node, self.batchnorm(node, mod, x), [x])
        if isinstance(mod, nn.ReLU):
            return self.add(node, ReLU(), [x])
        if isinstance(mod, nn.LeakyReLU):
            return self.add(node, self.leaky(node, mod.negative_slope), [x])
        if isinstance(mod, nn.Hardtanh):  # ReLU6 is a Hardtanh
            return self.add(node, Hardtanh(float(mod.min_val), float(mod.max_val)), [x])
        if isinstance(mod, nn.Identity):
            return self.alias(node, x)
        if isinstance(mod, nn.modules.dropout._DropoutNd):  # eval mode: from_torch refused training mode before tracing
            return self.alias(node, x)
        if isinstance(mod, nn.Flatten):
            return self.reshape(node, x)
        if name in _NOT_PWA:
            self.fail(node, name, "is not piecewise affine")
        self.fail(node, name, "is not supported")

    def dense(self, node: Any, W: Any, b: Any, x: Any) -> Dense:
        if len(self.shape(x)) != 1:
            self.fail(node, "Linear", f"acts on the last axis of an input of shape {self.shape(x)} (only inputs of shape (D,) are supported; flatten first)")
        b = self.torch.zeros(W.shape[0], dtype=W.dtype, device=W.device) if b is None else b
        return Dense(self.arr(W), self.arr(b))

    def conv(self, node: Any, mod: Any) -> Conv2d:
        if mod.padding_mode != "zeros":
            raise ValueError(f"{node.target} (Conv2d): only padding_mode='zeros' is supported; got {mod.padding_mode!r}")
        kh, kw = mod.kernel_size
        dh, dw = mod.dilation
        if mod.padding == "valid":
            pad = (0, 0, 0, 0)
        elif mod.padding == "same":
            th, tw = dh * (kh - 1), dw * (kw - 1)
            pad = (th // 2, th - th // 2, tw // 2, tw - tw // 2)
        else:
            ph, pw = _ints(mod.padding)
            pad = (ph, ph, pw, pw)
        b = mod.bias if mod.bias is not None else self.torch.zeros(mod.out_channels, dtype=mod.weight.dtype, device=mod.weight.device)
        return Conv2d(self.arr(mod.weight), self.arr(b), stride=_ints(mod.stride), padding=pad, dilation=(dh, dw), groups=int(mod.groups))

    def pool(self, node: Any, is_max: bool, x: Any, kw: dict) -> Any:
        what = "max pooling" if is_max else "average pooling"
        if kw.get("return_indices"):
            self.fail(node, what, "returns indices")
        if kw.get("divisor_override") is not None:
            self.fail(node, what, f"has divisor_override = {kw['divisor_override']}")
        size = _ints(kw["kernel_size"])
        stride = size if kw["stride"] is None or kw["stride"] == [] or kw["stride"] == () else _ints(kw["stride"])
        pad = _ints(kw["padding"])
        if is_max:
            layer = MaxPool(size, stride, padding=pad, dilation=_ints(kw["dilation"]))
        else:
            layer = AvgPool(size, stride, padding=pad, count_include_pad=bool(kw["count_include_pad"]))
        got = layer.bind(self.shape(x)).out_shape
        if got != self.shape(node):
            self.fail(node, what, f"has output shape {self.shape(node)} where windows of the floor rule give {got} (ceil_mode = {kw['ceil_mode']})")
        return layer

    def adaptive(self, node: Any, is_max: bool, x: Any, output_size: Any) -> Any:
        C, H, W = self.shape(x)
        out = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
        oh, ow = (H if out[0] is None else int(out[0])), (W if out[1] is None else int(out[1]))
        if H % oh or W % ow:
            self.fail(node, "adaptive pooling", f"to output size {(oh, ow)} does not divide the input size {(H, W)}")
        size = (H // oh, W // ow)
        return MaxPool(size, size) if is_max else AvgPool(size, size)

    def batchnorm(self, node: Any, mod: Any, x: Any) -> BatchNorm:
        name = type(mod).__name__  # eval mode: from_torch refused training mode before running the model
        if mod.running_mean is None:
            raise ValueError(f"{node.target} ({name}) has no running statistics (track_running_stats=False)")
        C = mod.num_features
        dev, dt = mod.running_mean.device, mod.running_mean.dtype
        gamma = self.arr(mod.weight) if mod.affine else self.arr(self.torch.ones(C, dtype=dt, device=dev))
        beta = self.arr(mod.bias) if mod.affine else self.arr(self.torch.zeros(C, dtype=dt, device=dev))
        return BatchNorm(gamma, beta, self.arr(mod.running_mean), self.arr(mod.running_var), eps=float(mod.eps))

    def leaky(self, node: Any, slope: Any) -> Any:
        eta = float(slope)
        if eta < 0:
            raise ValueError(f"graph node '{node.name}' ({self.where(node)}): LeakyReLU negative_slope must be >= 0; got {eta}")
        return ReLU() if eta == 0 else LeakyReLU(eta)

    def reshape(self, node: Any, x: Any) -> None:
        shape = self.shape(node)
        if shape == self.shape(x):
            return self.alias(node, x)
        self.add(node, Flatten() if len(shape) == 1 else Reshape(shape), [x])

    # ---------------------------------------------------------- functions
    def function(self, node: Any, fn: Any, args: tuple, kwargs: dict) -> None:
        torch, F = self.torch, self.F
        name = getattr(fn, "__name__", str(fn))
        vals = [a for a in list(args) + list(kwargs.values()) if self.is_value(a)]
        if fn in (F.relu, F.relu_, torch.relu, torch.relu_):
            return self.add(node, ReLU(), [args[0]])
        if fn in (F.leaky_relu, F.leaky_relu_):
            a = _bind(_SIGS["leaky_relu"], args, kwargs)
            return self.add(node, self.leaky(node, self.constant(node, a["negative_slope"])), [a["input"]])
        if fn in (F.hardtanh, F.hardtanh_):
            a = _bind(_SIGS["hardtanh"], args, kwargs)
            return self.add(node, Hardtanh(float(self.constant(node, a["min_val"])), float(self.constant(node, a["max_val"]))), [a["input"]])
        if fn is F.relu6:
            return self.add(node, Hardtanh(0.0, 6.0), [_bind(_SIGS["relu6"], args, kwargs)["input"]])
        if fn in (torch.clamp, torch.clip):
            return self.clamp(node, _bind(_SIGS["clamp"], args, kwargs))
        if fn is F.max_pool2d or fn is F.avg_pool2d:
            is_max = fn is F.max_pool2d
            a = _bind(_SIGS["max_pool2d" if is_max else "avg_pool2d"], args, kwargs)
            return self.add(node, self.pool(node, is_max, a["input"], {k: self.constant(node, v) for k, v in a.items() if k != "input"}), [a["input"]])
        if fn in (F.adaptive_avg_pool2d, F.adaptive_max_pool2d):
            a = _bind(_SIGS["adaptive_pool2d"], args, kwargs)
            if self.constant(node, a["return_indices"]):
                self.fail(node, name, "returns indices")
            return self.add(node, self.adaptive(node, fn is F.adaptive_max_pool2d, a["input"], self.constant(node, a["output_size"])), [a["input"]])
        if fn in (F.dropout, F.dropout1d, F.dropout2d, F.dropout3d, F.alpha_dropout):
            a = _bind(_SIGS["dropout"], args, kwargs)
            if self.constant(node, a["training"]):
                raise ValueError(f"graph node '{node.name}' ({self.where(node)}): {name} is called with training=True: its output is random; pass training=self.training and call model.eval()")
            return self.alias(node, a["input"])
        if fn in (torch.flatten, torch.reshape):
            return self.reshape(node, args[0])
        if fn is F.linear:
            a = _bind(_SIGS["linear"], args, kwargs)
            return self.add(node, self.dense(node, self.constant(node, a["weight"]), self.constant(node, a["bias"]), a["input"]), [a["input"]])
        if fn in (torch.cat, torch.concat):
            a = _bind(_SIGS["cat"], args, kwargs)
            tensors = list(a["tensors"])
            if not all(self.is_value(t) for t in tensors):
                self.fail(node, name, "concatenates a constant with the input's features")
            nd = len(self.shape(node)) + 1
            dim = int(a["dim"]) % nd
            if dim == 0:
                self.fail(node, name, "concatenates along the batch axis")
            return self.add(node, Concat(dim - 1), tensors)
        if fn in (operator.add, operator.iadd, torch.add, operator.sub, operator.isub, torch.sub):
            a = _bind(_SIGS["add"], args, kwargs)
            sign = -1.0 if fn in (operator.sub, operator.isub, torch.sub) else 1.0
            alpha = float(self.constant(node, a["alpha"])) * sign
            x, y = a["input"], a["other"]
            if self.is_value(x) and self.is_value(y):
                return self.add(node, Add(None if alpha == 1.0 else (1.0, alpha)), [x, y])
            if self.is_value(x):
                return self.add(node, self.scale(node, x, 1.0, alpha * self.numeric(node, y)), [x])
            return self.add(node, self.scale(node, y, alpha, self.numeric(node, x)), [y])
        if fn in (operator.mul, operator.imul, torch.mul, operator.truediv, operator.itruediv, torch.div, torch.true_divide):
            x, y = args[0], args[1]
            if len(vals) != 1:
                self.fail(node, name, "multiplies or divides two tensors computed from the input (not piecewise affine)")
            if fn in (operator.truediv, operator.itruediv, torch.div, torch.true_divide):
                if not self.is_value(x) or kwargs.get("rounding_mode") is not None:
                    self.fail(node, name, "divides by a tensor computed from the input, or rounds (not piecewise affine)")
                return self.add(node, self.scale(node, x, 1.0 / self.numeric(node, y), 0.0), [x])
            v, c = (x, y) if self.is_value(x) else (y, x)
            return self.add(node, self.scale(node, v, self.numeric(node, c), 0.0), [v])
        if fn is operator.neg:
            return self.add(node, self.scale(node, args[0], -1.0, 0.0), [args[0]])
        if fn is operator.pos:
            return self.alias(node, args[0])
        short = name.split(".")[-1]
        if short in _NOT_PWA:
            self.fail(node, f"'{name}'", "is not piecewise affine")
        self.fail(node, f"'{name}'", "is not supported")

    def numeric(self, node: Any, c: Any) -> Any:
        """A constant factor or offset: a Python number, or a constant tensor as a float64 NumPy array."""
        c = self.constant(node, c)
        if isinstance(c, (int, float)) and not isinstance(c, bool):
            return float(c)
        if hasattr(c, "detach"):
            return _np64(c)
        self.fail(node, f"'{node.target}'", f"uses a constant of type {type(c).__name__}")

    def scale(self, node: Any, x: Any, s: Any, t: Any) -> Scale:
        """``s * x + t`` with numbers or constant arrays broadcast to one input's shape (D,)."""
        import numpy as np

        shape = self.shape(x)
        if self.shape(node) != shape:
            self.fail(node, f"'{node.target}'", f"broadcasts the input's shape {shape} to {self.shape(node)}")

        def flat(v: Any) -> Any:
            a = np.asarray(v, dtype=np.float64)
            if a.ndim > len(shape):  # a leading batch axis of size 1
                if a.ndim != len(shape) + 1 or a.shape[0] != 1:
                    self.fail(node, f"'{node.target}'", f"uses a constant of shape {a.shape} that does not broadcast to one input {shape}")
                a = a[0]
            try:
                a = np.broadcast_to(a, shape).reshape(-1)
            except ValueError:
                self.fail(node, f"'{node.target}'", f"uses a constant of shape {a.shape} that does not broadcast to one input {shape}")
            return a[:1] if np.all(a == a[0]) else a

        return Scale(flat(s), flat(t))

    def clamp(self, node: Any, a: dict) -> None:
        lo, hi = self.constant(node, a["min"]), self.constant(node, a["max"])
        if hi is None and lo is not None and float(lo) == 0.0:
            return self.add(node, ReLU(), [a["input"]])
        if lo is None or hi is None or hasattr(lo, "shape") or hasattr(hi, "shape"):
            self.fail(node, "clamp", "needs both a finite numeric min and max (or min=0 alone, a ReLU)")
        return self.add(node, Hardtanh(float(lo), float(hi)), [a["input"]])

    # ---------------------------------------------------------- methods
    def method(self, node: Any) -> None:
        name = node.target
        args, kwargs = node.args, node.kwargs
        torch = self.torch
        table = {
            "relu": torch.relu, "relu_": torch.relu, "add": torch.add, "add_": torch.add, "sub": torch.sub, "sub_": torch.sub,
            "mul": torch.mul, "mul_": torch.mul, "div": torch.div, "div_": torch.div, "clamp": torch.clamp, "clamp_": torch.clamp,
            "clip": torch.clamp, "flatten": torch.flatten, "cat": torch.cat, "neg": operator.neg, "__iadd__": torch.add, "__isub__": torch.sub,
            "__imul__": torch.mul, "__itruediv__": torch.div,
        }
        if name in ("view", "reshape", "flatten"):
            return self.reshape(node, args[0])
        if name in ("contiguous", "clone", "detach"):
            return self.alias(node, args[0])
        if name in table:
            return self.function(node, table[name], args, kwargs)
        if name in _NOT_PWA:
            self.fail(node, f"Tensor.{name}", "is not piecewise affine")
        self.fail(node, f"Tensor.{name}", "is not supported")


def chain_of_blocks(nodes: list, output: str) -> list:
    """Layers of a network from a DAG of nodes: chain parts as layers, the parts between articulation points as :class:`Graph` blocks.

    Parameters
    ----------
    nodes : list of (name, layer, inputs)
        In topological order; the input is the value ``"input"``.
    output : str

    Returns
    -------
    list of Layer
        Applied in order, the list computes ``output`` from ``input``.

    Notes
    -----
    Position i is a cut when, after node i, the only value some later node
    (or the output) still reads is node i's: every path from the input to
    the output goes through it.
    """
    last = {}
    for i, (_, _, ins) in enumerate(nodes):
        for v in ins:
            last[v] = i
    last[output] = len(nodes)
    layers, seg, cut = [], [], INPUT
    defined = [INPUT]
    for i, (name, lay, ins) in enumerate(nodes):
        seg.append((name, lay, ins))
        defined.append(name)
        live = [v for v in defined if last.get(v, -1) > i]
        if live != [name]:
            continue
        if len(seg) == 1 and not getattr(lay, "merge", False) and ins == (cut,):
            layers.append(lay)
        else:
            rename = {cut: INPUT}
            layers.append(Graph([(n, l, tuple(rename.get(v, v) for v in vs)) for n, l, vs in seg], output=name))
        seg, cut, defined = [], name, [name]
        if name == output:
            break
    return layers


def _model_dtype(torch: Any, model: Any) -> Any:
    dts = {t.dtype for t in list(model.parameters()) + list(model.buffers()) if t.is_floating_point()}
    low = dts & {torch.float16, torch.bfloat16}
    if low:
        raise TypeError(f"model has parameters in {sorted(str(d) for d in low)}: from_torch imports float32 and float64 models (convert with model.float() or model.double() first)")
    if len(dts) > 1:
        raise TypeError(f"model mixes parameter dtypes {sorted(str(d) for d in dts)}: convert it to one (model.float() or model.double())")
    return dts.pop() if dts else torch.float64


def from_torch(model: Any, input_shape: Any, *, dtype: str | None = None, backend: str | None = None, check: bool = True) -> Network:
    r"""Import a PyTorch model as a :class:`~spline_theory.network.Network` with the same forward pass.

    Parameters
    ----------
    model : torch.nn.Module
        Any module whose ``forward`` ``torch.fx.symbolic_trace`` can trace,
        built from the operations of :data:`SUPPORTED_OPS`, in eval mode when
        it has BatchNorm or Dropout (checked before the model is run, which
        in training mode would update BatchNorm's running statistics).
    input_shape : tuple of int
        Shape of one input without the batch axis, e.g. ``(3, 32, 32)``.
    dtype : {"float64", "float32"}, optional
        Default: the model's own (its parameters'; float64 for a model without any).
    backend : {"numpy", "cupy", "array_api_strict"}, optional
        Default: ``"cupy"`` for a model on a CUDA device (its parameters go to
        CuPy on that GPU through DLPack, never through the host), ``"numpy"``
        otherwise.
    check : bool, default True
        Compare ``net.forward`` with ``model(x)`` on 4 random inputs (a
        private generator: the global random state is untouched) and raise
        when they differ beyond round-off.

    Returns
    -------
    Network
        Whose forward pass equals ``model(x)`` (flattened per input). The
        parts of the traced graph that are not a chain are
        :class:`~spline_theory.networks.graph.Graph` operators.

    Raises
    ------
    TypeError
        ``model`` is not a module; its forward cannot be traced; an operation
        is not piecewise affine or not supported (the message names the
        operation, its node in the traced graph and the module it runs in);
        parameters in float16 / bfloat16 or in several dtypes.
    ValueError
        A supported module with unsupported settings; BatchNorm or Dropout in
        training mode; parameters on the ``meta`` device; an ``input_shape``
        the model cannot run on.
    RuntimeError
        The imported network differs from ``model(x)`` beyond round-off.
    ImportError
        PyTorch is not installed.

    Notes
    -----
    The network applies, on the region of every input, the affine map
    :math:`z^{(L)}(x) = A[x]\,x + b[x]` of icml18 Eq. (7)-(8), computed by
    :meth:`~spline_theory.network.Network.affine_map`.

    Examples
    --------
    >>> import torch  # doctest: +SKIP
    >>> class MLP(torch.nn.Module):  # doctest: +SKIP
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.a, self.h = torch.nn.Linear(4, 8), torch.nn.Linear(8, 8)
    ...     def forward(self, x):
    ...         h = torch.relu(self.a(x))
    ...         return h + torch.relu(self.h(h))
    >>> net = from_torch(MLP(), (4,))  # doctest: +SKIP
    """
    torch = _torch()
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    shape = as_shape(input_shape, "input_shape")
    if any(t.device.type == "meta" for t in list(model.parameters()) + list(model.buffers())):
        raise ValueError("model has parameters on the 'meta' device (no values): load its weights first (e.g. model.to_empty(device='cpu') and load_state_dict)")
    mdt = _model_dtype(torch, model)
    dtype = dtype if dtype is not None else str(mdt).split(".")[-1]
    devices = {t.device for t in list(model.parameters()) + list(model.buffers())}
    if len(devices) > 1:
        raise ValueError(f"model has parameters on several devices {sorted(str(d) for d in devices)}: move it to one (model.to(device))")
    device = devices.pop() if devices else torch.device("cpu")
    backend = ("cupy" if device.type == "cuda" else "numpy") if backend is None else backend
    xp = _backend.namespace(backend)
    on_gpu = device.type == "cuda" and backend == "cupy"
    try:
        gm = torch.fx.symbolic_trace(model)
    except Exception as exc:
        raise TypeError(f"torch.fx cannot trace the model's forward ({type(exc).__name__}: {exc}); from_torch needs a forward without data-dependent control flow") from None
    from torch.fx.passes.shape_prop import ShapeProp

    batch = 3
    gen = torch.Generator().manual_seed(0)
    sample = torch.randn(batch, *shape, generator=gen, dtype=mdt).to(device)
    for node in gm.graph.nodes:  # modules whose output depends on the training flag
        if node.op == "call_module":
            mod = gm.get_submodule(node.target)
            if mod.training and isinstance(mod, (torch.nn.modules.batchnorm._BatchNorm, torch.nn.modules.dropout._DropoutNd)):
                raise ValueError(f"{node.target} ({type(mod).__name__}) is in training mode: its output depends on the batch or is random; call model.eval() first")
    try:
        with torch.no_grad():
            ShapeProp(gm).propagate(sample)
    except Exception as exc:
        raise ValueError(f"the model cannot run on inputs of shape (N, *input_shape) = (N, *{shape}): {type(exc).__name__}: {exc}") from None
    imp = _Importer(torch, model, gm, batch, arr=(lambda t: _backend.from_tensor(t).copy()) if on_gpu else None)
    try:
        out = imp.run()
    except _Unsupported as exc:
        raise TypeError(str(exc)) from None
    if out == INPUT:
        raise ValueError("model has no layer to convert (its output is its input)")
    dt = _backend.resolve_dtype(xp, dtype)
    net = Network([lay.to(xp, dt) for lay in chain_of_blocks(imp.nodes, out)], shape)
    if check:
        _check_import(torch, model, net, shape, mdt, device, on_gpu)
    return net


def _check_import(torch: Any, model: Any, net: Network, shape: tuple, mdt: Any, device: Any, on_gpu: bool) -> None:
    """Raise when ``net.forward`` and ``model(x)`` differ beyond round-off on 4 random inputs."""
    import numpy as np

    gen = torch.Generator().manual_seed(1)
    x = torch.randn(4, *shape, generator=gen, dtype=mdt).to(device)
    with torch.no_grad():
        ref = model(x).reshape(4, -1).double().cpu().numpy()
    xb = x.reshape(4, -1)
    if not on_gpu:  # a host network reads host arrays in its own namespace and dtype
        xb = _backend.asarray(xb.cpu().double().numpy(), net.xp, net.dtype)
    else:  # the network's dtype, on the model's GPU
        xb = xb.to(getattr(torch, np.dtype(net.dtype).name))
    got = _backend.to_numpy(_backend.from_tensor(net.forward(xb)) if on_gpu else net.forward(xb)).astype(np.float64)
    mag = _backend.to_numpy(_backend.from_tensor(net.term_magnitude(xb)) if on_gpu else net.term_magnitude(xb)).astype(np.float64)
    eps = max(float(torch.finfo(mdt).eps), float(np.finfo(np.dtype(net.dtype)).eps))
    depth = sum(1 + len(lay.sublayers()) for lay in net.layers)
    tol = 64.0 * (depth + 1) * eps * mag
    if got.shape != ref.shape:
        raise RuntimeError(f"from_torch: the imported network returns {got.shape[1]} values per input, the model {ref.shape[1]}")
    bad = np.abs(got - ref) > tol
    if np.any(bad):
        i = tuple(int(v) for v in np.argwhere(bad)[0])
        raise RuntimeError(
            f"from_torch: the imported network differs from model(x) beyond round-off (output {i}: {got[i]!r} against {ref[i]!r}, "
            f"bound {tol[i]:.3g}); the model uses an operation whose PyTorch semantics the import does not reproduce"
        )
