"""Build the teacher, the student and the matrices of Thm. 4 for a tian18_reformulation_instances() instance (shared by the Thm. 4 / Eq. 59-62, 74 claims)."""

import numpy as np

from spline_theory import backend
from spline_theory.claims import close, undecided
from spline_theory.teacher_student import make_teacher, matrix_recursions, product_distribution, reformulation_gaps, reformulation_matrices, unpack_weights

#: a condition gap below this counts as holding (the gaps are sums of a few float64 probabilities and products of O(1) values)
CONDITION_TOL = 1e-9


def _host(v):
    return backend.to_numpy(v) if hasattr(v, "shape") else np.asarray(v)


def build(inst):
    """(teacher, weights, Reformulation, matrix_recursions, reformulation_gaps) of an instance."""
    p = product_distribution(_host(inst["q"])) if "q" in inst else _host(inst["p"])
    T = make_teacher(inst["A"], inst["regions"], inst["children"], p, tables=inst.get("tables"))
    W = unpack_weights(T, inst["n_nodes"], inst["w"])
    G_top = _host(inst["G_top"])
    R = reformulation_matrices(T, W, G_top)
    return T, W, R, matrix_recursions(T, R, W), reformulation_gaps(T, W, G_top)


def violated(gaps, conditions, pairs=None):
    """The conditions (names of reformulation_gaps) that fail on some pair (all pairs, or those given)."""
    keys = gaps if pairs is None else [k for k in pairs if k in gaps]
    return sorted({c for k in keys for c in conditions if gaps[k][c] > CONDITION_TOL})


def relation(xp, lhs, rhs, *, text, scale, needs, gaps, pairs=None):
    """``close`` of one identity, or undecided when a condition it needs fails on the pairs involved."""
    bad = violated(gaps, needs, pairs)
    if bad:
        return undecided(text, f"the condition(s) {bad} fail on this teacher")
    return close(xp, xp.asarray(lhs), xp.asarray(rhs), relation=text, scale=xp.asarray(scale))


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
