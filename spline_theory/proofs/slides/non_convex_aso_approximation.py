"""slides, "DN are Signal-Dependent Affine Transformations", note: with non-convex operators "the same result hold with the use of ASOs".

The slide's note: "in the case we use operators which are convex but not
piecewise affine, [...] such mapping can be approximated arbitrarily closely by
a MASOs. In the case, the operators are not convex then the same result hold
with the use of ASOs."

Reading: the non-convex half, for the non-convex activations the slides
define (sigmoid, tanh): the network's mapping is within any epsilon of an
affine spline operator. The check is that of ``report17.eq37`` (same_as). The
convex half is ``slides.maso_approximation`` (per operator). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17.eq37_smooth_networks_are_approximated_by_splines import CLAIM as EQ37

CLAIM = register(
    Claim(
        id="slides.non_convex_aso_approximation",
        title="A network with sigmoid or tanh activations is within any epsilon of an affine spline operator",
        where="slides, 'DN are Signal-Dependent Affine Transformations', note",
        statement=r"\forall \epsilon > 0\ \exists\ \text{an ASO } \tilde f:\ \|f(x) - \tilde f(x)\|_\infty \le \epsilon\ \forall x \quad (\sigma \in \{\sigma_{sig}, \sigma_{tanh}\})",
        same_as=EQ37,
    )
)
