"""iclr19 Eq. (6): the soft-VQ matrix is the posterior of the SMASO mixture, a softmax of the MASO pieces.

:math:`[\\hat T_S]_{k,r} = p([t]_k = r \\mid z) = \\operatorname{softmax}_r(\\langle [A]_{k,r,\\cdot}, z\\rangle + [B]_{k,r})`,
"which follows from the simple structure of the GMM": true with the
:math:`\\sigma^2 = 1` and the prior of Thm. 2, which Eq. (6) takes from the
preceding section (explicit assumptions here). Eq. (6) prints the offset as
:math:`[B]_{k,r,\\cdot}`; read :math:`[B]_{k,r}`.

Reading: as printed, with sigma^2 = 1 and Thm. 2's prior, the parameters under
which Eq. (6) is written.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.testing.strategies import maso_instances
from spline_theory.vq import region_posterior, region_prior, soft_vq_matrix


def derive():
    u1, u2, c = sp.symbols("u_1 u_2 c", real=True)
    # log-joint = u_r + c (c independent of r, Thm. 2's proof): the posterior is the softmax of u
    post = sp.exp(u1 + c) / (sp.exp(u1 + c) + sp.exp(u2 + c))
    return [Step("p(t = 1 | z) with log p(z, t = r) = u_r + c equals softmax(u)_1", post, sp.exp(u1) / (sp.exp(u1) + sp.exp(u2)))]


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    T_S = soft_vq_matrix(A, B, x)
    post = region_posterior(A, region_prior(A, B), x, 1.0)
    return close(xp, T_S, post, relation="softmax_r(<A_{k,r}, z> + B_{k,r}) == p([t]_k = r | z) (sigma^2 = 1, prior of Thm. 2)", scale=1.0)


CLAIM = register(
    Claim(
        id="iclr19.eq6",
        title="The soft-VQ matrix (softmax of the MASO pieces) is the posterior of the SMASO mixture",
        where="iclr19, Sec. 3.3, Eq. (6)",
        statement=r"[\hat T_S]_{k,r} = p([t]_k = r \mid z) = \frac{\exp(\langle [A]_{k,r,\cdot}, z\rangle + [B]_{k,r})}{\sum_{r'} \exp(\langle [A]_{k,r',\cdot}, z\rangle + [B]_{k,r'})}",
        assumptions=(r"\sigma^2 = 1", r"[\pi]_{k,\cdot} \text{ as in Thm. 2}"),
        check=check,
        cases=maso_instances(),
        arrays=("A", "B", "x"),
        derive=derive,
        method="vq.soft_vq_matrix (MASO.vq_matrix at beta = 1/2) against vq.region_posterior (Gaussian likelihoods from "
        "squared distances) with the prior vq.region_prior and sigma^2 = 1.",
    )
)
