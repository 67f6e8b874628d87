"""report17 Sec. 5.1.2, Table 3 (k-NN row) corrected: with
:math:`i^* = \\arg\\max_i \\langle x, W_i\\rangle - \\|W_i\\|^2/2` and :math:`\\alpha_i = 1`, the reconstruction
:math:`\\sum_i df(x)_i/dx = W_{i^*}` is the nearest template of x (1-NN), since
:math:`\\|x - W_i\\|^2 = \\|x\\|^2 - 2(\\langle x, W_i\\rangle - \\|W_i\\|^2/2)`.

Reading: the correction: the winner by <x, W_i> - ||W_i||^2 / 2.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, register
from spline_theory.proofs.report17._table3 import nearest_template_distance
from spline_theory.testing.strategies import table3_instances


def derive():
    x = sp.Matrix(sp.symbols("x_1 x_2", real=True))
    w = sp.Matrix(sp.symbols("w_1 w_2", real=True))
    return [Step("||x - W_i||^2 = ||x||^2 - 2 (<x, W_i> - ||W_i||^2 / 2): the nearest template maximizes the score", ((x - w).T * (x - w))[0],
                 (x.T * x)[0] - 2 * ((x.T * w)[0] - (w.T * w)[0] / 2))]


def check(xp, inst):
    return nearest_template_distance(xp, inst, "corrected")


CLAIM = register(
    Claim(
        id="report17.table3.knn-corrected",
        title="With the winner by <x, W_i> - ||W_i||^2/2, the k-NN row's reconstruction is the nearest template",
        where="report17, Sec. 5.1.2, Table 3 (k-NN row) (corrected)",
        statement=r"\alpha_i = 1,\ f(x)_i = 1_{i = \arg\max_j \langle x, W_j\rangle - \|W_j\|^2/2}\langle x, W_i\rangle:\ \sum_i \alpha_i \frac{df(x)_i}{dx} = \arg\min_{W_i}\|x - W_i\|",
        check=check,
        cases=table3_instances(),
        arrays=("W", "t", "x"),
        derive=derive,
        corrects="report17.table3.knn",
        method="inversion.table3_inverse (knn, corrected rule): the squared distance from x to the reconstruction against min_i ||x - W_i||^2.",
    )
)
