"""slides, "Template Matching Machines (1/3)", interpretation 2: a network computes hierarchical matched filters, one maximum per layer.

The slide prints icml18 Eq. (10): :math:`z^{(L)} = W^{(L)}\\max_{r^{(L-1)}}(A^{(L-1)}_{r^{(L-1)}}\\cdots\\max_{r^{(1)}}(A^{(1)}_{r^{(1)}}x + B^{(1)}_{r^{(1)}}) \\cdots + B^{(L-1)}_{r^{(L-1)}}) + b_W^{(L)}`.

Reading: as printed (the maxima are per output unit, as in the MASO
definition); the check is that of ``icml18.eq10`` (same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.eq10_hierarchical_template_matching import CLAIM as EQ10

CLAIM = register(
    Claim(
        id="slides.hierarchical_matched_filters",
        title="A network computes a hierarchical greedy template matching, one maximum per layer",
        where="slides, 'Template Matching Machines (1/3)', interpretation 2",
        statement=r"z^{(L)}(x) = W^{(L)}\max_{r^{(L-1)}}\Big(A^{(L-1)}_{r^{(L-1)}}\cdots\max_{r^{(1)}}\big(A^{(1)}_{r^{(1)}}x + B^{(1)}_{r^{(1)}}\big) + B^{(2)}_{r^{(2)}}\cdots + B^{(L-1)}_{r^{(L-1)}}\Big) + b_W^{(L)}",
        same_as=EQ10,
    )
)
