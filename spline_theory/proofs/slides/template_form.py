"""slides, "Template Matching Machines (1/3)": the output is :math:`(W^{(L)}A[x])x + (W^{(L)}B[x] + b_W^{(L)})`.

The slide: "The explicit formula can be rewritten in a general form:
:math:`z^{(L)}(x) = (W^{(L)}A[x])x + (W^{(L)}B[x] + b_W^{(L)})`" (icml18 Eq. (8)).

Reading: as printed; the check is that of ``icml18.eq8`` (same_as).
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.eq8_featurization_and_classifier import CLAIM as EQ8

CLAIM = register(
    Claim(
        id="slides.template_form",
        title="The output is the linear classifier W^(L) applied to the signal-dependent affine features A[x]x + B[x]",
        where="slides, 'Template Matching Machines (1/3)', general form",
        statement=r"z^{(L)}(x) = \big(W^{(L)}A[x]\big)x + \big(W^{(L)}B[x] + b_W^{(L)}\big)",
        same_as=EQ8,
    )
)
