"""slides, "Composition of MASOs", Proposition: a layer of affine operators followed by one activation or pooling operator is a MASO.

The slide: "A DN layer constructed from an arbitrary composition of fully
connected/convolution operators followed by one activation or pooling operator
is a MASO :math:`S[A^{(\\ell)}, B^{(\\ell)}]` such that
:math:`f^{(\\ell)}(z^{(\\ell-1)}) = A^{(\\ell)}[x]z^{(\\ell-1)}(x) + B^{(\\ell)}[x]`" (icml18 Prop. 4).

Reading: the activations and poolings are those the slides list (ReLU, leaky
ReLU, absolute value, max and average pooling); the check is that of
``icml18.prop4`` (same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.prop4_layer_is_maso import CLAIM as PROP4

CLAIM = register(
    Claim(
        id="slides.layer_is_maso",
        title="A layer of affine operators followed by one activation or pooling operator is a MASO",
        where="slides, 'Composition of MASOs', Proposition",
        statement=r"f^{(\ell)} = S[A^{(\ell)}, B^{(\ell)}],\qquad f^{(\ell)}(z^{(\ell-1)}(x)) = A^{(\ell)}[x]\, z^{(\ell-1)}(x) + B^{(\ell)}[x]",
        same_as=PROP4,
    )
)
