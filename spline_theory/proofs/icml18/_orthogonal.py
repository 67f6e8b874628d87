"""Helpers of the icml18 Sec. 6 claims: the last layer of a network and whether its rows are orthogonal."""

from spline_theory.claims import close, undecided
from spline_theory.layers import Dense


def last_dense(net):
    """W^(L) of a network whose last operator is a dense layer (ValueError otherwise)."""
    lay = net.layers[-1]
    if not isinstance(lay, Dense):
        raise ValueError(f"the claim needs a network whose last layer is Dense (the classifier W^(L)); got {type(lay).__name__}")
    return lay.W


def offdiag_zero(xp, G, *, relation):
    """Evidence that the off-diagonal entries of Gram matrices ``G`` (..., C, C) vanish, on the scale sqrt(G_aa G_bb)."""
    C = G.shape[-1]
    d = xp.sqrt(xp.abs(xp.linalg.diagonal(G)))
    scale = d[..., :, None] * d[..., None, :]
    off = 1.0 - xp.eye(C, dtype=G.dtype)
    return close(xp, G * off, xp.zeros_like(G), relation=relation, scale=scale)


def rows_orthogonal(xp, W):
    """``None`` when the rows of W are orthogonal to round-off, else an 'assumption not met' evidence."""
    ev = offdiag_zero(xp, W @ xp.matrix_transpose(W), relation="rows of W^(L) orthogonal")
    return None if ev.status == "holds" else undecided("rows of W^(L) orthogonal", "the network does not meet the assumption (non-orthogonal rows of W^(L))")
