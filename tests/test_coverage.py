"""The coverage page: every claim falls in a listed section, every section is accounted for, and the committed page and README line are current."""

import re
from pathlib import Path

import pytest

from spline_theory import claims, coverage
from spline_theory.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_every_claim_is_in_a_listed_section_and_every_section_is_accounted_for():
    cov = coverage.load()
    placed = {c.id for secs in cov.values() for s in secs for c in s.claims}
    assert placed == set(claims.ids())
    assert coverage.check(cov) == []


def test_a_claim_whose_section_is_not_listed_is_reported(tmp_path):
    text = (ROOT / "spline_theory" / "proofs" / "coverage.toml").read_text()
    broken = text.replace('["Sec. 4.1", "Deep Network Operators are MASOs", ""],\n', "")
    path = tmp_path / "coverage.toml"
    path.write_text(broken)
    with pytest.raises(ValueError, match=r"claim icml18\.\S+: its section 'Sec\. 4\.1' .* is not in the icml18 section list"):
        coverage.load(path)


def test_an_empty_section_without_a_note_is_reported(tmp_path):
    text = (ROOT / "spline_theory" / "proofs" / "coverage.toml").read_text()
    path = tmp_path / "coverage.toml"
    path.write_text(text.replace('["Sec. 8", "Conclusions and Future Work", "future work; no statement to check"]', '["Sec. 8", "Conclusions and Future Work", ""]'))
    assert coverage.check(coverage.load(path)) == ["icml18 Sec. 8 (Conclusions and Future Work): no claim, no statement not encoded and no note"]


def test_the_committed_page_is_the_generated_one():
    assert (ROOT / "docs" / "coverage.md").read_text() == coverage.markdown(), "regenerate it: spline-theory coverage --out docs/coverage.md"


def test_the_readme_coverage_line_quotes_the_counts():
    t = coverage.summary()["total"]
    line = next(ln for ln in (ROOT / "README.md").read_text().splitlines() if ln.startswith("Coverage: "))
    got = [int(n) for n in re.findall(r"(\d+) (?:checkable|encoded|claims|not encoded)", line)]
    assert got == [t["statements"], t["encoded"], t["claims"], t["missing"]], line


def test_cli_coverage_writes_the_page_and_prints_the_summary(tmp_path, capsys):
    out = tmp_path / "cov.md"
    assert main(["coverage", "--out", str(out)]) == 0
    assert out.read_text() == coverage.markdown()
    assert main(["coverage", "--summary"]) == 0
    assert re.search(r"total\s+\d+ statements", capsys.readouterr().out)
    assert main(["coverage", "--out", str(tmp_path / "missing-dir" / "cov.md")]) == 2
