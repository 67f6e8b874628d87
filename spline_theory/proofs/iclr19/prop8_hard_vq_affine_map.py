"""iclr19 Prop. 8 (App. A): the hard-VQ matrix selects the affine map, z = A[T_H] z_prev + B[T_H].

With :math:`A[T]` and :math:`B[T]` of Eq. (15) (the VQ-weighted slopes and
offsets), the one-hot :math:`T_H` of the arg-max gives the MASO output as an
affine transform of the input (Eq. (16)), and :math:`T_H` lies in
:math:`\\mathcal T_H` (one-hot rows).

Reading: as printed; no hypothesis added.
"""

from spline_theory import MASO
from spline_theory.claims import Claim, close, equal, register
from spline_theory.testing.strategies import maso_instances
from spline_theory.vq import hard_vq_matrix, vq_affine_map


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    S = MASO(A, B)
    T_H = hard_vq_matrix(A, B, x)
    A_T, B_T = vq_affine_map(A, B, T_H)
    z = xp.sum(A_T * x[:, None, :], axis=2) + B_T
    u = S.pre_activations(x)
    ones = xp.sum(xp.astype(T_H == 1, xp.int64), axis=2)
    zeros = xp.sum(xp.astype(T_H == 0, xp.int64), axis=2)
    return [
        close(xp, z, S(x), relation="A[T_H] z + B[T_H] == S[A, B](z) (Eq. (16))", scale=1.0 + xp.max(xp.abs(u), axis=2)),
        equal(xp, ones, xp.ones_like(ones), relation="each row of T_H has one entry 1"),
        equal(xp, zeros, xp.full(zeros.shape, S.R - 1, dtype=zeros.dtype), relation="and R - 1 entries 0 (T_H in the set of one-hot matrices)"),
    ]


CLAIM = register(
    Claim(
        id="iclr19.prop8",
        title="The hard-VQ matrix picks the MASO's affine map: z = A[T_H] z_prev + B[T_H]",
        where="iclr19, App. A, Eq. (14)-(16), Prop. 8",
        statement=r"z^{(\ell)} = A^{(\ell)}[T_H^{(\ell)}]\,z^{(\ell-1)} + B^{(\ell)}[T_H^{(\ell)}],\quad [T_H]_{k,r} = \mathbb 1\big(r = \arg\max_{r'}\langle [A]_{k,r',\cdot}, z\rangle + [B]_{k,r'}\big)",
        check=check,
        cases=maso_instances(),
        arrays=("A", "B", "x"),
        method="vq.vq_affine_map (Eq. (15)) of vq.hard_vq_matrix applied to the input against the MASO output; "
        "T_H has one-hot rows.",
    )
)
