"""report17 Eq. (72): the squared Lipschitz constant of a composition of spline operators is at most the product of
the layers' :math:`\\max_r \\|A^{(\\ell)}_r\\|^2`.

Reading: as printed, the product of the layers' max_r ||A_r||^2, spectral norm.
"""

from spline_theory.claims import Claim, leq, register
from spline_theory.lipschitz import composition_lipschitz, empirical_lipschitz
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import lipschitz_network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    lower = empirical_lipschitz(net, x, squared=True)
    K = composition_lipschitz(net, squared=True)
    return leq(xp, xp.asarray(lower, dtype=x.dtype), xp.asarray(K, dtype=x.dtype), relation="searched sup ||f(x)-f(y)||^2/||x-y||^2 <= prod_l max_r ||A_r^(l)||^2")


CLAIM = register(
    Claim(
        id="report17.eq72",
        title="The squared Lipschitz constant of a network is at most the product of its layers' max_r ||A_r||^2",
        where="report17, Sec. 4.3.2, Eq. (72)",
        statement=r"\|f_\Theta(x) - f_\Theta(y)\|^2 \le \Big(\prod_{\ell=1}^L \max_{r} \|A_r^{(\ell)}\|^2\Big)\|x - y\|^2",
        assumptions=(r"\|\cdot\| \text{ spectral norm}",),
        check=check,
        cases=lipschitz_network_instances(),
        arrays=("x",),
        per_input="x",
        method="lipschitz.empirical_lipschitz (squared) of MLP, CNN, BatchNorm/average-pooling, maxout and residual networks against "
        "lipschitz.composition_lipschitz (product over operators of layer_lipschitz; residual blocks contribute ||skip|| + prod branch).",
    )
)
