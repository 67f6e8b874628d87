"""Batch verification and its reports (``report.json``, ``report.md``).

:func:`verify` runs a selection of claims and returns a :class:`Report`;
:meth:`Report.write` writes both files atomically (a temporary file in the
same folder, then a rename), so a reader never sees half a report.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from . import claims as _claims

__all__ = ["Report", "verify", "write_atomic", "format_table", "load_report"]


@dataclass
class Report:
    """Verdicts of one verification run, with its settings."""

    verdicts: list[_claims.Verdict]
    profile: str
    backend: str
    dtype: str
    seed: int | None
    seconds: float
    meta: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Every verdict equals the verdict its claim file records."""
        return all(v.as_expected for v in self.verdicts)

    def summary(self) -> dict:
        counts = {k: sum(v.verdict == k for v in self.verdicts) for k in _claims.VERDICTS}
        return {
            "n_claims": len(self.verdicts),
            **counts,
            "unexpected": [v.id for v in self.verdicts if not v.as_expected],
            "all_as_expected": self.ok,
            "profile": self.profile,
            "backend": self.backend,
            "dtype": self.dtype,
            "seed": self.seed,
            "seconds": round(self.seconds, 3),
            **self.meta,
        }

    def to_dict(self) -> dict:
        return {"claims": [v.to_dict() for v in self.verdicts], "summary": self.summary()}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, allow_nan=False)

    def to_markdown(self) -> str:
        s = self.summary()
        lines = [
            "# spline_theory verification report",
            "",
            f"{s['n_claims']} claims: {s['holds']} hold, {s['fails']} fail, {s['inconclusive']} inconclusive; "
            f"{'all verdicts as expected' if self.ok else 'UNEXPECTED: ' + ', '.join(s['unexpected'])}.",
            f"Profile `{self.profile}`, backend `{self.backend}`, dtype `{self.dtype}`, "
            f"seed {'per claim' if self.seed is None else self.seed}, {self.seconds:.1f} s.",
            "",
            "| id | title | verdict | expected | examples | max residual | seconds |",
            "|---|---|---|---|---:|---:|---:|",
        ]
        for v in self.verdicts:
            lines.append(
                f"| `{v.id}` | {v.title} | **{v.verdict}** | {v.expected} | {v.n_examples} | {v.max_residual:.3g} | {v.seconds:.2f} |"
            )
        fails = [v for v in self.verdicts if v.counterexample]
        if fails:
            lines += ["", "## Counterexamples", ""]
            for v in fails:
                ce = v.counterexample
                lines += [
                    f"### `{v.id}`",
                    "",
                    f"Violated relation: `{ce['relation']}` (residual {ce['residual']:.6g} > tolerance {ce['tolerance']:.6g}); "
                    + ("found by the search." if ce.get("found_by", "search") == "search" else "the search found none; this is the counterexample stored in the claim file."),
                    "",
                    "```json",
                    json.dumps(ce["instance"]),
                    "```",
                    "",
                    f"Left side: `{json.dumps(ce['lhs'])}`; right side: `{json.dumps(ce['rhs'])}`.",
                    f"Replay: `spline_theory.claims.get('{v.id}').replay(counterexample)` with the instance above, "
                    f"or re-run with seed {ce['replay']['seed']} and profile `{ce['replay']['profile']}`"
                    + (f"; Hypothesis blob `{ce['replay']['hypothesis_blob']}`." if ce["replay"].get("hypothesis_blob") else "."),
                    "",
                ]
        errors = [v for v in self.verdicts if v.error]
        if errors:
            lines += ["", "## Errors", ""] + [f"- `{v.id}`: {v.error}" for v in errors]
        return "\n".join(lines) + "\n"

    def write(self, out_dir: str | os.PathLike) -> tuple[Path, Path]:
        """Write ``report.json`` and ``report.md`` into ``out_dir`` (created if needed), atomically."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        j, m = out / "report.json", out / "report.md"
        write_atomic(j, self.to_json() + "\n")
        write_atomic(m, self.to_markdown())
        return j, m


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files that killed writers of ``path`` left (their process no longer runs)."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        parts = tmp.name[len(path.name) + 2 :].split(".")
        pid = int(parts[0]) if parts and parts[0].isdigit() else None
        if pid is None or pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except (PermissionError, OSError):
            continue  # another user's live process


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace`.

    The file gets the mode a plain ``open`` would give (``0o666`` less the
    process umask); temporaries left by killed writers are removed.
    """
    path = Path(path)
    _remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def load_report(path: str | os.PathLike) -> dict:
    """Read a ``report.json``; returns ``{claim id: claim row}``."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return {row["id"]: row for row in data.get("claims", [])}


def verify(
    ids: Iterable[str] | None = None,
    papers: Iterable[str] | None = None,
    *,
    profile: str = "dev",
    backend: str = "numpy",
    dtype: str = "float64",
    seed: int | None = None,
    max_examples: int | None = None,
    progress: Callable[[int, int, _claims.Claim, _claims.Verdict | None], None] | None = None,
) -> Report:
    """Verify a selection of claims (all by default).

    Parameters
    ----------
    ids : str or iterable of str, optional
        Claim ids (one id as a string); with ``papers``, the union of both selections.
    papers : str or iterable of str, optional
        Paper keys (``icml18``, ``iclr19``, ``report17``, ``tian18``, ``slides``).
    profile, backend, dtype, seed, max_examples
        As in :meth:`spline_theory.claims.Claim.verify`.
    progress : callable ``(i, n, claim, verdict_or_None)``, optional
        Called before (verdict None) and after each claim.

    Returns
    -------
    Report

    Examples
    --------
    >>> import spline_theory
    >>> report = spline_theory.verify(ids=["icml18.eq5"], max_examples=5)
    >>> report.verdicts[0].verdict
    'holds'
    """
    from . import backend as _backend

    _backend.namespace(backend)  # fail early on an unavailable backend
    _backend.resolve_dtype(_backend.namespace(backend), dtype)
    if profile not in _claims.PROFILES:
        raise ValueError(f"profile must be one of {tuple(_claims.PROFILES)}; got {profile!r}")
    ids = [ids] if isinstance(ids, str) else ids  # one id, not its characters
    papers = [papers] if isinstance(papers, str) else papers
    selected = _claims.all_claims(ids, papers)
    verdicts = []
    t0 = time.perf_counter()
    for i, claim in enumerate(selected):
        if progress:
            progress(i, len(selected), claim, None)
        v = claim.verify(profile=profile, backend=backend, dtype=dtype, seed=seed, max_examples=max_examples)
        verdicts.append(v)
        if progress:
            progress(i + 1, len(selected), claim, v)
    meta = {"spline_theory": __version__, "python": platform.python_version()}
    return Report(verdicts, profile, backend, dtype, seed, time.perf_counter() - t0, meta)


def format_table(verdicts: list[_claims.Verdict], width: int = 100) -> str:
    """A plain-text table: id, title, verdict, examples, max residual, seconds."""
    rows = [("id", "title", "verdict", "examples", "max residual", "seconds")]
    for v in verdicts:
        mark = "" if v.as_expected else f" (expected {v.expected})"
        rows.append((v.id, v.title, v.verdict + mark, str(v.n_examples), f"{v.max_residual:.3g}", f"{v.seconds:.2f}"))
    w = [max(len(r[c]) for r in rows) for c in range(6)]
    fixed = sum(w) - w[1] + 2 * 5
    w[1] = max(10, min(w[1], width - fixed))
    out = []
    for n, r in enumerate(rows):
        title = r[1] if len(r[1]) <= w[1] else r[1][: w[1] - 1] + "…"
        cells = [r[0].ljust(w[0]), title.ljust(w[1]), r[2].ljust(w[2]), r[3].rjust(w[3]), r[4].rjust(w[4]), r[5].rjust(w[5])]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * x for x in w))
    return "\n".join(out)
