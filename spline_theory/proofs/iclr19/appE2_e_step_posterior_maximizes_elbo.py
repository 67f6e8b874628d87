"""iclr19 App. E.2: the entropy-regularized problem of the proof of Prop. 2 is solved by the GMM posterior, for any prior and sigma^2.

The proof of Prop. 2 maximizes, over the simplex,
:math:`F(q) = \\mathbb E_q[\\log p(z \\mid t)p(t)] + H(q) = \\sum_r q_r A_r + H(q)` with
:math:`A_r = -\\frac{1}{2\\sigma^2}\\|z - \\mu_r\\|^2 + \\log \\pi_r` (the log joint up to
a constant), and finds from the Lagrangian
:math:`\\partial\\mathcal L/\\partial q_p = A_p - \\log q_p - 1 + \\lambda = 0`,
:math:`\\lambda = -\\log\\sum_p e^{A_p - 1}`, the solution
:math:`q_p = e^{A_p}/\\sum_{p'} e^{A_{p'}}`: the posterior (the E-step of EM,
footnote 2). Checked with the log joint :math:`\\ell_r = \\log p(z, t = r)`
itself: the stationarity condition reads
:math:`\\ell_p - \\log q_p = \\log\\sum_{p'} e^{\\ell_{p'}} = \\log p(z)` for every p,
the maximum value is :math:`F(q^*) = \\log p(z)` (the bound is tight), and the
vertices and the centre of the simplex do no better.

Reading: the optimization of App. E.2 (proof of Prop. 2) as printed, for any
positive prior and sigma^2 > 0 (the model (3) it is stated for).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, leq, register
from spline_theory.testing.strategies import factorial_instances
from spline_theory.vq import region_posterior, smaso_log_joint, smaso_log_likelihood, vq_entropy


def derive():
    l1, l2 = sp.symbols("l_1 l_2", real=True)
    Z = sp.exp(l1) + sp.exp(l2)
    q = [sp.exp(l1) / Z, sp.exp(l2) / Z]
    F = q[0] * l1 + q[1] * l2 - (q[0] * sp.log(q[0]) + q[1] * sp.log(q[1]))
    lam = -sp.log(sp.exp(l1 - 1) + sp.exp(l2 - 1))
    return [
        Step("stationarity dL/dq_1 = A_1 - log q_1 - 1 + lambda = 0 at q = softmax(A), lambda = -log sum_p e^(A_p - 1)",
             l1 - sp.log(q[0]) - 1 + lam, 0),
        Step("the maximum value is F(q*) = log sum_r e^(A_r) (= log p(z) with A_r the log joint)", F, sp.log(Z)),
    ]


def check(xp, inst):
    A, prior, x, s2 = inst["A"], inst["prior"], inst["x"], inst["sigma2"]
    lj = smaso_log_joint(A, prior, x, s2)  # (N, K, R): l_r
    post = region_posterior(A, prior, x, s2)
    ev = smaso_log_likelihood(A, prior, x, s2)  # (N, K): log p(z)
    scale = xp.max(xp.abs(lj), axis=2)
    R = A.shape[1]
    # log q_p is only meaningful where q_p did not underflow
    pos = post >= xp.finfo(post.dtype).smallest_normal
    stat = xp.where(pos, lj - xp.log(xp.where(pos, post, xp.ones_like(post))), ev[..., None])
    elbo = xp.sum(post * lj, axis=2) + vq_entropy(post)
    centre = xp.mean(lj, axis=2) + xp.log(xp.asarray(float(R), dtype=lj.dtype))
    return [
        close(xp, stat, xp.broadcast_to(ev[..., None], stat.shape), scale=scale[..., None], relation="l_p - log q*_p == log sum_r e^(l_r) for every p (stationarity of the Lagrangian)"),
        close(xp, elbo, ev, scale=scale, relation="F(q*) = sum_r q*_r l_r + H(q*) == log p(z)"),
        leq(xp, xp.max(lj, axis=2), elbo, scale=scale, relation="F(vertex e_r) = l_r <= F(q*)"),
        leq(xp, centre, elbo, scale=scale, relation="F(uniform) = mean_r l_r + log R <= F(q*)"),
    ]


CLAIM = register(
    Claim(
        id="iclr19.appE2.e_step",
        title="The entropy-regularized problem of App. E.2 is solved by the GMM posterior (E-step), for any prior and sigma^2",
        where="iclr19, App. E.2 (proof of Prop. 2) and footnote 2",
        statement=r"\arg\max_{q\in\Delta_R} \sum_r q_r\Big[-\tfrac{1}{2\sigma^2}\|z-\mu_r\|^2 + \log\pi_r\Big] - \sum_r q_r\log q_r = \Big(\tfrac{e^{A_p}}{\sum_{p'} e^{A_{p'}}}\Big)_p = p(t = p \mid z),\quad \lambda = -\log\textstyle\sum_p e^{A_p - 1}",
        assumptions=(r"\sigma^2 > 0", r"[\pi]_{k,\cdot} \text{ positive, summing to one}"),
        check=check,
        cases=factorial_instances(),
        arrays=("A", "prior", "x"),
        derive=derive,
        method="With l = vq.smaso_log_joint and q* = vq.region_posterior: stationarity l_p - log q*_p == "
        "vq.smaso_log_likelihood (entries that underflow to 0 left out), F(q*) = sum q* l + vq.vq_entropy(q*) equals "
        "log p(z), and F at the vertices and at the centre of the simplex is not larger.",
        notes="Prop. 2 itself (u = MASO pieces, sigma^2 = 1 and the prior of Thm. 2) is iclr19.prop2.",
    )
)
