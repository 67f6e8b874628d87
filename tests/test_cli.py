"""The spline-theory command: verify, list, show, render; exit codes and reports."""

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from spline_theory import claims
from spline_theory.cli import main

REPORT_KEYS = {"id", "title", "paper", "verdict", "expected", "n_examples", "max_residual", "counterexample", "seed", "backend", "dtype", "seconds"}


def test_verify_writes_both_reports_and_exits_0_when_all_verdicts_are_expected(tmp_path, capsys):
    rc = main(["verify", "--claim", "icml18.prop2", "--paper", "iclr19", "--max-examples", "10", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert rc == 0
    data = json.loads((tmp_path / "report.json").read_text())
    iclr19 = [i for i in claims.ids() if i.startswith("iclr19.")]  # the whole paper, however many claims it has
    assert [c["id"] for c in data["claims"]] == ["icml18.prop2", *iclr19] and "iclr19.eq2" in iclr19
    assert all(REPORT_KEYS <= set(c) for c in data["claims"])
    assert data["summary"]["all_as_expected"] is True
    assert data["claims"][0]["counterexample"]["instance"]
    md = (tmp_path / "report.md").read_text()
    assert "## Counterexamples" in md and "`icml18.prop2`" in md
    assert "icml18.prop2" in out and "fails" in out and "all verdicts as expected" in out
    assert f"[1/{1 + len(iclr19)}] icml18.prop2: fails" in err  # plain progress lines when not on a terminal
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_verify_json_prints_the_report(tmp_path, capsys):
    assert main(["verify", "--claim", "icml18.eq5", "--max-examples", "5", "--json", "--no-progress", "--out", str(tmp_path), "--dtype", "float32", "--seed", "3"]) == 0
    out, err = capsys.readouterr()
    row = json.loads(out)["claims"][0]
    assert row["dtype"] == "float32" and row["seed"] == 3 and row["verdict"] == "holds"
    assert err == ""


def test_verify_exits_1_when_a_verdict_is_not_the_expected_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(claims.get("icml18.eq5"), "expected", "fails")
    assert main(["verify", "--claim", "icml18.eq5", "--max-examples", "5", "--out", str(tmp_path)]) == 1
    assert "UNEXPECTED: icml18.eq5" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, words",
    [
        (["verify", "--claim", "icml18.prop9"], ["unknown claim id 'icml18.prop9'"]),
        (["verify", "--backend", "cupy"], ["cupy"]),
        (["verify", "--max-examples", "0"], ["--max-examples"]),
        (["show", "nope"], ["unknown claim id"]),
    ],
)
def test_bad_usage_exits_2_with_a_message(argv, words, capsys, tmp_path):
    if "cupy" in argv:
        from spline_theory import backend

        if backend.is_available("cupy"):
            pytest.skip("cupy has a device here")
    assert main(argv + (["--out", str(tmp_path)] if argv[0] == "verify" else [])) == 2
    err = capsys.readouterr().err
    for w in words:
        assert w in err


@pytest.mark.parametrize("argv", [["verify", "--profile", "fast"], ["verify", "--paper", "nature99"], ["frobnicate"], []])
def test_argparse_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_list_and_show(capsys, tmp_path):
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in listed] == claims.ids()
    main(["verify", "--claim", "icml18.prop2", "--max-examples", "5", "--out", str(tmp_path), "--no-progress"])
    capsys.readouterr()
    assert main(["show", "icml18.prop2", "--report", str(tmp_path / "report.json")]) == 0
    out = capsys.readouterr().out
    for w in ("Prop. 2", "derivation: verified", r"\neq", "corrected by: icml18.prop2-corrected", "last verdict: fails", "counterexample:"):
        assert w in out
    assert main(["show", "iclr19.eq2", "--report", str(tmp_path / "missing.json")]) == 0
    assert "last verdict: none" in capsys.readouterr().out


def test_render_writes_one_page_per_claim_with_derivation_and_verdict(tmp_path, capsys):
    main(["verify", "--paper", "icml18", "--max-examples", "5", "--out", str(tmp_path / "r"), "--no-progress"])
    assert main(["render", str(tmp_path / "docs"), "--report", str(tmp_path / "r" / "report.json")]) == 0
    pages = sorted(p.name for p in (tmp_path / "docs").iterdir())
    assert pages == sorted([f"{i}.md" for i in claims.ids()] + ["index.md", "errata.md", "topics.md"])
    page = (tmp_path / "docs" / "icml18.prop2.md").read_text()
    for w in ("## Statement (as printed)", "## Derivation (SymPy, exact)", r"\neq", "**fails**", "### Counterexample", "icml18.prop2-corrected.md"):
        assert w in page
    assert "Not verified yet" in (tmp_path / "docs" / "iclr19.eq2.md").read_text()
    errata = (tmp_path / "docs" / "errata.md").read_text()
    for c in claims.all_claims():
        # every printed statement that fails is listed with a link to its correction
        assert (f"[`{c.id}`]({c.id}.md)" in errata) == (c.expected == "fails" or c.corrects is not None), c.id
    assert "found by the search" in errata and "verdict: **fails**" in errata  # icml18 verified above
    assert "verdict: **not verified**" in errata  # iclr19 was not


def test_the_console_script_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "spline_theory", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("spline-theory ")


_MODEL_FILE = '''
import torch
from torch import nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(1, 4, 3, padding=1)
        self.h = nn.Linear(16, 16)
        self.f = nn.Linear(16, 3)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c(x)), 2).view(x.size(0), -1)
        x = x + torch.relu(self.h(x))
        return self.f(x)

def make():
    torch.manual_seed(0)
    return Net().double().eval()
'''


def test_model_command_imports_a_module_and_checks_the_network_claims(tmp_path, capsys):
    pytest.importorskip("torch")
    src = tmp_path / "model.py"
    src.write_text(_MODEL_FILE)
    assert main(["model", f"{src}:make", "--input-shape", "1", "4", "4", "--claim", "icml18.thm1", "--claim", "icml18.eq8"]) == 0
    out = capsys.readouterr().out
    assert "network: input (1, 4, 4) -> output (3,), float64" in out
    assert "Graph (3 operators: Dense, ReLU, Add)" in out
    assert "icml18.thm1: holds" in out and "icml18.eq8: holds" in out
    x = np.random.default_rng(0).standard_normal((5, 1, 4, 4))
    np.save(tmp_path / "x.npy", x)
    assert main(["model", f"{src}:make", "--input-shape", "1", "4", "4", "--inputs", str(tmp_path / "x.npy"), "--claim", "icml18.thm1"]) == 0


def test_model_command_reports_bad_usage(tmp_path, capsys):
    pytest.importorskip("torch")
    src = tmp_path / "model.py"
    src.write_text(_MODEL_FILE)
    assert main(["model", f"{src}:nope", "--input-shape", "1", "4", "4"]) == 2
    assert "defines no 'nope'" in capsys.readouterr().err
    assert main(["model", f"{src}:make", "--input-shape", "2", "4", "4"]) == 2
    assert "cannot import the model" in capsys.readouterr().err
    assert main(["model", str(src), "--input-shape", "1", "4", "4"]) == 2
    assert "FILE.py:NAME" in capsys.readouterr().err
    assert main(["model", f"{src}:make", "--input-shape", "1", "4", "4", "--claim", "no.such"]) == 2


@pytest.mark.parametrize("target", ["a-file", "a-file/below"])
def test_an_output_path_that_cannot_be_written_exits_2_before_any_claim_runs(target, tmp_path, capsys, monkeypatch):
    (tmp_path / "a-file").write_text("not a directory")
    ran = []
    monkeypatch.setattr(claims.Claim, "verify", lambda self, **kw: ran.append(self.id))
    assert main(["verify", "--claim", "icml18.eq5", "--out", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert ran == [] and err.count("\n") == 1 and "--out" in err
    assert main(["render", str(tmp_path / target), "--claim", "icml18.eq5"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_reports_get_the_umask_mode_stale_temporaries_go_and_residuals_are_numbers_or_null(tmp_path, capsys):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".report.json.{dead}.abc.tmp"  # a writer that was killed (its process is gone)
    stale.write_text("{")
    old = os.umask(0o022)
    try:
        assert main(["verify", "--claim", "report17.eq45", "--claim", "icml18.eq5", "--max-examples", "3", "--no-progress", "--out", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    assert not stale.exists()
    assert (tmp_path / "report.json").stat().st_mode & 0o777 == 0o644
    rows = {r["id"]: r for r in json.loads((tmp_path / "report.json").read_text())["claims"]}
    for r in rows.values():
        assert r["max_residual"] is None or isinstance(r["max_residual"], (int, float))
    # report17.eq45's printed sum is undefined (shapes differ): no number, and a note saying why
    assert rows["report17.eq45"]["max_residual"] is None and "not a finite number" in rows["report17.eq45"]["max_residual_note"]
    assert rows["report17.eq45"]["counterexample"]["residual"] is None
    assert claims.get("report17.eq45").replay(rows["report17.eq45"]["counterexample"]).status == "fails"


def test_verify_merges_subset_runs_and_show_and_render_name_the_run(tmp_path, capsys):
    out = str(tmp_path / "r")
    assert main(["verify", "--claim", "icml18.eq5", "--claim", "icml18.prop2", "--max-examples", "5", "--out", out, "--no-progress"]) == 0
    first = json.loads((tmp_path / "r" / "report.json").read_text())
    run1 = first["claims"][0]["run"]
    assert {c["run"] for c in first["claims"]} == {run1} and list(first["summary"]["runs"]) == [run1]
    # a later subset run, other dtype: updates its claim, keeps the other with its own run and dtype
    assert main(["verify", "--claim", "icml18.prop2", "--max-examples", "4", "--dtype", "float32", "--out", out, "--no-progress"]) == 0
    assert "1 verdicts of earlier runs kept" in capsys.readouterr().out
    rows = {c["id"]: c for c in json.loads((tmp_path / "r" / "report.json").read_text())["claims"]}
    assert list(rows) == ["icml18.eq5", "icml18.prop2"]  # registry order
    assert rows["icml18.eq5"]["dtype"] == "float64" and rows["icml18.eq5"]["run"] == run1 and rows["icml18.eq5"]["n_examples"] <= 5
    assert rows["icml18.prop2"]["dtype"] == "float32"
    md = (tmp_path / "r" / "report.md").read_text()
    assert "several runs" in md and "float64" in md and "float32" in md
    assert main(["show", "icml18.eq5", "--report", out + "/report.json"]) == 0
    assert f"run {run1}" in capsys.readouterr().out
    # render warns about the claims without a verdict, and says where each verdict comes from
    assert main(["render", str(tmp_path / "docs"), "--report", out + "/report.json"]) == 0
    err = capsys.readouterr().err
    assert f"{len(claims.ids()) - 2} of {len(claims.ids())} claims have no verdict" in err
    assert f"run `{run1}`" in (tmp_path / "docs" / "icml18.eq5.md").read_text()
    # --replace writes only this run's verdicts
    assert main(["verify", "--claim", "icml18.prop2", "--max-examples", "3", "--out", out, "--no-progress", "--replace"]) == 0
    assert [c["id"] for c in json.loads((tmp_path / "r" / "report.json").read_text())["claims"]] == ["icml18.prop2"]


def test_verify_refuses_to_merge_into_a_file_that_is_not_a_report(tmp_path, capsys):
    (tmp_path / "report.json").write_text("not json")
    assert main(["verify", "--claim", "icml18.eq5", "--max-examples", "3", "--out", str(tmp_path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "cannot merge" in err and "--replace" in err
    assert (tmp_path / "report.json").read_text() == "not json"  # the user's file is untouched


def test_titles_with_norms_and_angle_brackets_do_not_break_the_verdict_tables():
    from spline_theory.render import index_page, topics_page

    bad = [c for c in claims.all_claims() if "|" in c.title or "<" in c.title]
    assert bad  # e.g. icml18.prop5: sum_c ||A_c|| < alpha
    for page in (index_page(claims.all_claims()), topics_page(claims.all_claims())):
        for line in page.splitlines():
            if line.startswith("| [`"):
                cells = [x for x in re.split(r"(?<!\\)\|", line)[1:-1]]
                assert len(cells) == (4 if page.startswith("# Claims\n") else 3), line
                assert "<" not in line and ">" not in line, line
