"""iclr19 Sec. 3.3: "T_S -> T_H as the noise variance in (3) -> 0" (false as printed).

With the prior of Thm. 2 held fixed, the posterior of model (3) at noise
variance :math:`\\sigma^2` is
:math:`\\propto [\\pi]_{k,r}\\exp(-\\|z - [A]_{k,r,\\cdot}\\|^2/2\\sigma^2)`; as
:math:`\\sigma^2 \\to 0` the likelihood dominates the fixed prior and the
posterior tends to the nearest-centroid (K-means) assignment, not to
:math:`T_H`. The two differ unless :math:`B = -\\frac12\\|A\\|^2` (Prop. 1).
Counterexample: the ReLU unit A = (1, 0), B = (0, 0), z = 1/4: :math:`T_H`
selects the active region, the limit the inactive one.

Reading: as printed: the posterior of model (3) with Thm. 2's prior held fixed
as sigma^2 -> 0; ties undecided; no other hypothesis.
"""

import sympy as sp

from spline_theory import MASO
from spline_theory.claims import Claim, Step, close, register, undecided
from spline_theory.proofs.iclr19._vq_common import tie_mask
from spline_theory.testing.strategies import maso_instances
from spline_theory.vq import hard_vq_matrix, kmeans_bias, region_margin, region_posterior_limit, region_prior


def derive():
    s = sp.Symbol("sigma2", positive=True)
    z = sp.Rational(1, 4)
    pi1 = sp.exp(sp.Rational(1, 2)) / (1 + sp.exp(sp.Rational(1, 2)))  # prior of the active region, Thm. 2
    post_active = pi1 * sp.exp(-((z - 1) ** 2) / (2 * s)) / (pi1 * sp.exp(-((z - 1) ** 2) / (2 * s)) + (1 - pi1) * sp.exp(-(z**2) / (2 * s)))
    return [
        Step("A = (1, 0), B = 0, z = 1/4: the limit of p(active | z) as sigma^2 -> 0+ is 0", sp.Limit(post_active, s, 0, "+"), 0),
        Step("while T_H selects the active region (1 z + 0 = 1/4 > 0 z + 0): [T_H]_active = 1 differs from the limit", sp.Integer(1), sp.Integer(0), "!="),
    ]


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    S = MASO(A, B)
    limit = region_posterior_limit(A, region_prior(A, B), x)
    T_H = hard_vq_matrix(A, B, x)
    u = S.pre_activations(x)
    ties = tie_mask(xp, region_margin(A, B, x), u) | tie_mask(xp, region_margin(A, kmeans_bias(A), x), u)
    if bool(xp.all(ties)):
        return undecided("lim T_S == T_H", "every unit ties in the MASO or in the distances")
    keep = ~ties
    return close(xp, limit[keep], T_H[keep], relation="lim_{sigma^2 -> 0} p([t]_k = r | z) (prior of Thm. 2 fixed) == [T_H]_{k,r}", scale=1.0)


CLAIM = register(
    Claim(
        id="iclr19.eq6.noise_limit",
        title="The soft VQ tends to the hard VQ as the noise variance of the SMASO model goes to 0 (as printed)",
        where="iclr19, Sec. 3.3, the sentence after Eq. (6)",
        statement=r"T_S^{(\ell)} \to T_H^{(\ell)} \text{ as } \sigma^2 \to 0",
        assumptions=(r"T_S = p(t \mid z) \text{ of model (3) at variance } \sigma^2", r"[\pi]_{k,\cdot} \text{ of Thm. 2, independent of } \sigma^2", r"\text{no ties (undecided)}"),
        check=check,
        cases=maso_instances(max_K=2, max_R=3, max_D=3, max_N=4),
        arrays=("A", "B", "x"),
        derive=derive,
        expected="fails",
        kind="missing-hypothesis",
        counterexample={"A": [[[1.0], [0.0]]], "B": [[0.0, 0.0]], "x": [[0.25]]},
        method="The sigma^2 -> 0 limit of vq.region_posterior with the prior vq.region_prior held fixed "
        "(vq.region_posterior_limit: nearest centroids weighted by the prior) against vq.hard_vq_matrix; ties undecided.",
        notes="The limit is the K-means assignment of Prop. 1. T_S -> T_H holds when the prior is tempered with the "
        "variance (pi proportional to exp((B + |A|^2/2)/sigma^2)); see iclr19.eq6.noise_limit-corrected.",
    )
)
