"""iclr19 Eq. (10) as printed: the factorial model of a layer "is a mixture of R Gaussians with means [A]_{k,r}".

Sec. 5 extends the single-unit SMASO (3) to the factorial model (10), where
all K units add their selected slopes, :math:`x = \\sum_k [A]_{k,t_k,\\cdot} + \\epsilon`,
and says: "This new model is a mixture of :math:`R^{(\\ell)}` Gaussians with
means :math:`[A^{(\\ell)}]_{k,r,\\cdot}` and identical isotropic covariances".

Verdict: **fails**. Model (10) is a mixture of :math:`R^K` Gaussians whose
means are the sums :math:`\\sum_k [A]_{k,t_k,\\cdot}` over configurations, not
R Gaussians with means :math:`[A]_{k,r,\\cdot}` (that is model (3), one unit).
Counterexample: K = 2, R = 2, D = 1, slopes (1, 0) and (2, 0), uniform prior,
sigma^2 = 1: model (10) has four components, at 0, 1, 2, 3; at x = 0 its
log-density is -1.7439, while the one-unit mixtures give -1.1380 (means 1, 0)
and -1.4852 (means 2, 0).
The corrected statement is ``iclr19.eq10-corrected``.

Reading: as printed, 'a mixture of R Gaussians with means [A]_k,r', for model
(10) with the factorial prior (units independent a priori) and sigma^2 > 0; no
other hypothesis.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.factorial import factorial_log_marginal, gmm_log_density
from spline_theory.testing.strategies import factorial_instances


def check(xp, inst):
    A, prior, x, s2 = inst["A"], inst["prior"], inst["x"], inst["sigma2"]
    lm = factorial_log_marginal(A, prior, x, s2)
    # The printed sentence names no unit: compare with the closest of the K one-unit mixtures.
    best = None
    for k in range(A.shape[0]):
        gk = gmm_log_density(A[k, ...], prior[k, ...], x, s2)
        gap = float(xp.max(xp.abs(gk - lm)))
        if best is None or gap < best[0]:
            best = (gap, k, gk)
    _, k, gk = best
    # scale 1: log-densities of order one; their round-off is relative to the exponents summed (|lm| covers it)
    return close(xp, gk, lm, relation=f"log p(x) of model (10) == log of the R-Gaussian mixture with means A[k, r] (closest unit k = {k})", scale=xp.abs(lm) + 1.0)


CLAIM = register(
    Claim(
        id="iclr19.eq10",
        title="The factorial model (10) is a mixture of R Gaussians with means [A]_{k,r} (as printed)",
        where="iclr19, Sec. 5, Eq. (10) and the sentence after it",
        statement=r"z^{(\ell-1)} = \sum_{k=1}^{D^{(\ell)}} \sum_{r=1}^{R^{(\ell)}} \mathbb 1([t]_k = r)[A]_{k,r,\cdot} + \epsilon \ \text{ is a mixture of } R^{(\ell)} \text{ Gaussians with means } [A]_{k,r,\cdot} \text{ and covariance } \sigma^2 I",
        assumptions=(r"\epsilon \sim \mathcal N(0, \sigma^2 I),\ \sigma^2 > 0", r"p(t) = \prod_k [\pi]_{k,t_k} \text{ (factorial prior)}"),
        check=check,
        cases=factorial_instances(),
        arrays=("A", "prior", "x"),
        expected="fails",
        kind="error",
        counterexample={"A": [[[1.0], [0.0]], [[2.0], [0.0]]], "prior": [[0.5, 0.5], [0.5, 0.5]], "x": [[0.0]], "sigma2": 1.0},
        method="Log-density of model (10) by enumerating the R^K configurations (factorial_log_marginal) against the "
        "log-density of the R-component mixture with means A[k, r] and weights pi[k, r] (gmm_log_density) for the "
        "closest unit k.",
        notes="True for K = 1 (it is then model (3)) or when all but one unit have zero slopes. See iclr19.eq10-corrected.",
    )
)
