"""slides, "Deep networks and MASOs": max pooling and average pooling are MASOs with the printed parameters.

The slide: "max-pooling: :math:`R = \\#\\mathcal R_k`, :math:`[A_\\rho]_{k,\\cdot\\cdot} = \\{e_i, i \\in \\mathcal R_k\\}`,
:math:`[B_\\rho]_{k,r} = 0`; average-pooling: :math:`R = 1`,
:math:`[A_\\rho]_{k,1,\\cdot} = \\frac{1}{\\#\\mathcal R_k}\\sum_{i \\in \\mathcal R_k} e_i`, :math:`[B_\\rho]_{k,1} = 0`" (icml18 Prop. 3).

Reading: as printed; the check is that of ``icml18.prop3`` (same_as), which
names its one added convention (regions of unequal size repeat a slope).
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.prop3_pooling_operators_are_masos import CLAIM as PROP3

CLAIM = register(
    Claim(
        id="slides.pooling_masos",
        title="Max pooling and average pooling are MASOs with the printed slopes and zero biases",
        where="slides, 'Deep networks and MASOs', pooling",
        statement=r"\text{max pooling: } R = \#\mathcal R_k,\ [A_\rho]_{k,r,\cdot} \in \{e_i\}_{i\in\mathcal R_k},\ B_\rho = 0;\quad \text{average pooling: } R = 1,\ [A_\rho]_{k,1,\cdot} = \tfrac{1}{\#\mathcal R_k}\sum_{i\in\mathcal R_k} e_i,\ B_\rho = 0",
        same_as=PROP3,
    )
)
