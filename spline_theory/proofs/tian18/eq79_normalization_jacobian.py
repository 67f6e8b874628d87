"""tian18 Eq. (79): the Jacobian of :math:`\\mathbf f/\\|\\mathbf f\\|` is :math:`\\frac{1}{\\|\\mathbf f\\|}P^\\perp_{\\mathbf f}`.

:math:`\\frac{\\mathrm d(\\mathbf f/\\|\\mathbf f\\|)}{\\mathrm d\\mathbf f} = \\frac{1}{\\|\\mathbf f\\|}\\big(I - \\frac{\\mathbf f\\mathbf f^T}{\\|\\mathbf f\\|^2}\\big)`.
Verdict: **holds** (:math:`\\mathbf f \\ne 0`); derived exactly for N = 3 and
checked numerically against central differences of :math:`\\mathbf f/\\|\\mathbf f\\|`.

Reading: as printed, f != 0 (where f/||f|| is defined).
"""

import sympy as sp

from spline_theory.batchnorm import central_difference_jacobian, normalization_jacobian, normalize
from spline_theory.claims import Claim, Step, close, register, undecided
from spline_theory.testing.strategies import bn_instances


def derive():
    f = sp.Matrix(sp.symbols("f1:4", real=True))
    n = sp.sqrt((f.T * f)[0])
    lhs = (f / n).jacobian(f)
    rhs = (sp.eye(3) - f * f.T / n**2) / n
    return [Step(r"\frac{d(\mathbf f/\|\mathbf f\|)}{d\mathbf f} = \frac{1}{\|\mathbf f\|}(I - \mathbf f\mathbf f^T/\|\mathbf f\|^2)\ (N = 3)", lhs, rhs)]


def check(xp, inst):
    f = inst["f"]
    n = xp.sqrt(xp.sum(f * f))
    if float(n) == 0.0:
        return undecided("d(f/||f||)/df", "f = 0: f/||f|| is not defined")
    eps = float(xp.finfo(f.dtype).eps)
    # central differences: truncation O(h^2 / ||f||^2) and round-off O(eps ||f|| / h),
    # relative to 1/||f||; h = eps^(1/3) ||f|| makes both O(eps^(2/3)), below rtol = 4 sqrt(eps).
    fd = central_difference_jacobian(normalize, f, step=eps ** (1 / 3) * n)
    return close(xp, normalization_jacobian(f), fd, relation="(1/||f||) P_f^perp == d(f/||f||)/df (central differences)", scale=1 / n)


CLAIM = register(
    Claim(
        id="tian18.eq79",
        title="The Jacobian of f/||f|| is the projection onto the complement of f, divided by ||f||",
        where="tian18, App. 8.6, Eq. (79)",
        statement=r"\frac{\mathrm d\left(\frac{\mathbf f}{\|\mathbf f\|}\right)}{\mathrm d\mathbf f} = \frac{1}{\|\mathbf f\|}\left(I - \frac{\mathbf f\mathbf f^T}{\|\mathbf f\|^2}\right) = \frac{1}{\|\mathbf f\|}P^\perp_{\mathbf f}",
        assumptions=(r"\mathbf f \ne \mathbf 0",),
        check=check,
        cases=bn_instances(),
        arrays=("f", "c", "g_bn"),
        derive=derive,
        method="normalization_jacobian against central_difference_jacobian of normalize with step eps^(1/3) ||f||; exact SymPy Jacobian for N = 3.",
    )
)
