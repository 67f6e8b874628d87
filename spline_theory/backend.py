"""Array backends: the only module that knows backend names.

Every array function of the library gets its namespace from its inputs with
:func:`array_namespace` (array-api-compat) and never imports NumPy or CuPy.
This module turns a backend *name* (``"numpy"``, ``"cupy"``,
``"array_api_strict"``) into a namespace, says which backends are usable here,
converts arrays back to host NumPy for reports, and is the one place where
PyTorch tensors cross into the library and back (:func:`tensors_in_out`):
a CPU tensor becomes a NumPy array and a CUDA tensor a CuPy array through
DLPack, without a copy, and the results go back the same way.

The table :data:`CAPABILITIES` is the one place that says where a backend
cannot be used; tests derive their skips from it and docstrings cite it.
"""

from __future__ import annotations

import functools
import itertools
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
    "is_tensor",
    "from_tensor",
    "to_tensor",
    "tensors_in_out",
    "accept_tensors",
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


# ----------------------------------------------------------------- PyTorch tensors
def is_tensor(x: Any) -> bool:
    """Whether ``x`` is a PyTorch tensor (checked without importing torch)."""
    return array_api_compat.is_torch_array(x)


def from_tensor(t: Any) -> Any:
    """The array a PyTorch tensor holds, without a copy: NumPy for a CPU tensor, CuPy for a CUDA one (DLPack).

    The tensor is detached first (``requires_grad`` is accepted; no autograd
    graph follows the data), and the library never writes into its inputs, so
    the caller's tensor is not modified.

    Raises
    ------
    ValueError
        A tensor on another device (``meta``, ``mps``...), or a CUDA tensor without CuPy.
    """
    t = t.detach()
    dev = t.device.type
    if dev == "cpu":
        if t.is_conj() or t.is_neg():  # lazily conjugated / negated views cannot be exported
            t = t.resolve_conj().resolve_neg()
        return _np.from_dlpack(t)
    if dev == "cuda":
        reason = _cupy_status()
        if reason is not None:
            raise ValueError(f"a CUDA tensor needs CuPy to stay on its GPU: {reason}")
        import cupy

        return cupy.from_dlpack(t)
    raise ValueError(f"tensors on device {t.device} are not supported: move them to the CPU or a CUDA device")


def to_tensor(a: Any) -> Any:
    """A PyTorch tensor holding a NumPy or CuPy array, without a copy where DLPack allows it.

    Read-only NumPy arrays (broadcast views) are copied first: DLPack does not
    export them. Other values are returned unchanged.
    """
    import torch

    if isinstance(a, _np.ndarray):
        if not a.flags.writeable:
            a = a.copy()
        return torch.from_dlpack(a)
    if isinstance(a, _np.generic):
        return torch.from_dlpack(_np.asarray(a).copy())
    if is_cupy_array(a):
        return torch.from_dlpack(a)
    return a


def _map(obj: Any, leaf: Any, depth: int = 2) -> Any:
    """Apply ``leaf`` to arrays inside tuples, lists and dicts (``depth`` levels)."""
    if depth > 0 and isinstance(obj, (tuple, list)):
        out = [_map(v, leaf, depth - 1) for v in obj]
        return tuple(out) if isinstance(obj, tuple) else out
    if depth > 0 and isinstance(obj, dict):
        return {k: _map(v, leaf, depth - 1) for k, v in obj.items()}
    return leaf(obj)


def _holds_tensor(obj: Any, depth: int = 2) -> bool:
    if is_tensor(obj):
        return True
    if depth > 0 and isinstance(obj, (tuple, list)):
        return any(_holds_tensor(v, depth - 1) for v in obj)
    if depth > 0 and isinstance(obj, dict):
        return any(_holds_tensor(v, depth - 1) for v in obj.values())
    return False


def _is_numpy_scalar(v: Any) -> bool:
    """A NumPy scalar (``np.float32(0.5)``, ``np.int64(3)``, ``np.bool_``), not an array."""
    return type(v).__module__ == "numpy" and type(v).__name__ != "ndarray" and getattr(v, "shape", None) == ()


def _python_scalar(v: Any) -> Any:
    """The Python number of a NumPy scalar (exact: float32 values are float64 values), anything else unchanged."""
    return v.item() if _is_numpy_scalar(v) else v


def tensors_in_out(fn: Any) -> Any:
    """Let ``fn`` take PyTorch tensors where it takes arrays, and return tensors then; NumPy scalars where it takes numbers.

    NumPy scalar arguments (``np.float32(0.5)``, ``np.int64(3)``) become the
    Python numbers they hold, so every entry point accepts them wherever it
    accepts Python numbers.

    When an argument (or an entry of a tuple, list or dict argument) is a
    tensor, every tensor argument is replaced by :func:`from_tensor` (NumPy or
    CuPy, zero-copy) and every NumPy / CuPy array of the result (also inside
    tuples, lists and dicts) by :func:`to_tensor`; the result then lives on the
    tensors' device. Calls without tensors are passed through untouched.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if any(_is_numpy_scalar(a) for a in itertools.chain(args, kwargs.values())):
            args = tuple(_python_scalar(a) for a in args)
            kwargs = {k: _python_scalar(v) for k, v in kwargs.items()}
        if not any(_holds_tensor(a) for a in itertools.chain(args, kwargs.values())):
            return fn(*args, **kwargs)

        def leaf(v: Any) -> Any:
            return from_tensor(v) if is_tensor(v) else v

        args = tuple(_map(a, leaf) for a in args)
        kwargs = {k: _map(v, leaf) for k, v in kwargs.items()}
        return _map(fn(*args, **kwargs), to_tensor)

    return wrapper


def accept_tensors(namespace: dict, *, constructors_only: bool = False) -> None:
    """Wrap with :func:`tensors_in_out` every function a module defines and lists in ``__all__``, and the public methods of its classes.

    Called once at the end of each array module (``accept_tensors(globals())``),
    so that the tensor conversion stays here and every public array function
    takes PyTorch tensors. ``constructors_only``: wrap only the classes'
    ``__init__`` (layers, whose other methods are the inner loops of the
    network operations and take the library's own arrays).
    """
    import inspect

    for name in namespace.get("__all__", ()):
        obj = namespace.get(name)
        if getattr(obj, "__module__", None) != namespace["__name__"]:
            continue
        if inspect.isfunction(obj) and not hasattr(obj, "__wrapped__"):
            namespace[name] = tensors_in_out(obj)
        elif inspect.isclass(obj):  # the public methods of its classes (MASO, Network, ...), __call__ included
            for attr, fn in list(vars(obj).items()):
                public = attr == "__init__" if constructors_only else (not attr.startswith("_") or attr in ("__call__", "__init__"))
                if inspect.isfunction(fn) and public and not hasattr(fn, "__wrapped__"):
                    setattr(obj, attr, tensors_in_out(fn))
