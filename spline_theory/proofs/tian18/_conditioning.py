"""When a BatchNorm instance is too ill-conditioned to decide (shared by the tian18 claims)."""

from spline_theory.batchnorm import bn_statistics
from spline_theory.claims import undecided


def poorly_spread(xp, f, relation):
    """An inconclusive Evidence when a column of ``f`` is nearly constant along the batch, else None.

    Centering a column whose spread sigma is tiny next to its magnitude loses
    the leading digits (relative round-off ~ eps max|f| / sigma): such a BN
    layer cannot be decided with the default tolerances. Decided when
    sigma >= max(1, max|f|) / 4 for every column.
    """
    _, sigma = bn_statistics(f)
    mag = xp.max(xp.abs(f), axis=0)
    if bool(xp.any(sigma < 0.25 * xp.maximum(mag, xp.ones_like(mag)))):
        return undecided(relation, "a pre-BN column is nearly constant along the batch (sigma < max(1, max|f|)/4)")
    return None


def ambiguous_margins(margins, relation, *, eps=2.220446049250313e-16, scale=1.0):
    """An inconclusive Evidence when a separation margin lies in the LP's blind band, else None.

    Non-vertices have margin 0; HiGHS returns it up to ~1e-9, and rows
    computed in a dtype with unit round-off ``eps`` from entries of size
    ``scale`` move by ~eps * scale. Margins at most
    ``max(1e-8, 100 eps scale)`` are read as 0 (non-vertex), margins of at
    least ``max(1e-6, 1e4 eps scale)`` as vertices; in between the instance is
    not decided.
    """
    import numpy as np

    lo, hi = margin_band(eps=eps, scale=scale)
    m = np.asarray(margins)
    if np.any((m > lo) & (m < hi)):
        return undecided(relation, f"a separation margin lies in ({lo:.2g}, {hi:.2g}): the LP cannot tell vertex from non-vertex")
    return None


def margin_band(*, eps=2.220446049250313e-16, scale=1.0):
    """(read as zero below, read as a vertex above) for :func:`ambiguous_margins`."""
    return max(1e-8, 100 * eps * scale), max(1e-6, 1e4 * eps * scale)


def rank_status(s, eps):
    """'full', 'deficient' or None (undecided) from singular values s (largest first) in a dtype of round-off eps.

    Full when s_min > 1e-3 s_max; deficient when s_min < 1e3 eps s_max
    (a dead ReLU column gives s_min = 0 up to round-off).
    """
    if s[0] == 0:
        return "deficient"
    r = s[-1] / s[0]
    if r > 1e-3:
        return "full"
    if r < 1e3 * eps:
        return "deficient"
    return None


def lp_undecidable(relation):
    """Decorate a check: an LP that HiGHS cannot decide (HullLPError) makes the instance inconclusive."""
    import functools

    from spline_theory.convex_hull import HullLPError

    def wrap(check):
        @functools.wraps(check)
        def checked(xp, inst):
            try:
                return check(xp, inst)
            except HullLPError as exc:
                return undecided(relation, f"a hull LP was numerically undecidable: {exc}")

        return checked

    return wrap
