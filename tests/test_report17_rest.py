"""report17 Sec. 3 (rest): the fast convolution paths of the affine map, and the claims' sabotage rows."""

import numpy as np
import pytest

from spline_theory.layers import Conv2d, Dense, MaxPool, ReLU, LeakyReLU, Flatten
from spline_theory.network import Network


@pytest.mark.parametrize("shape,kernel,stride,padding", [((2, 5, 6), (3, 2, 3, 3), 1, 1), ((1, 7, 7), (2, 1, 2, 2), 2, 0), ((3, 6, 5), (2, 3, 3, 3), 2, 2), ((1, 4, 4), (1, 1, 4, 4), 3, 1)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_conv_im2col_and_col2im_match_the_explicit_matrix(shape, kernel, stride, padding, dtype):
    rng = np.random.default_rng(0)
    k0 = rng.standard_normal(kernel).astype(dtype)
    lay = Conv2d(k0, rng.standard_normal(kernel[0]).astype(dtype), stride=stride, padding=padding).bind(shape)
    M = lay._mat()
    z = rng.standard_normal((3, lay.D_in)).astype(dtype)
    U = rng.standard_normal((2, 4, lay.D_out)).astype(dtype)
    V = rng.standard_normal((2, lay.D_in, 3)).astype(dtype)
    tol = dict(rtol=1e-4, atol=1e-4) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(lay.linearize(z)[0], z @ M.T + lay._bias, **tol)
    np.testing.assert_allclose(lay.pull({}, U), U @ M, **tol)
    np.testing.assert_allclose(lay.push({}, V), M @ V, **tol)
    assert lay.pull({}, U).dtype == dtype
    np.testing.assert_array_equal(lay.kernel, k0)  # parameters untouched


def test_fused_slopes_in_the_backward_pass_match_the_forward_pass():
    rng = np.random.default_rng(1)
    net = Network([Conv2d(rng.standard_normal((2, 1, 3, 3)), rng.standard_normal(2), padding=1), LeakyReLU(0.3), MaxPool(2), Flatten(),
                   Dense(rng.standard_normal((6, 8)), rng.standard_normal(6)), ReLU(), Dense(rng.standard_normal((3, 6)), rng.standard_normal(3))], (1, 4, 4))
    x = rng.standard_normal((5, 16))
    x0 = x.copy()
    Af, bf = net.affine_map(x, mode="forward")
    Ab, bb = net.affine_map(x, mode="backward")
    np.testing.assert_allclose(Ab, Af, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(bb, bf, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.einsum("ncd,nd->nc", Ab, x) + bb, net.forward(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(x, x0)


# ------------------------------------------------------------ stacked RNN (Eq. 48-50)
import importlib  # noqa: E402

from spline_theory import claims  # noqa: E402
from spline_theory import network as netmod  # noqa: E402
from spline_theory.layers import ReLURNN  # noqa: E402


@pytest.fixture
def _no_shrinking(monkeypatch):
    from hypothesis import Phase, settings

    orig = claims.hypothesis_settings
    monkeypatch.setattr(claims, "hypothesis_settings", lambda profile="dev": settings(orig(profile), phases=[Phase.explicit, Phase.reuse, Phase.generate]))


def _stack(rng, L, T=3, Dx=2, H=2, eta=0.5, bias=True):
    layers, d = [], Dx
    for ell in range(L):
        layers.append(ReLURNN(rng.standard_normal((H, d)), rng.standard_normal((H, H)), rng.standard_normal(H) if bias else np.zeros(H), T, eta=eta, sequence=ell < L - 1))
        d = H
    return Network(layers, (T, Dx))


def test_sequence_rnn_affine_map_is_exact_and_matches_finite_differences():
    rng = np.random.default_rng(2)
    net = _stack(rng, 2)
    x = rng.standard_normal((3, 6))
    for mode in ("forward", "backward"):
        A, b = net.affine_map(x, mode=mode)
        np.testing.assert_allclose(np.einsum("ncd,nd->nc", A, x) + b, net.forward(x), rtol=1e-12, atol=1e-12)
    h = 1e-6
    J = np.stack([(net.forward(x + h * e) - net.forward(x - h * e)) / (2 * h) for e in np.eye(6)], axis=2)
    np.testing.assert_allclose(A, J, rtol=1e-5, atol=1e-6)
    seq = Network([net.layers[0]], (3, 2))
    assert seq.output_shape == (3, 2)
    np.testing.assert_allclose(seq.forward(x)[:, -2:], Network([ReLURNN(net.layers[0].W_x, net.layers[0].W_h, net.layers[0].b, 3, eta=0.5)], (3, 2)).forward(x))
    assert Network.from_spec(net.to_spec()).layers[0].sequence is True


def test_stacked_rnn_path_sum_equals_the_bias_free_stack_and_rejects_bad_stacks():
    rng = np.random.default_rng(3)
    for L in (1, 2, 3):
        net = _stack(rng, L, bias=False)
        x = rng.standard_normal((4, 6))
        np.testing.assert_allclose(netmod.stacked_rnn_path_sum(net, x), net.forward(x), rtol=1e-12, atol=1e-12)
    with pytest.raises(TypeError, match="sequence"):
        netmod.stacked_rnn_path_sum(Network([ReLURNN(np.ones((1, 1)), np.ones((1, 1)), np.zeros(1), 2)] * 1 + [Dense(np.ones((1, 1)), np.zeros(1))], (2, 1)), np.ones((1, 2)))
    with pytest.raises(ValueError, match="outside"):
        netmod.stacked_rnn_path_sum(net, x, stay=lambda l, a, b: range(0, 1))
    with pytest.raises(TypeError, match="sequence must be a bool"):
        ReLURNN(np.ones((1, 1)), np.ones((1, 1)), np.zeros(1), 2, sequence=1)


@pytest.mark.parametrize("eq", [48, 49, 50])
def test_stacked_rnn_corrected_claims_fail_with_the_printed_ranges(monkeypatch, _no_shrinking, eq):
    cid = f"report17.eq{eq}-corrected"
    mod = importlib.import_module(claims.get(cid)._check.__module__)
    from spline_theory.proofs.report17._stacked_rnn import printed_stay

    def wrong(net, x, stay=None):
        return netmod.stacked_rnn_path_sum(net, x, stay=printed_stay(48, net.layers[0].T))  # layer 1 one step short

    monkeypatch.setattr(mod, "stacked_rnn_path_sum", wrong)
    assert claims.get(cid).expected == "holds"
    assert claims.get(cid).verify(max_examples=100).verdict == "fails"


def test_report17_thm2_corrected_fails_with_a_min_affine_spline(monkeypatch, _no_shrinking):
    from spline_theory import max_affine_spline

    mod = importlib.import_module(claims.get("report17.thm2-corrected")._check.__module__)

    def min_affine(alpha, beta):
        S = max_affine_spline(-np.asarray(alpha), -np.asarray(beta))
        return lambda x: -S(x)

    monkeypatch.setattr(mod, "max_affine_spline", min_affine)
    assert claims.get("report17.thm2-corrected").expected == "holds"
    assert claims.get("report17.thm2-corrected").verify(max_examples=100).verdict == "fails"


def test_report17_prop1_corrected_fails_with_a_wrong_bias(monkeypatch, _no_shrinking):
    orig = Network.affine_map

    def bias_off(self, x, **kw):
        A, b = orig(self, x, **kw)
        return A, b * 1.01 + 0.01

    monkeypatch.setattr(Network, "affine_map", bias_off)
    assert claims.get("report17.prop1-corrected").expected == "holds"
    assert claims.get("report17.prop1-corrected").verify(max_examples=100).verdict == "fails"
