"""iclr19 App. B Eq. (18) as printed: the total residual is bounded by the sum of per-patch residuals.

App. B: :math:`0 \\le \\|\\sum_{i,j} (h \\odot \\mathcal P[z](i,j) - [W]_{t(i,j)})\\|^2 \\le \\sum_{i,j} \\|h \\odot \\mathcal P[z](i,j) - [W]_{t(i,j)}\\|^2`,
so that "when performing the per position minimization one minimizes an upper bound".

Reading: the residuals of the patches are placed at their positions and
summed (the residual image), with patches inside the map and
:math:`t(i,j)` the per-patch nearest template.

Verdict: **fails**: :math:`\\|\\sum_p v_p\\|^2 \\le \\sum_p \\|v_p\\|^2` is false
for overlapping, aligned residuals. Counterexample: z = (0, 0, 0),
h = (1/2, 1/2), one template (1, 1): both patches have residual (-1, -1),
the residual image is (-1, -2, -1) with squared norm 6 > 4. The bound holds
with the factor :math:`\\max` coverage (``iclr19.appB.eq18-corrected``).
"""

from spline_theory.apodization import overlap_add, patch_vq
from spline_theory.claims import Claim, leq, register
from spline_theory.testing.strategies import patch_instances


def check(xp, inst):
    z, h, W = inst["z"], inst["h"], inst["templates"]
    _, res = patch_vq(z, h, W, padding="valid")
    lhs = xp.sum(overlap_add(res, tuple(z.shape), padding="valid") ** 2)
    rhs = xp.sum(res**2)
    return leq(xp, lhs, rhs, relation="||sum_p residual_p||^2 <= sum_p ||residual_p||^2", scale=rhs)


CLAIM = register(
    Claim(
        id="iclr19.appB.eq18",
        title="The squared norm of the summed patch residuals is at most the sum of per-patch squared residuals (as printed)",
        where="iclr19, App. B, Eq. (18)",
        statement=r"0 \le \Big\|\sum_{i,j} \big(h \odot \mathcal P[z](i,j) - [W]_{t(i,j)}\big)\Big\|^2 \le \sum_{i,j} \big\|h \odot \mathcal P[z](i,j) - [W]_{t(i,j)}\big\|^2",
        assumptions=(r"\text{residuals placed at their patch positions (patches inside the map)}", r"t(i,j) = \arg\min_m \|h \odot \mathcal P[z](i,j) - [W]_m\|"),
        check=check,
        cases=patch_instances(),
        arrays=("z", "h", "templates", "z_hat"),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={"z": [[[0.0, 0.0, 0.0]]], "h": [[0.5, 0.5]], "templates": [[[[1.0, 1.0]]]], "z_hat": [[[0.0, 0.0, 0.0]]]},
        method="Per-patch residuals from patch_vq, the residual image from overlap_add; compares the squared norms.",
        notes="True when patches do not overlap (then with equality). See iclr19.appB.eq18-corrected.",
    )
)
