"""report17 App. A.3, Prop. 3 corrected: an output unit j of the next layer is maximized by the MASO's own region
choice :math:`\\Phi[y]` when all its slopes in the unit values are non-negative, :math:`\\min_r ([B]_{j,r,\\cdot} W)_k \\ge 0\\ \\forall k`
-- in particular for every unit of an inner layer of Cor. 2 (W >= 0 and a non-decreasing activation), not for a
fully connected last layer with negative weights.

Why: unit j of :math:`S^{(2)}(Wu + b)` is continuous, piecewise affine and
non-decreasing in every :math:`u_k` under the condition, and :math:`\\Phi[y]` maximizes
every :math:`\\phi_k(y)` at once.

Reading: the correction: units whose slopes in the unit values are non-negative
(Cor. 2's inner layers); 'argmax = Phi[y]' read as 'Phi[y] attains the maximum'
(ties allowed), named in the assumptions.
"""

from hypothesis import strategies as st

from spline_theory.claims import Claim, leq, register, undecided
from spline_theory.global_inference import output_monotonicity_margin
from spline_theory.maso import MASO
from spline_theory.proofs.report17._global_inference import STATEMENT_ASSUMPTIONS, best_and_forward
from spline_theory.testing.strategies import global_inference_instances


def check(xp, inst):
    ok = xp.all(output_monotonicity_margin(inst["W"], MASO(inst["A2"], inst["B2"]), per_unit=True) >= 0, axis=1)  # (K2,)
    if not bool(xp.any(ok)):
        return undecided("min_r ([B]_{j,r} W)_k >= 0", "no output unit meets the condition")
    G, F, scale = best_and_forward(xp, inst)
    keep = xp.astype(ok, G.dtype)
    # units that do not meet the condition are left out (both sides set to 0)
    return leq(xp, xp.max(G, axis=1) * keep, F * keep, relation="max_phi (S2(W phi(y) + b))_j <= (S2(W Phi[y](y) + b))_j for every unit j with non-negative slopes", scale=scale)


CLAIM = register(
    Claim(
        id="report17.prop3-corrected",
        title="Every output unit whose slopes in the unit values are non-negative (Cor. 2's inner layers) is maximized by the MASO's own region choice",
        where="report17, App. A.3, Prop. 3, Eq. (123) (corrected: units with non-negative slopes)",
        statement=r"\min_r \big([B]_{j,r,\cdot}W\big)_k \ge 0\ \forall k \implies \Phi[y] \in \arg\max_{\phi\in\Phi} \big(S^{(2)}(W\phi(y) + b)\big)_j",
        assumptions=STATEMENT_ASSUMPTIONS,
        check=check,
        cases=st.one_of(global_inference_instances(kind="inner"), global_inference_instances(kind="monotone")),
        arrays=("A1", "B1", "W", "b", "A2", "B2", "y"),
        corrects="report17.prop3",
        method="Every configuration of S1 enumerated (global_inference.configuration_outputs): the maximum of each unit meeting "
        "global_inference.output_monotonicity_margin(per_unit=True) >= 0 against the forward configuration's value.",
    )
)
