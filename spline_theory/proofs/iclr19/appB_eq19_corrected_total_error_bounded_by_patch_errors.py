"""iclr19 App. B Eq. (19), corrected: the apodized reconstruction error is bounded by the per-patch errors.

Rebuilding z from the apodized patches of an approximation :math:`\\hat z`
(zero-padded patches) errs by at most the largest coverage times the sum of
the apodized per-patch errors:
:math:`\\|z - \\sum_p h \\odot \\mathcal P_0[\\hat z](p)\\|^2 \\le I_C J_C \\sum_p \\|h \\odot (\\mathcal P_0[z](p) - \\mathcal P_0[\\hat z](p))\\|^2`.
So per-patch errors tending to zero give a total error tending to zero,
which is what Eq. (19) is after. (Eq. (17)-corrected rewrites z as the sum of
its own apodized patches; Cauchy-Schwarz does the rest.)

Reading: Eq. (19) as a bound, with zero-padded patches at every position
meeting the map and the coverage factor (the correction); App. B's window.
"""

from spline_theory.apodization import apodized_patches, overlap_add, patch_coverage
from spline_theory.claims import Claim, leq, register
from spline_theory.testing.strategies import patch_instances


def check(xp, inst):
    z, zh, h = inst["z"], inst["z_hat"], inst["h"]
    shape = tuple(z.shape)
    err = z - overlap_add(apodized_patches(zh, h), shape)
    lhs = xp.sum(err * err)
    d = apodized_patches(z, h) - apodized_patches(zh, h)
    c = xp.astype(xp.max(patch_coverage(shape, tuple(h.shape), xp=xp)), z.dtype)
    rhs = c * xp.sum(d * d)
    # round-off: the terms are of the size of z and z_hat
    scale = c * (xp.sum(z * z) + xp.sum(zh * zh))
    return leq(xp, lhs, rhs, relation="||z - sum_p h * P[z_hat](p)||^2 <= I_C J_C sum_p ||h * (P[z](p) - P[z_hat](p))||^2", scale=scale)


CLAIM = register(
    Claim(
        id="iclr19.appB.eq19-corrected",
        title="The apodized reconstruction error is bounded by the coverage times the per-patch errors",
        where="iclr19, App. B, Eq. (19) (corrected)",
        statement=r"\Big\|z - \sum_p h \odot \mathcal P_0[\hat z](p)\Big\|^2 \le I_C J_C \sum_p \big\|h \odot (\mathcal P_0[z](p) - \mathcal P_0[\hat z](p))\big\|^2 \to 0",
        assumptions=(r"h \ge 0,\ \sum_u h(u) = 1", r"\mathcal P_0: \text{zero-padded patches at every position meeting the map}"),
        check=check,
        cases=patch_instances(),
        arrays=("z", "h", "templates", "z_hat"),
        corrects="iclr19.appB.eq19",
        method="Reconstruction from apodized_patches of z_hat (overlap_add) against z; right side from the apodized "
        "patch differences and patch_coverage. Half the instances have z_hat = z (zero error on both sides).",
    )
)
