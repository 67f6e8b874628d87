"""A claim whose check kills the process that runs it (tests of distributed verification; imported on the workers)."""

import os

from hypothesis import strategies as st

from spline_theory.claims import Claim, close, register

CRASH_ID = "slides.test_crash_worker"


def _check(xp, inst):
    os._exit(13)  # what a segfault in a native library looks like to the scheduler
    return close(xp, inst["x"], inst["x"], relation="x == x")  # pragma: no cover


CLAIM = register(Claim(id=CRASH_ID, title="kills its worker", where="tests", statement="-", check=_check, cases=st.just({"x": [1.0]}), arrays=("x",)))
