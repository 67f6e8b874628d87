"""iclr19 Thm. 2, remark: the K-means bias of Prop. 1 is the uniform region prior.

After Thm. 2 the paper notes that "the bias constraint of Proposition 1
(which can be interpreted as imposing a uniform prior)" is relaxed by the
GMM. With :math:`[B]_{k,r} = -\\frac12\\|[A]_{k,r,\\cdot}\\|^2` the exponent
:math:`[B]_{k,r} + \\frac12\\|[A]_{k,r,\\cdot}\\|^2` of the Thm. 2 prior is 0 for
every region, so :math:`[\\pi]_{k,r} = 1/R`; shifting the bias of a unit by a
constant leaves the prior unchanged.

Reading: as printed, with Thm. 2's prior (sigma^2 = 1).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.testing.strategies import maso_instances
from spline_theory.vq import kmeans_bias, region_prior


def derive():
    a = sp.symbols("a_1:4", real=True)
    n2 = sum(ai**2 for ai in a)
    return [Step("B = -|a|^2/2 makes the exponent of the Thm. 2 prior vanish", sp.Add(-n2 / 2, n2 / 2, evaluate=False), 0)]


def check(xp, inst):
    A = inst["A"]
    K, R = A.shape[0], A.shape[1]
    uniform = xp.full((K, R), 1.0 / R, dtype=A.dtype)
    B = kmeans_bias(A)
    shift = xp.astype(xp.arange(K), A.dtype)[:, None] * 0.5
    return [
        close(xp, region_prior(A, B), uniform, relation="pi from Thm. 2 with B = -|A|^2/2 == 1/R", scale=1.0),
        close(xp, region_prior(A, B + shift), uniform, relation="... and with B = -|A|^2/2 + c_k (a constant per unit)", scale=1.0),
    ]


CLAIM = register(
    Claim(
        id="iclr19.thm2.uniform_prior",
        title="The K-means bias of Prop. 1 gives the uniform region prior of Thm. 2",
        where="iclr19, Sec. 3.2, the remark after Thm. 2",
        statement=r"[B]_{k,r} = -\tfrac12\|[A]_{k,r,\cdot}\|^2 \implies [\pi]_{k,r} = \frac{e^{[B]_{k,r} + \frac12\|[A]_{k,r,\cdot}\|^2}}{\sum_{r'} e^{[B]_{k,r'} + \frac12\|[A]_{k,r',\cdot}\|^2}} = \frac1R",
        assumptions=(r"\sigma^2 = 1 \text{ (the prior of Thm. 2)}",),
        check=check,
        cases=maso_instances(),
        arrays=("A",),
        derive=derive,
        method="vq.region_prior of the bias vq.kmeans_bias(A), and of that bias plus a per-unit constant, against 1/R.",
    )
)
