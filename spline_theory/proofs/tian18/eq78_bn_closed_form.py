"""tian18 Eq. (78): :math:`\\mathbf f_{bn} = c_1 \\frac{P_1^\\perp\\mathbf f}{\\|P_1^\\perp\\mathbf f\\|_{uni}} + c_0\\mathbf 1`.

BN in one line, built from the centering projection and the uniform norm.
Verdict: **holds** (non-constant batch).

Reading: as printed, P_1^perp f != 0 (the batch is not constant, where BN is
defined) and epsilon = 0.
"""

from spline_theory.batchnorm import batchnorm_forward, centering_projection, uni_norm
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import bn_instances


def check(xp, inst):
    f, c = inst["f"], inst["c"]
    f_hat = centering_projection(f.shape[0], xp=xp, dtype=f.dtype) @ f
    rhs = c[0] * f_hat / uni_norm(f_hat) + c[1] * xp.ones_like(f)
    return close(xp, batchnorm_forward(f, c), rhs, relation="f_bn == c_1 P_1^perp f / ||P_1^perp f||_uni + c_0 1", scale=xp.abs(c[0]) + xp.abs(c[1]))


CLAIM = register(
    Claim(
        id="tian18.eq78",
        title="BN output in closed form through the centering projection",
        where="tian18, App. 8.6, Eq. (78)",
        statement=r"\mathbf f_{bn} = c_1 \frac{P_1^\perp \mathbf f}{\|P_1^\perp \mathbf f\|_{uni}} + c_0 \mathbf 1",
        assumptions=(r"P_1^\perp \mathbf f \ne \mathbf 0", r"\varepsilon = 0"),
        check=check,
        cases=bn_instances(),
        arrays=("f", "c", "g_bn"),
        method="batchnorm_forward against the right side assembled from centering_projection and uni_norm.",
    )
)
