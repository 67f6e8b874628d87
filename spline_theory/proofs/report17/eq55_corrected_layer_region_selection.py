"""report17 Sec. 3.4.2, Thm. 4, Eq. (55), corrected: :math:`S_\\sigma(Wx + b) = A_{\\sigma,r^*}(Wx + b) + b_{\\sigma,r^*}`
with :math:`r^* = \\arg\\max_r \\langle A_r(Wx + b) + b_r, \\mathbf 1\\rangle`, for convex activations.

An input where the arg-max is decided by a gap below the round-off of the
output sums (two configurations with different outputs tie within round-off,
e.g. :math:`1 + 10^{-38} = 1` in float64) is undecided, not a counterexample
(``region_by_output_sum(..., return_gap=True)``).

Reading: the correction (the slope acts on Wx + b); Thm. 4's convex activations
(ReLU, absolute value, leaky ReLU with 0 < eta <= 1, where report17's leaky
ReLU is convex); arg-max decided only beyond round-off.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.report17.eq55_layer_region_selection import TIE, selected
from spline_theory.proofs.slides.fc_activation_composition import _cases


def check(xp, inst):
    net, x = net_and_x(inst)
    x, u, A_r, b_r = selected(xp, net, x)
    if x.shape[0] == 0:
        return undecided("S_sigma(Wx + b) == A_sigma,r* (Wx + b) + b_sigma,r*", TIE)
    return close(xp, (A_r @ u[:, :, None])[..., 0] + b_r, net.forward(x), relation="S_sigma(Wx + b) == A_sigma,r* (Wx + b) + b_sigma,r*", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.eq55-corrected",
        title="A convex layer is A_sigma,r* (Wx + b) + b_sigma,r* with r* maximizing the output sum",
        where="report17, Sec. 3.4.2, Thm. 4, Eq. (55) (corrected)",
        statement=r"S_\sigma(Wx + b) = A_{\sigma,r^*}(Wx + b) + b_{\sigma,r^*},\quad r^* = \arg\max_{r}\langle A_r(Wx + b) + b_r, \mathbf 1\rangle",
        assumptions=(r"\sigma \text{ convex: ReLU, leaky ReLU } (0 < \eta \le 1), \text{ absolute value}",),
        check=check,
        cases=_cases(),
        arrays=("x",),
        per_input="x",
        corrects="report17.eq55",
        method="The activation's MASO piece maximizing the output sum at Wx + b (region_by_output_sum), applied to Wx + b, against the layer output.",
    )
)
