"""iclr19 Cor. 1: with orthogonal slopes the joint MAP of the factorial model is the per-unit MAP.

Sec. 5, proved in App. E.4: under the conditions of Thm. 4 the MAP over all
:math:`R^K` configurations, Eq. (12), is the vector of per-unit MAPs
:math:`[\\hat t]_k` of Eq. (4), so it costs O(K) instead of :math:`O(R^K)`.
Same hidden assumption as Thm. 4: a factorial prior (without it the two MAPs
can differ; tests/test_factorial.py). Inputs whose best two configurations
tie to round-off are left undecided.

Reading: as printed under Thm. 4's conditions, with the factorial prior that
'factorial model' means (units independent a priori: the paper does not print
the prior, and a correlated prior couples the units for any slopes); ties
between the best two configurations are undecided.
"""

from spline_theory.claims import Claim, default_rtol, equal, register, undecided
from spline_theory.factorial import factorial_log_joint, joint_map, per_unit_map
from spline_theory.testing.strategies import factorial_instances


def check(xp, inst):
    A, prior, x, s2 = inst["A"], inst["prior"], inst["x"], inst["sigma2"]
    lj, _ = factorial_log_joint(A, prior, x, s2)
    if lj.shape[1] > 1:
        top = xp.sort(lj, axis=1, descending=True)
        gap = top[:, 0] - top[:, 1]
        scale = xp.max(xp.abs(lj), axis=1)
        if bool(xp.any(gap <= default_rtol(lj.dtype) * scale)):
            return undecided("joint MAP == per-unit MAP", "two configurations tie to round-off")
    return equal(xp, joint_map(A, prior, x, s2), per_unit_map(A, prior, x, s2), relation="argmax_t p(t | x) == [argmax_r p(t_k = r | x)]_k (Eq. 12)")


CLAIM = register(
    Claim(
        id="iclr19.cor1",
        title="With orthogonal slopes the joint MAP of the factorial model is the per-unit MAP",
        where="iclr19, Sec. 5, Cor. 1, Eq. (12) (proof in App. E.4)",
        statement=r"\hat t_f = \arg\max_{t \in \{1..R\}^{D^{(\ell)}}} p(t \mid z^{(\ell-1)}) = \big[[\hat t]_1, \dots, [\hat t]_{D^{(\ell)}}\big]^\top",
        assumptions=(r"\text{conditions of Thm. 4 (Eq. 11)}", r"p(t) = \prod_k [\pi]_{k,t_k} \text{ (factorial prior)}", r"\text{no ties between the best two configurations}"),
        check=check,
        cases=factorial_instances(orthogonal=True),
        arrays=("A", "prior", "x"),
        method="Brute-force MAP over all configurations (joint_map) against the per-unit MAP (per_unit_map, argmax of "
        "vq.region_posterior), on slopes orthogonal across units; near-ties are undecided.",
    )
)
