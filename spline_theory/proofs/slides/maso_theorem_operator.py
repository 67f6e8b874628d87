"""slides, "Max-Affine Spline Operators (2/2)", Theorem: an operator whose outputs are continuous, piecewise affine and globally convex is a MASO.

The slide: "Any operator :math:`H(x) = [h_1(x), \\dots, h_K(x)]^T` with
:math:`\\forall k, h_k \\in \\mathcal C^0(\\mathbb R^D)` piecewise affine and globally
convex, :math:`\\exists A, B` s.t. :math:`H(x) = S[A, B](x)`."

Reading: existential, as printed; no hypothesis added. The check is that of
``icml18.sec3.convex_pwa_is_max_affine`` (same_as): operators of
:math:`\\mathbb R^2` with 1 to 3 outputs. Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.sec3_convex_pwa_is_max_affine import CLAIM as SEC3

CLAIM = register(
    Claim(
        id="slides.maso_theorem_operator",
        title="An operator with continuous piecewise-affine globally convex outputs is a MASO S[A, B]",
        where="slides, 'Max-Affine Spline Operators (2/2)', Theorem",
        statement=r"H = [h_1, \dots, h_K]^T,\ h_k \in \mathcal{C}^0(\mathbb{R}^D) \text{ piecewise affine and globally convex } \forall k \implies \exists A, B:\ H(x) = S[A, B](x)",
        assumptions=(r"\text{checked on } \mathbb{R}^2,\ K \in \{1, 2, 3\},\ x \in [-3, 3]^2",),
        same_as=SEC3,
    )
)
