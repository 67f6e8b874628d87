"""slides, "Deep networks and MASOs": the activation operator is the MASO with R = 2, B = 0 and the printed slopes, for ReLU, leaky ReLU and absolute value.

The slide lists "activation :math:`f_\\sigma`: :math:`S[A_\\sigma, B_\\sigma]` where
R = 2, :math:`[B_\\sigma]_{k,1} = [B_\\sigma]_{k,2} = 0`, and ReLU: 0, :math:`e_k`;
leaky-ReLU: :math:`\\nu e_k`, :math:`e_k` (:math:`\\nu > 0`); absolute value:
:math:`-e_k`, :math:`e_k`".

Reading: unlike icml18 Prop. 2, the slide claims this for the three
activations it names, not for "any piecewise affine and convex activation";
the leaky ReLU is icml18's :math:`\\max(\\nu u, u)` (the slides summarize icml18
and define no other). The check is that of ``icml18.prop2`` (same_as) on those
three activations only. Verdict: **holds** (``icml18.prop2`` fails through its
general clause, which the slide does not state).
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.prop2_activations_are_two_region_masos import CLAIM as PROP2
from spline_theory.testing.strategies import activation_instances

CLAIM = register(
    Claim(
        id="slides.activation_masos",
        title="ReLU, leaky ReLU and absolute value layers are MASOs with R = 2, B = 0 and the printed slopes",
        where="slides, 'Deep networks and MASOs', activation",
        statement=r"f_\sigma = S[A_\sigma, B_\sigma],\ R = 2,\ [B_\sigma]_{k,1} = [B_\sigma]_{k,2} = 0;\ \text{ReLU: } 0, e_k;\ \text{leaky-ReLU: } \nu e_k, e_k\ (\nu > 0);\ \text{abs: } -e_k, e_k",
        assumptions=(r"\sigma \text{ applied elementwise}", r"\text{leaky ReLU}_\nu(u) = \max(\nu u, u) \text{ (icml18 Sec. 2)}"),
        same_as=PROP2,
        cases=activation_instances(kinds=("relu", "leaky_relu", "absolute_value")),
        expected="holds",
    )
)
