"""slides, "Max-Affine Spline Operators (2/2)": "a MASO can approximate arbitrarily closely any (nonlinear) operator that is convex in each output dimension".

Reading: as ``icml18.sec3.maso_approximation`` reads the same sentence, on a
bounded box (the hypothesis is named and justified there); the check is that
one (same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.sec3_maso_approximates_convex_operators import CLAIM as SEC3

CLAIM = register(
    Claim(
        id="slides.maso_approximation",
        title="A MASO comes within any epsilon of an operator convex in each output, on a bounded box",
        where="slides, 'Max-Affine Spline Operators (2/2)', Extension",
        statement=r"h_k \text{ convex } \forall k \implies \forall \epsilon > 0\ \exists A, B:\ \big|h_k(x) - [S[A, B](x)]_k\big| \le \epsilon \quad \forall k,\ x \in [-a, a]^D",
        same_as=SEC3,
    )
)
