"""The documentation site: generated claim pages, errata, and the strict MkDocs build.

The build needs the ``docs`` extra (MkDocs); without it the build test is
skipped here (CI builds the site in ``.ci/run`` after the tests).
"""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spline_theory import claims
from spline_theory.render import _plain, claim_page

ROOT = Path(__file__).resolve().parent.parent


def test_math_notation_in_prose_is_not_turned_into_a_link():
    assert _plain("S[A, B](z) equals `W[k](z)`") == "S[A, B]&#40;z) equals `W[k](z)`"
    page = claim_page(claims.get("icml18.prop1"))
    assert "](z)" not in page.replace("`", "").split("## Derivation")[1].split("$$")[0]


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="needs the `docs` extra (mkdocs)")
def test_the_site_builds_in_strict_mode_with_a_page_per_claim(tmp_path):
    subprocess.run([sys.executable, "-m", "spline_theory", "verify", "--paper", "icml18", "--max-examples", "3", "--out", str(tmp_path / "r"), "--no-progress"], check=True, capture_output=True)
    site = tmp_path / "site"
    browser = shutil.which("chromium") is not None
    cmd = [sys.executable, str(ROOT / "docs" / "build_site.py"), "--report", str(tmp_path / "r" / "report.json"), "--site-dir", str(site)]
    r = subprocess.run(cmd + (["--browser-check"] if browser else []), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    if browser:  # math typeset in a real browser, screenshots kept
        assert "formulas typeset" in r.stdout
        derived = next(c.id for c in claims.all_claims() if c.derivation())
        assert sorted(p.name for p in (site / "_checks").iterdir()) == sorted(["claims_errata.png", f"claims_{derived}.png", "index.png"])
        assert "index.html: every image loaded" in r.stdout
    for fig in ("beta_vq_families.png", "templates.png", "partition.png", "partition_layers.png"):
        assert (site / "figures" / fig).read_bytes()[:4] == b"\x89PNG", fig
    for i in claims.ids():
        assert (site / "claims" / i / "index.html").is_file(), i
    # The generated pages are exactly a fresh render of the registry.
    from spline_theory.render import render
    from spline_theory.report import load_report

    fresh = tmp_path / "fresh"
    render(fresh, report=load_report(tmp_path / "r" / "report.json"))
    built = ROOT / "docs" / "claims"
    assert sorted(p.name for p in built.iterdir()) == sorted(p.name for p in fresh.iterdir())
    for p in fresh.iterdir():
        assert (built / p.name).read_text() == p.read_text(), p.name
    errata = (site / "claims" / "errata" / "index.html").read_text()
    assert "icml18.prop2-corrected" in errata and "arithmatex" in errata


def test_every_claim_is_under_exactly_one_known_topic():
    from spline_theory.render import topic_of, topics_page

    page = topics_page(claims.all_claims())
    for c in claims.all_claims():
        assert topic_of(c) in claims.TOPICS
        assert page.count(f"[`{c.id}`]({c.id}.md)") == 1, c.id
    assert topic_of(claims.get("icml18.prop2")) == "maso" and topic_of(claims.get("iclr19.eq10")) == "factorial"
    # report17: App. A.3 / A.5 (global inference, activation graph) with learning; Eq. 64-66 (adversarial) with Lipschitz.
    assert [topic_of(claims.get(i)) for i in ("report17.thm10", "report17.prop3", "report17.prop4", "report17.eq65", "report17.cor1")] == [
        "learning", "learning", "learning", "lipschitz", "lipschitz"]


def test_a_claim_rejects_an_unknown_topic():
    from hypothesis import strategies as st

    with pytest.raises(ValueError, match="topic must be one of"):
        claims.Claim(id="icml18.test9", title="t", where="icml18", statement="s", check=lambda xp, i: None, cases=st.just({}), topic="nope")
