"""icml18 Cor. 1 as printed: for a network meeting Thm. 2, Eq. (10) collapses to the joint
maximum of Eq. (11), whose left-hand side is printed as :math:`z^{(L-1)}(x)`.

Verdict: **fails**. The right-hand side of Eq. (11) applies the classifier
:math:`W^{(L)}` and adds :math:`b_W^{(L)}`, so it is the *output*
:math:`z^{(L)}(x)`, not the penultimate feature map :math:`z^{(L-1)}(x)`.
Counterexample: the network :math:`x \\mapsto 2\\,\\mathrm{ReLU}(x)` (layers
Dense(1, 0), ReLU, Dense(2, 0)) at :math:`x = 1`: :math:`z^{(L-1)} = 1` while the
right-hand side is 2. With the left-hand side read as :math:`z^{(L)}(x)` the
statement holds (``icml18.cor1-corrected``).

Reading: as printed, left side z^(L-1)(x), on the networks of Thm. 2 that the
strategy draws; no hypothesis added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import convex_network_instances


def derive():
    x = sp.Integer(1)
    z_penultimate = sp.Max(0, x)  # z^(L-1) of x -> 2 ReLU(x)
    rhs = 2 * sp.Max(0 * x, 1 * x)  # W^(L) max_r (A_r x + B_r) + b_W with W = 2, b_W = 0
    return [Step("x -> 2 ReLU(x) at x = 1: z^(L-1)(x) differs from the right-hand side of Eq. (11)", z_penultimate, rhs, relation="!=")]


def check(xp, inst):
    net, x = net_and_x(inst)
    s, _ = net.groups()[-1]
    lhs = net.feature_maps(x)[s]  # z^(L-1): the input of the final affine layer
    rhs = net.joint_max_template_matching(x)
    return close(xp, lhs, rhs, relation="z^(L-1)(x) == W^(L) max_{r^(L-1),...,r^(1)}(...) + b_W^(L) (Eq. 11 as printed)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="icml18.cor1",
        title="For a network meeting Thm. 2, z^(L-1)(x) is the joint (globally optimal) template matching (as printed)",
        where="icml18, Sec. 5.1, Cor. 1, Eq. (11)",
        statement=r"z^{(L-1)}(x) = W^{(L)}\max_{r^{(L-1)},\dots,r^{(1)}}\Big(A^{(L-1)}_{r^{(L-1)}}\big(\cdots(A^{(1)}_{r^{(1)}}x + B^{(1)}_{r^{(1)}}) + B^{(2)}_{r^{(2)}}\cdots\big) + B^{(L-1)}_{r^{(L-1)}}\Big) + b_W^{(L)}",
        assumptions=(r"\text{the network meets Thm. 2}",),
        check=check,
        cases=convex_network_instances(),
        arrays=("x", "y"),
        expected="fails",
        kind="typo",
        derive=derive,
        counterexample={
            "net": {"input_shape": [1], "layers": [{"type": "Dense", "W": [[1.0]], "b": [0.0]}, {"type": "ReLU"}, {"type": "Dense", "W": [[2.0]], "b": [0.0]}]},
            "x": [[1.0]],
            "y": [[1.0]],
        },
        method="Network.joint_max_template_matching enumerates every configuration of regions of the layers before the "
        "classifier, takes the maximum per unit and applies W^(L), b_W^(L); compared with the penultimate feature map.",
        notes="The index of the left-hand side is off by one; see icml18.cor1-corrected.",
    )
)
