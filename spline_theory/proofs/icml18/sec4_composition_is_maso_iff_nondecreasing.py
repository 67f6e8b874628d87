"""icml18 Sec. 4.1, after Thm. 1: "a composition of MASOs remains a MASO if and only if all of its
component operators (except the first) are non-decreasing with respect to each of their output dimensions".

Verdict: **fails** (the "only if" direction). The sufficient condition is
Boyd & Vandenberghe's composition rule, but it is not necessary: the
composition of the identity (a dense operator, R = 1) with the absolute value
is :math:`|x|`, a MASO, although the absolute value is not non-decreasing.
In general a dense operator followed by any MASO is a MASO (Prop. 4), whatever
the signs of the second operator's slopes. The "if" direction holds
(``icml18.sec4.composition-corrected``).

Reading: as printed, an equivalence; 'non-decreasing with respect to each of
their output dimensions' read as every output non-decreasing in each input
(Boyd and Vandenberghe); no hypothesis added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, equal, leq, register, undecided
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import composition_instances


def derive():
    t = sp.Symbol("t", real=True)
    return [
        Step("abs o identity is the MASO max(-t, t) (R = 2, B = 0)", sp.Abs(1 * t + 0), sp.Max(-t, t, evaluate=False)),
        Step("abs is not non-decreasing: |-1| > |0|", sp.Add(sp.Abs(sp.Integer(-1), evaluate=False), -sp.Abs(sp.Integer(0), evaluate=False), evaluate=False), sp.Integer(1)),
    ]


def check(xp, inst):
    net, x = net_and_x(inst)
    y = net._batch(inst["y"])
    later_nondecreasing = all(lay.is_nondecreasing() for lay in net.layers[1:])
    ev = []
    if len(net.groups()) == 1:
        # The composition is a MASO: Prop. 4 builds it, and it reproduces the network.
        S = net.group_maso(0)
        ev.append(close(xp, S(x), net.forward(x), relation="S2 o S1 == S[A, B] (the composition is a MASO)", scale=net.term_magnitude(x)))
        ev.append(equal(xp, xp.asarray(later_nondecreasing), xp.asarray(True), relation="S2 o S1 is a MASO => every operator after the first is non-decreasing"))
    if later_nondecreasing:
        gap = net.midpoint_convexity_gap(x, y)
        ev.append(leq(xp, gap, xp.zeros_like(gap), relation="later operators non-decreasing => composition convex (a MASO)", scale=net.term_magnitude(x) + net.term_magnitude(y)))
    return ev or [undecided("composition is a MASO?", "several layers with a decreasing later operator: no certificate either way")]


CLAIM = register(
    Claim(
        id="icml18.sec4.composition",
        title="A composition of MASOs is a MASO if and only if every operator after the first is non-decreasing (as printed)",
        where="icml18, Sec. 4.1, paragraph after Thm. 1",
        statement=r"S^{(L)} \circ \cdots \circ S^{(1)} \text{ is a MASO} \iff S^{(\ell)} \text{ is non-decreasing in each output dimension for } \ell \ge 2",
        assumptions=(r"S^{(\ell)} \text{ MASOs}",),
        check=check,
        cases=composition_instances(),
        arrays=("x", "y"),
        expected="fails",
        kind="error",
        derive=derive,
        counterexample={"net": {"input_shape": [1], "layers": [{"type": "Dense", "W": [[1.0]], "b": [0.0]}, {"type": "Abs"}]}, "x": [[1.0]], "y": [[-1.0]]},
        method="A dense operator followed by one MASO is a MASO (its Prop. 4 form reproduces it); the statement then requires the "
        "second operator to be non-decreasing. When every later operator is non-decreasing, midpoint convexity is checked.",
        notes="Only the necessity ('only if') is false; see icml18.sec4.composition-corrected.",
    )
)
