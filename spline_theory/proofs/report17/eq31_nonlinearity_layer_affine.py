"""report17 Sec. 3.2.1, Eq. (31) as printed: a nonlinearity layer is
:math:`f_\\sigma^{(\\ell)}(z^{(\\ell-1)}) = A_\\sigma^{(\\ell)}[z^{(\\ell-1)}] + b[z^{(\\ell-1)}]`.

Verdict: **fails**. The input is missing from the right-hand side: the
signal-dependent matrix must multiply it, as Eq. (30) defines,
:math:`A[x]x + b[x]`. As printed the right-hand side is a matrix plus a vector;
read row-wise as the sum of each row of :math:`A_\\sigma[z]` plus :math:`b`, it
gives 1 instead of 2 for a ReLU at :math:`z = 2`. Corrected:
``report17.eq31-corrected`` (with the printed sets :math:`\\mathbf A_{relu}`,
:math:`\\mathbf A_{lrelu}`, :math:`\\mathbf A_{abs}` of diagonal matrices).

Reading: as printed, A_sigma[z] + b[z] (a matrix plus a vector, read row-wise,
the only way the sum is defined); no hypothesis added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.proofs.icml18._networks import ACTIVATIONS, net_and_x, require_layers
from spline_theory.testing.strategies import activation_layer_instances


def derive():
    z = sp.Integer(2)
    return [Step("ReLU at z = 2: A[z] + b[z] = 1 + 0 differs from f(z) = 2", sp.Integer(1) + 0, sp.Max(0, z), relation="!=")]


def check(xp, inst):
    net, z = net_and_x(inst)
    require_layers(net, "a network that is one elementwise nonlinearity layer (ReLU, leaky ReLU or absolute value)", ACTIVATIONS)
    (A, _), = net.layer_factors(z)  # A_sigma[z]: (N, K, K) diagonal
    b = xp.zeros_like(z)
    printed = xp.sum(A, axis=2) + b  # A_sigma[z] + b[z], row sums (no multiplication by z)
    return close(xp, printed, net.forward(z), relation="A_sigma[z] + b[z] == f_sigma(z) (Eq. 31 as printed)", scale=net.term_magnitude(z))


CLAIM = register(
    Claim(
        id="report17.eq31",
        title="A nonlinearity layer is A_sigma[z] + b[z] (as printed: the input is missing)",
        where="report17, Sec. 3.2.1 'Nonlinearity layers', Eq. (31)",
        statement=r"f_\sigma^{(\ell)}(z^{(\ell-1)}) = S_\sigma^{(\ell)}[\mathbf{A}_\sigma, \mathbf{b}_\sigma, \Omega_\sigma^S](z^{(\ell-1)}) = \mathbf{A}_\sigma^{(\ell)}[z^{(\ell-1)}] + \mathbf{b}[z^{(\ell-1)}]",
        assumptions=(r"\text{a matrix plus a vector read row-wise (the sum of each row plus the offset)}",),
        check=check,
        cases=activation_layer_instances(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="typo",
        derive=derive,
        counterexample={"net": {"input_shape": [1], "layers": [{"type": "ReLU"}]}, "x": [[2.0]]},
        method="A_sigma[z] of the library's activation layer (Network.layer_factors) added to b[z] = 0 without multiplying z, against the layer output.",
        notes="The printed formula drops the input; see report17.eq31-corrected.",
    )
)
