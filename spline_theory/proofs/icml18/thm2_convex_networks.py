"""icml18 Thm. 2: with non-negative weights after the first layer and non-decreasing convex
activations and pooling, a network is globally convex (a MASO) in each output.

The check first asks the library whether the network meets the conditions
(``Network.theorem2_conditions``; a network that does not is
``inconclusive``: the theorem says nothing about it) and then tests midpoint
convexity of every output on the pairs ``(x_i, y_i)``. The first layer may
use any convex activation (absolute value included) and any weights.

Reading: the conditions on layers 2..L as printed; layer 1 is any operator of
Props. 1-3 (the context of Thm. 1; all convex), named in the assumptions;
'globally a MASO' checked as midpoint convexity of every output, which for
piecewise-affine outputs is equivalent (Sec. 3).
"""

from spline_theory.claims import Claim, leq, register, undecided
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import convex_network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    y = net._batch(inst["y"])
    ok, reasons = net.theorem2_conditions()
    if not ok:
        return undecided("Thm. 2 conditions", "the network does not meet the conditions: " + "; ".join(reasons))
    gap = net.midpoint_convexity_gap(x, y)
    scale = net.term_magnitude(x) + net.term_magnitude(y)
    return leq(xp, gap, xp.zeros_like(gap), relation="f((x+y)/2) - (f(x)+f(y))/2 <= 0 (global convexity)", scale=scale)


CLAIM = register(
    Claim(
        id="icml18.thm2",
        title="A network with non-negative weights after the first layer and non-decreasing convex activations is convex",
        where="icml18, Sec. 4.1, Thm. 2",
        statement=r"W^{(\ell)}_{k,j} \ge 0,\ C^{(\ell)}_{k,j} \ge 0\ (\ell = 2..L),\ \sigma, \rho \text{ non-decreasing, piecewise affine, convex} \implies z^{(L)}_c \text{ is a MASO, hence convex, for every } c",
        assumptions=(r"\text{the first layer's activation is convex (a MASO, Props. 2-3)}",),
        check=check,
        cases=convex_network_instances(),
        arrays=("x", "y"),
        method="Checks the conditions with Network.theorem2_conditions, then midpoint convexity of every output on pairs of inputs.",
    )
)
