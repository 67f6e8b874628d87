"""tian18 App. 8.6.2, corrected: BN makes :math:`E_j` a constant of the gradient flow; gradient steps increase it by :math:`\\frac{\\eta^2}{2}\\|\\Delta W_{j\\cdot}\\|^2`.

With BN (:math:`\\varepsilon = 0`) after the linear layer,
:math:`\\mathbb E_x[g_jf_j] = 0` (Thm. 5), hence under the flow
:math:`\\dot W = \\Delta W` the row energy is exactly conserved (Eq. 85), and a
step :math:`W \\leftarrow W + \\eta\\Delta W` changes it by exactly
:math:`\\frac{\\eta^2}{2}\\|\\Delta W_{j\\cdot}\\|^2 \\ge 0`: it never decreases
under training with steps.

Reading: the correction: E_j is conserved by the gradient flow and grows by
eta^2/2 ||Delta W_j||^2 per discrete step; a linear layer followed by BN
(epsilon = 0), c fixed, as in App. 8.6.2.
"""

from spline_theory.batchnorm import bn_energy_flow, bn_energy_steps
from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._conditioning import poorly_spread
from spline_theory.testing.strategies import bn_layer_instances

T, STEPS = 0.1, 8


def check(xp, inst):
    bad = poorly_spread(xp, inst["F_in"] @ inst["W"].T, "BN energy bookkeeping")
    if bad is not None:
        return bad
    args = (inst["F_in"], inst["W"], inst["c"], inst["Y"])
    lr = inst["lr"]
    run = bn_energy_steps(*args, lr=lr, steps=2)
    E = run["energy"]
    scale = xp.max(E)
    # |E[g f]| is a mean of products of size |f| |g|
    gf_scale = xp.max(xp.abs(run["gf"])) + xp.max(xp.abs(inst["F_in"] @ inst["W"].T)) * (xp.max(xp.abs(inst["Y"])) + xp.max(xp.abs(inst["c"])) * 4.0)
    coarse = bn_energy_flow(*args, T=T, steps=STEPS)
    fine = bn_energy_flow(*args, T=T, steps=2 * STEPS)
    # RK4 does not conserve quadratic invariants exactly: its O(h^4) drift, bounded by
    # the step-halving difference, is the allowance.
    drift = xp.abs((coarse["energy"][1, :] - fine["energy"][1, :]))
    return [
        close(xp, run["gf"], xp.zeros_like(run["gf"]), relation="E_x[g_j f_j] == 0 at every step (BN after the linear layer)", scale=gf_scale),
        close(xp, E[1:, :] - E[:-1, :], (lr * lr / 2) * run["step_sq"], relation="E_j(t+1) - E_j(t) == eta^2/2 ||Delta W_j||^2", scale=scale),
        close(xp, fine["energy"][1, :], fine["energy"][0, :], relation="E_j(T) == E_j(0) under the gradient flow", scale=scale, atol=float(xp.max(drift))),
    ]


CLAIM = register(
    Claim(
        id="tian18.app8.6.2.energy-corrected",
        title="BN after a linear layer: row energy is conserved by the gradient flow and grows by eta^2/2 ||Delta W_j||^2 per step",
        where="tian18, App. 8.6.2 (corrected)",
        statement=r"\frac{\mathrm d}{\mathrm dt}E_j = \mathbb E_x[g_jf_j] = 0 \text{ under } \dot W = \Delta W;\qquad E_j(t+1) - E_j(t) = \tfrac{\eta^2}{2}\|\Delta W_{j\cdot}(t)\|^2 \text{ under } W \leftarrow W + \eta\Delta W",
        assumptions=(r"\text{linear layer followed by BN},\ \varepsilon = 0,\ \sigma > 0", r"c \text{ fixed (only } W \text{ trained)}"),
        check=check,
        cases=bn_layer_instances(),
        arrays=("F_in", "W", "c", "Y"),
        corrects="tian18.app8.6.2.energy",
        method="bn_energy_steps (two steps): E[g f] = 0 and the energy increments equal eta^2/2 ||Delta W_j||^2; bn_energy_flow (RK4, 8 and 16 steps over T = 0.1): E(T) = E(0) up to the step-halving difference.",
    )
)
