"""iclr19 Thm. 1: a linear operator followed by a convex piecewise-affine operator is a MASO.

A fully connected (or convolution) layer followed by an activation
:math:`\\max_r a_r t + b_r` (ReLU, leaky ReLU, absolute value, ...) or by max
pooling, with or without a skip connection, is the MASO with slopes
:math:`[A]_{m,r,\\cdot} W + V_m` and offsets
:math:`\\langle [A]_{m,r,\\cdot}, b\\rangle + [B]_{m,r}` (the paper cites icml18
for it; App. A).

Reading: as printed (icml18 Prop. 4 restated): a linear operator followed by a
convex piecewise-affine activation or max pooling, with or without a skip
connection.
"""

import sympy as sp

from spline_theory.activations import maso_after_affine
from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import PiecewiseAffineActivation, dense, max_pool, max_pooling_maso
from spline_theory.testing.strategies import layer_instances


def derive():
    a, c, w1, w2, b, v1, v2, x1, x2 = sp.symbols("a c w_1 w_2 b v_1 v_2 x_1 x_2", real=True)
    u = w1 * x1 + w2 * x2 + b
    piece = a * u + c + v1 * x1 + v2 * x2
    maso_piece = (a * w1 + v1) * x1 + (a * w2 + v2) * x2 + (a * b + c)
    return [
        Step("each piece a_r (<w, x> + b) + c_r + <v, x> is affine in x: <a_r w + v, x> + (a_r b + c_r)", piece, maso_piece),
        Step("adding <v, x> commutes with the max over pieces (shown for two pieces p, q)", sp.Max(sp.Symbol("p", real=True), sp.Symbol("q", real=True)) + v1 * x1, sp.Max(sp.Symbol("p", real=True) + v1 * x1, sp.Symbol("q", real=True) + v1 * x1)),
    ]


def check(xp, inst):
    W, b, x = inst["W"], inst["b"], inst["x"]
    u = dense(x, W, b)
    if inst["kind"] == "activation":
        act = PiecewiseAffineActivation(inst["slopes"], inst["offsets"])
        V = inst["V"]
        S = maso_after_affine(act.maso(W.shape[0], xp=xp, dtype=W.dtype), W, b, V=V)
        layer = act(u) + dense(x, V, xp.zeros(V.shape[0], dtype=V.dtype))
        what = "activation (+ skip connection)"
    else:
        regions = inst["regions"]
        S = maso_after_affine(max_pooling_maso(regions, W.shape[0], xp=xp, dtype=W.dtype), W, b)
        layer = max_pool(u, regions)
        what = "max pooling"
    scale = 1.0 + 2.0 * xp.max(xp.abs(u)) + xp.max(xp.abs(x)) * (xp.max(xp.abs(inst["V"])) if "V" in inst else 0.0)
    return close(xp, S(x), layer, relation=f"MASO max_r <A_r, x> + B_r == linear layer followed by {what}", scale=scale)


CLAIM = register(
    Claim(
        id="iclr19.thm1",
        title="A linear layer followed by a convex piecewise-affine activation or max pooling (with or without skip) is a MASO",
        where="iclr19, Sec. 2, Thm. 1 (citing icml18), App. A",
        statement=r"z \mapsto \sigma(Wz + b) + Vz,\ \sigma \text{ convex piecewise affine (activation, max pooling)} \text{ is } S[A, B] \text{ for some } A, B",
        assumptions=(r"\sigma \text{ convex and piecewise affine (max-affine)}",),
        check=check,
        cases=layer_instances(),
        arrays=("W", "b", "x", "V"),
        derive=derive,
        method="activations.maso_after_affine of the activation's MASO (operators.PiecewiseAffineActivation.maso) or of "
        "operators.max_pooling_maso, evaluated as a MASO, against the layer computed with operators.dense, the "
        "activation and operators.max_pool.",
    )
)
