"""Build the teacher and run the student of a teacher_student_instances() instance (shared by the tian18 Sec. 2 claims)."""

from spline_theory.teacher_student import make_teacher, student_backward, student_forward, unpack_weights


def run(inst):
    """(teacher, weights, F, gates, G, delta) of an instance."""
    T = make_teacher(inst["A"], inst["regions"], inst["children"], inst["p"])
    W = unpack_weights(T, inst["n_nodes"], inst["w"])
    F, gates = student_forward(T, W)
    G, delta = student_backward(T, W, F, gates, inst["G_top"])
    return T, W, F, gates, G, delta
