"""slides, "Deep Learning - Notations (1/2)": the output of layer :math:`\\ell` is the composition of the first :math:`\\ell` layers.

The slide: ":math:`z^{(\\ell)}(x) = (f^{(\\ell)} \\circ \\dots \\circ f^{(1)})(x)`, :math:`z^{(0)}(x) = x`,
:math:`z^{(L)}(x) = y`" (icml18 Eq. (1)-(2)).

Reading: as printed; the check is that of ``icml18.eq2`` (same_as).
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.eq2_feature_maps_are_compositions import CLAIM as EQ2

CLAIM = register(
    Claim(
        id="slides.feature_maps",
        title="Feature maps are the compositions of the first layers",
        where="slides, 'Deep Learning - Notations (1/2)'",
        statement=r"z^{(\ell)}(x) = \big(f^{(\ell)} \circ \dots \circ f^{(1)}\big)(x),\quad z^{(0)}(x) = x,\quad z^{(L)}(x) = y",
        same_as=EQ2,
    )
)
