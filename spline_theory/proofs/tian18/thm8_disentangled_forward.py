"""tian18 Thm. 8 (Sec. 5.2; App. 8.7.2, Eq. 94-96): tensor-product transitions and separable weights carry disentangled activations one layer up.

If for each child :math:`\\beta` of :math:`\\alpha`,
:math:`P_{\\alpha\\beta} = \\bigotimes_i P_{\\alpha[i]\\beta[S_i^{\\alpha\\beta}]}`
for disjoint sets :math:`S_i^{\\alpha\\beta}`, :math:`W_{\\beta\\alpha}` is separable
w.r.t. them (Def. 5) and :math:`F_\\beta` is disentangled (Def. 3), then
:math:`F_\\alpha` is disentangled, with or without ReLU / BatchNorm.

Checked on the event-level forward recursion of Thm. 4 (exact for a lossless
teacher, where :math:`D_\\alpha\\circ F^{raw}_\\alpha = \\mathrm{ReLU}(F^{raw}_\\alpha)`;
tian18.thm3) for a parent with two children, each child's factors assigned
to the parent's factors by a drawn map (sets need not be contiguous), with
linear, ReLU, population BatchNorm (Eq. 83, under
:math:`\\mathbb P(z_\\alpha) = \\bigotimes_i\\mathbf p_{\\alpha[i]}`) and ReLU + BatchNorm.
The transition rows are stochastic (conditional distributions), which Eq.
94 uses (:math:`P_3\\mathbf 1 = \\mathbf 1`). The search redraws BatchNorm instances whose pre-BatchNorm column barely
varies (BN needs :math:`\\sigma > 0`); a caller's such instance is undecided.
Verdict: **holds**.

Reading: as printed: tensor-product transitions over a partition of the
factors, conditional-probability rows, separable weights, node j of each region
representing factor j; lossless teacher, so that the matrix form the theorem is
stated in is exact (Thm. 3).
"""

import numpy as np

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.disentanglement import activation_factors, disentangled_activation, reformulated_forward, tensor_product, tensor_product_transition
from spline_theory.proofs.tian18._disentangle import child, host
from spline_theory.testing.strategies import disentangle_instances


def _parts(inst):
    """(Ps, Fs, Ws, scale, p_z, sigma): the children's transitions, activations and weights; sigma of the pre-BatchNorm activation (None without BN)."""
    Ps, Fs, Ws, scale = [], [], [], 0
    for c in range(2):
        blocks, sets, n_b, f, W = child(inst, c)
        P = tensor_product_transition(blocks, sets, n_b)
        F = disentangled_activation(f)
        Ps.append(P), Fs.append(F), Ws.append(W)
        scale = scale + P @ np.abs(F) @ np.abs(W)
    kind = inst["nonlinearity"]
    p_z = tensor_product(list(host(inst["p"])))
    sigma = None
    if kind in ("bn", "relu_bn"):
        pre = reformulated_forward(Ps, Fs, Ws, nonlinearity="relu" if kind == "relu_bn" else "linear")
        sigma = np.sqrt(p_z @ (pre - p_z @ pre) ** 2)
    return Ps, Fs, Ws, scale, p_z, sigma


def _flat(sigma, scale):
    # BatchNorm divides by sigma: a column that (nearly) does not vary is undefined or has its round-off amplified by max|F| / sigma
    return sigma is not None and bool(np.any(sigma <= 1e-2 * np.max(scale, axis=0)))


def check(xp, inst):
    Ps, Fs, Ws, scale, p_z, sigma = _parts(inst)
    kind = inst["nonlinearity"]
    if sigma is not None:
        if _flat(sigma, scale):
            return undecided("F_alpha is disentangled", "a column of the pre-BatchNorm activation barely varies (sigma ~ 0)")
        scale = scale / sigma + 1.0
    F_alpha = reformulated_forward(Ps, Fs, Ws, nonlinearity=kind, p_z=p_z)
    rebuilt = disentangled_activation(activation_factors(F_alpha))
    return close(xp, xp.asarray(rebuilt), xp.asarray(F_alpha), relation=f"F_alpha = {kind}(sum_b P_ab F_b W_ba) equals 1 x .. x f_alpha[j] x .. x 1 of its factors", scale=xp.asarray(scale))


def _cases():
    """disentangle_instances, redrawn where BatchNorm would divide by sigma ~ 0 (outside the statement: BN needs sigma > 0)."""

    def conditioned(inst):
        _, _, _, scale, _, sigma = _parts(inst)
        return not _flat(sigma, scale)

    return disentangle_instances().filter(conditioned)


CLAIM = register(
    Claim(
        id="tian18.thm8",
        title="Tensor-product transitions and separable weights keep activations disentangled (with or without ReLU / BatchNorm)",
        where="tian18, Sec. 5.2, Thm. 8; App. 8.7.2, Thm. 8, Eq. (94)-(96)",
        statement=r"P_{\alpha\beta} = \textstyle\bigotimes_i P_{\alpha[i]\beta[S_i^{\alpha\beta}]},\ W_{\beta\alpha} \text{ separable w.r.t. } \{S_i^{\alpha\beta}\},\ F_\beta \text{ disentangled } \forall\beta\in ch(\alpha) \Rightarrow F_\alpha \text{ disentangled}",
        assumptions=(
            r"\{S_i^{\alpha\beta}\}_i \text{ partitions the factors of } \beta \text{ (a set may be empty)}",
            r"\text{rows of } P_{\alpha[i]\beta[S_i]} \text{ are conditional distributions}",
            r"\text{lossless teacher: } F_\alpha = h(\textstyle\sum_\beta P_{\alpha\beta}F_\beta W_{\beta\alpha}) \text{ on events (Thm. 4)}",
            r"\text{node } j \text{ of each region represents factor } j \ (n_\alpha \text{ nodes}, 2^{n_\alpha} \text{ events})",
        ),
        check=check,
        cases=_cases(),
        arrays=("b0", "b1", "f0", "f1", "W0", "W1", "p"),
        method="tensor_product_transition of drawn blocks, disentangled_activation of drawn factors, separable W; reformulated_forward (linear, ReLU, BatchNorm, ReLU+BatchNorm) compared with disentangled_activation(activation_factors(F_alpha)); undecided when BatchNorm divides by sigma ~ 0.",
    )
)
