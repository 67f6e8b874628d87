"""iclr19 Thm. 2: MAP inference of the SMASO region equals the MASO arg-max, for every A and B.

With :math:`\\sigma^2 = 1` and the prior
:math:`[\\pi]_{k,r} \\propto \\exp([B]_{k,r} + \\frac12\\|[A]_{k,r,\\cdot}\\|^2)`,
the MAP region of model (3) is the region selected by the MASO (Eq. (5));
App. E.1 proves it by completing the square.

Reading: as printed, sigma^2 = 1 and Thm. 2's prior, for every A and B; inputs
on a region boundary undecided.
"""

import sympy as sp

from spline_theory import MASO
from spline_theory.claims import Claim, Step, equal, register, undecided
from spline_theory.proofs.iclr19._vq_common import tie_mask
from spline_theory.testing.strategies import smaso_instances
from spline_theory.vq import map_regions, region_margin, region_prior


def derive():
    a1, a2, x1, x2, b = sp.symbols("a_1 a_2 x_1 x_2 b", real=True)
    log_Z = sp.Symbol("log_Z", real=True)
    sq = (x1 - a1) ** 2 + (x2 - a2) ** 2
    log_joint = -sq / 2 + (b + (a1**2 + a2**2) / 2) - log_Z - sp.log(2 * sp.pi)
    return [
        Step(
            "log N(x; a_r, I) + log pi_r = <a_r, x> + b_r - |x|^2/2 - (log Z + log 2 pi): the r-dependent part is the MASO piece",
            log_joint,
            a1 * x1 + a2 * x2 + b - (x1**2 + x2**2) / 2 - log_Z - sp.log(2 * sp.pi),
        )
    ]


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    S = MASO(A, B)
    t_map = map_regions(A, region_prior(A, B), x, 1.0)
    codes = S.region_codes(x)
    ties = tie_mask(xp, region_margin(A, B, x), S.pre_activations(x))
    if bool(xp.all(ties)):
        return undecided("MAP region == MASO arg-max", "every unit ties on a region boundary (within round-off)")
    keep = ~ties
    return equal(xp, t_map[keep], codes[keep], relation="argmax_r p([t]_k = r | x) (sigma^2 = 1, prior of Thm. 2) == argmax_r <A_{k,r}, x> + B_{k,r}")


CLAIM = register(
    Claim(
        id="iclr19.thm2",
        title="Hard (MAP) inference in the SMASO mixture is the MASO arg-max, with sigma^2 = 1 and the prior of Thm. 2",
        where="iclr19, Sec. 3.2, Eq. (4)-(5), Thm. 2; proof App. E.1",
        statement=r"[\hat t]_k = \arg\max_t p(t \mid z) = \arg\max_r \langle [A]_{k,r,\cdot}, z\rangle + [B]_{k,r}\ \forall A\,\forall B,\quad \sigma^2=1,\ [\pi]_{k,r} \propto e^{[B]_{k,r} + \frac12\|[A]_{k,r,\cdot}\|^2}",
        assumptions=(r"\sigma^2 = 1", r"[\pi]_{k,\cdot} \text{ as in Thm. 2}", r"\text{inputs off region boundaries (ties are undecided)}"),
        check=check,
        cases=smaso_instances(),
        arrays=("A", "B", "x"),
        derive=derive,
        method="vq.map_regions (arg-max of the Gaussian log-joint, computed from squared distances) with vq.region_prior "
        "against MASO.region_codes; units whose two best pieces tie within round-off are left out.",
    )
)
