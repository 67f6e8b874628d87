"""Helpers shared by the two claim files of icml18 Prop. 2."""

from spline_theory.operators import activation


def sigma_of(inst):
    """The activation an instance of ``activation_instances()`` describes."""
    return activation(inst["kind"], nu=inst.get("nu"), slopes=inst.get("slopes"), offsets=inst.get("offsets"))


def scale_of(xp, inst):
    """Magnitude of the terms of a piecewise-affine activation at z (round-off scale)."""
    z = inst["z"]
    slopes = [abs(v) for v in inst.get("slopes", [1.0])] + [abs(inst.get("nu", 1.0)), 1.0]
    offsets = [abs(v) for v in inst.get("offsets", [0.0])]
    return max(slopes) * xp.abs(z) + max(offsets)
