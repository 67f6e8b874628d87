"""tian18 Sec. 4.2 / App. 8.6.1, Eq. (83), read on a teacher: BatchNorm in the reformulation uses :math:`\\mu = \\mathbb E_{z_\\alpha}[f_j]`, :math:`\\sigma^2 = \\mathbb E_{z_\\alpha}[(f_j(z_\\alpha)-\\mu)^2]` and :math:`J^{BN} = \\frac{c_1}{\\sigma}P^{\\perp, z_\\alpha}_{\\mathbf f,\\mathbf 1}`.

"We could regard each sample in the batch as i.i.d. samples from the data
distribution ... using the quantity :math:`\\mathbb E_x[f_j(x)] = \\mathbb E_{z_\\alpha}[f_j(z_\\alpha)]`.
In this case, we have :math:`\\mu = \\mathbb E_{z_\\alpha}[f_j]` and
:math:`\\sigma^2 = \\mathbb E_{z_\\alpha}[(f_j(z_\\alpha) - \\mu)^2]`, and
:math:`J^{BN}(\\mathbf f) = \\frac{c_1}{\\sigma}P^{\\perp, z_\\alpha}_{\\mathbf f,\\mathbf 1}`", with the
consequence :math:`\\mathbf 1^T\\tilde G_\\alpha = \\mathbf 0`.

Reading: a BN node after the linear layer of a top node of the student, on
a teacher; the layer as trained normalizes over the inputs (population
statistics under :math:`\\mathbb P(x)`); the reformulation's event-level BN
(activations :math:`f_j(z_\\alpha) = \\mathbb E[f_j|z_\\alpha]`, weights
:math:`\\mathbb P(z_\\alpha)`, :func:`~spline_theory.batchnorm.bn_backward_projection` with
``p``) should reproduce its statistics, its output averaged per event and its
back-propagated gradient averaged per event. (``tian18.eq83`` checks the
special case of a batch whose every sample is its own event.)

Verdict: **fails** on lossy teachers: by the law of total variance
:math:`\\mathrm{Var}_x(f_j) = \\mathrm{Var}_z(f_j(z_\\alpha)) + \\mathbb E_z[\\mathrm{Var}(f_j|z_\\alpha)]`,
so the event-level :math:`\\sigma` is too small whenever :math:`f_j` varies within
an event, and the event-level projection is orthogonal to the wrong vector.
:math:`\\mu` and :math:`\\mathbf 1^T\\tilde G_\\alpha = \\mathbf 0` survive. Counterexample:
two independent uniform binary inputs, the leaf summary of :math:`x_0`
constant (:math:`x_0` forgotten), that of :math:`x_1` lossless, the top summary
the pair (so :math:`z = x_1`), one top node
:math:`f = 2\\,\\mathbb I[x_0 = 0] + 4\\,\\mathbb I[x_1 = 1]`: over the inputs
:math:`\\sigma = \\sqrt 5`, over the events :math:`\\sigma_z = 2` (the within-event
variance 1 is lost), and the event-level BN outputs are :math:`\\pm 1` against
the per-event averages :math:`\\pm 2/\\sqrt 5` of the layer's outputs.
Corrected in ``tian18.eq83.teacher-corrected``.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.tian18._bn_teacher import bn_cases, build


def check(xp, inst):
    q = build(inst)
    if not isinstance(q, dict):
        return q
    s = q["g_scale"] * max(1.0, q["sigma_x"] / q["sigma_z"])
    return [
        close(xp, xp.asarray(q["mu_z"]), xp.asarray(q["mu_x"]), relation="mu = E_z[f_j(z)] == E_x[f_j(x)]", scale=float(max(abs(q["f_x"])))),
        close(xp, xp.asarray(q["sigma_z"]), xp.asarray(q["sigma_x"]), relation="sigma = sqrt(E_z[(f_j(z) - mu)^2]) == sigma of BN over the inputs"),
        close(xp, xp.asarray(q["bn_z"]), xp.asarray(q["bn_x_averaged"]), relation="event-level BN(f(z)) == E[BN(f)(x) | z]", scale=abs(q["c"][0]) * max(1.0, q["sigma_x"] / q["sigma_z"]) + abs(q["c"][1])),
        close(xp, xp.asarray(q["g_z"]), xp.asarray(q["g_x_averaged"]), relation="(c_1/sigma) P^{perp,z}_{f,1} g_bn(z) == E[g(x) | z]", scale=s),
    ]


CLAIM = register(
    Claim(
        id="tian18.eq83.teacher",
        title="BatchNorm in the reformulation: event-level mu, sigma and projection reproduce BN over the inputs (as printed)",
        where="tian18, Sec. 4.2 and App. 8.6.1, Eq. (83), applied to a teacher's events",
        statement=r"\mu = \mathbb E_{z_\alpha}[f_j],\ \sigma^2 = \mathbb E_{z_\alpha}\big[(f_j(z_\alpha)-\mu)^2\big],\ J^{BN}(\mathbf f) = \frac{c_1}{\sigma}P^{\perp,z_\alpha}_{\mathbf f,\mathbf 1} \text{ (the BN over } x \text{, averaged per event)}",
        assumptions=(r"\text{BN after a top node's linear layer, population statistics under } \mathbb P(x)", r"f_j(z_\alpha) = \mathbb E[f_j|z_\alpha],\ g_{bn}(z_\alpha) = \mathbb E[g_{bn}|z_\alpha]", r"\sigma > 0 \text{ over the inputs and over the events}"),
        check=check,
        cases=bn_cases(),
        arrays=("p", "q", "w", "G_top", "c", "g_bn"),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={
            "A": 2, "regions": [[0], [1], [0, 1]], "children": [[], [], [0, 1]], "tables": [[0, 0], [0, 1], [[0, 1]]],
            "n_nodes": [2, 2, 1], "q": [[0.5, 0.5], [0.5, 0.5]], "w": [2.0, 0.0, 0.0, 4.0], "G_top": [[1.0], [1.0], [1.0], [1.0]],
            "c": [1.0, 0.0], "g_bn": [1.0, -1.0, 0.5, 2.0],
        },
        method="batchnorm_forward / bn_backward_projection with p = P(x) over the inputs (the trained layer), averaged per top event, against the same functions with p = P(z) on the event averages (Eq. 83's reading), on lossless and lossy teachers.",
        notes="The event-level sigma misses E_z[Var(f_j | z)] (law of total variance); exact when f_j is constant on events (lossless teacher). mu and 1^T G~ = 0 hold on any teacher (tian18.eq83.teacher-corrected).",
    )
)
