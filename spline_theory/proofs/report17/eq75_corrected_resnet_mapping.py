"""report17 Sec. 5.1, Eq. (75), corrected: the ResNet mapping with :math:`W^{(L)}` on the bias sum.

Reading: Eq. (75) with :math:`W^{(L)}` in front of the bias sum; the check is
that of ``report17.eq47-corrected`` (same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17.eq47_corrected_resnet_mapping import CLAIM as EQ47C

CLAIM = register(
    Claim(
        id="report17.eq75-corrected",
        title="The ResNet output of Eq. 75 with W^(L) on the bias sum",
        where="report17, Sec. 5.1, Eq. (75) (corrected)",
        statement=EQ47C.statement,
        same_as=EQ47C,
        corrects="report17.eq75",
    )
)
