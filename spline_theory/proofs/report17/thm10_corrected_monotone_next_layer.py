"""report17 App. A.3, Thm. 10 corrected: a sufficient condition. If every choice of regions of the next MASO gives
non-negative slopes of the output sum in every unit value, :math:`\\sum_j \\min_r ([B]_{j,r,\\cdot} W)_k \\ge 0\\ \\forall k`,
then the configuration :math:`\\Phi[y]` the MASO selects itself maximizes :math:`\\langle S^{(2)}(W\\phi(y) + b), \\mathbf 1\\rangle`.

Why: :math:`g(u) = \\langle S^{(2)}(Wu + b), \\mathbf 1\\rangle` is continuous and piecewise
affine in :math:`u \\in \\mathbb R^K` with gradient :math:`W^T B[Wu + b]^T \\mathbf 1`, whose entries
are at least the margin above, so g is non-decreasing in every :math:`u_k`; and
:math:`\\Phi[y]` maximizes every unit value :math:`\\phi_k(y)` at once (Thm. 3), so moving
one unit at a time from any configuration to :math:`\\Phi[y]` never lowers g. The
bias b plays no part (unlike in the printed condition), and the condition is
not necessary (it bounds slopes everywhere, not only at y).

Reading: the correction: a sufficient condition with non-negative slopes of the
output sum and no bias; 'argmax = Phi[y]' read as 'Phi[y] attains the maximum'
(named).
"""

import sympy as sp
from hypothesis import strategies as st

from spline_theory.claims import Claim, Step, register, undecided
from spline_theory.global_inference import output_monotonicity_margin
from spline_theory.maso import MASO
from spline_theory.proofs.report17._global_inference import STATEMENT_ASSUMPTIONS, attains_sum, best_and_forward
from spline_theory.testing.strategies import global_inference_instances


def derive():
    W = sp.Matrix(2, 2, sp.symbols("w_11 w_12 w_21 w_22", real=True))
    B = sp.Matrix(2, 2, sp.symbols("B_11 B_12 B_21 B_22", real=True))  # slopes of S2 on one choice of its regions
    b, c = sp.Matrix(sp.symbols("b_1 b_2", real=True)), sp.Matrix(sp.symbols("c_1 c_2", real=True))
    u = sp.Matrix(sp.symbols("u_1 u_2", real=True))
    g = (sp.ones(1, 2) * (B * (W * u + b) + c))[0]
    return [
        Step("on a region of S2 the output sum <B(Wu + b) + c, 1> has gradient in the unit values u equal to the column sums of B W (b and c drop out)",
             sp.Matrix([sp.diff(g, u[0]), sp.diff(g, u[1])]).T, sp.ones(1, 2) * B * W),
    ]


def check(xp, inst):
    S2 = MASO(inst["A2"], inst["B2"])
    if bool(xp.any(output_monotonicity_margin(inst["W"], S2) < 0)):
        return undecided("sum_j min_r ([B]_{j,r} W)_k >= 0", "the instance does not meet the sufficient condition")
    G, F, scale = best_and_forward(xp, inst)
    return attains_sum(xp, G, F, scale)


CLAIM = register(
    Claim(
        id="report17.thm10-corrected",
        title="If every region of the next MASO gives non-negative slopes of the output sum in every unit, the MASO's own region choice maximizes it",
        where="report17, App. A.3, Thm. 10, Eq. (122) (corrected: a sufficient condition, no bias)",
        statement=r"\sum_j \min_r \big([B]_{j,r,\cdot}\, W\big)_k \ge 0\ \forall k \implies \Phi[y] \in \arg\max_{\phi \in \Phi} \langle S^{(2)}(W\phi(y) + b), \mathbf 1\rangle",
        assumptions=STATEMENT_ASSUMPTIONS,
        check=check,
        cases=st.one_of(global_inference_instances(kind="monotone"), global_inference_instances(kind="inner")),
        arrays=("A1", "B1", "W", "b", "A2", "B2", "y"),
        derive=derive,
        corrects="report17.thm10",
        method="Every configuration of S1 enumerated (global_inference.configuration_outputs): the best output sum against the forward "
        "configuration's (global_inference.forward_outputs), on layers meeting global_inference.output_monotonicity_margin >= 0.",
    )
)
