"""report17 Thm. 6, Eq. (70): An activation layer's squared Lipschitz constant is at most D^2 (D the output dimension)

Read squared, as printed: :math:`\\|f(x_1)-f(x_2)\\|^2 \\le K\\|x_1-x_2\\|^2`, :math:`\\|\\cdot\\|` the spectral norm.
The leaky ReLU of report17 Sec. 2 (any eta > 0) with eta > D has slope eta on negative inputs: K = eta^2 > D^2 (plain reading: fails for eta > D^2). The middle bound max_r ||A_sigma,r||^2 = max(1, eta)^2 holds: report17.eq70-corrected.

Reading: report17's own leaky ReLU (Sec. 2: :math:`\\max(u, 0) + \\min(\\eta u, 0)`,
i.e. :math:`t` for :math:`t > 0` and :math:`\\eta t` otherwise, any :math:`\\eta > 0`;
the network layer ``LeakyReLU(eta)``). icml18 defines the leaky ReLU differently,
:math:`\\max(\\eta u, u)` (``icml18.prop2``); the two agree for :math:`\\eta \\le 1`.
"""

from spline_theory.claims import Claim, register
from spline_theory.lipschitz import printed_layer_lipschitz
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.report17._lipschitz import searched_within
from spline_theory.testing.strategies import lipschitz_layer_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    return searched_within(xp, net, x, printed_layer_lipschitz(net.layers[0]), "D^2")


CLAIM = register(
    Claim(
        id="report17.eq70",
        title="An activation layer's squared Lipschitz constant is at most D^2 (D the output dimension)",
        where="report17, Sec. 4.3.2, Thm. 6, Eq. (70)",
        statement=r"\|A_\sigma[x_1]x_1 - A_\sigma[x_2]x_2\|^2 \le \max_r \|A_{\sigma,r}\|^2\|x_1 - x_2\|^2 \le D^2\|x_1 - x_2\|^2",
        assumptions=(r"K \text{ is the squared constant}", r"\|\cdot\| \text{ spectral norm}"),
        check=check,
        cases=lipschitz_layer_instances(kinds=("act",)),
        arrays=("x",),
        per_input="x",
        method="lipschitz.empirical_lipschitz (multi-start ascent, largest local slope ||A[x]||) squared, against lipschitz.printed_layer_lipschitz.",
        expected="fails",
        kind="error",
        counterexample={"net": {"input_shape": [1], "layers": [{"type": "LeakyReLU", "eta": 2.0}]}, "x": [[-1.0], [-2.0], [0.5]]},
        notes="Counterexample: the leaky ReLU with eta = 2 on R^1 has K = 4 > D^2 = 1. See report17.eq70-corrected.",
    )
)
