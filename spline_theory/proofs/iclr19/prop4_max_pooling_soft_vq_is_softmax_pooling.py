"""iclr19 Prop. 4: the MASO parameters of max pooling give softmax pooling under soft VQ.

Max pooling over regions of size R is a MASO with one-hot slopes
(icml18 Prop. 3); its soft-VQ output is
:math:`\\sum_{i\\in\\mathcal R_k}\\operatorname{softmax}(z_{\\mathcal R_k})_i\\,z_i`, softmax
pooling, and its beta-VQ output the "beta-softmax-pooling" of Table 1.
Assumption made explicit: all pooling regions have the same size. A MASO has
one R for all units, so smaller regions must repeat a piece, and a repeated
piece counts twice in the softmax (the hard VQ is unaffected).

Reading: as printed, for pooling regions of equal size R (no repeated pieces,
which would change the softmax weights).
"""

from spline_theory.activations import softmax_pooling
from spline_theory.claims import Claim, close, register
from spline_theory.operators import max_pool, max_pooling_maso
from spline_theory.testing.strategies import equal_pooling_instances


def check(xp, inst):
    z, regions, beta = inst["z"], inst["regions"], inst["beta"]
    S = max_pooling_maso(regions, inst["D"], xp=xp, dtype=z.dtype)
    scale = 1.0 + xp.max(xp.abs(z))
    return [
        close(xp, S.beta_vq(z, 0.5), softmax_pooling(z, regions, 0.5), relation="soft-VQ output of the max-pooling MASO == softmax pooling", scale=scale),
        close(xp, S.beta_vq(z, beta), softmax_pooling(z, regions, beta), relation="beta-VQ output == beta-softmax pooling (Table 1)", scale=scale),
        close(xp, S.beta_vq(z, 1.0), max_pool(z, regions), relation="hard-VQ output == max pooling", scale=scale),
    ]


CLAIM = register(
    Claim(
        id="iclr19.prop4",
        title="The max-pooling MASO parameters induce softmax pooling under soft VQ (beta-softmax pooling under beta-VQ)",
        where="iclr19, Sec. 3.4, Prop. 4 (and Table 1); proof App. E.5",
        statement=r"\sum_{r} [\hat T_S]_{k,r}\,[z]_{i_{k,r}} = \sum_{i\in\mathcal R_k}\frac{e^{[z]_i}}{\sum_{j\in\mathcal R_k}e^{[z]_j}}[z]_i",
        assumptions=(r"\text{pooling regions of equal size } R \text{ (no repeated pieces)}",),
        check=check,
        cases=equal_pooling_instances(),
        arrays=("z",),
        method="MASO.beta_vq of operators.max_pooling_maso at beta = 1/2, a drawn beta and 1 against "
        "activations.softmax_pooling and operators.max_pool.",
        notes="With regions of different sizes the padded MASO repeats pieces and its soft VQ is not softmax pooling.",
    )
)
