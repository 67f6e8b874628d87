"""iclr19 Sec. 5: a convolution layer whose rows do not overlap has slopes orthogonal in the sense of Eq. (11).

After Eq. (11) the paper states that "orthogonality is achieved in a
convolution layer (multiplication by the convolution matrix C composed with
activation or pooling) when the rows of C are either non-overlapping or
properly apodized". The non-overlapping half is checked here: one filter whose
stride equals its size (so different output pixels read disjoint patches),
one or two input channels, followed by ReLU, absolute value or leaky ReLU.
The MASO slopes are :math:`[A]_{k,r,\\cdot} = c_r [C]_{k,\\cdot}`, so rows with
disjoint supports are orthogonal across units. "Properly apodized" is not
defined precisely enough to check; App. B's apodization statements are the
``iclr19.appB.*`` claims.

Reading: as printed for the non-overlapping case: one filter with stride equal
to the kernel size, activations max_r c_r u.
"""

from spline_theory.claims import Claim, equal, register
from spline_theory.factorial import is_orthogonal_slopes
from spline_theory.proofs.iclr19._conv_common import conv_layer, patches_overlap
from spline_theory.testing.strategies import conv_orthogonality_instances


def check(xp, inst):
    C, S = conv_layer(inst)
    return [
        equal(xp, xp.asarray(patches_overlap(xp, C)), xp.asarray(False), relation="the rows of C (stride = kernel size) have disjoint supports"),
        equal(xp, xp.asarray(is_orthogonal_slopes(S.A)), xp.asarray(True), relation="<A[k, r], A[k', r']> == 0 for all k != k', r, r' (Eq. 11)"),
    ]


CLAIM = register(
    Claim(
        id="iclr19.sec5.conv_nonoverlap",
        title="A convolution + activation layer whose rows do not overlap satisfies the orthogonality condition (11)",
        where="iclr19, Sec. 5, the paragraph after Eq. (11)",
        statement=r"\operatorname{supp}[C]_{k,\cdot} \cap \operatorname{supp}[C]_{k',\cdot} = \emptyset\ (k \ne k') \implies \langle [A]_{k,r,\cdot}, [A]_{k',r',\cdot}\rangle = 0\ \ \forall k \ne k'\ \forall r, r' \quad (A \text{ of } \sigma \circ C)",
        assumptions=(r"\text{one filter, stride} = \text{kernel size (non-overlapping rows)}", r"\sigma(u) = \max_r c_r u \text{ (ReLU, absolute value, leaky ReLU)}"),
        check=check,
        cases=conv_orthogonality_instances(families=("disjoint",)),
        arrays=("kernel", "b"),
        method="Builds the convolution matrix (operators.conv2d_matrix), the MASO of activation o convolution "
        "(factorial.dense_activation_maso), checks that its rows have disjoint supports and tests Eq. (11) on its "
        "slopes (factorial.is_orthogonal_slopes).",
        notes="Non-overlapping rows are sufficient, not necessary: iclr19.appB.conv_patches.",
    )
)
