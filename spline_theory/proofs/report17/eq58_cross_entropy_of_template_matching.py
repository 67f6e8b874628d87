"""report17 Sec. 4.2, Eq. (58): the cross-entropy of the softmax of a template-matching output,
:math:`-\\log \\hat y(X_n)_{Y_n} = -(\\langle A_{Y_n}, X_n\\rangle + b_{Y_n}) + \\log\\sum_c e^{\\langle A_c, X_n\\rangle + b_c}`.

Reading: as printed, y = softmax(A X_n + b); any templates, biases and labels.
"""

import sympy as sp

from spline_theory.activations import softmax
from spline_theory.claims import Claim, Step, close, register
from spline_theory.factorial import _one_hot
from spline_theory.learning import cross_entropy
from spline_theory.proofs.report17._cross_entropy import logits
from spline_theory.testing.strategies import cross_entropy_template_instances


def derive():
    z = sp.symbols("z0:3", real=True)
    p0 = sp.exp(z[0]) / sum(sp.exp(zc) for zc in z)
    return [Step("-log softmax(z)_0 = -z_0 + log sum_c exp(z_c) (C = 3, Y_n = 0)", -sp.log(p0), -z[0] + sp.log(sum(sp.exp(zc) for zc in z)))]


def check(xp, inst):
    z = logits(xp, inst)
    onehot = _one_hot(xp, xp.asarray(inst["y"]), z.shape[1], z.dtype)
    neg_log_p = -xp.log(xp.sum(softmax(z, axis=1) * onehot, axis=1))
    scale = xp.max(xp.abs(z), axis=1) + 1
    return close(xp, cross_entropy(z, inst["y"]), neg_log_p, relation="-(<A_y, X> + b_y) + log sum_c exp(<A_c, X> + b_c) == -log softmax(A X + b)_y", scale=scale)


CLAIM = register(
    Claim(
        id="report17.eq58",
        title="The cross-entropy of a template-matching network is minus the true class's score plus a log-sum-exp",
        where="report17, Sec. 4.2.1, Eq. (58)",
        statement=r"\mathcal{L}_{CE}(Y_n, \hat{y}(X_n)) = -\log \hat y(X_n)_{Y_n} = -(\langle A_{Y_n}, X_n \rangle + b_{Y_n}) + \log \sum_{c=1}^C e^{\langle A_c, X_n \rangle + b_c}",
        assumptions=(r"\hat y = \operatorname{softmax}(A X_n + b)",),
        check=check,
        cases=cross_entropy_template_instances(),
        arrays=("A", "x", "b"),
        derive=derive,
        method="learning.cross_entropy (the log-sum-exp form of Eq. 58) of the logits A x + b against -log of the true class's softmax probability (activations.softmax).",
    )
)
