"""The ``spline-theory`` command: verify, list, show and render the claims; check them on a PyTorch model.

Exit codes: 0 success (for ``verify``: every verdict equals the verdict its
claim file records; for ``model``: no claim fails on the model), 1 ``verify``
found an unexpected verdict or a claim fails on the model, 2 bad usage
(unknown option, claim id, paper key, an unavailable backend, a model that
cannot be imported, an output path that cannot be written: checked before any
claim runs), with one line on standard error.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
import warnings
from pathlib import Path

from . import __version__
from . import backend as _backend
from . import claims as _claims
from .render import _num

DEFAULT_OUT = "spline-theory-report"

#: Claims ``spline-theory model`` checks by default: they hold for every network of the library's layers.
MODEL_CLAIMS = ("icml18.thm1", "icml18.eq8", "icml18.sec5.templates")


class UsageError(Exception):
    """Bad usage that argparse itself cannot see (unknown claim id, backend without device)."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="spline-theory", description="Verify the claims of the spline theory of deep networks.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def selection(q: argparse.ArgumentParser) -> None:
        q.add_argument("--claim", action="append", metavar="ID", help="a claim id (repeatable)")
        q.add_argument("--paper", action="append", metavar="KEY", choices=list(_claims.PAPERS), help="a paper key (repeatable)")

    v = sub.add_parser("verify", help="run the claims' checks and write report.json and report.md")
    selection(v)
    v.add_argument("--profile", choices=list(_claims.PROFILES), default="dev", help="how many examples to try (default: dev)")
    v.add_argument("--backend", choices=["numpy", "cupy"], default="numpy")
    v.add_argument("--dtype", choices=list(_backend.DTYPES), default="float64")
    v.add_argument("--seed", type=int, help="one seed for every claim (default: a fixed seed per claim)")
    v.add_argument("--max-examples", type=int, metavar="N", help="override the profile's examples per claim")
    v.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"where to write the reports (default: {DEFAULT_OUT})")
    v.add_argument("--workers", type=int, nargs="?", const=0, metavar="N",
                   help="run the claims in parallel on an embedded Dask cluster of N worker processes (dist extra; N omitted: one per core)")
    v.add_argument("--scheduler", metavar="ADDRESS", help="run the claims on an existing Dask cluster (tcp://host:port) instead")
    v.add_argument("--resume", action="store_true", help="run only the claims missing from the checkpoint a killed run left in --out")
    v.add_argument("--replace", action="store_true",
                   help="replace --out's report.json with this run's verdicts (default: merge, keeping the verdicts of the claims not run now)")
    v.add_argument("--json", action="store_true", help="print the JSON report instead of the table")
    v.add_argument("--no-progress", action="store_true", help="no progress output")

    ls = sub.add_parser("list", help="list the registered claims")
    selection(ls)
    ls.add_argument("--json", action="store_true")

    sh = sub.add_parser("show", help="statement, assumptions, derivation and last verdict of a claim")
    sh.add_argument("id")
    sh.add_argument("--report", default=f"{DEFAULT_OUT}/report.json", metavar="PATH", help="report to read the last verdict from")

    m = sub.add_parser("model", help="import a PyTorch model (torch extra) and check the network claims on it")
    m.add_argument("source", metavar="FILE.py:NAME", help="a Python file and the nn.Module (or a function returning one) it defines")
    m.add_argument("--input-shape", type=int, nargs="+", required=True, metavar="N", help="one input's shape without the batch axis, e.g. 3 32 32")
    m.add_argument("--inputs", metavar="X.npy|X.pt", help="inputs (N, *input_shape) or (N, D): a .npy file or a saved tensor (.pt) (default: --n standard normal draws)")
    m.add_argument("--n", type=int, default=8, help="number of random inputs without --inputs (default 8)")
    m.add_argument("--dtype", choices=list(_backend.DTYPES), help="default: the model's own")
    m.add_argument("--claim", action="append", metavar="ID", help=f"a claim id taking net= (repeatable; default: {', '.join(MODEL_CLAIMS)})")
    cz = sub.add_parser("census", help="spline statistics of a model over a dataset (.npy), streamed in chunks; JSON summary")
    cz.add_argument("source", metavar="FILE.py:NAME", help="a Python file and the Network or nn.Module (or a function returning one) it defines")
    cz.add_argument("data", metavar="DATA.npy", help="inputs (N, *input_shape) or (N, D), memory-mapped, never loaded whole")
    cz.add_argument("--input-shape", type=int, nargs="+", metavar="N", help="one input's shape (needed for an nn.Module)")
    cz.add_argument("--labels", metavar="Y.npy", help="class labels (N,) for the local complexity per class")
    cz.add_argument("--chunk-size", type=int, default=65536, metavar="N", help="inputs per chunk (default 65536)")
    cz.add_argument("--radius-edges", type=float, nargs="+", metavar="R", help="bin edges of a certified-radius histogram")
    cz.add_argument("--lc-radius", type=float, metavar="R", help="radius of the local complexity (an exact 2-D partition per input: slow)")
    cz.add_argument("--workers", type=int, nargs="?", const=0, metavar="N", help="chunks in parallel on an embedded Dask cluster (dist extra; N omitted: one per core)")
    cz.add_argument("--scheduler", metavar="ADDRESS", help="chunks on an existing Dask cluster instead")
    cz.add_argument("--out", metavar="FILE.json", help="also write the summary there (and the region ids next to it, .npy)")
    cz.add_argument("--no-progress", action="store_true")
    cv = sub.add_parser("coverage", help="every checkable statement of each document, encoded (claim ids) or not (with the reason), as Markdown")
    cv.add_argument("--out", metavar="FILE.md", help="write the page there (atomically) instead of printing it")
    cv.add_argument("--summary", action="store_true", help="print only the counts per document")
    r = sub.add_parser("render", help="write one Markdown page per claim into DIR")
    r.add_argument("dir")
    selection(r)
    r.add_argument("--report", default=f"{DEFAULT_OUT}/report.json", metavar="PATH", help="report with the verdicts (used when it exists)")
    return p


def _load_report(path: str) -> dict | None:
    from .report import load_report

    p = Path(path)
    if not p.exists():
        return None
    try:
        return load_report(p)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read report {path}: {exc}") from None


def _progress(quiet: bool):
    if quiet:
        return None, lambda: None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar: dict = {}

        def cb(i, n, claim, verdict):
            if "bar" not in bar:
                bar["bar"] = tqdm(total=n, file=sys.stderr, unit="claim", leave=False)
            if verdict is None:
                bar["bar"].set_description(claim.id)
            else:
                bar["bar"].update(1)

        return cb, lambda: bar["bar"].close() if "bar" in bar else None

    def plain(i, n, claim, verdict):
        if verdict is not None:
            mark = "" if verdict.as_expected else f" (expected {verdict.expected})"
            print(f"[{i}/{n}] {claim.id}: {verdict.verdict}{mark} in {verdict.seconds:.2f} s", file=sys.stderr, flush=True)

    return plain, lambda: None


def _output_dir(path: str, option: str) -> Path:
    """``path`` as a directory the command can write into (created now), or a ``UsageError`` saying why not."""
    import os
    import tempfile

    p = Path(path)
    if p.exists() and not p.is_dir():
        raise UsageError(f"{option} {path} is a file, not a directory")
    try:
        p.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-check.", dir=p)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"{option} {path} cannot be written: {exc.strerror or exc}") from None
    return p


#: The file a verification run rewrites in --out after every finished claim (removed once the report is written).
CHECKPOINT = "report.partial.json"


def _client(a: argparse.Namespace):
    """The Dask client of --workers / --scheduler, or None for a serial run."""
    if a.workers is None and not a.scheduler:
        return None
    from . import distributed as _dist

    try:
        if a.scheduler:
            return _dist.connect(a.scheduler)
        return _dist.local_client(a.workers or None)
    except (_dist.DaskUnavailableError, ConnectionError, ValueError) as exc:
        raise UsageError(str(exc)) from None


def _cmd_verify(a: argparse.Namespace) -> int:
    from .report import format_table, verify

    if a.max_examples is not None and a.max_examples < 1:
        raise UsageError(f"--max-examples must be a positive int; got {a.max_examples}")
    if a.seed is not None and a.seed < 0:
        raise UsageError(f"--seed must be a non-negative int; got {a.seed}")
    if not _backend.is_available(a.backend):
        try:
            _backend.namespace(a.backend)
        except _backend.BackendUnavailableError as exc:
            raise UsageError(str(exc)) from None
    _claims.all_claims(a.claim, a.paper)  # unknown ids are usage errors, before any work
    out = _output_dir(a.out, "--out")  # and so is an output path that cannot be written
    if a.workers is not None and a.scheduler:
        raise UsageError("--workers and --scheduler exclude each other (an embedded cluster, or an existing one)")
    if a.workers is not None and a.workers < 0:
        raise UsageError(f"--workers must be a positive int; got {a.workers}")
    checkpoint = out / CHECKPOINT
    if checkpoint.exists() and not a.resume:
        checkpoint.unlink()  # a new run: the verdicts of an earlier killed one are not reused unless asked
    client = _client(a)
    cb, done = _progress(a.no_progress)
    try:
        report = verify(a.claim, a.paper, profile=a.profile, backend=a.backend, dtype=a.dtype, seed=a.seed, max_examples=a.max_examples, progress=cb,
                        client=client, checkpoint=checkpoint, resume=a.resume)
    except ValueError as exc:  # a checkpoint of other settings
        raise UsageError(str(exc)) from None
    finally:
        done()
        if client is not None:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None and a.workers is not None:
                cluster.close()
    from .report import ReportFileError

    try:
        written = report if a.replace else report.merged_with(out / "report.json")
        json_path, md_path = written.write(a.out, merge=False)
    except ReportFileError as exc:
        raise UsageError(f"cannot merge into --out {a.out}: {exc} (--replace)") from None
    except OSError as exc:
        raise UsageError(f"cannot write the reports into --out {a.out}: {exc.strerror or exc}") from None
    checkpoint.unlink(missing_ok=True)  # the report holds every verdict now
    if a.json:
        print(report.to_json())
    else:
        print(format_table(report.verdicts))
        s = report.summary()
        print(f"\n{s['n_claims']} claims: {s['holds']} hold, {s['fails']} fail, {s['inconclusive']} inconclusive; "
              + ("all verdicts as expected." if report.ok else f"UNEXPECTED: {', '.join(s['unexpected'])}."))
        merged = written.meta.get("merged")
        print(f"Reports: {json_path} {md_path}" + (f" (merged: {merged['kept']} verdicts of earlier runs kept for the claims not run now)" if merged else ""))
    return 0 if report.ok else 1


def _cmd_list(a: argparse.Namespace) -> int:
    selected = _claims.all_claims(a.claim, a.paper)
    if a.json:
        print(json.dumps([{"id": c.id, "paper": c.paper, "title": c.title, "expected": c.expected, "where": c.where} for c in selected], indent=2))
        return 0
    w = max((len(c.id) for c in selected), default=2)
    for c in selected:
        print(f"{c.id.ljust(w)}  {c.expected.ljust(12)}  {c.title}")
    return 0


def _cmd_show(a: argparse.Namespace) -> int:
    c = _claims.get(a.id)
    wrap = lambda s: textwrap.fill(s, 100, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    out = [f"{c.id}: {c.title}", f"paper: {_claims.PAPERS[c.paper]}", f"where: {c.where}", "statement (LaTeX, as printed):", wrap(c.statement)]
    if c.assumptions:
        out += ["assumptions:"] + [f"  - {x}" for x in c.assumptions]
    steps = c.derivation()
    out.append(f"derivation: {c.derivation_status()}" if steps else "derivation: none")
    for i, s in enumerate(steps, 1):
        out += [f"  {i}. {s.text}", f"     {s.latex()}"]
    if c.method:
        out += ["check:", wrap(c.method)]
    req, opt = c.instance_keys()
    out.append(f"instance entries (claim.check(...)): {', '.join(req)}" + (f"; optional: {', '.join(opt)}" if opt else "")
               + (f"; a batch in {c.per_input!r} is checked input by input" if c.per_input else ""))
    if c.notes:
        out += ["notes:", wrap(c.notes)]
    if c.corrects:
        out.append(f"corrects: {c.corrects}")
    fixes = [x.id for x in _claims.all_claims() if x.corrects == c.id]
    if fixes:
        out.append(f"corrected by: {', '.join(fixes)}")
    out.append(f"expected verdict: {c.expected}" + (f" ({c.kind}: {_claims.FAILURE_KINDS[c.kind]})" if c.kind else ""))
    report = _load_report(a.report)
    row = (report or {}).get(c.id)
    if row is None:
        out.append(f"last verdict: none (no verdict for this claim in {a.report})")
    else:
        out.append(f"last verdict: {row['verdict']} ({row['n_examples']} examples, max residual {_num(row['max_residual'])}, "
                   f"profile {row.get('profile', '?')}, {row['backend']}/{row['dtype']}, seed {row['seed']}; run {row.get('run') or 'of unknown date'} in {a.report})")
        if row.get("counterexample"):
            ce = row["counterexample"]
            out += [f"counterexample: {ce['relation']}", f"  instance: {json.dumps(ce['instance'])}",
                    f"  lhs: {json.dumps(ce['lhs'])}", f"  rhs: {json.dumps(ce['rhs'])}"]
    print("\n".join(out))
    return 0


def _load_model(source: str):
    import torch

    obj = _load_object(source)
    return obj if isinstance(obj, torch.nn.Module) else obj()


def _load_object(source: str):
    """The object NAME of FILE.py:NAME; a function is called (a factory)."""
    import importlib.util

    path, sep, name = source.rpartition(":")
    if not sep or not path or not name:
        raise UsageError(f"the model must be given as FILE.py:NAME; got {source!r}")
    if not Path(path).is_file():
        raise UsageError(f"no such file: {path}")
    spec = importlib.util.spec_from_file_location("_spline_theory_user_model", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    if not hasattr(mod, name):
        raise UsageError(f"{path} defines no {name!r}")
    obj = getattr(mod, name)
    return obj() if callable(obj) and isinstance(obj, type(_load_object)) else obj


def _cmd_model(a: argparse.Namespace) -> int:
    import numpy as np

    from .torch_interop import from_torch

    for cid in a.claim or MODEL_CLAIMS:
        _claims.get(cid)  # unknown ids are usage errors, before any work
    if a.n < 1:
        raise UsageError(f"--n must be a positive int; got {a.n}")
    try:
        model = _load_model(a.source)
        net = from_torch(model, tuple(a.input_shape), dtype=a.dtype)
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    except (TypeError, ValueError, RuntimeError) as exc:
        raise UsageError(f"cannot import the model: {exc}") from None
    if a.inputs:
        try:
            if a.inputs.endswith((".pt", ".pth")):  # a saved tensor, read without a copy (DLPack)
                import torch

                x = _backend.from_tensor(torch.load(a.inputs, map_location="cpu", weights_only=True))
            else:
                x = np.load(a.inputs)
        except (OSError, ValueError, RuntimeError, AttributeError) as exc:
            raise UsageError(f"cannot read --inputs {a.inputs}: {exc}") from None
    else:
        x = np.random.default_rng(0).standard_normal((a.n, net.D))
    x = np.asarray(x, dtype=np.dtype(net.dtype))
    if x.ndim < 2 or math.prod(x.shape[1:]) != net.D:
        raise UsageError(f"--inputs must have shape (N, *{net.input_shape}) or (N, {net.D}); got {x.shape}")
    x = x.reshape(x.shape[0], net.D)
    print(f"network: input {net.input_shape} -> output {net.output_shape}, {net.dtype}")
    for i, lay in enumerate(net.layers):
        inner = f" ({len(lay.sublayers())} operators: {', '.join(type(s).__name__ for s in lay.sublayers())})" if lay.sublayers() else ""
        print(f"  [{i}] {type(lay).__name__}{inner}")
    worst = 0
    for cid in a.claim or MODEL_CLAIMS:
        try:
            status = _claims.get(cid).check(net=net, x=x).status
        except (TypeError, ValueError) as exc:
            status = f"not applicable ({exc})"
        print(f"{cid}: {status}")
        worst = max(worst, 1 if status == "fails" else 0)
    return worst


def _load_npy_block(path: str, s: int, e: int):
    import numpy as np

    return np.array(np.load(path, mmap_mode="r")[s:e])


def _cmd_census(a: argparse.Namespace) -> int:
    import numpy as np

    from .census import census
    from .network import Network

    if a.chunk_size < 1:
        raise UsageError(f"--chunk-size must be a positive int; got {a.chunk_size}")
    if a.workers is not None and a.scheduler:
        raise UsageError("--workers and --scheduler exclude each other (an embedded cluster, or an existing one)")
    try:
        data = np.load(a.data, mmap_mode="r")
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read {a.data}: {exc}") from None
    if data.ndim < 2 or not np.issubdtype(data.dtype, np.floating):
        raise UsageError(f"{a.data} must hold a float array (N, ...); got shape {data.shape} and dtype {data.dtype}")
    obj = _load_object(a.source)
    if isinstance(obj, Network):
        net = obj
    else:
        if not a.input_shape:
            raise UsageError("--input-shape is needed to import an nn.Module")
        from .torch_interop import from_torch

        try:
            net = from_torch(obj, tuple(a.input_shape))
        except (TypeError, ValueError, RuntimeError) as exc:
            raise UsageError(f"cannot import the model: {exc}") from None
    y = None
    if a.labels:
        try:
            y = np.load(a.labels)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read --labels {a.labels}: {exc}") from None
        if y.shape != (data.shape[0],):
            raise UsageError(f"--labels must have shape ({data.shape[0]},); got {y.shape}")
    client = _client(a)
    bar = None
    if not a.no_progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=int(data.shape[0]), file=sys.stderr, unit="input", leave=False)
    progress = (lambda done, total: bar.update(done - bar.n)) if bar is not None else None
    x = data
    if client is not None:
        import dask
        import dask.array as da

        path = str(Path(a.data).resolve())
        starts = list(range(0, data.shape[0], a.chunk_size)) + [data.shape[0]]
        blocks = [da.from_delayed(dask.delayed(_load_npy_block)(path, s, e), shape=(e - s, *data.shape[1:]), dtype=data.dtype) for s, e in zip(starts[:-1], starts[1:])]
        x = da.concatenate(blocks, axis=0)
    try:
        result = census(net, x, y=y, chunk_size=a.chunk_size, radius_edges=a.radius_edges, lc_radius=a.lc_radius, client=client, progress=progress)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
        if client is not None:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None and a.workers is not None:
                cluster.close()
    summary = result.to_dict()
    text = json.dumps(summary, indent=2)
    if a.out:
        from .report import write_atomic

        try:
            write_atomic(a.out, text + "\n")
            ids_path = Path(a.out).with_suffix(".region_ids.npy")
            np.save(ids_path, result.region_ids)
        except OSError as exc:
            raise UsageError(f"cannot write {a.out}: {exc.strerror or exc}") from None
    print(text)
    return 0


def _cmd_coverage(a: argparse.Namespace) -> int:
    from . import coverage
    from .report import write_atomic

    cov = coverage.load()
    if a.summary:
        for paper, row in coverage.summary(cov).items():
            print(f"{paper:9s} {row['statements']:4d} statements: {row['encoded']:4d} encoded, {row['missing']:3d} not encoded ({row['claims']} claims)")
        return 0
    text = coverage.markdown(cov)
    if a.out is None:
        print(text, end="")
        return 0
    try:
        write_atomic(a.out, text)
    except OSError as exc:
        raise UsageError(f"cannot write {a.out}: {exc.strerror or exc}") from None
    print(f"wrote {a.out}")
    return 0


def _cmd_render(a: argparse.Namespace) -> int:
    from .render import MissingVerdictWarning, render

    report = _load_report(a.report)
    _output_dir(a.dir, "dir")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MissingVerdictWarning)
            written = render(a.dir, report=report or {}, ids=a.claim, papers=a.paper)
    except OSError as exc:
        raise UsageError(f"cannot write the pages into {a.dir}: {exc.strerror or exc}") from None
    for w in caught:
        if issubclass(w.category, MissingVerdictWarning):
            where = a.report if report is not None else f"{a.report}, which does not exist"
            print(f"spline-theory {w.message} ({where}); run `spline-theory verify` for them: it merges into the report", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    selected = {c.id for c in _claims.all_claims(a.claim, a.paper)}
    runs = sorted({row.get("run") or "unknown" for i, row in (report or {}).items() if i in selected})
    print(f"wrote {len(written)} pages to {a.dir}" + (f"; verdicts from {len(runs)} run(s): {', '.join(runs)}" if runs else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``spline-theory``; returns the exit code."""
    parser = _parser()
    a = parser.parse_args(argv)
    try:
        return {"verify": _cmd_verify, "list": _cmd_list, "show": _cmd_show, "render": _cmd_render, "coverage": _cmd_coverage, "model": _cmd_model, "census": _cmd_census}[a.command](a)
    except (UsageError, _claims.UnknownClaimError, _backend.BackendUnavailableError) as exc:
        print(f"spline-theory {a.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
