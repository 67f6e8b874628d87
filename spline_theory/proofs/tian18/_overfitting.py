"""The spurious-correlation teacher of an over-fitting instance and its top gradient (shared by the tian18 Sec. 6 claims)."""

from spline_theory.disentanglement import label_gradient, spurious_teacher


def teacher_and_gradient(inst):
    """(teacher, g_0 per pattern) of a disentangle_overfitting_instances() instance."""
    T = spurious_teacher(inst["eps"], inst["p_gamma"])
    return T, label_gradient(T)
