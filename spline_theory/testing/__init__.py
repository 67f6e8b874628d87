"""Tools for users' own tests: Hypothesis strategies of the library's objects."""

from . import strategies

__all__ = ["strategies"]
