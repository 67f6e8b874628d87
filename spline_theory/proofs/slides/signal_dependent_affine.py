"""slides, "DN are Signal-Dependent Affine Transformations": every feature map is a signal-dependent, piecewise affine transformation of the input.

The slide: "the mapping from :math:`x` to :math:`z^{(\\ell)}(x)` is an ASO
:math:`\\Leftrightarrow` :math:`z^{(\\ell)}(x)` is a signal-dependent, piecewise affine
transformation of :math:`x` :math:`\\Leftrightarrow` this particular affine mapping
depends on which partition of the spline :math:`x` falls in".

Reading: as printed; the check is that of
``icml18.sec4.signal_dependent_affine`` (same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.sec4_signal_dependent_affine import CLAIM as SEC4

CLAIM = register(
    Claim(
        id="slides.signal_dependent_affine",
        title="Every feature map z^(l)(x) is a signal-dependent affine function of x, fixed by x's region",
        where="slides, 'DN are Signal-Dependent Affine Transformations'",
        statement=r"z^{(\ell)}(x) = A^{(\ell)}[x]\,x + b^{(\ell)}[x],\ \ell = 1..L, \text{ with } (A^{(\ell)}[x], b^{(\ell)}[x]) \text{ fixed by the region of } x",
        same_as=SEC4,
    )
)
