"""icml18 Sec. 5.1: "a matched filterbank is the optimal classifier for deterministic signals in additive white Gaussian noise".

Reading: the matched filterbank is the dense layer of Eq. (8),
:math:`z = Wx + b`, with the class signals as templates (:math:`W = [s_1, \\dots, s_C]^T`)
and biases that, as the sentence before says, "account for [...] the prior
probability over the classes" (:math:`b_c = -\\tfrac12\\|s_c\\|^2 + \\sigma^2\\log\\pi_c`,
``learning.matched_filterbank``); "optimal" is the minimum probability of
error, i.e. the maximum a posteriori decision (the Bayes rule). The check
compares the filterbank's decision with the MAP decision computed from the
Gaussian log-densities of ``scipy.stats.multivariate_normal``, an independent
implementation, and checks that the two scores differ by a term that does not
depend on the class. Inputs whose two best posteriors are closer than
round-off are undecided. With equal energies and equal priors the biases are
equal and the bare bank of inner products decides the same. Verdict: **holds**.
"""

import numpy as np
import sympy as sp
from scipy.stats import multivariate_normal

from spline_theory.backend import asarray, to_numpy
from spline_theory.claims import Claim, Step, close, equal, register
from spline_theory.learning import matched_filterbank
from spline_theory.testing.strategies import awgn_classification_instances


def derive():
    x, s, v, p = sp.symbols("x s sigma2 pi", positive=True)
    log_post = sp.log(p) - (x - s) ** 2 / (2 * v)  # one dimension, up to -log(2 pi sigma2)/2, which no class changes
    return [Step("log pi_c - (x - s_c)^2 / (2 sigma^2) = (x s_c - s_c^2/2 + sigma^2 log pi_c) / sigma^2 - x^2 / (2 sigma^2): "
                 "affine in x with the matched-filter slope, plus a term common to all classes",
                 log_post, (x * s - s**2 / 2 + v * sp.log(p)) / v - x**2 / (2 * v))]


def check(xp, inst):
    x, S, sigma2, pri = inst["x"], inst["signals"], float(inst["sigma2"]), inst["priors"]
    W, b = matched_filterbank(S, sigma2, pri)
    z = x @ xp.matrix_transpose(W) + b  # the filterbank's outputs
    Sh, xh, ph = (np.asarray(to_numpy(a), dtype=np.float64) for a in (S, x, pri))
    logpost = np.stack([np.log(ph[c]) + multivariate_normal(mean=Sh[c], cov=sigma2).logpdf(xh).reshape(-1) for c in range(Sh.shape[0])], axis=1)
    logpost = asarray(logpost, xp, x.dtype)
    # sigma^2 log posterior - z is the same for every class: compare after removing the class mean
    diff = sigma2 * logpost - z
    centred = diff - xp.mean(diff, axis=1, keepdims=True)
    scale = xp.abs(z) + xp.abs(sigma2 * logpost) + 1.0
    top2 = xp.sort(z, axis=1)[:, -2:]
    decided = (top2[:, 1] - top2[:, 0]) > 1e3 * float(xp.finfo(x.dtype).eps) * xp.max(scale, axis=1)
    evidence = [close(xp, centred, xp.zeros_like(centred), relation="sigma^2 log p(c | x) - (<s_c, x> + b_c) does not depend on c", scale=scale)]
    if bool(xp.any(decided)):
        evidence.append(equal(xp, xp.argmax(z[decided], axis=1), xp.argmax(logpost[decided], axis=1),
                              relation="argmax_c <s_c, x> + b_c == MAP class (scipy.stats.multivariate_normal)"))
    return evidence


CLAIM = register(
    Claim(
        id="icml18.sec51.matched_filterbank",
        title="A matched filterbank (signals as templates, energy and prior biases) is the MAP classifier in white Gaussian noise",
        where="icml18, Sec. 5.1, paragraph after Eq. (8)-(9)",
        statement=r"x = s_c + n,\ n \sim \mathcal N(0, \sigma^2 I):\ \arg\max_c p(c \mid x) = \arg\max_c \langle s_c, x\rangle + b_c,\quad b_c = -\tfrac12\|s_c\|^2 + \sigma^2\log\pi_c",
        assumptions=(r"\text{deterministic class signals } s_c,\ \text{priors } \pi_c > 0",),
        check=check,
        cases=awgn_classification_instances(),
        arrays=("x", "signals", "priors"),
        per_input="x",
        derive=derive,
        topic="learning",
        method="learning.matched_filterbank's outputs against the Gaussian log-posteriors of scipy.stats.multivariate_normal: "
        "their difference is constant across classes, and the two arg-max decisions agree wherever the best two outputs differ beyond round-off.",
    )
)
