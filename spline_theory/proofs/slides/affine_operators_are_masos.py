"""slides, "Deep networks and MASOs": fully connected and convolutional operators are MASOs with R = 1.

The slide: "fully connected :math:`f_W`: :math:`S[A_W, B_W]` where R = 1,
:math:`[A_W]_{k,1,\\cdot} = [W]_{k,\\cdot}` and :math:`[B_W]_{k,1} = [b_W]_k`;
convolutional :math:`f_C`: R = 1, :math:`[A_C]_{k,1,\\cdot} = [C]_{k,\\cdot}`,
:math:`[B_C]_{k,1} = [b_C]_k`" (icml18 Prop. 1).

Reading: as printed; the check is that of ``icml18.prop1`` (same_as), dense
and 2-D convolution operators. Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.prop1_affine_operators_are_degenerate_masos import CLAIM as PROP1

CLAIM = register(
    Claim(
        id="slides.affine_operators_are_masos",
        title="Fully connected and convolution operators are MASOs with R = 1 (rows of W or C, biases b)",
        where="slides, 'Deep networks and MASOs', fully connected and convolutional",
        statement=r"f_W = S[A_W, B_W],\ R = 1,\ [A_W]_{k,1,\cdot} = [W]_{k,\cdot},\ [B_W]_{k,1} = [b_W]_k;\quad f_C = S[A_C, B_C],\ R = 1,\ [A_C]_{k,1,\cdot} = [C]_{k,\cdot},\ [B_C]_{k,1} = [b_C]_k",
        same_as=PROP1,
    )
)
