"""icml18 Sec. 3: any piecewise-affine, globally convex function or operator can be written as a max-affine spline (operator).

icml18 Sec. 3, after Eq. (5): "Max-affine spline functions and operators are
always piecewise affine and globally convex (and hence also continuous).
Conversely, any piecewise affine and globally convex function/operator can be
written as a max-affine spline." The first sentence is part of ``icml18.eq5``;
this claim is the converse, checked beyond the line.

Reading: existential, as printed ("can be written as"): for a convex
piecewise-affine :math:`H: \\mathbb R^D \\to \\mathbb R^C` there are
:math:`A \\in \\mathbb R^{C \\times R \\times D}`, :math:`B \\in \\mathbb R^{C \\times R}`
with :math:`H = S[A, B]` (Eq. (5)), the max taken over the pieces of the
regions of H's partition. No hypothesis added. Scope drawn: D = 2; functions
(C = 1) and operators (C = 2, 3), each output convex and piecewise affine,
given as networks meeting icml18 Thm. 2 (convex by ``icml18.thm2``; their
partitions are not hyperplane arrangements and their pieces are not given as a
maximum). The parameters come from the exact partition of the box
:math:`[-3, 3]^2` (``partition.slice_partition``): one piece per region and
output, :math:`[A]_{c,r,\\cdot}` its slope and :math:`[B]_{c,r}` its offset.
"""

from spline_theory import MASO
from spline_theory import backend as _backend
from spline_theory.claims import Claim, close, register, undecided
from spline_theory.partition import slice_partition
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import convex_plane_operator_instances

BOX = (-3.0, 3.0)


def check(xp, inst):
    net, x = net_and_x(inst)
    ok, reasons = net.theorem2_conditions()
    if not ok:
        return undecided("H == S[A, B]", "the network is not a convex operator by icml18 Thm. 2: " + "; ".join(reasons))
    import numpy as np

    dt = _backend.to_numpy(x).dtype
    part = slice_partition(net, np.zeros(2, dtype=dt), np.eye(2, dtype=dt)[0], np.eye(2, dtype=dt)[1], BOX, BOX)
    A = xp.asarray(np.ascontiguousarray(np.transpose(part.slopes, (1, 0, 2))), dtype=x.dtype)  # (C, R, 2): piece r of output c
    B = xp.asarray(np.ascontiguousarray(part.offsets.T), dtype=x.dtype)  # (C, R)
    S = MASO(A, B)
    return close(xp, S(x), net(x), relation=f"S[A, B](x) == H(x), A, B the pieces of the {len(part)} regions of H on [-3, 3]^2",
                 scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="icml18.sec3.convex_pwa_is_max_affine",
        title="Any piecewise-affine, globally convex function or operator is a max-affine spline (operator)",
        where="icml18, Sec. 3 'Max-Affine Spline Operators', after Eq. (5)",
        statement=r"H: \mathbb{R}^D \to \mathbb{R}^C,\ h_c \text{ piecewise affine and globally convex } \forall c \implies \exists A, B:\ H = S[A, B]",
        assumptions=(r"\text{checked on } \mathbb{R}^2,\ C \in \{1, 2, 3\},\ x \in [-3, 3]^2",),
        check=check,
        cases=convex_plane_operator_instances(),
        arrays=("x",),
        per_input="x",
        method="A convex piecewise-affine H on R^2 (a network meeting icml18 Thm. 2, C outputs): the exact partition of "
        "[-3, 3]^2 (slice_partition) gives one affine piece per region and output; the MASO S[A, B] of those pieces "
        "(maso.MASO, Eq. 5), evaluated without the partition, against H(x).",
        notes="With the pieces of the regions (all with interiors: slice_partition returns polygons of positive area) "
        "the maximum is H; icml18.eq4 shows why regions without interior must be left out.",
    )
)
