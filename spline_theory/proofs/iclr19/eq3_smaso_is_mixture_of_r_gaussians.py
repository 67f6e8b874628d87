"""iclr19 Eq. (3): the SMASO model of one unit is a mixture of R isotropic Gaussians with means A[k, r].

Sec. 3.1 defines, for unit k, :math:`z = \\sum_r \\mathbb 1([t]_k = r)[A]_{k,r,\\cdot} + \\epsilon`
with :math:`[t]_k \\sim \\mathrm{Cat}([\\pi]_{k,\\cdot})` and
:math:`\\epsilon \\sim \\mathcal N(0, \\sigma^2 I)`, "a mixture of R Gaussians with
mean :math:`[A]_{k,r,\\cdot}` and identical isotropic covariance". Checked as:
the SMASO log-density of unit k (vq.smaso_log_likelihood, a log-sum-exp of the
log joint) equals the log-density of the isotropic mixture with means
:math:`[A]_{k,\\cdot,\\cdot}` and weights :math:`[\\pi]_{k,\\cdot}`
(factorial.gmm_log_density) and the factorial model (10) restricted to that one
unit (factorial.factorial_log_marginal, by enumeration): three code paths.

Reading: as printed, for any positive prior and sigma^2 > 0.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.factorial import factorial_log_marginal, gmm_log_density
from spline_theory.testing.strategies import factorial_instances
from spline_theory.vq import smaso_log_joint, smaso_log_likelihood


def derive():
    z, a, s2 = sp.Symbol("z", real=True), sp.Symbol("a", real=True), sp.Symbol("sigma2", positive=True)
    p, l1, l2, m = sp.Symbol("p", positive=True), sp.Symbol("l_1", real=True), sp.Symbol("l_2", real=True), sp.Symbol("m", real=True)
    return [
        Step("D = 1: the component density exp(log N(z; a, sigma^2)) is the Gaussian of mean a and variance sigma^2",
             sp.exp(-((z - a) ** 2) / (2 * s2) - sp.log(2 * sp.pi * s2) / 2, evaluate=False), sp.exp(-((z - a) ** 2) / (2 * s2)) / sp.sqrt(2 * sp.pi * s2)),
        Step("R = 2: p(z) = sum_t P(t) p(z | t) = p e^(l_1) + (1 - p) e^(l_2) is evaluated exactly with any shift m (log-sum-exp)",
             sp.exp(m) * (p * sp.exp(l1 - m) + (1 - p) * sp.exp(l2 - m)), p * sp.exp(l1) + (1 - p) * sp.exp(l2)),
    ]


def check(xp, inst):
    A, prior, x, s2 = inst["A"], inst["prior"], inst["x"], inst["sigma2"]
    ll = smaso_log_likelihood(A, prior, x, s2)
    scale = xp.max(xp.abs(smaso_log_joint(A, prior, x, s2)), axis=2)
    out = []
    for k in range(A.shape[0]):
        out.append(close(xp, ll[:, k], gmm_log_density(A[k, ...], prior[k, ...], x, s2), scale=scale[:, k],
                         relation=f"log p(z) of unit {k} == log sum_r pi_(k,r) N(z; A[k, r], sigma^2 I)"))
        out.append(close(xp, ll[:, k], factorial_log_marginal(A[k : k + 1, ...], prior[k : k + 1, ...], x, s2), scale=scale[:, k],
                         relation=f"log p(z) of unit {k} == model (10) with the single unit {k}"))
    return out


CLAIM = register(
    Claim(
        id="iclr19.eq3",
        title="The SMASO model (3) of one unit is a mixture of R isotropic Gaussians with means A[k, r]",
        where="iclr19, Sec. 3.1, Eq. (3) and the sentence before it",
        statement=r"z = \sum_{r=1}^{R} \mathbb 1([t]_k = r)[A]_{k,r,\cdot} + \epsilon,\ [t]_k \sim \mathrm{Cat}([\pi]_{k,\cdot}),\ \epsilon \sim \mathcal N(0, \sigma^2 I) \implies p(z) = \sum_{r} [\pi]_{k,r}\,\mathcal N(z; [A]_{k,r,\cdot}, \sigma^2 I)",
        assumptions=(r"\sigma^2 > 0", r"[\pi]_{k,\cdot} \text{ positive, summing to one}"),
        check=check,
        cases=factorial_instances(),
        arrays=("A", "prior", "x"),
        derive=derive,
        method="Per unit k: vq.smaso_log_likelihood against factorial.gmm_log_density (means A[k], weights pi[k]) and "
        "against factorial.factorial_log_marginal of the one-unit factorial model; tolerance relative to the size of "
        "the log-joint terms.",
    )
)
