"""iclr19 Sec. 3.3, corrected: T_S -> T_H as sigma^2 -> 0 when the prior is tempered with the variance.

With :math:`[\\pi]_{k,r} \\propto \\exp(([B]_{k,r} + \\frac12\\|[A]_{k,r,\\cdot}\\|^2)/\\sigma^2)`
(Thm. 2's prior at :math:`\\sigma^2 = 1`), the posterior of model (3) is
:math:`\\operatorname{softmax}(u/\\sigma^2)`, the beta-VQ matrix with
:math:`\\eta = 1/\\sigma^2`, and it converges to :math:`T_H` at the rate
:math:`|T - T_H| \\le (R-1)\\,e^{-\\mathrm{gap}/\\sigma^2}`, gap the margin
between the two best pieces.

Reading: the correction: T_S tends to T_H as sigma^2 -> 0 when the prior is
tempered with the variance (Thm. 2's exponent divided by sigma^2); the
convergence needs a gap between the best two pieces, the bound holds for any
gap.
"""


import sympy as sp

from spline_theory.claims import Claim, Step, close, leq, register
from spline_theory.testing.strategies import smaso_instances
from spline_theory.vq import beta_from_eta, beta_vq_matrix, hard_vq_matrix, region_margin, region_posterior, region_prior

_SIGMA2 = (1.0, 1 / 4, 1 / 16, 1 / 64)


def derive():
    s, d = sp.symbols("sigma2 d", positive=True)
    # two regions, u_1 = u_2 + d: the posterior of the losing region is exp(-d/s)/(1 + exp(-d/s))
    loser = sp.exp(-d / s) / (1 + sp.exp(-d / s))
    return [
        Step("log-joint (u_r - |z|^2/2)/sigma^2 + const: the posterior is softmax(u / sigma^2)", sp.exp(d / s) / (sp.exp(d / s) + 1), 1 / (1 + sp.exp(-d / s))),
        Step("the losing region's posterior tends to 0 as sigma^2 -> 0+", sp.Limit(loser, s, 0, "+"), 0),
    ]


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    s2 = inst["sigma2"]
    out = [
        close(
            xp,
            region_posterior(A, region_prior(A, B, sigma2=s2), x, s2),
            beta_vq_matrix(A, B, x, beta_from_eta(1.0 / s2)),
            relation="posterior at sigma^2 with the tempered prior == softmax(u / sigma^2)",
            scale=1.0,
        )
    ]
    T_H = hard_vq_matrix(A, B, x)
    gap = region_margin(A, B, x)
    R = A.shape[1]
    for s in _SIGMA2:
        T = beta_vq_matrix(A, B, x, beta_from_eta(1.0 / s))
        err = xp.max(xp.abs(T - T_H), axis=2)
        out.append(leq(xp, err, (R - 1) * xp.exp(-gap / s), relation=f"max_r |T_S - T_H| <= (R-1) exp(-gap / sigma^2) at sigma^2 = {s}", scale=1.0))
    return out


CLAIM = register(
    Claim(
        id="iclr19.eq6.noise_limit-corrected",
        title="With the prior tempered by sigma^2, the SMASO posterior is softmax(u/sigma^2) and tends to T_H as sigma^2 -> 0",
        where="iclr19, Sec. 3.3, the sentence after Eq. (6) (corrected)",
        statement=r"[\pi]_{k,r} \propto e^{([B]_{k,r} + \frac12\|[A]_{k,r,\cdot}\|^2)/\sigma^2}:\ p(t\mid z) = \operatorname{softmax}(u/\sigma^2),\ \max_r|[T_S]_{k,r} - [T_H]_{k,r}| \le (R-1)e^{-\mathrm{gap}_k/\sigma^2} \to 0",
        assumptions=(r"\text{prior tempered with the variance}", r"\mathrm{gap}_k = u_{(1)} - u_{(2)} > 0 \text{ for convergence (the bound holds for any gap)}"),
        check=check,
        cases=smaso_instances(bound=1.0),
        arrays=("A", "B", "x"),
        derive=derive,
        corrects="iclr19.eq6.noise_limit",
        method="vq.region_posterior with vq.region_prior(sigma2=...) against vq.beta_vq_matrix at eta = 1/sigma^2; "
        "the distance of the beta-VQ matrix to vq.hard_vq_matrix against (R-1) exp(-gap/sigma^2) (gap from "
        "vq.region_margin) for sigma^2 = 1, 1/4, 1/16, 1/64.",
        notes="Entries bounded by 1 keep the tempered prior above float32's underflow at sigma^2 = 1/16.",
    )
)
