"""One parametrized run over the registry: every claim gets the verdict its file records.

A ``holds`` claim passes when the search finds no violation; a ``fails`` claim
passes only when Hypothesis finds a violation on its own *and* the
counterexample stored in the claim file really violates the statement
(re-checked here). With a small budget (the array-API run) the stored
counterexample may decide the verdict instead.
"""

import json

import pytest

from spline_theory import claims

IDS = claims.ids()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("claim_id", IDS)
def test_claim_gets_its_recorded_verdict(claim_id, dtype, profile):
    claim = claims.get(claim_id)
    # float64 shrinks counterexamples as a user's run does; float32 only needs the verdict
    v = claim.verify(profile=profile, dtype=dtype, shrink=dtype == "float64")
    assert v.error is None, v.error
    assert v.verdict == claim.expected, json.dumps(v.counterexample)
    json.dumps(v.to_dict(), allow_nan=False)
    if claim.expected == "holds":
        assert v.n_examples - v.n_inconclusive > 0
        assert v.counterexample is None
    if claim.expected == "fails":
        assert claim.replay().status == "fails"
        assert claim.replay(v.counterexample).status == "fails"
        # The search finds a violation on its own (the stored one is only the
        # fallback of small budgets).
        assert v.counterexample["found_by"] == "search"
        assert v.counterexample["replay"]["hypothesis_blob"].startswith("@reproduce_failure(")


@pytest.mark.parametrize("claim_id", IDS)
def test_claim_runs_unchanged_on_array_api_strict(claim_id):
    claim = claims.get(claim_id)
    v = claim.verify(backend="array_api_strict", max_examples=10, shrink=False)
    assert v.error is None, v.error
    assert v.verdict == claim.expected


@pytest.mark.parametrize("claim_id", IDS)
def test_claim_derivation_is_proved_by_sympy(claim_id):
    assert claims.get(claim_id).derivation_status() in ("verified", "none")


@pytest.mark.parametrize("claim_id", IDS)
def test_claim_record_is_complete(claim_id):
    c = claims.get(claim_id)
    assert c.title and c.where and c.statement and c.method
    assert c.where.startswith(c.paper)
    if c.corrects:
        assert c.id == c.corrects + "-corrected"
        assert claims.get(c.corrects).expected == "fails"
    if c.expected == "fails":
        assert c.kind in claims.FAILURE_KINDS, f"{c.id} fails and does not say what kind of mistake it is"
    module = __import__(c.module, fromlist=["CLAIM"])
    assert c.module.startswith(f"spline_theory.proofs.{c.paper}.")
    assert module.__doc__ and module.CLAIM is c


def test_the_vertical_slice_of_the_foundation_is_registered():
    for required in ("icml18.eq4", "icml18.eq5", "icml18.prop1", "icml18.prop2", "icml18.prop3", "iclr19.eq2"):
        assert required in IDS
    assert any(claims.get(i).derivation() for i in IDS)


def test_every_failing_claim_has_a_corrected_claim():
    for i in IDS:
        if claims.get(i).expected == "fails":
            assert i + "-corrected" in IDS, f"{i} fails and has no corrected statement"
