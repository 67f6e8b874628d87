"""report17 Thm. 6 corrected (with Eq. (67)): every layer's squared Lipschitz constant is at most
:math:`\\max_r \\|A_r\\|^2` -- :math:`\\|W\\|^2` for affine layers, :math:`\\max(1, \\eta)^2` for the leaky ReLU
(1 for ReLU and absolute value), :math:`m` for max pooling whose inputs lie in at most m windows.

Reading: the correction with Eq. (67): max_r ||A_r||^2 per layer, K squared,
spectral norm; max pooling with inputs in at most m windows.
"""

from spline_theory.claims import Claim, register
from spline_theory.lipschitz import layer_lipschitz
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.report17._lipschitz import searched_within
from spline_theory.testing.strategies import lipschitz_layer_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    return searched_within(xp, net, x, layer_lipschitz(net.layers[0], squared=True), "max_r ||A_r||^2")


CLAIM = register(
    Claim(
        id="report17.thm6-corrected",
        title="A layer's squared Lipschitz constant is max_r ||A_r||^2: ||W||^2, max(1, eta)^2 for activations, the window multiplicity for max pooling",
        where="report17, Sec. 4.3.2, Eq. (67), Thm. 6, Eq. (68)-(71)",
        statement=r"K \le \max_r \|A_r\|^2:\ K_W \le \|W\|^2,\ K_\sigma \le \max(1, \eta)^2,\ K_\rho \le \max_i \#\{\text{windows} \ni i\} \le D",
        assumptions=(r"K \text{ is the squared constant}", r"\|\cdot\| \text{ spectral norm}"),
        check=check,
        cases=lipschitz_layer_instances(),
        arrays=("x",),
        per_input="x",
        corrects="report17.thm6",
        method="lipschitz.empirical_lipschitz squared against lipschitz.layer_lipschitz (max over regions of the squared spectral norm).",
        notes="The middle inequality of Eq. (70)-(71) is the correct bound; its relaxation to D^2 is what fails (leaky ReLU with eta > D).",
    )
)
