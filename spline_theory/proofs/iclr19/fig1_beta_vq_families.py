"""iclr19 Fig. 1: the beta-VQ families of ReLU, absolute value and a convex activation.

Fig. 1 plots, for the MASO parameters of ReLU, absolute value and an
arbitrary convex piecewise-affine activation, the beta-VQ output for
:math:`\\beta = 1` (HVQ, the activation itself), :math:`\\beta = \\frac12`
(SVQ) and :math:`\\beta \\in [0.1, 0.9]`, and notes that "some of the
beta-VQ are nonconvex". Checked: the beta = 1 curve is the activation; the
beta-VQ of the activation's MASO is the scalar formula; the curves are ordered
by beta between the mean of the pieces (beta = 0) and the activation (our
reading of the figure: the output's derivative in eta is the variance of the
pieces under the softmax, >= 0); and for ReLU and absolute value every
:math:`\\beta\\in(0,1)` curve is nonconvex (midpoint test at
:math:`2/\\eta, 3/\\eta, 4/\\eta`).

Reading: the figure's curves (ReLU, absolute value, a convex piecewise-affine
activation at beta = 1, 1/2 and in between); the ordering in beta is our
reading of the figure, named in the assumptions.
"""

import sympy as sp

from spline_theory.activations import beta_vq_pwl
from spline_theory.claims import Claim, Step, close, leq, less, register
from spline_theory.operators import PiecewiseAffineActivation, activation
from spline_theory.testing.strategies import beta_activation_instances
from spline_theory.vq import eta_from_beta


def derive():
    t = sp.Symbol("t", real=True)
    f = t / (1 + sp.exp(-t))  # the eta = 1 ReLU curve (SiLU)
    g = t * sp.tanh(t)  # the eta = 1 absolute-value curve
    return [
        Step("ReLU beta-VQ at eta = 1: sign(f(3) - (f(2) + f(4))/2) = +1 (not midpoint convex)", sp.sign(sp.Subs(f, t, 3) - (sp.Subs(f, t, 2) + sp.Subs(f, t, 4)) / 2), 1),
        Step("absolute value at eta = 1: sign(g(3) - (g(2) + g(4))/2) = +1", sp.sign(sp.Subs(g, t, 3) - (sp.Subs(g, t, 2) + sp.Subs(g, t, 4)) / 2), 1),
    ]


def check(xp, inst):
    z, kind, a, c = inst["z"], inst["kind"], inst["slopes"], inst["offsets"]
    lo, hi = inst["beta_lo"], inst["beta_hi"]
    sigma = activation(kind, nu=inst.get("nu"), slopes=a, offsets=c)
    f_act = sigma(z)
    f_lo, f_hi = beta_vq_pwl(z, a, c, lo), beta_vq_pwl(z, a, c, hi)
    scale = 1.0 + (max(abs(v) for v in a) * xp.abs(z) + max(abs(v) for v in c))
    S = PiecewiseAffineActivation(a, c).maso(z.shape[1], xp=xp, dtype=z.dtype)
    out = [
        close(xp, beta_vq_pwl(z, a, c, 1.0), f_act, relation="beta = 1 (HVQ) curve == the activation", scale=scale),
        close(xp, S.beta_vq(z, lo), f_lo, relation="beta-VQ of the activation's MASO == sum_r softmax(eta(a t + b))_r (a_r t + b_r)", scale=scale),
        leq(xp, beta_vq_pwl(z, a, c, 0.0), f_lo, relation="mean of the pieces (beta = 0) <= curve at beta_lo", scale=scale),
        leq(xp, f_lo, f_hi, relation="curve at beta_lo <= curve at beta_hi", scale=scale),
        leq(xp, f_hi, f_act, relation="curve at beta_hi <= the activation (beta = 1)", scale=scale),
    ]
    if kind in ("relu", "absolute_value"):
        eta = eta_from_beta(lo)
        pts = xp.asarray([2.0 / eta, 3.0 / eta, 4.0 / eta], dtype=z.dtype)
        f = beta_vq_pwl(pts, a, c, lo)
        out.append(less(xp, (f[0] + f[2]) / 2, f[1], relation=f"{kind}: (f(2/eta) + f(4/eta))/2 < f(3/eta): the beta-VQ curve is nonconvex", scale=f[1]))
    return out


CLAIM = register(
    Claim(
        id="iclr19.fig1",
        title="Fig. 1: beta-VQ families of ReLU, absolute value and a convex activation, ordered by beta, some nonconvex",
        where="iclr19, Sec. 4, Fig. 1 and its caption",
        statement=r"\sigma_\beta(t) = \sum_r \operatorname{softmax}_r\big(\tfrac{\beta}{1-\beta}(a_r t + b_r)\big)(a_r t + b_r):\ \sigma_1 = \sigma,\ \sigma_{\beta} \text{ between } \sigma_0 \text{ and } \sigma_1,\ \text{some } \sigma_\beta \text{ nonconvex}",
        assumptions=(r"\text{activation } \sigma(t) = \max_r a_r t + b_r \text{ (convex, piecewise affine)}", r"\text{ordering in } \beta \text{ is our reading of the figure}"),
        check=check,
        cases=beta_activation_instances(),
        arrays=("z",),
        derive=derive,
        method="activations.beta_vq_pwl at beta = 1, 0, beta_lo < beta_hi against operators.activation and the MASO of "
        "operators.PiecewiseAffineActivation (MASO.beta_vq); midpoint test at 2/eta, 3/eta, 4/eta for ReLU and |t|.",
    )
)
