"""icml18 Thm. 1: a network of the operators of Props. 1-3 is a global affine spline operator.

For every input the output is an affine map of the input,
:math:`z^{(L)}(x) = A[x]x + b[x]`, and the map is the same on the whole region
of x. The check uses ``Network.affine_map`` (the product of the layers' local
matrices, offsets accumulated separately) and ``Network.certified_radius`` (the
exact distance to the region boundary): at a point half that distance away
the affine map must be unchanged and still reproduce the output. Networks
include residual blocks, maxout, a ReLU RNN and leaky ReLU with eta > 1
(affine splines that are not MASOs).

Reading: as printed, on the operators of Props. 1-3 and the residual and
recurrent compositions the paper lists before Thm. 1; leaky ReLU of any slope
is included (affine splines that need not be MASOs).
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.icml18._networks import ON_BOUNDARY, inside_step, matvec, net_and_x, off_boundary, unit_direction
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    A, b = net.affine_map(x)
    z = net.forward(x)
    ev = [close(xp, matvec(A, x) + b, z, relation="A[x] x + b[x] == z^(L)(x)", scale=net.term_magnitude(x))]
    x, r = off_boundary(xp, net, x)
    if x is None:
        return ev + [undecided("A[x'] == A[x], b[x'] == b[x] on the region of x", ON_BOUNDARY)]
    A, b = net.affine_map(x)
    x2 = x + inside_step(xp, r, x)[:, None] * unit_direction(xp, x)[None, :]
    A2, b2 = net.affine_map(x2)
    scale2 = net.term_magnitude(x2)
    ev.append(close(xp, matvec(A, x2) + b, net.forward(x2), relation="A[x] x' + b[x] == z^(L)(x') for x' in the region of x", scale=scale2))
    ev.append(close(xp, A2, A, relation="A[x'] == A[x] on the region of x", scale=xp.max(xp.abs(A)) + 1e-30))
    ev.append(close(xp, b2, b, relation="b[x'] == b[x] on the region of x", scale=scale2))
    return ev


CLAIM = register(
    Claim(
        id="icml18.thm1",
        title="A network of affine, activation and pooling operators is a global affine spline operator",
        where="icml18, Sec. 4.1, Thm. 1",
        statement=r"f_\Theta = S^{(L)} \circ \cdots \circ S^{(1)} \text{ is an affine spline operator: } z^{(L)}(x) = A[x]\,x + b[x],\ (A[x], b[x]) \text{ constant on each region}",
        assumptions=(r"\text{operators of Props. 1-3 (and residual / recurrent compositions of them)}",),
        check=check,
        cases=network_instances(),
        arrays=("x",),
        per_input="x",
        method="Exact affine map against the forward pass; the same map at a point half the certified radius away "
        "(inside the region) must be unchanged and reproduce the output there.",
    )
)
