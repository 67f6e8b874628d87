"""tian18 Eq. (77) as printed: the vector form of BN with :math:`\\sigma = \\|\\mathbf f\\|_{uni}`.

App. 8.6: :math:`\\hat{\\mathbf f} = P_1^\\perp\\mathbf f`,
:math:`\\tilde{\\mathbf f} = \\hat{\\mathbf f}/\\|\\hat{\\mathbf f}\\|_{uni}`,
:math:`\\mathbf f_{bn} = c_1\\tilde{\\mathbf f} + c_0\\mathbf 1 = S(\\mathbf f)\\mathbf c`,
"where ... :math:`\\sigma = \\|\\mathbf f\\|_{uni} = \\frac{1}{\\sqrt N}\\|\\mathbf f\\|_2`"
and :math:`S(\\mathbf f)^T S(\\mathbf f) = N I_2`.

Verdict: **fails**. The vector form and :math:`S^TS = NI_2` hold, but the
:math:`\\sigma` of Eq. (76) is the uniform norm of the *centered* vector,
:math:`\\|\\hat{\\mathbf f}\\|_{uni}`, not of :math:`\\mathbf f`.
Counterexample: :math:`\\mathbf f = (0, 1, 2)`: :math:`\\sigma = \\sqrt{2/3}`
but :math:`\\|\\mathbf f\\|_{uni} = \\sqrt{5/3}`. Corrected in
``tian18.eq77-corrected``.

Reading: as printed, sigma = ||f||_uni, compared with the sigma of Eq. (76);
sigma > 0, epsilon = 0; no other hypothesis.
"""

from spline_theory.batchnorm import batchnorm_forward, bn_statistics, standardized_basis, uni_norm
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import bn_instances


def check(xp, inst):
    f, c = inst["f"], inst["c"]
    N = f.shape[0]
    S = standardized_basis(f)
    _, sigma = bn_statistics(f)
    scale = xp.abs(c[0]) + xp.abs(c[1])
    return [
        close(xp, batchnorm_forward(f, c), S @ c, relation="f_bn == S(f) c", scale=scale),
        close(xp, S.T @ S, N * xp.eye(2, dtype=f.dtype), relation="S(f)^T S(f) == N I_2", scale=float(N)),
        close(xp, sigma, uni_norm(f), relation="sigma (Eq. 76) == ||f||_uni (as printed under Eq. 77)"),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq77",
        title="Vector form of BN, with sigma = ||f||_uni as printed",
        where="tian18, App. 8.6, Eq. (77) and the text below it",
        statement=r"\hat{\mathbf f} = P_1^\perp\mathbf f,\ \tilde{\mathbf f} = \hat{\mathbf f}/\|\hat{\mathbf f}\|_{uni},\ \mathbf f_{bn} = S(\mathbf f)\mathbf c,\ \sigma = \|\mathbf f\|_{uni} = \tfrac{1}{\sqrt N}\|\mathbf f\|_2,\ S(\mathbf f)^TS(\mathbf f) = N I_2",
        assumptions=(r"\sigma \text{ is the } \sigma \text{ of Eq. (76)}", r"\sigma > 0", r"\varepsilon = 0"),
        check=check,
        cases=bn_instances(),
        arrays=("f", "c", "g_bn"),
        expected="fails",
        kind="typo",
        counterexample={"f": [0.0, 1.0, 2.0], "c": [1.0, 0.0], "g_bn": [0.0, 0.0, 0.0], "eps": 0.0},
        method="batchnorm_forward against S(f) c (standardized_basis), S^T S against N I_2, and the sigma of bn_statistics against uni_norm(f).",
        notes="Any batch with non-zero mean violates sigma = ||f||_uni. The corrected reading is sigma = ||P_1^perp f||_uni (tian18.eq77-corrected).",
    )
)
