"""BatchNorm after a student node on a teacher: over the inputs and over the teacher's events (shared by the tian18 Sec. 4.2 / Eq. 83 teacher claims)."""

import numpy as np

from spline_theory.batchnorm import batchnorm_forward, bn_backward_projection, bn_statistics
from spline_theory.claims import undecided
from spline_theory.proofs.tian18._reformulation import _host, teacher_and_weights
from spline_theory.teacher_student import event_average, event_probabilities, event_variance, preactivations, student_forward


def build(inst):
    """A dict of the BN node's quantities per input (x) and per top event (z), or an undecided Evidence.

    The node is the first top node before its ReLU (BN after the linear
    layer); ``g_bn`` is the gradient arriving at the BN output per input. The
    population BN over the inputs (weights P(x)) is the layer as trained; the
    event-level one (weights P(z), activations E[f | z]) is Eq. 83's reading.
    """
    T, W = teacher_and_weights(inst)
    a = T.top
    F, _ = student_forward(T, W)
    f_x = preactivations(T, W, F)[a][:, 0]
    g_x = _host(inst["g_bn"]).astype(np.float64)
    c = _host(inst["c"]).astype(np.float64)
    mu_x, sigma_x = bn_statistics(f_x, p=T.p)
    if float(sigma_x) < 0.25 * max(1.0, float(np.max(np.abs(f_x[T.p > 0])))):
        return undecided("BN on a teacher", "the node's activation is nearly constant over the inputs (sigma < max(1, max|f|)/4)")
    pz = event_probabilities(T, a)
    live = pz > 0
    f_z, gbn_z, p_z = event_average(T, f_x, a)[live, 0], event_average(T, g_x, a)[live, 0], pz[live]
    mu_z, sigma_z = bn_statistics(f_z, p=p_z)
    if float(sigma_z) < 0.25 * max(1.0, float(np.max(np.abs(f_z)))):
        return undecided("BN on a teacher", "the node's event averages are nearly constant over the events (sigma_z < max(1, max|f(z)|)/4)")
    g_back_x, _ = bn_backward_projection(f_x, c, g_x, p=T.p)
    g_back_z, _ = bn_backward_projection(f_z, c, gbn_z, p=p_z)
    return {
        "T": T, "a": a, "c": c, "p_z": p_z, "f_x": f_x, "f_z": f_z,
        "mu_x": float(mu_x), "sigma_x": float(sigma_x), "mu_z": float(mu_z), "sigma_z": float(sigma_z),
        "var_within": event_variance(T, f_x, a)[live, 0],
        "bn_x_averaged": event_average(T, batchnorm_forward(f_x, c, p=T.p), a)[live, 0],
        "bn_z": batchnorm_forward(f_z, c, p=p_z),
        "g_x_averaged": event_average(T, g_back_x, a)[live, 0],
        "g_z": g_back_z,
        "g_scale": abs(c[0]) / float(sigma_x) * float(np.max(np.abs(g_x))),
    }


def bn_cases():
    """The instances of :func:`~spline_theory.testing.strategies.tian18_bn_teacher_instances` inside the claims' hypothesis sigma > 0.

    Instances whose BN node is nearly constant (over the inputs, or over the events) are
    redrawn rather than counted as undecided examples: :func:`build` would leave them undecided.
    """
    from spline_theory.testing.strategies import tian18_bn_teacher_instances

    return tian18_bn_teacher_instances().filter(lambda inst: isinstance(build(inst), dict))
