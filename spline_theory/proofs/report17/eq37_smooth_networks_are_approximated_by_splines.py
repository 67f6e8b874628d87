"""report17 Sec. 3.3.1, Thm. 1, Eq. (37): a network with tanh or sigmoid layers is approximated arbitrarily closely by an affine spline operator.

"For the case where the layers are not natural LSOs s.a. with tanh, sigmoid
nonlinearities, then, it can always be approximated arbitrarily closely by a
affine spline operator and thus :math:`f_\\Theta(x) \\approx A[x]x + b[x], \\forall x`."

Reading: for every tolerance :math:`\\epsilon > 0` there is an affine spline
operator :math:`\\tilde f` with :math:`\\|f_\\Theta(x) - \\tilde f(x)\\|_\\infty \\le \\epsilon` for
every :math:`x` (uniformly on :math:`\\mathbb R^D`, as the printed ":math:`\\forall x`" says).
The library's construction (``approximation.spline_network``): each tanh or
sigmoid replaced by its piecewise-linear interpolant on uniform knots, constant
outside them, written as dense -> ReLU -> dense; the knots come from
:math:`\\epsilon` through the interpolation bound :math:`\\tfrac{h^2}{8}\\sup|\\sigma''|`, the
tail :math:`\\sup_{|u| > a}|\\sigma(u) - \\sigma(\\pm a)|` and the propagation of errors
through the later layers. No hypothesis added: tanh and sigmoid saturate, so a
uniform bound on all of :math:`\\mathbb R` exists. The check draws the tolerance
(:math:`10^{-1}` to :math:`10^{-3}`), the network and inputs up to magnitude 10.
Verdict: **holds**.
"""



import sympy as sp

from spline_theory.approximation import smooth_forward, spline_network
from spline_theory.claims import Claim, Step, leq, register
from spline_theory.proofs.report17._approximation import approximation_evidence
from spline_theory.testing.strategies import smooth_network_instances


def derive():
    u, h = sp.symbols("u h", positive=True)
    sig = 1 / (1 + sp.exp(-u))
    u_star = sp.log(2 + sp.sqrt(3))  # where sigma''' = 0 on u > 0
    t = sp.tanh(u)
    t_star = sp.atanh(1 / sp.sqrt(3))  # where tanh''' = 0 on u > 0
    return [
        Step("linear interpolation of u^2 on [0, h] (the chord h u) misses it most at u = h/2, by (h^2/8) max|f''|", sp.Subs(h * u - u**2, u, h / 2), h**2 / 8 * 2),
        Step("sigma''' vanishes at u* = log(2 + sqrt 3)", sp.Subs(sp.Derivative(sig, (u, 3)), u, u_star), 0),
        Step("so sup|sigma''| = |sigma''(u*)| = 1/(6 sqrt 3), the curvature approximation.ACTIVATIONS uses", -sp.Subs(sp.Derivative(sig, (u, 2)), u, u_star), 1 / (6 * sp.sqrt(3))),
        Step("tanh''' vanishes at u* = atanh(1/sqrt 3)", sp.Subs(sp.Derivative(t, (u, 3)), u, t_star), 0),
        Step("so sup|tanh''| = |tanh''(u*)| = 4/(3 sqrt 3)", -sp.Subs(sp.Derivative(t, (u, 2)), u, t_star), 4 / (3 * sp.sqrt(3))),
    ]


def check(xp, inst):
    x, tol = inst["x"], float(inst["tol"])
    spec, bound = spline_network(inst["layers"], tol)
    n_units = sum(lay["W"].shape[0] for lay in spec["layers"] if lay["type"] == "Dense")
    return [leq(xp, xp.asarray([bound], dtype=x.dtype), xp.asarray([tol], dtype=x.dtype), relation="the construction's guaranteed error <= epsilon")] + approximation_evidence(
        xp, spec, lambda x64: smooth_forward(inst["layers"], x64), x, tol, f"epsilon = {tol:g}, {n_units} dense units")


CLAIM = register(
    Claim(
        id="report17.eq37",
        title="A network with tanh or sigmoid layers is within any epsilon of an affine spline operator A[x]x + b[x], for all x",
        where="report17, Sec. 3.3.1, Thm. 1, Eq. (37)",
        statement=r"\forall \epsilon > 0\ \exists\ \text{an affine spline operator } \tilde f:\ \|f_\Theta(x) - \tilde f(x)\|_\infty \le \epsilon\ \forall x,\quad \tilde f(x) = A[x]x + b[x]",
        assumptions=(r"f_\Theta: \text{dense layers with tanh or sigmoid activations}",),
        check=check,
        cases=smooth_network_instances(),
        arrays=("x",),
        per_input="x",
        derive=derive,
        topic="approximation",
        method="approximation.spline_network: each activation replaced by its piecewise-linear interpolant (knots from epsilon, "
        "the curvature bound, the tail and the propagated Lipschitz bound), written with dense and ReLU layers; the spline network's "
        "Network.affine_map reproduces its forward pass, and its distance to the smooth network's forward pass is at most epsilon.",
    )
)


