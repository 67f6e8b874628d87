"""report17 Sec. 5.1.2, Table 3 (best basis / winner-take-all row) as printed:
:math:`f(x)_i = 1_{i = \\arg\\max_j \\langle x, W_j\\rangle / \\|W_j\\|^2} \\langle x, W_i\\rangle`, :math:`\\alpha_i = f(x)_i`, and the
reconstruction :math:`\\sum_i \\alpha_i\\, df(x)_i/dx` is the framework's inverse transform.

Reading: the best-basis inverse is the best approximation of x by one atom,
:math:`\\min_i \\min_c \\|x - cW_i\\|`.

Verdict: **fails**. The reconstruction :math:`\\langle x, W_{i^*}\\rangle W_{i^*}` is the
projection onto the atom only when :math:`\\|W_{i^*}\\| = 1`, and the signed score
:math:`\\langle x, W_j\\rangle/\\|W_j\\|^2` need not pick the best atom. Counterexample:
W = [(2, 0), (0.9, 0.1)], x = (1, 0): the score picks atom 2 (1.098 > 0.5) and
reconstructs (0.81, 0.09), error 0.044, while atom 1 reconstructs x exactly.
``report17.table3.best_basis-corrected``: unit-norm atoms and the score
:math:`|\\langle x, W_j\\rangle|`.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.report17._table3 import best_atom_error
from spline_theory.testing.strategies import table3_instances


def check(xp, inst):
    return best_atom_error(xp, inst, "printed")


CLAIM = register(
    Claim(
        id="report17.table3.best_basis",
        title="The best-basis (winner-take-all) row's inverse is the best one-atom approximation (as printed)",
        where="report17, Sec. 5.1.2, Table 3 (best basis (WTA) row) and Eq. (78)",
        statement=r"f(x)_i = 1_{i = \arg\max_j \frac{\langle x, W_j\rangle}{\|W_j\|^2}}\langle x, W_i\rangle,\ \alpha_i = f(x)_i:\ \sum_i \alpha_i \frac{df(x)_i}{dx} = \arg\min_{cW_i} \|x - cW_i\|",
        assumptions=(r"W_i \ne 0",),
        check=check,
        cases=table3_instances(),
        arrays=("W", "t", "x"),
        expected="fails",
        kind="error",
        counterexample={"W": [[2.0, 0.0], [0.9, 0.1]], "t": [0.0, 0.0], "x": [[1.0, 0.0]]},
        method="inversion.table3_inverse (best_basis, printed rule): the reconstruction error against the best one-atom error ||x||^2 - max_i <x, W_i>^2/||W_i||^2.",
        notes="See report17.table3.best_basis-corrected.",
    )
)
