"""Checks and derivations shared by the optimal-template claims (icml18 Prop. 5; report17 Thm. 5, 7, 9).

The papers state the minimizer of the cross-entropy of template matching
without biases, :math:`\\mathcal L_{CE}(y, A x)`, over templates
:math:`A \\in \\mathbb R^{C\\times D}` under a norm budget, for a unit-norm
input. The checks compare the printed templates with the optimum that
SciPy's SLSQP finds for the same problem (:func:`spline_theory.learning.solve_optimal_templates`,
which assumes nothing about the solution's shape): a printed optimum must
use at most the budget and must reach the solver's loss.
"""

import sympy as sp

from spline_theory.claims import Step, close, leq
from spline_theory.learning import printed_optimal_templates, solve_optimal_templates, template_budget, template_loss


def _solver(xp, inst, constraint):
    x = inst["x"]
    A, loss = solve_optimal_templates(x[0, ...], int(inst["y"][0]), inst["C"], inst["alpha"], constraint=constraint)
    return xp.asarray(loss, dtype=x.dtype)


def check_printed(xp, inst, *, paper, constraint):
    """The printed templates against the budget and the solver's optimum under ``constraint``."""
    x, y, C, alpha = inst["x"], inst["y"], inst["C"], inst["alpha"]
    E = printed_optimal_templates(x, y, C, alpha, paper=paper)
    used = template_budget(E, constraint=constraint)[0]
    loss = template_loss(E[0, ...], x, y)[0]
    best = _solver(xp, inst, constraint)
    return [
        leq(xp, used, xp.asarray(alpha, dtype=x.dtype), relation=f"budget used by the printed templates ({constraint}) <= alpha"),
        # The solver returns a feasible point, so its loss bounds the minimum from above:
        # an optimum must do at least as well.
        leq(xp, loss, best, relation=f"L_CE(printed templates) <= L_CE of the SLSQP solution under {constraint} <= alpha", scale=1.0 + xp.abs(best)),
    ]


def feasible_and_optimal(xp, inst, E, *, constraint):
    """Templates ``E`` (1, C, D) use exactly the budget and reach the solver's optimum."""
    x, y, alpha = inst["x"], inst["y"], inst["alpha"]
    used = template_budget(E, constraint=constraint)[0]
    loss = template_loss(E[0, ...], x, y)[0]
    best = _solver(xp, inst, constraint)
    return [
        close(xp, used, xp.asarray(alpha, dtype=x.dtype), relation=f"budget used ({constraint}) == alpha (the optimum is on the boundary)"),
        leq(xp, loss, best, relation="L_CE(closed form) <= min L_CE found by SLSQP", scale=1.0 + xp.abs(best)),
        leq(xp, best, loss, relation="min L_CE found by SLSQP <= L_CE(closed form) (the closed form is feasible)", scale=1.0 + xp.abs(best)),
    ]


m, a, p, q = sp.symbols("m alpha p q", positive=True)
C = m + 1  # C >= 2 classes: C - 1 = m > 0
LOSS = sp.log(1 + (C - 1) * sp.exp(-(p + q)))  # A_y = p x, A_c = -q x, ||x|| = 1


def derive_squared(p_printed, q_printed, budget_symbol):
    """Steps for the squared-norm budget: KKT of max p + q on p^2 + (C-1) q^2 = budget."""
    P, Q = p_printed, q_printed
    return [
        Step("with A_y = p x, A_c = -q x and ||x|| = 1 the loss depends on p + q only: dL/dp = dL/dq", sp.Derivative(LOSS, p), sp.Derivative(LOSS, q)),
        Step("so the optimum maximizes p + q on p^2 + (C-1) q^2 = budget; KKT: 1 = 2 mu p = 2 mu (C-1) q, i.e. p = (C-1) q at the printed values", P, sp.Mul(C - 1, Q, evaluate=False)),
        Step("the printed values use the whole budget: p^2 + (C-1) q^2 = budget", sp.Add(sp.Pow(P, 2, evaluate=False), sp.Mul(C - 1, sp.Pow(Q, 2, evaluate=False), evaluate=False), evaluate=False), budget_symbol),
    ]


# ------------------------------------------------ report17 Thm. 5, 7, 9
# The report states the same theorem three times (Sec. 4.2.2 Thm. 5 Eq. 63,
# Sec. 5 Thm. 7 Eq. 76, App. A.2 Thm. 9 Eq. 121); each keeps its own id and
# verdict, and the records below are shared.
REPORT17_STATEMENT = r"\|X_n\| = 1,\ \sum_{c=1}^C \|A[X_n]_c\|^2 \le K \implies A^*[X_n]_c = \begin{cases} \sqrt{\frac{C-1}{C}}\, K X_n, & c = Y_n \\ -\sqrt{\frac{K}{C(C-1)}}\, X_n, & \text{else} \end{cases}"
REPORT17_CORRECTED = r"\|X_n\| = 1,\ \sum_{c=1}^C \|A[X_n]_c\|^2 \le K \implies A^*[X_n]_c = \begin{cases} \sqrt{\frac{(C-1)K}{C}}\, X_n, & c = Y_n \\ -\sqrt{\frac{K}{C(C-1)}}\, X_n, & \text{else} \end{cases}"


def derive_report17_printed():
    """The printed templates use the budget ((C-1) K^2 + K) / C, not K (exact counterexample step)."""
    P, Q = sp.sqrt((C - 1) / C) * a, sp.sqrt(a / (C * (C - 1)))
    return [Step("budget used by the printed templates, ((C-1) K^2 + K) / C, differs from K (equal only at K = 1)", sp.simplify(P**2 + (C - 1) * Q**2), a, relation="!=")]


def derive_report17_corrected():
    return derive_squared(sp.sqrt((C - 1) * a / C), sp.sqrt(a / (C * (C - 1))), a)


def report17_printed_claim(thm, where, check, derive, cases):
    """The Claim record of report17 Thm. ``thm`` as printed (K outside the root)."""
    from spline_theory.claims import Claim

    return Claim(
        id=f"report17.thm{thm}",
        title="Unique optimal templates under sum_c ||A_c||^2 <= K: sqrt((C-1)/C) K X_n and -sqrt(K/(C(C-1))) X_n (as printed)",
        where=f"report17, {where}",
        statement=REPORT17_STATEMENT,
        assumptions=(r"z_c = \langle A[X_n]_c, X_n\rangle \text{ (no bias, as in the proof of Thm. 9)}",),
        check=check,
        cases=cases,
        arrays=("x",),
        derive=derive,
        expected="fails",
        kind="typo",
        counterexample={"x": [[1.0]], "y": [0], "C": 2, "alpha": 4.0},
        method="The printed templates (learning.printed_optimal_templates, paper='report17', budget K = alpha) against the budget and "
        "against the minimum of the cross-entropy under sum_c ||A_c||^2 <= K found by SciPy SLSQP over all C x D templates.",
        notes=f"The same statement as report17 Thm. 5, Thm. 7 and Thm. 9 (App. A.2), each with its own id. See report17.thm{thm}-corrected.",
    )


def report17_corrected_claim(thm, where, check, derive, cases):
    """The Claim record of report17 Thm. ``thm`` with K inside the root (icml18 Eq. 12)."""
    from spline_theory.claims import Claim

    return Claim(
        id=f"report17.thm{thm}-corrected",
        title="With K inside the root, sqrt((C-1)K/C) X_n and -sqrt(K/(C(C-1))) X_n are the optimal templates",
        where=f"report17, {where}",
        statement=REPORT17_CORRECTED,
        assumptions=(r"z_c = \langle A[X_n]_c, X_n\rangle \text{ (no bias)}", r"C \ge 2"),
        check=check,
        cases=cases,
        arrays=("x",),
        derive=derive,
        corrects=f"report17.thm{thm}",
        method="learning.optimal_templates (squared-norm budget) uses exactly the budget and reaches the minimum SLSQP finds over all "
        "C x D templates; the derivation is the KKT system of max p + q on the budget.",
    )
