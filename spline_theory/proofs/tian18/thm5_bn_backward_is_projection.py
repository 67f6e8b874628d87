"""tian18 Thm. 5 (Eq. (10), (75), (82)): the BN backward pass is a scaled projection.

For a top-down gradient :math:`\\mathbf g_{bn}` at the BN output,
:math:`\\mathbf g = J^{BN}(\\mathbf f)\\mathbf g_{bn} = \\frac{c_1}{\\sigma}P^\\perp_{\\mathbf f,\\mathbf 1}\\mathbf g_{bn}`
and :math:`\\mathbf g_{\\mathbf c} = S(\\mathbf f)^T\\mathbf g_{bn}`, so the
gradient below BN is zero-mean and orthogonal to :math:`\\mathbf f`.

Checked against the standard backward rule of Ioffe & Szegedy (tian18
Fig. 7) with :math:`\\varepsilon = 0`, and derived exactly for N = 3
(the Jacobian of Eq. (76) equals :math:`\\frac{c_1}{\\sigma}(I - SS^T/N)`, which
is the projection built from :math:`[\\mathbf f, \\mathbf 1]`). Verdict:
**holds** for :math:`\\varepsilon = 0` ("we do not impose any assumptions"
is true of the formula, but the formula is of BN without :math:`\\varepsilon`:
see ``tian18.thm5.epsilon``).

Reading: as printed, sigma > 0 and epsilon = 0 (BN without the variance offset,
as Eq. (76) defines it).
"""

import sympy as sp

from spline_theory.batchnorm import batchnorm_backward, bn_backward_projection, bn_statistics
from spline_theory.claims import Claim, Step, close, register
from spline_theory.testing.strategies import bn_instances


def derive():
    N = 3
    f = sp.Matrix(sp.symbols("f1:4", real=True))
    c1, c0 = sp.symbols("c_1 c_0", real=True)
    one = sp.ones(N, 1)
    mu = sum(f) / N
    f_hat = f - mu * one
    sigma = sp.sqrt((f_hat.T * f_hat)[0] / N)
    f_tilde = f_hat / sigma
    f_bn = c1 * f_tilde + c0 * one
    S = f_tilde.row_join(one)
    V = f.row_join(one)
    P_f1 = sp.eye(N) - V * (V.T * V).inv() * V.T
    g = sp.Matrix(sp.symbols("g1:4", real=True))
    loss = (g.T * f_bn)[0]  # <g_bn, f_bn>: its gradients are the backward maps applied to g_bn
    return [
        Step(r"S(\mathbf f)^T S(\mathbf f) = N I_2", S.T * S, N * sp.eye(2)),
        Step(r"I - S S^T/N = P^\perp_{\mathbf f,\mathbf 1}\ (\text{built from }[\mathbf f, \mathbf 1])", sp.eye(N) - S * S.T / N, P_f1),
        Step(r"J^{BN}(\mathbf f) = \frac{d\mathbf f_{bn}}{d\mathbf f} = \frac{c_1}{\sigma}(I - SS^T/N)\ (N = 3)", f_bn.jacobian(f), c1 / sigma * (sp.eye(N) - S * S.T / N)),
        Step(r"\nabla_{\mathbf c}\langle \mathbf g_{bn}, \mathbf f_{bn}\rangle = S(\mathbf f)^T\mathbf g_{bn}", sp.Matrix([sp.Derivative(loss, c1), sp.Derivative(loss, c0)]), S.T * g),
    ]


def check(xp, inst):
    f, c, g_bn = inst["f"], inst["c"], inst["g_bn"]
    g_std, gc_std = batchnorm_backward(f, c, g_bn)
    g_proj, gc_proj = bn_backward_projection(f, c, g_bn)
    _, sigma = bn_statistics(f)
    N = f.shape[0]
    # the backward maps sum N terms of size |c_1|/sigma |g_bn|
    scale = N * xp.abs(c[0]) / sigma * xp.max(xp.abs(g_bn))
    zero = xp.zeros((), dtype=f.dtype)
    return [
        close(xp, g_std, g_proj, relation="standard BN backward (Fig. 7) == (c_1/sigma) P_perp_{f,1} g_bn", scale=scale),
        close(xp, gc_std, gc_proj, relation="[g_c1, g_c0] (Fig. 7) == S(f)^T g_bn", scale=N * xp.max(xp.abs(g_bn))),
        close(xp, xp.sum(g_std), zero, relation="1^T g == 0", scale=N * scale),
        close(xp, xp.sum(f * g_std), zero, relation="f^T g == 0", scale=N * scale * xp.max(xp.abs(f))),
    ]


CLAIM = register(
    Claim(
        id="tian18.thm5",
        title="The gradient through BN is c_1/sigma times the projection of g_bn onto the complement of span{f, 1}",
        where="tian18, Sec. 4.1, Thm. 5, Eq. (10); App. 8.6, Eq. (75), (82)",
        statement=r"\mathbf g = J^{BN}(\mathbf f)\mathbf g_{bn} = \frac{c_1}{\sigma}P^\perp_{\mathbf f,\mathbf 1}\mathbf g_{bn},\qquad \mathbf g_{\mathbf c} \equiv [g_{c_1}, g_{c_0}]^T = S(\mathbf f)^T\mathbf g_{bn}",
        assumptions=(r"\sigma > 0", r"\varepsilon = 0 \text{ (BN without the variance offset)}"),
        check=check,
        cases=bn_instances(),
        arrays=("f", "c", "g_bn"),
        derive=derive,
        method="batchnorm_backward (Ioffe & Szegedy's rule, Fig. 7) against bn_backward_projection (the projector built from [f, 1]); 1^T g and f^T g vanish. Exact SymPy Jacobian for N = 3.",
    )
)
