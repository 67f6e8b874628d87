"""icml18 Prop. 3: max pooling and average pooling are MASOs.

Max pooling is the MASO with :math:`R = \\#\\mathcal R_k`,
:math:`[A_\\rho]_{k,r,\\cdot} \\in \\{e_i, i \\in \\mathcal R_k\\}` and
:math:`B_\\rho = 0`; average pooling is the degenerate MASO with R = 1,
:math:`[A_\\rho]_{k,1,\\cdot} = \\frac{1}{\\#\\mathcal R_k}\\sum_{i\\in\\mathcal R_k} e_i`
and :math:`B_\\rho = 0`. Footnote 3: the result "is agnostic of the pooling
type (spatial or channel)"; both kinds, and arbitrary (overlapping, unequal)
regions, are drawn.

Reading: the printed max- and average-pooling parameters. The general clause
(any piecewise-affine convex pooling operator is a MASO, with no R or B fixed)
is the converse of Sec. 3, checked in icml18.sec3.convex_pwa_is_max_affine.
Windows of unequal size repeat a slope so that one R serves every output (the
paper: R = #R_k, typically constant).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import avg_pool, avg_pooling_maso, max_pool, max_pooling_maso
from spline_theory.proofs._symbolic import inner
from spline_theory.testing.strategies import pooling_instances


def derive():
    z = sp.symbols("z_1 z_2 z_3 z_4", real=True)
    e = [sp.Matrix([1 if j == i else 0 for j in range(4)]) for i in range(4)]
    zv = sp.Matrix(z)
    region = [0, 2, 3]  # R_k = {1, 3, 4}
    return [
        Step("Max pooling over R_k = {1, 3, 4}: max_r <e_{i_r}, z> = max_{i in R_k} z_i", sp.Max(*[inner(e[i], zv) for i in region], evaluate=False), sp.Max(*[z[i] for i in region], evaluate=False)),
        Step("Average pooling: <(1/#R_k) sum_i e_i, z> = mean of z over R_k", inner(sp.Matrix([sp.Rational(sum(1 for i in region if i == j), len(region)) for j in range(4)]), zv), sum(z[i] for i in region) / 3),
    ]


def check(xp, inst):
    z, regions, D = inst["z"], inst["regions"], inst["D"]
    dtype = z.dtype
    S_max = max_pooling_maso(regions, D, xp=xp, dtype=dtype)
    S_avg = avg_pooling_maso(regions, D, xp=xp, dtype=dtype)
    avg = avg_pool(z, regions)
    return [
        close(xp, S_max(z), max_pool(z, regions), relation="S[A_rho, B_rho](z) == max_{d in R_k} z_d (max pooling)"),
        close(xp, S_avg(z), avg, relation="S[A_rho, B_rho](z) == mean_{d in R_k} z_d (average pooling)", scale=avg_pool(xp.abs(z), regions)),
    ]


CLAIM = register(
    Claim(
        id="icml18.prop3",
        title="Max pooling and average pooling are MASOs with the printed parameters",
        where="icml18, Sec. 4.1, Prop. 3 and footnote 3",
        statement=r"\text{max pooling: } R = \#\mathcal R_k,\ [A_\rho]_{k,r,\cdot} \in \{e_i\}_{i\in\mathcal R_k},\ B_\rho = 0;\quad \text{average pooling: } R = 1,\ [A_\rho]_{k,1,\cdot} = \tfrac{1}{\#\mathcal R_k}\sum_{i\in\mathcal R_k} e_i,\ B_\rho = 0",
        assumptions=(
            r"\text{regions of unequal size use } R = \max_k \#\mathcal R_k, \text{ repeating a slope (the maximum is unchanged)}",
        ),
        check=check,
        cases=pooling_instances(),
        arrays=("z",),
        derive=derive,
        method="Builds both MASOs from the printed parameters (max_pooling_maso, avg_pooling_maso) and compares "
        "with direct pooling (gather then max / mean) over spatial, channel and arbitrary regions.",
        notes="The general clause 'any piecewise-affine and convex pooling operator is a MASO' is the max-affine "
        "representation of convex piecewise-affine functions (icml18.eq4); only max and average pooling are "
        "given parameters, and those are what is checked here.",
    )
)
