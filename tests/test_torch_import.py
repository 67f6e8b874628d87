"""from_torch on models written as nn.Module subclasses: exactness against PyTorch, graphs, refusals.

Every test is skipped without PyTorch (``pip install torch==2.13.0`` for the CPU build).
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

torch = pytest.importorskip("torch")
nn, F = torch.nn, torch.nn.functional

from spline_theory.networks import torch_import  # noqa: E402
from spline_theory.networks.graph import Graph  # noqa: E402
from spline_theory.testing.torch_models import resnet, torch_module_graphs, train_briefly  # noqa: E402
from spline_theory.torch_interop import from_torch  # noqa: E402

RTOL64 = 1e-12  # the bound for float64: forward and Jacobian, relative to the largest entry
#: float32: both sides round differently; 64 eps(float32) of the largest output (a few hundred
#: rounded operations of O(1) terms in these small models)
RTOL32 = 64 * float(np.finfo(np.float32).eps)


def _jacobian(model, x):
    # clone: a model may start with an in-place op (ReLU(inplace=True)), which autograd refuses on its input
    return torch.func.vmap(torch.func.jacrev(lambda v: model(v[None].clone())[0].reshape(-1)))(x).reshape(x.shape[0], -1, x[0].numel()).detach().numpy()


def _assert_exact(model, shape, n=5, seed=0):
    state = {k: v.clone() for k, v in model.state_dict().items()}
    training = [m.training for m in model.modules()]
    net = from_torch(model, shape)
    x = torch.randn(n, *shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    with torch.no_grad():
        ref = model(x).reshape(n, -1).numpy()
    xn = x.reshape(n, -1).numpy()
    scale = max(1.0, float(np.abs(ref).max()))
    assert np.max(np.abs(net.forward(xn) - ref)) <= RTOL64 * scale
    A, b = net.affine_map(xn)
    J = _jacobian(model, x)
    assert np.max(np.abs(A - J)) <= RTOL64 * max(1.0, float(np.abs(J).max()))
    assert np.max(np.abs(np.einsum("ncd,nd->nc", A, xn) + b - ref)) <= RTOL64 * scale * 10
    for k, v in model.state_dict().items():
        assert torch.equal(v, state[k]), f"{k} was modified"
    assert [m.training for m in model.modules()] == training
    return net


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(torch_module_graphs())
def test_random_module_graphs_import_exactly_in_float64(case):
    model, shape = case
    _assert_exact(model, shape)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None, max_examples=20)
@given(torch_module_graphs(dtype="float32"))
def test_random_module_graphs_import_in_float32_with_the_models_dtype(case):
    model, shape = case
    net = from_torch(model, shape)
    assert "float32" in str(net.dtype)
    x = torch.randn(4, *shape, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        ref = model(x).reshape(4, -1).numpy()
    out = net.forward(x.reshape(4, -1).numpy())
    assert out.dtype == np.float32
    assert np.max(np.abs(out - ref)) <= RTOL32 * max(1.0, float(np.abs(ref).max()))


# ------------------------------------------------------------------ named models
class DenseBlock(nn.Module):
    def __init__(self, c, growth=3, n=3):
        super().__init__()
        self.convs = nn.ModuleList([nn.Sequential(nn.BatchNorm2d(c + i * growth), nn.ReLU(), nn.Conv2d(c + i * growth, growth, 3, padding=1)) for i in range(n)])
        self.head = nn.Sequential(nn.AvgPool2d(2), nn.Flatten(), nn.Linear((c + n * growth) * 4 * 4, 5))

    def forward(self, x):
        for conv in self.convs:
            x = torch.cat([x, conv(x)], 1)
        return self.head(x)


class MobileNetBlock(nn.Module):
    """Inverted residual: expand 1x1, depthwise 3x3, ReLU6, project 1x1, skip."""

    def __init__(self, c=4, expand=3):
        super().__init__()
        h = c * expand
        self.stem = nn.Conv2d(2, c, 3, padding="same")
        self.expand = nn.Sequential(nn.Conv2d(c, h, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU6(inplace=True))
        self.dw = nn.Sequential(nn.Conv2d(h, h, 3, padding=1, groups=h, bias=False), nn.BatchNorm2d(h), nn.ReLU6(inplace=True))
        self.project = nn.Sequential(nn.Conv2d(h, c, 1, bias=False), nn.BatchNorm2d(c))
        self.fc = nn.Linear(c, 3)

    def forward(self, x):
        x = self.stem(x)
        x = x + self.project(self.dw(self.expand(x)))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.leaky_relu(self.conv2(x), 0.1), (2, 2))
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, 0.5, training=self.training)
        return self.fc3(F.relu(self.fc2(x)))


class SkipMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.h, self.o = nn.Linear(6, 8), nn.Linear(8, 8), nn.Linear(8, 3)

    def forward(self, x):
        h = torch.relu(self.a(x))
        h = h + torch.relu(self.h(h))
        return self.o(h)


_NAMED = {
    "resnet": (lambda: resnet(width=4, blocks=(1, 1, 1)), (3, 32, 32)),
    "densenet_block": (lambda: DenseBlock(3), (3, 8, 8)),
    "mobilenet_block": (lambda: MobileNetBlock(), (2, 7, 7)),
    "lenet_functional": (lambda: LeNet(), (1, 28, 28)),
    "mlp_skip": (lambda: SkipMLP(), (6,)),
}


@pytest.mark.parametrize("name", sorted(_NAMED))
def test_named_models_import_exactly(name):
    make, shape = _NAMED[name]
    torch.manual_seed(0)
    model = make().double()
    train_briefly(model, shape, seed=0)
    net = _assert_exact(model, shape)
    if name in ("resnet", "densenet_block", "mobilenet_block", "mlp_skip"):
        assert any(isinstance(lay, Graph) for lay in net.layers)


def test_resnet_is_a_chain_of_residual_blocks():
    torch.manual_seed(1)
    net = from_torch(resnet(width=4, blocks=(1, 1, 1)).double().eval(), (3, 32, 32))
    kinds = [type(lay).__name__ for lay in net.layers]
    assert kinds[:4] == ["Conv2d", "BatchNorm", "ReLU", "MaxPool"] and kinds[-3:] == ["AvgPool", "Flatten", "Dense"]
    assert kinds.count("Graph") == 3  # one block per residual addition; its ReLU after the merge stays a layer


# ------------------------------------------------------------------ dtypes and bad input
def test_float32_model_gives_a_float32_network_unless_dtype_is_given():
    model = SkipMLP().eval()
    assert "float32" in str(from_torch(model, (6,)).dtype)
    assert "float64" in str(from_torch(model, (6,), dtype="float64").dtype)
    assert "float64" in str(from_torch(model.double(), (6,)).dtype)


class _WithOp(nn.Module):
    def __init__(self, op):
        super().__init__()
        self.lin = nn.Linear(4, 4)
        self.op = op

    def forward(self, x):
        return self.op(self.lin(x))


@pytest.mark.parametrize(
    "op, pattern",
    [
        (nn.GELU(), r"GELU at graph node 'op' \(module 'op'\) is not piecewise affine; supported: nn.Linear"),
        (nn.LayerNorm(4), r"LayerNorm at graph node 'op' \(module 'op'\) is not piecewise affine"),
        (nn.SiLU(), r"SiLU at graph node 'op' \(module 'op'\) is not piecewise affine"),
        (nn.Softplus(), r"Softplus at graph node 'op' \(module 'op'\) is not piecewise affine"),
        (nn.Threshold(0.1, 20.0), r"Threshold at graph node 'op' \(module 'op'\) is not supported"),
    ],
)
def test_non_piecewise_affine_modules_are_named(op, pattern):
    with pytest.raises(TypeError, match=pattern):
        from_torch(_WithOp(op).eval(), (4,))


class _SoftmaxInside(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = nn.Sequential(nn.Linear(4, 4))

    def forward(self, x):
        return F.softmax(self.block(x), dim=1)


class _Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.att = nn.MultiheadAttention(4, 1, batch_first=True)

    def forward(self, x):
        return self.att(x, x, x)[0]


class _Product(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.b = nn.Linear(3, 3), nn.Linear(3, 3)

    def forward(self, x):
        return self.a(x) * self.b(x)


class _Branching(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(3, 3)

    def forward(self, x):
        if x.sum() > 0:
            return self.a(x)
        return x


@pytest.mark.parametrize(
    "model, shape, exc, pattern",
    [
        (_SoftmaxInside(), (4,), TypeError, r"'softmax' at graph node 'softmax' \(in the model's own forward\) is not piecewise affine"),
        (_Attention(), (2, 4), TypeError, r"MultiheadAttention at graph node 'att' \(module 'att'\) is not piecewise affine"),
        (_Product(), (3,), TypeError, r"multiplies or divides two tensors computed from the input"),
        (_Branching(), (3,), TypeError, r"torch.fx cannot trace the model's forward"),
        (nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3)), (3,), ValueError, r"1 \(BatchNorm1d\) is in training mode"),
        (nn.Sequential(nn.Linear(3, 3), nn.Dropout(0.2)), (3,), ValueError, r"1 \(Dropout\) is in training mode"),
        (nn.Sequential(nn.Linear(3, 3)).half(), (3,), TypeError, r"float16.*model.float\(\) or model.double\(\)"),
        (nn.Sequential(nn.Linear(3, 3, device="meta")), (3,), ValueError, r"'meta' device"),
        (nn.Sequential(nn.Linear(3, 3)), (4,), ValueError, r"cannot run on inputs of shape \(N, \*input_shape\) = \(N, \*\(4,\)\)"),
        (nn.Sequential(nn.Linear(3, 3)), "abc", TypeError, r"input_shape must be a tuple of ints; got 'abc'"),
        (nn.Sequential(nn.Linear(3, 3)), (0,), ValueError, r"input_shape must be a non-empty tuple of positive ints; got \(0,\)"),
        ("not a model", (3,), TypeError, r"model must be a torch.nn.Module; got str"),
    ],
)
def test_refusals_raise_the_named_error_and_leave_the_model_alone(model, shape, exc, pattern):
    if isinstance(model, nn.Module):
        training = [m.training for m in model.modules()]
        state = {k: v.clone() for k, v in model.state_dict().items() if v.device.type != "meta"}
    with pytest.raises(exc, match=pattern):
        from_torch(model, shape)
    if isinstance(model, nn.Module):
        assert [m.training for m in model.modules()] == training
        for k, v in state.items():
            assert torch.equal(model.state_dict()[k], v)


def test_import_check_catches_a_wrong_mapping(monkeypatch):
    # Sabotage: map every ReLU to a leaky ReLU; the comparison with model(x) must refuse the network.
    from spline_theory.layers import LeakyReLU

    monkeypatch.setattr(torch_import, "ReLU", lambda: LeakyReLU(0.5))
    with pytest.raises(RuntimeError, match=r"differs from model\(x\) beyond round-off"):
        from_torch(SkipMLP().double().eval(), (6,))


def test_the_global_random_state_is_untouched():
    torch.manual_seed(5)
    model = LeNet().eval()
    before = torch.get_rng_state().clone()
    from_torch(model, (1, 28, 28))
    assert torch.equal(torch.get_rng_state(), before)


def test_supported_ops_table_lists_every_mapped_layer():
    table = torch_import.supported_ops_markdown()
    for layer in ("Dense", "Conv2d", "MaxPool", "AvgPool", "BatchNorm", "ReLU", "LeakyReLU", "Hardtanh", "Add", "Concat", "Scale"):
        assert f"| {layer}" in table


# ------------------------------------------------------------------ the supported-op table
class _Fn(nn.Module):
    """A model whose forward is ``fn(self, x)``; tensors among ``parts`` become parameters."""

    def __init__(self, fn, **parts):
        super().__init__()
        self.fn = fn
        for k, v in parts.items():
            if isinstance(v, torch.Tensor):
                self.register_parameter(k, nn.Parameter(v))
            else:
                setattr(self, k, v)

    def forward(self, x):
        return self.fn(self, x)


def _bn(n, two_d):
    bn = nn.BatchNorm2d(n) if two_d else nn.BatchNorm1d(n)
    bn.running_mean.uniform_(-1, 1)
    bn.running_var.uniform_(0.5, 2)
    return bn


IMG, VEC = (2, 6, 6), (4,)


def _iadd(y, x):
    y += x
    return y

# For every call SUPPORTED_OPS names: a model using it, the input shape, and the layer it must become
# (None: no layer of its own; only the model's Linear (and a Flatten) remain).
_CALLS = {
    "nn.Linear": (lambda s, x: s.m(x), {"m": nn.Linear(4, 3)}, VEC, "Dense"),
    "F.linear": (lambda s, x: F.linear(x, s.w, s.b), {"w": torch.randn(3, 4), "b": torch.randn(3)}, VEC, "Dense"),
    "nn.Conv2d": (lambda s, x: s.m(x), {"m": nn.Conv2d(2, 4, 3, padding="same", dilation=2, groups=2)}, IMG, "Conv2d"),
    "nn.MaxPool2d": (lambda s, x: s.m(x), {"m": nn.MaxPool2d(3, 2, padding=1)}, IMG, "MaxPool"),
    "F.max_pool2d": (lambda s, x: F.max_pool2d(x, (2, 3), (2, 1), (1, 1)), {}, IMG, "MaxPool"),
    "nn.AdaptiveMaxPool2d": (lambda s, x: s.m(x), {"m": nn.AdaptiveMaxPool2d((3, 2))}, IMG, "MaxPool"),
    "F.adaptive_max_pool2d": (lambda s, x: F.adaptive_max_pool2d(x, 2), {}, IMG, "MaxPool"),
    "nn.AvgPool2d": (lambda s, x: s.m(x), {"m": nn.AvgPool2d(3, 2, padding=1, count_include_pad=False)}, IMG, "AvgPool"),
    "F.avg_pool2d": (lambda s, x: F.avg_pool2d(x, 2), {}, IMG, "AvgPool"),
    "nn.AdaptiveAvgPool2d": (lambda s, x: s.m(x), {"m": nn.AdaptiveAvgPool2d((1, 1))}, IMG, "AvgPool"),
    "F.adaptive_avg_pool2d": (lambda s, x: F.adaptive_avg_pool2d(x, (3, 2)), {}, IMG, "AvgPool"),
    "nn.BatchNorm1d": (lambda s, x: s.m(x), {"m": _bn(4, False)}, VEC, "BatchNorm"),
    "nn.BatchNorm2d": (lambda s, x: s.m(x), {"m": _bn(2, True)}, IMG, "BatchNorm"),
    "nn.ReLU": (lambda s, x: s.m(x * 1.0), {"m": nn.ReLU(inplace=True)}, VEC, "ReLU"),
    "F.relu": (lambda s, x: F.relu(x), {}, VEC, "ReLU"),
    "F.relu_": (lambda s, x: F.relu_(x * 1.0), {}, VEC, "ReLU"),
    "torch.relu": (lambda s, x: torch.relu(x), {}, VEC, "ReLU"),
    "torch.relu_": (lambda s, x: torch.relu_(x * 1.0), {}, VEC, "ReLU"),
    "Tensor.relu": (lambda s, x: x.relu(), {}, VEC, "ReLU"),
    "Tensor.relu_": (lambda s, x: (x * 1.0).relu_(), {}, VEC, "ReLU"),
    "nn.LeakyReLU": (lambda s, x: s.m(x), {"m": nn.LeakyReLU(0.2)}, VEC, "LeakyReLU"),
    "F.leaky_relu": (lambda s, x: F.leaky_relu(x, 0.3), {}, VEC, "LeakyReLU"),
    "F.leaky_relu_": (lambda s, x: F.leaky_relu_(x * 1.0, 0.3), {}, VEC, "LeakyReLU"),
    "nn.ReLU6": (lambda s, x: s.m(3.0 * x), {"m": nn.ReLU6()}, VEC, "Hardtanh"),
    "F.relu6": (lambda s, x: F.relu6(3.0 * x), {}, VEC, "Hardtanh"),
    "nn.Hardtanh": (lambda s, x: s.m(x), {"m": nn.Hardtanh(-0.5, 0.5)}, VEC, "Hardtanh"),
    "F.hardtanh": (lambda s, x: F.hardtanh(x), {}, VEC, "Hardtanh"),
    "F.hardtanh_": (lambda s, x: F.hardtanh_(x * 1.0, -0.2, 0.7), {}, VEC, "Hardtanh"),
    "torch.clamp": (lambda s, x: torch.clamp(x, -1.0, 0.5), {}, VEC, "Hardtanh"),
    "Tensor.clamp": (lambda s, x: x.clamp(-0.5, 1.0), {}, VEC, "Hardtanh"),
    "nn.Identity": (lambda s, x: s.lin(s.m(x)), {"m": nn.Identity(), "lin": nn.Linear(4, 2)}, VEC, None),
    "nn.Dropout": (lambda s, x: s.lin(s.m(x)), {"m": nn.Dropout(0.3), "lin": nn.Linear(4, 2)}, VEC, None),
    "nn.Dropout2d": (lambda s, x: s.lin(s.m(x).flatten(1)), {"m": nn.Dropout2d(0.3), "lin": nn.Linear(72, 2)}, IMG, None),
    "nn.AlphaDropout": (lambda s, x: s.lin(s.m(x)), {"m": nn.AlphaDropout(0.3), "lin": nn.Linear(4, 2)}, VEC, None),
    "F.dropout": (lambda s, x: s.lin(F.dropout(x, 0.5, training=s.training)), {"lin": nn.Linear(4, 2)}, VEC, None),
    "Tensor.contiguous": (lambda s, x: s.lin(x.contiguous()), {"lin": nn.Linear(4, 2)}, VEC, None),
    "nn.Flatten": (lambda s, x: s.m(x), {"m": nn.Flatten()}, IMG, "Flatten"),
    "torch.flatten": (lambda s, x: torch.flatten(x, 1), {}, IMG, "Flatten"),
    "Tensor.flatten": (lambda s, x: x.flatten(1), {}, IMG, "Flatten"),
    "Tensor.view": (lambda s, x: x.view(x.size(0), 12, 6), {}, IMG, "Reshape"),
    "Tensor.reshape": (lambda s, x: x.reshape(x.size(0), -1), {}, IMG, "Flatten"),
    "torch.reshape": (lambda s, x: torch.reshape(x, (-1, 3, 4, 6)), {}, IMG, "Reshape"),
    "+": (lambda s, x: x + s.lin(x), {"lin": nn.Linear(4, 4)}, VEC, "Add"),
    "+=": (lambda s, x: _iadd(s.lin(x), x), {"lin": nn.Linear(4, 4)}, VEC, "Add"),
    "torch.add": (lambda s, x: torch.add(x, s.lin(x), alpha=2.0), {"lin": nn.Linear(4, 4)}, VEC, "Add"),
    "Tensor.add": (lambda s, x: x.add(s.lin(x)), {"lin": nn.Linear(4, 4)}, VEC, "Add"),
    "-": (lambda s, x: x - s.lin(x), {"lin": nn.Linear(4, 4)}, VEC, "Add"),
    "torch.sub": (lambda s, x: torch.sub(x, s.lin(x)), {"lin": nn.Linear(4, 4)}, VEC, "Add"),
    "torch.cat": (lambda s, x: torch.cat([x, s.c(x)], 1), {"c": nn.Conv2d(2, 3, 3, padding=1)}, IMG, "Concat"),
    "torch.concat": (lambda s, x: torch.concat([s.c(x), x], dim=-3), {"c": nn.Conv2d(2, 3, 3, padding=1)}, IMG, "Concat"),
    "*": (lambda s, x: 2.0 * x, {}, VEC, "Scale"),
    "/": (lambda s, x: x / 4.0, {}, VEC, "Scale"),
    "torch.mul": (lambda s, x: torch.mul(x, s.c), {"c": torch.tensor([1.0, -2.0, 0.5, 3.0])}, VEC, "Scale"),
    "torch.div": (lambda s, x: torch.div(x, 3.0), {}, VEC, "Scale"),
    "Tensor.mul": (lambda s, x: x.mul(0.5), {}, VEC, "Scale"),
    "Tensor.div": (lambda s, x: x.div(2.0), {}, VEC, "Scale"),
    "unary -": (lambda s, x: -x, {}, VEC, "Scale"),
}


def test_every_call_of_the_supported_op_table_has_a_model_here():
    listed = {c for calls, _, _ in torch_import.SUPPORTED_OPS for c in calls}
    assert listed == set(_CALLS), f"table without model: {sorted(listed - set(_CALLS))}; model without row: {sorted(set(_CALLS) - listed)}"


@pytest.mark.parametrize("call", sorted(_CALLS))
def test_every_supported_call_imports_to_its_layer(call):
    fn, parts, shape, layer = _CALLS[call]
    torch.manual_seed(0)
    model = _Fn(fn, **parts).double().eval()
    net = from_torch(model, shape)  # also checked against model(x) on random inputs
    kinds = []
    for lay in net.layers:
        kinds += [type(s).__name__ for s in lay.sublayers()] or [type(lay).__name__]
    row_layer = next(row[1] for row in torch_import.SUPPORTED_OPS if call in row[0])
    if layer is None:
        assert set(kinds) <= {"Dense", "Flatten"} and row_layer == "(no layer)"
    else:
        assert layer in kinds and layer in row_layer
