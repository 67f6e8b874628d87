"""icml18 Sec. 2: the hyperbolic tangent is a shifted, scaled sigmoid, :math:`\\sigma_{tanh}(u) = 2\\sigma_{sig}(2u) - 1`.

icml18 defines :math:`\\sigma_{tanh}(u) := 2\\sigma_{sig}(2u) - 1` with
:math:`\\sigma_{sig}(u) = 1/(1 + e^{-u})`; the statement checked is that this is
the hyperbolic tangent, so that the name is right.

Reading: as printed. The derivation proves the identity exactly; the check
compares ``2 activations.sigmoid(2u) - 1`` with the backend's ``tanh``, inputs
up to magnitude 40 (both saturate). Verdict: **holds**.
"""

import sympy as sp

from spline_theory.activations import sigmoid
from spline_theory.claims import Claim, Step, close, register
from spline_theory.testing.strategies import float_arrays


def derive():
    u = sp.symbols("u", real=True)
    return [Step("2 sigma(2u) - 1 = (1 - e^{-2u}) / (1 + e^{-2u}) = tanh(u)", 2 / (1 + sp.exp(-2 * u)) - 1, sp.tanh(u))]


def check(xp, inst):
    u = inst["u"]
    return close(xp, 2 * sigmoid(2 * u) - 1, xp.tanh(u), relation="2 sigma_sig(2u) - 1 == tanh(u)", scale=xp.ones_like(u))


CLAIM = register(
    Claim(
        id="icml18.sec2.tanh_sigmoid",
        title="The hyperbolic tangent is 2 sigma_sig(2u) - 1",
        where="icml18, Sec. 2, activation operators",
        statement=r"\sigma_{tanh}(u) := 2\sigma_{sig}(2u) - 1 = \tanh(u),\qquad \sigma_{sig}(u) = \frac{1}{1 + e^{-u}}",
        check=check,
        cases=float_arrays((8,), bound=40.0).map(lambda u: {"u": u}),
        arrays=("u",),
        derive=derive,
        topic="vq",
        method="activations.sigmoid at 2u against the backend's tanh.",
    )
)
