"""slides, "Deep Network (DN) basic operators (1/2)": :math:`\\sigma_{tanh}(u) = 2\\sigma_{sig}(2u) - 1`.

Reading: as printed; the check is that of ``icml18.sec2.tanh_sigmoid``
(same_as). Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.sec2_tanh_is_a_scaled_sigmoid import CLAIM as SEC2

CLAIM = register(
    Claim(
        id="slides.tanh_sigmoid",
        title="The hyperbolic tangent is 2 sigma_sig(2u) - 1",
        where="slides, 'Deep Network (DN) basic operators (1/2)', activation operator",
        statement=r"\sigma_{tanh}(u) = 2\sigma_{sig}(2u) - 1",
        same_as=SEC2,
    )
)
