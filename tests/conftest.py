"""Shared fixtures: the Hypothesis profiles and the array backends under test.

Profiles (STYLE.md Sec. 7): ``dev`` (fast, default), ``ci`` (derandomized, no
database, no deadline, prints blobs) and ``thorough``; choose one with
``--hypothesis-profile=ci`` or the environment variable ``SPLINE_THEORY_PROFILE``.
"""

import os

import pytest
from hypothesis import settings

from spline_theory import backend
from spline_theory.claims import PROFILES, hypothesis_settings

for _name in PROFILES:
    settings.register_profile(_name, hypothesis_settings(_name))
settings.load_profile(os.environ.get("SPLINE_THEORY_PROFILE", "dev"))


@pytest.fixture(scope="session")
def profile(request):
    """The profile name in force (the ``--hypothesis-profile`` option wins)."""
    return request.config.getoption("hypothesis_profile", None) or os.environ.get("SPLINE_THEORY_PROFILE", "dev")


def _backend_params():
    params = [pytest.param("numpy", id="numpy"), pytest.param("array_api_strict", id="array_api_strict")]
    gpu = pytest.mark.skipif(not backend.is_available("cupy"), reason="cupy: " + backend.CAPABILITIES["cupy"])
    params.append(pytest.param("cupy", id="cupy", marks=[pytest.mark.gpu, gpu]))
    return params


@pytest.fixture(params=_backend_params())
def xp(request):
    """Array namespace: NumPy, array_api_strict and (with a GPU) CuPy."""
    return backend.namespace(request.param)

# a helper module for tests/test_distributed.py: importing it registers a claim that kills its process
collect_ignore = ["_crash_claim.py"]
