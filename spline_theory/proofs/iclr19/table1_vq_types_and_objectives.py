"""iclr19 Table 1: hard, soft and beta-VQ as maximizers of P(t), P(t) + H(t) and beta P(t) + (1-beta) H(t).

Table 1 lists, for :math:`\\mathcal P(t) = \\sum_r t_r u_{k,r}`: HVQ
:math:`\\arg\\max_{t\\in\\Delta}\\mathcal P(t)` (ReLU, max pooling), SVQ
:math:`\\arg\\max_{t\\in\\Delta}\\mathcal P(t) + H(t)` (SiGLU, softmax pooling)
and beta-VQ :math:`\\arg\\max_{t\\in\\Delta}\\beta\\mathcal P(t)+(1-\\beta)H(t)`,
:math:`\\beta\\in[0,1]` (swish, beta-softmax pooling). The "Examples" column
is checked by iclr19.prop3, prop4 and prop7.

Reading: as printed; for HVQ with tied pieces the arg max is a face of the
simplex and T_H one of its vertices (named).
"""

from spline_theory.claims import Claim, leq, register
from spline_theory.testing.strategies import simplex_instances
from spline_theory.vq import beta_vq_matrix, hard_vq_matrix, soft_vq_matrix, vq_objective


def check(xp, inst):
    A, B, x, beta, T = inst["A"], inst["B"], inst["x"], inst["beta"], inst["T_other"]
    out = []
    for name, b, best in (
        ("HVQ: P(t)", 1.0, hard_vq_matrix(A, B, x)),
        ("SVQ: P(t) + H(t) (halved)", 0.5, soft_vq_matrix(A, B, x)),
        (f"beta-VQ at beta = {beta}", beta, beta_vq_matrix(A, B, x, beta)),
        ("beta-VQ at beta = 0: H(t)", 0.0, beta_vq_matrix(A, B, x, 0.0)),
    ):
        top = vq_objective(A, B, x, best, b)
        out.append(leq(xp, vq_objective(A, B, x, T, b), top, relation=f"{name}: objective at drawn simplex points <= at the row's VQ matrix", scale=1.0 + xp.abs(top)))
    return out


CLAIM = register(
    Claim(
        id="iclr19.table1",
        title="Table 1: HVQ, SVQ and beta-VQ matrices maximize P(t), P(t) + H(t) and beta P(t) + (1-beta) H(t) over the simplex",
        where="iclr19, Sec. 3.5, Table 1",
        statement=r"T_H \in \arg\max_{t\in\Delta}\mathcal P(t),\ T_S = \arg\max_{t\in\Delta}\mathcal P(t) + H(t),\ T_\beta = \arg\max_{t\in\Delta}\beta\mathcal P(t) + (1-\beta)H(t),\ \beta\in[0,1]",
        assumptions=(r"\text{HVQ: the arg max is a face of the simplex when pieces tie; } T_H \text{ is one of its vertices}",),
        check=check,
        cases=simplex_instances(),
        arrays=("A", "B", "x", "T_other"),
        method="vq.vq_objective at beta = 1, 1/2, a drawn beta and 0, evaluated at vq.hard_vq_matrix, "
        "vq.soft_vq_matrix and vq.beta_vq_matrix against drawn simplex points (vertices, faces, interior).",
    )
)
