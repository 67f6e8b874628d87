"""The MASO core: evaluation, affine map, region codes, VQ matrices, bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spline_theory import MASO, affine_spline, backend, max_affine_spline
from spline_theory.claims import default_rtol
from spline_theory.testing.strategies import maso_instances, masos, vq_instances


def _np(x):
    return backend.to_numpy(x)


def _reference_u(inst):
    return np.einsum("krd,nd->nkr", inst["A"], inst["x"]) + inst["B"][None]


@given(inst=maso_instances())
def test_maso_output_is_the_max_over_regions_of_the_affine_pieces(inst):
    u = _reference_u(inst)
    np.testing.assert_allclose(MASO(inst["A"], inst["B"])(inst["x"]), u.max(axis=2), rtol=1e-12, atol=1e-12)


@given(inst=maso_instances())
def test_affine_map_reproduces_the_output_on_every_backend_dtype(inst):
    for name in ("numpy", "array_api_strict"):
        xp = backend.namespace(name)
        for dt in ("float64", "float32"):
            d = backend.resolve_dtype(xp, dt)
            S = MASO(backend.asarray(inst["A"], xp, d), backend.asarray(inst["B"], xp, d))
            x = backend.asarray(inst["x"], xp, d)
            A_x, B_x = S.affine_at(x)
            assert A_x.dtype == d and B_x.dtype == d
            got = _np(xp.sum(A_x * x[:, None, :], axis=2) + B_x)
            scale = np.abs(_np(A_x)) @ np.ones(S.D) * np.abs(inst["x"]).max() + np.abs(_np(B_x))
            assert np.all(np.abs(got - _np(S(x))) <= default_rtol(d) * np.maximum(scale, 1e-30))


@given(inst=maso_instances())
def test_region_codes_select_a_maximizing_region(inst):
    S = MASO(inst["A"], inst["B"])
    codes = S.region_codes(inst["x"])
    u = _reference_u(inst)
    chosen = np.take_along_axis(u, codes[..., None], axis=2)[..., 0]
    np.testing.assert_allclose(chosen, u.max(axis=2), rtol=1e-12, atol=1e-12)


def test_region_code_ties_go_to_the_lowest_index():
    S = MASO(np.array([[[1.0], [1.0], [0.0]]]), np.array([[0.0, 0.0, 0.0]]))
    assert S.region_codes(np.array([[2.0]])).tolist() == [[0]]
    T = S.vq_matrix(np.array([[2.0]]), beta=1.0)
    assert T.tolist() == [[[1.0, 0.0, 0.0]]]


@given(inst=vq_instances())
def test_vq_matrix_rows_lie_on_the_simplex(inst):
    T = MASO(inst["A"], inst["B"]).vq_matrix(inst["x"], inst["beta"])
    assert np.all(T >= 0)
    np.testing.assert_allclose(T.sum(axis=2), 1.0, rtol=1e-12)


@given(inst=maso_instances(), beta=st.floats(0.01, 0.99))
def test_beta_vq_matrix_is_the_softmax_of_eta_times_u(inst, beta):
    u = _reference_u(inst)
    v = beta / (1 - beta) * u
    e = np.exp(v - v.max(axis=2, keepdims=True))
    np.testing.assert_allclose(MASO(inst["A"], inst["B"]).vq_matrix(inst["x"], beta), e / e.sum(axis=2, keepdims=True), rtol=1e-10, atol=1e-14)


@given(inst=maso_instances())
def test_beta_endpoints_give_hard_and_uniform_vq(inst):
    S = MASO(inst["A"], inst["B"])
    hard = S.vq_matrix(inst["x"], 1.0)
    assert set(np.unique(hard)) <= {0.0, 1.0}
    np.testing.assert_array_equal(hard.argmax(axis=2), S.region_codes(inst["x"]))
    np.testing.assert_allclose(S.vq_matrix(inst["x"], 0.0), 1.0 / S.R)
    np.testing.assert_allclose(S.beta_vq(inst["x"], 1.0), S(inst["x"]))
    np.testing.assert_allclose(S.beta_vq(inst["x"], 0.0), _reference_u(inst).mean(axis=2), rtol=1e-12, atol=1e-12)


def test_per_unit_beta_mixes_hard_soft_and_uniform_rows():
    rng = np.random.default_rng(0)
    S = MASO(rng.standard_normal((3, 4, 2)), rng.standard_normal((3, 4)))
    x = rng.standard_normal((5, 2))
    T = S.vq_matrix(x, np.array([1.0, 0.5, 0.0]))
    np.testing.assert_allclose(T[:, 0], S.vq_matrix(x, 1.0)[:, 0])
    np.testing.assert_allclose(T[:, 1], S.vq_matrix(x, 0.5)[:, 1])
    np.testing.assert_allclose(T[:, 2], 0.25)


def test_large_eta_does_not_overflow():
    S = MASO(np.array([[[1e3], [-1e3]]]), np.zeros((1, 2)))
    T = S.vq_matrix(np.array([[5.0]]), beta=1 - 1e-12)
    assert np.all(np.isfinite(T))
    np.testing.assert_allclose(T, [[[1.0, 0.0]]])


def test_single_input_of_shape_D_gives_unbatched_outputs():
    S = MASO(np.ones((2, 3, 4)), np.zeros((2, 3)))
    x = np.arange(4.0)
    assert S(x).shape == (2,)
    assert S.affine_at(x)[0].shape == (2, 4)
    assert S.vq_matrix(x, 0.5).shape == (2, 3)


@given(S=masos(dtype="float32"))
def test_float32_parameters_stay_float32(S):
    x = np.zeros((2, S.D), dtype=np.float32)
    assert S(x).dtype == np.float32
    assert S.vq_matrix(x, 0.3).dtype == np.float32


def test_inputs_are_not_modified_and_parameters_are_copied():
    A = np.ones((2, 2, 3))
    B = np.zeros((2, 2))
    x = np.ones((4, 3))
    copies = [a.copy() for a in (A, B, x)]
    S = MASO(A, B)
    S(x), S.affine_at(x), S.vq_matrix(x, 0.7), S.beta_vq(x, 0.2)
    for a, c in zip((A, B, x), copies):
        np.testing.assert_array_equal(a, c)
    A[:] = 5.0  # the operator does not follow later changes of the caller's array
    np.testing.assert_array_equal(S.A, np.ones((2, 2, 3)))


def test_max_affine_spline_is_a_one_unit_maso():
    s = max_affine_spline(np.array([[-1.0], [1.0]]), np.array([0.0, 0.0]))
    assert (s.K, s.R, s.D) == (1, 2, 1)
    np.testing.assert_allclose(s(np.array([[-2.0], [3.0]]))[:, 0], [2.0, 3.0])


def test_affine_spline_evaluates_each_region_piece():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    got = affine_spline(x, np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([10.0, 20.0]), np.array([0, 1]))
    np.testing.assert_allclose(got, [11.0, 24.0])


@pytest.mark.parametrize(
    "A, B, exc, words",
    [
        (np.ones((2, 3)), np.ones((2, 3)), ValueError, ["A", "(K, R, D)", "(2, 3)"]),
        (np.ones((2, 3, 4)), np.ones((3, 2)), ValueError, ["B", "(2, 3)", "(3, 2)"]),
        (np.ones((2, 3, 4)), np.ones((2,)), ValueError, ["B", "(K, R)"]),
        (np.array([[[np.nan]]]), np.ones((1, 1)), ValueError, ["A", "finite", "NaN"]),
        (np.ones((1, 1, 1)), np.array([[np.inf]]), ValueError, ["B", "finite"]),
        (np.ones((1, 1, 1), dtype=complex), np.ones((1, 1)), TypeError, ["A", "real floating", "complex"]),
        (np.array([[["a"]]]), np.ones((1, 1)), TypeError, ["A", "dtype"]),
        (np.ones((0, 2, 2)), np.ones((0, 2)), ValueError, ["A", "empty"]),
        ("abc", np.ones((1, 1)), TypeError, ["A", "str"]),
        ([[[1.0, 2.0], [3.0]]], np.ones((1, 2)), ValueError, ["A", "ragged"]),
    ],
)
def test_bad_parameters_raise_a_clear_error(A, B, exc, words):
    with pytest.raises(exc) as info:
        MASO(A, B)
    for w in words:
        assert w in str(info.value)


@pytest.mark.parametrize(
    "x, exc, words",
    [
        (np.ones((4, 3)), ValueError, ["x", "D = 2", "(4, 3)"]),
        (np.ones((0, 2)), ValueError, ["x", "empty"]),
        (np.array([[np.nan, 1.0]]), ValueError, ["x", "finite"]),
        (np.ones((1, 1, 2)), ValueError, ["x", "(N, D)"]),
    ],
)
def test_bad_inputs_raise_a_clear_error(x, exc, words):
    S = MASO(np.ones((1, 2, 2)), np.zeros((1, 2)))
    with pytest.raises(exc) as info:
        S(x)
    for w in words:
        assert w in str(info.value)


@pytest.mark.parametrize("beta", [-0.1, 1.5, float("nan"), "0.5", np.array([0.5, 0.5])])
def test_beta_outside_the_unit_interval_is_rejected(beta):
    S = MASO(np.ones((1, 2, 2)), np.zeros((1, 2)))
    with pytest.raises((ValueError, TypeError)) as info:
        S.vq_matrix(np.ones((1, 2)), beta)
    assert "beta" in str(info.value)


def test_integer_parameters_are_cast_to_float64():
    S = MASO(np.ones((1, 2, 2), dtype=int), np.zeros((1, 2), dtype=int))
    assert S.dtype == np.float64


def test_arrays_of_different_backends_are_rejected():
    import array_api_strict as xs

    with pytest.raises(TypeError, match="B must be an array of the same backend"):
        MASO(np.ones((1, 2, 2)), xs.zeros((1, 2)))


def test_maso_matches_reference_on_every_backend(xp):
    rng = np.random.default_rng(1)
    A, B, x = rng.standard_normal((3, 2, 4)), rng.standard_normal((3, 2)), rng.standard_normal((5, 4))
    S = MASO(backend.asarray(A, xp), backend.asarray(B, xp))
    np.testing.assert_allclose(_np(S(backend.asarray(x, xp))), (np.einsum("krd,nd->nkr", A, x) + B).max(axis=2), rtol=1e-12)
