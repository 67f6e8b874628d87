"""iclr19 App. C, corrected: at initialization a ReLU's region prior favors the active state, below the plug-in.

With zero biases and :math:`w \\sim \\mathcal N(0, v^2 I_D)`, the ReLU prior
(active region first) is :math:`\\pi(w) = (\\sigma(\\tfrac12\\|w\\|^2), 1 - \\sigma(\\tfrac12\\|w\\|^2))`.
Its expectation is :math:`(p, 1 - p)` with
:math:`\\tfrac12 < p \\le \\sigma(\\tfrac12 D v^2)`: always tilted toward the
**active** state, and at most the plug-in value App. C computes
(:math:`\\sigma(\\frac12 x)` is concave on :math:`x \\ge 0`, so Jensen's
inequality bounds the expectation by the plug-in). Under Xavier
(:math:`D v^2 = 1`), :math:`p \\in (0.6048, 0.6225]`, increasing to
:math:`\\sigma(\\frac12) = 0.6225` as D grows.

The exact value comes from quadrature; it is also checked against a Monte
Carlo estimate with its Hoeffding bound (probability of a false alarm at most
1e-9 per instance).

Reading: the correction of App. C's sentence: with iclr19's region order
(region 1 active) and Thm. 2's prior at zero biases, the expected prior favors
the active state; the number is checked against the closed form.
"""

import zlib

from spline_theory.claims import Claim, leq, less, register
from spline_theory.initialization import expected_region_prior, monte_carlo_region_prior, plugin_region_prior
from spline_theory.testing.strategies import initialization_instances


def check(xp, inst):
    D, v = inst["D"], inst["v"]
    exact, err = expected_region_prior("relu", D, v)
    p = xp.asarray(exact[0], dtype=xp.float64)
    plug = xp.asarray(plugin_region_prior("relu", D, v)[0], dtype=xp.float64)
    mc, bound = monte_carlo_region_prior("relu", D, v, n=2000, seed=zlib.crc32(repr((D, v)).encode()), delta=1e-9, xp=xp)
    half = xp.asarray(0.5, dtype=xp.float64)
    return [
        less(xp, half, p, relation="E[pi_active] > 1/2: the prior favors the active state"),
        leq(xp, p, plug + err, relation="E[pi_active] <= plug-in sigma(D v^2 / 2) (Jensen)", scale=1.0),
        leq(xp, xp.abs(mc[0] - p), xp.asarray(bound + err, dtype=xp.float64), relation="|Monte Carlo - quadrature| <= Hoeffding bound (delta = 1e-9)", scale=1.0),
    ]


CLAIM = register(
    Claim(
        id="iclr19.appC.prior-corrected",
        title="At initialization the ReLU region prior favors the active state, with E[pi_active] in (1/2, sigma(Dv^2/2)]",
        where="iclr19, App. C 'Region Prior' (corrected)",
        statement=r"w \sim \mathcal N(0, v^2 I_D),\ B = 0:\ E[\pi(w)] = (p, 1-p),\ \tfrac12 < p \le \sigma(\tfrac12 D v^2);\ D v^2 = 1:\ p \in (0.6048, 0.6225]",
        assumptions=(r"\text{iclr19 region order: region 1 active}", r"\sigma^2 = 1 \text{ (Thm. 2)}"),
        check=check,
        cases=initialization_instances(),
        corrects="iclr19.appC.prior",
        method="expected_region_prior (quadrature) against 1/2 and against plugin_region_prior (Jensen); "
        "monte_carlo_region_prior (2000 draws through vq.region_prior) within its Hoeffding bound of the quadrature.",
    )
)
