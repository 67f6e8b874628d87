"""Markdown pages of the claims: statement, assumptions, derivation, verdict.

One page per claim (``<id>.md``) plus ``index.md`` (a verdict table per
paper), ``topics.md`` (the claims by topic) and ``errata.md`` (every
statement false as printed beside its correction); math is written as
``$...$`` and ``$$...$$`` (MathJax / KaTeX in any static-site generator).
Pages are generated from the registry and, when a report is given, from its
verdicts; they are never edited by hand.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path

from . import claims as _claims
from .report import table_cell, write_atomic

__all__ = ["MissingVerdictWarning", "claim_page", "errata_page", "index_page", "render", "topic_of", "topics_page"]


class MissingVerdictWarning(UserWarning):
    """:func:`render` was given a report that lacks some of the selected claims (their pages say "not verified")."""


def _text(text: str) -> str:
    """Prose for a heading or a paragraph: ``<`` / ``>`` as entities so ``<A[x]_c, x>`` is not read as an HTML tag."""
    return _plain(str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _claim_file(claim: _claims.Claim) -> Path:
    """The file of the claim's module (the one that registers it; a ``same_as`` claim's check lives elsewhere)."""
    return Path(inspect.getfile(sys.modules[claim.module or claim._check.__module__])).resolve()


def source_path(claim: _claims.Claim) -> str:
    """The claim file's path in the repository (``spline_theory/proofs/<paper>/<file>.py``)."""
    path = _claim_file(claim)
    parts = path.parts
    return "/".join(parts[parts.index("spline_theory") :]) if "spline_theory" in parts else path.name


def _step_outcome(step: _claims.Step) -> str:
    """What SymPy did with one derivation step, in words."""
    proved = step.holds()
    if step.relation == "=":
        how = "SymPy reduces the left side minus the right side to 0: proved." if proved else "SymPy does NOT reduce the difference to 0: not proved."
        lhs, _, rhs = step.latex().partition(" = ")
        if proved and lhs == rhs:
            how += " (SymPy evaluates both sides to the same expression as it builds them.)"
        return how
    return ("SymPy reduces the left side minus the right side to a non-zero value: the two sides differ, as the step states."
            if proved else "SymPy does NOT show that the two sides differ: not proved.")


def _derivation_scope(steps: list) -> str:
    """The size of the derivation: the symbols its steps are exact in (a statement about any size is derived on this one)."""
    import sympy as sp

    syms = set()
    for step in steps:
        for side in (step.lhs, step.rhs):
            syms |= {x for x in sp.sympify(side).free_symbols if isinstance(x, sp.Symbol)}
    if not syms:
        return "Scope: the steps involve numbers only (a worked instance), no free symbols."
    names = sorted(syms, key=lambda x: _claims._natural(x.name))
    shown = ", ".join(f"${sp.latex(x)}$" for x in names[:24]) + (", ..." if len(names) > 24 else "")
    return (f"Scope: the steps are exact identities in the {len(names)} symbol(s) {shown}; where the statement is about any size "
            "(any number of regions, classes or inputs), the step texts name the size derived here and the numerical check covers the others.")


def _run_of(row: dict) -> str:
    return f"run `{row.get('run') or 'of unknown date'}`, profile `{row.get('profile', '?')}`"


def _num(v, spec: str = ".3g") -> str:
    """Format a report number; a residual that is not a finite number arrives as ``None`` (older reports: a string such as 'inf')."""
    if v is None:
        return "not finite"
    return format(v, spec) if isinstance(v, (int, float)) else str(v)


_CODE_SPAN = re.compile(r"(`[^`]*`)")


def _plain(text: str) -> str:
    """Prose of a claim for Markdown: ``[...](...)`` outside code spans is math
    notation (``S[A, B](z)``), not a link, so its parenthesis is escaped as an
    HTML entity (a backslash escape would start MathJax inline math)."""
    parts = _CODE_SPAN.split(text)
    return "".join(p if p.startswith("`") else p.replace("](", "]&#40;") for p in parts)


# Where a claim file names no topic: the first rule whose pattern matches the id.
_TOPIC_RULES = [
    (r"^icml18\.(eq[345]|prop[123])(\b|-)", "maso"),
    (r"^slides\.", "maso"),
    (r"^icml18\.(sec5|prop5|eq1[23]|sec6)", "learning"),
    (r"^icml18\.", "networks"),
    (r"^iclr19\.(eq1[01]|thm4|cor1|sec5|app[BC])", "factorial"),
    (r"^iclr19\.", "vq"),
    (r"^report17\.(eq(5[89]|6[0-3])|thm([579]|10)|prop[234]|cor2|app)", "learning"),
    (r"^report17\.(eq(6[4-9]|7[0-9]|8[0-4])|thm(6|8|11)|cor1|sec4|table3)", "lipschitz"),
    (r"^report17\.", "networks"),
    (r"^tian18\.(eq(9|7[5-9]|8[0-5])|thm5|app8\.6)", "batchnorm"),
    (r"^tian18\.", "teacher-student"),
]


def topic_of(claim: _claims.Claim) -> str:
    """The claim's topic: its own ``topic`` or the first rule matching its id (a key of ``claims.TOPICS``)."""
    if getattr(claim, "topic", None):
        return claim.topic
    for pattern, topic in _TOPIC_RULES:
        if re.match(pattern, claim.id):
            return topic
    return "maso"


def topics_page(selected: list[_claims.Claim], report: dict | None = None) -> str:
    """``topics.md``: the selected claims grouped by topic (``claims.TOPICS``), all papers together."""
    lines = ["# Claims by topic", ""]
    for key, heading in _claims.TOPICS.items():
        rows = [c for c in selected if topic_of(c) == key]
        if not rows:
            continue
        lines += [f"## {heading}", "", "| id | title | verdict |", "|---|---|---|"]
        for c in rows:
            got = (report or {}).get(c.id, {}).get("verdict", "not verified")
            lines.append(f"| [`{c.id}`]({c.id}.md) | {table_cell(c.title)} | {got} |")
        lines.append("")
    return "\n".join(lines)


def claim_page(claim: _claims.Claim, verdict: dict | None = None, *, registry: list[_claims.Claim] | None = None) -> str:
    """The Markdown page of one claim.

    Parameters
    ----------
    claim : Claim
    verdict : dict, optional
        The claim's row of a ``report.json`` (see :meth:`Verdict.to_dict`).
    registry : list of Claim, optional
        Claims to search for ``-corrected`` versions (default: all).
    """
    registry = _claims.all_claims() if registry is None else registry
    lines = [
        f"# `{claim.id}`: {_text(claim.title)}",
        "",
        f"**Paper:** {_claims.PAPERS[claim.paper]}  ",
        f"**Where:** {claim.where}  ",
        f"**Expected verdict:** `{claim.expected}`" + (f"  \n**What is wrong as printed:** {claim.kind} ({_claims.FAILURE_KINDS[claim.kind]})" if claim.kind else ""),
        "",
        "## Statement (as printed)",
        "",
        f"$$\n{claim.statement}\n$$",
        "",
    ]
    if claim.assumptions:
        lines += ["## Assumptions", ""] + [f"- ${a}$" for a in claim.assumptions] + [""]
    steps = claim.derivation()
    if steps:
        lines += ["## Derivation (SymPy, exact)", ""]
        for i, step in enumerate(steps, 1):
            lines += [f"**Step {i}.** {_plain(step.text)}", "", f"$$\n{step.latex()}\n$$", "", _step_outcome(step), ""]
        lines += [_derivation_scope(steps), ""]
    if claim.method:
        lines += ["## The check", "", _plain(claim.method), ""]
    req, opt = claim.instance_keys()
    keys = ", ".join(f"`{k}`" for k in req) + ("; optional: " + ", ".join(f"`{k}`" for k in opt) if opt else "")
    per = f" A batch in `{claim.per_input}` is checked input by input (`CheckResult.inputs`)." if claim.per_input else ""
    lines += [f"On your own instance: `claims.get(\"{claim.id}\").check(...)` with the entries {keys}.{per}", ""]
    if claim.notes:
        lines += ["## Notes", "", _plain(claim.notes), ""]
    if claim.corrects:
        lines += [f"This claim corrects [`{claim.corrects}`]({claim.corrects}.md).", ""]
    if claim.same_as:
        lines += [f"Another document's statement of the same fact: the check is that of [`{claim.same_as}`]({claim.same_as}.md).", ""]
    for f in (c for c in registry if c.corrects == claim.id):
        lines += [f"Corrected statement, [`{f.id}`]({f.id}.md) (expected `{f.expected}`): {_text(f.title)}", "", f"$$\n{f.statement}\n$$", ""]
    lines += ["## Verdict", ""]
    if verdict is None:
        lines += ["Not verified yet: run `spline-theory verify` and render again with `--report`.", ""]
    else:
        lines += [
            f"**{verdict['verdict']}** (expected `{verdict['expected']}`): {verdict['n_examples']} examples tried "
            f"({verdict.get('n_inconclusive', 0)} undecided), largest residual {_num(verdict['max_residual'])}; "
            f"{_run_of(verdict)}, backend `{verdict['backend']}`, dtype `{verdict['dtype']}`, seed {verdict['seed']}.",
            "",
        ]
        ce = verdict.get("counterexample")
        if ce:
            lines += [
                "### Counterexample",
                "",
                f"Violated relation: `{ce['relation']}`, residual {_num(ce['residual'], '.6g')} > tolerance {_num(ce['tolerance'], '.6g')}.",
                "",
                "```json",
                json.dumps(ce["instance"], indent=1),
                "```",
                "",
                f"Left side `{json.dumps(ce['lhs'])}`, right side `{json.dumps(ce['rhs'])}`.",
                "",
            ]
        if verdict.get("error"):
            lines += [f"Error during the search: `{verdict['error']}`", ""]
    try:
        src = _claim_file(claim).read_text(encoding="utf-8")
    except (OSError, TypeError):
        src = None
    tail = []
    if src is not None:
        tail = ["## Source", "", f"`{source_path(claim)}`, the whole claim file:", "", "```python", src.rstrip("\n"), "```", ""]
    if claim.counterexample is not None:
        lines += [
            "### Stored counterexample",
            "",
            "Recorded in the claim file and re-checked by the test suite:",
            "",
            "```json",
            json.dumps(claim.counterexample),
            "```",
            "",
        ]
    return "\n".join(lines + tail)


def index_page(selected: list[_claims.Claim], report: dict | None = None) -> str:
    """``index.md``: one table per paper with each claim's verdict."""
    lines = ["# Claims", "", "Statements false as printed, with their corrections: [errata](errata.md). The same claims by topic: [topics](topics.md).", ""]
    for paper, title in _claims.PAPERS.items():
        rows = [c for c in selected if c.paper == paper]
        if not rows:
            continue
        lines += [f"## {paper}", "", title, "", "| id | title | expected | verdict |", "|---|---|---|---|"]
        for c in rows:
            got = (report or {}).get(c.id, {}).get("verdict", "not verified")
            lines.append(f"| [`{c.id}`]({c.id}.md) | {table_cell(c.title)} | {c.expected} | {got} |")
        lines.append("")
    return "\n".join(lines)


def errata_page(selected: list[_claims.Claim], report: dict | None = None, *, registry: list[_claims.Claim] | None = None) -> str:
    """``errata.md``: every claim false as printed beside its correction, by paper.

    For each selected claim whose recorded verdict is ``fails``: the statement
    as printed, the counterexample (the one of the report when given, else the
    one stored in the claim file), and the statement of each ``-corrected``
    claim with its verdict.

    Parameters
    ----------
    selected : list of Claim
    report : dict, optional
        ``{claim id: row}`` from :func:`spline_theory.report.load_report`.
    registry : list of Claim, optional
        Where the corrections are looked up (default: all claims).
    """
    registry = _claims.all_claims() if registry is None else registry
    report = report or {}
    lines = [
        "# Errata",
        "",
        "Statements that are false as printed (recorded verdict `fails`), each with a",
        "counterexample and the corrected statement, which is a claim of its own.",
        "",
    ]
    wrong = [c for c in selected if c.expected == "fails"]
    if not wrong:
        return "\n".join(lines + ["No selected claim fails as printed.", ""])
    counts = {k: sum(c.kind == k for c in wrong) for k in _claims.FAILURE_KINDS}
    errata = sum(n for k, n in counts.items() if k != "not-an-error")
    lines += [
        f"{len(wrong)} statements fail as printed; {errata} of them are errata of their document. By kind:",
        "",
        "| kind | statements | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {counts[k]} | {meaning} |" for k, meaning in _claims.FAILURE_KINDS.items()]
    if any(c.kind is None for c in wrong):
        lines.append(f"| (not classified) | {sum(c.kind is None for c in wrong)} | the claim file gives no kind |")
    lines.append("")
    for paper, title in _claims.PAPERS.items():
        rows = [c for c in wrong if c.paper == paper]
        if not rows:
            continue
        lines += [f"## {paper}", "", title, ""]
        for c in rows:
            got = report.get(c.id, {}).get("verdict", "not verified")
            kind = f" Kind: **{c.kind}**." if c.kind else ""
            lines += [f"### [`{c.id}`]({c.id}.md): {_text(c.title)}", "", f"*{c.where}*; verdict: **{got}** (expected `fails`).{kind}", ""]
            if c.notes:
                lines += [_plain(c.notes), ""]
            lines += ["As printed:", "", f"$$\n{c.statement}\n$$", ""]
            ce = report.get(c.id, {}).get("counterexample")
            if ce:
                lines += [
                    f"Counterexample ({'found by the search' if ce.get('found_by', 'search') == 'search' else 'stored in the claim file'}): "
                    f"`{ce['relation']}` is violated, left side `{json.dumps(ce['lhs'])}`, right side `{json.dumps(ce['rhs'])}`, for",
                    "",
                    "```json",
                    json.dumps(ce["instance"]),
                    "```",
                    "",
                ]
            elif c.counterexample is not None:
                lines += ["Counterexample (stored in the claim file):", "", "```json", json.dumps(c.counterexample), "```", ""]
            fixes = [f for f in registry if f.corrects == c.id]
            if not fixes:
                lines += ["No corrected statement is recorded.", ""]
            for f in fixes:
                fgot = report.get(f.id, {}).get("verdict", "not verified")
                lines += [f"Corrected: [`{f.id}`]({f.id}.md), verdict **{fgot}** (expected `{f.expected}`):", "", f"$$\n{f.statement}\n$$", ""]
                if f.assumptions:
                    lines += ["under " + "; ".join(f"${a}$" for a in f.assumptions) + ".", ""]
    return "\n".join(lines)


def render(out_dir: str | os.PathLike, *, report: dict | None = None, ids: Iterable[str] | None = None, papers: Iterable[str] | None = None) -> list[Path]:
    """Write one page per selected claim, ``index.md``, ``topics.md`` and ``errata.md`` into ``out_dir``.

    Parameters
    ----------
    out_dir : path
        Created if needed; pages are written atomically.
    report : dict, optional
        ``{claim id: row}`` from :func:`spline_theory.report.load_report`.
    ids, papers : optional selections, as in :func:`spline_theory.claims.all_claims`.

    Returns
    -------
    list of Path
        The files written.

    Warns
    -----
    MissingVerdictWarning
        ``report`` lacks some selected claims.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    registry = _claims.all_claims()
    selected = _claims.all_claims(ids, papers)
    missing = [c.id for c in selected if c.id not in (report or {})]
    if report is not None and missing:
        warnings.warn(f"render: {len(missing)} of {len(selected)} claims have no verdict in the report (e.g. {', '.join(missing[:3])}); "
                      "their pages say 'not verified'", MissingVerdictWarning, stacklevel=2)
    written = []
    for c in selected:
        path = out / f"{c.id}.md"
        write_atomic(path, claim_page(c, (report or {}).get(c.id), registry=registry))
        written.append(path)
    path = out / "index.md"
    write_atomic(path, index_page(selected, report))
    written.append(path)
    path = out / "topics.md"
    write_atomic(path, topics_page(selected, report))
    written.append(path)
    path = out / "errata.md"
    write_atomic(path, errata_page(selected, report, registry=registry))
    written.append(path)
    return written
