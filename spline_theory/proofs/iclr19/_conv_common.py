"""Helpers shared by the iclr19 convolution-orthogonality claim files (no claim here)."""

from spline_theory.factorial import dense_activation_maso
from spline_theory.operators import conv2d_matrix


def conv_layer(inst):
    """The convolution matrix C of the instance and the MASO of activation o (C z + b)."""
    C = conv2d_matrix(inst["kernel"], inst["in_shape"], stride=inst["stride"])
    return C, dense_activation_maso(C, inst["b"], inst["slope_scales"])


def patches_overlap(xp, C):
    """Whether two different rows (patches) of C have intersecting supports."""
    S = xp.astype(C != 0, C.dtype)
    G = S @ xp.matrix_transpose(S)
    off = G * (1 - xp.eye(G.shape[0], dtype=G.dtype))
    return bool(xp.any(off > 0))
