"""tian18 Eq. (77), corrected: :math:`\\sigma = \\|P_1^\\perp\\mathbf f\\|_{uni}`, the uniform norm of the centered batch.

With that reading the vector form, :math:`\\mathbf f_{bn} = S(\\mathbf f)\\mathbf c`
and :math:`S(\\mathbf f)^TS(\\mathbf f) = NI_2` hold together, consistent
with Eq. (76) and Eq. (78).

Reading: the correction: sigma = ||P_1^perp f||_uni; sigma > 0 and epsilon = 0
(BN as Eq. (76) defines it).
"""

from spline_theory.batchnorm import batchnorm_forward, bn_statistics, centering_projection, standardized_basis, uni_norm
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import bn_instances


def check(xp, inst):
    f, c = inst["f"], inst["c"]
    N = f.shape[0]
    S = standardized_basis(f)
    _, sigma = bn_statistics(f)
    scale = xp.abs(c[0]) + xp.abs(c[1])
    f_hat = centering_projection(N, xp=xp, dtype=f.dtype) @ f
    return [
        close(xp, batchnorm_forward(f, c), S @ c, relation="f_bn == S(f) c", scale=scale),
        close(xp, S.T @ S, N * xp.eye(2, dtype=f.dtype), relation="S(f)^T S(f) == N I_2", scale=float(N)),
        close(xp, sigma, uni_norm(f_hat), relation="sigma (Eq. 76) == ||P_1^perp f||_uni", scale=xp.max(xp.abs(f))),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq77-corrected",
        title="Vector form of BN with sigma = ||P_1^perp f||_uni",
        where="tian18, App. 8.6, Eq. (77) (corrected)",
        statement=r"\hat{\mathbf f} = P_1^\perp\mathbf f,\ \tilde{\mathbf f} = \hat{\mathbf f}/\|\hat{\mathbf f}\|_{uni},\ \mathbf f_{bn} = S(\mathbf f)\mathbf c,\ \sigma = \|P_1^\perp\mathbf f\|_{uni},\ S(\mathbf f)^TS(\mathbf f) = N I_2",
        assumptions=(r"\sigma > 0", r"\varepsilon = 0"),
        check=check,
        cases=bn_instances(),
        arrays=("f", "c", "g_bn"),
        corrects="tian18.eq77",
        method="As tian18.eq77, with sigma compared to uni_norm(centering_projection(N) f).",
    )
)
