"""Helpers shared by the two claim files of icml18 Prop. 2."""

from spline_theory.operators import activation


def sigma_of(inst):
    """The activation an instance of ``activation_instances()`` describes, with icml18's definitions.

    icml18 Sec. 2 defines the leaky ReLU as :math:`\\max(\\eta u, u)`,
    :math:`\\eta > 0` (report17's :math:`t` / :math:`\\eta t` differs for
    :math:`\\eta > 1`).
    """
    return activation(inst["kind"], nu=inst.get("nu"), slopes=inst.get("slopes"), offsets=inst.get("offsets"), leaky_form="max")


def scale_of(xp, inst):
    """Magnitude of the terms of a piecewise-affine activation at z (round-off scale)."""
    z = inst["z"]
    slopes = [abs(v) for v in inst.get("slopes", [1.0])] + [abs(inst.get("nu", 1.0)), 1.0]
    offsets = [abs(v) for v in inst.get("offsets", [0.0])]
    return max(slopes) * xp.abs(z) + max(offsets)
