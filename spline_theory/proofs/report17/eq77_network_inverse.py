"""report17 Eq. (77): the inverse of a network, :math:`f^{-1}(x) = A[x]^T(A[x]x + b[x])`, is the sum of its
templates weighted by their template-matching outputs, :math:`\\sum_c (\\langle A[x]_c, x\\rangle + b[x]_c) A[x]_c`.

Reading: as printed: the definition A[x]^T (A[x] x + b[x]) expanded as the sum
of templates weighted by their outputs; any network.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.inversion import network_inverse
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import lipschitz_inversion_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    A, b = net.templates(x)
    z = xp.sum(A * x[:, None, :], axis=2) + b  # <A_c, x> + b_c
    rhs = xp.sum(z[:, :, None] * A, axis=1)
    scale = xp.sum(xp.abs(z)[:, :, None] * xp.abs(A), axis=1) + xp.sum((xp.abs(A) @ xp.abs(x)[:, :, None])[..., 0][:, :, None] * xp.abs(A), axis=1)
    return close(xp, network_inverse(net, x), rhs, relation="f^-1(x) == sum_c (<A_c, x> + b_c) A_c", scale=scale)


CLAIM = register(
    Claim(
        id="report17.eq77",
        title="The network inverse A[x]^T(A[x]x + b[x]) is the sum of the templates weighted by their outputs",
        where="report17, Sec. 5.1.1, Eq. (77)",
        statement=r"f_\Theta^{-1}(X_n) = A[X_n]^T(A[X_n]X_n + b[X_n]) = \sum_{c=1}^C (\langle A[X_n]_c, X_n\rangle + b[X_n]_c)\,A[X_n]_c",
        check=check,
        cases=lipschitz_inversion_instances(),
        arrays=("x",),
        per_input="x",
        method="inversion.network_inverse (A[x]^T applied to A[x]x + b[x], from Network.affine_map) against the weighted sum of the "
        "templates of Network.templates (row by row).",
    )
)
