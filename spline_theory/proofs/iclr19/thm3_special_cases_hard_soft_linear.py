"""iclr19 Sec. 4, after Thm. 3: beta = 1 gives hard VQ, beta = 1/2 soft VQ, beta = 0 the linear MASO with T = 1/R.

The endpoints are limits of Eq. (9): :math:`\\eta = \\beta/(1-\\beta) \\to \\infty`
as :math:`\\beta\\to1` (the softmax tends to the one-hot arg-max, within
:math:`(R-1)e^{-\\eta\\,\\mathrm{gap}}`), :math:`\\eta = 1` at
:math:`\\beta = \\frac12` (Eq. (6)), and :math:`\\eta = 0` at :math:`\\beta = 0`
(uniform rows, the maximizer of the entropy alone; the output is the mean of
the pieces, an affine map of z). At :math:`\\beta = 1` the objective (8) is
:math:`\\mathcal P(t)`, maximized at the vertex :math:`T_H` with value the
MASO output.

Reading: beta = 1 and beta = 0 read as limits of Eq. (9) (eta -> oo, eta = 0),
where the closed form is undefined or degenerate; named in the assumptions.
"""

import math

import sympy as sp

from spline_theory import MASO
from spline_theory.claims import Claim, Step, close, leq, register
from spline_theory.testing.strategies import maso_instances
from spline_theory.vq import beta_vq_matrix, eta_from_beta, hard_vq_matrix, region_margin, soft_vq_matrix, vq_entropy, vq_objective

_NEAR_ONE = (0.9, 0.99, 0.999)


def derive():
    b, eta, d = sp.symbols("beta eta d", positive=True)
    t0 = sp.Symbol("u", real=True)
    return [
        Step("eta = beta/(1 - beta) -> oo as beta -> 1-: 1/eta = (1 - beta)/beta -> 0", sp.Limit((1 - b) / b, b, 1, "-"), 0),
        Step("two pieces with gap d > 0: softmax weight of the best piece -> 1 as eta -> oo", sp.Limit(1 / (1 + sp.exp(-eta * d)), eta, sp.oo), 1),
        Step("beta = 1/2 gives eta = 1 (Eq. (6))", sp.Subs(b / (1 - b), b, sp.Rational(1, 2)), 1),
        Step("beta = 0 gives eta = 0 and softmax(0 u) = 1/R (R = 3)", sp.Subs(sp.exp(t0) / (3 * sp.exp(t0)), t0, 0), sp.Rational(1, 3)),
    ]


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    S = MASO(A, B)
    R = S.R
    T_H = hard_vq_matrix(A, B, x)
    T_0 = beta_vq_matrix(A, B, x, 0.0)
    gap = region_margin(A, B, x)
    u = S.pre_activations(x)
    out = [
        close(xp, beta_vq_matrix(A, B, x, 1.0), T_H, relation="T_beta at beta = 1 == T_H", scale=1.0),
        close(xp, beta_vq_matrix(A, B, x, 0.5), soft_vq_matrix(A, B, x), relation="T_beta at beta = 1/2 == T_S (Eq. (6))", scale=1.0),
        close(xp, T_0, xp.full(T_0.shape, 1.0 / R, dtype=T_0.dtype), relation="T_beta at beta = 0 == 1/R", scale=1.0),
        close(xp, vq_entropy(T_0), xp.full(gap.shape, math.log(R), dtype=T_0.dtype), relation="the uniform row has the maximal entropy log R", scale=1.0),
        close(xp, vq_objective(A, B, x, T_H, 1.0), S(x), relation="P(T_H) (objective (8) at beta = 1) == the MASO output max_r u_r", scale=1.0 + xp.max(xp.abs(u), axis=2)),
    ]
    for b in _NEAR_ONE:
        err = xp.max(xp.abs(beta_vq_matrix(A, B, x, b) - T_H), axis=2)
        out.append(leq(xp, err, (R - 1) * xp.exp(-eta_from_beta(b) * gap), relation=f"|T_beta - T_H| <= (R-1) exp(-eta gap) at beta = {b}", scale=1.0))
    return out


CLAIM = register(
    Claim(
        id="iclr19.thm3.special_cases",
        title="beta-VQ covers hard (beta -> 1), soft (beta = 1/2) and linear (beta = 0, T = 1/R) VQ",
        where="iclr19, Sec. 4, the paragraph after Thm. 3",
        statement=r"\beta = 1: \hat T_\beta = T_H;\quad \beta = \tfrac12: \hat T_\beta = T_S;\quad \beta = 0: [\hat T_0]_{k,r} = \tfrac1{R}",
        assumptions=(r"\beta = 1 \text{ and } 0 \text{ read as limits of Eq. (9) (}\eta\to\infty, \eta = 0\text{)}",),
        check=check,
        cases=maso_instances(),
        arrays=("A", "B", "x"),
        derive=derive,
        method="vq.beta_vq_matrix at beta = 1, 1/2, 0 against vq.hard_vq_matrix, vq.soft_vq_matrix and 1/R; the "
        "distance to T_H for beta = 0.9, 0.99, 0.999 against (R-1) exp(-eta gap) (vq.region_margin); "
        "vq.vq_entropy of the uniform row and vq.vq_objective at beta = 1 against the MASO output.",
    )
)
