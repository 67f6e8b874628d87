"""icml18 Sec. 4.1, after Thm. 1: the sigmoid and the arctan "can be approximated arbitrarily closely by an affine spline operator but not by a MASO".

Reading: two parts. (i) For every :math:`\\epsilon > 0` an affine spline (here the
piecewise-linear interpolant of ``approximation.fit_activation``) is within
:math:`\\epsilon` of the activation on all of :math:`\\mathbb R`. (ii) No MASO is: a MASO
is convex (icml18 Eq. (5), ``icml18.eq5``), and both functions are strictly
concave on :math:`(0, \\infty)`, so for any convex :math:`g` and :math:`a > 0`,
:math:`g(a/2) \\le (g(0) + g(a))/2` gives
:math:`\\sup|g - f| \\ge \\tfrac12\\big(f(a/2) - \\tfrac{f(0) + f(a)}{2}\\big) > 0`
(a bound no number of pieces improves). The check measures (i) on a dense
grid reaching four times the knots' span, evaluates the bound of (ii) at the
drawn :math:`a`, and solves the linear program of the best convex fit on 41
points of :math:`[-a, a]` (``approximation.best_convex_fit_error``), which must
not beat the bound. No hypothesis added. Verdict: **holds**.
"""

import numpy as np
import sympy as sp

from spline_theory.approximation import ACTIVATIONS, best_convex_fit_error, fit_activation
from spline_theory.backend import to_numpy
from spline_theory.claims import Claim, Step, leq, less, register
from spline_theory.testing.strategies import smooth_activation_instances


def derive():
    u = sp.symbols("u", positive=True)
    sig = 1 / (1 + sp.exp(-u))
    return [
        Step("sigma'' = sigma (1 - sigma)(1 - 2 sigma), negative for u > 0 (sigma > 1/2): the sigmoid is strictly concave there",
             sp.Derivative(sig, (u, 2)), sig * (1 - sig) * (1 - 2 * sig)),
        Step("arctan'' = -2u / (1 + u^2)^2, negative for u > 0", sp.Derivative(sp.atan(u), (u, 2)), -2 * u / (1 + u**2) ** 2),
    ]


def check(xp, inst):
    name, tol, a = inst["activation"], float(inst["tol"]), float(inst["a"])
    f = ACTIVATIONS[name].f
    dt = inst["t"].dtype
    p = fit_activation(name, tol)
    u = xp.linspace(-4 * float(p.knots[-1]), 4 * float(p.knots[-1]), 200_001, dtype=dt)
    aso_err = xp.max(xp.abs(p(u) - f(xp, u)))
    gap = 0.5 * (f(np, np.float64(a / 2)) - 0.5 * (f(np, np.float64(0.0)) + f(np, np.float64(a))))
    t = np.asarray(to_numpy(inst["t"]), dtype=np.float64)  # 41 points of [-a, a], with 0, a/2 and a
    lp = best_convex_fit_error(t, f(np, t))
    one = lambda v: xp.asarray([v], dtype=dt)  # noqa: E731
    return [
        leq(xp, xp.reshape(aso_err, (1,)), one(tol), relation="sup_u |f(u) - p(u)| <= epsilon (an affine spline within epsilon)", scale=one(1.0),
            rtol=64 * float(xp.finfo(dt).eps),  # a rounding allowance, well below epsilon in both dtypes
            note=f"{name}, epsilon = {tol:g}, {p.knots.size} knots"),
        less(xp, one(0.0), one(gap), relation="(f(a/2) - (f(0) + f(a))/2) / 2 > 0: every convex g (every MASO) is at least this far from f", scale=one(1.0)),
        leq(xp, one(gap), one(lp), relation="the bound <= the best convex fit on 41 points of [-a, a] (linear program)", scale=one(1.0),
            note=f"a = {a:g}: bound {gap:.4g}, best convex fit {lp:.4g}"),
    ]


CLAIM = register(
    Claim(
        id="icml18.sec41.sigmoid_aso_not_maso",
        title="The sigmoid and the arctan are within any epsilon of an affine spline, but no MASO comes arbitrarily close",
        where="icml18, Sec. 4.1, paragraph after Thm. 1",
        statement=r"f \in \{\sigma_{sig}, \arctan\}:\ \forall \epsilon > 0\ \exists \text{ ASO } p:\ \sup_u |f(u) - p(u)| \le \epsilon;\quad \inf_{\text{MASO } S}\ \sup_u |f(u) - S(u)| > 0",
        check=check,
        cases=smooth_activation_instances(),
        arrays=("t",),
        derive=derive,
        topic="approximation",
        method="approximation.fit_activation measured on a dense grid; the convexity bound (f(a/2) - (f(0) + f(a))/2)/2 at the drawn a; "
        "approximation.best_convex_fit_error (scipy.optimize.linprog) on 41 points of [-a, a] against it.",
    )
)
