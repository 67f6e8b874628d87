"""Every holding iclr19 claim added by the iclr19-rest work can fail: break the library code it calls and its verdict turns to ``fails``.

Same pattern as tests/test_vq_can_fail.py: each row replaces one library
function in the claim module's namespace by a subtly wrong version, and the
claim's search must find a counterexample.
"""

import importlib

import numpy as np
import pytest

from spline_theory import MASO, claims
from spline_theory import operators as op
from spline_theory import factorial as fa
from spline_theory import vq
from spline_theory import apodization as ap
from spline_theory.proofs.iclr19 import _conv_common


def _module(claim_id):
    return importlib.import_module(claims.get(claim_id)._check.__module__)


# ---- convolution orthogonality
def _orthogonality_ignoring_units(A, *, rtol=None):
    # tests the slopes within each unit instead of across units
    return fa.is_orthogonal_slopes(np.swapaxes(np.asarray(A), 0, 1), rtol=rtol)


def _conv_matrix_with_leak(kernel, input_shape, *, stride=1, padding=0):
    # every row also reads 1/8 of the pixel after its patch
    C = np.asarray(op.conv2d_matrix(kernel, input_shape, stride=stride, padding=padding))
    return C + 0.125 * np.roll(C, 1, axis=1)


def _dense_activation_with_shared_slope(W, b, slope_scales):
    S = fa.dense_activation_maso(W, b, slope_scales)
    return MASO(np.asarray(S.A) + 0.125 * np.asarray(S.A)[:1], S.B)


# ---- SMASO model and VQ matrices
def _log_likelihood_as_max(A, prior, x, sigma2=1.0):
    # the largest component instead of the sum over components
    return np.max(np.asarray(vq.smaso_log_joint(A, prior, x, sigma2)), axis=2)


def _map_with_uniform_prior(A, prior, x, sigma2=1.0):
    return vq.map_regions(A, np.full(np.shape(prior), 1.0 / np.shape(prior)[1]), x, sigma2)


def _prior_with_full_norm(A, B, *, sigma2=1.0):
    # exponent B + |A|^2 instead of B + |A|^2 / 2
    return vq.region_prior(A, np.asarray(B) + 0.5 * np.sum(np.asarray(A) ** 2, axis=2), sigma2=sigma2)


def _affine_map_of_the_hard_matrix(A, B, T):
    T = np.asarray(T)
    return vq.vq_affine_map(A, B, (T == T.max(axis=-1, keepdims=True)) / (T == T.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True))


def _factorial_log_joint_with_uniform_prior(A, prior, x, sigma2=1.0, **kw):
    return fa.factorial_log_joint(A, np.full(np.shape(prior), 1.0 / np.shape(prior)[1]), x, sigma2, **kw)


def _patches_without_window(z, h, *, padding="full"):
    return ap.extract_patches(z, np.shape(h), padding=padding)


def _posterior_at_doubled_variance(A, prior, x, sigma2=1.0):
    return vq.region_posterior(A, prior, x, 2.0 * sigma2)


SABOTAGE = [
    ("iclr19.appE2.e_step", "region_posterior", _posterior_at_doubled_variance),
    ("iclr19.appB.apodized_filters", "apodized_patches", _patches_without_window),
    ("iclr19.appE4.expansion-corrected", "factorial_log_joint", _factorial_log_joint_with_uniform_prior),
    ("iclr19.eq3", "smaso_log_likelihood", _log_likelihood_as_max),
    ("iclr19.eq4", "map_regions", _map_with_uniform_prior),
    ("iclr19.thm2.uniform_prior", "region_prior", _prior_with_full_norm),
    ("iclr19.eq15", "vq_affine_map", _affine_map_of_the_hard_matrix),
    ("iclr19.sec5.conv_nonoverlap", "is_orthogonal_slopes", _orthogonality_ignoring_units),
    ("iclr19.sec5.conv_nonoverlap", "conv2d_matrix", _conv_matrix_with_leak),
    ("iclr19.sec5.conv_nonoverlap", "dense_activation_maso", _dense_activation_with_shared_slope),
    ("iclr19.appB.conv_patches-corrected", "is_orthogonal_slopes", _orthogonality_ignoring_units),
    ("iclr19.appB.conv_patches-corrected", "conv2d_matrix", _conv_matrix_with_leak),
    ("iclr19.appB.conv_patches-corrected", "dense_activation_maso", _dense_activation_with_shared_slope),
]


# helpers of the claim files live in proofs/iclr19/_conv_common.py: library calls made there are patched there
_HELPER_NAMES = {"conv2d_matrix", "dense_activation_maso"}


@pytest.mark.parametrize("claim_id, name, broken", SABOTAGE, ids=[f"{c}-{n}" for c, n, _ in SABOTAGE])
def test_iclr19_rest_claim_fails_when_the_library_is_broken(monkeypatch, claim_id, name, broken):
    claim = claims.get(claim_id)
    assert claim.expected == "holds"
    monkeypatch.setattr(_conv_common if name in _HELPER_NAMES else _module(claim_id), name, broken)
    v = claim.verify(max_examples=30, shrink=False)
    assert v.verdict == "fails", f"{claim_id} did not notice a broken {name}"
    assert claim.replay(v.counterexample).status == "fails"


_MINE = {"iclr19.appE2.e_step", "iclr19.appB.apodized_filters", "iclr19.sec32.dead_regions", "iclr19.appE4.expansion-corrected", "iclr19.eq3", "iclr19.eq4", "iclr19.thm2.uniform_prior", "iclr19.eq15", "iclr19.sec5.conv_nonoverlap", "iclr19.appB.conv_patches-corrected"}


def test_every_holding_iclr19_rest_claim_has_a_sabotage_row():
    # iclr19.sec32.dead_regions has its own test below (it patches a MASO method)
    assert {c for c in _MINE if claims.get(c).expected == "holds"} <= {row[0] for row in SABOTAGE} | {"iclr19.sec32.dead_regions"}


def test_dead_regions_notices_a_wrong_region_code(monkeypatch):
    def region_codes_of_the_worst_piece(self, x):
        return np.argmin(np.asarray(self.pre_activations(x)), axis=-1)

    monkeypatch.setattr(MASO, "region_codes", region_codes_of_the_worst_piece)
    assert claims.get("iclr19.sec32.dead_regions").verify(max_examples=30, shrink=False).verdict == "fails"
