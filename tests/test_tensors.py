"""PyTorch tensors in, tensors out: zero-copy through DLPack, bit-identical results, inputs untouched.

Skipped without PyTorch. CUDA tensors need a GPU and CuPy (the GPU machine's suite).
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from spline_theory import backend, claims, operators  # noqa: E402
from spline_theory.layers import Dense, ReLU  # noqa: E402
from spline_theory.network import Network  # noqa: E402
from spline_theory.partition import segment_partition, slice_partition  # noqa: E402
from spline_theory.testing.torch_models import resnet  # noqa: E402
from spline_theory.torch_interop import from_torch  # noqa: E402


@pytest.fixture(scope="module")
def small_resnet():
    torch.manual_seed(0)
    return resnet(width=4, blocks=(1, 1)).double().eval()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_network_methods_take_tensors_and_return_tensors_bit_identical_to_numpy(small_resnet, dtype):
    model = small_resnet.to(getattr(torch, dtype))
    net = from_torch(model, (3, 16, 16))
    x = torch.randn(4, 3, 16, 16, dtype=getattr(torch, dtype), generator=torch.Generator().manual_seed(1), requires_grad=True)
    before = x.detach().clone()
    xn = x.detach().numpy().copy()
    pairs = [
        (net.forward(x), net.forward(xn)),
        (net.affine_map(x), net.affine_map(xn)),
        (net.templates(x), net.templates(xn)),
        (net.region_codes(x), net.region_codes(xn)),
        (net.certified_radius(x), net.certified_radius(xn)),
        (net.forward(x[0]), net.forward(xn[0])),
        (net.partition_distance(x, x.flip(0)), net.partition_distance(xn, xn[::-1].copy())),
    ]
    for got, ref in pairs:
        got = got if isinstance(got, (tuple, list)) else [got]
        ref = ref if isinstance(ref, (tuple, list)) else [ref]
        for g, r in zip(got, ref):
            assert isinstance(g, torch.Tensor) and not g.requires_grad and g.device.type == "cpu"
            assert g.numpy().dtype == r.dtype and np.array_equal(g.numpy(), r)
    assert torch.equal(x.detach(), before) and x.grad is None  # the caller's tensor is untouched


def test_cpu_tensors_reach_numpy_without_a_copy():
    t = torch.arange(12.0, dtype=torch.float64).reshape(3, 4)
    a = backend.from_tensor(t)
    assert isinstance(a, np.ndarray) and np.shares_memory(a, t.numpy())
    back = backend.to_tensor(a)
    assert back.data_ptr() == t.data_ptr()


def test_read_only_results_are_copied_into_tensors():
    # A network of affine operators has one map for all inputs: affine_map returns read-only broadcast views.
    net = Network([Dense(np.eye(2), np.zeros(2))], (2,))
    A, b = net.affine_map(torch.ones(3, 2, dtype=torch.float64))
    assert isinstance(A, torch.Tensor) and A.shape == (3, 2, 2) and torch.equal(A[1], torch.eye(2, dtype=torch.float64))


def test_module_functions_claims_and_partitions_take_tensors():
    z = torch.tensor([[1.0, -2.0, 0.5]], dtype=torch.float64)
    out = operators.relu(z)
    assert isinstance(out, torch.Tensor) and torch.equal(out, torch.relu(z))
    rng = np.random.default_rng(0)
    net = Network([Dense(rng.standard_normal((6, 2)), rng.standard_normal(6)), ReLU(), Dense(rng.standard_normal((1, 6)), np.zeros(1))], (2,))
    x = torch.tensor(rng.standard_normal((5, 2)), requires_grad=True)
    assert claims.get("icml18.thm1").check(net=net, x=x).status == "holds"
    e1, e2 = torch.tensor([1.0, 0.0], dtype=torch.float64), torch.tensor([0.0, 1.0], dtype=torch.float64)
    part = slice_partition(net, torch.zeros(2, dtype=torch.float64), e1, e2)
    ref = slice_partition(net, np.zeros(2), np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    assert len(part) == len(ref)
    assert len(segment_partition(net, -e1, e1)) == len(segment_partition(net, -np.array([1.0, 0.0]), np.array([1.0, 0.0])))


def test_tensors_on_other_devices_are_refused_clearly():
    net = Network([Dense(np.eye(2), np.zeros(2)), ReLU()], (2,))
    with pytest.raises(ValueError, match=r"tensors on device meta are not supported"):
        net.forward(torch.empty(3, 2, device="meta"))


def test_without_tensors_nothing_changes():
    net = Network([Dense(np.eye(2), np.zeros(2)), ReLU()], (2,))
    out = net.forward(np.ones((2, 2)))
    assert isinstance(out, np.ndarray)


def test_sabotage_a_missing_conversion_is_caught(monkeypatch):
    # Without the output conversion the caller gets NumPy back: the tensor test above must notice.
    monkeypatch.setattr(backend, "to_tensor", lambda a: a)
    net = Network([Dense(np.eye(2), np.zeros(2)), ReLU()], (2,))
    assert not isinstance(net.forward(torch.ones(1, 2, dtype=torch.float64)), torch.Tensor)


def test_from_torch_to_cupy_without_a_gpu_is_a_clear_error(small_resnet):
    if backend.is_available("cupy"):
        pytest.skip("a GPU is present: the CUDA test below runs instead")
    with pytest.raises(backend.BackendUnavailableError, match=r"backend 'cupy' is unavailable"):
        from_torch(small_resnet, (3, 16, 16), backend="cupy")


_CUDA = backend.is_available("cupy") and torch.cuda.is_available()


@pytest.mark.gpu
@pytest.mark.skipif(not _CUDA, reason="needs CuPy, a CUDA build of torch and a CUDA device")
def test_a_cuda_model_stays_on_its_gpu_and_matches_the_cpu_import(small_resnet):
    model = small_resnet.to("cuda")
    net = from_torch(model, (3, 16, 16))  # backend defaults to cupy for a CUDA model
    assert backend.backend_name(net.xp) == "cupy"
    x = torch.randn(3, 3, 16, 16, dtype=torch.float64, device="cuda", generator=torch.Generator(device="cuda").manual_seed(0))
    A, b = net.affine_map(x)
    assert A.device.type == "cuda" and b.device.type == "cuda"
    A_cpu, b_cpu = from_torch(small_resnet.cpu(), (3, 16, 16)).affine_map(x.cpu())
    assert torch.allclose(A.cpu(), A_cpu, rtol=1e-10, atol=1e-12) and torch.allclose(b.cpu(), b_cpu, rtol=1e-10, atol=1e-12)
