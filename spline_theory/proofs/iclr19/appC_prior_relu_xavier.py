"""iclr19 App. C as printed: at Xavier initialization a ReLU's region prior is about (0.62, 0.38) and "slightly favors the inactive state".

App. C, "Region Prior": with zero biases the Thm. 2 prior is
:math:`[\\pi]_{k,r} \\propto e^{\\frac12\\|[A]_{k,r,\\cdot}\\|^2}`. For a ReLU,
:math:`\\|[A]_{k,2,\\cdot}\\|^2 = 0` and :math:`E\\|[A]_{k,1,\\cdot}\\|^2 = D v^2 = 1`
under Xavier initialization, "and we thus have as prior probability
:math:`[\\pi]_{k,\\cdot} \\approx (0.62, 0.38)^\\top`. The latter slightly
favors the inactive state of the ReLU and thus sparser activations."

App. C itself fixes the order: region 2 is the one with
:math:`\\|[A]_{k,2,\\cdot}\\|^2 = 0` (inactive), region 1 has slope :math:`w`
(active), as in Prop. 1's ReLU example and App. E.6 (App. E.5 happens to use
the opposite order). The verdict does not depend on the order: the
zero-slope region always gets :math:`1 - \\sigma(\\tfrac12\\|w\\|^2) \\le \\tfrac12`.
The plug-in value is right:
:math:`(\\sigma(\\tfrac12), 1 - \\sigma(\\tfrac12)) = (0.6225, 0.3775)`. But
0.62 is the probability of the **active** region: the prior favors the active
state, never the inactive one (:math:`\\pi_1 = \\sigma(\\tfrac12\\|w\\|^2) \\ge \\tfrac12`
for every w). The exact expectation under :math:`w \\sim \\mathcal N(0, v^2 I_D)`,
:math:`D v^2 = 1`, is below the plug-in (Jensen) and depends on D: 0.6049 for
D = 1, 0.6137 for D = 2, 0.6168 for D = 3, 0.6222 for D = 50; so even the
figure rounds to (0.60, 0.40) and (0.61, 0.39) for D = 1, 2.

Verdict: **fails** (the favored state; the figure for D <= 2). Counterexample:
D = 1, v = 1: :math:`E[\\pi] = (0.6049, 0.3951)`, active first. The corrected
statement is ``iclr19.appC.prior-corrected``.

Reading: as printed: the numbers (0.62, 0.38) and 'slightly favors the inactive
state', with Thm. 2's prior (sigma^2 = 1), zero biases, Xavier-scale weights
and iclr19's region order; no hypothesis added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, less, register
from spline_theory.initialization import expected_region_prior, plugin_region_prior
from spline_theory.testing.strategies import initialization_instances

PRINTED = (0.62, 0.38)


def derive():
    n2 = sp.Symbol("n", nonnegative=True)  # ||w||^2
    active = sp.exp(n2 / 2) / (sp.exp(n2 / 2) + sp.exp(0))
    plug = active.subs(n2, 1)
    return [
        Step("Thm. 2 prior of the active region (slope w) against the inactive one (slope 0), B = 0", active, 1 / (1 + sp.exp(-n2 / 2))),
        Step("plug-in E||w||^2 = D v^2 = 1: pi_active = sigma(1/2) (= 0.6225, the printed 0.62)", plug, 1 / (1 + sp.exp(-sp.Rational(1, 2)))),
        Step("pi_active - pi_inactive = tanh(||w||^2 / 4) >= 0: the inactive state is never favored", 2 * active - 1, sp.tanh(n2 / 4).rewrite(sp.exp)),
    ]


def check(xp, inst):
    D, v = inst["D"], inst["v"]
    plug = xp.asarray(plugin_region_prior("relu", D, v), dtype=xp.float64)
    exact, err = expected_region_prior("relu", D, v)
    exact = xp.asarray(exact, dtype=xp.float64)
    printed = xp.asarray(PRINTED, dtype=xp.float64)
    # atol 0.005: the paper prints two decimals
    return [
        less(xp, exact[0], exact[1], relation="the prior favors the inactive state: E[pi_active] < E[pi_inactive] (active region first)"),
        close(xp, plug, printed, relation="plug-in prior (E||w||^2 = 1) == (0.62, 0.38) to the printed 2 decimals", atol=0.005),
        close(xp, exact, printed, relation="E[pi] under w ~ N(0, v^2 I), D v^2 = 1, == (0.62, 0.38) to 2 decimals", atol=0.005 + err),
    ]


CLAIM = register(
    Claim(
        id="iclr19.appC.prior",
        title="ReLU region prior at Xavier initialization is about (0.62, 0.38) and favors the inactive state (as printed)",
        where="iclr19, App. C 'Region Prior'",
        statement=r"[B]_{k,r} = 0,\ [A]_{k,1,d} \sim \mathcal N(0, v^2),\ [A]_{k,2,\cdot} = 0,\ D v^2 = 1 \implies [\pi]_{k,\cdot} \approx (0.62, 0.38)^\top, \text{ which slightly favors the inactive state}",
        assumptions=(r"[\pi]_{k,r} \propto e^{[B]_{k,r} + \frac12\|[A]_{k,r,\cdot}\|^2} \text{ (Thm. 2, } \sigma^2 = 1)", r"\text{iclr19 region order: region 1 active (slope } w), \text{ region 2 inactive (slope 0)}"),
        check=check,
        cases=initialization_instances(),
        derive=derive,
        expected="fails",
        kind="error",
        counterexample={"D": 1, "v": 1.0, "v_small": 0.5},
        method="Plug-in prior (plugin_region_prior: vq.region_prior with ||w||^2 = D v^2) and the exact expectation "
        "(expected_region_prior: Gauss-Laguerre quadrature against the chi-square density, error estimate added to "
        "the tolerance) against the printed (0.62, 0.38); then which region gets the larger probability.",
        notes="The figure 0.62 is the active region's probability; the paper's sentence attributes it the wrong way. "
        "See iclr19.appC.prior-corrected.",
    )
)
