"""report17 Sec. 3.3.1, Thm. 1, Eq. (37), for the softmax output operator: within any epsilon of an affine spline operator.

Thm. 1's second part covers layers that "are not natural LSOs s.a. with tanh,
sigmoid nonlinearities": "it can always be approximated arbitrarily closely by
a affine spline operator". The softmax of the output (Sec. 2.1) is such a layer.

Reading: for every :math:`\\epsilon > 0` an affine spline operator within
:math:`\\epsilon` of :math:`\\mathrm{softmax}` on all of :math:`\\mathbb R^C` (the printed
":math:`\\forall x`"), the 'such as' list read as examples, not as the only
layers meant. The library's construction (``approximation.softmax_network``):
:math:`\\mathrm{softmax}(z)_i = 1/(1 + \\sum_{j\\ne i}e^{z_j - z_i})` with fits of
:math:`e^t` (relative error) and of :math:`1/(1+s)` (nonuniform knots), a ReLU
network with a guaranteed bound. The check draws C = 2 to 4 classes, logits up
to magnitude 20 and epsilon from 1e-1 to 1e-3. Verdict: **holds**.
"""

import sympy as sp

from spline_theory.activations import softmax
from spline_theory.approximation import softmax_network
from spline_theory.claims import Claim, Step, leq, register
from spline_theory.proofs.report17._approximation import approximation_evidence
from spline_theory.testing.strategies import softmax_approximation_instances


def derive():
    z = sp.symbols("z_1:4", real=True)
    soft1 = sp.exp(z[0]) / sum(sp.exp(t) for t in z)
    S = sp.exp(z[1] - z[0]) + sp.exp(z[2] - z[0])
    s, S1, S2, d = sp.symbols("s S Stilde delta", positive=True)
    return [
        Step("C = 3: softmax(z)_1 = 1/(1 + sum_{j != 1} e^(z_j - z_1))", soft1, 1 / (1 + S)),
        Step("the reciprocal turns an error in S into |r(S~) - r(S)| = |S~ - S| / ((1 + S)(1 + S~))", 1 / (1 + S1) - 1 / (1 + S2), (S2 - S1) / ((1 + S1) * (1 + S2))),
        Step("linear interpolation of 1/(1 + s) misses it by at most h^2/8 times r'' = 2/(1 + s)^3", sp.Derivative(1 / (1 + s), (s, 2)), 2 / (1 + s) ** 3),
    ]


def check(xp, inst):
    x, tol = inst["z"], float(inst["tol"])
    spec, bound = softmax_network(x.shape[1], tol)
    n_units = sum(lay["W"].shape[0] for lay in spec["layers"] if lay["type"] == "Dense")
    return [leq(xp, xp.asarray([bound], dtype=x.dtype), xp.asarray([tol], dtype=x.dtype), relation="the construction's guaranteed error <= epsilon")] + approximation_evidence(
        xp, spec, lambda z64: softmax(z64, axis=1), x, tol, f"epsilon = {tol:g}, C = {x.shape[1]}, {n_units} dense units")


CLAIM = register(
    Claim(
        id="report17.eq37.softmax",
        title="The softmax is within any epsilon of an affine spline operator A[x]x + b[x], for all logits",
        where="report17, Sec. 3.3.1, Thm. 1, Eq. (37) (the softmax output operator)",
        statement=r"\forall \epsilon > 0\ \exists\ \text{an affine spline operator } \tilde f:\ \|\mathrm{softmax}(z) - \tilde f(z)\|_\infty \le \epsilon\ \forall z \in \mathbb R^C",
        assumptions=(r"C \in \{2, 3, 4\}",),
        check=check,
        cases=softmax_approximation_instances(),
        arrays=("z",),
        per_input="z",
        derive=derive,
        topic="approximation",
        method="approximation.softmax_network (fits of e^t and 1/(1+s) composed as dense and ReLU layers, with the bound eps_r + delta + (C-1)e^-a); "
        "its error against activations.softmax decided in float64, its own evaluation in the run's dtype and its exact affine map checked too.",
    )
)
