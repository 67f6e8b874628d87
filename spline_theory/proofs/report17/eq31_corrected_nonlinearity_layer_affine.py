"""report17 Sec. 3.2.1, Eq. (31), corrected: :math:`f_\\sigma(z) = A_\\sigma[z]\\,z + b[z]` with
:math:`b = 0` and :math:`A_\\sigma[z]` in the printed sets :math:`\\mathbf A_{relu} = \\{\\mathrm{diag}(v) : v \\in \\{0,1\\}^K\\}`,
:math:`\\mathbf A_{lrelu} = \\{\\mathrm{diag}(v) : v \\in \\{\\eta,1\\}^K\\}`, :math:`\\mathbf A_{abs} = \\{\\mathrm{diag}(v) : v \\in \\{-1,1\\}^K\\}`.

Reading: the correction: A_sigma[z] z + b[z] with b = 0 and A_sigma[z] in the
printed sets (diagonal 0/1, 1/eta, +-1 matrices); ReLU, absolute value and
leaky ReLU of any eta.
"""

from spline_theory.claims import Claim, close, equal, register
from spline_theory.proofs.icml18._networks import ACTIVATIONS, matvec, net_and_x, require_layers
from spline_theory.testing.strategies import activation_layer_instances


def check(xp, inst):
    net, z = net_and_x(inst)
    require_layers(net, "a network that is one elementwise nonlinearity layer (ReLU, leaky ReLU or absolute value)", ACTIVATIONS)
    (A, b), = net.layer_factors(z)
    act = net.layers[0]
    lo, hi = act.slopes
    K = z.shape[1]
    eye = xp.eye(K, dtype=z.dtype)
    diag = xp.sum(A * eye, axis=2)
    allowed = (diag == lo) | (diag == hi)
    return [
        close(xp, matvec(A, z) + b, net.forward(z), relation="A_sigma[z] z + b[z] == f_sigma(z)", scale=net.term_magnitude(z)),
        equal(xp, A * (1 - eye), xp.zeros_like(A), relation="A_sigma[z] is diagonal"),
        equal(xp, allowed, xp.ones_like(allowed), relation=f"diagonal entries in {{{lo}, {hi}}} (the printed set for {type(act).__name__})"),
        equal(xp, b, xp.zeros_like(b), relation="b[z] == 0"),
    ]


CLAIM = register(
    Claim(
        id="report17.eq31-corrected",
        title="A nonlinearity layer is A_sigma[z] z with A_sigma[z] a diagonal matrix of the activation's slopes",
        where="report17, Sec. 3.2.1 'Nonlinearity layers', Eq. (31) (corrected) and the sets after it",
        statement=r"f_\sigma^{(\ell)}(z) = \mathbf{A}_\sigma^{(\ell)}[z]\,z + \mathbf{b}[z],\ \mathbf{b} = \{0\},\ \mathbf{A}_{relu} = \{\mathrm{diag}(v) \mid v \in \{0,1\}^K\},\ \mathbf{A}_{lrelu} = \{\mathrm{diag}(v) \mid v \in \{\eta,1\}^K\},\ \mathbf{A}_{abs} = \{\mathrm{diag}(v) \mid v \in \{-1,1\}^K\}",
        check=check,
        cases=activation_layer_instances(),
        arrays=("x",),
        per_input="x",
        corrects="report17.eq31",
        method="A_sigma[z] of the library's activation layer (Network.layer_factors): it must reproduce the layer as A z + b, be diagonal with "
        "entries in the printed set, and b must be 0.",
    )
)
