"""icml18 Cor. 1, corrected: for a network meeting Thm. 2 the output :math:`z^{(L)}(x)` equals the
joint maximum of Eq. (11) over all region configurations (and so the greedy Eq. (10)).

Why: after the first layer every layer MASO has non-negative slopes
(non-negative weights times non-decreasing activations), so a maximum taken
inside can be moved outside: greedy and joint maximization agree.

Reading: Eq. (11) with its left side read as the output z^(L)(x), since the
right side applies W^(L) and adds b_W^(L); the networks of Thm. 2
(convex_network_instances: dense and convolutional, non-negative weights after
the first layer); each maximum is per unit of z^(L-1), as in Eq. (5). No other
hypothesis.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import convex_network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    ok, reasons = net.theorem2_conditions()
    if not ok:
        return undecided("Thm. 2 conditions", "; ".join(reasons))
    return close(xp, net.forward(x), net.joint_max_template_matching(x),
                 relation="z^(L)(x) == W^(L) max_{r^(L-1),...,r^(1)}(...) + b_W^(L)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="icml18.cor1-corrected",
        title="For a network meeting Thm. 2 the output is the joint (globally optimal) template matching",
        where="icml18, Sec. 5.1, Cor. 1, Eq. (11) (corrected)",
        statement=r"z^{(L)}(x) = W^{(L)}\max_{r^{(L-1)},\dots,r^{(1)}}\Big(A^{(L-1)}_{r^{(L-1)}}\big(\cdots(A^{(1)}_{r^{(1)}}x + B^{(1)}_{r^{(1)}})\cdots\big) + B^{(L-1)}_{r^{(L-1)}}\Big) + b_W^{(L)}",
        assumptions=(r"\text{the network meets Thm. 2}", r"\text{the maximum is taken per unit of } z^{(L-1)}"),
        check=check,
        cases=convex_network_instances(),
        arrays=("x", "y"),
        corrects="icml18.cor1",
        method="Joint maximum over every configuration of regions (Network.joint_max_template_matching) against the forward pass.",
    )
)
