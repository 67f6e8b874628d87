"""tian18 Eq. (80): the Jacobian of BN is :math:`\\frac{c_1}{\\sigma}P^\\perp_{\\tilde{\\mathbf f},\\mathbf 1}`, and :math:`P^\\perp_{\\tilde{\\mathbf f},\\mathbf 1} = I - \\frac{S S^T}{N} = P^\\perp_{\\mathbf f,\\mathbf 1}`.

Reading: the plain-text copy prints the chain rule as
:math:`c_1\\frac{\\mathrm d\\hat{\\mathbf f}}{\\mathrm d\\mathbf f}\\frac{\\mathrm d\\hat{\\mathbf f}}{\\mathrm d\\hat{\\mathbf f}}`,
with hats where the chain :math:`c_1 \\frac{\\mathrm d\\tilde{\\mathbf f}}{\\mathrm d\\hat{\\mathbf f}}\\frac{\\mathrm d\\hat{\\mathbf f}}{\\mathrm d\\mathbf f}`
is meant (the accents are lost in extraction; taken literally,
:math:`c_1 P_1^\\perp` is not the Jacobian). The claim checks the end points of
the chain. Verdict: **holds** (non-constant batch, :math:`\\varepsilon = 0`).
"""

from spline_theory.batchnorm import batchnorm_forward, bn_jacobian, bn_statistics, central_difference_jacobian, orthogonal_complement_projector, standardized_basis
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import bn_instances


def check(xp, inst):
    f, c = inst["f"], inst["c"]
    N = f.shape[0]
    _, sigma = bn_statistics(f)
    eps = float(xp.finfo(f.dtype).eps)
    # f_bn is invariant to shifts and scalings of f: its length scale is sigma;
    # h = eps^(1/3) sigma balances truncation and round-off (error O(eps^(2/3)) relative).
    fd = central_difference_jacobian(lambda v: batchnorm_forward(v, c), f, step=eps ** (1 / 3) * sigma)
    J = bn_jacobian(f, c)
    S = standardized_basis(f)
    P_f1 = orthogonal_complement_projector(xp.stack([f, xp.ones_like(f)], axis=1))
    one = xp.ones((), dtype=f.dtype)
    return [
        close(xp, J, fd, relation="(c_1/sigma) P_perp == d f_bn / d f (central differences)", scale=(xp.abs(c[0]) + xp.abs(c[1])) / sigma),
        close(xp, xp.eye(N, dtype=f.dtype) - S @ S.T / N, P_f1, relation="I - S S^T / N == P_perp_{f,1}", scale=one),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq80",
        title="The BN Jacobian is c_1/sigma times the projection onto the complement of span{f, 1}",
        where="tian18, App. 8.6, Eq. (80) and the text below it",
        statement=r"J^{BN}(\mathbf f) = \frac{\mathrm d\mathbf f_{bn}}{\mathrm d\mathbf f} = \frac{c_1}{\sigma}P^\perp_{\tilde{\mathbf f},\mathbf 1},\qquad P^\perp_{\tilde{\mathbf f},\mathbf 1} = I - \frac{S(\mathbf f)S(\mathbf f)^T}{N} = P^\perp_{\mathbf f,\mathbf 1}",
        assumptions=(r"\sigma > 0", r"\varepsilon = 0"),
        check=check,
        cases=bn_instances(),
        arrays=("f", "c", "g_bn"),
        method="bn_jacobian against central differences of batchnorm_forward (step eps^(1/3) sigma); I - S S^T/N from standardized_basis against orthogonal_complement_projector([f, 1]).",
        notes="The intermediate chain-rule expression is garbled in the plain-text copy (hats for tildes); the end points are checked.",
    )
)
