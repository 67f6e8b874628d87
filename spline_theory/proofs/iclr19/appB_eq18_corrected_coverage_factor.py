"""iclr19 App. B Eq. (18), corrected: the bound holds with the largest patch coverage as a factor.

At each pixel the residual image is a sum over the c(pixel) patches that
cover it, so by Cauchy-Schwarz
:math:`\\|\\sum_p v_p\\|^2 \\le \\max_{\\text{pixel}} c \\cdot \\sum_p \\|v_p\\|^2`
(:math:`c \\le I_C J_C`). Minimizing every per-patch residual therefore still
minimizes an upper bound of the total residual, as App. B intends.

Reading: Eq. (18) with the largest patch coverage c as a factor (the
correction; c <= I_C J_C); any patch approximations.
"""

from spline_theory.apodization import overlap_add, patch_coverage, patch_vq
from spline_theory.claims import Claim, leq, register
from spline_theory.testing.strategies import patch_instances


def check(xp, inst):
    z, h, W = inst["z"], inst["h"], inst["templates"]
    _, res = patch_vq(z, h, W, padding="valid")
    lhs = xp.sum(overlap_add(res, tuple(z.shape), padding="valid") ** 2)
    c = xp.max(patch_coverage(tuple(z.shape), tuple(h.shape), padding="valid", xp=xp))
    rhs = xp.astype(c, res.dtype) * xp.sum(res**2)
    return leq(xp, lhs, rhs, relation="||sum_p residual_p||^2 <= max coverage * sum_p ||residual_p||^2", scale=rhs)


CLAIM = register(
    Claim(
        id="iclr19.appB.eq18-corrected",
        title="The summed patch residual is bounded by the largest patch coverage times the per-patch residuals",
        where="iclr19, App. B, Eq. (18) (corrected)",
        statement=r"\Big\|\sum_{p} \big(h \odot \mathcal P[z](p) - [W]_{t(p)}\big)\Big\|^2 \le \max_{\text{pixel}} c(\text{pixel}) \sum_{p} \big\|h \odot \mathcal P[z](p) - [W]_{t(p)}\big\|^2,\quad c \le I_C J_C",
        assumptions=(r"c(\text{pixel}) = \#\{p : \text{pixel} \in \text{patch } p\}",),
        check=check,
        cases=patch_instances(),
        arrays=("z", "h", "templates", "z_hat"),
        corrects="iclr19.appB.eq18",
        method="As iclr19.appB.eq18, with the right side multiplied by the largest coverage (patch_coverage).",
    )
)
