"""tian18 Eq. (9) (and Eq. (76)): BatchNorm whitens the batch, then applies c_1 x + c_0.

Sec. 4.1: :math:`\\hat{\\mathbf f} = \\mathbf f - \\mu\\mathbf 1`,
:math:`\\tilde{\\mathbf f} = \\hat{\\mathbf f}/\\sigma`,
:math:`\\mathbf f_{bn} = c_1\\tilde{\\mathbf f} + c_0` with
:math:`\\mu = \\frac1N \\mathbf f^T\\mathbf 1`, :math:`\\sigma^2 = \\frac1N\\hat{\\mathbf f}^T\\hat{\\mathbf f}`.

Checked consequence: :math:`\\tilde{\\mathbf f}` has batch mean 0 and
uniform norm 1, so :math:`\\mathbf f_{bn}` has batch mean :math:`c_0` and
standard deviation :math:`|c_1|`; and the output does not change when the
input is shifted and positively rescaled. Verdict: **holds** (for a
non-constant batch, :math:`\\sigma > 0`).

Reading: as printed, sigma > 0 (the batch is not constant), epsilon = 0, N >=
3.
"""

from spline_theory.batchnorm import batchnorm_forward, bn_statistics, standardize, uni_norm
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import bn_instances


def check(xp, inst):
    f, c = inst["f"], inst["c"]
    ft = standardize(f)
    f_bn = batchnorm_forward(f, c)
    mu_t, _ = bn_statistics(ft)
    mu_bn, sigma_bn = bn_statistics(f_bn)
    scale = xp.abs(c[0]) + xp.abs(c[1])
    f_moved = batchnorm_forward(2.0 * f + 1.5, c)  # 2 and 1.5 are exact in both dtypes
    one = xp.ones((), dtype=f.dtype)
    return [
        close(xp, mu_t, 0 * one, relation="mean(f~) == 0", scale=one),
        close(xp, uni_norm(ft), one, relation="||f~||_uni == 1"),
        close(xp, mu_bn, c[1], relation="mean(f_bn) == c_0", scale=scale),
        close(xp, sigma_bn, xp.abs(c[0]), relation="std(f_bn) == |c_1|", scale=scale),
        close(xp, f_moved, f_bn, relation="BN(2 f + 1.5) == BN(f)", scale=scale),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq9",
        title="BatchNorm standardizes the batch (mean 0, uniform norm 1) and then applies c_1 x + c_0",
        where="tian18, Sec. 4.1, Eq. (9); App. 8.6, Eq. (76)",
        statement=r"\hat{\mathbf f} = \mathbf f - \mu \mathbf 1,\quad \tilde{\mathbf f} = \hat{\mathbf f}/\sigma,\quad \mathbf f_{bn} = c_1\tilde{\mathbf f} + c_0,\quad \mu = \tfrac1N \mathbf f^T\mathbf 1,\ \sigma^2 = \tfrac1N \hat{\mathbf f}^T\hat{\mathbf f}",
        assumptions=(r"\sigma > 0 \text{ (the batch is not constant)}", r"\varepsilon = 0", r"N \ge 3"),
        check=check,
        cases=bn_instances(),
        arrays=("f", "c", "g_bn"),
        method="batchnorm_forward and standardize on a well-spread batch; bn_statistics of the outputs give mean 0 / norm 1 for f~ and mean c_0 / std |c_1| for f_bn; the output of 2 f + 1.5 equals that of f.",
    )
)
