"""icml18 Sec. 3, after Eq. (5): "a MASO can approximate arbitrarily closely any (nonlinear) operator that is convex in each output dimension".

Reading: on a bounded box. For every :math:`\\epsilon > 0` and every operator
:math:`H` of :math:`\\mathbb R^D` whose outputs :math:`h_k` are convex, some MASO
:math:`S[A, B]` satisfies :math:`|h_k(x) - [S(x)]_k| \\le \\epsilon` on the box. Added
hypothesis, named: **a bounded box** ("using standard approximation arguments"
are arguments on compact sets; on all of :math:`\\mathbb R^D` a finite maximum of
affine pieces grows at most linearly and no MASO is uniformly close to
:math:`\\|x\\|^2`). The check draws :math:`C^2` operators (outputs among
:math:`\\tfrac12\\|x\\|^2`, log-sum-exp and a softplus of a linear form, :math:`D` = 1, 2,
boxes :math:`[-a, a]^D`) with a bound :math:`M` on the Hessians, and builds the MASO
of tangent planes at grid points (``approximation.tangent_maso_within``): below
:math:`h_k` by convexity and within :math:`\\tfrac12 M r^2 \\le \\epsilon` of it
(:math:`r` the largest distance to a grid point). Verdict: **holds**.
"""

import numpy as np
import sympy as sp

from spline_theory.approximation import tangent_maso_within
from spline_theory.backend import asarray, to_numpy
from spline_theory.claims import Claim, Step, leq, register
from spline_theory.maso import MASO
from spline_theory.testing.strategies import convex_operator_instances


def _output(spec):
    """(f, grad, Hessian bound) of one output on host float64 arrays (G, D)."""
    kind = spec["kind"]
    if kind == "half_sq_norm":
        return (lambda g: 0.5 * np.sum(g * g, axis=1)), (lambda g: g), 1.0
    if kind == "logsumexp":
        def f(g):
            m = np.max(g, axis=1, keepdims=True)
            return (m + np.log(np.sum(np.exp(g - m), axis=1, keepdims=True)))[:, 0]

        def grad(g):
            e = np.exp(g - np.max(g, axis=1, keepdims=True))
            return e / np.sum(e, axis=1, keepdims=True)
        return f, grad, 0.5  # v^T (diag(p) - p p^T) v is the variance of v under p, <= 1/2 for a unit v (Popoviciu)
    w, c = np.asarray(spec["w"], dtype=np.float64), float(spec["c"])

    def f(g):
        return np.logaddexp(0.0, g @ w + c)

    def grad(g):
        return (1 / (1 + np.exp(-(g @ w + c))))[:, None] * w[None, :]
    return f, grad, 0.25 * float(w @ w)


def operator(outputs):
    parts = [_output(s) for s in outputs]
    return (lambda g: np.stack([p[0](g) for p in parts], axis=1),
            lambda g: np.stack([p[1](g) for p in parts], axis=1),
            max(p[2] for p in parts))


def derive():
    p, q = sp.symbols("p q", nonnegative=True)
    H2 = sp.Matrix([[p, 0], [0, q]]) - sp.Matrix([p, q]) * sp.Matrix([[p, q]])  # log-sum-exp Hessian, 2 outputs, p + q = 1
    v = sp.Matrix([1, -1]) / sp.sqrt(2)
    t, s = sp.symbols("t s", real=True)
    return [
        Step("log-sum-exp of 2 inputs: its Hessian diag(p) - p p^T (p + q = 1) has the eigenvalue 2pq on (1, -1)/sqrt 2, at most 1/2",
             (H2 * v).subs(q, 1 - p), (2 * p * (1 - p) * v)),
        Step("softplus'' = sigmoid (1 - sigmoid) <= 1/4: the Hessian of softplus(<w, x> + c) is at most ||w||^2 / 4",
             sp.Derivative(sp.log(1 + sp.exp(t)), (t, 2)), sp.exp(t) / (1 + sp.exp(t)) ** 2),
        Step("a tangent plane of (1/2)||x||^2 at g misses it at x by (1/2)||x - g||^2 (= M r^2 / 2 with M = 1)",
             s**2 / 2 - (t**2 / 2 + t * (s - t)), (s - t) ** 2 / 2),
    ]


def check(xp, inst):
    x, a, tol = inst["x"], float(inst["a"]), float(inst["tol"])
    f, grad, M = operator(inst["outputs"])
    D = x.shape[1]
    S, bound = tangent_maso_within(f, grad, [[-a, a]] * D, tol, M)
    S = MASO(asarray(S.A, xp, x.dtype), asarray(S.B, xp, x.dtype))  # on the instance's backend and dtype
    h = asarray(f(np.asarray(to_numpy(x), dtype=np.float64)), xp, x.dtype)
    s = S(x)
    scale = xp.abs(h) + 1.0
    return [
        leq(xp, s, h, relation="S(x) <= h(x) (tangent planes of a convex function lie below it)", scale=scale),
        leq(xp, h - s, xp.full(h.shape, tol, dtype=x.dtype), relation="h(x) - S(x) <= epsilon on the box", scale=scale,
            rtol=64 * float(xp.finfo(x.dtype).eps),  # a rounding allowance, well below epsilon in both dtypes
            note=f"epsilon = {tol:g}, {S.A.shape[1]} pieces per output, bound {bound:.3g}"),
    ]


CLAIM = register(
    Claim(
        id="icml18.sec3.maso_approximation",
        title="A MASO comes within any epsilon of an operator convex in each output, on a bounded box",
        where="icml18, Sec. 3 'Max-Affine Spline Operators', paragraph after Eq. (5)",
        statement=r"h_k \text{ convex } \forall k \implies \forall \epsilon > 0\ \exists A, B:\ \big|h_k(x) - [S[A, B](x)]_k\big| \le \epsilon \quad \forall k,\ x \in [-a, a]^D",
        assumptions=(r"x \text{ in a bounded box } [-a, a]^D \text{ (named in the claim file)}", r"h_k \in C^2 \text{ with } \|\nabla^2 h_k\|_2 \le M"),
        check=check,
        cases=convex_operator_instances(),
        arrays=("x",),
        per_input="x",
        derive=derive,
        topic="approximation",
        method="approximation.tangent_maso_within: the tangent planes of every output at the points of the coarsest grid of the box "
        "whose bound M r^2 / 2 is at most epsilon; the MASO is compared with the operator at inputs drawn in the box.",
    )
)
