"""report17 Eq. (58)-(62): cross-entropy of template matching, its gradients and the update rules.

Each claim is checked against an independent computation (central differences
of Eq. 58 in float64, or the softmax probability itself); each sabotage below
breaks one side and the claim must then fail.
"""

import numpy as np
import pytest

from spline_theory import claims, learning
from spline_theory.proofs.report17 import _cross_entropy as ce
from spline_theory.proofs.report17 import eq58_cross_entropy_of_template_matching as eq58

IDS = ["report17.eq58", "report17.eq59", "report17.eq60", "report17.eq61", "report17.eq62"]


def _verdict(claim_id):
    return claims.get(claim_id).verify(profile="ci", shrink=False).verdict


def test_the_finite_difference_bound_is_tight_enough_to_see_a_wrong_gradient():
    inst = {"A": np.array([[0.5, -1.0], [1.5, 0.2], [0.0, 0.3]]), "x": np.array([[0.7, -1.2]]), "b": np.array([0.1, -0.4, 0.0]), "y": np.array([1]), "lr": 0.1}
    g, err = ce.fd_grad(inst)
    printed = ce.printed_grad(np, inst)
    assert err < 1e-8
    np.testing.assert_allclose(printed, g, atol=err, rtol=0)
    # A gradient off by one x (the "-1" of Eq. 59 dropped) is far outside the bound.
    assert np.max(np.abs(printed + inst["x"][:, None, :] * (np.arange(3) == 1)[None, :, None] - g)) > 1e3 * err


@pytest.mark.parametrize("claim_id", IDS)
def test_claims_hold(claim_id):
    assert _verdict(claim_id) == "holds"


def test_eq58_fails_when_the_log_sum_exp_is_dropped(monkeypatch):
    monkeypatch.setattr(eq58, "cross_entropy", lambda z, y: -z[np.arange(z.shape[0]), np.asarray(y)])
    assert _verdict("report17.eq58") == "fails"


@pytest.mark.parametrize("claim_id", ["report17.eq59", "report17.eq60", "report17.eq61", "report17.eq62"])
def test_gradient_and_update_claims_fail_when_the_loss_is_wrong(monkeypatch, claim_id):
    # Finite differences of a loss without the true-class term: every gradient entry changes.
    monkeypatch.setattr(ce, "cross_entropy", lambda z, y: np.log(np.sum(np.exp(z), axis=1)) * 1.5)
    assert _verdict(claim_id) == "fails"


def test_eq59_fails_without_the_minus_one(monkeypatch):
    real = ce.printed_grad

    def no_minus_one(xp, inst):
        g = real(xp, inst)
        y = np.asarray(inst["y"])
        return g + inst["x"][:, None, :] * (np.arange(g.shape[1])[None, :] == y[:, None])[:, :, None]

    monkeypatch.setattr(ce, "printed_grad", no_minus_one)
    assert _verdict("report17.eq59") == "fails"


def test_eq62_fails_with_the_wrong_sign(monkeypatch):
    real = ce.printed_grad
    monkeypatch.setattr(ce, "printed_grad", lambda xp, inst: -real(xp, inst))
    assert _verdict("report17.eq62") == "fails"


def test_update_claims_fail_when_the_library_update_is_wrong(monkeypatch):
    real = learning.template_update
    monkeypatch.setattr(learning, "template_update", lambda A, x, y, lr: real(A, x, y, 2 * lr))
    assert _verdict("report17.eq61") == "fails"
    assert _verdict("report17.eq62") == "fails"
