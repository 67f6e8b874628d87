"""tian18 App. 8.6.2 as printed: with BN after a linear layer, the row energy :math:`E_j` is conserved over training iterations.

"If we place Batch Normalization layer just after ReLU activation and linear
layer, by BN property, since :math:`\\mathbb E_x[g_jf_j] \\equiv 0` for all
iterations, the row energy :math:`E_j(t)` of weight matrix W of the linear
layer is conserved over time."

Reading: training by gradient-descent iterations
:math:`W \\leftarrow W + \\eta\\Delta W` (the paper's "iterations"), BN without
:math:`\\varepsilon`. Verdict: **fails**: Eq. (85) is a statement about the
gradient flow; a discrete step adds
:math:`E_j(t+1) - E_j(t) = \\eta\\,\\mathbb E_x[g_jf_j] + \\frac{\\eta^2}{2}\\|\\Delta W_{j\\cdot}\\|^2 = \\frac{\\eta^2}{2}\\|\\Delta W_{j\\cdot}\\|^2 > 0`
whenever the update is non-zero. Counterexample: inputs
:math:`(0,0), (1,0), (0,1), (1,1)`, :math:`w = (1, 0)`, :math:`\\mathbf c = (1, 0)`,
targets :math:`(1, 0, 0, 0)`, :math:`\\eta = 1/2`: :math:`E = 0.5` grows to
0.5078 after one step. (With a single input, or inputs in
:math:`\\operatorname{span}\\{\\mathbf f, \\mathbf 1\\}`, :math:`\\Delta W = 0` and nothing moves.)
Corrected in ``tian18.app8.6.2.energy-corrected``.
"""

from spline_theory.batchnorm import bn_energy_steps
from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._conditioning import poorly_spread
from spline_theory.testing.strategies import bn_layer_instances


def check(xp, inst):
    bad = poorly_spread(xp, inst["F_in"] @ inst["W"].T, "E_j(1) == E_j(0)")
    if bad is not None:
        return bad
    run = bn_energy_steps(inst["F_in"], inst["W"], inst["c"], inst["Y"], lr=inst["lr"], steps=1)
    E = run["energy"]
    return close(xp, E[1, :], E[0, :], relation="E_j(1) == E_j(0) after one gradient step", scale=xp.max(E))


CLAIM = register(
    Claim(
        id="tian18.app8.6.2.energy",
        title="With BN after a linear layer, the row energy of W is conserved over training iterations (as printed)",
        where="tian18, App. 8.6.2, text after Eq. (85)",
        statement=r"\mathbb E_x[g_jf_j] \equiv 0 \text{ for all iterations} \Rightarrow E_j(t) = \tfrac12\|W_{j\cdot}(t)\|^2 \text{ is conserved over time}",
        assumptions=(r"\text{linear layer followed by BN},\ \varepsilon = 0", r"\text{training by steps } W \leftarrow W + \eta\Delta W,\ \eta > 0"),
        check=check,
        cases=bn_layer_instances(),
        arrays=("F_in", "W", "c", "Y"),
        expected="fails",
        kind="imprecise",
        counterexample={"F_in": [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "W": [[1.0, 0.0]], "c": [[1.0, 0.0]], "Y": [[1.0], [0.0], [0.0], [0.0]], "lr": 0.5, "eps": 0.0},
        method="bn_energy_steps for one step; the row energy after it against the initial one.",
        notes="Conserved under gradient flow only; under steps the energy grows by eta^2/2 ||Delta W_j||^2 each step (tian18.app8.6.2.energy-corrected).",
    )
)
