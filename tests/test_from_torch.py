"""from_torch: PyTorch models imported as spline networks agree with PyTorch in float64."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn

from spline_theory.torch_interop import Residual, from_torch  # noqa: E402


def _models(seed):
    torch.manual_seed(seed)
    bn2 = nn.BatchNorm2d(4)
    bn1 = nn.BatchNorm1d(6)
    for bn in (bn2, bn1):
        bn.running_mean.uniform_(-1, 1)
        bn.running_var.uniform_(0.5, 2)
        bn.weight.data.uniform_(-2, 2)
    cnn = nn.Sequential(
        nn.Conv2d(2, 4, 3, stride=1, padding=1), bn2, nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 4, 2, stride=2, padding=1, bias=False),
        nn.LeakyReLU(0.2), nn.AvgPool2d(2, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Identity(), nn.Linear(4, 3),
    )
    mlp = nn.Sequential(nn.Linear(5, 6), bn1, nn.LeakyReLU(1.5), Residual(nn.Linear(6, 6), nn.ReLU(), nn.Linear(6, 6)), nn.Sequential(nn.ReLU(), nn.Linear(6, 2)))
    return [(cnn.double().eval(), (2, 6, 6)), (mlp.double().eval(), (5,))]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_imported_model_matches_torch_forward_and_jacobian(seed):
    for model, shape in _models(seed):
        state = {k: v.clone() for k, v in model.state_dict().items()}
        net = from_torch(model, shape)
        x = torch.randn(7, *shape, dtype=torch.float64)
        with torch.no_grad():
            ref = model(x).reshape(7, -1).numpy()
        xn = x.reshape(7, -1).numpy()
        assert np.allclose(net.forward(xn), ref, rtol=1e-12, atol=1e-12)
        A, b = net.affine_map(xn)
        assert np.allclose(np.einsum("ncd,nd->nc", A, xn) + b, ref, rtol=1e-10, atol=1e-10)
        J = torch.func.vmap(torch.func.jacrev(lambda v: model(v[None])[0].reshape(-1)))(x).reshape(7, ref.shape[1], -1).detach().numpy()
        assert np.allclose(A, J, rtol=1e-10, atol=1e-10)
        for k, v in model.state_dict().items():
            assert torch.equal(v, state[k]), f"{k} was modified"


def test_unsupported_layer_is_named():
    with pytest.raises(TypeError, match=r"Tanh at graph node '_1' \(module '1'\) is not piecewise affine; supported: nn.Linear"):
        from_torch(nn.Sequential(nn.Linear(2, 2), nn.Tanh()), (2,))


def test_batchnorm_in_training_mode_is_an_error():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)).double()
    with pytest.raises(ValueError, match=r"1 \(BatchNorm1d\) is in training mode"):
        from_torch(model, (2,))


def test_float32_import():
    model, shape = _models(3)[1]
    net = from_torch(model, shape, dtype="float32")
    x = torch.randn(4, *shape, dtype=torch.float64)
    with torch.no_grad():
        ref = model(x).numpy()
    out = net.forward(x.numpy().astype(np.float32))
    assert out.dtype == np.float32 and np.allclose(out, ref, rtol=1e-4, atol=1e-4)
