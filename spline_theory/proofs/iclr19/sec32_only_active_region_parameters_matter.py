"""iclr19 Sec. 3.2: under hard VQ only the parameters of the selected region affect the output (the "dying neurons" remark).

Among the drawbacks of HVQ the paper lists that "during gradient-based
learning, the gradient will propagate back only through the activated VQ
regions that correspond to the few 1-hot entries in :math:`T_H`. The
parameters of other regions will not be updated". Checked in its finite
form, with a certified radius instead of a derivative: moving the slopes and
offsets of every *non-selected* region of unit k by an amount that changes
their pieces by less than half the margin :math:`u_{(1)} - u_{(2)}` leaves the
output unchanged (the gradient with respect to them is zero), while moving
the offset of the selected region by :math:`\\delta` moves the output by
:math:`\\delta` (the gradient with respect to it is one).

Reading: the remark as a statement about the output: under hard VQ only the
selected region's parameters affect it (zero gradient for the others); inputs
within round-off of a boundary undecided, drawn off the boundaries.
"""

from spline_theory import MASO
from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.iclr19._vq_common import tie_mask
from spline_theory.testing.strategies import maso_instances
from spline_theory.vq import region_margin


def _ties(xp, A, B, x):
    return tie_mask(xp, region_margin(A, B, x), MASO(A, B).pre_activations(x))


def _cases():
    """MASOs with R >= 2 and some unit off its boundaries (the statement is about a selection among regions); others are redrawn."""
    import numpy as np

    from spline_theory import backend

    xp = backend.namespace("numpy")
    return maso_instances(min_R=2).filter(lambda i: not bool(np.all(_ties(xp, np.asarray(i["A"]), np.asarray(i["B"]), np.asarray(i["x"])))))


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    S = MASO(A, B)
    K, R = S.K, S.R
    margin = region_margin(A, B, x)
    ties = _ties(xp, A, B, x)
    if R == 1 or bool(xp.all(ties)):
        return undecided("non-selected regions do not affect the output", "one region per unit, or every unit ties within round-off")
    out = []
    for n in range(x.shape[0]):
        xn = x[n : n + 1, ...]
        keep = ~ties[n, ...]
        delta = xp.where(keep, margin[n, ...] / (2.0 * (xp.sum(xp.abs(xn)) + 1.0)), xp.zeros_like(margin[n, ...]))  # (K,)
        onehot = xp.astype(S.region_codes(xn)[0, ...][:, None] == xp.arange(R)[None, :], A.dtype)  # (K, R)
        others = (1.0 - onehot) * delta[:, None]
        y = S(xn)
        moved = MASO(A + others[..., None], B + others)(xn)
        scale = xp.max(xp.abs(S.pre_activations(xn)), axis=2) + delta[None, :]
        out.append(close(xp, moved, y, scale=scale, relation="moving A[k, r], B[k, r] of the non-selected regions (within the margin) leaves z_k unchanged"))
        bumped = MASO(A, B + onehot * delta[:, None])(xn)
        out.append(close(xp, bumped - y, delta[None, :], scale=scale, relation="moving B[k, t_k] of the selected region by delta moves z_k by delta"))
    return out


CLAIM = register(
    Claim(
        id="iclr19.sec32.dead_regions",
        title="Under hard VQ only the selected region's parameters affect a unit's output (gradient zero for the others)",
        where="iclr19, Sec. 3.2, the paragraph after Thm. 2 (first drawback of HVQ)",
        statement=r"\frac{\partial [z]_k}{\partial [A]_{k,r,\cdot}} = \mathbb 1(r = [t]_k)\, z^{(\ell-1)},\qquad \frac{\partial [z]_k}{\partial [B]_{k,r}} = \mathbb 1(r = [t]_k)",
        assumptions=(r"\text{inputs off region boundaries (margin } u_{(1)} - u_{(2)} \text{ above round-off; ties are undecided)}",),
        check=check,
        cases=_cases(),
        arrays=("A", "B", "x"),
        method="Per input and unit: the margin (vq.region_margin) gives a certified step delta_k = margin / (2 (|x|_1 + 1)); "
        "the MASO with the non-selected regions' slopes and offsets moved by delta_k (selected region from "
        "MASO.region_codes) has the same output, and moving the selected offset by delta_k moves the output by delta_k.",
    )
)
