"""iclr19 Eq. (15): the region-combined parameters A[T], B[T] give the T-weighted combination of the MASO pieces, for any VQ matrix.

App. A defines, for a VQ matrix T (hard, soft or beta), the combined slope
and offset :math:`[A[T]]_{k,\\cdot} = \\sum_r [T]_{k,r}[A]_{k,r,\\cdot}` and
:math:`[B[T]]_k = \\sum_r [T]_{k,r}[B]_{k,r}` ("the VQ-matrix is used to
combine the per region parameters"), so that
:math:`A[T]z + B[T] = \\sum_r [T]_{k,r}(\\langle [A]_{k,r,\\cdot}, z\\rangle + [B]_{k,r})`,
the output of Eq. (2) with T. Prop. 8 (``iclr19.prop8``) is the hard case; here
T is the beta-VQ matrix of the input and arbitrary points of the simplex.

Reading: as printed, for any VQ matrix with rows on the simplex (hard, soft or
beta), as App. A defines A[T] and B[T].
"""

from spline_theory import MASO
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import simplex_instances
from spline_theory.vq import beta_vq_matrix, vq_affine_map


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    S = MASO(A, B)
    scale = xp.sum(xp.abs(A), axis=(1, 2))[None, :] * xp.max(xp.abs(x)) + xp.sum(xp.abs(B), axis=1)[None, :]
    out = []
    for name, T in (("beta-VQ matrix of z", beta_vq_matrix(A, B, x, inst["beta"])), ("arbitrary T on the simplex", xp.astype(inst["T_other"], A.dtype))):
        A_T, B_T = vq_affine_map(A, B, T)
        out.append(close(xp, xp.sum(A_T * x[:, None, :], axis=2) + B_T, S.vq_output(x, T), scale=scale,
                         relation=f"A[T] z + B[T] == sum_r T_(k,r) (<A[k, r], z> + B[k, r]) ({name})"))
    return out


CLAIM = register(
    Claim(
        id="iclr19.eq15",
        title="A[T] z + B[T] is the T-weighted combination of the MASO pieces, for any VQ matrix T",
        where="iclr19, App. A, Eq. (15)",
        statement=r"[A[T]]_{k,\cdot} = \sum_r [T]_{k,r}[A]_{k,r,\cdot},\ [B[T]]_k = \sum_r [T]_{k,r}[B]_{k,r} \implies [A[T]z + B[T]]_k = \sum_r [T]_{k,r}\big(\langle [A]_{k,r,\cdot}, z\rangle + [B]_{k,r}\big)",
        assumptions=(r"\text{rows of } T \text{ on the simplex}",),
        check=check,
        cases=simplex_instances(),
        arrays=("A", "B", "x", "T_other"),
        method="vq.vq_affine_map applied to z against MASO.vq_output (the Eq. (2) output with T), for T the beta-VQ "
        "matrix of z (vq.beta_vq_matrix) and for arbitrary points of the simplex.",
    )
)
