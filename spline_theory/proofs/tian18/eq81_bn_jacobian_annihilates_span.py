"""tian18 Eq. (81): the BN Jacobian annihilates :math:`\\mathbf f_{bn}`, :math:`\\mathbf 1` and :math:`\\mathbf f`.

Since :math:`\\mathbf f_{bn}` lies in :math:`\\operatorname{span}\\{\\mathbf f, \\mathbf 1\\}`,
:math:`J^{BN}(\\mathbf f)\\mathbf f_{bn} = J^{BN}(\\mathbf f)\\mathbf 1 = J^{BN}(\\mathbf f)\\mathbf f = \\mathbf 0`.
Verdict: **holds** (:math:`\\varepsilon = 0`).

Reading: as printed, sigma > 0 and epsilon = 0.
"""

from spline_theory.batchnorm import batchnorm_forward, bn_jacobian, bn_statistics
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import bn_instances


def check(xp, inst):
    f, c = inst["f"], inst["c"]
    J = bn_jacobian(f, c)
    _, sigma = bn_statistics(f)
    zero = xp.zeros_like(f)
    out = []
    for name, v in (("f_bn", batchnorm_forward(f, c)), ("1", xp.ones_like(f)), ("f", f)):
        # the products are sums of N terms of size |J| |v|
        scale = f.shape[0] * xp.abs(c[0]) / sigma * xp.max(xp.abs(v))
        out.append(close(xp, J @ v, zero, relation=f"J^BN(f) {name} == 0", scale=scale))
    return out


CLAIM = register(
    Claim(
        id="tian18.eq81",
        title="The BN Jacobian maps f_bn, 1 and f to zero",
        where="tian18, App. 8.6, Eq. (81)",
        statement=r"J^{BN}(\mathbf f)\mathbf f_{bn} = J^{BN}(\mathbf f)\mathbf 1 = J^{BN}(\mathbf f)\mathbf f = \mathbf 0",
        assumptions=(r"\sigma > 0", r"\varepsilon = 0"),
        check=check,
        cases=bn_instances(),
        arrays=("f", "c", "g_bn"),
        method="bn_jacobian applied to batchnorm_forward(f, c), to 1 and to f.",
    )
)
