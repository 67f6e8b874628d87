"""Unpack a disentangle_instances() child (shared by the tian18 Sec. 5.2 / App. 8.7 claims)."""

import numpy as np

from spline_theory import backend


def host(v):
    """A host NumPy copy (the dtype under test kept)."""
    return backend.to_numpy(v) if hasattr(v, "shape") else np.asarray(v)


def child(inst, c):
    """(blocks, sets, n_b, f, W) of child c: the flat blocks split by the sizes of the sets."""
    sets, n_b = inst[f"sets{c}"], inst[f"n_b{c}"]
    flat, blocks, i = host(inst[f"b{c}"]), [], 0
    for S in sets:
        size = 2 * 2 ** len(S)
        blocks.append(flat[i : i + size].reshape(2, 2 ** len(S)))
        i += size
    return blocks, sets, n_b, host(inst[f"f{c}"]), host(inst[f"W{c}"])


REGIONS = [[0], [1], [2], [3], [0, 1], [2, 3], [0, 1, 2, 3]]
CHILDREN = [[], [], [], [], [0, 1], [2, 3], [4, 5]]


def factor_student(inst):
    """(teacher, weights, sets) of a disentangle_teacher_instances() instance.

    Middle region 4 = {0, 1}, 5 = {2, 3}, top 6. Lossless: middle node k
    reads leaf k only (so it represents input k), top node j reads middle
    node j of its half; lossy: the middle region keeps its first input only,
    its one node reads both leaves, top node h reads middle region h.
    ``sets[b]`` are the sets S_i of child b's factors per top factor.
    """
    from spline_theory.teacher_student import make_teacher

    w = host(inst["w"]).astype(float)
    leaf = np.array([0, 1])
    if inst["lossy"]:
        tables = [leaf] * 4 + [np.array([[0, 0], [1, 1]])] * 2 + [np.arange(4).reshape(2, 2)]
        T = make_teacher(2, REGIONS, CHILDREN, host(inst["p"]), tables=tables)
        W = {(c, 4 + c // 2): w[2 * c : 2 * c + 2].reshape(2, 1) for c in range(4)}
        W[(4, 6)] = np.array([[w[8], 0.0]])
        W[(5, 6)] = np.array([[0.0, w[9]]])
        return T, W, {4: [[0], []], 5: [[], [0]]}
    T = make_teacher(2, REGIONS, CHILDREN, host(inst["p"]))
    W = {}
    for c in range(4):
        Wc = np.zeros((2, 2))
        Wc[:, c % 2] = w[2 * c : 2 * c + 2]
        W[(c, 4 + c // 2)] = Wc
    W[(4, 6)] = np.array([[w[8], 0.0, 0.0, 0.0], [0.0, w[9], 0.0, 0.0]])
    W[(5, 6)] = np.array([[0.0, 0.0, w[10], 0.0], [0.0, 0.0, 0.0, w[11]]])
    return T, W, {4: [[0], [1], [], []], 5: [[], [], [0], [1]]}


#: the hypotheses of Thm. 8 are decided on float64 event averages of O(1) values
HYPOTHESIS_TOL = 1e-9


def student_activations_under_thm8(inst):
    """The top region's per-event activations F_alpha(z) of the factor_student, or None where a hypothesis of Thm. 8 fails on the teacher."""
    from spline_theory.disentanglement import is_disentangled_activation, is_separable, is_tensor_product
    from spline_theory.teacher_student import event_average, student_forward, transition_matrix

    T, W, sets = factor_student(inst)
    F, _ = student_forward(T, W)
    Fz = {a: event_average(T, F[a], a) for a in (4, 5, 6)}
    for b in (4, 5):
        if not (is_tensor_product(transition_matrix(T, 6, b), sets[b], tol=HYPOTHESIS_TOL) and is_separable(W[(b, 6)], sets[b]) and is_disentangled_activation(Fz[b], tol=HYPOTHESIS_TOL)):
            return None
    return Fz[6]
