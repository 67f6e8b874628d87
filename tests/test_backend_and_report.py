"""Backends (with the GPU parity test), strategies and atomic report files."""

import json
import os

import numpy as np
import pytest
from hypothesis import given, settings

from spline_theory import MASO, backend, claims
from spline_theory.report import write_atomic
from spline_theory.testing.strategies import masos, seeded_maso_instances


def test_backend_names_and_errors():
    assert backend.backend_name(backend.namespace("numpy")) == "numpy"
    with pytest.raises(ValueError, match="backend must be one of"):
        backend.namespace("jax")
    with pytest.raises(TypeError, match="backend must be a str"):
        backend.namespace(3)
    with pytest.raises(ValueError, match="dtype must be one of"):
        backend.resolve_dtype(backend.namespace("numpy"), "int32")


@pytest.mark.skipif(backend.is_available("cupy"), reason="a CUDA device is present")
def test_cupy_without_a_device_is_a_clear_error():
    with pytest.raises(backend.BackendUnavailableError, match="backend 'cupy' is unavailable"):
        backend.namespace("cupy")
    with pytest.raises(backend.BackendUnavailableError):
        claims.get("icml18.eq5").verify(backend="cupy")


@given(S=masos(xp=backend.namespace("array_api_strict")))
def test_masos_strategy_draws_on_any_namespace(S):
    assert backend.backend_name(S.xp) == "array_api_strict"


gpu = pytest.mark.skipif(not backend.is_available("cupy"), reason="cupy: " + backend.CAPABILITIES["cupy"])


@pytest.mark.gpu
@gpu
@settings(max_examples=10)
@given(inst=seeded_maso_instances())
def test_cupy_matches_numpy_on_large_masos(inst):
    cp = backend.namespace("cupy")
    S_np = MASO(inst["A"], inst["B"])
    S_cp = MASO(backend.asarray(inst["A"], cp), backend.asarray(inst["B"], cp))
    x_cp = backend.asarray(inst["x"], cp)
    np.testing.assert_allclose(backend.to_numpy(S_cp(x_cp)), S_np(inst["x"]), rtol=1e-10, atol=1e-10)
    A_np, _ = S_np.affine_at(inst["x"])
    A_cp, _ = S_cp.affine_at(x_cp)
    agree = (backend.to_numpy(A_cp) == A_np).all(axis=2)
    assert agree.mean() > 0.999  # region choices may differ only at float ties
    np.testing.assert_allclose(backend.to_numpy(S_cp.vq_matrix(x_cp, 0.7)), S_np.vq_matrix(inst["x"], 0.7), rtol=1e-9, atol=1e-12)


@pytest.mark.gpu
@gpu
@pytest.mark.parametrize("claim_id", claims.ids())
def test_every_claim_gets_its_verdict_on_cupy(claim_id):
    c = claims.get(claim_id)
    assert c.verify(backend="cupy", max_examples=20).verdict == c.expected


def test_write_atomic_replaces_the_file_and_leaves_no_temporaries(tmp_path):
    p = tmp_path / "report.json"
    write_atomic(p, "old")
    write_atomic(p, json.dumps({"a": 1}))
    assert json.loads(p.read_text()) == {"a": 1}
    assert os.listdir(tmp_path) == ["report.json"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    p = tmp_path / "report.json"
    write_atomic(p, "old")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(p, "new")
    assert p.read_text() == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_report_round_trip_and_summary(tmp_path):
    import spline_theory

    r = spline_theory.verify(ids=["icml18.prop2", "icml18.eq5"], max_examples=5)
    j, m = r.write(tmp_path / "new" / "dir")
    data = json.loads(j.read_text())
    s = data["summary"]
    assert (s["n_claims"], s["holds"], s["fails"], s["inconclusive"]) == (2, 1, 1, 0)
    assert s["all_as_expected"] and r.ok
    assert "| `icml18.eq5` |" in m.read_text()
