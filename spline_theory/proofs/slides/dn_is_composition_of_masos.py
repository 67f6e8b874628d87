"""slides, "Composition of MASOs", Theorem: a network of those operators is a composition of MASOs and itself an affine spline operator.

The slide: "A DN constructed from an arbitrary composition of fully
connected/convolution, activation, and pooling operators of the previous types
is a composition of MASOs. Moreover, the overall composition itself an ASO" (icml18 Thm. 1).

Reading: as printed; the check is that of ``icml18.thm1`` (same_as).
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.thm1_network_is_affine_spline import CLAIM as THM1

CLAIM = register(
    Claim(
        id="slides.dn_is_composition_of_masos",
        title="A network of affine, activation and pooling operators is a composition of MASOs and an affine spline operator",
        where="slides, 'Composition of MASOs', Theorem",
        statement=r"f_\Theta = S^{(L)} \circ \cdots \circ S^{(1)} \text{ is an affine spline operator: } z^{(L)}(x) = A[x]\,x + b[x],\ (A[x], b[x]) \text{ constant on each region}",
        same_as=THM1,
    )
)
