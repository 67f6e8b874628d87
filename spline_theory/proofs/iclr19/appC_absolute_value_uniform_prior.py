"""iclr19 App. C: for absolute value the region prior at initialization is uniform, (0.5, 0.5), for any v.

The absolute value's slopes are :math:`w` and :math:`-w`, of equal norm, so
with zero biases :math:`E[\\pi] = (0.5, 0.5)` for every initialization
standard deviation, as printed. In fact the prior is uniform for every draw
of w, not only in expectation.

Reading: as printed; the prior of Thm. 2 (sigma^2 = 1) with zero biases, the
initialization App. C describes.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.initialization import expected_region_prior, monte_carlo_region_prior
from spline_theory.testing.strategies import initialization_instances


def check(xp, inst):
    D, v = inst["D"], inst["v_small"]
    exact, err = expected_region_prior("absolute_value", D, v)
    draws, _ = monte_carlo_region_prior("absolute_value", D, v, n=16, seed=D, xp=xp)
    half = xp.asarray([0.5, 0.5], dtype=xp.float64)
    return [
        close(xp, xp.asarray(exact, dtype=xp.float64), half, relation="E[pi] == (0.5, 0.5) (quadrature)", atol=err),  # atol: the quadrature's error estimate
        close(xp, draws, half, relation="pi(w) == (0.5, 0.5) averaged over 16 draws (uniform for every draw)"),
    ]


CLAIM = register(
    Claim(
        id="iclr19.appC.abs",
        title="For absolute value the region prior at initialization is uniform for any v",
        where="iclr19, App. C 'Region Prior', absolute-value case",
        statement=r"[A]_{k,1,\cdot} = w,\ [A]_{k,2,\cdot} = -w,\ B = 0,\ w \sim \mathcal N(0, v^2 I) \implies E([\pi]_{k,\cdot}) = (0.5, 0.5)^\top\ \forall v",
        assumptions=(r"\sigma^2 = 1 \text{ (Thm. 2)}",),
        check=check,
        cases=initialization_instances(),
        method="expected_region_prior('absolute_value') (quadrature) and the average of vq.region_prior over draws "
        "(monte_carlo_region_prior) against (0.5, 0.5).",
    )
)
