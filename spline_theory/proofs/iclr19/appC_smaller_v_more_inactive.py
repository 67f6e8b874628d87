"""iclr19 App. C: "the smaller v is, the more the region prior will favor inactive state of the ReLU".

Read as a monotonicity statement (at a fixed fan-in D, the expected prior
probability of the inactive region grows as the initialization standard
deviation v shrinks), it **holds**: :math:`E[\\pi_{\\text{inactive}}] = 1 - E[\\sigma(\\tfrac12 v^2 \\chi^2_D)]`
is decreasing in v. It never exceeds 1/2, though: as :math:`v \\to 0` the
prior tends to the uniform (1/2, 1/2), so "favor" in the sense of a
probability above 1/2 never happens (see ``iclr19.appC.prior``).

Reading: 'the more the region prior will favor inactive state' read as a
monotonicity statement at a fixed fan-in (more probability on the inactive
region as v shrinks; it stays below 1/2), named in the assumptions.
"""

from spline_theory.claims import Claim, less, register
from spline_theory.initialization import expected_region_prior, plugin_region_prior
from spline_theory.testing.strategies import initialization_instances


def check(xp, inst):
    D, v, vs = inst["D"], inst["v"], inst["v_small"]
    big = xp.asarray(expected_region_prior("relu", D, v)[0][1], dtype=xp.float64)
    small = xp.asarray(expected_region_prior("relu", D, vs)[0][1], dtype=xp.float64)
    big_p = xp.asarray(plugin_region_prior("relu", D, v)[1], dtype=xp.float64)
    small_p = xp.asarray(plugin_region_prior("relu", D, vs)[1], dtype=xp.float64)
    return [
        less(xp, big, small, relation="E[pi_inactive](v) < E[pi_inactive](v_small) for v_small < v"),
        less(xp, big_p, small_p, relation="plug-in pi_inactive(v) < pi_inactive(v_small) for v_small < v"),
    ]


CLAIM = register(
    Claim(
        id="iclr19.appC.smaller_v",
        title="The smaller the initialization scale v, the more prior mass on the ReLU's inactive region",
        where="iclr19, App. C 'Region Prior', last sentence",
        statement=r"0 < v' < v \implies E_{w \sim \mathcal N(0, v'^2 I)}[\pi_{\text{inactive}}] > E_{w \sim \mathcal N(0, v^2 I)}[\pi_{\text{inactive}}]",
        assumptions=(r"B = 0,\ \text{fixed fan-in } D", r"\text{'favor more' read as 'more probability'; it stays below } \tfrac12"),
        check=check,
        cases=initialization_instances(),
        method="expected_region_prior and plugin_region_prior at v and at a smaller v_small; the inactive probability must grow.",
    )
)
