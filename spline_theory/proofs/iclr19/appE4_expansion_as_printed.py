"""iclr19 App. E.4: the first step of the proof of Thm. 4, the expansion of ||z - sum_k W[k, r_k]||^2 (false as printed).

The proof of Thm. 4 adds, for any configuration :math:`r \\in \\{1..R\\}^{D}`,

.. math::

    \\|z - \\textstyle\\sum_k [W]_{k,r,\\cdot}\\|^2 = \\|z\\|^2 - 2\\sum_{k}\\sum_{r=1}^{R}[W]_{k,[r_k],\\cdot}
    + \\sum_k \\|[W]_{k,[r_k],\\cdot}\\|^2 .

As printed the middle term is a vector; it is read here with the inner
product with z it lacks, :math:`-2\\sum_k\\sum_{r=1}^R\\langle z, [W]_{k,[r_k],\\cdot}\\rangle`,
and its printed sum over r, which counts every unit R times. Even for
orthogonal slopes (the setting of Thm. 4) it is then off by
:math:`2(R-1)\\sum_k\\langle z, [W]_{k,r_k,\\cdot}\\rangle`. Counterexample: one
unit, R = 2, :math:`[W]_{1,1} = 1`, :math:`[W]_{1,2} = 0`, z = 1, :math:`r_1 = 1`:
left side 0, right side :math:`1 - 4 + 1 = -2`. Reading the sum over r as
the selection :math:`r = r_k` gives the correct expansion,
``iclr19.appE4.expansion-corrected``.

Reading: as printed, with the middle term read as the scalar sum_k sum_r <z,
W[k, r_k]> (the only reading that type-checks), under (11); no other
hypothesis.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.factorial import factorial_configurations, factorial_mixture
from spline_theory.testing.strategies import factorial_instances


def derive():
    z, w, R = sp.Integer(1), sp.Integer(1), 2
    return [Step("K = 1, R = 2, W[1,1] = 1, W[1,2] = 0, z = 1, r_1 = 1: |z - W[1,1]|^2 vs |z|^2 - 2 sum_{r=1}^{2} <z, W[1,r_1]> + |W[1,1]|^2",
                 (z - w) ** 2, z**2 - 2 * R * z * w + w**2, relation="!=")]


def check(xp, inst):
    A, prior, x = inst["A"], inst["prior"], inst["x"]
    K, R, D = A.shape
    means, _ = factorial_mixture(A, prior)  # (R**K, D): sum_k A[k, t_k]
    t = factorial_configurations(K, R, xp=xp)
    onehot = xp.astype(t[..., None] == xp.arange(R, dtype=t.dtype), A.dtype)  # (M, K, R)
    picked = xp.sum(onehot[..., None] * A[None, ...], axis=2)  # (M, K, D): W[k, r_k]
    diff = x[:, None, :] - means[None, :, :]
    lhs = xp.sum(diff * diff, axis=2)
    zw = xp.sum(x[:, None, None, :] * picked[None, ...], axis=3)  # (N, M, K)
    middle = xp.sum(xp.sum(xp.broadcast_to(zw[..., None], (*zw.shape, R)), axis=3), axis=2)  # sum_k sum_{r=1}^R <z, W[k, r_k]>
    rhs = xp.sum(x * x, axis=1)[:, None] - 2.0 * middle + xp.sum(xp.sum(picked * picked, axis=2), axis=1)[None, :]
    scale = xp.sum(x * x, axis=1)[:, None] + 2.0 * R * xp.sum(xp.abs(zw), axis=2) + xp.sum(xp.sum(picked * picked, axis=2), axis=1)[None, :]
    return close(xp, lhs, rhs, scale=scale, relation="|z - sum_k W[k, r_k]|^2 == |z|^2 - 2 sum_k sum_{r=1}^R <z, W[k, r_k]> + sum_k |W[k, r_k]|^2 (as printed, <z, .> added)")


CLAIM = register(
    Claim(
        id="iclr19.appE4.expansion",
        title="Proof of Thm. 4: |z - sum_k W[k, r_k]|^2 = |z|^2 - 2 sum_k sum_r W[k, r_k] + sum_k |W[k, r_k]|^2 (as printed)",
        where="iclr19, App. E.4, the displayed step of the proof of Thm. 4",
        statement=r"\|z - \sum_{k=1}^{D} [W]_{k,r,\cdot}\|^2 = \|z\|^2 - 2 \sum_{k=1}^{D}\sum_{r=1}^{R} [W]_{k,[r_k],\cdot} + \sum_{k=1}^{D} \|[W]_{k,[r_k],\cdot}\|^2\quad \forall r \in \{1..R\}^{D}",
        assumptions=(r"\text{slopes orthogonal in the sense of (11) (Thm. 4)}", r"\text{middle term read as } \sum_k\sum_{r=1}^{R}\langle z, [W]_{k,[r_k],\cdot}\rangle \text{ (a scalar)}"),
        check=check,
        cases=factorial_instances(orthogonal=True, max_K=2, max_D=3, max_N=2),
        arrays=("A", "prior", "x"),
        derive=derive,
        expected="fails",
        kind="typo",
        counterexample={"A": [[[1.0], [0.0]]], "prior": [[0.5, 0.5]], "x": [[1.0]], "sigma2": 1.0, "rotated": False},
        method="For every configuration (factorial.factorial_configurations) the squared distance of z to the mixture "
        "mean sum_k A[k, r_k] (factorial.factorial_mixture) against the printed expansion with <z, .> inserted.",
        notes="Off by 2 (R - 1) sum_k <z, W[k, r_k]>: the sum over r should be the selection r = r_k; see iclr19.appE4.expansion-corrected.",
    )
)
