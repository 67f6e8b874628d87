"""report17 Sec. 5.1.2, Table 3 (PCA row): for :math:`f(x)_i = \\langle x, W_i\\rangle` with orthonormal rows
(:math:`J_f` orthonormal) and :math:`\\alpha_i = f(x)_i`, the reconstruction loss of Eq. (80) is the PCA
reconstruction error, :math:`\\|x - \\sum_i \\alpha_i\\, df(x)_i/dx\\|^2 = \\|x\\|^2 - \\|Wx\\|^2` (the inverse is the
orthogonal projection onto the span of the rows).

Reading: as printed, orthonormal rows (W W^T = I, C <= D), the PCA setting of
the row.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.inversion import reconstruction_loss
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import lipschitz_pca_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    f = net.forward(x)
    nx = xp.sum(x * x, axis=1)
    return close(xp, reconstruction_loss(net, x), nx - xp.sum(f * f, axis=1), relation="R(x) == ||x||^2 - ||W x||^2 (PCA error)", scale=nx)


CLAIM = register(
    Claim(
        id="report17.table3.pca",
        title="With orthonormal rows, the network inverse is PCA's projection and R(x) is the PCA reconstruction error",
        where="report17, Sec. 5.1.2, Table 3 (PCA row) and Eq. (80)",
        statement=r"f(x)_i = \langle x, W_i\rangle,\ J_f \text{ orthonormal},\ \alpha_i = f(x)_i:\ \Big\|x - \sum_i \alpha_i \frac{df(x)_i}{dx}\Big\|^2 = \|x\|^2 - \|Wx\|^2",
        assumptions=(r"W W^T = I \ (C \le D)",),
        check=check,
        cases=lipschitz_pca_instances(),
        arrays=("x",),
        per_input="x",
        method="inversion.reconstruction_loss of the linear network x -> W x against ||x||^2 - ||f(x)||^2 (Pythagoras for an orthogonal projection).",
    )
)
