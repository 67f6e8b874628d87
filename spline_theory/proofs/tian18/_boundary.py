"""The teacher, student and top gradient of a tian18_boundary_instances() instance (shared by the Sec. 3 boundary-condition claims)."""

import numpy as np

from spline_theory import backend
from spline_theory.claims import close
from spline_theory.teacher_student import make_teacher, reformulation_matrices, student_forward, top_mse_gradient, unpack_weights


def build(inst):
    """(teacher, Reformulation) with the top gradient of the per-input loss 1/2 |f_top(x) - e_label(x)|^2."""
    p = backend.to_numpy(inst["p"]) if hasattr(inst["p"], "shape") else np.asarray(inst["p"])
    T = make_teacher(inst["A"], inst["regions"], inst["children"], p, tables=inst["tables"])
    W = unpack_weights(T, inst["n_nodes"], inst["w"])
    F, _ = student_forward(T, W)
    return T, reformulation_matrices(T, W, top_mse_gradient(T, F[T.top]))


def bottom_evidence(xp, T, R):
    """F_beta == I at every lossless leaf (z = x_i on the letters of positive probability)."""
    out = []
    for b, ch in enumerate(T.children):
        table = np.asarray(T.tables[b])
        if ch or len(np.unique(table)) < T.alphabet:
            continue
        out.append(close(xp, xp.asarray(R.F[b]), xp.asarray(np.eye(T.alphabet)[:, table]), relation=f"F_b == I (leaf region {b}: f_k(z_b) = I[k = z_b])"))
    return out
