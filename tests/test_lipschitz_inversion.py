"""Lipschitz constants and network inversion (report17 Sec. 4.3.2, Sec. 5.1, App. A.4): properties, bad input, sabotage."""

import importlib

import numpy as np
import pytest

from spline_theory import claims
from spline_theory import inversion as I
from spline_theory import lipschitz as L
from spline_theory.network import Network

RNG = np.random.default_rng(0)


def _mlp(D=3, H=4, C=2, eta=None):
    act = {"type": "ReLU"} if eta is None else {"type": "LeakyReLU", "eta": eta}
    return Network.from_spec({"input_shape": [D], "layers": [
        {"type": "Dense", "W": RNG.normal(size=(H, D)), "b": RNG.normal(size=H)}, act,
        {"type": "Dense", "W": RNG.normal(size=(C, H)), "b": RNG.normal(size=C)}]})


# ------------------------------------------------------------------ properties
def test_spectral_norm_matches_numpy():
    M = RNG.normal(size=(3, 4, 5))
    np.testing.assert_allclose(L.spectral_norm(M), np.linalg.norm(M, ord=2, axis=(1, 2)))


@pytest.mark.parametrize("spec, plain", [
    ({"type": "ReLU"}, 1.0), ({"type": "Abs"}, 1.0), ({"type": "LeakyReLU", "eta": 0.1}, 1.0), ({"type": "LeakyReLU", "eta": 3.0}, 3.0)])
def test_activation_constants(spec, plain):
    net = Network.from_spec({"input_shape": [2], "layers": [spec]})
    assert L.layer_lipschitz(net.layers[0], squared=False) == plain
    assert L.layer_lipschitz(net.layers[0]) == plain**2
    assert L.printed_layer_lipschitz(net.layers[0]) == 4.0


def test_overlapping_max_pool_constant_is_window_multiplicity():
    net = Network.from_spec({"input_shape": [1, 3, 3], "layers": [{"type": "MaxPool", "size": 2, "stride": 1}]})
    assert L.layer_lipschitz(net.layers[0]) == pytest.approx(4.0)  # the centre pixel lies in 4 windows
    # attained: the centre pixel is the max of every window
    x = np.zeros((1, 9))
    x[0, 4] = 1.0
    assert L.empirical_lipschitz(net, x, steps=0) == pytest.approx(4.0)


def test_composition_bounds_the_search_and_the_dense_bound_is_attained():
    net = _mlp()
    lower = L.empirical_lipschitz(net, RNG.normal(size=(4, 3)), squared=False)
    assert lower <= L.composition_lipschitz(net, squared=False) * (1 + 1e-12)
    dense = Network.from_spec({"input_shape": [3], "layers": [{"type": "Dense", "W": RNG.normal(size=(2, 3)), "b": np.zeros(2)}]})
    assert L.empirical_lipschitz(dense, RNG.normal(size=(1, 3)), steps=0) == pytest.approx(L.composition_lipschitz(dense))


def test_softmax_constants_and_jacobian():
    x = RNG.normal(size=(2, 3))
    h = 1e-6
    J = L.softmax_jacobian(x)
    for j in range(3):
        e = np.zeros(3)
        e[j] = h
        np.testing.assert_allclose((L.softmax(x + e) - L.softmax(x - e)) / (2 * h), J[:, :, j], atol=1e-8)
    assert L.softmax_lipschitz(3, source="report17") == pytest.approx(2 / 9)
    assert L.softmax_lipschitz(3, source="report17", squared=False) == pytest.approx((2 / 9) ** 0.5)
    assert L.softmax_lipschitz(5) == 0.25 and L.softmax_lipschitz(5, squared=False) == 0.5
    near = L.empirical_lipschitz("softmax", np.array([[20.0, 20.0, -20.0]]), steps=0)
    assert 2 / 9 < near <= 0.25


def test_adversarial_perturbation_moves_along_the_class_gradient():
    net = _mlp()
    x = RNG.normal(size=(2, 3))
    xa = L.adversarial_perturbation(net, x, 1, 1e-6)
    p0 = L.softmax(net.forward(x))[:, 1]
    p1 = L.softmax(net.forward(xa))[:, 1]
    assert np.all(p1 >= p0)
    np.testing.assert_array_equal(L.adversarial_perturbation(net, x, np.array([0, 1]), 0.0), x)


def test_inverse_orthonormal_square_linear_map_is_exact():
    Q, _ = np.linalg.qr(RNG.normal(size=(3, 3)))
    net = Network.from_spec({"input_shape": [3], "layers": [{"type": "Dense", "W": Q, "b": np.zeros(3)}]})
    x = RNG.normal(size=(4, 3))
    np.testing.assert_allclose(I.network_inverse(net, x), x, atol=1e-12)
    np.testing.assert_allclose(I.reconstruction_loss(net, x), 0.0, atol=1e-20)


def test_layer_reconstruction_loss_at_zero_is_eq80_and_losses_combine():
    net = _mlp()
    x = RNG.normal(size=(3, 3))
    x0 = x.copy()
    np.testing.assert_allclose(I.layer_reconstruction_loss(net, x, 0), I.reconstruction_loss(net, x))
    W, b = net.layers[2].W, net.layers[2].b
    z = np.maximum(x @ net.layers[0].W.T + net.layers[0].b, 0)  # z^(2): after Dense and ReLU
    np.testing.assert_allclose(I.layer_reconstruction_loss(net, x, 2), np.sum(((W.T @ (W @ z.T + b[:, None])).T - z) ** 2, axis=1))
    y = np.array([0, -1, 1])
    full = I.semi_supervised_loss(net, x, y, 0.7, 0.5)
    unl = I.semi_supervised_loss(net, x, np.array([-1, -1, -1]), 0.7, 0.5)
    assert full[1] == pytest.approx(unl[1])
    assert full[0] > unl[0]
    per = I.semi_supervised_loss(net, x, y, 0.7, 0.5, gammas=[1.0, 0.0, 0.0])
    assert np.all(np.isfinite(per))
    np.testing.assert_array_equal(x, x0)  # inputs never mutated


def test_entropy_loss():
    np.testing.assert_allclose(I.entropy_loss(np.array([[0.5, 0.5], [1.0, 0.0]])), [np.log(2), 0.0])


def test_array_api_strict_runs():
    xs = pytest.importorskip("array_api_strict")
    x = xs.asarray(RNG.normal(size=(2, 3)))
    assert 0 < L.empirical_lipschitz("softmax", x, steps=2) <= 0.25 + 1e-12
    assert I.entropy_loss(L.softmax(x)).shape == (2,)


# ------------------------------------------------------------------ bad input
def test_bad_input():
    net = _mlp()
    with pytest.raises(TypeError, match="squared"):
        L.layer_lipschitz(net.layers[0], squared=1)
    with pytest.raises(TypeError, match="layer"):
        L.layer_lipschitz("relu")
    with pytest.raises(TypeError, match="net"):
        L.composition_lipschitz([net])
    with pytest.raises(ValueError, match="starts"):
        L.empirical_lipschitz(net, np.zeros((2, 5)))
    with pytest.raises(ValueError, match="D must"):
        L.softmax_lipschitz(0)
    with pytest.raises(ValueError, match="source"):
        L.softmax_lipschitz(3, source="paper")
    with pytest.raises(ValueError, match="k must"):
        L.adversarial_perturbation(net, np.zeros((1, 3)), 5, 1.0)
    with pytest.raises(ValueError, match="alpha"):
        L.adversarial_perturbation(net, np.zeros((1, 3)), 0, -1.0)
    with pytest.raises(ValueError, match="x must have shape"):
        I.template_inverse(np.zeros((2, 3, 4)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="b must have shape"):
        I.template_inverse(np.zeros((2, 3, 4)), np.zeros((2, 4)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="p must hold probabilities"):
        I.entropy_loss(np.array([[0.5, 0.6]]))
    with pytest.raises(ValueError, match="layer must"):
        I.layer_reconstruction_loss(net, np.zeros((1, 3)), 3)
    with pytest.raises(ValueError, match="y must"):
        I.semi_supervised_loss(net, np.zeros((1, 3)), np.array([2]), 0.5, 0.5)
    with pytest.raises(ValueError, match="alpha"):
        I.semi_supervised_loss(net, np.zeros((1, 3)), np.array([0]), 1.5, 0.5)
    with pytest.raises(ValueError, match="gammas"):
        I.semi_supervised_loss(net, np.zeros((1, 3)), np.array([0]), 0.5, 0.5, gammas=[1.0])
    rnn = Network.from_spec({"input_shape": [2, 1], "layers": [{"type": "ReLURNN", "W_x": np.ones((1, 1)), "W_h": np.ones((1, 1)), "b": np.zeros(1), "T": 2}]})
    with pytest.raises(TypeError, match="ReLURNN"):
        L.layer_lipschitz(rnn.layers[0])


# ------------------------------------------------------------------ sabotage
@pytest.fixture(autouse=False)
def _no_shrinking(monkeypatch):
    from hypothesis import Phase, settings

    orig = claims.hypothesis_settings
    monkeypatch.setattr(claims, "hypothesis_settings", lambda profile="dev": settings(orig(profile), phases=[Phase.explicit, Phase.reuse, Phase.generate]))


def _module(claim_id):
    return importlib.import_module(claims.get(claim_id)._check.__module__)


def _half_layer(layer, squared=True):
    return 0.5 * L.layer_lipschitz(layer, squared=squared)


def _half_true_constant(layer):
    return 0.5 * L.layer_lipschitz(layer)


def _half_composition(net, squared=True):
    return 0.5 * L.composition_lipschitz(net, squared=squared)


def _printed_softmax(D, squared=True, source="exact"):
    return L.softmax_lipschitz(D, squared=squared, source="report17")


def _inverse_without_bias(net, x):
    X = net._batch(x)
    A, _ = net.affine_map(X)
    return I.template_inverse(A, X)


def _inverse_plus_x(A, x, b=None):
    return I.template_inverse(A, x, b) + x


def _loss_plus_tenth(net, x):
    return I.reconstruction_loss(net, x) + 0.1


def _double_step(net, x, k, alpha):
    return L.adversarial_perturbation(net, x, k, 2 * alpha)


SABOTAGE = [
    ("report17.eq64", "adversarial_perturbation", _double_step),
    ("report17.table3.pca", "reconstruction_loss", _loss_plus_tenth),
    ("report17.table3.soft_threshold", "network_inverse", _inverse_without_bias),
    ("report17.thm6-corrected", "layer_lipschitz", _half_layer),
    ("report17.eq68", "printed_layer_lipschitz", _half_true_constant),
    ("report17.eq69", "printed_layer_lipschitz", _half_true_constant),
    ("report17.eq70-corrected", "layer_lipschitz", _half_layer),
    ("report17.eq71", "printed_layer_lipschitz", _half_true_constant),
    ("report17.eq72", "composition_lipschitz", _half_composition),
    ("report17.thm11-corrected", "softmax_lipschitz", _printed_softmax),
    ("report17.eq77", "network_inverse", _inverse_without_bias),
    ("report17.eq78", "network_inverse", _inverse_without_bias),
    ("report17.thm8-corrected", "template_inverse", _inverse_plus_x),
]


def test_every_holding_lipschitz_or_inversion_claim_has_a_sabotage_row():
    import inspect

    def mine(c):
        src = inspect.getsource(_module(c.id))
        return "spline_theory.lipschitz" in src or "spline_theory.inversion" in src

    from pathlib import Path

    # claims that call these modules but are sabotaged in test_learning_rest.py
    elsewhere = (Path(__file__).parent / "test_learning_rest.py").read_text()
    ids = {c.id for c in claims.all_claims() if c.expected == "holds" and mine(c) and f'"{c.id}"' not in elsewhere}
    assert ids == {i for i, _, _ in SABOTAGE}


@pytest.mark.parametrize("claim_id, name, broken", SABOTAGE, ids=[r[0] for r in SABOTAGE])
def test_claim_fails_when_the_library_is_broken(claim_id, name, broken, monkeypatch, _no_shrinking):
    claim = claims.get(claim_id)
    monkeypatch.setattr(_module(claim_id), name, broken)
    v = claim.verify(max_examples=30)
    assert v.verdict == "fails", v
    assert claim.replay(v.counterexample).status == "fails"
