"""Build the teacher, the student and the matrices of Thm. 4 for a tian18_reformulation_instances() instance (shared by the Thm. 4 / Eq. 59-62, 74 claims)."""

import numpy as np

from spline_theory import backend
from spline_theory.claims import close, undecided
from spline_theory.teacher_student import make_teacher, matrix_recursions, product_distribution, reformulation_gaps, reformulation_matrices, unpack_weights

#: a condition gap below this counts as holding (the gaps are sums of a few float64 probabilities and products of O(1) values)
CONDITION_TOL = 1e-9


def _host(v):
    return backend.to_numpy(v) if hasattr(v, "shape") else np.asarray(v)


def teacher_and_weights(inst):
    """(teacher, weights) of an instance."""
    p = product_distribution(_host(inst["q"])) if "q" in inst else _host(inst["p"])
    T = make_teacher(inst["A"], inst["regions"], inst["children"], p, tables=inst.get("tables"))
    return T, unpack_weights(T, inst["n_nodes"], inst["w"])


def build(inst):
    """(teacher, weights, Reformulation, matrix_recursions, reformulation_gaps) of an instance."""
    T, W = teacher_and_weights(inst)
    G_top = _host(inst["G_top"])
    R = reformulation_matrices(T, W, G_top)
    return T, W, R, matrix_recursions(T, R, W), reformulation_gaps(T, W, G_top)


def cases_where(conditions):
    """:func:`~spline_theory.testing.strategies.tian18_reformulation_instances` redrawn until every condition holds on every pair.

    For a statement "conditions => identity" the search draws inside the hypotheses; instances
    outside them (which a caller may still pass to ``check``) would only be undecided.
    """
    from spline_theory.testing.strategies import tian18_reformulation_instances

    def inside(inst):
        T, W = teacher_and_weights(inst)
        return not violated(reformulation_gaps(T, W, _host(inst["G_top"])), conditions)

    return tian18_reformulation_instances().filter(inside)


def violated(gaps, conditions, pairs=None):
    """The conditions (names of reformulation_gaps) that fail on some pair (all pairs, or those given)."""
    keys = gaps if pairs is None else [k for k in pairs if k in gaps]
    return sorted({c for k in keys for c in conditions if gaps[k][c] > CONDITION_TOL})


def relation(xp, lhs, rhs, *, text, scale, needs, gaps, pairs=None):
    """``close`` of one identity "condition => identity", or ``None`` when a condition it needs fails on the pairs involved.

    A failed condition makes the implication true whatever the identity does (vacuous): it is no
    evidence either way, so it is left out; :func:`tested` turns an instance with nothing left into
    an undecided one.
    """
    if violated(gaps, needs, pairs):
        return None
    return close(xp, xp.asarray(lhs), xp.asarray(rhs), relation=text, scale=xp.asarray(scale))


def tested(evidence, text):
    """The non-vacuous relations of ``evidence``; undecided when every one was vacuous (each identity's condition fails)."""
    out = [e for e in evidence if e is not None]
    return out or undecided(text, "the condition of every identity fails on this teacher: each implication is vacuous, nothing is tested")


def thm4_evidence(xp, inst, conditions):
    """The three recursions of Thm. 4 on an instance where every condition in ``conditions`` holds on every pair (undecided otherwise)."""
    T, W, R, M, gaps = build(inst)
    bad = violated(gaps, conditions)
    if bad:
        return undecided("Thm. 4 (Eq. 8 / 59)", f"the condition(s) {bad} of the reading do not hold on this teacher")
    out = []
    for a, rhs in M["F"].items():
        out.append(close(xp, xp.asarray(R.F[a]), xp.asarray(rhs), relation=f"F_a == D_a o sum_b P_ab F_b W_ba (region {a})", scale=xp.asarray(M["F_scale"][a])))
    for b, rhs in M["Gt"].items():
        out.append(close(xp, xp.asarray(R.Gt[b]), xp.asarray(rhs), relation=f"G~_b == D_b o sum_a P_ab^T G~_a W_ba^T (region {b})", scale=xp.asarray(M["Gt_scale"][b])))
    for k, rhs in M["dW"].items():
        out.append(close(xp, xp.asarray(R.dW[k]), xp.asarray(rhs), relation=f"Delta W_ba == (P_ab F_b)^T G~_a ({k[0]} -> {k[1]})", scale=xp.asarray(M["dW_scale"][k])))
    return out


def as_printed_product(xp, lhs, factors, *, text, note, gate=None):
    """Evidence for ``lhs == gate o (factors[0] @ factors[1] @ ...)`` evaluated as printed: ``fails`` when the factors do not chain (an ill-typed formula)."""
    from spline_theory.claims import Evidence

    shapes = [tuple(f.shape) for f in factors]
    if any(shapes[i][1] != shapes[i + 1][0] for i in range(len(shapes) - 1)):
        return Evidence(text, "fails", float("inf"), 0.0, np.asarray(lhs), None, f"ill-typed as printed: the factors have shapes {shapes}, which do not chain; {note}")
    rhs = factors[0]
    for f in factors[1:]:
        rhs = rhs @ f
    scale = np.abs(factors[0])
    for f in factors[1:]:
        scale = scale @ np.abs(f)
    if gate is not None and gate.shape == rhs.shape:
        rhs, scale = gate * rhs, gate * scale
    if rhs.shape != np.asarray(lhs).shape:
        return Evidence(text, "fails", float("inf"), 0.0, np.asarray(lhs), rhs, f"shapes differ: {np.asarray(lhs).shape} vs {rhs.shape}; {note}")
    return close(xp, xp.asarray(lhs), xp.asarray(rhs), relation=text, scale=xp.asarray(scale), note=note)


def eq60_evidence(xp, inst, *, printed):
    """Eq. (60a)-(60d) per child-parent pair; 60c with G_beta (as printed) or G_alpha (corrected)."""
    T, W, R, M, gaps = build(inst)
    if printed:
        bad = violated(gaps, ("focus", "broadness", "decorrelation_k"))
        if bad:
            return undecided("Eq. (60a)-(60d)", f"the condition(s) {bad} of Thm. 2 do not hold on this teacher")
    out = []
    for a, ch in enumerate(T.children):
        if not ch:
            continue
        out.append(relation(xp, R.F[a], R.Fraw[a] * R.D[a], text=f"(60b) F_a == F_a^raw o D_a (region {a})", scale=abs(R.Fraw[a]), needs=() if printed else ("decorrelation_j",), gaps=gaps, pairs=[(b, a) for b in ch]))
        for b in ch:
            k = (b, a)
            P, F, Wk = R.P[k], R.F[b], W[k]
            out.append(relation(xp, R.Fraw_pair[k], P @ F @ Wk, text=f"(60a) F^raw_(b->a) == P_ab F_b W_ba ({b} -> {a})", scale=P @ abs(F) @ abs(Wk), needs=() if printed else ("focus",), gaps=gaps, pairs=[k]))
            if printed:
                out.append(as_printed_product(xp, R.Graw_pair[k], [R.Pb[k].T, R.G[b], Wk.T], text=f"(60c) G^raw_(a->b) == (P^b_ab)^T G_b W_ba^T as printed ({a} -> {b})", note="G_b should read G_a"))
            else:
                out.append(relation(xp, R.Graw_pair[k], R.Pb[k].T @ R.G[a] @ Wk.T, text=f"(60c) G^raw_(a->b) == (P^b_ab)^T G_a W_ba^T ({a} -> {b})", scale=R.Pb[k].T @ abs(R.G[a]) @ abs(Wk.T), needs=("broadness",), gaps=gaps, pairs=[k]))
    for b in range(len(T.regions)):
        pa = T.parents(b)
        if pa:
            out.append(relation(xp, R.G[b], R.Graw[b] * R.D[b], text=f"(60d) G_b == G_b^raw o D_b (region {b})", scale=abs(R.Graw[b]), needs=() if printed else ("decorrelation_k",), gaps=gaps, pairs=[(b, a) for a in pa]))
    return tested(out, "Eq. (60a)-(60d)")


def eq61_evidence(xp, inst, *, printed):
    """The Bayes step Lambda_b (P^b)^T = P^T Lambda_a, (61a) and (61b) per child-parent pair; 61b with G~_beta (as printed) or G~_alpha (corrected)."""
    T, W, R, M, gaps = build(inst)
    if printed:
        bad = violated(gaps, ("focus", "broadness", "decorrelation_k"))
        if bad:
            return undecided("Eq. (61a)-(61b)", f"the condition(s) {bad} of Thm. 2 do not hold on this teacher")
    out = []
    for a, ch in enumerate(T.children):
        for b in ch:
            k = (b, a)
            P, Pb, Wk = R.P[k], R.Pb[k], W[k]
            out.append(close(xp, xp.asarray(R.Lam[b] @ Pb.T), xp.asarray(P.T @ R.Lam[a]), relation=f"Lambda_b (P^b_ab)^T == P_ab^T Lambda_a ({b}, {a})"))
            out.append(relation(xp, R.D[a] * R.Fraw_pair[k], R.D[a] * (P @ R.F[b] @ Wk), text=f"(61a) D_a o F^raw_(b->a) == P_ab F_b W_ba o D_a ({b} -> {a})", scale=P @ abs(R.F[b]) @ abs(Wk), needs=() if printed else ("focus",), gaps=gaps, pairs=[k]))
            lhs = R.D[b] * (R.Lam[b] @ R.Graw_pair[k])
            if printed:
                out.append(as_printed_product(xp, lhs, [P.T, R.Gt[b], Wk.T], text=f"(61b) Lambda_b G^raw_(a->b) o D_b == P_ab^T G~_b W_ba^T o D_b as printed ({a} -> {b})", note="G~_b should read G~_a", gate=R.D[b]))
            else:
                out.append(relation(xp, lhs, R.D[b] * (P.T @ R.Gt[a] @ Wk.T), text=f"(61b) Lambda_b G^raw_(a->b) o D_b == P_ab^T G~_a W_ba^T o D_b ({a} -> {b})", scale=P.T @ abs(R.Gt[a]) @ abs(Wk.T), needs=("broadness",), gaps=gaps, pairs=[k]))
    return tested(out, "Eq. (61a)-(61b)")
