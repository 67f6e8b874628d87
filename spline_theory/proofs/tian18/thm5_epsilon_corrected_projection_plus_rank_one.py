"""tian18 Thm. 5 with :math:`\\varepsilon > 0`, corrected: a projection plus a rank-one term.

With :math:`\\sigma_\\varepsilon = \\sqrt{\\sigma^2+\\varepsilon}` and
:math:`\\tilde{\\mathbf f} = \\hat{\\mathbf f}/\\sigma`,

.. math::

    \\mathbf g = \\frac{c_1}{\\sigma_\\varepsilon}\\Big[P^\\perp_{\\mathbf f,\\mathbf 1}
    + \\frac{\\varepsilon}{\\sigma^2+\\varepsilon}\\frac{\\tilde{\\mathbf f}\\tilde{\\mathbf f}^T}{N}\\Big]\\mathbf g_{bn},
    \\qquad \\mathbf g_{\\mathbf c} = S_\\varepsilon(\\mathbf f)^T\\mathbf g_{bn},

so :math:`\\mathbf g` is still zero-mean, and its component along
:math:`\\mathbf f` is of relative size :math:`\\varepsilon/(\\sigma^2+\\varepsilon)`;
Thm. 5 is the case :math:`\\varepsilon = 0`. Derived exactly for N = 3.

Reading: the correction for epsilon > 0: a projection plus a rank-one term;
sigma > 0.
"""

import sympy as sp

from spline_theory.batchnorm import batchnorm_backward, bn_backward_projection, bn_statistics
from spline_theory.claims import Claim, Step, close, register
from spline_theory.testing.strategies import bn_instances


def derive():
    N = 3
    f = sp.Matrix(sp.symbols("f1:4", real=True))
    c1, c0 = sp.symbols("c_1 c_0", real=True)
    e = sp.symbols("varepsilon", positive=True)
    one = sp.ones(N, 1)
    f_hat = f - sum(f) / N * one
    var = (f_hat.T * f_hat)[0] / N
    f_bn = c1 * f_hat / sp.sqrt(var + e) + c0 * one
    ft = f_hat / sp.sqrt(var)
    V = f.row_join(one)
    P_f1 = sp.eye(N) - V * (V.T * V).inv() * V.T
    rhs = c1 / sp.sqrt(var + e) * (P_f1 + e / (var + e) * ft * ft.T / N)
    return [Step(r"\frac{d\mathbf f_{bn}}{d\mathbf f} = \frac{c_1}{\sigma_\varepsilon}\big[P^\perp_{\mathbf f,\mathbf 1} + \frac{\varepsilon}{\sigma^2+\varepsilon}\frac{\tilde{\mathbf f}\tilde{\mathbf f}^T}{N}\big]\ (N = 3)", f_bn.jacobian(f), rhs)]


def check(xp, inst):
    f, c, g_bn, eps = inst["f"], inst["c"], inst["g_bn"], inst["eps"]
    g_std, gc_std = batchnorm_backward(f, c, g_bn, eps=eps)
    g_proj, gc_proj = bn_backward_projection(f, c, g_bn, eps=eps)
    _, sigma = bn_statistics(f, eps=eps)
    N = f.shape[0]
    scale = N * xp.abs(c[0]) / sigma * xp.max(xp.abs(g_bn))
    return [
        close(xp, g_std, g_proj, relation="standard BN backward with eps == (c_1/sigma_eps)[P_perp_{f,1} + eps/(sigma^2+eps) f~ f~^T/N] g_bn", scale=scale),
        close(xp, gc_std, gc_proj, relation="[g_c1, g_c0] == S_eps(f)^T g_bn", scale=N * xp.max(xp.abs(g_bn))),
        close(xp, xp.sum(g_std), xp.zeros((), dtype=f.dtype), relation="1^T g == 0", scale=N * scale),
    ]


CLAIM = register(
    Claim(
        id="tian18.thm5.epsilon-corrected",
        title="With eps > 0 the BN backward is a scaled projection plus a rank-one term along f~",
        where="tian18, Sec. 4.1, Thm. 5 (corrected for eps > 0)",
        statement=r"\mathbf g = \frac{c_1}{\sigma_\varepsilon}\Big[P^\perp_{\mathbf f,\mathbf 1} + \frac{\varepsilon}{\sigma^2+\varepsilon}\frac{\tilde{\mathbf f}\tilde{\mathbf f}^T}{N}\Big]\mathbf g_{bn},\quad \mathbf 1^T\mathbf g = 0,\quad \sigma_\varepsilon = \sqrt{\sigma^2+\varepsilon},\ \tilde{\mathbf f} = \hat{\mathbf f}/\sigma",
        assumptions=(r"\varepsilon > 0", r"\sigma > 0"),
        check=check,
        cases=bn_instances(eps=True),
        arrays=("f", "c", "g_bn"),
        derive=derive,
        corrects="tian18.thm5.epsilon",
        method="batchnorm_backward (Fig. 7 with eps) against bn_backward_projection(eps=...), which adds the rank-one term to the projector built from [f, 1]; exact SymPy Jacobian for N = 3.",
    )
)
