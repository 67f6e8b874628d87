"""report17 Thm. 6, Eq. (68): A dense layer's squared Lipschitz constant is at most ||W||^2

Read squared, as printed: :math:`\\|f(x_1)-f(x_2)\\|^2 \\le K\\|x_1-x_2\\|^2`, :math:`\\|\\cdot\\|` the spectral norm.

Reading: K read as the squared constant, as the proof of Thm. 6 uses it, with
the spectral norm; no other hypothesis.
"""

from spline_theory.claims import Claim, register
from spline_theory.lipschitz import printed_layer_lipschitz
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.report17._lipschitz import searched_within
from spline_theory.testing.strategies import lipschitz_layer_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    return searched_within(xp, net, x, printed_layer_lipschitz(net.layers[0]), "||W||^2")


CLAIM = register(
    Claim(
        id="report17.eq68",
        title="A dense layer's squared Lipschitz constant is at most ||W||^2",
        where="report17, Sec. 4.3.2, Thm. 6, Eq. (68)",
        statement=r"\|Wx_1 + b - (Wx_2 + b)\|^2 \le \|W\|^2\|x_1 - x_2\|^2",
        assumptions=(r"K \text{ is the squared constant}", r"\|\cdot\| \text{ spectral norm}"),
        check=check,
        cases=lipschitz_layer_instances(kinds=("Dense",)),
        arrays=("x",),
        per_input="x",
        method="lipschitz.empirical_lipschitz (multi-start ascent, largest local slope ||A[x]||) squared, against lipschitz.printed_layer_lipschitz.",
    )
)
