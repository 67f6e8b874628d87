"""icml18 Eq. (5): a MASO is a signal-dependent affine map, and it is convex.

Sec. 3 of icml18 defines the MASO :math:`S[A,B]` as K max-affine spline
functions and rewrites it as :math:`A[x]x + B[x]`, where row k of
:math:`A[x]` and :math:`B[x]` are the slope and offset of the region
:math:`r_k(x)` that attains the maximum. The paragraph after Eq. (5) adds
that MASOs are "always piecewise affine and globally convex (and hence also
continuous)". Both are checked: the two sides of Eq. (5), and midpoint
convexity of every output on pairs of inputs.

Reading: Eq. (5) prints :math:`r_k(x) = \\arg\\max_r \\langle [A]_{k,r_k}, x\\rangle
+ [B]_{k,r}`; the subscript :math:`r_k` inside the arg-max is read as
:math:`r` (the only reading under which the definition is not circular).
"""

import sympy as sp

from spline_theory import MASO
from spline_theory.claims import Claim, Step, close, leq, register
from spline_theory.proofs._symbolic import inner, winner_first
from spline_theory.testing.strategies import maso_instances


def derive():
    # One unit, R = 3 regions, D = 2; region 1 attains the maximum.
    x = sp.Matrix(sp.symbols("x_1 x_2", real=True))
    a = [sp.Matrix(sp.symbols(f"a_{r}1 a_{r}2", real=True)) for r in (1, 2, 3)]
    u, top = winner_first(3)
    # Offsets chosen so that the pre-activations are u_1, u_1 - d_2, u_1 - d_3.
    b = [u[r] - (a[r].T * x)[0] for r in range(3)]
    maso = sp.Max(*[(a[r].T * x)[0] + b[r] for r in range(3)], evaluate=False)
    affine = (a[0].T * x)[0] + b[0]  # A[x] x + B[x] with r(x) = 1
    return [
        Step("Pre-activations when region 1 attains the maximum (d_j >= 0)", sp.Matrix([sp.Add(inner(a[r], x), b[r], evaluate=False) for r in range(3)]), sp.Matrix(u)),
        Step("Eq. (5): the maximum equals the affine map of the winning region", maso, affine),
    ]


def check(xp, inst):
    S = MASO(inst["A"], inst["B"])
    x = inst["x"]
    z = S(x)
    A_x, B_x = S.affine_at(x)
    affine = xp.sum(A_x * x[:, None, :], axis=2) + B_x
    scale = xp.sum(xp.abs(A_x) * xp.abs(x[:, None, :]), axis=2) + xp.abs(B_x)
    ev = [close(xp, affine, z, relation="A[x] x + B[x] == S[A,B](x)", scale=scale)]
    n = x.shape[0]
    if n >= 2:
        # Midpoint convexity on every pair (i, j): S((x_i + x_j)/2) <= (S(x_i) + S(x_j))/2.
        i, j = xp.meshgrid(xp.arange(n), xp.arange(n), indexing="ij")
        i, j = xp.reshape(i, (-1,)), xp.reshape(j, (-1,))
        xi, xj = xp.take(x, i, axis=0), xp.take(x, j, axis=0)
        mid = S((xi + xj) / 2)
        chord = (xp.take(z, i, axis=0) + xp.take(z, j, axis=0)) / 2
        mag = xp.max(xp.abs(S.pre_activations(xp.concat([xi, xj], axis=0))))
        ev.append(leq(xp, mid, chord, relation="S((x_i + x_j)/2) <= (S(x_i) + S(x_j))/2", scale=mag))
    return ev


CLAIM = register(
    Claim(
        id="icml18.eq5",
        title="A MASO equals the signal-dependent affine map A[x]x + B[x] and is convex",
        where="icml18, Sec. 3 'Max-Affine Spline Operators', Eq. (5) and the paragraph after it",
        statement=r"S[A,B](x) = \Big[\max_{r} \langle [A]_{k,r,\cdot}, x\rangle + [B]_{k,r}\Big]_{k=1}^K = A[x]\,x + B[x],\quad [A[x]]_{k,\cdot} = [A]_{k,r_k(x),\cdot},\ [B[x]]_k = [B]_{k,r_k(x)};\ S[A,B] \text{ is globally convex}",
        assumptions=(r"A \in \mathbb{R}^{K\times R\times D},\ B \in \mathbb{R}^{K\times R}", r"r_k(x) = \arg\max_r \langle [A]_{k,r,\cdot}, x\rangle + [B]_{k,r}"),
        check=check,
        cases=maso_instances(),
        arrays=("A", "B", "x"),
        derive=derive,
        method="Evaluates the MASO (max over regions) and, separately, gathers A[x], B[x] from the arg-max "
        "regions and forms A[x]x + B[x]; the two must agree to round-off. Midpoint convexity is checked on all "
        "pairs of the batch.",
        notes="The subscript r_k inside the arg-max of Eq. (5) is read as r.",
    )
)
