"""icml18 Prop. 2, corrected: a convex piecewise-affine activation is a MASO with one region per piece.

Corrected statement: an elementwise activation
:math:`\\sigma(t) = \\max_{r=1..R} a_r t + b_r` (every convex piecewise-affine
scalar function has this form) is the MASO with R regions,
:math:`[A]_{k,r,\\cdot} = a_r e_k`, :math:`[B]_{k,r} = b_r`. ReLU and absolute
value are the R = 2, B = 0 cases printed in Prop. 2; leaky ReLU has the
printed parameters for :math:`0 < \\nu \\le 1`, and for :math:`\\nu > 1` it is
concave, hence not a MASO at all (a MASO is convex).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, less, register
from spline_theory.operators import activation_maso
from spline_theory.proofs.icml18._activations import scale_of, sigma_of
from spline_theory.testing.strategies import activation_instances


def derive():
    tp = sp.Symbol("t", positive=True)
    tn = sp.Symbol("t", negative=True)
    d = sp.Symbol("delta", nonnegative=True)  # nu = 1 - delta <= 1
    e = sp.Symbol("epsilon", positive=True)  # nu = 1 + epsilon > 1
    return [
        Step("Leaky ReLU, nu = 1 - delta <= 1, t > 0: max(nu t, t) = t", sp.Max((1 - d) * tp, tp, evaluate=False), tp),
        Step("Leaky ReLU, nu = 1 - delta <= 1, t < 0: max(nu t, t) = nu t", sp.Max((1 - d) * tn, tn, evaluate=False), (1 - d) * tn),
        Step("Leaky ReLU with nu = 1 + epsilon > 1 breaks midpoint convexity: sigma(0) - (sigma(-1) + sigma(1))/2 = epsilon/2 > 0",
             sp.Integer(0) - (-(1 + e) + 1) / 2, e / 2),
    ]


def check(xp, inst):
    z = inst["z"]
    D = z.shape[1]
    kind = inst["kind"]
    sigma = sigma_of(inst)
    if kind == "leaky_relu" and inst["nu"] > 1:
        t = xp.asarray([[-1.0, 0.0, 1.0]], dtype=z.dtype)
        v = sigma(t)
        chord = (v[0, 0] + v[0, 2]) / 2
        return less(xp, chord, v[0, 1], relation="(sigma(-1) + sigma(1))/2 < sigma(0): leaky ReLU with nu > 1 is not convex, so not a MASO", scale=1.0)
    if kind == "convex_pwl":
        S = sigma.maso(D, xp=xp, dtype=z.dtype)
        relation = "S[A, B](z) == sigma(z) with A_{k,r} = a_r e_k, B_{k,r} = b_r"
    else:
        S = activation_maso(kind, D, nu=inst.get("nu"), xp=xp, dtype=z.dtype)
        relation = f"S[A_sigma, 0](z) == {kind}(z) with the printed slopes"
    return close(xp, S(z), sigma(z), relation=relation, scale=scale_of(xp, inst))


CLAIM = register(
    Claim(
        id="icml18.prop2-corrected",
        title="A convex piecewise-affine activation is a MASO with one region per affine piece",
        where="icml18, Sec. 4.1, Prop. 2 (corrected)",
        statement=r"\sigma(t) = \max_{r=1}^{R} a_r t + b_r \implies f_\sigma = S[A,B],\ [A]_{k,r,\cdot} = a_r e_k,\ [B]_{k,r} = b_r;\ \text{leaky ReLU}_\nu \text{ is } S[(\nu e_k, e_k), 0] \text{ iff } 0 < \nu \le 1 \text{ and is not a MASO for } \nu > 1",
        assumptions=(r"\sigma \text{ applied elementwise}",),
        check=check,
        cases=activation_instances(),
        arrays=("z",),
        derive=derive,
        corrects="icml18.prop2",
        method="Convex piecewise-affine sigma: the R-region MASO (PiecewiseAffineActivation.maso) against sigma; "
        "ReLU, absolute value and leaky ReLU with nu <= 1: the printed MASO against the activation; leaky ReLU "
        "with nu > 1: midpoint convexity must fail by a margin larger than round-off.",
    )
)
