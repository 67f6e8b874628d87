"""icml18 Sec. 4.1, corrected: if every MASO after the first is non-decreasing in each of its inputs,
the composition is convex in each output, hence a MASO (the condition is sufficient, not necessary).

Reading: the sufficient direction only, with 'non-decreasing with respect to
each of their output dimensions' read as every output of a later operator
non-decreasing in each of its inputs (the composition rule of Boyd and
Vandenberghe the paper cites).
"""

from spline_theory.claims import Claim, leq, register, undecided
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import composition_instances


def _later_nondecreasing(inst):
    import numpy as np

    net, _ = net_and_x({**inst, "x": np.asarray(inst["x"], dtype=np.float64)})
    return all(lay.is_nondecreasing() for lay in net.layers[1:])


def check(xp, inst):
    net, x = net_and_x(inst)
    y = net._batch(inst["y"])
    if not all(lay.is_nondecreasing() for lay in net.layers[1:]):
        return undecided("later operators non-decreasing", "an operator after the first is not non-decreasing: the corrected statement says nothing")
    gap = net.midpoint_convexity_gap(x, y)
    return leq(xp, gap, xp.zeros_like(gap), relation="f((x+y)/2) <= (f(x)+f(y))/2 for a composition with non-decreasing later MASOs",
               scale=net.term_magnitude(x) + net.term_magnitude(y))


CLAIM = register(
    Claim(
        id="icml18.sec4.composition-corrected",
        title="A composition of MASOs whose later operators are non-decreasing is convex (a MASO)",
        where="icml18, Sec. 4.1, paragraph after Thm. 1 (corrected)",
        statement=r"S^{(\ell)} \text{ non-decreasing for } \ell \ge 2 \implies S^{(L)} \circ \cdots \circ S^{(1)} \text{ is a MASO (convex in each output)}",
        assumptions=(r"S^{(\ell)} \text{ MASOs}",),
        check=check,
        cases=composition_instances().filter(_later_nondecreasing),  # drawn inside the hypothesis
        arrays=("x", "y"),
        corrects="icml18.sec4.composition",
        method="Midpoint convexity of every output on pairs of inputs, for compositions whose later operators are non-decreasing.",
    )
)
