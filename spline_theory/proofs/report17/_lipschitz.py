"""The check shared by the report17 Thm. 6 / Eq. (68)-(71) claims: a searched constant against a stated one."""

from spline_theory.claims import leq
from spline_theory.lipschitz import empirical_lipschitz


def searched_within(xp, net, x, K, bound):
    """Evidence that the squared Lipschitz constant found by the search from ``x`` is at most ``K`` (written ``bound``)."""
    lower = empirical_lipschitz(net, x, squared=True)
    return leq(xp, xp.asarray(lower, dtype=x.dtype), xp.asarray(K, dtype=x.dtype), relation=f"searched sup ||f(x1)-f(x2)||^2/||x1-x2||^2 <= {bound}")
