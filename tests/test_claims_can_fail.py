"""Every check can fail: break the library code a claim calls and its verdict turns to ``fails``.

Each row replaces one library function (in the claim module's namespace, where
the claim file looks it up) by a subtly wrong version; the claim's search
must then find a counterexample.
"""

import importlib

import numpy as np
import pytest

from spline_theory import MASO, claims
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


def _avg_as_sum(regions, D, *, xp=None, dtype="float64"):
    S = op.avg_pooling_maso(regions, D, xp=xp, dtype=dtype)
    sizes = np.array([len(r) for r in regions], dtype=float)
    return MASO(np.asarray(S.A) * sizes[:, None, None], S.B)


SABOTAGE = [
    ("icml18.eq5", "maso_method", "affine_at", _argmin_affine_at),
    ("iclr19.eq2", "maso_method", "vq_matrix", _hard_vq_on_last_region),
    ("icml18.eq4", "module", "max_affine_spline", _shifted_max_affine),
    ("icml18.prop1", "module", "dense_maso", _dense_maso_transposed_bias),
    ("icml18.prop1", "module", "conv2d_maso", _conv_maso_flipped),
    ("icml18.prop2-corrected", "pwl_method", "maso", _pwl_maso_missing_a_piece),
    ("icml18.prop3", "module", "avg_pooling_maso", _avg_as_sum),
]


@pytest.mark.parametrize("claim_id, where, name, broken", SABOTAGE, ids=[f"{c}-{n}" for c, _, n, _ in SABOTAGE])
def test_claim_fails_when_the_library_is_broken(monkeypatch, claim_id, where, name, broken):
    claim = claims.get(claim_id)
    assert claim.expected == "holds"
    if where == "module":
        monkeypatch.setattr(_module(claim_id), name, broken)
    elif where == "maso_method":
        monkeypatch.setattr(MASO, name, broken)
    else:
        monkeypatch.setattr(op.PiecewiseAffineActivation, name, broken)
    v = claim.verify(max_examples=200)
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
