"""icml18 Sec. 4.1, remark before Thm. 2: a network meeting the conditions of Thm. 2 is
multiconvex in its parameters (convex in the parameters of each layer, the others fixed).

The check changes the weights and bias of one dense operator between two
values (both non-negative after the first nonlinear layer, so the network
stays in the class) and tests midpoint convexity of the output in them.

Reading: 'multiconvex with respect to its parameters' as convex in the
parameters of each dense operator with the others fixed; both parameter values
stay in Thm. 2's class (named: the paper states it for that class only).
"""

from spline_theory.claims import Claim, leq, register, undecided
from spline_theory.layers import Dense
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import multiconvexity_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    i = int(inst["layer"])
    old = net.layers[i]
    W1, b1 = old.W, old.b
    W2, b2 = xp.astype(xp.asarray(inst["W_alt"]), W1.dtype), xp.astype(xp.asarray(inst["b_alt"]), W1.dtype)
    nets = [net.replace_layer(i, Dense(W, b)) for W, b in ((W1, b1), (W2, b2), ((W1 + W2) / 2, (b1 + b2) / 2))]
    if not all(n.theorem2_conditions()[0] for n in nets):
        return undecided("Thm. 2 conditions", "a parameter value leaves the class of Thm. 2")
    f1, f2, fm = (n.forward(x) for n in nets)
    scale = nets[0].term_magnitude(x) + nets[1].term_magnitude(x)
    return leq(xp, fm, (f1 + f2) / 2, relation=f"f(x; theta_mid) <= (f(x; theta_1) + f(x; theta_2))/2 in the parameters of layers[{i}]", scale=scale)


CLAIM = register(
    Claim(
        id="icml18.thm2.multiconvexity",
        title="A network meeting Thm. 2 is convex in the parameters of each layer (multiconvex)",
        where="icml18, Sec. 4.1, paragraph before Thm. 2",
        statement=r"\text{A DN meeting Thm. 2 is convex in } x \text{ and multiconvex in } (\theta^{(1)}, \dots, \theta^{(L)})",
        assumptions=(r"\text{both parameter values keep the network in the class of Thm. 2}",),
        check=check,
        cases=multiconvexity_instances(),
        arrays=("x", "y", "W_alt", "b_alt"),
        method="Midpoint convexity of the output in the weights and bias of one dense operator, the other layers fixed.",
    )
)
