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
