"""iclr19 App. B: filtering the apodized patches with a filter is convolving the input with the apodized filter.

App. B, before Eq. (17): "we see that filtering apodized patches with a
filter is equivalent to convolving the input with apodized filters". For a
window h and a filter w of the patch shape, the inner product of the apodized
patch at p with w is the convolution (cross-correlation, as in DN layers) of
the input with :math:`h \\odot w` at p, because the Hadamard product moves
from one factor of the inner product to the other:
:math:`\\langle h \\odot \\mathcal P[z](p), w\\rangle = \\langle \\mathcal P[z](p), h \\odot w\\rangle`.
Checked with the patches inside the map (``padding="valid"``, convolution
without padding) and several filters (the instance's templates).

Reading: as printed, for patches inside the map (valid convolution, where the
patches are defined); the window's normalization (h >= 0, summing to 1) is App.
B's and not needed for the identity.
"""

import sympy as sp

from spline_theory.apodization import apodized_patches
from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import conv2d
from spline_theory.proofs._symbolic import inner
from spline_theory.testing.strategies import patch_instances


def derive():
    h = sp.symbols("h_1:4", nonnegative=True)
    p = sp.symbols("p_1:4", real=True)
    w = sp.symbols("w_1:4", real=True)
    return [Step("<h * P, w> = <P, h * w> (three pixels)", inner([sp.Mul(hi, pi, evaluate=False) for hi, pi in zip(h, p)], w), inner(p, [sp.Mul(hi, wi, evaluate=False) for hi, wi in zip(h, w)]))]


def check(xp, inst):
    z, h, w = inst["z"], inst["h"], inst["templates"]  # w: (M, C, I_C, J_C) filters
    P = apodized_patches(z, h, padding="valid")  # (P_i, P_j, C, I_C, J_C)
    lhs = xp.sum(P[:, :, None, ...] * w[None, None, ...], axis=(3, 4, 5))  # (P_i, P_j, M)
    y = conv2d(z[None, ...], w * h[None, None, ...], xp.zeros((w.shape[0],), dtype=w.dtype))[0, ...]  # (M, H_out, W_out)
    rhs = xp.permute_dims(y, (1, 2, 0))
    scale = xp.sum(xp.abs(P[:, :, None, ...] * w[None, None, ...]), axis=(3, 4, 5))
    return close(xp, lhs, rhs, scale=scale, relation="<h * P[z](p), w_m> == (z conv (h * w_m))[p] for every patch p and filter m")


CLAIM = register(
    Claim(
        id="iclr19.appB.apodized_filters",
        title="Filtering the apodized patches with a filter is convolving the input with the apodized filter",
        where="iclr19, App. B, the paragraph before Eq. (17)",
        statement=r"\langle h \odot \mathcal P[z](p), w\rangle = \big(z \star (h \odot w)\big)(p)\quad \forall p",
        assumptions=(r"\text{patches inside the map (valid convolution)}", r"h \ge 0,\ \textstyle\sum_u h(u) = 1 \text{ (as in App. B; not needed for the identity)}"),
        check=check,
        cases=patch_instances(),
        arrays=("z", "h", "templates"),
        derive=derive,
        method="apodization.apodized_patches (valid) filtered with each template against operators.conv2d of the input "
        "with the apodized template h * w (no padding, stride 1).",
    )
)
