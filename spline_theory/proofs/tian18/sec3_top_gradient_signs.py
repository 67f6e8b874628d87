"""tian18 Sec. 3, 'Goal': below the softmax, the top nodes' gradients already have the signs of the class events.

"For multi-class classification, the top level nodes (just below the softmax
layer) already embrace such correlations (here j is the class label):
:math:`g_j(y = j) > 0` and :math:`g_j(y \\ne j) < 0`."

tian18's :math:`g` is the back-propagated signal of the update
:math:`\\Delta w_{jk} = \\mathbb E_x[f_k g_j]` (Sec. 2.3), the negative gradient of the
loss: for the cross-entropy of the softmax it is :math:`g_j = \\mathbb 1[y = j] - \\mathrm{softmax}(z)_j`,
positive on inputs of class j and negative on the others; the marginalized
:math:`g_j(y) = \\mathbb E[g_j \\mid y]` keeps the signs.

Reading: the loss is the cross-entropy of the softmax output (the
classification setting the sentence names), g the negative gradient with
respect to the top nodes' values (the logits z); strict signs for finite
logits, decided beyond the error of the central differences. Verdict: **holds**.
"""

import numpy as np
import sympy as sp

from spline_theory.backend import asarray, to_numpy
from spline_theory.claims import Claim, Step, less, register
from spline_theory.learning import cross_entropy
from spline_theory.testing.strategies import logit_instances

H = 1e-4  # central-difference step in float64; the truncation error is O(H^2) times the third derivative (<= 1)


def derive():
    z1, z2 = sp.symbols("z_1 z_2", real=True)
    L = -z1 + sp.log(sp.exp(z1) + sp.exp(z2))  # C = 2, label y = 1
    return [
        Step("C = 2, y = 1: g_1 = -dL/dz_1 = 1 - softmax(z)_1 = softmax(z)_2 > 0", -sp.Derivative(L, z1), sp.exp(z2) / (sp.exp(z1) + sp.exp(z2))),
        Step("and g_2 = -dL/dz_2 = -softmax(z)_2 < 0", -sp.Derivative(L, z2), -sp.exp(z2) / (sp.exp(z1) + sp.exp(z2))),
    ]


def _negative_gradient(z, y):
    """-dL_CE/dz by central differences of learning.cross_entropy (float64, host), shape (N, C)."""
    N, C = z.shape
    g = np.empty((N, C))
    for c in range(C):
        e = np.zeros(C)
        e[c] = H
        g[:, c] = -(cross_entropy(z + e, y) - cross_entropy(z - e, y)) / (2 * H)
    return g


def check(xp, inst):
    z = np.asarray(to_numpy(inst["z"]), dtype=np.float64)
    y = np.asarray(inst["y"])
    g = _negative_gradient(z, y)
    own = np.zeros_like(g, dtype=bool)
    own[np.arange(len(y)), y] = True
    err = np.full(g.shape, 4 * H * H + 1e-10)  # truncation (third derivative of L_CE <= 1) and round-off (eps |L| / H, |L| <= 10)
    dt = inst["z"].dtype
    ev = [
        less(xp, asarray(err[own], xp, dt), asarray(g[own], xp, dt), relation="g_j(y = j) > 0 (per input)", rtol=0.0),
        less(xp, asarray(g[~own], xp, dt), asarray(-err[~own], xp, dt), relation="g_j(y != j) < 0 (per input)", rtol=0.0),
    ]
    for c in np.unique(y):  # the event averages g_j(y) over the inputs of each label
        gm = g[y == c].mean(axis=0)
        ev.append(less(xp, asarray(err[0, :1], xp, dt), asarray(gm[c : c + 1], xp, dt), relation=f"g_{c}(y = {c}) > 0 (event average)", rtol=0.0))
        if gm.size > 1:
            others = np.delete(gm, c)
            ev.append(less(xp, asarray(others, xp, dt), asarray(-err[0, : others.size], xp, dt), relation=f"g_j(y = {c}) < 0 for j != {c} (event average)", rtol=0.0))
    return ev


CLAIM = register(
    Claim(
        id="tian18.sec3.top_gradient_signs",
        title="Below the softmax the top nodes' gradients are positive on their own class and negative on the others",
        where="tian18, Sec. 3 'The Framework and its Goal', Goal",
        statement=r"g_j = -\frac{\partial \mathcal L_{CE}}{\partial z_j}:\quad g_j(y = j) > 0,\quad g_j(y \neq j) < 0",
        assumptions=(r"\mathcal L_{CE} = -\log \mathrm{softmax}(z)_y", r"g = -\nabla_z \mathcal L \text{ (the signal of } \Delta w = \mathbb E[f g])"),
        check=check,
        cases=logit_instances(),
        arrays=("z",),
        derive=derive,
        topic="teacher-student",
        method="Central differences (step 1e-4, float64) of learning.cross_entropy with respect to the logits; the signs per input and "
        "averaged per label, decided beyond the differences' error.",
    )
)
