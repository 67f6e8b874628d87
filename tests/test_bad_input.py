"""Bad input at the public entry points (issue 18): one generic check driven by a table, not copies.

Each row names an entry point, a call with valid arguments, the array
arguments to corrupt and the scalar arguments to pass as NumPy scalars. The
generic check then asserts, for every array argument:

- a wrong number of dimensions, float16, complex, NaN, inf, an empty array, a
  string and ``None`` each get a ``ValueError`` / ``TypeError`` whose message
  names the argument;
- values near the float64 maximum give a finite result or an
  ``OverflowError`` / ``ValueError`` naming the argument, never a NaN or inf;
- read-only and non-contiguous copies give the result of the plain array, and
  nothing the caller passed is modified;

and for every scalar argument, a NumPy scalar gives the result of the Python
number. A further table lists the single findings of the robustness pass.
"""

import math
import subprocess
import sys

import numpy as np
import pytest

from spline_theory import activations, batchnorm, factorial, lipschitz, operators, vq
from spline_theory import claims as C
from spline_theory.layers import BatchNorm, Dense, LeakyReLU, ReLU
from spline_theory.maso import MASO
from spline_theory.network import Network

RNG = np.random.default_rng(0)
A3 = RNG.standard_normal((2, 3, 4))
B2 = RNG.standard_normal((2, 3))
X = RNG.standard_normal((5, 4))
PRIOR = np.full((2, 3), 1.0 / 3)
NET = Network([Dense(RNG.standard_normal((6, 4)), RNG.standard_normal(6)), ReLU(), Dense(RNG.standard_normal((2, 6)), RNG.standard_normal(2))], (4,))


def _net_call(method):
    return lambda x, **kw: getattr(NET, method)(x, **kw)


#: (id, function, {array args}, {scalar args}, wrong-ndim shape per array arg, None: any shape is valid)
ENTRY_POINTS = [
    ("Network.forward", _net_call("forward"), {"x": X}, {}, {"x": (2, 2, 2, 2)}),
    ("Network.affine_map", _net_call("affine_map"), {"x": X}, {"chunk_size": 2}, {"x": (2, 2, 2, 2)}),
    ("Network.region_codes", _net_call("region_codes"), {"x": X}, {}, {"x": (2, 2, 2, 2)}),
    ("Network.certified_radius", _net_call("certified_radius"), {"x": X}, {"chunk_size": 3}, {"x": (2, 2, 2, 2)}),
    ("MASO.__call__", lambda A, B, x: MASO(A, B)(x), {"A": A3, "B": B2, "x": X}, {}, {"A": (2, 3), "B": (2,), "x": (5,)}),
    ("vq.region_prior", lambda A, B, sigma2: vq.region_prior(A, B, sigma2=sigma2), {"A": A3, "B": B2}, {"sigma2": 0.5}, {"A": (2, 3), "B": (2,)}),
    ("vq.region_posterior", vq.region_posterior, {"A": A3, "prior": PRIOR, "x": X}, {"sigma2": 0.5}, {"A": (2, 3), "prior": (6,), "x": (4,)}),
    ("factorial.factorial_posterior", lambda A, prior, x, sigma2: factorial.factorial_posterior(A, prior, x, sigma2)[0], {"A": A3, "prior": PRIOR, "x": X}, {"sigma2": 2.0},
     {"A": (2, 3), "prior": (6,), "x": (4,)}),
    ("activations.softmax_pooling", lambda z, beta: activations.softmax_pooling(z, [[0, 1], [2, 3]], beta), {"z": X}, {"beta": 0.25}, {"z": (20,)}),
    ("activations.beta_vq_pwl", lambda z, slopes, beta: activations.beta_vq_pwl(z, slopes, [0.0, 0.5], beta), {"z": X, "slopes": np.array([0.5, 1.0])}, {"beta": 0.25},
     {"z": None, "slopes": (2, 1)}),  # z: any shape
    ("operators.dense", operators.dense, {"z": X, "W": RNG.standard_normal((3, 4)), "b": RNG.standard_normal(3)}, {}, {"z": (5, 4, 1), "W": (12,), "b": (3, 1)}),
    ("batchnorm.bn_statistics", lambda f, eps: batchnorm.bn_statistics(f, eps=eps), {"f": X}, {"eps": 0.5}, {"f": (2, 2, 2)}),
    ("batchnorm.standardize", lambda f, eps: batchnorm.standardize(f, eps=eps), {"f": X}, {"eps": 0.5}, {"f": (2, 2, 2)}),
    ("batchnorm.uni_norm", lambda v: batchnorm.uni_norm(v), {"v": X}, {}, {"v": (2, 2, 2)}),
    ("lipschitz.spectral_norm", lipschitz.spectral_norm, {"M": RNG.standard_normal((3, 4))}, {}, {"M": (12,)}),
    ("lipschitz.adversarial_perturbation", lambda x, k, alpha: lipschitz.adversarial_perturbation(NET, x, k, alpha), {"x": X}, {"k": 1, "alpha": 0.5}, {"x": (2, 2, 2, 2)}),
]

_IDS = [e[0] for e in ENTRY_POINTS]


def _call(fn, arrays, scalars):
    return fn(**arrays, **scalars)


def _same(a, b):
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(u, v) for u, v in zip(a, b))
    return np.array_equal(np.asarray(a), np.asarray(b))


def _bad_values(value, ndim_shape):
    v = np.asarray(value, dtype=np.float64)
    nan = v.copy()
    nan.flat[0] = np.nan
    inf = v.copy()
    inf.flat[-1] = np.inf
    out = {} if ndim_shape is None else {"wrong ndim": np.ones(ndim_shape)}
    return out | {
        "float16": v.astype(np.float16),
        "complex": v.astype(np.complex128),
        "NaN": nan,
        "inf": inf,
        "empty": np.zeros((0,) + v.shape[1:]) if v.ndim > 1 else np.zeros((0,)),
        "string": "x",
        "None": None,
    }


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=_IDS)
def test_bad_arrays_get_an_error_naming_the_argument(entry):
    _, fn, arrays, scalars, shapes = entry
    for name, value in arrays.items():
        for kind, bad in _bad_values(value, shapes[name]).items():
            args = {**arrays, name: bad}
            with pytest.raises((ValueError, TypeError)) as info:
                _call(fn, args, scalars)
            assert name in str(info.value), f"{kind} in {name}: {info.value}"


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=_IDS)
def test_huge_values_give_a_finite_result_or_a_clear_error(entry):
    _, fn, arrays, scalars, _ = entry
    for name, value in arrays.items():
        huge = np.asarray(value, dtype=np.float64) * 1e307
        try:
            out = _call(fn, {**arrays, name: huge}, scalars)
        except (OverflowError, ValueError) as exc:
            assert name in str(exc) or "overflow" in str(exc), str(exc)
            continue
        for o in out if isinstance(out, (list, tuple)) else [out]:
            o = np.asarray(o)
            if np.issubdtype(o.dtype, np.floating):
                # certified radii are inf when no unit depends on x; every other result must be finite
                assert not np.isnan(o).any(), f"{name} * 1e307 gave NaN"
                if "certified_radius" not in entry[0]:
                    assert np.isfinite(o).all(), f"{name} * 1e307 gave inf"


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=_IDS)
def test_read_only_and_strided_arrays_and_numpy_scalars_are_accepted_and_untouched(entry):
    _, fn, arrays, scalars, _ = entry
    base = _call(fn, {k: np.array(v) for k, v in arrays.items()}, scalars)
    for name, value in arrays.items():
        ro = np.array(value)
        ro.setflags(write=False)
        assert _same(_call(fn, {**arrays, name: ro}, scalars), base)
        wide = np.repeat(np.asarray(value)[..., None], 2, axis=-1)
        strided = wide[..., 0]
        assert not strided.flags["C_CONTIGUOUS"] or strided.ndim == 0
        snapshot = wide.copy()
        assert _same(_call(fn, {**arrays, name: strided}, scalars), base)
        assert np.array_equal(wide, snapshot)
    for name, value in scalars.items():
        as_numpy = (np.int64 if isinstance(value, int) else np.float32)(value)
        assert float(as_numpy) == value  # the test values are exact in float32
        assert _same(_call(fn, arrays, {**scalars, name: as_numpy}), base)


# ------------------------------------------------------- single findings
def test_tiny_and_huge_sigma2_give_finite_posteriors():
    prior = vq.region_prior(A3, B2)
    for s2 in (1e308, 5e-324):
        assert np.isfinite(vq.region_posterior(A3, prior, X, s2)).all()
        assert np.isfinite(factorial.factorial_posterior(A3, prior, X, s2)[0]).all()
        assert np.allclose(vq.region_prior(A3, B2, sigma2=s2).sum(axis=1), 1.0)
    # the limits: the prior alone for huge sigma2, a hard assignment to the nearest mean for tiny sigma2
    assert np.allclose(vq.region_posterior(A3, prior, X, 1e308), np.broadcast_to(prior, (5, 2, 3)))
    hard = vq.region_posterior(A3, prior, X, 5e-324)
    nearest = np.argmin(((X[:, None, None, :] - A3[None]) ** 2).sum(-1), axis=2)
    assert np.array_equal(np.argmax(hard, axis=2), nearest) and set(np.unique(hard)) <= {0.0, 1.0}
    with pytest.raises(OverflowError, match="sigma2"):
        vq.smaso_log_joint(A3, prior, X, 5e-324)


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="var \\+ eps > 0"):
        BatchNorm(np.ones(2), np.zeros(2), np.zeros(2), np.zeros(2), eps=0.0)
    with pytest.raises(ValueError, match="alpha"):
        lipschitz.adversarial_perturbation(NET, X, 0, math.inf)
    with pytest.raises(TypeError, match="regions\\[0\\]"):
        activations.softmax_pooling(X, [[0.5, 1.9]], 0.5)
    for shape in ("16", (4.9,), (True,)):
        with pytest.raises(TypeError, match="input_shape"):
            Network([Dense(np.ones((2, 4)), np.zeros(2))], shape)
    assert Network([Dense(np.ones((2, 4)), np.zeros(2))], np.int64(4)).input_shape == (4,)
    assert LeakyReLU(np.float32(0.5)).eta == 0.5


def test_a_finite_input_whose_output_overflows_raises_naming_x():
    with pytest.raises(OverflowError, match="^x: "):
        NET.forward(np.full((1, 4), 1e308))


def test_claim_entry_points_name_what_is_wrong():
    with pytest.raises(TypeError, match="counterexample\\['instance'\\]"):
        C.get("icml18.eq5").replay({"instance": 3})
    import spline_theory

    assert [v.id for v in spline_theory.verify(ids="icml18.eq5", max_examples=2).verdicts] == ["icml18.eq5"]
    # every missing entry at once, with the optional ones
    with pytest.raises(ValueError, match="lacks 'A', 'B' \\(it needs A, B, x\\)"):
        C.get("icml18.eq5").check(x=np.ones((1, 2)))
    # a network that does not fit the claim's hypothesis: the hypothesis, not an unpacking error
    with pytest.raises(ValueError, match="one pooled residual layer"):
        C.get("report17.eq45-corrected").check(net=NET, x=X)


def test_verify_leaves_nothing_in_the_working_directory(tmp_path):
    code = "from spline_theory import claims; claims.get('icml18.eq5').verify(max_examples=3); claims.get('icml18.thm1').instance_keys()"
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, env={k: v for k, v in __import__("os").environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"})
    assert list(tmp_path.iterdir()) == []
