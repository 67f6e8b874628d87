r"""Claims: one checkable statement of a paper, its check, and its verdict.

A :class:`Claim` records a statement exactly as a paper prints it, the
assumptions it needs, an optional exact SymPy derivation, a numerical
``check`` that calls library code, and a Hypothesis strategy of instances.
:meth:`Claim.verify` searches the instances for a violation and returns a
:class:`Verdict`:

``holds``
    no instance violated the statement (examples tried and the largest
    residual are reported);
``fails``
    a concrete counterexample: the instance (JSON), the violated relation with
    both sides, and what replays it (the seed and the Hypothesis blob). When
    the search finds none but the claim file stores a counterexample that
    still violates the statement, that one is reported (``found_by="stored"``
    instead of ``"search"``), so a small budget cannot turn a statement known
    to be false into ``holds``;
``inconclusive``
    numerics could not decide (fewer than half of the instances tried were
    decided: the others ill-conditioned or on a boundary tie), or the search
    itself broke down.

Claims live one per file in :mod:`spline_theory.proofs` (``proofs/<paper>/``)
and register themselves on import; :func:`get` and :func:`all_claims` load
them on first use.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
import pkgutil
import re
import sys
import time
import traceback
import warnings
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import array_api_compat

from . import backend as _backend
from ._validation import is_integer as _is_integer

__all__ = [
    "PAPERS",
    "PROFILES",
    "VERDICTS",
    "FAILURE_KINDS",
    "Claim",
    "CheckResult",
    "Evidence",
    "Step",
    "Verdict",
    "UnknownClaimError",
    "register",
    "get",
    "all_claims",
    "ids",
    "close",
    "equal",
    "leq",
    "less",
    "undecided",
    "default_rtol",
    "hypothesis_settings",
]

#: Paper keys and the documents they name (full citations: the README's References section).
#: Topics of the documentation's index (key: heading).
TOPICS = {
    "maso": "MASOs and spline operators",
    "approximation": "Approximation by affine and max-affine splines",
    "networks": "Networks as compositions of MASOs: affine maps, templates, partitions",
    "vq": "Vector quantization, the GMM view and soft nonlinearities",
    "factorial": "The factorial model, orthogonality and initialization",
    "learning": "Templates, learning and memorization",
    "lipschitz": "Lipschitz bounds and inversion",
    "batchnorm": "BatchNorm as a projection",
    "teacher-student": "Teacher-student reformulation and expressibility",
}

PAPERS = {
    "icml18": "R. Balestriero, R. Baraniuk, A Spline Theory of Deep Networks, ICML 2018",
    "iclr19": "R. Balestriero, R. Baraniuk, From Hard to Soft: Understanding Deep Network "
    "Nonlinearities via Vector Quantization and Statistical Inference, ICLR 2019",
    "report17": "R. Balestriero, R. Baraniuk, A Spline Theory of Deep Learning, technical report, 2017",
    "tian18": "Y. Tian et al., A Theoretical Framework for Deep and Locally Connected ReLU Network, 2018",
    "slides": "J. Gilles, Spline Theory of Deep Network, talk slides",
}

VERDICTS = ("holds", "fails", "inconclusive")

#: What a ``fails`` claim says about its document (``Claim.kind``). The first
#: four are errata of the paper; ``not-an-error`` marks a statement the document
#: does not assert as printed (a question it raises and answers itself, or a
#: reading the library adds beside the printed one), listed but not counted.
FAILURE_KINDS = {
    "error": "the statement is false as printed, and its fix changes what it says",
    "missing-hypothesis": "true under a hypothesis the document leaves out; the corrected claim names it",
    "typo": "a wrong symbol, index or range; the intended statement, read from the context, holds",
    "imprecise": "a qualitative or conditional sentence that the exact reading refutes; what it means holds in a weaker form",
    "not-an-error": "the document does not assert it (it raises the question and answers it, or the claim is a wider reading)",
}

#: Hypothesis settings of each profile (examples per claim and per property test).
PROFILES = {
    "dev": {"max_examples": 25},
    "ci": {"max_examples": 60, "derandomize": True},
    "thorough": {"max_examples": 1000},
}

_ID_RE = re.compile(r"^(?P<paper>" + "|".join(PAPERS) + r")\.[A-Za-z][A-Za-z0-9_.]*(-corrected)?$")
_SEVERITY = {"holds": 0, "inconclusive": 1, "fails": 2}


def hypothesis_settings(profile: str = "dev"):
    """The :class:`hypothesis.settings` of a profile (``dev``, ``ci``, ``thorough``).

    All profiles use no example database, no deadline and print the blob that
    replays a failure; ``ci`` is derandomized.
    """
    from hypothesis import HealthCheck, settings

    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {tuple(PROFILES)}; got {profile!r}")
    return settings(
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **PROFILES[profile],
    )


# ----------------------------------------------------------------- evidence
def default_rtol(dtype: Any) -> float:
    """:math:`4\\sqrt{\\varepsilon}` of a floating dtype (STYLE.md Sec. 4)."""
    m = re.search(r"float(32|64)", getattr(dtype, "name", None) or str(dtype))
    eps = {"64": 2.220446049250313e-16, "32": 1.1920929e-07}.get(m.group(1)) if m else None
    if eps is None:
        raise ValueError(f"dtype must be float32 or float64; got {dtype!r}")
    return 4.0 * math.sqrt(eps)


def _host(v: Any) -> Any:
    if array_api_compat.is_array_api_obj(v):
        return _backend.to_numpy(v)
    return v


def _jsonable(v: Any) -> Any:
    v = _host(v)
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return repr(v)
    return v


@dataclass(frozen=True)
class Evidence:
    """One relation checked on one instance.

    Attributes
    ----------
    relation : str
        The relation in words, e.g. ``"S[A,B](x) == A[x] x + B[x]"``.
    status : {"holds", "fails", "inconclusive"}
    residual : float
        Largest violation: ``max |lhs - rhs|`` for equalities, ``max(lhs - rhs, 0)``
        for inequalities, the number of mismatches for exact comparisons.
    tolerance : float
        The allowed deviation at the worst entry.
    lhs, rhs : Any
        Both sides (host arrays or numbers).
    note : str
        Why a result is inconclusive, or other context.
    """

    relation: str
    status: str
    residual: float
    tolerance: float
    lhs: Any = None
    rhs: Any = None
    note: str = ""

    def to_dict(self) -> dict:
        return {
            "relation": self.relation,
            "status": self.status,
            "residual": self.residual,
            "tolerance": self.tolerance,
            "lhs": _jsonable(self.lhs),
            "rhs": _jsonable(self.rhs),
            "note": self.note,
        }


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a claim's check on one instance (all its relations).

    Attributes
    ----------
    evidence : tuple of Evidence
        Every relation checked (for a batch checked input by input, each
        relation names its input: ``"[input 3] ..."``).
    inputs : tuple of CheckResult
        For a batch checked input by input (:meth:`Claim.check` of a claim
        with ``per_input``): one result per input, in order; empty otherwise.
    """

    evidence: tuple[Evidence, ...]
    inputs: tuple = ()

    @property
    def status(self) -> str:
        """The worst status: ``fails`` over ``inconclusive`` over ``holds``.

        For a batch checked input by input, undecided inputs do not count:
        ``fails`` if a decided input fails, ``holds`` if every decided input
        holds, ``inconclusive`` only when no input is decided.
        """
        if self.inputs:
            decided = [r.status for r in self.inputs if r.status != "inconclusive"]
            if not decided:
                return "inconclusive"
            return "fails" if "fails" in decided else "holds"
        return max((e.status for e in self.evidence), key=_SEVERITY.__getitem__, default="inconclusive")

    @property
    def decided(self) -> list:
        """Indices of the inputs the check decided (a batch checked input by input; else ``[0]`` or ``[]``)."""
        if self.inputs:
            return [i for i, r in enumerate(self.inputs) if r.status != "inconclusive"]
        return [] if self.status == "inconclusive" else [0]

    @property
    def undecided(self) -> dict:
        """``{input index: why}`` for the inputs the check could not decide (the notes of their inconclusive relations)."""
        parts = self.inputs if self.inputs else (self,)
        out = {}
        for i, r in enumerate(parts):
            if r.status == "inconclusive":
                why = "; ".join(dict.fromkeys(e.note or e.relation for e in r.evidence if e.status == "inconclusive")) or "no relation was decided"
                out[i] = why
        return out

    @property
    def residual(self) -> float:
        """Largest residual over the decided relations."""
        return max((e.residual for e in self.evidence if e.status != "inconclusive"), default=0.0)

    @property
    def violated(self) -> Evidence | None:
        """The first failing relation, if any."""
        return next((e for e in self.evidence if e.status == "fails"), None)

    def __repr__(self) -> str:
        extra = f", decided={len(self.decided)}/{len(self.inputs)}" if self.inputs else ""
        return f"CheckResult(status={self.status!r}, residual={self.residual:.3g}, relations={len(self.evidence)}{extra})"


def _per_input(results: list) -> CheckResult:
    """One result for a batch from the results of its inputs (relations named by input)."""
    ev = tuple(replace(e, relation=f"[input {i}] {e.relation}") for i, r in enumerate(results) for e in r.evidence)
    return CheckResult(ev, tuple(results))


def _as_result(out: Any) -> CheckResult:
    if isinstance(out, CheckResult):
        return out
    if isinstance(out, Evidence):
        return CheckResult((out,))
    out = tuple(out)
    if not out or not all(isinstance(e, Evidence) for e in out):
        raise TypeError("a claim's check must return Evidence, a sequence of Evidence, or a CheckResult")
    return CheckResult(out)


#: Operations of gradual underflow a comparison allows for: each result in the subnormal range carries an
#: absolute error up to half the smallest subnormal (smallest_normal * eps), whatever its relative size.
UNDERFLOW_OPS = 1024


def _underflow_floor(xp: Any, dtype: Any) -> float:
    """The absolute round-off of :data:`UNDERFLOW_OPS` operations in the subnormal range of ``dtype`` (2**-139 in float32, 2**-1064 in float64)."""
    fi = xp.finfo(dtype)
    return UNDERFLOW_OPS * float(fi.smallest_normal) * float(fi.eps)


def close(xp: Any, lhs: Any, rhs: Any, *, relation: str, scale: Any = None, rtol: float | None = None, atol: float = 0.0, note: str = "") -> Evidence:
    r"""Elementwise :math:`|\mathrm{lhs}-\mathrm{rhs}| \le \max(\mathrm{atol} + \mathrm{rtol}\cdot\max(|\mathrm{rhs}|, \mathrm{scale}),\ \epsilon_{\mathrm{sub}})`.

    :math:`\epsilon_{\mathrm{sub}}` is the round-off of gradual underflow
    (:data:`UNDERFLOW_OPS` times the smallest subnormal of the dtype): a result in
    the subnormal range has an absolute error that no relative tolerance covers.

    Parameters
    ----------
    xp : namespace
    lhs, rhs : arrays of one shape
    relation : str
        The relation in words, for reports.
    scale : array or float, optional
        Magnitude of the terms that produced ``rhs`` (e.g. :math:`|A||x|+|B|`
        for an affine map): round-off of a sum is proportional to the size of
        its terms, not of its result, so a result that cancels to ~0 would
        otherwise get no tolerance at all.
    rtol : float, optional
        Default :func:`default_rtol` of the dtype.
    atol : float, default 0
        Callers that pass ``atol > 0`` say where it comes from.
    """
    lhs = xp.asarray(lhs)
    rhs = xp.asarray(rhs)
    if lhs.shape != rhs.shape:
        return Evidence(relation, "fails", math.inf, 0.0, _host(lhs), _host(rhs), f"shapes differ: {tuple(lhs.shape)} vs {tuple(rhs.shape)}")
    dtype = xp.result_type(lhs.dtype, rhs.dtype)
    rtol = default_rtol(dtype) if rtol is None else rtol
    mag = xp.abs(rhs)
    if scale is not None:
        mag = xp.maximum(mag, xp.astype(xp.asarray(scale), mag.dtype) + xp.zeros_like(mag))
    tol = xp.maximum(atol + rtol * mag, xp.asarray(_underflow_floor(xp, dtype), dtype=mag.dtype))
    err = xp.abs(lhs - rhs)
    if err.size == 0:
        return Evidence(relation, "holds", 0.0, 0.0, _host(lhs), _host(rhs), note)
    ratio = err / xp.where(tol > 0, tol, xp.ones_like(tol))
    bad = (err > tol) | (xp.isnan(err))
    worst = int(xp.argmax(xp.reshape(xp.where(tol > 0, ratio, err), (-1,))))
    tol_at = float(xp.reshape(tol, (-1,))[worst])
    status = "fails" if bool(xp.any(bad)) else "holds"
    return Evidence(relation, status, float(xp.max(err)), tol_at, _host(lhs), _host(rhs), note)


def equal(xp: Any, lhs: Any, rhs: Any, *, relation: str, note: str = "") -> Evidence:
    """Exact elementwise equality (integers, codes, booleans); residual = mismatches."""
    lhs = xp.asarray(lhs)
    rhs = xp.asarray(rhs)
    if lhs.shape != rhs.shape:
        return Evidence(relation, "fails", math.inf, 0.0, _host(lhs), _host(rhs), f"shapes differ: {tuple(lhs.shape)} vs {tuple(rhs.shape)}")
    n = int(xp.sum(xp.astype(lhs != rhs, xp.int64)))
    return Evidence(relation, "fails" if n else "holds", float(n), 0.0, _host(lhs), _host(rhs), note)


def leq(xp: Any, lhs: Any, rhs: Any, *, relation: str, scale: Any = None, rtol: float | None = None, note: str = "") -> Evidence:
    r"""Elementwise :math:`\mathrm{lhs} \le \mathrm{rhs} + \mathrm{rtol}\cdot\max(|\mathrm{rhs}|,\mathrm{scale})`.

    The margin is the round-off allowance of :func:`close`; the residual is
    :math:`\max(\mathrm{lhs}-\mathrm{rhs}, 0)`.
    """
    lhs = xp.asarray(lhs)
    rhs = xp.asarray(rhs)
    dtype = xp.result_type(lhs.dtype, rhs.dtype)
    rtol = default_rtol(dtype) if rtol is None else rtol
    mag = xp.abs(rhs)
    if scale is not None:
        mag = xp.maximum(mag, xp.astype(xp.asarray(scale), mag.dtype) + xp.zeros_like(mag))
    excess = lhs - rhs
    tol = xp.maximum(rtol * mag, xp.asarray(_underflow_floor(xp, dtype), dtype=mag.dtype))
    status = "fails" if bool(xp.any(excess > tol)) else "holds"
    residual = max(float(xp.max(excess)), 0.0) if excess.size else 0.0
    return Evidence(relation, status, residual, float(xp.max(tol)) if tol.size else 0.0, _host(lhs), _host(rhs), note)


def less(xp: Any, lhs: Any, rhs: Any, *, relation: str, scale: Any = None, rtol: float | None = None, note: str = "") -> Evidence:
    r"""Strict elementwise :math:`\mathrm{lhs} < \mathrm{rhs}`, decided only beyond round-off.

    ``holds`` when :math:`\mathrm{rhs}-\mathrm{lhs}` exceeds the round-off
    allowance of :func:`close` everywhere, ``fails`` when some
    :math:`\mathrm{lhs}-\mathrm{rhs}` exceeds it, ``inconclusive`` otherwise
    (a gap too small for the dtype to resolve).
    """
    lhs = xp.asarray(lhs)
    rhs = xp.asarray(rhs)
    rtol = default_rtol(xp.result_type(lhs.dtype, rhs.dtype)) if rtol is None else rtol
    mag = xp.maximum(xp.abs(lhs), xp.abs(rhs))
    if scale is not None:
        mag = xp.maximum(mag, xp.astype(xp.asarray(scale), mag.dtype) + xp.zeros_like(mag))
    tol = xp.maximum(rtol * mag, xp.asarray(_underflow_floor(xp, xp.result_type(lhs.dtype, rhs.dtype)), dtype=mag.dtype))
    gap = rhs - lhs
    if bool(xp.any(-gap > tol)):
        status = "fails"
    elif bool(xp.all(gap > tol)):
        status = "holds"
    else:
        status = "inconclusive"
    residual = max(-float(xp.min(gap)), 0.0) if gap.size else 0.0
    return Evidence(relation, status, residual, float(xp.max(tol)) if tol.size else 0.0, _host(lhs), _host(rhs), note)


def undecided(relation: str, note: str) -> Evidence:
    """An inconclusive relation: numerics cannot decide on this instance."""
    return Evidence(relation, "inconclusive", 0.0, 0.0, None, None, note)


# --------------------------------------------------------------- derivation
@dataclass(frozen=True)
class Step:
    """One exact step of a derivation: ``lhs == rhs`` (or ``lhs != rhs``).

    A step with ``relation="!="`` records an exact counterexample: the two
    sides differ identically (after simplification).
    """

    text: str
    lhs: Any
    rhs: Any
    relation: str = "="

    def holds(self) -> bool:
        """Whether SymPy proves the step exactly (``simplify(lhs - rhs)``)."""
        import sympy as sp

        # unevaluated operators (Derivative, Integral, Sum) written to show the relation are evaluated first
        raw = sp.sympify(self.lhs).doit() - sp.sympify(self.rhs).doit()
        diff = sp.simplify(raw)
        if isinstance(diff, sp.MatrixBase):
            zero = bool(diff.is_zero_matrix)
        else:
            # Max/Abs are compared through their piecewise forms when plain
            # simplification leaves them unevaluated.
            # logs of positive quantities and hyperbolic functions are compared through expand_log (only where the
            # assumptions allow it: no force) and their exponential forms.
            zero = (diff == 0 or sp.simplify(sp.expand_log(raw)) == 0 or sp.simplify(raw.rewrite(sp.exp)) == 0
                    or sp.simplify(sp.piecewise_fold(diff.rewrite(sp.Piecewise))) == 0)
        return zero if self.relation == "=" else not zero

    def latex(self) -> str:
        import sympy as sp

        op = "=" if self.relation == "=" else r"\neq"
        return f"{sp.latex(self.lhs)} {op} {sp.latex(self.rhs)}"


# -------------------------------------------------------------------- claim
class Claim:
    r"""A checkable statement of a paper.

    Parameters
    ----------
    id : str
        ``<paper key>.<kind><number>`` as numbered in the paper, e.g.
        ``"icml18.prop2"``; a corrected statement adds ``-corrected``.
    title : str
        One line in words.
    where : str
        Section, equation and page in the paper.
    statement : str
        The statement as printed, in LaTeX.
    check : callable ``(xp, instance) -> Evidence | [Evidence] | CheckResult``
        Calls library code only; never re-implements the formula it checks.
    cases : hypothesis strategy
        Draws instances: dicts whose ``arrays`` entries are host arrays.
    arrays : sequence of str
        Instance keys holding floating arrays (moved to the backend and dtype).
    expected : {"holds", "fails", "inconclusive"}
        The verdict obtained for this claim and recorded in its file.
    assumptions : sequence of str
        Hypotheses of the statement, including those the paper leaves unstated.
    derive : callable ``() -> list[Step]``, optional
        An exact SymPy derivation.
    counterexample : dict, optional
        For ``expected="fails"``: an instance that violates the statement.
    corrects : str, optional
        For a ``-corrected`` claim: the id of the printed claim it corrects.
    topic : str, optional
        A key of :data:`TOPICS` for the documentation's index by topic;
        default: inferred from the id (:func:`spline_theory.render.topic_of`).
    method : str
        The check in words (for docs).
    notes : str
        Reading of the statement, conventions, erratum details.
    per_input : str, optional
        The instance key of a batch of inputs (``"x"``) for a statement made
        for every input: :meth:`check` on a caller's batch then checks input
        by input and reports which were decided (:attr:`CheckResult.inputs`).
    kind : {"error", "missing-hypothesis", "typo", "imprecise", "not-an-error"}, optional
        For ``expected="fails"``: what is wrong with the printed statement
        (:data:`FAILURE_KINDS`); the errata count the first four. Every
        ``fails`` claim of the registry has one.
    same_as : Claim, optional
        Another document's claim stating the same fact: this claim keeps its
        own id, title, location and statement (as its document prints them)
        and takes the other's check, strategy, arrays, derivation, expected
        verdict and counterexample unless given here (a narrower ``cases``,
        say, when this document states a special case).
    """

    def __init__(
        self,
        *,
        id: str,
        title: str,
        where: str,
        statement: str,
        check: Callable[[Any, dict], Any] | None = None,
        cases: Any = None,
        arrays: Sequence[str] | None = None,
        expected: str | None = None,
        assumptions: Sequence[str] | None = None,
        derive: Callable[[], list[Step]] | None = None,
        counterexample: dict | None = None,
        corrects: str | None = None,
        topic: str | None = None,
        method: str = "",
        notes: str = "",
        per_input: str | None = None,
        kind: str | None = None,
        same_as: Claim | None = None,
    ) -> None:
        if same_as is not None:
            if not isinstance(same_as, Claim):
                raise TypeError(f"claim {id}: same_as must be the Claim whose check this statement shares; got {type(same_as).__name__}")
            # Another document's statement of the same fact: its own id, wording and location, the other's check.
            check = same_as._check if check is None else check
            cases = same_as.cases if cases is None else cases
            arrays = same_as.arrays if arrays is None else arrays
            expected = same_as.expected if expected is None else expected
            assumptions = same_as.assumptions if assumptions is None else assumptions
            derive = same_as.derive if derive is None else derive
            if counterexample is None and expected == same_as.expected:
                counterexample = same_as.counterexample
            per_input = same_as.per_input if per_input is None else per_input
            kind = same_as.kind if kind is None and expected == "fails" else kind
            topic = same_as.topic if topic is None else topic
            method = method or f"The check of {same_as.id}: {same_as.method}"
        if check is None or cases is None:
            raise ValueError(f"claim {id}: check and cases are required (or same_as=, a claim whose check this one shares)")
        arrays = () if arrays is None else arrays
        expected = "holds" if expected is None else expected
        assumptions = () if assumptions is None else assumptions
        m = _ID_RE.match(id) if isinstance(id, str) else None
        if m is None:
            raise ValueError(f"id must look like '<paper key>.<kind><number>' with a paper key in {tuple(PAPERS)}; got {id!r}")
        if expected not in VERDICTS:
            raise ValueError(f"expected must be one of {VERDICTS}; got {expected!r}")
        if expected == "fails" and counterexample is None:
            raise ValueError(f"claim {id}: expected='fails' needs a stored counterexample")
        if kind is not None and kind not in FAILURE_KINDS:
            raise ValueError(f"claim {id}: kind must be one of {tuple(FAILURE_KINDS)}; got {kind!r}")
        if kind is not None and expected != "fails":
            raise ValueError(f"claim {id}: kind says what is wrong with a statement that fails; expected is {expected!r}")
        self.id = id
        self.paper = m.group("paper")
        self.title = title
        self.where = where
        self.statement = statement
        self._check = check
        self.cases = cases
        self.arrays = tuple(arrays)
        self.expected = expected
        self.assumptions = tuple(assumptions)
        self.derive = derive
        self.counterexample = counterexample
        self.corrects = corrects
        if topic is not None and topic not in TOPICS:
            raise ValueError(f"claim {id}: topic must be one of {tuple(TOPICS)}; got {topic!r}")
        self.topic = topic
        self.method = method
        self.notes = notes
        if per_input is not None and per_input not in self.arrays:
            raise ValueError(f"claim {id}: per_input must name one of its arrays {self.arrays}; got {per_input!r}")
        self.per_input = per_input
        self.kind = kind
        self.same_as = None if same_as is None else same_as.id
        self.module: str | None = None  # set by register(): the claim file
        self._derivation: list[Step] | None = None
        self._derivation_status: str | None = None

    def __repr__(self) -> str:
        return f"Claim({self.id!r}, expected={self.expected!r})"

    # ---------------------------------------------------------- derivation
    def derivation(self) -> list[Step]:
        """The exact derivation steps (empty when the claim has none), cached."""
        if self._derivation is None:
            self._derivation = list(self.derive()) if self.derive else []
        return self._derivation

    def derivation_status(self) -> str:
        """``"none"``, ``"verified"`` (every step proved by SymPy) or ``"broken: ..."``.

        Computed once per claim object (simplification is the slow part of a
        verification run, and the steps do not depend on the numerics).
        """
        if self._derivation_status is None:
            steps = self.derivation()
            if not steps:
                self._derivation_status = "none"
            else:
                bad = [i + 1 for i, s in enumerate(steps) if not s.holds()]
                self._derivation_status = "verified" if not bad else f"broken: step(s) {bad} not proved"
        return self._derivation_status

    # ---------------------------------------------------------------- check
    def instance_keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(required, optional)``: the entries of an instance, as the claim's strategy draws them.

        Required entries appear in every drawn instance; optional ones in
        some (claims with several kinds of instance). Computed once, from 30
        derandomized draws of :attr:`cases` (and the stored counterexample),
        so every process lists the same entries.
        """
        if getattr(self, "_keys", None) is None:
            from hypothesis import HealthCheck, Phase, given, settings

            seen: list[frozenset] = []
            if isinstance(self.counterexample, dict):
                seen.append(frozenset(self.counterexample))

            @settings(max_examples=30, database=None, deadline=None, derandomize=True, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
            @given(self.cases)
            def draw(inst: dict) -> None:
                seen.append(frozenset(inst))

            with _hypothesis_home(), _no_local_constants(), warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Do not use the `random` module inside strategies")
                draw()
            req = frozenset.intersection(*seen) if seen else frozenset()
            every = frozenset().union(*seen)
            self._keys = (tuple(sorted(req)), tuple(sorted(every - req)))
        return self._keys

    def _run(self, xp: Any, instance: dict) -> CheckResult:
        try:
            return _as_result(self._check(xp, instance))
        except KeyError as exc:
            req, opt = self.instance_keys()
            missing = [k for k in req if k not in instance] or [str(exc).strip("'")]
            optional = f"; optional: {', '.join(opt)}" if opt else ""
            raise ValueError(
                f"claim {self.id}: the instance lacks {', '.join(repr(k) for k in missing)} "
                f"(it needs {', '.join(req) or 'the entries its strategy draws'}{optional}); got keys {sorted(instance)}"
            ) from None
        except (ValueError, TypeError) as exc:
            if str(exc).startswith("claim ") or type(exc) not in (ValueError, TypeError):
                raise
            raise type(exc)(f"claim {self.id}: {exc}") from exc

    def _prepare(self, instance: dict, xp: Any, dtype: Any) -> dict:
        out = dict(instance)
        for key in self.arrays:
            if key not in out:
                continue  # claims with several kinds of instance use a subset
            value = out[key]
            if dtype is None:
                if array_api_compat.is_array_api_obj(value):
                    out[key] = value if _backend.array_namespace(value) is xp else _backend.asarray(value, xp)
                else:
                    out[key] = _backend.asarray(value, xp, xp.float64)
            else:
                out[key] = _backend.asarray(value, xp, dtype)
        return out

    @_backend.tensors_in_out  # PyTorch tensors in the instance reach the check as NumPy / CuPy arrays
    def check(self, instance: dict | None = None, /, *, backend: str | None = None, dtype: str | None = None, **values: Any) -> CheckResult:
        """Check the claim on one instance supplied by the caller.

        Parameters
        ----------
        instance : dict, optional
            The instance, keyed as the claim's strategy draws it; keyword
            arguments add or override entries (``claim.check(A=..., x=...)``).
        backend : {"numpy", "cupy", "array_api_strict"}, optional
            Default: the backend of the given arrays (NumPy for lists).
        dtype : {"float64", "float32"}, optional
            Cast the instance's arrays; default keeps their dtype.

        Returns
        -------
        CheckResult
            ``.status`` is ``holds``, ``fails`` or ``inconclusive``; ``.evidence``
            lists each relation with both sides.
        """
        inst = dict(instance or {})
        inst.update(values)
        return self._check_instance(inst, backend, dtype, split=True)

    def _check_instance(self, inst: dict, backend: str | None, dtype: str | None, *, split: bool) -> CheckResult:
        if backend is None:
            arrs = [inst[k] for k in self.arrays if k in inst and array_api_compat.is_array_api_obj(inst[k])]
            xp = _backend.array_namespace(*arrs) if arrs else _backend.namespace("numpy")
        else:
            xp = _backend.namespace(backend)
        dt = None if dtype is None else _backend.resolve_dtype(xp, dtype)
        inst = self._prepare(inst, xp, dt)
        rows = self._rows(inst) if split else None
        if rows is None:
            return self._run(xp, inst)
        return _per_input([self._run(xp, {**inst, self.per_input: row}) for row in rows])

    def _rows(self, inst: dict) -> list | None:
        """The inputs of a caller's batch, one ``(1, D)`` array each, for a ``per_input`` claim; ``None`` otherwise."""
        key = self.per_input
        if key is None or key not in inst or "net" not in inst or not array_api_compat.is_array_api_obj(inst[key]):
            return None
        from .networks.network import Network

        net = Network.like(inst["net"], inst[key])
        x, one = net._one(inst[key])
        if one:
            return None
        xb = net._batch(x, key)
        if xb.shape[0] < 2:
            return None
        return [xb[i : i + 1, ...] for i in range(xb.shape[0])]

    def replay(self, counterexample: dict | None = None) -> CheckResult:
        """Re-check a stored counterexample (default: the one in the claim file).

        Accepts the ``counterexample`` dict of a :class:`Verdict` too (its
        ``instance``, ``backend`` and ``dtype`` are used).
        """
        ce = self.counterexample if counterexample is None else counterexample
        if ce is None:
            raise ValueError(f"claim {self.id} has no stored counterexample")
        if not isinstance(ce, dict):
            raise TypeError(f"counterexample must be a dict (an instance, or a Verdict's counterexample with an 'instance' dict); got {type(ce).__name__}")
        if "instance" in ce and not isinstance(ce["instance"], dict):
            raise TypeError(f"counterexample['instance'] must be a dict of the claim's instance entries; got {type(ce['instance']).__name__}")
        # the instance as the search checked it: a batch is not split into inputs
        if "instance" in ce:
            return self._check_instance(dict(ce["instance"]), ce.get("backend", "numpy"), ce.get("dtype", "float64"), split=False)
        return self._check_instance(dict(ce), None, None, split=False)

    # --------------------------------------------------------------- verify
    def verify(self, *, profile: str = "dev", backend: str = "numpy", dtype: str = "float64", seed: int | None = None, max_examples: int | None = None, shrink: bool = True) -> Verdict:
        """Search the claim's instances for a violation and return a verdict.

        Parameters
        ----------
        profile : {"dev", "ci", "thorough"}
            How many examples to try (:data:`PROFILES`).
        backend : {"numpy", "cupy", "array_api_strict"}
        dtype : {"float64", "float32"}
        seed : int, optional
            Seed of the search; default a fixed seed derived from the claim id,
            so every run of a claim is reproducible.
        max_examples : int, optional
            Overrides the profile's number of examples.
        shrink : bool, default True
            Shrink a counterexample to a minimal one (most of the time a
            failing search takes); ``False`` when only the verdict matters.

        Returns
        -------
        Verdict
            ``holds`` needs at least half of the examples tried to be decided
            (:attr:`Verdict.n_inconclusive` <= :attr:`Verdict.n_examples` / 2);
            with fewer, a search without violation is ``inconclusive``.
        """
        from hypothesis import given, settings
        from hypothesis import seed as hseed

        started = utc_now()
        xp = _backend.namespace(backend)
        dt = _backend.resolve_dtype(xp, dtype)
        base = hypothesis_settings(profile)
        overrides: dict[str, Any] = {"derandomize": False, "report_multiple_bugs": False}
        if not shrink:
            from hypothesis import Phase

            overrides["phases"] = [p for p in base.phases if p is not Phase.shrink]
        if max_examples is not None:
            if not _is_integer(max_examples) or max_examples < 1:
                raise ValueError(f"max_examples must be a positive int; got {max_examples!r}")
            overrides["max_examples"] = int(max_examples)
        if seed is None:
            seed = zlib.crc32(self.id.encode())
        elif not _is_integer(seed) or seed < 0:
            raise ValueError(f"seed must be a non-negative int; got {seed!r}")
        else:
            seed = int(seed)

        n = {"examples": 0, "inconclusive": 0}
        worst = {"residual": 0.0}
        failure: dict[str, Any] = {}

        def run(instance: dict) -> None:
            inst = self._prepare(instance, xp, dt)
            result = self._run(xp, inst)
            n["examples"] += 1
            if result.status == "inconclusive":
                n["inconclusive"] += 1
            else:
                worst["residual"] = max(worst["residual"], result.residual)
            if result.status == "fails":
                failure["instance"] = inst
                failure["result"] = result
                raise _Violation(result)

        test = hseed(seed)(settings(base, **overrides)(given(run_instance=self.cases)(lambda run_instance: run(run_instance))))
        t0 = time.perf_counter()
        error = None
        blob = None
        try:
            with _hypothesis_home(), _one_blas_thread(), _no_local_constants(), warnings.catch_warnings():
                # Hypothesis compares the global random state before and after each draw; a thread of the
                # host (Dask's event loop on a worker) that uses the random module meanwhile is reported as
                # a strategy using it. The library's strategies draw from Hypothesis and seeded generators only.
                warnings.filterwarnings("ignore", message="Do not use the `random` module inside strategies")
                # the checks treat a certified radius of 0 as undecided themselves (networks.codes.RoundoffWarning)
                warnings.filterwarnings("ignore", message="certified_radius: the round-off bound")
                test()
        except _Violation as exc:
            blob = _blob(exc)
        except Exception as exc:  # a broken check or strategy: no verdict can be given
            error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        if not failure and error is None and self.counterexample is not None:
            # The search found nothing, but the claim file stores an instance
            # that violates the statement: check it too, so that a small
            # budget never reports ``holds`` for a statement known to be false.
            inst = self._prepare(self.counterexample, xp, dt)
            try:
                with _one_blas_thread():
                    result = self._run(xp, inst)
            except Exception as exc:
                error = "stored counterexample: " + "".join(traceback.format_exception_only(type(exc), exc)).strip()
            else:
                if result.status == "fails":
                    failure.update(instance=inst, result=result, found_by="stored")
        seconds = time.perf_counter() - t0

        counterexample = None
        if failure:
            verdict = "fails"
            res: CheckResult = failure["result"]
            v = res.violated
            counterexample = {
                "instance": {k: _jsonable(val) for k, val in failure["instance"].items()},
                "relation": v.relation,
                "lhs": _jsonable(v.lhs),
                "rhs": _jsonable(v.rhs),
                "residual": v.residual,
                "tolerance": v.tolerance,
                "note": v.note,
                "backend": backend,
                "dtype": dtype,
                "found_by": failure.get("found_by", "search"),
                "replay": {"seed": seed, "profile": profile, "hypothesis_blob": blob},
            }
        elif error is not None or 2 * (n["examples"] - n["inconclusive"]) < n["examples"]:
            # no violation, but fewer than half of the examples tried were decided: too little evidence for holds
            verdict = "inconclusive"
        else:
            verdict = "holds"
        return Verdict(
            id=self.id,
            title=self.title,
            paper=self.paper,
            verdict=verdict,
            expected=self.expected,
            n_examples=n["examples"],
            n_inconclusive=n["inconclusive"],
            max_residual=worst["residual"],
            counterexample=counterexample,
            seed=seed,
            backend=backend,
            dtype=dtype,
            profile=profile,
            seconds=seconds,
            derivation=self.derivation_status(),
            error=error,
            kind=self.kind,
            run=started,
        )


@contextlib.contextmanager
def _no_local_constants() -> Any:
    """Draw without the constants Hypothesis collects from the source of the "local" modules loaded.

    Hypothesis mixes into its draws constants found in the source files of
    every non-installed module in ``sys.modules``, so the examples a seed
    gives would depend on what the process happened to import (a test
    session, a user's script, a Dask worker). A claim's search must give the
    same examples for the same seed everywhere. This relies on a private
    Hypothesis function; where it is absent the draws are left as they are.
    """
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # pragma: no cover
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or cache is None:  # pragma: no cover - another Hypothesis version
        yield
        return
    cache.cache.clear()
    providers._get_local_constants = Constants
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.cache.clear()


@contextlib.contextmanager
def _one_blas_thread() -> Any:
    """Run with one BLAS thread: a claim's residuals then do not depend on the machine's core count.

    A multithreaded BLAS splits sums by thread count, which changes round-off
    in the last digits; with one thread a verdict's residuals are the same in
    a serial run, on any Dask worker (which run one thread each) and on
    another machine.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency; without it the residuals may differ in the last digits
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


_SCRATCH_HOME: list = []


@contextlib.contextmanager
def _hypothesis_home() -> Any:
    """Keep Hypothesis's caches out of the caller's working directory.

    Hypothesis writes a constants cache under ``./.hypothesis`` even without an
    example database. Unless the caller chose a home (``HYPOTHESIS_STORAGE_DIRECTORY``
    or ``hypothesis.configuration.set_hypothesis_home_dir``), a verification
    run uses a private temporary one, removed when the process exits.
    """
    import hypothesis.configuration as hc

    if hc.__dict__.get("__hypothesis_home_directory") is not None or os.getenv("HYPOTHESIS_STORAGE_DIRECTORY"):
        yield
        return
    if not _SCRATCH_HOME:
        import atexit
        import shutil
        import tempfile

        _SCRATCH_HOME.append(tempfile.mkdtemp(prefix="spline-theory-hypothesis-"))
        atexit.register(shutil.rmtree, _SCRATCH_HOME[0], True)
    hc.set_hypothesis_home_dir(_SCRATCH_HOME[0])
    try:
        yield
    finally:
        hc.set_hypothesis_home_dir(None)


class _Violation(AssertionError):
    def __init__(self, result: CheckResult) -> None:
        v = result.violated
        super().__init__(f"{v.relation}: residual {v.residual:.6g} > tolerance {v.tolerance:.6g}")
        self.result = result


_BLOB_RE = re.compile(r"@reproduce_failure\((?P<args>.*?)\)")


def _blob(exc: BaseException) -> str | None:
    for note in getattr(exc, "__notes__", ()) or ():
        m = _BLOB_RE.search(note)
        if m:
            return f"@reproduce_failure({m.group('args')})"
    return None


@dataclass
class Verdict:
    """The result of :meth:`Claim.verify` (one row of ``report.json``)."""

    id: str
    title: str
    paper: str
    verdict: str
    expected: str
    n_examples: int
    max_residual: float
    counterexample: dict | None
    seed: int
    backend: str
    dtype: str
    seconds: float
    n_inconclusive: int = 0
    profile: str = "dev"
    derivation: str = "none"
    error: str | None = None
    kind: str | None = None
    #: UTC start time of the run that obtained the verdict (ISO 8601); a merged report keeps each row's own.
    run: str | None = None

    @property
    def as_expected(self) -> bool:
        """Whether the verdict equals the one the claim file records."""
        return self.verdict == self.expected

    @classmethod
    def from_dict(cls, row: dict) -> Verdict:
        """The verdict of a ``report.json`` row (:meth:`to_dict`); residuals stored as ``null`` come back as ``inf``."""
        kw = {k: row[k] for k in cls.__dataclass_fields__ if k in row}
        if kw.get("max_residual") is None:
            kw["max_residual"] = math.inf
        ce = kw.get("counterexample")
        if isinstance(ce, dict):
            ce = {k: v for k, v in ce.items() if not k.endswith("_note")}
            for key in ("residual", "tolerance"):
                if key in ce and ce[key] is None:
                    ce[key] = math.inf
            kw["counterexample"] = ce
        return cls(**kw)

    @classmethod
    def broken(cls, claim: Claim, error: str, *, profile: str, backend: str, dtype: str, seed: int | None, seconds: float = 0.0) -> Verdict:
        """An ``inconclusive`` verdict for a claim whose run itself broke down (a crashed worker, say), with the error."""
        return cls(
            id=claim.id, title=claim.title, paper=claim.paper, verdict="inconclusive", expected=claim.expected, n_examples=0,
            max_residual=0.0, counterexample=None, seed=zlib.crc32(claim.id.encode()) if seed is None else seed, backend=backend,
            dtype=dtype, seconds=seconds, profile=profile, derivation="none", error=error, kind=claim.kind, run=utc_now(),
        )

    def to_dict(self) -> dict:
        """The JSON row of ``report.json``.

        A residual that is not a finite number (a relation that could not be
        evaluated: shapes differ, the printed expression is undefined) is
        ``null`` with a ``..._note`` saying so, never a string.
        """
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["as_expected"] = self.as_expected
        d = _jsonable(d)
        _null_if_not_finite(d, "max_residual")
        if isinstance(d.get("counterexample"), dict):
            for key in ("residual", "tolerance"):
                _null_if_not_finite(d["counterexample"], key)
        return d


def utc_now() -> str:
    """The current UTC time, ISO 8601 to the microsecond (``2026-12-07T19:30:00.123456Z``): the ``run`` of a verdict.

    Microseconds, so that two short runs started within one second stay two runs.
    """
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _null_if_not_finite(row: dict, key: str) -> None:
    v = row.get(key)
    if isinstance(v, str) or (isinstance(v, float) and not math.isfinite(v)):
        row[key] = None
        row[key + "_note"] = f"not a finite number ({v}): the relation could not be evaluated as a number (see the relation's note)"


# ----------------------------------------------------------------- registry
class UnknownClaimError(KeyError, ValueError):
    """No registered claim has this id."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown claim"


_REGISTRY: dict[str, Claim] = {}
_LOADED = False
_LOADING = False


def register(claim: Claim) -> Claim:
    """Add a claim to the registry (called at import by each claim file)."""
    if not isinstance(claim, Claim):
        raise TypeError(f"register() takes a Claim; got {type(claim).__name__}")
    if not _LOADING:
        _load()  # a user's claim is checked against the papers' claims
    if claim.id in _REGISTRY and _REGISTRY[claim.id] is not claim:
        raise ValueError(f"claim id {claim.id!r} is registered twice")
    if getattr(claim, "module", None) is None:
        # the claim file (the module that registers it), which a same_as claim does not share with its check
        claim.module = sys._getframe(1).f_globals.get("__name__", claim._check.__module__)
    _REGISTRY[claim.id] = claim
    return claim


def _load() -> None:
    global _LOADED, _LOADING
    if _LOADED or _LOADING:
        return
    _LOADING = True
    try:
        pkg = importlib.import_module("spline_theory.proofs")
        for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + "."):
            importlib.import_module(info.name)
        _LOADED = True
    finally:
        _LOADING = False


def _natural(s: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def ids() -> list[str]:
    """All registered claim ids, by paper then in the paper's numbering."""
    _load()
    return sorted(_REGISTRY, key=lambda i: (list(PAPERS).index(i.split(".")[0]), _natural(i)))


def get(claim_id: str) -> Claim:
    """The claim with this id.

    Raises
    ------
    UnknownClaimError
        (a ``KeyError`` and ``ValueError``) naming the closest ids.
    """
    _load()
    if claim_id not in _REGISTRY:
        import difflib

        close_ids = difflib.get_close_matches(str(claim_id), list(_REGISTRY), n=3)
        hint = f"; did you mean {', '.join(close_ids)}?" if close_ids else "; see `spline-theory list`"
        raise UnknownClaimError(f"unknown claim id {claim_id!r}{hint}")
    return _REGISTRY[claim_id]


def all_claims(ids_: Iterable[str] | None = None, papers: Iterable[str] | None = None) -> list[Claim]:
    """Claims selected by id or paper key: the union of both (all when both are None).

    Raises
    ------
    UnknownClaimError
        An unknown id.
    ValueError
        An unknown paper key.
    """
    _load()
    if ids_ is None and papers is None:
        return [_REGISTRY[i] for i in ids()]
    wanted: set[str] = set()
    if papers is not None:
        papers = list(papers)
        bad = [p for p in papers if p not in PAPERS]
        if bad:
            raise ValueError(f"paper must be one of {tuple(PAPERS)}; got {bad[0]!r}")
        wanted.update(i for i in ids() if i.split(".")[0] in papers)
    if ids_ is not None:
        wanted.update(get(i).id for i in ids_)
    return [_REGISTRY[i] for i in ids() if i in wanted]
