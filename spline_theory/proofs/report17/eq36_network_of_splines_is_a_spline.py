"""report17 Sec. 3.3.1, Thm. 1, Eq. (36): a network made of affine spline operators is itself one, :math:`f_\\Theta(x) = A[x]x + b[x]` for all x.

"Any deep network :math:`f_\\Theta` made of LSOs s.a. max-pooling, ReLU, leaky ReLU, ... is itself a LSO of the form :math:`f_\\Theta(x) = A[x]x + b[x], \\forall x`."

Reading: as printed (the network's operators are the library's spline
layers); the check is that of ``icml18.thm1`` (same_as). The second part of the
theorem, Eq. (37), is ``report17.eq37``. Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.thm1_network_is_affine_spline import CLAIM as THM1

CLAIM = register(
    Claim(
        id="report17.eq36",
        title="A network made of affine spline operators is an affine spline operator, f(x) = A[x]x + b[x] for all x",
        where="report17, Sec. 3.3.1, Thm. 1, Eq. (36)",
        statement=r"f_\Theta = S^{(L)} \circ \cdots \circ S^{(1)},\ S^{(\ell)} \text{ affine spline operators} \implies f_\Theta(x) = A[x]x + b[x]\ \forall x",
        same_as=THM1,
    )
)
