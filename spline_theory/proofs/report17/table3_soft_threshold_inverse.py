"""report17 Sec. 5.1.2, Table 3 (soft wavelet thresholding row): for :math:`f(x)_i = \\max(\\langle x, W_i\\rangle - t_i, 0)`
with thresholds :math:`t_i \\ge 0` and :math:`\\alpha_i = f(x)_i`, the network inverse of Eq. (78) is the
soft-thresholding synthesis :math:`\\sum_i \\max(\\langle x, W_i\\rangle - t_i, 0)\\, W_i`.

The printed :math:`f(x)_i = \\max(\\langle x, W_i\\rangle - b_i, 0)\\,\\mathrm{sign}(\\langle x, W_i\\rangle)` keeps only the
positive side (the sign factor is +1 wherever the max is nonzero when :math:`b_i \\ge 0`): a dense layer with bias
:math:`-t` followed by a ReLU.

Reading: as printed, thresholds t_i >= 0; inputs off the thresholds (certified
radius > 0), where df/dx exists.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.inversion import network_inverse
from spline_theory.proofs.icml18._networks import ON_BOUNDARY, net_and_x, off_boundary, require_layers
from spline_theory.testing.strategies import lipschitz_threshold_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    require_layers(net, "one thresholding layer max(<x, W_i> - t_i, 0): a Dense operator followed by a ReLU", ("Dense",), ("ReLU",))
    W = net.layers[0].W
    # an input within round-off of a threshold (<x, W_i> = t_i) has no decided region: the inverse's A[x] and the
    # forward pass may take different sides of the kink there (float32: 1/3 * 1/3 * 3 - 1/3 = 2e-8, not 0)
    x, _ = off_boundary(xp, net, x)
    if x is None:
        return undecided("(df/dx)^T f(x) == sum_i max(<x, W_i> - t_i, 0) W_i", ON_BOUNDARY)
    f = net.forward(x)  # max(<x, W_i> - t_i, 0)
    rhs = f @ W
    scale = xp.abs(f) @ xp.abs(W)
    return close(xp, network_inverse(net, x), rhs, relation="(df/dx)^T f(x) == sum_i max(<x, W_i> - t_i, 0) W_i", scale=scale)


CLAIM = register(
    Claim(
        id="report17.table3.soft_threshold",
        title="For a thresholding layer max(Wx - t, 0), the network inverse is the soft-thresholding synthesis",
        where="report17, Sec. 5.1.2, Table 3 (soft wavelet thresholding row) and Eq. (78)",
        statement=r"f(x)_i = \max(\langle x, W_i\rangle - b_i, 0)\,\mathrm{sign}(\langle x, W_i\rangle),\ \alpha_i = f(x)_i:\ \sum_i \alpha_i \frac{df(x)_i}{dx} = \sum_i \max(\langle x, W_i\rangle - b_i, 0)\, W_i",
        assumptions=(r"b_i \ge 0",),
        check=check,
        cases=lipschitz_threshold_instances(),
        arrays=("x",),
        per_input="x",
        method="inversion.network_inverse of Dense(W, -t) + ReLU against the thresholded coefficients (forward pass) synthesized with the rows of W.",
    )
)
