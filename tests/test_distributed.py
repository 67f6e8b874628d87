"""Distributed verification on Dask (issue 15): same verdicts as a serial run, crashes and kills survived, resumable runs."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

import spline_theory
from spline_theory import claims
from spline_theory.cli import main

pytest.importorskip("distributed", reason="needs the dist extra (dask[array], distributed)")

from spline_theory.distributed import connect, local_client, preload

IDS = ["icml18.eq4", "icml18.eq5", "icml18.prop2", "icml18.thm1", "report17.eq45", "iclr19.thm3", "tian18.eq5", "slides.fc_activation_composition"]


def _rows(report):
    out = []
    for v in report.verdicts:
        d = v.to_dict()
        d.pop("seconds")
        d.pop("run")  # the UTC start of each run
        out.append(d)
    return out


@pytest.fixture(scope="module")
def client():
    c = local_client(2)
    yield c
    cluster = c.cluster
    c.close()
    cluster.close()


def test_a_distributed_run_gives_the_verdicts_of_a_serial_run(client):
    serial = spline_theory.verify(ids=IDS, max_examples=8)
    seen = []
    parallel = spline_theory.verify(ids=IDS, max_examples=8, client=client, progress=lambda i, n, c, v: seen.append((i, n, v is not None)))
    assert _rows(parallel) == _rows(serial)
    assert [v.id for v in parallel.verdicts] == [c.id for c in claims.all_claims(IDS)]
    assert sorted(i for i, _, _ in seen) == list(range(1, len(IDS) + 1)) and all(n == len(IDS) and done for _, n, done in seen)
    assert parallel.meta["workers"] == 2


def test_a_worker_killed_mid_run_loses_no_claim(client):
    pids = list(client.run(os.getpid).values())
    killed = []

    def progress(i, n, claim, v):
        if i == 1 and not killed:
            os.kill(pids[0], signal.SIGKILL)  # the nanny restarts it; its task is rescheduled
            killed.append(pids[0])

    report = spline_theory.verify(ids=IDS, max_examples=8, client=client, progress=progress)
    assert killed and [v.id for v in report.verdicts] == [c.id for c in claims.all_claims(IDS)]
    assert report.ok, [(v.id, v.verdict, v.error) for v in report.verdicts if not v.as_expected]


def test_a_claim_that_crashes_its_worker_is_inconclusive_and_the_run_goes_on(client):
    import _crash_claim

    try:
        preload(client, "_crash_claim")  # registered on every worker, restarted ones included
        report = spline_theory.verify(ids=[_crash_claim.CRASH_ID, "icml18.eq5"], max_examples=3, client=client)
        crash, other = report.verdicts if report.verdicts[0].id == _crash_claim.CRASH_ID else report.verdicts[::-1]
        assert crash.verdict == "inconclusive" and "worker error" in crash.error
        assert other.verdict == "holds"
    finally:
        claims._REGISTRY.pop(_crash_claim.CRASH_ID, None)


def test_an_unknown_scheduler_address_is_a_clear_error(capsys):
    with pytest.raises(ConnectionError, match="tcp://127.0.0.1:9"):
        connect("tcp://127.0.0.1:9", timeout=1)


def test_a_killed_cli_run_resumes_with_only_the_missing_claims(tmp_path):
    ids = ["icml18.eq4", "icml18.eq5", "icml18.prop2", "icml18.thm1", "iclr19.thm3", "report17.eq45"]
    args = [sys.executable, "-m", "spline_theory", "verify", "--out", str(tmp_path), "--no-progress", "--max-examples", "40"] + [a for i in ids for a in ("--claim", i)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cp = tmp_path / "report.partial.json"
    t0 = time.time()
    while time.time() - t0 < 120:
        if cp.exists() and len(json.loads(cp.read_text())["claims"]) >= 2:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    done = {r["id"] for r in json.loads(cp.read_text())["claims"]}
    assert 2 <= len(done) and not (tmp_path / "report.json").exists()
    assert main(["verify", "--resume", "--out", str(tmp_path), "--no-progress", "--max-examples", "40"] + [a for i in ids for a in ("--claim", i)]) == 0
    data = json.loads((tmp_path / "report.json").read_text())
    assert [r["id"] for r in data["claims"]] == [c.id for c in claims.all_claims(ids)]
    assert data["summary"]["resumed"] == len(done) and not cp.exists()


def test_resume_refuses_a_checkpoint_of_other_settings(tmp_path):
    cp = tmp_path / "cp.json"
    spline_theory.verify(ids=["icml18.eq5"], max_examples=3, checkpoint=cp)
    with pytest.raises(ValueError, match="other settings"):
        spline_theory.verify(ids=["icml18.eq5"], max_examples=4, checkpoint=cp, resume=True)


def test_the_cli_runs_on_workers_and_reports_like_a_serial_run(tmp_path, capsys):
    a, b = tmp_path / "serial", tmp_path / "dask"
    common = ["--claim", "icml18.eq5", "--claim", "icml18.prop2", "--max-examples", "5", "--no-progress"]
    assert main(["verify", *common, "--out", str(a)]) == 0
    assert main(["verify", *common, "--out", str(b), "--workers", "2"]) == 0
    rows = [[{k: v for k, v in r.items() if k not in ("seconds", "run")} for r in json.loads((d / "report.json").read_text())["claims"]] for d in (a, b)]
    assert rows[0] == rows[1]
    assert main(["verify", *common, "--out", str(b), "--workers", "2", "--scheduler", "tcp://x:1"]) == 2
