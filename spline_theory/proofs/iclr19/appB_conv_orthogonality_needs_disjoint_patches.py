"""iclr19 App. B: orthogonality (11) in a convolution layer implies non-overlapping patches (false as printed).

App. B opens: "The developed results on orthogonality induce orthogonality of
the case of fully-connected layers. For the case on convolutional layer it
implies orthogonality as well as non overlapping patches." Condition (11) on a
convolution + activation layer asks that distinct rows of the convolution
matrix be orthogonal; that does not force their patches apart. Counterexample:
the one-filter kernel :math:`h = [1, 1, 1, -1]` with stride 2 on a signal of
length 8: consecutive patches share two pixels, yet their inner product is the
lag-2 autocorrelation :math:`h_1 h_3 + h_2 h_4 = 1 - 1 = 0`, and patches two
strides apart do not meet, so (11) holds.

Reading: as printed, 'implies orthogonality as well as non overlapping patches'
read as: (11) in a convolution layer implies that its patches do not overlap;
one filter, activations max_r c_r u; no hypothesis added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, equal, register
from spline_theory.factorial import is_orthogonal_slopes
from spline_theory.proofs._symbolic import inner
from spline_theory.proofs.iclr19._conv_common import conv_layer, patches_overlap
from spline_theory.testing.strategies import conv_orthogonality_instances


def derive():
    h = sp.symbols("h_1:5", real=True)
    z = sp.Integer(0)
    # rows 1, 2, 3 of the stride-2 convolution matrix of a 4-tap filter on 8 pixels
    rows = [[z] * s + list(h) + [z] * (4 - s) for s in (0, 2, 4)]
    value = dict(zip(h, (1, 1, 1, -1)))
    return [
        Step("stride 2: consecutive rows share two pixels, and their inner product is the lag-2 autocorrelation h_1 h_3 + h_2 h_4",
             inner(rows[0], rows[1]), h[0] * h[2] + h[1] * h[3]),
        Step("h = [1, 1, 1, -1]: the overlapping rows are orthogonal", sp.Subs(h[0] * h[2] + h[1] * h[3], tuple(value), tuple(value.values())), 0),
        Step("rows two strides apart share no pixel (inner product 0)", inner(rows[0], rows[2]), 0),
    ]


def check(xp, inst):
    C, S = conv_layer(inst)
    orthogonal = is_orthogonal_slopes(S.A)
    overlap = patches_overlap(xp, C)
    return equal(xp, xp.asarray(orthogonal and overlap), xp.asarray(False), relation="Eq. (11) holds for the conv layer ==> its patches (rows of C) do not overlap")


CLAIM = register(
    Claim(
        id="iclr19.appB.conv_patches",
        title="Orthogonality (11) in a convolution layer implies non-overlapping patches (as printed)",
        where="iclr19, App. B, first paragraph",
        statement=r"\langle [A]_{k,r,\cdot}, [A]_{k',r',\cdot}\rangle = 0\ \forall k \ne k'\ \forall r,r' \ (A \text{ of } \sigma\circ C) \implies \operatorname{supp}[C]_{k,\cdot} \cap \operatorname{supp}[C]_{k',\cdot} = \emptyset\ \ \forall k \ne k'",
        assumptions=(r"\text{one filter (each row of } C \text{ is one patch)}", r"\sigma(u) = \max_r c_r u \text{ (ReLU, absolute value, leaky ReLU)}"),
        check=check,
        cases=conv_orthogonality_instances(),
        arrays=("kernel", "b"),
        derive=derive,
        expected="fails",
        kind="error",
        counterexample={"kernel": [[[[1.0, 1.0, 1.0, -1.0]]]], "b": [0.0, 0.0, 0.0], "in_shape": [1, 1, 8], "stride": 2, "slope_scales": [1.0, 0.0], "family": "overlap_orthogonal"},
        method="For one-filter convolutions (disjoint, overlapping-orthogonal and random kernels) builds the MASO of "
        "activation o convolution (operators.conv2d_matrix, factorial.dense_activation_maso), tests Eq. (11) "
        "(factorial.is_orthogonal_slopes) and whether two rows of C have intersecting supports.",
        notes="Non-overlapping patches are sufficient (iclr19.sec5.conv_nonoverlap), not necessary: see iclr19.appB.conv_patches-corrected.",
    )
)
