"""slides, "Max-Affine Spline Operators (1/2)-(2/2)": a max-affine spline is piecewise affine and globally convex, and a MASO is :math:`A[x]x + B[x]`.

The slides: max-affine spline functions :math:`s[\\alpha, \\beta](x) = \\max_r \\langle [\\alpha]_{r,\\cdot}, x\\rangle + [\\beta]_r`
"are always piecewise affine and globally convex (hence continuous)"; the MASO
:math:`S[A, B](x) = [\\max_r \\langle [A]_{k,r,\\cdot}, x\\rangle + [B]_{k,r}]_k =: A[x]x + B[x]`.

Reading: as printed (icml18 Sec. 3, Eq. (5)); the check is that of ``icml18.eq5``
(same_as): the MASO equals the affine map of its arg-max rows, and is convex.
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.eq5_maso_is_signal_dependent_affine import CLAIM as EQ5

CLAIM = register(
    Claim(
        id="slides.max_affine_properties",
        title="A max-affine spline operator is A[x]x + B[x] with the arg-max rows, piecewise affine and globally convex",
        where="slides, 'Max-Affine Spline Operators (1/2)' (properties) and '(2/2)' (definition)",
        statement=r"S[A,B](x) = \Big[\max_{r} \langle [A]_{k,r,\cdot}, x\rangle + [B]_{k,r}\Big]_{k=1}^K =: A[x]\,x + B[x];\quad S[A,B] \text{ piecewise affine and globally convex}",
        same_as=EQ5,
    )
)
