"""iclr19 Eq. (2): a MASO output written with the one-hot hard-VQ matrix.

Sec. 2 of iclr19 rewrites the MASO of Eq. (1) with the hard-VQ selection
matrix :math:`T_H`, whose row k is one-hot at the arg-max region
:math:`[t]_k`: :math:`[z]_k = \\sum_r [T_H]_{k,r}(\\langle [A]_{k,r,\\cdot}, z\\rangle + [B]_{k,r})`,
and states that Eq. (1) is retrieved by taking :math:`[t]_k` as the arg-max.

Reading: as printed: T_H one-hot at the arg-max region of each unit; no
hypothesis added.
"""

import sympy as sp

from spline_theory import MASO
from spline_theory.claims import Claim, Step, close, equal, register
from spline_theory.proofs._symbolic import inner, winner_first
from spline_theory.testing.strategies import maso_instances


def derive():
    u, top = winner_first(3)
    T_H = sp.Matrix([[1, 0, 0]])  # one-hot at the arg-max, region 1
    return [
        Step("Eq. (2) with the one-hot row at the arg-max region", inner(T_H[0, :], u), top),
        Step("Eq. (1): the maximum over regions is the same value", sp.Max(*u, evaluate=False), top),
    ]


def check(xp, inst):
    S = MASO(inst["A"], inst["B"])
    x = inst["x"]
    T = S.vq_matrix(x, beta=1.0)
    u = S.pre_activations(x)
    scale = xp.max(xp.abs(u), axis=2)
    rows = xp.sum(T, axis=2)
    return [
        close(xp, S.vq_output(x, T), S(x), relation="sum_r [T_H]_{k,r} (<A_{k,r}, x> + B_{k,r}) == max_r (<A_{k,r}, x> + B_{k,r})", scale=scale),
        equal(xp, rows, xp.ones_like(rows), relation="every row of T_H is one-hot (sums to 1)"),
        equal(xp, xp.argmax(T, axis=2), S.region_codes(x), relation="the one-hot position of T_H is the arg-max region [t]_k"),
    ]


CLAIM = register(
    Claim(
        id="iclr19.eq2",
        title="A MASO output is the hard-VQ (one-hot) combination of its affine pieces",
        where="iclr19, Sec. 2, Eq. (1)-(2) and the sentence after Eq. (2)",
        statement=r"[z^{(\ell)}]_k = \sum_{r=1}^{R} [T_H^{(\ell)}]_{k,r}\big(\langle [A^{(\ell)}]_{k,r,\cdot}, z^{(\ell-1)}\rangle + [B^{(\ell)}]_{k,r}\big),\quad [T_H]_{k,r} = \mathbb 1\big(r = \arg\max_{r'} \langle [A]_{k,r',\cdot}, z\rangle + [B]_{k,r'}\big)",
        assumptions=(r"T_H \text{ has one-hot rows at the arg-max region}",),
        check=check,
        cases=maso_instances(),
        arrays=("A", "B", "x"),
        derive=derive,
        method="Builds T_H with MASO.vq_matrix(beta=1), combines the pieces with it (MASO.vq_output) and "
        "compares with the MASO evaluated as a maximum; checks that T_H is one-hot at the region code.",
    )
)
