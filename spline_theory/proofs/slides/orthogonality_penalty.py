"""slides, "A simple way of boosting DN performances": the penalty on the off-diagonal entries of :math:`W^{(L)}(W^{(L)})^T`.

The slide: orthogonal templates "can be achieved in DN by penalizing non-zero
off-diagonal entries in :math:`W^{(L)}(W^{(L)})^T` via the learning objective
:math:`\\mathcal L_{CE} + \\lambda\\sum_{c_1 \\neq c_2}|\\langle [W^{(L)}]_{c_1,\\cdot}, [W^{(L)}]_{c_2,\\cdot}\\rangle|^2`" (icml18 Eq. (13)).

Reading: as printed; the check is that of ``icml18.eq13`` (same_as): the
penalty vanishes exactly for orthogonal rows and its gradient is the printed one.
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.eq13_orthogonality_penalty import CLAIM as EQ13

CLAIM = register(
    Claim(
        id="slides.orthogonality_penalty",
        title="The last-layer orthogonality penalty is zero exactly for orthogonal rows of W^(L)",
        where="slides, 'A simple way of boosting DN performances'",
        statement=r"\mathcal L_{CE} + \lambda \sum_{c_1 \neq c_2} \big|\langle [W^{(L)}]_{c_1,\cdot}, [W^{(L)}]_{c_2,\cdot}\rangle\big|^2",
        same_as=EQ13,
    )
)
