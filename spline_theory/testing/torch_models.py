"""Hypothesis strategies of PyTorch models written as people write them (needs the ``torch`` extra).

:func:`torch_module_graphs` draws a program of operations (convolutions with
every supported option, BatchNorm, the activations in module, functional and
method form, poolings, residual additions, channel concatenations, constant
scalings, dropout) and builds an ``nn.Module`` subclass whose ``forward``
runs it, so ``torch.fx`` sees functional calls, tensor methods and merges,
not a ``nn.Sequential``. The model is trained a few SGD steps in training
mode (so BatchNorm statistics are not trivial) and returned in eval mode.

Notation: programs act on one image ``(C, H, W)``; the head flattens and
applies ``Linear`` layers.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

__all__ = ["torch_module_graphs", "ProgramNet", "train_briefly", "resnet"]


def _torch():
    import torch

    return torch


def _conv_spec(draw: Any, C: int, H: int, W: int) -> dict:
    k = draw(st.sampled_from([1, 2, 3]))
    dil = draw(st.sampled_from([(1, 1), (1, 2), (2, 1)])) if k > 1 else (1, 1)
    stride = draw(st.sampled_from([(1, 1), (1, 2), (2, 1), (2, 2)]))
    pad_kind = draw(st.sampled_from(["int", "tuple", "same", "valid"]))
    if pad_kind == "same" and stride != (1, 1):
        pad_kind = "int"
    padding = {"int": draw(st.integers(0, 1)), "tuple": (draw(st.integers(0, 2)), draw(st.integers(0, 1))), "same": "same", "valid": "valid"}[pad_kind]
    if padding != "same":  # a kernel larger than the padded image falls back to 'same'
        ph, pw = (padding, padding) if isinstance(padding, int) else ((0, 0) if padding == "valid" else padding)
        if H + 2 * ph < dil[0] * (k - 1) + 1 or W + 2 * pw < dil[1] * (k - 1) + 1:
            padding, stride = "same", (1, 1)
    groups = draw(st.sampled_from([1, C])) if C > 1 else 1
    C_out = C * draw(st.sampled_from([1, 2])) if groups == C else draw(st.integers(1, 4))
    return {"op": "conv", "C_in": C, "C_out": C_out, "k": k, "stride": stride, "padding": padding, "dilation": dil, "groups": groups, "bias": draw(st.booleans())}


def _out_hw(spec: dict, H: int, W: int) -> tuple[int, int]:
    if spec["padding"] == "same":
        return H, W
    ph, pw = (0, 0) if spec["padding"] == "valid" else ((spec["padding"],) * 2 if isinstance(spec["padding"], int) else spec["padding"])
    k, (dh, dw), (sh, sw) = spec["k"], spec["dilation"], spec["stride"]
    return (H + 2 * ph - dh * (k - 1) - 1) // sh + 1, (W + 2 * pw - dw * (k - 1) - 1) // sw + 1


_ACTS = ["relu_module", "relu_inplace", "F.relu", "torch.relu_", "Tensor.relu", "leaky_module", "F.leaky_relu", "relu6", "F.hardtanh", "clamp"]


@st.composite
def torch_module_graphs(draw: Any, *, max_ops: int = 6, dtype: str = "float64") -> tuple:
    """A PyTorch model of random structure with every supported operation, trained briefly, in eval mode.

    Parameters
    ----------
    max_ops : int
        Operations in the convolutional body (besides the head).
    dtype : {"float64", "float32"}

    Returns
    -------
    (model, input_shape)
        ``model`` an ``nn.Module`` (:class:`ProgramNet`) in eval mode,
        ``input_shape`` one input's shape ``(C, H, W)``.
    """
    torch = _torch()
    C, H, W = draw(st.integers(1, 3)), draw(st.integers(5, 9)), draw(st.integers(5, 9))
    shape = (C, H, W)
    prog = []
    for _ in range(draw(st.integers(1, max_ops))):
        kind = draw(st.sampled_from(["conv", "conv", "bn", "act", "act", "maxpool", "avgpool", "residual", "concat", "scale", "dropout"]))
        if kind == "conv":
            spec = _conv_spec(draw, C, H, W)
            H, W = _out_hw(spec, H, W)
            C = spec["C_out"]
            prog.append(spec)
        elif kind == "bn":
            prog.append({"op": "bn", "C": C})
        elif kind == "act":
            prog.append({"op": draw(st.sampled_from(_ACTS)), "slope": draw(st.sampled_from([0.01, 0.3, 2.0]))})
        elif kind in ("maxpool", "avgpool"):
            kh, kw = draw(st.integers(1, min(3, H))), draw(st.integers(1, min(3, W)))
            if kh * kw == 1:
                continue
            spec = {"op": kind, "k": (kh, kw), "stride": (draw(st.integers(1, kh)), draw(st.integers(1, kw))), "padding": (draw(st.integers(0, kh // 2)), draw(st.integers(0, kw // 2)))}
            if kind == "maxpool":
                spec["functional"] = draw(st.booleans())
            else:
                spec["count_include_pad"] = draw(st.booleans())
            H = (H + 2 * spec["padding"][0] - kh) // spec["stride"][0] + 1
            W = (W + 2 * spec["padding"][1] - kw) // spec["stride"][1] + 1
            prog.append(spec)
        elif kind == "residual":
            prog.append({"op": "residual", "C": C, "downsample": draw(st.booleans()) and H > 2 and W > 2, "inplace": draw(st.booleans())})
            if prog[-1]["downsample"]:
                H, W = (H - 1) // 2 + 1, (W - 1) // 2 + 1
        elif kind == "concat":
            growth = draw(st.integers(1, 3))
            prog.append({"op": "concat", "C": C, "growth": growth})
            C += growth
        elif kind == "scale":
            prog.append({"op": "scale", "c": draw(st.sampled_from([0.5, -2.0, 3.0])), "div": draw(st.booleans())})
        else:
            prog.append({"op": "dropout", "functional": draw(st.booleans())})
    pool = draw(st.sampled_from([p for p in [(1, 1), (H, 1), (1, W), (H, W)] if H % p[0] == 0 and W % p[1] == 0]))
    head = {"pool": pool, "hidden": draw(st.integers(2, 6)), "bn1d": draw(st.booleans()), "view": draw(st.booleans()), "classes": draw(st.integers(1, 4))}
    seed = draw(st.integers(0, 2**16))
    torch.manual_seed(seed)
    model = ProgramNet(shape, prog, head, (C, H, W))
    model = model.double() if dtype == "float64" else model.float()
    train_briefly(model, shape, seed)
    return model.eval(), shape


def train_briefly(model: Any, shape: tuple, seed: int, steps: int = 3) -> None:
    """A few SGD steps in training mode on random data (BatchNorm statistics move away from 0 / 1)."""
    torch = _torch()
    gen = torch.Generator().manual_seed(seed)
    dt = next(model.parameters()).dtype
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    model.train()
    for _ in range(steps):
        x = 2.0 * torch.randn(8, *shape, generator=gen, dtype=dt) + 0.5
        loss = (model(x) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()


def ProgramNet(shape: tuple, prog: list, head: dict, body_shape: tuple) -> Any:
    """Build the ``nn.Module`` that runs ``prog`` (see :func:`torch_module_graphs`)."""
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional

    class _ProgramNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.prog = prog
            self.head_cfg = head
            mods = []
            for spec in prog:
                op = spec["op"]
                if op == "conv":
                    mods.append(nn.Conv2d(spec["C_in"], spec["C_out"], spec["k"], stride=spec["stride"], padding=spec["padding"], dilation=spec["dilation"], groups=spec["groups"], bias=spec["bias"]))
                elif op == "bn":
                    mods.append(nn.BatchNorm2d(spec["C"]))
                elif op == "relu_module":
                    mods.append(nn.ReLU())
                elif op == "relu_inplace":
                    mods.append(nn.ReLU(inplace=True))
                elif op == "leaky_module":
                    mods.append(nn.LeakyReLU(spec["slope"]))
                elif op == "relu6":
                    mods.append(nn.ReLU6())
                elif op == "maxpool" and not spec["functional"]:
                    mods.append(nn.MaxPool2d(spec["k"], spec["stride"], spec["padding"]))
                elif op == "avgpool":
                    mods.append(nn.AvgPool2d(spec["k"], spec["stride"], spec["padding"], count_include_pad=spec["count_include_pad"]))
                elif op == "residual":
                    C, s = spec["C"], (2 if spec["downsample"] else 1)
                    branch = nn.Sequential(nn.Conv2d(C, C, 3, s, 1, bias=False), nn.BatchNorm2d(C), nn.ReLU(inplace=spec["inplace"]), nn.Conv2d(C, C, 3, 1, 1))
                    down = nn.Sequential(nn.Conv2d(C, C, 1, s, bias=False), nn.BatchNorm2d(C)) if s == 2 else nn.Identity()
                    mods.append(nn.ModuleDict({"branch": branch, "down": down}))
                elif op == "concat":
                    mods.append(nn.Conv2d(spec["C"], spec["growth"], 3, padding=1))
                elif op == "dropout" and not spec["functional"]:
                    mods.append(nn.Dropout(0.3))
                else:
                    mods.append(nn.Identity())
            self.body = nn.ModuleList(mods)
            C, H, W = body_shape
            self.pool = nn.AdaptiveAvgPool2d(head["pool"])
            n = C * head["pool"][0] * head["pool"][1]  # AdaptiveAvgPool2d output size
            self.fc1 = nn.Linear(n, head["hidden"])
            self.bn1 = nn.BatchNorm1d(head["hidden"]) if head["bn1d"] else nn.Identity()
            self.fc2 = nn.Linear(head["hidden"], head["classes"])

        def forward(self, x):
            for spec, mod in zip(self.prog, self.body):
                op = spec["op"]
                if op == "F.relu":
                    x = F.relu(x)
                elif op == "torch.relu_":
                    x = torch.relu_(x * 1.0)  # in place on a fresh tensor: autograd refuses it on a value it still needs
                elif op == "relu_inplace":
                    x = mod(x + 0.0)
                elif op == "Tensor.relu":
                    x = x.relu()
                elif op == "F.leaky_relu":
                    x = F.leaky_relu(x, spec["slope"])
                elif op == "F.hardtanh":
                    x = F.hardtanh(x, -0.5, 1.5)
                elif op == "clamp":
                    x = x.clamp(-1.0, 2.0)
                elif op == "maxpool" and spec["functional"]:
                    x = F.max_pool2d(x, spec["k"], spec["stride"], spec["padding"])
                elif op == "residual":
                    out = mod["branch"](x)
                    out += mod["down"](x)
                    x = F.relu(out)
                elif op == "concat":
                    x = torch.cat([x, F.relu(mod(x))], dim=1)
                elif op == "scale":
                    x = x / spec["c"] if spec["div"] else spec["c"] * x
                elif op == "dropout" and spec["functional"]:
                    x = F.dropout(x, 0.3, training=self.training)
                else:
                    x = mod(x)
            x = self.pool(x)
            x = x.view(x.size(0), -1) if self.head_cfg["view"] else torch.flatten(x, 1)
            return self.fc2(torch.relu(self.bn1(self.fc1(x))))

    return _ProgramNet()


def resnet(width: int = 64, blocks: tuple = (2, 2, 2, 2), classes: int = 10) -> Any:
    """A torchvision-style ResNet of BasicBlocks, written as ``nn.Module`` subclasses (a reference model; no download).

    Stem ``Conv2d(3, width, 7, 2, 3)``, BatchNorm, ReLU, ``MaxPool2d(3, 2, padding=1)``;
    stage i has ``blocks[i]`` BasicBlocks of ``width * 2**i`` channels (the first
    of a later stage with stride 2 and a ``Conv2d 1x1 + BatchNorm`` downsample
    shortcut, ``out += identity`` in ``forward``); ``AdaptiveAvgPool2d((1, 1))``,
    ``torch.flatten(x, 1)``, ``Linear``. ``resnet()`` is ResNet-18 (11.2 M
    parameters for 10 classes). Parameters are drawn from torch's global
    generator, in training mode.
    """
    torch = _torch()
    nn = torch.nn

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.relu = nn.ReLU(inplace=True)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)) if stride != 1 or cin != cout else None

        def forward(self, x):
            identity = x
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            if self.downsample is not None:
                identity = self.downsample(x)
            out += identity
            return self.relu(out)

    class ResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
            self.bn1 = nn.BatchNorm2d(width)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(3, 2, padding=1)
            layers, cin = [], width
            for i, n in enumerate(blocks):
                cout = width * 2**i
                for j in range(n):
                    layers.append(BasicBlock(cin, cout, 2 if (j == 0 and i > 0) else 1))
                    cin = cout
            self.layers = nn.Sequential(*layers)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(cin, classes)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.avgpool(self.layers(x))
            return self.fc(torch.flatten(x, 1))

    return ResNet()
