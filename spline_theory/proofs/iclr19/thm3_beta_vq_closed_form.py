"""iclr19 Thm. 3: the unique global optimum of the beta-VQ objective (8) is softmax(beta/(1-beta) u) (Eq. (9)).

For :math:`\\beta\\in(0,1)` the objective
:math:`\\beta\\sum_r t_r u_r + (1-\\beta)H(t)` is strictly concave on the
simplex; its stationary point (KKT with the multiplier of the constraint
:math:`\\sum_r t_r = 1`; App. E.3 refers to E.2) is Eq. (9). Checked
symbolically (KKT and concavity) and numerically against an independent
optimizer (SciPy's SLSQP on the objective).

Reading: as printed, 0 < beta < 1 (the endpoints are the special cases,
iclr19.thm3.special_cases).
"""

import numpy as np
import sympy as sp
from scipy.optimize import minimize

from spline_theory import backend
from spline_theory.claims import Claim, close, leq, register
from spline_theory.proofs.iclr19._vq_kkt import kkt_steps
from spline_theory.testing.strategies import simplex_instances
from spline_theory.vq import beta_vq_matrix, vq_objective


def derive():
    # beta in (0, 1), written through eta = beta / (1 - beta) > 0 so that SymPy knows 1 - beta > 0
    eta = sp.Symbol("eta", positive=True)
    return kkt_steps(eta / (1 + eta))


def _slsqp(A, B, x, beta):
    """Numerical maximizer of vq_objective over the simplex, per input and unit (host float64)."""
    N, K, R = x.shape[0], A.shape[0], A.shape[1]
    out = np.empty((N, K, R))
    for n in range(N):
        for k in range(K):

            def f(t, n=n, k=k):
                t = np.clip(t, 0.0, 1.0)
                return -float(vq_objective(A[k : k + 1], B[k : k + 1], x[n : n + 1], t.reshape(1, 1, R), beta)[0, 0])

            res = minimize(f, np.full(R, 1.0 / R), method="SLSQP", bounds=[(0.0, 1.0)] * R, constraints=({"type": "eq", "fun": lambda t: np.sum(t) - 1.0},), options={"ftol": 1e-12, "maxiter": 500})
            out[n, k] = np.clip(res.x, 0.0, 1.0)
    return out


def check(xp, inst):
    A, B, x, beta = inst["A"], inst["B"], inst["x"], inst["beta"]
    T = beta_vq_matrix(A, B, x, beta)
    best = vq_objective(A, B, x, T, beta)
    scale = 1.0 + xp.abs(best)
    host = [np.asarray(backend.to_numpy(v), dtype=np.float64) for v in (A, B, x)]
    T_num = _slsqp(*host, beta)
    T_num_xp = backend.asarray(T_num, xp, T.dtype)
    return [
        leq(xp, vq_objective(A, B, x, inst["T_other"], beta), best, relation="F_beta(t) at drawn simplex points <= F_beta(T_beta)", scale=scale),
        leq(xp, vq_objective(A, B, x, T_num_xp, beta), best, relation="F_beta(SLSQP optimum) <= F_beta(T_beta): Eq. (9) is the global maximum", scale=scale),
        # atol: SLSQP stops at ftol = 1e-12 on an objective with curvature >= (1 - beta) >= 1/16, so its iterate
        # is within ~sqrt(2 * 1e-12 * 16) ~ 6e-6 of the optimum; 1e-3 leaves room for its constraint tolerance
        close(xp, T_num_xp, T, relation="SLSQP maximizer of (8) == softmax(beta/(1-beta) u)", scale=1.0, atol=1e-3),
    ]


CLAIM = register(
    Claim(
        id="iclr19.thm3",
        title="beta-VQ inference (8) has the unique global optimum softmax(beta/(1-beta) u) (Eq. (9))",
        where="iclr19, Sec. 4, Eq. (8)-(9), Thm. 3; proof App. E.2-E.3",
        statement=r"\arg\max_{t\in\Delta_R} \beta\sum_r [t]_r u_{k,r} + (1-\beta)H(t) = \Big(\frac{e^{\frac{\beta}{1-\beta}u_{k,r}}}{\sum_j e^{\frac{\beta}{1-\beta}u_{k,j}}}\Big)_r,\ \text{unique}",
        assumptions=(r"0 < \beta < 1",),
        check=check,
        cases=simplex_instances(),
        arrays=("A", "B", "x", "T_other"),
        derive=derive,
        method="vq.vq_objective at vq.beta_vq_matrix against drawn simplex points, and against SciPy SLSQP run on "
        "vq.vq_objective (in float64 on the host) from the uniform point; the SLSQP maximizer must match Eq. (9).",
    )
)
