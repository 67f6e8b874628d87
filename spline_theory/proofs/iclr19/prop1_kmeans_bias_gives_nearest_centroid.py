"""iclr19 Prop. 1: with offsets -1/2 ||A||^2 the MASO partition is K-means with centroids A.

When :math:`[B]_{k,r} = -\\frac12\\|[A]_{k,r,\\cdot}\\|^2`, the MASO arg-max is
the nearest-centroid assignment
:math:`\\arg\\min_r \\|[A]_{k,r,\\cdot} - z\\|^2`, and the prior of Thm. 2 is
uniform (the remark after Thm. 2).

Reading: as printed: offsets -||A||^2/2 give the nearest-centroid partition;
inputs equidistant from two centroids are undecided.
"""

import sympy as sp

from spline_theory import MASO
from spline_theory.claims import Claim, Step, close, equal, register, undecided
from spline_theory.proofs.iclr19._vq_common import tie_mask
from spline_theory.testing.strategies import maso_instances
from spline_theory.vq import kmeans_bias, kmeans_regions, region_margin, region_prior


def derive():
    a1, a2, x1, x2 = sp.symbols("a_1 a_2 x_1 x_2", real=True)
    piece = a1 * x1 + a2 * x2 - (a1**2 + a2**2) / 2
    dist = (x1 - a1) ** 2 + (x2 - a2) ** 2
    return [Step("<a, x> - |a|^2/2 = (|x|^2 - |x - a|^2)/2: maximizing the piece minimizes the distance", piece, (x1**2 + x2**2 - dist) / 2)]


def check(xp, inst):
    A, x = inst["A"], inst["x"]
    B = kmeans_bias(A)
    S = MASO(A, B)
    pi = region_prior(A, B)
    out = [close(xp, pi, xp.full(pi.shape, 1.0 / S.R, dtype=pi.dtype), relation="B = -|A|^2/2 gives the uniform prior of Thm. 2", scale=1.0)]
    ties = tie_mask(xp, region_margin(A, B, x), S.pre_activations(x))
    if bool(xp.all(ties)):
        return out + [undecided("MASO arg-max == nearest centroid", "every unit ties (equidistant centroids within round-off)")]
    keep = ~ties
    out.append(equal(xp, S.region_codes(x)[keep], kmeans_regions(A, x)[keep], relation="argmax_r <A_{k,r}, x> - |A_{k,r}|^2/2 == argmin_r |A_{k,r} - x|^2"))
    return out


CLAIM = register(
    Claim(
        id="iclr19.prop1",
        title="With B = -1/2 ||A||^2 the MASO VQ is K-means (nearest centroid) with centroids A[k, r]",
        where="iclr19, Sec. 3.1, Prop. 1 (and the remark after Thm. 2)",
        statement=r"[B]_{k,r} = -\tfrac12\|[A]_{k,r,\cdot}\|^2 \implies [\hat t]_k = \arg\min_r \|[A]_{k,r,\cdot} - z\|^2",
        assumptions=(r"\text{inputs not equidistant from two nearest centroids (ties are undecided)}",),
        check=check,
        cases=maso_instances(),
        arrays=("A", "x"),
        derive=derive,
        method="MASO(A, vq.kmeans_bias(A)).region_codes against vq.kmeans_regions (arg-min of squared distances); "
        "vq.region_prior of those offsets against the uniform prior.",
    )
)
