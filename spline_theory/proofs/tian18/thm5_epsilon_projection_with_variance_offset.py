"""tian18 Thm. 5 with the :math:`\\varepsilon` of practical BN: the gradient is no longer orthogonal to :math:`\\mathbf f`.

Thm. 5 states that the gradient through BN is
:math:`\\frac{c_1}{\\sigma}P^\\perp_{\\mathbf f,\\mathbf 1}\\mathbf g_{bn}`, "zero-mean and
perpendicular to the input activation f", and that "we do not impose any
assumptions". The BN layer whose rule the paper quotes (Fig. 7) divides by
:math:`\\sqrt{\\sigma^2 + \\varepsilon}`, :math:`\\varepsilon > 0`; with it,
:math:`\\mathbf 1^T\\mathbf g = 0` still holds but
:math:`\\mathbf f^T\\mathbf g = \\frac{c_1 \\sigma}{\\sigma_\\varepsilon}\\frac{\\varepsilon}{\\sigma^2+\\varepsilon}\\tilde{\\mathbf f}^T\\mathbf g_{bn} \\ne 0`.

Verdict: **fails** for :math:`\\varepsilon > 0`. Counterexample:
:math:`\\mathbf f = \\mathbf g_{bn} = (-1, 0, 1)`, :math:`\\mathbf c = (1, 0)`,
:math:`\\varepsilon = 1`: :math:`\\mathbf f^T\\mathbf g = 2\\cdot\\tfrac{3}{5}/\\sqrt{5/3} \\approx 0.93`.
The exact rule with :math:`\\varepsilon` is ``tian18.thm5.epsilon-corrected``.

Reading: Thm. 5 read with practical BN's epsilon > 0 (Fig. 7 and Ioffe and
Szegedy), sigma > 0: the gradient is no longer orthogonal to f (kind:
missing-hypothesis: the theorem needs epsilon = 0).
"""

from spline_theory.batchnorm import batchnorm_backward, bn_statistics
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import bn_instances


def check(xp, inst):
    f, c, g_bn = inst["f"], inst["c"], inst["g_bn"]
    eps = inst["eps"]
    g, _ = batchnorm_backward(f, c, g_bn, eps=eps)
    _, sigma = bn_statistics(f, eps=eps)
    N = f.shape[0]
    scale = N * xp.abs(c[0]) / sigma * xp.max(xp.abs(g_bn))
    zero = xp.zeros((), dtype=f.dtype)
    return [
        close(xp, xp.sum(g), zero, relation="1^T g == 0 (BN with eps)", scale=N * scale),
        close(xp, xp.sum(f * g), zero, relation="f^T g == 0 (BN with eps)", scale=N * scale * xp.max(xp.abs(f))),
    ]


CLAIM = register(
    Claim(
        id="tian18.thm5.epsilon",
        title="The gradient through BN stays orthogonal to f when BN divides by sqrt(sigma^2 + eps)",
        where="tian18, Sec. 4.1, Thm. 5 and the remark after it; App. 8.6, Fig. 7",
        statement=r"\mathbf g = \frac{c_1}{\sigma}P^\perp_{\mathbf f,\mathbf 1}\mathbf g_{bn} \perp \mathbf f, \mathbf 1 \quad \text{(no assumptions; BN of Fig. 7 with } \varepsilon > 0)",
        assumptions=(r"\varepsilon > 0 \text{ as in Fig. 7 (Ioffe \& Szegedy)}", r"\sigma > 0"),
        check=check,
        cases=bn_instances(eps=True),
        arrays=("f", "c", "g_bn"),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={"f": [-1.0, 0.0, 1.0], "c": [1.0, 0.0], "g_bn": [-1.0, 0.0, 1.0], "eps": 1.0},
        method="batchnorm_backward with eps in {1/16, 1/4, 1}; checks 1^T g = 0 and f^T g = 0.",
        notes="1^T g = 0 survives eps; f^T g = 0 does not. See tian18.thm5.epsilon-corrected for the exact rule.",
    )
)
