"""iclr19 Prop. 2: the soft-VQ matrix maximizes the entropy-penalized MASO objective of Eq. (7).

:math:`[\\hat T_S]_{k,\\cdot} = \\arg\\max_{t\\in\\Delta_R} \\sum_r t_r u_{k,r} + H(t)`
with :math:`u_{k,r} = \\langle [A]_{k,r,\\cdot}, z\\rangle + [B]_{k,r}`. App. E.2
solves it with a Lagrange multiplier; the derivation below redoes those KKT
steps in SymPy (for :math:`\\frac12` of the objective, the beta = 1/2 case of
Eq. (8): same maximizer) and adds the strict concavity that makes the optimum
unique and global.

Reading: as printed, with H(t) = -sum_r t_r log t_r and 0 log 0 = 0 on the
simplex.
"""

import sympy as sp

from spline_theory.claims import Claim, leq, register
from spline_theory.proofs.iclr19._vq_kkt import kkt_steps
from spline_theory.testing.strategies import simplex_instances
from spline_theory.vq import hard_vq_matrix, soft_vq_matrix, vq_objective


def derive():
    return kkt_steps(sp.Rational(1, 2))


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    T_S = soft_vq_matrix(A, B, x)
    best = vq_objective(A, B, x, T_S, 0.5)
    R = A.shape[1]
    uniform = xp.full(T_S.shape, 1.0 / R, dtype=T_S.dtype)
    scale = 1.0 + xp.abs(best)
    return [
        leq(xp, vq_objective(A, B, x, T, 0.5), best, relation=f"P(t) + H(t) at {name} <= at T_S", scale=scale)
        for name, T in (("other simplex points", inst["T_other"]), ("T_H", hard_vq_matrix(A, B, x)), ("the uniform t", uniform))
    ]


CLAIM = register(
    Claim(
        id="iclr19.prop2",
        title="The soft-VQ matrix solves the entropy-penalized maximization sum_r t_r u_r + H(t) over the simplex",
        where="iclr19, Sec. 3.3, Eq. (7), Prop. 2; proof App. E.2",
        statement=r"[\hat T_S]_{k,\cdot} = \arg\max_{t\in\Delta_{R}} \sum_{r=1}^{R} [t]_r\big(\langle [A]_{k,r,\cdot}, z\rangle + [B]_{k,r}\big) + H(t)",
        assumptions=(r"H(t) = -\sum_r t_r \log t_r,\ 0\log 0 = 0",),
        check=check,
        cases=simplex_instances(),
        arrays=("A", "B", "x", "T_other"),
        derive=derive,
        method="vq.vq_objective (beta = 1/2, half of Eq. (7)) at vq.soft_vq_matrix against its value at drawn simplex "
        "points (vertices, faces, interior), at the hard-VQ matrix and at the uniform point.",
    )
)
