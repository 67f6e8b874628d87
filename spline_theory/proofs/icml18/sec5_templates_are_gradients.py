"""icml18 Sec. 5.2: the template of class c is the gradient of the output,
:math:`A[x]_c = \\partial z^{(L)}(x)_c / \\partial x`, and the bias is
:math:`b[x]_c = z^{(L)}(x)_c - \\langle A[x]_{c,\\cdot}, x\\rangle`.

``Network.templates`` returns the rows of the exact affine map and the biases.
The check compares the templates with central finite differences of the
forward pass taken with a step of half the certified radius, so both points
lie in the region of x where the network is exactly affine: the difference
quotient is then exact up to round-off, whose size is the magnitude of the
summed terms divided by the step. The biases are compared with the offsets
that ``Network.affine_map`` accumulates layer by layer.

Reading: the templates of Sec. 5.1-5.2 are the rows of W^(L) A[x] (Eq. (8)),
which back-propagation returns: the gradients of the outputs; the bias is the
remainder; any network of the library.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    T, t = net.templates(x)
    _, b = net.affine_map(x)
    r = net.certified_radius(x)
    h = xp.where(xp.isfinite(r), r / 2, xp.ones_like(r))
    xmax = float(xp.max(xp.abs(x)))
    ev = [close(xp, t, b, relation="b[x]_c = z_c - <A[x]_c, x> == accumulated offsets b[x]", scale=net.term_magnitude(x))]
    if float(xp.min(h)) < 1e-3 * (1.0 + xmax):
        ev.append(undecided("A[x]_c == dz_c/dx", "an input lies within 1e-3 (1 + |x|) of its region boundary: finite differences cannot resolve the gradient"))
        return ev
    cols = []
    mags = []
    for i in range(net.D):
        e = xp.zeros((1, net.D), dtype=x.dtype)
        e[0, i] = 1.0
        step = h[:, None] * e
        cols.append((net.forward(x + step) - net.forward(x - step)) / (2 * h[:, None]))
        mags.append((net.term_magnitude(x + step) + net.term_magnitude(x - step)) / (2 * h[:, None]))
    fd = xp.stack(cols, axis=2)
    scale = xp.stack(mags, axis=2)
    ev.append(close(xp, T, fd, relation="A[x]_c == dz^(L)_c/dx (central differences inside the region)", scale=scale))
    return ev


CLAIM = register(
    Claim(
        id="icml18.sec5.templates",
        title="Templates are the gradients of the outputs, biases the remainder z_c - <A[x]_c, x>",
        where="icml18, Sec. 5.2",
        statement=r"A[x]_c = \frac{\partial [z^{(L)}(x)]_c}{\partial x},\qquad b[x]_c = z^{(L)}(x)_c - \langle A[x]_{c,\cdot}, x\rangle",
        check=check,
        cases=network_instances(),
        arrays=("x",),
        per_input="x",
        method="Templates against central finite differences with a step of half the certified radius (exact on the affine piece); "
        "biases against the offsets accumulated by Network.affine_map.",
    )
)
