"""Batch verification and its reports (``report.json``, ``report.md``).

:func:`verify` runs a selection of claims and returns a :class:`Report`;
:meth:`Report.write` writes both files atomically (a temporary file in the
same folder, then a rename), so a reader never sees half a report. By
default it merges: the verdicts of the claims this run verified replace
theirs, the other claims keep the verdict (and run, profile, dtype) of the
run that obtained it, so a subset run never erases the rest.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__
from . import claims as _claims

__all__ = ["Report", "ReportFileError", "verify", "write_atomic", "format_table", "load_report", "table_cell"]


class ReportFileError(ValueError):
    """An existing ``report.json`` that cannot be merged into (not JSON, or not a report)."""


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

    def runs(self) -> dict:
        """``{run: {"profile", "backend", "dtype", "n_claims"}}``: the runs the verdicts come from (a merged report has several)."""
        out: dict[str, dict] = {}
        for v in self.verdicts:
            r = out.setdefault(v.run or "unknown", {"profile": v.profile, "backend": v.backend, "dtype": v.dtype, "n_claims": 0})
            r["n_claims"] += 1
        return dict(sorted(out.items()))

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
            "runs": self.runs(),
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
        ]
        runs = self.runs()
        if len(runs) > 1:
            lines += ["", "The verdicts come from several runs (a merged report):", ""]
            lines += [f"- `{r}`: {x['n_claims']} claims, profile `{x['profile']}`, backend `{x['backend']}`, dtype `{x['dtype']}`" for r, x in runs.items()]
        lines += [
            "",
            "| id | title | verdict | expected | examples | max residual | seconds | run |",
            "|---|---|---|---|---:|---:|---:|---|",
        ]
        for v in self.verdicts:
            lines.append(
                f"| `{v.id}` | {table_cell(v.title)} | **{v.verdict}** | {v.expected} | {v.n_examples} | {v.max_residual:.3g} | {v.seconds:.2f} | {v.run or ''} {v.profile}/{v.dtype} |"
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

    def merged_with(self, path: str | os.PathLike) -> Report:
        """This report with the verdicts of an earlier ``report.json`` for the claims it does not cover.

        Rows of claims no longer registered are dropped; a kept row's
        ``expected``, ``title`` and ``kind`` are refreshed from the registry
        (its verdict, run, profile, dtype and evidence are kept as obtained).
        Verdicts are in registry order. A missing file merges nothing.

        Raises
        ------
        ReportFileError
            ``path`` exists but is not a report this library wrote.
        """
        path = Path(path)
        if not path.exists():
            return self
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            rows = data["claims"]
            earlier = {row["id"]: _claims.Verdict.from_dict(row) for row in rows}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ReportFileError(f"{path} exists but is not a spline_theory report ({type(exc).__name__}: {exc}); move it away, or write without merging") from None
        mine = {v.id: v for v in self.verdicts}
        registered = set(_claims.ids())
        kept = {}
        for i, v in earlier.items():
            if i in mine or i not in registered:
                continue
            c = _claims.get(i)
            kept[i] = replace(v, expected=c.expected, title=c.title, kind=c.kind)
        if not kept:
            return self
        both = {**kept, **mine}
        order = [i for i in _claims.ids() if i in both]
        meta = {**self.meta, "merged": {"from": str(path), "kept": len(kept), "dropped_unregistered": sorted(set(earlier) - registered)}}
        return replace(self, verdicts=[both[i] for i in order], meta=meta)

    def write(self, out_dir: str | os.PathLike, *, merge: bool = True) -> tuple[Path, Path]:
        """Write ``report.json`` and ``report.md`` into ``out_dir`` (created if needed), atomically.

        Parameters
        ----------
        out_dir : path
        merge : bool, default True
            Merge into the ``report.json`` already there (:meth:`merged_with`):
            the claims of this run get its verdicts, the others keep theirs.
            ``False`` replaces the report with this run's verdicts only.

        Returns
        -------
        (Path, Path)
            ``report.json`` and ``report.md``.

        Raises
        ------
        ReportFileError
            ``merge`` and the existing ``report.json`` is not a report.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        j, m = out / "report.json", out / "report.md"
        rep = self.merged_with(j) if merge else self
        write_atomic(j, rep.to_json() + "\n")
        write_atomic(m, rep.to_markdown())
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


def table_cell(text: str) -> str:
    """``text`` safe inside one cell of a Markdown table: ``|``, ``[`` and ``]`` escaped (``s[a](x)`` is not a link), ``<`` and ``>`` as entities, one line."""
    return (" ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("[", "\\[").replace("]", "\\]"))


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
    client: Any = None,
    checkpoint: str | os.PathLike | None = None,
    resume: bool = False,
) -> Report:
    """Verify a selection of claims (all by default), serially or on a Dask cluster.

    Parameters
    ----------
    ids : str or iterable of str, optional
        Claim ids (one id as a string); with ``papers``, the union of both selections.
    papers : str or iterable of str, optional
        Paper keys (``icml18``, ``iclr19``, ``report17``, ``tian18``, ``slides``).
    profile, backend, dtype, seed, max_examples
        As in :meth:`spline_theory.claims.Claim.verify`.
    progress : callable ``(i, n, claim, verdict_or_None)``, optional
        Called after each claim with the number finished so far (and, in a
        serial run, before each claim with ``None``).
    client : distributed.Client, optional
        Run the claims as tasks on this Dask cluster (one task per claim,
        collected as they finish; :func:`spline_theory.distributed.local_client`
        starts one). A task that fails, a worker that dies, gives the claim an
        ``inconclusive`` verdict with the error, and the run goes on. The
        verdicts are those of a serial run: each claim's search is seeded by
        its id (or ``seed``), whatever worker runs it.
    checkpoint : path, optional
        A JSON file rewritten (atomically) after every finished claim with the
        verdicts so far, so a killed run loses nothing that finished.
    resume : bool, default False
        Read ``checkpoint`` first and run only the claims it lacks; its
        settings (profile, backend, dtype, seed, max_examples) must match.

    Returns
    -------
    Report
        Verdicts in the order of the selection.

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
    if resume and checkpoint is None:
        raise ValueError("resume=True needs the checkpoint file of the run to resume")
    ids = [ids] if isinstance(ids, str) else ids  # one id, not its characters
    papers = [papers] if isinstance(papers, str) else papers
    selected = _claims.all_claims(ids, papers)
    settings = {"profile": profile, "backend": backend, "dtype": dtype, "seed": seed, "max_examples": max_examples}
    done: dict[str, _claims.Verdict] = {}
    if resume:
        done = {k: v for k, v in read_checkpoint(checkpoint, settings).items() if k in {c.id for c in selected}}
    todo = [c for c in selected if c.id not in done]
    n = len(selected)
    t0 = time.perf_counter()
    started = _claims.utc_now()

    def finished(claim: _claims.Claim, v: _claims.Verdict) -> None:
        v = replace(v, run=started)  # every verdict of one run carries the run's start
        done[claim.id] = v
        if checkpoint is not None:
            write_atomic(checkpoint, json.dumps({"settings": settings, "claims": [x.to_dict() for x in done.values()]}, allow_nan=False))
        if progress:
            progress(len(done), n, claim, v)

    if client is None:
        for claim in todo:
            if progress:
                progress(len(done), n, claim, None)
            finished(claim, claim.verify(**settings))
    else:
        _verify_on_cluster(client, todo, settings, finished)
    meta = {"spline_theory": __version__, "python": platform.python_version()}
    if client is not None:
        meta["workers"] = len(client.scheduler_info().get("workers", {}))
    if resume:
        meta["resumed"] = n - len(todo)
    return Report([done[c.id] for c in selected], profile, backend, dtype, seed, time.perf_counter() - t0, meta)


def _verify_on_cluster(client: Any, todo: list, settings: dict, finished: Callable) -> None:
    """Submit one task per claim and hand each verdict to ``finished`` as it arrives."""
    from . import distributed as _dist

    distributed = _dist.require("a distributed verification run")
    token = f"{os.getpid()}-{time.time_ns()}"
    futures = {client.submit(_dist._verify_one, c.id, settings, key=f"spline-theory-verify-{c.id}-{token}", pure=False): c for c in todo}
    for fut in distributed.as_completed(list(futures)):
        claim = futures[fut]
        try:
            v = fut.result()
        except Exception as exc:  # a crashed worker (KilledWorker), a claim unknown there: the run goes on
            v = _claims.Verdict.broken(claim, f"worker error: {type(exc).__name__}: {exc}", **{k: settings[k] for k in ("profile", "backend", "dtype", "seed")})
        finished(claim, v)
        fut.release()


def read_checkpoint(path: str | os.PathLike, settings: dict | None = None) -> dict:
    """The verdicts of a checkpoint file (``{claim id: Verdict}``); with ``settings``, they must be the run's."""
    p = Path(path)
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        rows = data["claims"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"checkpoint {path} cannot be read: {exc}") from None
    if settings is not None and data.get("settings") != settings:
        raise ValueError(f"checkpoint {path} was written by a run with other settings ({data.get('settings')}); this run has {settings}")
    return {row["id"]: _claims.Verdict.from_dict(row) for row in rows}


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
