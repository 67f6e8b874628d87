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
    _output_dir(a.out, "--out")  # and so is an output path that cannot be written
    cb, done = _progress(a.no_progress)
    try:
        report = verify(a.claim, a.paper, profile=a.profile, backend=a.backend, dtype=a.dtype, seed=a.seed, max_examples=a.max_examples, progress=cb)
    finally:
        done()
    try:
        json_path, md_path = report.write(a.out)
    except OSError as exc:
        raise UsageError(f"cannot write the reports into --out {a.out}: {exc.strerror or exc}") from None
    if a.json:
        print(report.to_json())
    else:
        print(format_table(report.verdicts))
        s = report.summary()
        print(f"\n{s['n_claims']} claims: {s['holds']} hold, {s['fails']} fail, {s['inconclusive']} inconclusive; "
              + ("all verdicts as expected." if report.ok else f"UNEXPECTED: {', '.join(s['unexpected'])}."))
        print(f"Reports: {json_path} {md_path}")
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
    out.append(f"expected verdict: {c.expected}")
    report = _load_report(a.report)
    row = (report or {}).get(c.id)
    if row is None:
        out.append(f"last verdict: none (no verdict for this claim in {a.report})")
    else:
        out.append(f"last verdict: {row['verdict']} ({row['n_examples']} examples, max residual {_num(row['max_residual'])}, "
                   f"{row['backend']}/{row['dtype']}, seed {row['seed']})")
        if row.get("counterexample"):
            ce = row["counterexample"]
            out += [f"counterexample: {ce['relation']}", f"  instance: {json.dumps(ce['instance'])}",
                    f"  lhs: {json.dumps(ce['lhs'])}", f"  rhs: {json.dumps(ce['rhs'])}"]
    print("\n".join(out))
    return 0


def _load_model(source: str):
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
    import torch

    return obj if isinstance(obj, torch.nn.Module) else obj()


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


def _cmd_render(a: argparse.Namespace) -> int:
    from .render import render

    report = _load_report(a.report)
    _output_dir(a.dir, "dir")
    try:
        written = render(a.dir, report=report, ids=a.claim, papers=a.paper)
    except OSError as exc:
        raise UsageError(f"cannot write the pages into {a.dir}: {exc.strerror or exc}") from None
    print(f"wrote {len(written)} pages to {a.dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``spline-theory``; returns the exit code."""
    parser = _parser()
    a = parser.parse_args(argv)
    try:
        return {"verify": _cmd_verify, "list": _cmd_list, "show": _cmd_show, "render": _cmd_render, "model": _cmd_model}[a.command](a)
    except (UsageError, _claims.UnknownClaimError, _backend.BackendUnavailableError) as exc:
        print(f"spline-theory {a.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
