r"""Dask glue: claim runs and dataset censuses on a Dask cluster (the ``dist`` extra).

The library does not schedule anything itself: a verification run submits one
task per claim to a :class:`distributed.Client` and collects the verdicts as
they finish (:func:`spline_theory.verify` with ``client=``); a census maps a
``dask.array`` block by block (:func:`spline_theory.census.census`). This
module holds what both need:

- :func:`local_client` starts an embedded :class:`distributed.LocalCluster`
  (worker processes, one thread each: the claims and the census chunks are
  single-threaded NumPy work, and processes sidestep the GIL);
- :func:`connect` joins an existing cluster by its scheduler address, with an
  error that names the address when it cannot be reached;
- :func:`preload` imports modules on every worker, including workers the
  nanny restarts after a crash (a user's own claims must be registered there);
- :func:`require` raises one clear error when Dask is not installed.

Install with ``pip install "spline-theory[dist]"`` (``dask[array]`` and
``distributed``).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

__all__ = ["DaskUnavailableError", "connect", "local_client", "preload", "require"]

EXTRA = 'pip install "spline-theory[dist]"'


class DaskUnavailableError(ImportError):
    """Dask (``dask[array]`` and ``distributed``) is not installed."""


def require(what: str = "this entry point") -> Any:
    """The ``distributed`` module, or :class:`DaskUnavailableError` saying which extra to install."""
    try:
        import dask.array  # noqa: F401
        import distributed
    except ImportError as exc:
        raise DaskUnavailableError(f"{what} needs Dask (dask[array] and distributed): {EXTRA} ({exc})") from None
    return distributed


def local_client(workers: int | None = None) -> Any:
    """A :class:`distributed.Client` on an embedded ``LocalCluster`` of ``workers`` processes (default: one per core), one thread each.

    Close it (``client.close(); client.cluster.close()``, or use it as a
    context manager) when done.
    """
    distributed = require("a local Dask cluster")
    n = (os.cpu_count() or 1) if workers is None else workers
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"workers must be a positive int; got {workers!r}")
    import dask

    # Dask's workers sample their threads' stacks every 10 ms for the dashboard's profile: on the
    # Python-heavy claim runs that costs a fifth of the time, and nothing here reads the profile.
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40)
    return distributed.Client(cluster)


def connect(address: str, *, timeout: float = 10.0) -> Any:
    """A :class:`distributed.Client` connected to the scheduler at ``address`` (``tcp://host:port``).

    Raises
    ------
    ConnectionError
        The scheduler cannot be reached within ``timeout`` seconds (the message names the address).
    """
    distributed = require("joining a Dask cluster")
    if not isinstance(address, str) or not address:
        raise ValueError(f"address must be a scheduler address such as 'tcp://127.0.0.1:8786'; got {address!r}")
    try:
        return distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConnectionError(f"cannot reach the Dask scheduler at {address!r} within {timeout:g} s: {exc}") from None


try:  # the plugin base class, when the dist extra is installed
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - preload() then raises DaskUnavailableError first
    _WorkerPlugin = object


class _Preload(_WorkerPlugin):
    """A worker plugin that imports modules when a worker starts (registered by :func:`preload`)."""

    def __init__(self, modules: tuple) -> None:
        self.modules = modules

    def setup(self, worker: Any) -> None:
        for m in self.modules:
            importlib.import_module(m)


def preload(client: Any, *modules: str) -> None:
    """Import ``modules`` on every worker of ``client``, now and whenever a worker (re)starts.

    A verification run looks claims up by id on the workers; claims a user
    registers in a module of their own must be registered there too.
    """
    require("preloading modules on Dask workers")
    for m in modules:
        if not isinstance(m, str):
            raise TypeError(f"modules must be module names (str); got {m!r}")
    client.register_plugin(_Preload(tuple(modules)), name="spline-theory-preload-" + "-".join(modules))


def _verify_one(claim_id: str, settings: dict) -> Any:
    """Task of a distributed verification run: the verdict of one claim (runs on a worker)."""
    from . import claims

    return claims.get(claim_id).verify(**settings)
