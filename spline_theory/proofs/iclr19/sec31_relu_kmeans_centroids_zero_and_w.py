"""iclr19 Sec. 3.1 example: a ReLU unit partitions its input like K-means with centroids {0, w} (false as printed).

The paragraph after Prop. 1 says that unit k of a ReLU layer "partitions its
input space using a K-means model with R = 2 centroids: the origin of the
input space and the unit layer parameter". The ReLU is active where
:math:`\\langle w, z\\rangle + b > 0`; the nearest of the centroids
:math:`\\{0, w\\}` is w where :math:`\\langle w, z\\rangle > \\frac12\\|w\\|^2`.
The two partitions agree only for the bias :math:`b = -\\frac12\\|w\\|^2` that
Prop. 1 requires; for the usual ReLU (any other bias, e.g. b = 0) they differ
on the slab between the two hyperplanes. Counterexample: w = 1, b = 0, z = 1/4
(ReLU active, nearest centroid 0).

Reading: as printed, for any bias (the paragraph states no condition); inputs
on either boundary undecided.
"""

import sympy as sp

from spline_theory.activations import relu_layer_maso
from spline_theory.claims import Claim, Step, equal, register, undecided
from spline_theory.proofs.iclr19._vq_common import tie_mask
from spline_theory.testing.strategies import relu_layer_instances
from spline_theory.vq import kmeans_bias, kmeans_regions, region_margin


def derive():
    w, b, z = sp.symbols("w b z", real=True)
    at = ((w, b, z), (sp.Integer(1), sp.Integer(0), sp.Rational(1, 4)))
    return [
        Step("w = 1, b = 0, z = 1/4: the ReLU piece w z + b = 1/4 > 0 (active region)", sp.Subs(w * z + b, *at), sp.Rational(1, 4)),
        Step("but |z - 0|^2 - |z - w|^2 = -1/2 < 0: the nearest centroid is 0 (inactive region)", sp.Subs(z**2 - (z - w) ** 2, *at), sp.Rational(-1, 2)),
    ]


def check(xp, inst):
    S = relu_layer_maso(inst["W"], inst["b"], active_first=inst["active_first"])
    x = inst["x"]
    # ties of either partition are undecided
    ties = tie_mask(xp, region_margin(S.A, S.B, x), S.pre_activations(x)) | tie_mask(xp, region_margin(S.A, kmeans_bias(S.A), x), S.pre_activations(x))
    if bool(xp.all(ties)):
        return undecided("ReLU region == nearest of {0, w}", "every unit is on a boundary within round-off")
    keep = ~ties
    return equal(xp, S.region_codes(x)[keep], kmeans_regions(S.A, x)[keep], relation="ReLU region of unit k == nearest centroid among {w_k, 0}")


CLAIM = register(
    Claim(
        id="iclr19.sec31.relu_kmeans",
        title="A ReLU unit partitions its input space like K-means with the two centroids 0 and w (as printed)",
        where="iclr19, Sec. 3.1, the example after Prop. 1",
        statement=r"\text{ReLU unit } \max(\langle w, z\rangle + b, 0):\ \text{region}(z) = \arg\min_{c \in \{w, 0\}} \|z - c\|^2",
        assumptions=(r"\text{any bias } b \text{ (the paragraph states no condition)}", r"\text{inputs off both boundaries (ties undecided)}"),
        check=check,
        cases=relu_layer_instances(max_K=2, max_D=3, max_N=4),
        arrays=("W", "b", "x"),
        derive=derive,
        expected="fails",
        kind="imprecise",
        counterexample={"W": [[1.0]], "b": [0.0], "x": [[0.25]], "beta": 0.5, "active_first": True},
        method="Region codes of the ReLU MASO (activations.relu_layer_maso, both region orders) against the nearest "
        "centroid among its slopes {w, 0} (vq.kmeans_regions).",
        notes="Holds only with b = -|w|^2/2, the bias Prop. 1 requires; see iclr19.sec31.relu_kmeans-corrected.",
    )
)
