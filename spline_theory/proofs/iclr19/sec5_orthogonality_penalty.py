"""iclr19 Sec. 5: the orthogonality penalty, its gradient, and its zeros.

For the experiment of Table 2, Sec. 5 adds to the loss
:math:`\\lambda \\sum_k \\sum_{k' \\ne k} \\sum_{r, r'} \\langle [A]_{k,r,\\cdot}, [A]_{k',r',\\cdot}\\rangle^2`,
which "penalizes non-orthogonality (recall (11))": it is non-negative and
vanishes on slopes that satisfy Eq. (11). Training uses its gradient, so the
library's closed-form gradient is checked too: the penalty is a quartic
polynomial, so along a direction E the five-point stencil
:math:`[8(P(A+hE)-P(A-hE)) - (P(A+2hE)-P(A-2hE))]/(12h)` is its exact
directional derivative (the stencil is exact for polynomials of degree <= 4).

Reading: the penalty as printed, lambda = 1 as in the paper's experiment:
non-negative, zero under (11), and its gradient; the accuracies of Table 2 are
an experiment and are not checked.
"""

from spline_theory.claims import Claim, close, leq, register
from spline_theory.factorial import is_orthogonal_slopes, orthogonality_penalty, orthogonality_penalty_grad
from spline_theory.testing.strategies import penalty_instances


def _quartic(xp, A):
    """:math:`\\sum_{k,r,k',r'} |a|^2 |a'|^2`, the size of the terms the penalty sums (its round-off scale)."""
    return xp.sum(xp.sum(A * A, axis=2)) ** 2


def check(xp, inst):
    A, E = inst["A"], inst["E"]
    h = 0.5
    P = {s: orthogonality_penalty(A + s * h * E) for s in (-2, -1, 0, 1, 2)}
    stencil = (8 * (P[1] - P[-1]) - (P[2] - P[-2])) / (12 * h)
    # Each penalty is a sum of squared inner products: its round-off scales with the size of those terms,
    # sum |a|^2 |a'|^2, not with the penalty (which cancels to ~0 for near-orthogonal slopes).
    Q = {s: _quartic(xp, A + s * h * E) for s in (-2, -1, 1, 2)}
    stencil_scale = (8 * (Q[1] + Q[-1]) + Q[2] + Q[-2]) / (12 * h)
    g = orthogonality_penalty_grad(A)
    directional = xp.sum(g * E)
    # round-off of the inner product <grad, E> scales with sum |grad| |E|; the
    # penalties alone can be ~0 (orthogonal A) while that sum is not
    stencil_scale = stencil_scale + xp.sum(xp.abs(g) * xp.abs(E))
    quartic = _quartic(xp, A)
    ev = [
        close(xp, directional, stencil, relation="<grad P(A), E> == exact 5-point directional derivative of P", scale=stencil_scale),
        leq(xp, -P[0], xp.zeros_like(P[0]), relation="P(A) >= 0", scale=quartic),
    ]

    if is_orthogonal_slopes(A):
        ev.append(close(xp, P[0], xp.zeros_like(P[0]), relation="P(A) == 0 when Eq. (11) holds", scale=quartic))
    return ev


CLAIM = register(
    Claim(
        id="iclr19.sec5.penalty",
        title="The orthogonality penalty is non-negative, zero under Eq. (11), with the stated gradient",
        where="iclr19, Sec. 5, the penalty of the Table 2 experiment",
        statement=r"P(A) = \lambda \sum_k \sum_{k' \ne k} \sum_{r, r'} \langle [A]_{k,r,\cdot}, [A]_{k',r',\cdot}\rangle^2 \ge 0,\ \ P(A) = 0 \text{ under (11)},\ \ \nabla_{a_i} P = 4\lambda \sum_{j \notin \text{unit}(i)} \langle a_i, a_j\rangle a_j",
        assumptions=(r"\lambda = 1 \text{ (the paper's choice)}",),
        check=check,
        cases=penalty_instances(),
        arrays=("A", "E"),
        method="orthogonality_penalty_grad against the exact five-point directional derivative of orthogonality_penalty; "
        "non-negativity; zero on slopes that pass is_orthogonal_slopes.",
    )
)
