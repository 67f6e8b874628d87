"""The documentation site: generated claim pages, errata, and the Sphinx build with warnings as errors.

The build needs the ``docs`` extra (Sphinx, numpydoc, MyST, the PyData theme);
without it the build test is skipped here (CI builds the site in ``.ci/run``
after the tests). The test builds into temporary folders and checks that
nothing is written into ``docs/``.
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


def _tree(path):
    return {p.relative_to(path): p.stat().st_mtime_ns for p in path.rglob("*") if p.is_file() and "mathjax" not in p.parts}


@pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in ("sphinx", "numpydoc", "myst_parser", "pydata_sphinx_theme")),
                    reason="needs the `docs` extra (sphinx, numpydoc, myst-parser, pydata-sphinx-theme)")
def test_the_site_builds_without_warnings_with_a_page_per_claim_and_writes_nothing_into_docs(tmp_path):
    subprocess.run([sys.executable, "-m", "spline_theory", "verify", "--paper", "icml18", "--max-examples", "3", "--out", str(tmp_path / "r"), "--no-progress"], check=True, capture_output=True)
    before = _tree(ROOT / "docs")
    site, staging = tmp_path / "site", tmp_path / "src"
    browser = shutil.which("chromium") is not None
    cmd = [sys.executable, str(ROOT / "docs" / "build_site.py"), "--report", str(tmp_path / "r" / "report.json"), "--site-dir", str(site), "--staging", str(staging)]
    r = subprocess.run(cmd + (["--browser-check"] if browser else []), capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    assert _tree(ROOT / "docs") == before  # the build generates into the staging copy only
    assert "the report lacks" in r.stderr  # only icml18 was verified
    if browser:  # math typeset in a real browser, tables and image checks, screenshots kept
        derived = next(c.id for c in claims.all_claims() if c.derivation())
        shots = sorted(p.name for p in (site / "_checks").iterdir())
        assert shots == sorted(["index.png", f"claims_{derived}.png", "claims_errata.png", "claims_index.png", "claims_topics.png", "gallery.png", "api_spline_theory.maso.png"])
        assert "gallery.html: " in r.stdout and "6 image(s) loaded" in r.stdout
        assert "api/spline_theory.maso.html: 32/32 formulas typeset" in r.stdout  # the docstrings' RST math is rendered
    for fig in ("beta_vq_families.png", "templates.png", "partition.png", "partition_layers.png", "partition_neighbours.png", "lipschitz.png"):
        assert (site / "_images" / fig).read_bytes()[:4] == b"\x89PNG", fig
    for i in claims.ids():
        assert (site / "claims" / f"{i}.html").is_file(), i
    api = (site / "api" / "spline_theory.maso.html").read_text()
    assert ".. math::" not in api and ":math:" not in api and 'class="math' in api
    # The generated pages are exactly a fresh render of the registry.
    from spline_theory.render import render
    from spline_theory.report import load_report

    fresh = tmp_path / "fresh"
    with pytest.warns(UserWarning, match="no verdict"):
        render(fresh, report=load_report(tmp_path / "r" / "report.json"))
    built = staging / "claims"
    assert sorted(p.name for p in built.iterdir()) == sorted(p.name for p in fresh.iterdir())
    for p in fresh.iterdir():
        assert (built / p.name).read_text() == p.read_text(), p.name
    errata = (site / "claims" / "errata.html").read_text()
    assert "icml18.prop2-corrected" in errata and 'class="math' in errata


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


def test_every_public_module_has_an_api_page_in_the_toctree():
    import pkgutil

    import spline_theory

    skip = {"spline_theory.cli", "spline_theory.layers", "spline_theory.network", "spline_theory.networks", "spline_theory.testing", "spline_theory.testing.torch_models"}
    public = {m.name for m in pkgutil.walk_packages(spline_theory.__path__, "spline_theory.")
              if ".proofs" not in m.name and not any(part.startswith("_") for part in m.name.split("."))} - skip
    pages = {p.stem for p in (ROOT / "docs" / "api").glob("*.md")}
    assert public <= pages, sorted(public - pages)
    toc = (ROOT / "docs" / "api.md").read_text()
    for name in pages:
        assert f"api/{name}\n" in toc, name
