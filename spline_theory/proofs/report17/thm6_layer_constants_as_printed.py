"""report17 Thm. 6, Eq. (68)-(71), as printed: the squared Lipschitz constants of dense and convolutional layers are
:math:`\\|W\\|^2`, :math:`\\|C\\|^2`, and of activations and max pooling at most :math:`D^2` (D the output dimension).

Read squared, as printed (:math:`\\|f(x_1)-f(x_2)\\|^2 \\le K\\|x_1-x_2\\|^2`). The bound :math:`D^2` fails
for the leaky ReLU the report defines with any :math:`\\eta > 0` (report17 Sec. 2): with
:math:`\\eta > D` its slope on negative inputs is :math:`\\eta`, so :math:`K_\\sigma = \\eta^2 > D^2`
(the plain reading :math:`K \\le D^2` fails on the same instance, :math:`\\eta > D^2`). The middle
inequality of Eq. (70), :math:`\\max_r \\|A_{\\sigma,r}\\|^2`, holds: report17.thm6-corrected.

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
    return searched_within(xp, net, x, printed_layer_lipschitz(net.layers[0]), "printed K (||W||^2, ||C||^2 or D^2)")


CLAIM = register(
    Claim(
        id="report17.thm6",
        title="Squared Lipschitz constants of layers: ||W||^2 for dense / conv, at most D^2 for activations and max pooling",
        where="report17, Sec. 4.3.2, Thm. 6, Eq. (68)-(71)",
        statement=r"K_W \le \|W\|^2,\quad K_C \le \|C\|^2,\quad K_\sigma \le \max_r \|A_{\sigma,r}\|^2 \le D^2,\quad K_\rho \le \max_r \|A_{\rho,r}\|^2 \le D^2",
        assumptions=(r"K \text{ is the squared constant: } \|f(x_1)-f(x_2)\|^2 \le K \|x_1-x_2\|^2", r"\|\cdot\| \text{ of a matrix: spectral norm}", r"\text{leaky ReLU } \eta > 0 \text{ (report17 Sec. 2)}"),
        check=check,
        cases=lipschitz_layer_instances(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="error",
        counterexample={"net": {"input_shape": [1], "layers": [{"type": "LeakyReLU", "eta": 2.0}]}, "x": [[-1.0], [-2.0], [0.5]]},
        method="lipschitz.empirical_lipschitz (multi-start ascent of the secant ratio and of ||A[x]||) squared, against "
        "lipschitz.printed_layer_lipschitz (||W||^2 for affine layers, D^2 for activations and max pooling).",
        notes="Counterexample: the leaky ReLU with eta = 2 on R^1 has K = 4 > D^2 = 1. See report17.thm6-corrected.",
    )
)
