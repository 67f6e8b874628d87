"""Argument checks shared by the library: clear errors, no mutation.

Every check names the argument, says what was expected and what was given.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import array_api_compat

from . import backend as _backend


def _describe(value: Any) -> str:
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is not None:
        return f"array of shape {tuple(shape)} and dtype {dtype}"
    return f"{type(value).__name__}"


def as_float_array(
    value: Any,
    name: str,
    *,
    shape: str,
    ndim: int | tuple[int, ...],
    xp: Any | None = None,
    allow_empty: bool = False,
) -> Any:
    """Validate ``value`` as a finite real floating array with ``ndim`` dimensions.

    Lists and tuples become NumPy arrays; PyTorch tensors their NumPy (CPU) or
    CuPy (CUDA) array through DLPack; integer and boolean arrays are cast to
    float64 (a new array, the input is untouched). ``shape`` is the shape
    spelled for the error message, e.g. ``"(K, R, D)"``.
    """
    if value is None:
        raise TypeError(f"{name} must be an array of shape {shape}; got None")
    if _backend.is_tensor(value):  # a PyTorch tensor: its NumPy / CuPy array, zero-copy (layers, MASOs and other constructors)
        value = _backend.from_tensor(value)
    if array_api_compat.is_array_api_obj(value):
        vxp = array_namespace_or_error(value, name=name)
        if xp is not None and vxp is not xp:
            raise TypeError(
                f"{name} must be an array of the same backend as the other arguments "
                f"({_backend.backend_name(xp)}); got a {_backend.backend_name(vxp)} array"
            )
        arr = value
    else:
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, int, float)):
            raise TypeError(f"{name} must be an array of shape {shape}; got {_describe(value)}")
        try:
            arr = _backend.asarray(value, xp or _backend.namespace("numpy"))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{name} must be a rectangular array of shape {shape}; got a ragged or non-numeric {type(value).__name__} ({exc})") from None
        vxp = array_namespace_or_error(arr, name=name)
    dims = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if arr.ndim not in dims:
        raise ValueError(f"{name} must have shape {shape} ({' or '.join(map(str, dims))} dims); got shape {tuple(arr.shape)}")
    try:
        is_float = vxp.isdtype(arr.dtype, "real floating")
        is_intlike = vxp.isdtype(arr.dtype, ("integral", "bool"))
    except Exception:  # dtypes outside the array API (strings, objects)
        is_float = is_intlike = False
    if is_float and arr.dtype not in (vxp.float32, vxp.float64):
        raise TypeError(f"{name} must have dtype float32 or float64 (the library's round-off allowances are derived for them); got dtype {arr.dtype}")
    if not is_float:
        if is_intlike:
            arr = vxp.astype(arr, vxp.float64)
        else:
            raise TypeError(f"{name} must have a real floating dtype (float32 or float64); got dtype {arr.dtype}")
    if not allow_empty and math.prod(arr.shape) == 0:
        raise ValueError(f"{name} must not be empty; got shape {tuple(arr.shape)}")
    finite = vxp.isfinite(arr)
    if not bool(vxp.all(finite)):
        n_bad = int(vxp.sum(vxp.astype(~finite, vxp.int64)))
        raise ValueError(f"{name} must be finite; got {n_bad} NaN or infinite value(s) in an array of shape {tuple(arr.shape)}")
    return arr


def as_vector(value: Any, name: str, length: int, *, xp: Any, symbol: str) -> Any:
    """A finite float vector of shape ``(length,)``; ``symbol`` names the length in messages."""
    v = as_float_array(value, name, shape=f"({symbol},) with {symbol} = {length}", ndim=1, xp=xp)
    if v.shape[0] != length:
        raise ValueError(f"{name} must have shape ({symbol},) = ({length},); got shape {tuple(v.shape)}")
    return v


def array_namespace_or_error(*arrays: Any, name: str = "arguments") -> Any:
    """``array_namespace`` with a message that names the arguments."""
    try:
        return _backend.array_namespace(*arrays)
    except TypeError as exc:
        raise TypeError(f"{name} must be arrays of one backend: {exc}") from None


def check_probability(value: Any, name: str, *, closed: bool = True) -> float:
    """A scalar in [0, 1] (or (0, 1) when ``closed`` is False)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__}")
    v = float(value)
    ok = (0.0 <= v <= 1.0) if closed else (0.0 < v < 1.0)
    if not ok:
        interval = "[0, 1]" if closed else "(0, 1)"
        raise ValueError(f"{name} must lie in {interval}; got {value!r}")
    return v


def check_positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a positive int; got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int; got {value}")
    return value


def is_integer(value: Any) -> bool:
    """A Python or NumPy integer (not a bool)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)  # NumPy's bool_ is not Integral


def as_shape(value: Any, name: str) -> tuple:
    """A non-empty tuple of positive ints (a shape without the batch axis)."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a tuple of ints; got {value!r}")
    if is_integer(value):
        value = (value,)
    try:
        items = tuple(value)
    except TypeError:
        raise TypeError(f"{name} must be a tuple of ints; got {value!r}") from None
    if not all(is_integer(v) for v in items):
        raise TypeError(f"{name} must be a tuple of ints (no floats, strings or bools); got {value!r}")
    shape = tuple(int(v) for v in items)
    if not shape or min(shape) < 1:
        raise ValueError(f"{name} must be a non-empty tuple of positive ints; got {value!r}")
    return shape
