"""The README's Python example runs as written, and its first lines are the two set-up commands."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    try:
        import torch  # noqa: F401
    except ImportError:  # the PyTorch example needs the `torch` extra
        blocks = [b for b in blocks if "import torch" not in b]
    for code in blocks:
        exec(compile(code, str(README), "exec"), {})
    assert capsys.readouterr().out.startswith("fails\nfails ")
    assert (tmp_path / "results" / "report.json").exists()


def test_readme_starts_with_the_two_commands_that_ci_runs():
    lines = README.read_text().splitlines()
    assert lines[3:5] == ['pip install . && spline-theory verify', 'pip install ".[test,plot,dist]" torch==2.13.0 && python -m pytest --hypothesis-profile=ci']
    ci = (README.parent / ".ci" / "run").read_text()
    for cmd in lines[3:5]:
        assert cmd in ci


def test_readme_errata_table_lists_exactly_the_claims_that_fail():
    from spline_theory import claims

    text = README.read_text()
    table = text.split("### Errata found", 1)[1].split("\n\n## ", 1)[0]
    rows = re.findall(r"^\| (`[^|]+`) \| ([a-z-]+) \|", table, flags=re.M)
    listed = {i: kind for ids, kind in rows for i in re.findall(r"`([^`]+)`", ids)}
    assert set(listed) == {c.id for c in claims.all_claims() if c.expected == "fails"}
    for i, kind in listed.items():  # the kind column is the claim file's
        assert kind == claims.get(i).kind, i


def test_readme_cites_every_document_and_points_nowhere_outside_the_repository():
    from spline_theory import claims

    text = README.read_text()
    refs = text.split("## References", 1)[1]
    for key in claims.PAPERS:
        assert re.search(rf"^\| `{key}` \| .+ \|$", refs, flags=re.M), key
    assert "../" not in text
