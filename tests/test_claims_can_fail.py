"""Every check can fail: break the library code a claim calls and its verdict turns to ``fails``.

Each row replaces one library function (in the claim module's namespace, where
the claim file looks it up) by a subtly wrong version; the claim's search
must then find a counterexample.
"""

import importlib

import numpy as np
import pytest

from spline_theory import MASO, apodization, claims, factorial, initialization, vq
from spline_theory import operators as op


def _module(claim_id):
    return importlib.import_module(claims.get(claim_id)._check.__module__)


_ORIG_AFFINE_AT = MASO.affine_at
_ORIG_VQ = MASO.vq_matrix
_ORIG_CALL = MASO.__call__
_ORIG_PWL_MASO = op.PiecewiseAffineActivation.maso


def _argmin_affine_at(self, x):
    # Pieces of the minimizing region instead of the maximizing one.
    A_x, B_x = _ORIG_AFFINE_AT(MASO(-self.A, -self.B), x)
    return -A_x, -B_x


def _hard_vq_on_last_region(self, x, beta=1.0):
    T = _ORIG_VQ(self, x, beta)
    return T[..., ::-1] if beta == 1.0 else T


def _shifted_max_affine(alpha, beta):
    return MASO(np.asarray(alpha)[None], np.asarray(beta)[None] + 0.25)


def _dense_maso_transposed_bias(W, b):
    return op.dense_maso(W, np.asarray(b) * 1.5)


def _conv_maso_flipped(kernel, b, input_shape, *, stride=1, padding=0):
    return op.conv2d_maso(np.asarray(kernel)[:, :, ::-1, ::-1], b, input_shape, stride=stride, padding=padding)


def _pwl_maso_missing_a_piece(self, D, *, xp=None, dtype="float64"):
    keep = op.PiecewiseAffineActivation(self.slopes[:-1] or self.slopes, self.offsets[:-1] or self.offsets)
    return _ORIG_PWL_MASO(keep, D, xp=xp, dtype=dtype)


def _partition_without_its_largest_region(net, x0, u, v, s_range, t_range):
    from dataclasses import replace

    from spline_theory.partition import slice_partition

    part = slice_partition(net, x0, u, v, s_range, t_range)
    if len(part) == 1:
        return part
    keep = np.arange(len(part)) != int(np.argmax(part.areas))
    return replace(part, slopes=part.slopes[keep], offsets=part.offsets[keep])


def _shrunk_optimal_templates(x, y, n_classes, alpha, *, constraint="sum_squared_norms"):
    # feasible, and consistent with the prediction it reports below, but not optimal: only the solver comparison sees it
    from spline_theory import learning

    return 0.9 * learning.optimal_templates(x, y, n_classes, alpha, constraint=constraint)


def _prediction_of_shrunk_templates(n_classes, alpha, *, constraint="sum_squared_norms"):
    import math

    s = 0.9 * (math.sqrt(n_classes * alpha / (n_classes - 1)) if constraint == "sum_squared_norms" else alpha)
    return 1.0 / (1.0 + (n_classes - 1) * math.exp(-s))


def _shared_bias_off(S, W, b):
    from spline_theory.network import shared_bias_maso

    A, beta = shared_bias_maso(S, W, b)
    return A, beta * 1.1


def _softmax_of_minus(u, axis=-1):
    from spline_theory.activations import softmax

    return softmax(-u, axis=axis)


def _leaky_folded(z, eta, *, form="piecewise"):
    return np.maximum(-eta * np.asarray(z), np.asarray(z))  # |z| for eta = 1: not increasing


def _avg_as_sum(regions, D, *, xp=None, dtype="float64"):
    S = op.avg_pooling_maso(regions, D, xp=xp, dtype=dtype)
    sizes = np.array([len(r) for r in regions], dtype=float)
    return MASO(np.asarray(S.A) * sizes[:, None, None], S.B)


# --- iclr19 Sec. 5, App. B, App. C
def _mixture_with_reversed_prior(A, prior, **kw):
    return factorial.factorial_mixture(A, prior[:, ::-1], **kw)


def _normalize_only(W):
    # rows scaled to unit norm, the orthogonalization step forgotten
    norms = np.sqrt(np.sum(np.asarray(W) ** 2, axis=1, keepdims=True))
    if np.any(norms == 0):
        raise ValueError("W must have linearly independent rows")
    return W / norms


def _posterior_with_doubled_variance(A, prior, x, sigma2=1.0):
    return vq.region_posterior(A, prior, x, 2 * sigma2)


def _per_unit_map_ignoring_prior(A, prior, x, sigma2=1.0):
    return factorial.per_unit_map(A, np.ones_like(prior) / prior.shape[1], x, sigma2)


def _half_penalty_grad(A, lam=1.0):
    return factorial.orthogonality_penalty_grad(A, lam / 2)


def _prior_with_minus_half_norm(A, B):
    return vq.region_prior(A, B - np.sum(np.asarray(A) ** 2, axis=2))


def _expected_prior_reversed(slope_scales, D, v):
    p, err = initialization.expected_region_prior(slope_scales, D, v)
    return p[::-1], err


def _prior_tilted_to_first_region(A, B):
    return vq.region_prior(A, B + np.asarray([0.05] + [0.0] * (np.asarray(B).shape[1] - 1)))


def _overlap_add_scaled(patches, input_shape, *, padding="full"):
    return 1.01 * apodization.overlap_add(patches, input_shape, padding=padding)


def _coverage_one(input_shape, patch_shape, *, padding="full", xp=None):
    return np.ones(tuple(input_shape)[1:])


def _apodized_scaled(z, h, *, padding="full"):
    return 1.01 * apodization.apodized_patches(z, h, padding=padding)


SABOTAGE = [
    ("icml18.eq5", "maso_method", "affine_at", _argmin_affine_at),
    ("iclr19.eq2", "maso_method", "vq_matrix", _hard_vq_on_last_region),
    ("icml18.eq4-corrected", "lib:spline_theory.proofs._convex_splines", "max_affine_spline", _shifted_max_affine),
    ("icml18.sec3.convex_pwa_is_max_affine", "module", "slice_partition", _partition_without_its_largest_region),
    ("icml18.prop1", "module", "dense_maso", _dense_maso_transposed_bias),
    ("icml18.prop1", "module", "conv2d_maso", _conv_maso_flipped),
    ("icml18.prop2-corrected", "pwl_method", "maso", _pwl_maso_missing_a_piece),
    ("slides.simplified_maso", "module", "shared_bias_maso", _shared_bias_off),
    ("icml18.sec51.softmax_argmax", "module", "softmax", _softmax_of_minus),
    ("icml18.sec4.monotone_operators", "module", "leaky_relu", _leaky_folded),
    ("icml18.prop3", "module", "avg_pooling_maso", _avg_as_sum),
    ("iclr19.eq10-corrected", "module", "factorial_mixture", _mixture_with_reversed_prior),
    ("iclr19.eq11", "module", "gram_schmidt", _normalize_only),
    ("iclr19.thm4", "module", "region_posterior", _posterior_with_doubled_variance),
    ("iclr19.cor1", "module", "per_unit_map", _per_unit_map_ignoring_prior),
    ("iclr19.sec5.penalty", "module", "orthogonality_penalty_grad", _half_penalty_grad),
    ("iclr19.sec5.gram_schmidt", "module", "gram_schmidt", _normalize_only),
    ("iclr19.cor2", "module", "region_prior", _prior_with_minus_half_norm),
    ("iclr19.appC.prior-corrected", "module", "expected_region_prior", _expected_prior_reversed),
    ("iclr19.appC.smaller_v", "module", "expected_region_prior", _expected_prior_reversed),
    ("iclr19.appC.abs", "lib:spline_theory.initialization", "region_prior", _prior_tilted_to_first_region),
    ("iclr19.appB.eq17-corrected", "module", "overlap_add", _overlap_add_scaled),
    ("iclr19.appB.eq18-corrected", "module", "patch_coverage", _coverage_one),
    ("iclr19.appB.eq19-corrected", "module", "apodized_patches", _apodized_scaled),
]


def test_the_one_hot_correction_sees_templates_that_are_not_optimal(monkeypatch):
    # A closed form that fits the budget and reports its own softmax value is still refuted by the solver.
    mod = _module("icml18.sec53.one_hot-corrected")
    monkeypatch.setattr(mod, "optimal_templates", _shrunk_optimal_templates)
    monkeypatch.setattr(mod, "optimal_prediction", _prediction_of_shrunk_templates)
    v = claims.get("icml18.sec53.one_hot-corrected").verify(max_examples=100, shrink=False)
    assert v.verdict == "fails" and v.counterexample["relation"].startswith("L_CE(closed form) <=")


@pytest.mark.parametrize("claim_id, where, name, broken", SABOTAGE, ids=[f"{c}-{n}" for c, _, n, _ in SABOTAGE])
def test_claim_fails_when_the_library_is_broken(monkeypatch, claim_id, where, name, broken):
    claim = claims.get(claim_id)
    assert claim.expected == "holds"
    if where == "module":
        monkeypatch.setattr(_module(claim_id), name, broken)
    elif where.startswith("lib:"):  # a library module the claim reaches through another library function
        monkeypatch.setattr(importlib.import_module(where[4:]), name, broken)
    elif where == "maso_method":
        monkeypatch.setattr(MASO, name, broken)
    else:
        monkeypatch.setattr(op.PiecewiseAffineActivation, name, broken)
    v = claim.verify(max_examples=200, shrink=False)
    assert v.verdict == "fails", f"{claim_id} did not notice a broken {name}"
    assert claim.replay(v.counterexample).status == "fails"


def test_the_midpoint_convexity_relation_of_eq5_can_fail(monkeypatch):
    # A min-affine operator, consistent with its own affine map, is concave:
    # only the convexity relation can catch it.
    def concave_call(self, x):
        return -_ORIG_CALL(MASO(-self.A, -self.B), x)

    monkeypatch.setattr(MASO, "__call__", concave_call)
    monkeypatch.setattr(MASO, "affine_at", _argmin_affine_at)
    v = claims.get("icml18.eq5").verify(max_examples=200)
    assert v.verdict == "fails"
    assert v.counterexample["relation"].startswith("S((x_i + x_j)/2) <=")
