"""tian18 Eq. (83) on a teacher, corrected: :math:`\\mu = \\mathbb E_z[f_j(z)]` and :math:`\\mathbf 1^T\\tilde G_\\alpha = \\mathbf 0` on any teacher; :math:`\\sigma^2 = \\mathbb E_z[(f_j(z)-\\mu)^2] + \\mathbb E_z[\\mathrm{Var}(f_j|z)]`; the event-level BN is exact where :math:`f_j` is constant on events.

For a BN node after a linear layer, trained over the inputs:

- :math:`\\mu = \\mathbb E_x[f_j] = \\mathbb E_{z}[f_j(z)]` (tower property);
- :math:`\\sigma^2 = \\mathrm{Var}_x(f_j) = \\mathbb E_z[(f_j(z)-\\mu)^2] + \\mathbb E_z[\\mathrm{Var}(f_j|z)]`
  (law of total variance, :func:`~spline_theory.teacher_student.event_variance`);
- the back-propagated gradient is centered over the inputs, hence
  :math:`\\mathbf 1^T\\tilde G_\\alpha = \\sum_z \\mathbb P(z)\\,\\mathbb E[g_j|z] = \\mathbb E_x[g_j] = 0`
  (the property Thm. 9 uses, Sec. 5.2);
- if :math:`\\mathrm{Var}(f_j|z) = 0` on every event (e.g. a lossless teacher,
  Thm. 3) the event-level BN of Eq. 83 reproduces the layer exactly: forward,
  and :math:`\\mathbb E[g|z] = \\frac{c_1}{\\sigma}P^{\\perp,z}_{\\mathbf f,\\mathbf 1}\\,g_{bn}(z)`
  (that relation is asserted only on such instances).

Checked on lossless and lossy teachers. Verdict: **holds**.

Reading: the correction on a teacher: sigma^2 includes the within-event
variance; BN after a top node's linear layer with population statistics, sigma
> 0.
"""

import numpy as np

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._bn_teacher import bn_cases, build

#: within-event variances below this count as zero (they are differences of float64 means of O(|w|^2) values)
CONSTANT_ON_EVENTS = 1e-12


def check(xp, inst):
    q = build(inst)
    if not isinstance(q, dict):
        return q
    p_z = q["p_z"]
    fmax = float(max(abs(q["f_x"])))
    out = [
        close(xp, xp.asarray(q["mu_z"]), xp.asarray(q["mu_x"]), relation="mu = E_z[f_j(z)] == E_x[f_j(x)]", scale=fmax),
        close(xp, xp.asarray(q["sigma_x"] ** 2), xp.asarray(q["sigma_z"] ** 2 + float(p_z @ q["var_within"])), relation="sigma^2 == E_z[(f_j(z) - mu)^2] + E_z[Var(f_j | z)]", scale=fmax**2),
        close(xp, xp.asarray(float(p_z @ q["g_x_averaged"])), xp.asarray(0.0), relation="1^T G~_a = sum_z P(z) E[g_j | z] == 0", scale=q["g_scale"]),
    ]
    if float(np.max(q["var_within"])) <= CONSTANT_ON_EVENTS:  # the event-level BN is asserted only where f_j is constant on events
        out.append(close(xp, xp.asarray(q["bn_z"]), xp.asarray(q["bn_x_averaged"]), relation="event-level BN(f(z)) == E[BN(f)(x) | z]", scale=abs(q["c"][0]) + abs(q["c"][1])))
        out.append(close(xp, xp.asarray(q["g_z"]), xp.asarray(q["g_x_averaged"]), relation="(c_1/sigma) P^{perp,z}_{f,1} g_bn(z) == E[g(x) | z]", scale=q["g_scale"]))
    return out


CLAIM = register(
    Claim(
        id="tian18.eq83.teacher-corrected",
        title="BN on a teacher: mu and 1^T G~ = 0 always; sigma^2 adds the within-event variance; event-level BN exact when f is constant on events",
        where="tian18, Sec. 4.2 and App. 8.6.1, Eq. (83) (corrected for lossy teachers)",
        statement=r"\mu = \mathbb E_z[f_j(z)],\ \sigma^2 = \mathbb E_z[(f_j(z)-\mu)^2] + \mathbb E_z[\mathrm{Var}(f_j|z)],\ \mathbf 1^T\tilde G_\alpha = \mathbf 0;\ \mathrm{Var}(f_j|z) \equiv 0 \Rightarrow J^{BN} = \frac{c_1}{\sigma}P^{\perp,z}_{\mathbf f,\mathbf 1}",
        assumptions=(r"\text{BN after a top node's linear layer, population statistics under } \mathbb P(x)", r"\sigma > 0"),
        check=check,
        cases=bn_cases(),
        arrays=("p", "q", "w", "G_top", "c", "g_bn"),
        corrects="tian18.eq83.teacher",
        method="As tian18.eq83.teacher: mu, the law of total variance (event_variance) and the centering of the averaged gradient on every instance; the event-level BN forward and backward only where the within-event variance vanishes.",
    )
)
