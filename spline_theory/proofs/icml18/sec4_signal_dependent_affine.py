"""icml18 Sec. 4.1, "DNs are signal-dependent affine transformations": every feature map
:math:`z^{(\\ell)}(x)` is an affine function of x that depends only on the region of x.

For every l the check takes the affine map of the first l operators at x,
verifies that it reproduces :math:`z^{(\\ell)}(x)`, and that at a point inside
the region of x (half the certified radius of the network away) the same
map still reproduces :math:`z^{(\\ell)}`.

Reading: as printed, for every feature map l, on networks of the operators of
Props. 1-3 and their residual and recurrent compositions.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.icml18._networks import ON_BOUNDARY, inside_step, matvec, net_and_x, off_boundary, unit_direction
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    maps = net.feature_maps(x)
    ev = []
    for ell in range(1, len(net.layers) + 1):
        sub = net.subnetwork(0, ell)
        A, b = sub.affine_map(x)
        ev.append(close(xp, matvec(A, x) + b, maps[ell], relation=f"z^({ell})(x) == A^({ell})[x] x + b^({ell})[x]", scale=sub.term_magnitude(x)))
    x, r = off_boundary(xp, net, x)
    if x is None:
        return ev + [undecided("z^(l)(x') == A^(l)[x] x' + b^(l)[x] for x' in the region of x", ON_BOUNDARY)]
    x2 = x + inside_step(xp, r, x)[:, None] * unit_direction(xp, x)[None, :]
    maps2 = net.feature_maps(x2)
    for ell in range(1, len(net.layers) + 1):
        sub = net.subnetwork(0, ell)
        A, b = sub.affine_map(x)
        ev.append(close(xp, matvec(A, x2) + b, maps2[ell], relation=f"z^({ell})(x') == A^({ell})[x] x' + b^({ell})[x] for x' in the region of x", scale=sub.term_magnitude(x2)))
    return ev


CLAIM = register(
    Claim(
        id="icml18.sec4.signal_dependent_affine",
        title="Every feature map is a signal-dependent affine function of the input",
        where="icml18, Sec. 4.1, paragraph 'DNs are Signal-Dependent Affine Transformations'",
        statement=r"z^{(\ell)}(x) = A^{(\ell)}[x]\,x + b^{(\ell)}[x],\ \ell = 1..L, \text{ with } (A^{(\ell)}[x], b^{(\ell)}[x]) \text{ fixed by the region of } x",
        check=check,
        cases=network_instances(),
        arrays=("x",),
        per_input="x",
        method="Affine map of each prefix of the network at x against the feature map at x and at a point inside the region of x.",
    )
)
