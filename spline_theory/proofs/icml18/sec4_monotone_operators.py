"""icml18 Sec. 4.1, after Thm. 1: "ReLU and max-pooling are both non-decreasing, while leaky ReLU is strictly increasing."

Reading: with icml18's definitions (Sec. 2): ReLU :math:`\\max(u, 0)`, leaky
ReLU :math:`\\max(\\eta u, u)` with :math:`\\eta > 0`, max pooling
:math:`\\max_{d \\in \\mathcal R_k} z_d`; "non-decreasing" and "strictly
increasing" are meant in each input coordinate (the order Sec. 4.1 uses for
compositions of MASOs): :math:`z \\le z'` elementwise implies
:math:`f(z) \\le f(z')`, and for the leaky ReLU :math:`z_k < z'_k` implies
:math:`f(z)_k < f(z')_k`. No hypothesis added. Checked on batches z and
increments :math:`d \\ge 0` (zero or at least 1/4 per coordinate, so a strict
increase is decided beyond round-off) with the library's operators. Verdict:
**holds**.
"""

import numpy as np
from hypothesis import strategies as st

from spline_theory.claims import Claim, leq, less, register
from spline_theory.operators import leaky_relu, max_pool, relu
from spline_theory.testing.strategies import pooling_instances


@st.composite
def _cases(draw):
    inst = draw(pooling_instances())
    N, D = inst["z"].shape
    steps = draw(st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0]), min_size=N * D, max_size=N * D))
    return {**inst, "d": np.asarray(steps).reshape(N, D), "eta": draw(st.sampled_from([0.01, 0.1, 0.5, 1.0, 2.0, 3.0]))}


def check(xp, inst):
    z, d, eta = inst["z"], inst["d"], float(inst["eta"])
    up = z + d
    scale = xp.abs(z) + d
    out = [
        leq(xp, relu(z), relu(up), relation="ReLU(z) <= ReLU(z + d) for d >= 0 (non-decreasing)", scale=scale),
        leq(xp, max_pool(z, inst["regions"]), max_pool(up, inst["regions"]), relation="maxpool(z) <= maxpool(z + d) for d >= 0 (non-decreasing)",
            scale=max_pool(scale, inst["regions"])),
    ]
    moved = d > 0
    if bool(xp.any(moved)):
        lo, hi = leaky_relu(z, eta, form="max"), leaky_relu(up, eta, form="max")
        out.append(less(xp, lo[moved], hi[moved], relation=f"leaky ReLU max({eta:g} u, u): f(z)_k < f(z + d)_k where d_k > 0 (strictly increasing)",
                        scale=max(eta, 1.0) * scale[moved]))
    return out


CLAIM = register(
    Claim(
        id="icml18.sec4.monotone_operators",
        title="ReLU and max pooling are non-decreasing, leaky ReLU is strictly increasing",
        where="icml18, Sec. 4.1, paragraph after Thm. 1",
        statement=r"z \le z' \Rightarrow \mathrm{ReLU}(z) \le \mathrm{ReLU}(z'),\ f_\rho(z) \le f_\rho(z');\quad z_k < z'_k \Rightarrow \max(\eta z_k, z_k) < \max(\eta z'_k, z'_k)\ (\eta > 0)",
        assumptions=(r"\text{leaky ReLU}_\eta(u) = \max(\eta u, u),\ \eta > 0 \text{ (icml18 Sec. 2)}", r"\le \text{ elementwise}"),
        check=check,
        cases=_cases(),
        arrays=("z", "d"),
        method="ReLU, max pooling (operators.relu, max_pool) at z and z + d, d >= 0, compared with a round-off margin; the leaky ReLU "
        "(operators.leaky_relu, form='max') strictly, where d_k > 0.",
    )
)
