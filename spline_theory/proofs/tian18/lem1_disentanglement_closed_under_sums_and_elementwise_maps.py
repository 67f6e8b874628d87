"""tian18 Lemma 1 (App. 8.7.2): disentangled activations stay disentangled under linear combinations, per-column element-wise maps and their Hadamard products.

(1) :math:`\\sum_i w_i F^{(i)}_\\alpha`, (2) :math:`h(F_\\alpha)` and (3)
:math:`h_1(F^{(1)}_\\alpha)\\circ\\dots\\circ h_n(F^{(n)}_\\alpha)` are disentangled
(Def. 3) when the :math:`F^{(i)}_\\alpha` are, for per-column element-wise
:math:`h` (a possibly different scalar function per column). Checked on three
disentangled activations built from random factor vectors, with ReLU, square,
tanh, abs and the step function as column maps. Verdict: **holds**.

Reading: as printed: element-wise maps act with one scalar function per column,
all F^(i) with the same binary factors.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.disentanglement import activation_factors, disentangled_activation
from spline_theory.proofs.tian18._disentangle import host
from spline_theory.testing.strategies import disentangle_lemma_instances

H = {"relu": lambda v: np.maximum(v, 0), "square": np.square, "tanh": np.tanh, "abs": np.abs, "step": lambda v: (v > 0).astype(v.dtype)}


def _per_column(names, F):
    return np.stack([H[name](F[:, j]) for j, name in enumerate(names)], axis=1)


def check(xp, inst):
    fs, c = host(inst["fs"]), host(inst["c"])
    Fs = [disentangled_activation(f) for f in fs]
    combos = {
        "(1) sum_i w_i F^(i)": (sum(ci * F for ci, F in zip(c, Fs)), sum(abs(ci) * np.abs(F) for ci, F in zip(c, Fs))),
        "(2) h(F)": (_per_column(inst["h"][0], Fs[0]), None),
        "(3) h_1(F^(1)) o h_2(F^(2)) o h_3(F^(3))": (np.prod([_per_column(hs, F) for hs, F in zip(inst["h"], Fs)], axis=0), None),
    }
    out = []
    for rel, (M, scale) in combos.items():
        rebuilt = disentangled_activation(activation_factors(M))
        s = np.abs(M) if scale is None else scale
        out.append(close(xp, xp.asarray(rebuilt), xp.asarray(M), relation=f"{rel} is disentangled: equals 1 x .. x f_j x .. x 1 of its factors", scale=xp.asarray(s)))
    return out


CLAIM = register(
    Claim(
        id="tian18.lem1",
        title="Disentangled activations are closed under linear combinations, per-column element-wise maps and Hadamard products",
        where="tian18, App. 8.7.2, Lemma 1",
        statement=r"(1)\ \textstyle\sum_i w_iF^{(i)}_\alpha,\ (2)\ h(F_\alpha),\ (3)\ h_1(F^{(1)}_\alpha)\circ\dots\circ h_n(F^{(n)}_\alpha) \text{ are disentangled if the } F^{(i)}_\alpha \text{ are}",
        assumptions=(r"h, h_i \text{ act element-wise, one scalar function per column}", r"\text{all } F^{(i)}_\alpha \text{ have the same binary factors}"),
        check=check,
        cases=disentangle_lemma_instances(),
        arrays=("fs", "c"),
        method="disentangled_activation of three random factor sets; the combinations (1)-(3) are compared with disentangled_activation(activation_factors(.)) of themselves (equal iff disentangled).",
    )
)
