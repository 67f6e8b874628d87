"""Shared by the report17 Table 3 best-basis and k-NN claims."""

from spline_theory.claims import close
from spline_theory.inversion import table3_inverse


def best_atom_error(xp, inst, rule):
    """||x - reconstruction||^2 of the best-basis row against min_i min_c ||x - c W_i||^2 = ||x||^2 - max_i <x, W_i>^2 / ||W_i||^2."""
    W, x = inst["W"], inst["x"]
    r = x - table3_inverse(W, x, "best_basis", rule=rule)
    got = xp.sum(r * r, axis=1)
    nx = xp.sum(x * x, axis=1)
    best = nx - xp.max((x @ W.T) ** 2 / xp.sum(W * W, axis=1), axis=1)
    return close(xp, got, best, relation="||x - sum_i f(x)_i df(x)_i/dx||^2 == min_i min_c ||x - c W_i||^2 (the best one-atom approximation)", scale=nx + 1.0)


def nearest_template_distance(xp, inst, rule):
    """||x - reconstruction|| of the k-NN row against min_i ||x - W_i||."""
    W, x = inst["W"], inst["x"]
    r = x - table3_inverse(W, x, "knn", rule=rule)
    got = xp.sum(r * r, axis=1)
    diff = x[:, None, :] - W[None, :, :]
    best = xp.min(xp.sum(diff * diff, axis=2), axis=1)
    return close(xp, got, best, relation="||x - sum_i df(x)_i/dx||^2 == min_i ||x - W_i||^2 (the nearest template)", scale=xp.sum(x * x, axis=1) + xp.max(xp.sum(W * W, axis=1)) + 1.0)
