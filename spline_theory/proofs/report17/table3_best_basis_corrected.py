"""report17 Sec. 5.1.2, Table 3 (best basis row) corrected: with unit-norm atoms and the winner chosen by
:math:`|\\langle x, W_j\\rangle|`, the reconstruction :math:`\\sum_i f(x)_i\\, df(x)_i/dx = \\langle x, W_{i^*}\\rangle W_{i^*}` is the best
approximation of x by one atom, with error :math:`\\|x\\|^2 - \\max_i \\langle x, W_i\\rangle^2`.

Reading: the correction: unit-norm atoms and the winner by |<x, W_j>| (named).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs.report17._table3 import best_atom_error
from spline_theory.testing.strategies import table3_instances


def derive():
    c = sp.Symbol("c", real=True)
    x = sp.Matrix(sp.symbols("x_1 x_2", real=True))
    w = sp.Matrix(sp.symbols("w_1 w_2", real=True))
    xw, ww, xx = (x.T * w)[0], (w.T * w)[0], (x.T * x)[0]
    err = ((x - c * w).T * (x - c * w))[0]
    cstar = xw / ww
    return [
        Step("the best multiple of an atom W is c = <x, W>/||W||^2 (= <x, W> for a unit atom): d/dc ||x - cW||^2 vanishes there", sp.Subs(sp.Derivative(err, c), c, cstar), 0),
        Step("with error ||x||^2 - <x, W>^2/||W||^2 (||x||^2 - <x, W>^2 for a unit atom), smallest for the largest |<x, W>|", err.subs(c, cstar), xx - xw**2 / ww),
    ]


def check(xp, inst):
    return best_atom_error(xp, inst, "corrected")


CLAIM = register(
    Claim(
        id="report17.table3.best_basis-corrected",
        title="With unit-norm atoms and the winner by |<x, W_j>|, the best-basis reconstruction is the best one-atom approximation",
        where="report17, Sec. 5.1.2, Table 3 (best basis (WTA) row) and Eq. (78) (corrected)",
        statement=r"\|W_i\| = 1,\ f(x)_i = 1_{i = \arg\max_j |\langle x, W_j\rangle|}\langle x, W_i\rangle:\ \Big\|x - \sum_i f(x)_i \frac{df(x)_i}{dx}\Big\|^2 = \min_i \min_c \|x - cW_i\|^2 = \|x\|^2 - \max_i \langle x, W_i\rangle^2",
        assumptions=(r"\|W_i\| = 1",),
        check=check,
        cases=table3_instances(unit_rows=True),
        arrays=("W", "t", "x"),
        derive=derive,
        corrects="report17.table3.best_basis",
        method="inversion.table3_inverse (best_basis, corrected rule): the reconstruction error against ||x||^2 - max_i <x, W_i>^2.",
    )
)
