"""iclr19 App. E.4, corrected: with orthogonal slopes the factorial log joint is the sum of the per-unit SMASO log joints plus a constant.

Corrected first step of the proof of Thm. 4: under (11) the cross terms
:math:`\\langle [A]_{k,r_k,\\cdot}, [A]_{k',r_{k'},\\cdot}\\rangle` vanish, so

.. math::

    \\|z - \\textstyle\\sum_k [A]_{k,r_k,\\cdot}\\|^2 = \\|z\\|^2 - 2\\sum_k \\langle z, [A]_{k,r_k,\\cdot}\\rangle + \\sum_k \\|[A]_{k,r_k,\\cdot}\\|^2 ,

and with a factorial prior the log joint of model (10) separates into the
log joints of the per-unit models (3):

.. math::

    \\log p(z, r) = \\sum_k \\log p_k(z, r_k) + (K - 1)\\Big(\\frac{\\|z\\|^2}{2\\sigma^2} + \\frac D2\\log(2\\pi\\sigma^2)\\Big),

the constant not depending on r, which is how the proof "re-writes the
joint optimization as multiple independent optimization problems".

Reading: the corrected first step of the proof of Thm. 4 under (11), with the
factorial prior that 'factorial model' means (units independent a priori) and
sigma^2 > 0.
"""

import math

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.factorial import factorial_log_joint
from spline_theory.testing.strategies import factorial_instances
from spline_theory.vq import smaso_log_joint


def derive():
    z1, z2, p, q = sp.symbols("z_1 z_2 p q", real=True)
    a1, a2 = (p, 0), (0, q)  # orthogonal slopes of two units
    lhs = (z1 - a1[0] - a2[0]) ** 2 + (z2 - a1[1] - a2[1]) ** 2
    rhs = (z1**2 + z2**2) - 2 * (z1 * a1[0] + z2 * a1[1] + z1 * a2[0] + z2 * a2[1]) + (p**2 + q**2)
    return [Step("orthogonal a_1 = (p, 0), a_2 = (0, q): |z - a_1 - a_2|^2 = |z|^2 - 2 sum_k <z, a_k> + sum_k |a_k|^2", lhs, rhs)]


def check(xp, inst):
    A, prior, x, s2 = inst["A"], inst["prior"], inst["x"], inst["sigma2"]
    K, R, D = A.shape
    lj, t = factorial_log_joint(A, prior, x, s2)  # (N, R**K), (R**K, K)
    per_unit = smaso_log_joint(A, prior, x, s2)  # (N, K, R)
    onehot = xp.astype(t[..., None] == xp.arange(R, dtype=t.dtype), A.dtype)  # (M, K, R)
    summed = xp.sum(xp.sum(onehot[None, ...] * per_unit[:, None, ...], axis=3), axis=2)  # sum_k log p_k(z, r_k)
    const = (K - 1) * (xp.sum(x * x, axis=1) / (2.0 * s2) + 0.5 * D * math.log(2.0 * math.pi * s2))
    scale = xp.max(xp.abs(lj), axis=1)[:, None] + xp.sum(xp.max(xp.abs(per_unit), axis=2), axis=1)[:, None]
    return close(xp, lj, summed + const[:, None], scale=scale,
                 relation="log p(z, r) == sum_k log p_k(z, r_k) + (K - 1)(|z|^2 / 2 sigma^2 + D/2 log 2 pi sigma^2) for every r")


CLAIM = register(
    Claim(
        id="iclr19.appE4.expansion-corrected",
        title="With orthogonal slopes the factorial log joint is the sum of the per-unit SMASO log joints plus a constant",
        where="iclr19, App. E.4, the displayed step of the proof of Thm. 4",
        statement=r"\|z - \sum_k [A]_{k,r_k,\cdot}\|^2 = \|z\|^2 - 2\sum_k\langle z, [A]_{k,r_k,\cdot}\rangle + \sum_k\|[A]_{k,r_k,\cdot}\|^2,\ \text{so}\ \log p(z, r) = \sum_k \log p_k(z, r_k) + (K-1)\big(\tfrac{\|z\|^2}{2\sigma^2} + \tfrac D2 \log 2\pi\sigma^2\big)",
        assumptions=(r"\text{slopes orthogonal in the sense of (11)}", r"\text{factorial prior } p(r) = \prod_k [\pi]_{k,r_k}", r"\sigma^2 > 0"),
        check=check,
        cases=factorial_instances(orthogonal=True),
        arrays=("A", "prior", "x"),
        derive=derive,
        corrects="iclr19.appE4.expansion",
        method="factorial.factorial_log_joint (enumerating the R^K configurations of model (10)) against the sum of the "
        "per-unit log joints vq.smaso_log_joint of model (3) plus the configuration-independent constant.",
    )
)
