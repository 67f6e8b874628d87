"""The check shared by the report17 Lipschitz claims (Thm. 6, Eq. 68-71, Thm. 11): a searched constant against a stated one."""

from spline_theory.claims import leq
from spline_theory.lipschitz import empirical_lipschitz


def searched_within(xp, f, x, K, bound, **search):
    """Evidence that the squared Lipschitz constant of ``f`` (a Network or ``"softmax"``) found by the search from ``x`` is at most ``K`` (written ``bound``)."""
    lower = empirical_lipschitz(f, x, squared=True, **search)
    return leq(xp, xp.asarray(lower, dtype=x.dtype), xp.asarray(K, dtype=x.dtype), relation=f"searched sup ||f(x1)-f(x2)||^2/||x1-x2||^2 <= {bound}")
