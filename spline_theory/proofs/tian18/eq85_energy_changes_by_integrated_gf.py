"""tian18 Eq. (85) (App. 8.6.2): under gradient flow, :math:`\\int_0^t \\mathbb E_x[g_j f_j]\\,\\mathrm dt' = E_j(t) - E_j(0)`.

With :math:`\\dot w_{jk} = \\Delta w_{jk}`, :math:`\\frac{\\mathrm d}{\\mathrm dt}E_j = \\sum_k w_{jk}\\Delta w_{jk} = \\mathbb E_x[g_j f_j]`
(Eq. 84), :math:`E_j = \\frac12\\|W_{j\\cdot}\\|^2`.

Check on a linear layer followed by BN with :math:`\\varepsilon > 0` (so that
:math:`\\mathbb E_x[g_j f_j] \\ne 0` and the identity is not trivially 0 = 0):
:func:`~spline_theory.batchnorm.bn_energy_flow` integrates :math:`(W, q)` with
:math:`\\dot q_j = \\mathbb E_x[g_j f_j]` by RK4. Verdict: **holds** (the
discrete-step counterpart is in ``tian18.app8.6.2.energy-corrected``).

Reading: as printed under the gradient flow dw/dt = Delta w; checked on a
linear layer with BN (epsilon > 0), where the flow is integrated numerically.
"""

import sympy as sp

from spline_theory.batchnorm import bn_energy_flow
from spline_theory.claims import Claim, Step, close, register
from spline_theory.proofs.tian18._conditioning import poorly_spread
from spline_theory.testing.strategies import bn_layer_instances

T, STEPS = 0.1, 8


def derive():
    t = sp.symbols("t", real=True)
    w = [sp.Function(f"w_{k}", real=True)(t) for k in (1, 2, 3)]
    E = sp.Rational(1, 2) * sum(wk**2 for wk in w)
    return [Step(r"\frac{dE_j}{dt} = \sum_k w_{jk}\dot w_{jk}, \text{ which is } \sum_k w_{jk}\Delta w_{jk}\ (= \mathbb E_x[g_j f_j] \text{ by Eq. 84}) \text{ under the flow } \dot w_{jk} = \Delta w_{jk}",
                 sp.Derivative(E, t), sum(wk * sp.Derivative(wk, t) for wk in w))]


def check(xp, inst):
    bad = poorly_spread(xp, inst["F_in"] @ inst["W"].T, "int_0^T E_x[g_j f_j] dt == E_j(T) - E_j(0)")
    if bad is not None:
        return bad
    args = (inst["F_in"], inst["W"], inst["c"], inst["Y"])
    coarse = bn_energy_flow(*args, T=T, steps=STEPS, eps=inst["eps"])
    fine = bn_energy_flow(*args, T=T, steps=2 * STEPS, eps=inst["eps"])
    lhs = fine["integral"]
    rhs = fine["energy"][1, :] - fine["energy"][0, :]
    # RK4 discretization error: the step-halving difference bounds the error of the
    # finer run (~1/15 of it for an O(h^4) method); taken whole as the allowance.
    resolution = xp.abs((coarse["integral"] - coarse["energy"][1, :] + coarse["energy"][0, :]) - (lhs - rhs))
    return close(xp, lhs, rhs, relation="int_0^T E_x[g_j f_j] dt == E_j(T) - E_j(0)", scale=xp.max(fine["energy"]), atol=float(xp.max(resolution)))


CLAIM = register(
    Claim(
        id="tian18.eq85",
        title="Under gradient flow the row energy changes by the integral of E[g_j f_j]",
        where="tian18, App. 8.6.2, Eq. (85)",
        statement=r"\int_0^t \mathbb E_x\big[g_j^{(t')}f_j^{(t')}\big]\,\mathrm dt' = E_j(t) - E_j(0),\qquad E_j = \tfrac12\sum_{k\in ch(j)} w_{jk}^2",
        assumptions=(r"\text{gradient flow } \dot w_{jk} = \Delta w_{jk}", r"\text{checked on a linear layer + BN with } \varepsilon > 0,\ c \text{ fixed}"),
        check=check,
        cases=bn_layer_instances(eps=True),
        arrays=("F_in", "W", "c", "Y"),
        derive=derive,
        method="bn_energy_flow (RK4 on (W, q), q' = E[g f]) over T = 0.1 with 8 and 16 steps; q(T) against E(T) - E(0), allowing the step-halving difference.",
    )
)
