"""report17 Sec. 5.1.2, Table 3 (k-NN row) as printed: :math:`\\alpha_i = 1`,
:math:`f(x)_i = 1_{i = \\arg\\max_{\\langle x, W_i\\rangle > -\\|W_i\\|^2/2}} \\langle x, W_i\\rangle`, and the reconstruction
:math:`\\sum_i \\alpha_i\\, df(x)_i/dx` is the framework's inverse transform.

Reading: the condition under the arg max restricts the candidates,
:math:`i^* = \\arg\\max\\{\\langle x, W_i\\rangle : \\langle x, W_i\\rangle > -\\|W_i\\|^2/2\\}`; the
reconstruction :math:`W_{i^*}` is to be the nearest template of x (1-NN).

Verdict: **fails**. The nearest template maximizes
:math:`\\langle x, W_i\\rangle - \\|W_i\\|^2/2`, not :math:`\\langle x, W_i\\rangle`: the printed row
mixes the score into a constraint. Counterexample: W = [(1, 0), (3, 0)],
x = (1.2, 0): the row picks (3, 0) (3.6 > 1.2), at distance 1.8, while (1, 0) is
at distance 0.2. ``report17.table3.knn-corrected`` uses the score.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17._table3 import nearest_template_distance
from spline_theory.testing.strategies import table3_instances


def check(xp, inst):
    return nearest_template_distance(xp, inst, "printed")


CLAIM = register(
    Claim(
        id="report17.table3.knn",
        title="The k-NN row's reconstruction is the nearest template (as printed)",
        where="report17, Sec. 5.1.2, Table 3 (k-NN row)",
        statement=r"\alpha_i = 1,\ f(x)_i = 1_{i = \arg\max_{\langle x, W_i\rangle > -\|W_i\|^2/2}}\langle x, W_i\rangle:\ \sum_i \alpha_i \frac{df(x)_i}{dx} = \arg\min_{W_i}\|x - W_i\|",
        assumptions=(r"\text{the condition under the arg max read as a constraint on the candidates}",),
        check=check,
        cases=table3_instances(),
        arrays=("W", "t", "x"),
        expected="fails",
        kind="error",
        counterexample={"W": [[1.0, 0.0], [3.0, 0.0]], "t": [0.0, 0.0], "x": [[1.2, 0.0]]},
        method="inversion.table3_inverse (knn, printed rule): the squared distance from x to the reconstruction against min_i ||x - W_i||^2.",
        notes="See report17.table3.knn-corrected.",
    )
)
