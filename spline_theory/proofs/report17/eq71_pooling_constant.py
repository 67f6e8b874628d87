"""report17 Thm. 6, Eq. (71): A max-pooling layer's squared Lipschitz constant is at most D^2 (D the output dimension)

Read squared, as printed: :math:`\\|f(x_1)-f(x_2)\\|^2 \\le K\\|x_1-x_2\\|^2`, :math:`\\|\\cdot\\|` the spectral norm.
Max pooling with overlapping windows included: max_r ||A_rho,r||^2 is the largest number of windows sharing an input, at most D.

Reading: K squared, spectral norm; max pooling of the library (overlapping
windows included); the printed bound D^2 holds.
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
        id="report17.eq71",
        title="A max-pooling layer's squared Lipschitz constant is at most D^2 (D the output dimension)",
        where="report17, Sec. 4.3.2, Thm. 6, Eq. (71)",
        statement=r"\|A_\rho[x_1]x_1 - A_\rho[x_2]x_2\|^2 \le \max_r \|A_{\rho,r}\|^2\|x_1 - x_2\|^2 \le D^2\|x_1 - x_2\|^2",
        assumptions=(r"K \text{ is the squared constant}", r"\|\cdot\| \text{ spectral norm}"),
        check=check,
        cases=lipschitz_layer_instances(kinds=("MaxPool",)),
        arrays=("x",),
        per_input="x",
        method="lipschitz.empirical_lipschitz (multi-start ascent, largest local slope ||A[x]||) squared, against lipschitz.printed_layer_lipschitz.",
    )
)
