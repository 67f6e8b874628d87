"""slides, "Max-Affine Spline Operators (1/2)", Theorem: a continuous, piecewise-affine, globally convex function is a max-affine spline.

The slide: "Any :math:`h \\in C^0(\\mathbb R^D)` that is piecewise affine and
globally convex, :math:`\\exists \\alpha, \\beta` s.t. :math:`h(x) = s[\\alpha, \\beta](x)`."
The same fact as icml18 Sec. 3's converse, stated here for functions only.

Reading: existential, as printed; no hypothesis added. The check is that of
``icml18.sec3.convex_pwa_is_max_affine`` (same_as), on its functions only
(C = 1): convex piecewise-affine functions of :math:`\\mathbb R^2` given as
networks meeting icml18 Thm. 2, whose pieces on the exact partition of
:math:`[-3, 3]^2` form :math:`\\alpha, \\beta`. Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.sec3_convex_pwa_is_max_affine import CLAIM as SEC3
from spline_theory.testing.strategies import convex_plane_operator_instances

CLAIM = register(
    Claim(
        id="slides.maso_theorem_function",
        title="A continuous piecewise-affine globally convex function is a max-affine spline s[alpha, beta]",
        where="slides, 'Max-Affine Spline Operators (1/2)', Theorem",
        statement=r"h \in C^0(\mathbb{R}^D) \text{ piecewise affine and globally convex} \implies \exists \alpha, \beta:\ h(x) = s[\alpha, \beta](x)",
        assumptions=(r"\text{checked on } \mathbb{R}^2,\ x \in [-3, 3]^2",),
        same_as=SEC3,
        cases=convex_plane_operator_instances(max_C=1),
    )
)
