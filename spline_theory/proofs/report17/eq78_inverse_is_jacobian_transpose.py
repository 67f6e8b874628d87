"""report17 Eq. (78)-(79): the inverse is the transposed Jacobian applied to the output,
:math:`f^{-1}(x) = A[x]^T f(x) = (df(x)/dx)^T f(x)`, with :math:`A[x] = df/dx`.

Reading: as printed, A[x] = df/dx (icml18 Sec. 5.2); any network.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.inversion import network_inverse
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import lipschitz_inversion_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    f = net.forward(x)
    f = xp.reshape(f, (f.shape[0], -1))
    J = net.jacobian(x)
    rhs = (xp.matrix_transpose(J) @ f[:, :, None])[..., 0]
    scale = (xp.matrix_transpose(xp.abs(J)) @ xp.abs(f)[:, :, None])[..., 0]
    return close(xp, network_inverse(net, x), rhs, relation="A[x]^T (A[x]x + b[x]) == (df/dx)^T f(x)", scale=scale)


CLAIM = register(
    Claim(
        id="report17.eq78",
        title="The network inverse is the transposed Jacobian applied to the network output",
        where="report17, Sec. 5.1.2, Eq. (78)-(79)",
        statement=r"f^{-1}(x, A[x], b[x]) = A[x]^T(A[x]x + b[x]) = A[x]^T f(x;\Theta) = \frac{df(x;\Theta)}{dx}^T f(x;\Theta)",
        check=check,
        cases=lipschitz_inversion_instances(),
        arrays=("x",),
        per_input="x",
        method="inversion.network_inverse against Network.jacobian(x)^T Network.forward(x) (the Jacobian by the network's "
        "backward products, the output by its forward pass).",
    )
)
