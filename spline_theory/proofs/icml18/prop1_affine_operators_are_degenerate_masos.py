"""icml18 Prop. 1: fully connected and convolution operators are degenerate MASOs.

A fully connected operator :math:`Wz + b_W` is the MASO with R = 1,
:math:`[A_W]_{k,1} = [W]_{k,\\cdot}`, :math:`[B_W]_{k,1} = [b_W]_k`, and
:math:`A_W[x] = W` for every input; "the same is true of a convolution
operator with W, b_W replaced by C, b_C". The convolution is checked with
every kernel size up to 3, stride up to 3 and zero padding up to 2.

Reading: as printed; the convolution is the operator deep-learning libraries
compute (cross-correlation, zero padding, any stride), which C^(l) denotes in
icml18 Sec. 2.
"""

import sympy as sp
from hypothesis import strategies as st

from spline_theory.claims import Claim, Step, close, equal, register
from spline_theory.operators import conv2d, conv2d_maso, dense, dense_maso
from spline_theory.proofs._symbolic import inner
from spline_theory.testing.strategies import conv2d_instances, dense_instances


def derive():
    W = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"W_{i + 1}{j + 1}", real=True))
    b = sp.Matrix(sp.symbols("b_1 b_2", real=True))
    z = sp.Matrix(sp.symbols("z_1 z_2 z_3", real=True))
    # R = 1: the maximum over one region is that region's affine value.
    maso = sp.Matrix([sp.Max(sp.Add(inner(W[k, :], z), b[k], evaluate=False), evaluate=False) for k in range(2)])
    return [Step("S[A_W, B_W](z) with R = 1 equals W z + b_W", maso, W * z + b)]


def check(xp, inst):
    if "W" in inst:
        W, b, z = inst["W"], inst["b"], inst["z"]
        S = dense_maso(W, b)
        direct = dense(z, W, b)
        scale = xp.abs(z) @ xp.matrix_transpose(xp.abs(W)) + xp.abs(b)
        A_x, B_x = S.affine_at(z)
        return [
            close(xp, S(z), direct, relation="S[A_W, B_W](z) == W z + b_W", scale=scale),
            equal(xp, A_x, xp.broadcast_to(W[None, ...], A_x.shape), relation="A_W[x] == W for every input"),
            equal(xp, B_x, xp.broadcast_to(b[None, ...], B_x.shape), relation="B_W[x] == b_W for every input"),
        ]
    kernel, b, z = inst["kernel"], inst["b"], inst["z"]
    stride, padding = inst["stride"], inst["padding"]
    S = conv2d_maso(kernel, b, tuple(z.shape[1:]), stride=stride, padding=padding)
    N = z.shape[0]
    direct = xp.reshape(conv2d(z, kernel, b, stride=stride, padding=padding), (N, -1))
    scale = xp.reshape(conv2d(xp.abs(z), xp.abs(kernel), xp.abs(b), stride=stride, padding=padding), (N, -1))
    return close(xp, S(xp.reshape(z, (N, -1))), direct, relation="S[A_C, B_C](z) == C z + b_C (convolution)", scale=scale)


CLAIM = register(
    Claim(
        id="icml18.prop1",
        title="Fully connected and convolution operators are degenerate (R = 1) MASOs",
        where="icml18, Sec. 4.1, Prop. 1",
        statement=r"W z + b_W = A_W[x] z + B_W[x] \text{ with } R = 1,\ [A_W]_{k,1} = [W]_{k,\cdot},\ [B_W]_{k,1} = [b_W]_k; \text{ the same for a convolution } C, b_C",
        assumptions=(r"\text{convolution: zero padding, any stride, cross-correlation as in deep learning libraries}",),
        check=check,
        cases=st.one_of(dense_instances(), conv2d_instances()),
        arrays=("W", "b", "z", "kernel"),
        derive=derive,
        method="Fully connected: builds the R = 1 MASO from W, b (dense_maso) and compares with the direct W z + b, "
        "and checks A[x] = W, B[x] = b exactly. Convolution: builds the MASO of the convolution matrix C "
        "(conv2d_maso) and compares with the direct sliding-window convolution (conv2d).",
    )
)
