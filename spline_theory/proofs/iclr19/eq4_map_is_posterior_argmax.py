"""iclr19 Eq. (4): hard inference is the arg-max of the region posterior, for any prior and noise variance.

Sec. 3.2 defines the hard inference of the SMASO model (3) as the MAP
:math:`[\\hat t]_k = \\arg\\max_t p(t \\mid z)`. Since
:math:`p(t \\mid z) = p(z \\mid t) p(t) / p(z)`, the arg-max of the posterior is the
arg-max of the log joint, which is what vq.map_regions computes; checked
against the arg-max of the posterior vq.region_posterior, whose rows must lie on
the simplex, for arbitrary priors and :math:`\\sigma^2` (Thm. 2 is the special
prior and :math:`\\sigma^2 = 1`: ``iclr19.thm2``).

Reading: as printed, for any positive prior and sigma^2 > 0; posteriors tied
within round-off are undecided.
"""

from spline_theory.claims import Claim, close, default_rtol, equal, register, undecided
from spline_theory.testing.strategies import factorial_instances
from spline_theory.vq import map_regions, region_posterior, smaso_log_joint


def check(xp, inst):
    A, prior, x, s2 = inst["A"], inst["prior"], inst["x"], inst["sigma2"]
    post = region_posterior(A, prior, x, s2)
    rows = xp.sum(post, axis=2)
    out = [close(xp, rows, xp.ones_like(rows), relation="sum_r p([t]_k = r | z) == 1", scale=1.0)]
    lj = smaso_log_joint(A, prior, x, s2)
    if A.shape[1] > 1:
        top2 = xp.sort(lj, axis=2)[..., -2:]
        ties = (top2[..., 1] - top2[..., 0]) <= default_rtol(lj.dtype) * (1.0 + xp.max(xp.abs(lj), axis=2))
    else:
        ties = xp.zeros(lj.shape[:2], dtype=xp.bool)
    if bool(xp.all(ties)):
        return out + [undecided("MAP == posterior arg-max", "every unit ties between two regions within round-off")]
    keep = ~ties
    out.append(equal(xp, map_regions(A, prior, x, s2)[keep], xp.argmax(post, axis=2)[keep],
                     relation="map_regions == argmax_r p([t]_k = r | z)"))
    return out


CLAIM = register(
    Claim(
        id="iclr19.eq4",
        title="Hard (MAP) inference of the SMASO region is the arg-max of the region posterior, for any prior and sigma^2",
        where="iclr19, Sec. 3.2, Eq. (4)",
        statement=r"[\hat t]_k = \arg\max_{t=1,\dots,R} p(t \mid z) = \arg\max_t p(z \mid t)\,p(t),\qquad \sum_r p([t]_k = r \mid z) = 1",
        assumptions=(r"\sigma^2 > 0", r"[\pi]_{k,\cdot} \text{ positive, summing to one}", r"\text{ties within round-off are undecided}"),
        check=check,
        cases=factorial_instances(),
        arrays=("A", "prior", "x"),
        method="vq.map_regions (arg-max of the log joint) against the arg-max of vq.region_posterior, whose rows are "
        "checked to sum to one; units whose two best log-joint values tie within round-off are left out.",
    )
)
