"""SymPy KKT steps shared by iclr19 Prop. 2 and Thm. 3 (no claim here)."""

import sympy as sp


def kkt_steps(beta):
    r"""Stationarity, multiplier and concavity of :math:`\beta\sum_r t_r u_r + (1-\beta)H(t)` on the simplex, R = 3.

    ``beta`` is a SymPy expression in (0, 1); :math:`\eta = \beta/(1-\beta)`.
    """
    u = sp.symbols("u_1:4", real=True)
    t = sp.symbols("t_1:4", positive=True)
    lam = sp.Symbol("lambda", real=True)
    H = -sum(ti * sp.log(ti) for ti in t)
    L = beta * sum(ti * ui for ti, ui in zip(t, u)) + (1 - beta) * H + lam * (sum(t) - 1)
    eta = beta / (1 - beta)
    Z = sum(sp.exp(eta * ui) for ui in u)
    t_star = [sp.exp(eta * ui) / Z for ui in u]
    lam_star = (1 - beta) * (1 - sp.log(Z))
    at = {**dict(zip(t, t_star)), lam: lam_star}
    steps = [
        Step_("R = 3 regions (u_1, u_2, u_3): the Lagrangian L = beta sum_r t_r u_r + (1 - beta) H(t) + lambda (sum_r t_r - 1) has dL/dt_1 = beta u_1 - (1 - beta)(log t_1 + 1) + lambda",
              sp.Derivative(L, t[0]), beta * u[0] - (1 - beta) * (sp.log(t[0]) + 1) + lam),
    ]
    for p in range(3):
        steps.append(Step_(f"stationarity at t = softmax(eta u), lambda = (1 - beta)(1 - log Z): dL/dt_{p + 1} = 0", sp.Subs(sp.Derivative(L, t[p]), tuple(at), tuple(at.values())), 0))
    steps.append(Step_("the multiplier enforces sum_r t_r = 1", sp.Add(*t_star, evaluate=False), 1))
    steps.append(Step_("Hessian of the objective is diagonal, d^2/dt_p^2 = -(1 - beta)/t_p < 0: strictly concave, the stationary point is the unique global maximum", sp.Derivative(L, (t[0], 2)), -(1 - beta) / t[0]))
    steps.append(Step_("and has no mixed terms", sp.Derivative(L, t[0], t[1]), 0))
    return steps


def Step_(text, lhs, rhs, relation="="):
    from spline_theory.claims import Step

    return Step(text, lhs, rhs, relation)
