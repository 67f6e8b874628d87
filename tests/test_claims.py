"""The claim record, the verdict search, comparisons and the registry."""

import json

import numpy as np
import pytest
import sympy as sp
from hypothesis import strategies as st

from spline_theory import backend, claims
from spline_theory.claims import Claim, Step, close, equal, leq, less, undecided

XP = backend.namespace("numpy")


def _claim(check, cases=None, **kw):
    return Claim(
        id=kw.pop("id", "icml18.test1"),
        title="t",
        where="icml18, nowhere",
        statement="x = x",
        check=check,
        cases=cases if cases is not None else st.fixed_dictionaries({"x": st.floats(0, 4, width=32).map(lambda v: np.array([v]))}),
        arrays=("x",),
        **kw,
    )


def _false_above_one(xp, inst):
    x = inst["x"]
    return close(xp, x + xp.where(x > 1, 0.5, 0.0), x, relation="x + jump == x")


def test_a_false_statement_gets_fails_with_a_shrunk_replayable_counterexample():
    v = _claim(_false_above_one).verify(max_examples=100)
    assert v.verdict == "fails"
    ce = v.counterexample
    assert ce["relation"] == "x + jump == x"
    assert 1.0 < ce["instance"]["x"][0] <= 4.0
    assert ce["lhs"][0] - ce["rhs"][0] == pytest.approx(0.5)
    assert ce["replay"]["seed"] == v.seed
    assert ce["replay"]["hypothesis_blob"].startswith("@reproduce_failure(")
    json.dumps(v.to_dict(), allow_nan=False)
    assert _claim(_false_above_one).replay(ce).status == "fails"


def test_a_stored_counterexample_decides_when_the_search_misses_the_violation():
    # The strategy only draws x <= 1, where the statement is true; the claim
    # file's counterexample x = 3 violates it.
    below = st.fixed_dictionaries({"x": st.floats(0, 1).map(lambda v: np.array([v]))})
    v = _claim(_false_above_one, below, expected="fails", counterexample={"x": [3.0]}).verify(max_examples=20)
    assert v.verdict == "fails" and v.n_examples == 20
    assert v.counterexample["found_by"] == "stored"
    assert v.counterexample["instance"] == {"x": [3.0]}
    assert v.counterexample["lhs"] == [3.5]
    # A stored instance that no longer violates the statement does not make it fail.
    v = _claim(_false_above_one, below, expected="fails", counterexample={"x": [0.5]}).verify(max_examples=20)
    assert v.verdict == "holds" and v.counterexample is None


def test_a_counterexample_found_by_the_search_says_so():
    v = _claim(_false_above_one, expected="fails", counterexample={"x": [3.0]}).verify(max_examples=100)
    assert v.counterexample["found_by"] == "search"


def test_without_shrinking_the_verdict_and_a_replayable_counterexample_remain():
    v = _claim(_false_above_one).verify(max_examples=100, shrink=False)
    assert v.verdict == "fails" and v.counterexample["found_by"] == "search"
    assert 1.0 < v.counterexample["instance"]["x"][0] <= 4.0
    assert _claim(_false_above_one).replay(v.counterexample).status == "fails"


def test_the_search_is_reproducible_from_its_seed():
    a = _claim(_false_above_one).verify(max_examples=50, seed=7)
    b = _claim(_false_above_one).verify(max_examples=50, seed=7)
    assert a.counterexample["instance"] == b.counterexample["instance"]
    assert a.seed == 7


def test_a_true_statement_holds_with_its_examples_and_residual():
    v = _claim(lambda xp, inst: close(xp, inst["x"] * 2, inst["x"] + inst["x"], relation="2x == x + x")).verify(max_examples=30)
    assert v.verdict == "holds"
    assert v.n_examples == 30
    assert v.max_residual == 0.0
    assert v.counterexample is None


def test_all_undecided_instances_give_inconclusive_and_some_give_holds():
    v = _claim(lambda xp, inst: undecided("tie", "boundary")).verify(max_examples=10)
    assert v.verdict == "inconclusive" and v.n_inconclusive == v.n_examples == 10

    def sometimes(xp, inst, below=1.0):
        return undecided("tie", f"x < {below}") if float(inst["x"][0]) < below else close(xp, inst["x"], inst["x"], relation="x == x")

    v = _claim(sometimes).verify(max_examples=50)
    assert v.verdict == "holds" and 0 < v.n_inconclusive <= v.n_examples / 2
    # a search that decides fewer than half of its examples has too little evidence for holds
    v = _claim(lambda xp, inst: sometimes(xp, inst, below=3.5)).verify(max_examples=50)
    assert v.verdict == "inconclusive" and v.n_examples / 2 < v.n_inconclusive < v.n_examples and v.error is None


def test_a_check_that_raises_gives_inconclusive_with_the_error():
    def broken(xp, inst):
        raise RuntimeError("boom")

    v = _claim(broken).verify(max_examples=5)
    assert v.verdict == "inconclusive"
    assert "RuntimeError: boom" in v.error


def test_check_on_a_user_instance_with_keywords_and_dtype():
    c = _claim(_false_above_one)
    assert c.check({"x": [0.5]}).status == "holds"
    assert c.check(x=np.array([3.0])).status == "fails"
    r = c.check(x=[3.0], dtype="float32")
    assert r.violated.rhs.dtype == np.float32
    with pytest.raises(ValueError, match=r"lacks 'x' \(it needs x\)"):
        c.check({})


def test_check_keeps_the_backend_of_the_users_arrays():
    import array_api_strict as xs

    seen = {}

    def record(xp, inst):
        seen["xp"] = xp
        return close(xp, inst["x"], inst["x"], relation="x == x")

    _claim(record).check(x=xs.asarray([1.0]))
    assert seen["xp"] is xs


@pytest.mark.parametrize(
    "kw, words",
    [
        ({"id": "nature99.thm1"}, ["id", "paper key"]),
        ({"id": "icml18"}, ["id"]),
        ({"expected": "maybe"}, ["expected", "maybe"]),
        ({"expected": "fails"}, ["counterexample"]),
        ({"expected": "fails", "counterexample": {"x": [3.0]}, "kind": "blunder"}, ["kind", "blunder", "missing-hypothesis"]),
        ({"kind": "typo"}, ["kind", "'holds'"]),
    ],
)
def test_bad_claim_records_are_rejected(kw, words):
    with pytest.raises(ValueError) as info:
        _claim(_false_above_one, **kw)
    for w in words:
        assert w in str(info.value)


def test_registering_two_claims_with_one_id_is_an_error():
    with pytest.raises(ValueError, match="registered twice"):
        claims.register(_claim(_false_above_one, id="icml18.eq5"))


def test_unknown_ids_and_papers_are_clear_errors():
    with pytest.raises(claims.UnknownClaimError) as info:
        claims.get("icml18.prop22")
    assert isinstance(info.value, KeyError) and isinstance(info.value, ValueError)
    assert "icml18.prop2" in str(info.value)
    with pytest.raises(ValueError, match="paper must be one of"):
        claims.all_claims(papers=["nature99"])


def test_selection_by_id_and_paper_is_a_union_in_registry_order():
    got = [c.id for c in claims.all_claims(["icml18.prop1"], ["iclr19"])]
    iclr19 = [i for i in claims.ids() if i.startswith("iclr19.")]  # the whole paper, however many claims it has
    assert got == ["icml18.prop1", *iclr19] and "iclr19.eq2" in iclr19
    icml18 = [c.id for c in claims.all_claims(papers=["icml18"])]
    assert icml18 == [i for i in claims.ids() if i.startswith("icml18.")] and {"icml18.eq4", "icml18.eq5"} <= set(icml18)


def test_close_uses_the_scale_of_the_terms_for_cancellations():
    lhs, rhs = XP.asarray([1e-9]), XP.asarray([0.0])
    assert close(XP, lhs, rhs, relation="r").status == "fails"
    assert close(XP, lhs, rhs, relation="r", scale=1.0).status == "holds"
    assert close(XP, XP.asarray([1.0, 2.0]), XP.asarray([1.0]), relation="r").status == "fails"
    assert close(XP, XP.asarray([float("nan")]), XP.asarray([1.0]), relation="r").status == "fails"


def test_inequality_comparisons_have_margins_and_three_outcomes():
    one = XP.asarray([1.0])
    assert leq(XP, one, one, relation="r").status == "holds"
    assert leq(XP, one + 1e-3, one, relation="r").status == "fails"
    assert less(XP, one, one + 1.0, relation="r").status == "holds"
    assert less(XP, one, one, relation="r").status == "inconclusive"
    assert less(XP, one + 1.0, one, relation="r").status == "fails"
    assert equal(XP, XP.asarray([1, 2]), XP.asarray([1, 3]), relation="r").residual == 1.0


def test_default_rtol_follows_the_dtype():
    assert claims.default_rtol(np.float64) == pytest.approx(4 * np.sqrt(np.finfo(np.float64).eps))
    assert claims.default_rtol("float32") == pytest.approx(4 * np.sqrt(np.finfo(np.float32).eps))
    with pytest.raises(ValueError):
        claims.default_rtol("int8")


def test_derivation_steps_are_checked_exactly():
    t = sp.Symbol("t", real=True)
    assert Step("abs", sp.Max(-t, t, evaluate=False), sp.Abs(t)).holds()
    assert not Step("wrong", sp.Max(-t, t, evaluate=False), t).holds()
    assert Step("differs", sp.Integer(1), sp.Integer(2), relation="!=").holds()
    assert Step("abs", sp.Max(-t, t, evaluate=False), sp.Abs(t)).latex() == r"\max\left(- t, t\right) = \left|{t}\right|"


def test_verify_rejects_bad_settings():
    c = _claim(_false_above_one)
    with pytest.raises(ValueError, match="profile"):
        c.verify(profile="fast")
    with pytest.raises(ValueError, match="dtype"):
        c.verify(dtype="float16")
    with pytest.raises(ValueError, match="backend"):
        c.verify(backend="jax")
    with pytest.raises(ValueError, match="max_examples"):
        c.verify(max_examples=0)
    with pytest.raises(ValueError, match="seed"):
        c.verify(seed=-1)


def test_a_batch_is_checked_input_by_input_and_undecided_inputs_do_not_decide():
    # x[0] lies on the boundary x1 = x2 of unit 0 (certified radius 0): "same region, same map" cannot be tested there
    net = {"input_shape": [2], "layers": [{"type": "Dense", "W": [[1.0, -1.0], [0.5, 2.0]], "b": [0.0, 0.0]}, {"type": "ReLU"},
                                          {"type": "Dense", "W": [[1.0, 1.0]], "b": [0.0]}]}
    claim = claims.get("icml18.thm1")
    alone = claim.check(net=net, x=np.array([[0.3, 0.3]]))
    assert alone.status == "inconclusive"
    both = claim.check(net=net, x=np.array([[0.3, 0.3], [0.1, 0.7]]))
    assert both.status == "holds" and both.decided == [1] and list(both.undecided) == [0]
    assert "certified radius 0" in both.undecided[0]
    assert [r.status for r in both.inputs] == ["inconclusive", "holds"]
    assert all(e.relation.startswith("[input ") for e in both.evidence)


def test_a_failing_input_fails_the_batch_whatever_the_others():
    from spline_theory.claims import CheckResult, Evidence, _per_input

    ok, bad, und = (CheckResult((Evidence("r", s, 0.0, 0.0),)) for s in ("holds", "fails", "inconclusive"))
    assert _per_input([ok, bad, und]).status == "fails"
    assert _per_input([ok, und]).status == "holds"
    assert _per_input([und, und]).status == "inconclusive"
    assert _per_input([ok, bad]).violated.relation == "[input 1] r"


def test_the_penalty_claim_holds_in_float32_at_the_thorough_profile():
    # its stencil once compared near-zero penalties with a tolerance scaled by the penalties themselves;
    # float32 round-off of the terms then failed it at this profile (issue 18)
    v = claims.get("iclr19.sec5.penalty").verify(profile="thorough", dtype="float32")
    assert v.verdict == "holds" and v.n_examples == 1000


def test_same_as_shares_the_check_and_keeps_the_documents_own_statement():
    base = _claim(_false_above_one, id="icml18.test7", expected="fails", counterexample={"x": [3.0]}, kind="error")
    # another document states only the part that holds: same check, narrower instances, its own verdict
    narrow = Claim(id="slides.test7", title="t2", where="slides", statement="x = x for x <= 1", same_as=base,
                   cases=st.fixed_dictionaries({"x": st.floats(0, 1, width=32).map(lambda v: np.array([v]))}), expected="holds")
    assert narrow._check is base._check and narrow.arrays == base.arrays and narrow.same_as == "icml18.test7"
    assert narrow.counterexample is None and narrow.kind is None  # a fails' counterexample is not inherited by a holds
    assert narrow.verify(max_examples=20).verdict == "holds"
    same = Claim(id="slides.test8", title="t3", where="slides", statement="x = x", same_as=base)
    assert same.expected == "fails" and same.kind == "error" and same.counterexample == {"x": [3.0]}
    assert same.verify(max_examples=50).verdict == "fails"
    with pytest.raises(TypeError, match="same_as must be the Claim"):
        Claim(id="slides.test9", title="t", where="slides", statement="s", same_as="icml18.test7")
    with pytest.raises(ValueError, match="check and cases are required"):
        Claim(id="slides.test9", title="t", where="slides", statement="s")


def test_every_derivation_step_is_proved_and_shows_the_relation_before_simplification():
    # a step whose two sides SymPy builds into the same expression (e.g. "0 = 0" after simplify) proves nothing on the page
    bad = []
    for c in claims.all_claims():
        if c.same_as:
            continue
        for i, step in enumerate(c.derivation(), 1):
            if not step.holds():
                bad.append(f"{c.id} step {i}: not proved")
            if sp.srepr(sp.sympify(step.lhs)) == sp.srepr(sp.sympify(step.rhs)):
                bad.append(f"{c.id} step {i}: both sides are the same expression ({step.latex()[:60]})")
    assert bad == []


def test_step_fallbacks_do_not_prove_false_identities():
    u, v = sp.Symbol("u", real=True), sp.Symbol("v")
    assert not Step("off by 1/100", 2 / (1 + sp.exp(-2 * u)) - 1, sp.tanh(u) + sp.Rational(1, 100)).holds()
    assert not Step("log of a square of a symbol that may be negative", sp.log(v * v), 2 * sp.log(v)).holds()
    assert Step("log of a product of positives", sp.log(2 * sp.exp(u)), u + sp.log(2)).holds()


def test_every_claim_file_records_its_reading():
    # issue 17: each claim file says in one 'Reading:' line how it reads its document (definitions, added hypotheses, scope)
    from pathlib import Path

    proofs = Path(claims.__file__).parent / "proofs"
    missing = [str(p.relative_to(proofs)) for p in sorted(proofs.glob("*/[a-z]*.py")) if "Reading:" not in p.read_text().split('"""')[1]]
    assert missing == []
