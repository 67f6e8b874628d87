"""report17 Sec. 5.1, Eq. (75): the ResNet mapping restated for the inversion section, as printed.

Eq. (75) repeats Eq. (47) symbol for symbol: the bias sum again has no
:math:`W^{(L)}`.

Reading: as printed (ReLU, no pooling); the check is that of
``report17.eq47`` (same_as). Verdict: **fails** (kind: typo), with the same
counterexample. Corrected: ``report17.eq75-corrected``.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17.eq47_resnet_mapping_as_printed import CLAIM as EQ47

CLAIM = register(
    Claim(
        id="report17.eq75",
        title="The ResNet output restated in Sec. 5.1 (Eq. 75), as printed (the bias sum lacks W^(L))",
        where="report17, Sec. 5.1, Eq. (75)",
        statement=EQ47.statement,
        same_as=EQ47,
    )
)
