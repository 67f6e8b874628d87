"""report17 Thm. 6, Eq. (70): An activation layer's squared Lipschitz constant is at most its largest squared slope, max(1, eta)^2

Read squared, as printed: :math:`\\|f(x_1)-f(x_2)\\|^2 \\le K\\|x_1-x_2\\|^2`, :math:`\\|\\cdot\\|` the spectral norm.
1 for ReLU and absolute value, max(1, eta)^2 for the leaky ReLU.

Reading: the correction: the largest squared slope, max(1, eta)^2 for
report17's leaky ReLU, 1 for ReLU and absolute value.
"""

from spline_theory.claims import Claim, register
from spline_theory.lipschitz import layer_lipschitz
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.report17._lipschitz import searched_within
from spline_theory.testing.strategies import lipschitz_layer_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    return searched_within(xp, net, x, layer_lipschitz(net.layers[0]), "max(1, eta)^2")


CLAIM = register(
    Claim(
        id="report17.eq70-corrected",
        title="An activation layer's squared Lipschitz constant is at most its largest squared slope, max(1, eta)^2",
        where="report17, Sec. 4.3.2, Thm. 6, Eq. (70)",
        statement=r"\|\sigma(x_1) - \sigma(x_2)\|^2 \le \max_r \|A_{\sigma,r}\|^2\|x_1 - x_2\|^2 = \max(1, \eta)^2\|x_1 - x_2\|^2",
        assumptions=(r"K \text{ is the squared constant}", r"\|\cdot\| \text{ spectral norm}"),
        check=check,
        cases=lipschitz_layer_instances(kinds=("act",)),
        arrays=("x",),
        per_input="x",
        method="lipschitz.empirical_lipschitz (multi-start ascent, largest local slope ||A[x]||) squared, against lipschitz.layer_lipschitz.",
        corrects="report17.eq70",
    )
)
