"""iclr19 Eq. (10), corrected: the factorial model is a mixture of R^K Gaussians at the sums of slopes.

With a factorial prior :math:`p(t) = \\prod_k [\\pi]_{k,t_k}`, model (10) is
the isotropic Gaussian mixture with one component per configuration
:math:`t \\in \\{1..R\\}^K`: mean :math:`\\sum_k [A]_{k,t_k,\\cdot}`, weight
:math:`\\prod_k [\\pi]_{k,t_k}`, covariance :math:`\\sigma^2 I`. Hence the
:math:`R^K` growth that Sec. 5 points out right after.

Reading: the correction of the sentence after Eq. (10): a mixture of R^K
Gaussians at the sums of slopes, with the factorial prior and sigma^2 > 0.
"""

from spline_theory.claims import Claim, close, equal, register
from spline_theory.factorial import factorial_log_marginal, factorial_mixture, gmm_log_density
from spline_theory.testing.strategies import factorial_instances


def check(xp, inst):
    A, prior, x, s2 = inst["A"], inst["prior"], inst["x"], inst["sigma2"]
    K, R, _ = A.shape
    means, weights = factorial_mixture(A, prior)
    lm = factorial_log_marginal(A, prior, x, s2)
    return [
        equal(xp, xp.asarray(means.shape[0]), xp.asarray(R**K), relation="number of mixture components == R^K"),
        close(xp, gmm_log_density(means, weights, x, s2), lm, relation="log p(x) of model (10) == log of the R^K-component mixture", scale=xp.abs(lm) + 1.0),
    ]


CLAIM = register(
    Claim(
        id="iclr19.eq10-corrected",
        title="The factorial model (10) is a mixture of R^K Gaussians with means sum_k A[k, t_k]",
        where="iclr19, Sec. 5, Eq. (10) (corrected reading of the sentence after it)",
        statement=r"p(z) = \sum_{t \in \{1..R\}^K} \Big(\prod_k [\pi]_{k,t_k}\Big)\, \mathcal N\Big(z;\ \sum_k [A]_{k,t_k,\cdot},\ \sigma^2 I\Big)",
        assumptions=(r"\epsilon \sim \mathcal N(0, \sigma^2 I),\ \sigma^2 > 0", r"p(t) = \prod_k [\pi]_{k,t_k} \text{ (factorial prior)}"),
        check=check,
        cases=factorial_instances(),
        arrays=("A", "prior", "x"),
        corrects="iclr19.eq10",
        method="Builds the mixture unit by unit (factorial_mixture: partial sums of slopes convolved with each unit's "
        "prior) and evaluates it (gmm_log_density); compares with the log-marginal obtained by enumerating the "
        "configurations of model (10) (factorial_log_marginal).",
    )
)
