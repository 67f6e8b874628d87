"""iclr19 Sec. 3.1 example, corrected: a ReLU unit is K-means with centroids {0, w} when its bias is -1/2 ||w||^2.

The unit :math:`\\max(\\langle w, z\\rangle - \\frac12\\|w\\|^2, 0)` is active
exactly where z is closer to w than to 0; this is Prop. 1 applied to the ReLU
MASO (slopes w and 0, offsets :math:`-\\frac12\\|w\\|^2` and 0). With any
other bias the ReLU partition is the MAP partition of the GMM of Thm. 2
(Cor. 2), not K-means.

Reading: the correction: the example holds with Prop. 1's bias b = -||w||^2/2;
inputs on the boundary undecided.
"""

import sympy as sp

from spline_theory.activations import relu_layer_maso
from spline_theory.claims import Claim, Step, equal, register, undecided
from spline_theory.proofs.iclr19._vq_common import tie_mask
from spline_theory.testing.strategies import relu_layer_instances
from spline_theory.vq import kmeans_bias, kmeans_regions, region_margin


def derive():
    w1, w2, z1, z2 = sp.symbols("w_1 w_2 z_1 z_2", real=True)
    active = w1 * z1 + w2 * z2 - (w1**2 + w2**2) / 2
    return [Step("<w, z> - |w|^2/2 = (|z - 0|^2 - |z - w|^2)/2", active, ((z1**2 + z2**2) - ((z1 - w1) ** 2 + (z2 - w2) ** 2)) / 2)]


def check(xp, inst):
    W = inst["W"]
    half_norms = -kmeans_bias(W[:, None, :])[:, 0]
    S = relu_layer_maso(W, -half_norms, active_first=inst["active_first"])
    x = inst["x"]
    ties = tie_mask(xp, region_margin(S.A, S.B, x), S.pre_activations(x))
    if bool(xp.all(ties)):
        return undecided("ReLU region == nearest of {0, w}", "every unit is on its boundary within round-off")
    keep = ~ties
    return equal(xp, S.region_codes(x)[keep], kmeans_regions(S.A, x)[keep], relation="region of max(<w,z> - |w|^2/2, 0) == nearest centroid among {w, 0}")


CLAIM = register(
    Claim(
        id="iclr19.sec31.relu_kmeans-corrected",
        title="A ReLU unit with bias -1/2 ||w||^2 partitions its input like K-means with centroids 0 and w",
        where="iclr19, Sec. 3.1, the example after Prop. 1 (corrected with Prop. 1's bias)",
        statement=r"b = -\tfrac12\|w\|^2:\ \mathbb 1(\langle w, z\rangle + b > 0) = \mathbb 1(\|z - w\| < \|z\|)",
        assumptions=(r"b = -\tfrac12\|w\|^2", r"\text{inputs off the boundary (ties undecided)}"),
        check=check,
        cases=relu_layer_instances(),
        arrays=("W", "x"),
        derive=derive,
        corrects="iclr19.sec31.relu_kmeans",
        method="ReLU MASO (activations.relu_layer_maso, both region orders) with bias -|w|^2/2 (from vq.kmeans_bias): "
        "region codes against vq.kmeans_regions of its slopes {w, 0}.",
    )
)
