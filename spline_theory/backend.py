"""Array backends: the only module that knows backend names.

Every array function of the library gets its namespace from its inputs with
:func:`array_namespace` (array-api-compat) and never imports NumPy or CuPy.
This module turns a backend *name* (``"numpy"``, ``"cupy"``,
``"array_api_strict"``) into a namespace, says which backends are usable here,
and converts arrays back to host NumPy for reports.

The table :data:`CAPABILITIES` is the one place that says where a backend
cannot be used; tests derive their skips from it and docstrings cite it.
"""

from __future__ import annotations

import functools
from typing import Any

import array_api_compat
import numpy as _np
from array_api_compat import array_namespace, is_cupy_array

__all__ = [
    "BACKENDS",
    "DTYPES",
    "CAPABILITIES",
    "BackendUnavailableError",
    "array_namespace",
    "namespace",
    "is_available",
    "resolve_dtype",
    "asarray",
    "to_numpy",
    "backend_name",
]

#: Names accepted by ``backend=`` arguments and ``--backend``.
BACKENDS = ("numpy", "cupy", "array_api_strict")

#: Floating dtypes the library computes in.
DTYPES = ("float64", "float32")

#: Where each backend can run, and why not when it cannot.
CAPABILITIES = {
    "numpy": "always available (the default backend)",
    "cupy": "needs the `gpu` extra (cupy) and a CUDA device; large cases run here",
    "array_api_strict": "a strict reference namespace used by the test suite to "
    "catch NumPy-only habits; CPU only, slow",
}


class BackendUnavailableError(RuntimeError):
    """A backend was asked for that cannot run on this machine."""


def _check_name(backend: str) -> None:
    if not isinstance(backend, str):
        raise TypeError(f"backend must be a str, one of {BACKENDS}; got {type(backend).__name__}")
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}; got {backend!r}")


@functools.cache
def _cupy_status() -> str | None:
    """None when CuPy has a usable device, else the reason it has not."""
    try:
        import cupy  # noqa: F401  (optional dependency)
    except Exception as exc:  # ImportError, or a broken CUDA install
        return f"cupy is not installed or failed to import ({type(exc).__name__}: {exc}); install the `gpu` extra"
    try:
        n = cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:
        return f"cupy found no CUDA device ({type(exc).__name__}: {exc})"
    if n < 1:
        return "cupy found no CUDA device"
    return None


def is_available(backend: str) -> bool:
    """Whether ``backend`` can run here (CuPy needs a device).

    Parameters
    ----------
    backend : {"numpy", "cupy", "array_api_strict"}

    Returns
    -------
    bool
    """
    _check_name(backend)
    if backend == "cupy":
        return _cupy_status() is None
    if backend == "array_api_strict":
        try:
            import array_api_strict  # noqa: F401
        except ImportError:
            return False
    return True


def namespace(backend: str = "numpy") -> Any:
    """Return the array-API namespace of a backend name.

    Parameters
    ----------
    backend : {"numpy", "cupy", "array_api_strict"}, default "numpy"

    Returns
    -------
    module
        ``array_api_compat.numpy``, ``array_api_compat.cupy`` or ``array_api_strict``.

    Raises
    ------
    ValueError
        Unknown backend name.
    BackendUnavailableError
        CuPy is not installed or sees no CUDA device.
    """
    _check_name(backend)
    if backend == "numpy":
        import array_api_compat.numpy as xp

        return xp
    if backend == "cupy":
        reason = _cupy_status()
        if reason is not None:
            raise BackendUnavailableError(f"backend 'cupy' is unavailable: {reason}")
        import array_api_compat.cupy as xp

        return xp
    try:
        import array_api_strict as xp
    except ImportError as exc:  # pragma: no cover - test extra
        raise BackendUnavailableError(
            "backend 'array_api_strict' needs the package array-api-strict (the `test` extra)"
        ) from exc
    return xp


def backend_name(xp: Any) -> str:
    """The backend name of a namespace (inverse of :func:`namespace`)."""
    if array_api_compat.is_numpy_namespace(xp):
        return "numpy"
    if array_api_compat.is_cupy_namespace(xp):
        return "cupy"
    if array_api_compat.is_array_api_strict_namespace(xp):
        return "array_api_strict"
    return getattr(xp, "__name__", repr(xp))


def resolve_dtype(xp: Any, dtype: Any) -> Any:
    """Turn ``"float64"`` / ``"float32"`` (or a dtype object) into ``xp``'s dtype.

    Raises
    ------
    ValueError
        ``dtype`` is not float64 or float32.
    """
    if not isinstance(dtype, str):
        for candidate in DTYPES:
            if dtype == getattr(xp, candidate):
                return getattr(xp, candidate)
    name = dtype if isinstance(dtype, str) else getattr(dtype, "name", None) or str(dtype)
    name = {"double": "float64", "single": "float32"}.get(name, name)
    if name not in DTYPES:
        raise ValueError(f"dtype must be one of {DTYPES}; got {dtype!r}")
    return getattr(xp, name)


def asarray(value: Any, xp: Any, dtype: Any | None = None) -> Any:
    """Copy host data (lists, NumPy arrays, arrays of another backend) into ``xp``."""
    if not array_api_compat.is_array_api_obj(value) or array_namespace(value) is not xp:
        value = to_numpy(value) if array_api_compat.is_array_api_obj(value) else _np.asarray(value)
    if dtype is not None:
        return xp.asarray(value, dtype=dtype, copy=True)
    return xp.asarray(value, copy=True)


def to_numpy(x: Any) -> _np.ndarray:
    """A host NumPy copy of an array of any supported backend (for reports)."""
    if is_cupy_array(x):
        return x.get()
    if isinstance(x, _np.ndarray):
        return x
    if array_api_compat.is_array_api_obj(x):
        return _np.from_dlpack(x)
    return _np.asarray(x)
