"""iclr19 App. B, corrected: overlapping patches satisfy (11) when the filter's autocorrelation vanishes at the stride shifts.

The correction of ``iclr19.appB.conv_patches``: for one filter h with stride
s, two rows of the convolution matrix whose patches are j strides apart have
inner product equal to the autocorrelation of h at lag j s, so (11) holds iff
that autocorrelation vanishes at every nonzero multiple of the stride (every
lag at which patches overlap); non-overlapping patches are one way to get
there, not the only one. Checked on the 1 x 4 kernels
:math:`[a, b, \\lambda b, -\\lambda a]` with stride 2, whose lag-2
autocorrelation :math:`a\\lambda b - b\\lambda a` is zero while consecutive
patches share two pixels.

Reading: the correction: one filter with stride s satisfies (11) across
overlapping patches when its autocorrelation vanishes at the stride shifts;
activations max_r c_r u, whose slopes are multiples of the rows of C (the
layers of Sec. 5).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, equal, register
from spline_theory.factorial import is_orthogonal_slopes
from spline_theory.proofs._symbolic import inner
from spline_theory.proofs.iclr19._conv_common import conv_layer, patches_overlap
from spline_theory.testing.strategies import conv_orthogonality_instances


def derive():
    a, b, lam = sp.symbols("a b lambda", real=True)
    h = [a, b, lam * b, -lam * a]
    return [Step("lag-2 autocorrelation of h = [a, b, lambda b, -lambda a] (the inner product of consecutive stride-2 rows)", inner(h[:2], h[2:]), 0)]


def check(xp, inst):
    C, S = conv_layer(inst)
    return [
        equal(xp, xp.asarray(patches_overlap(xp, C)), xp.asarray(True), relation="consecutive patches (rows of C) overlap"),
        equal(xp, xp.asarray(is_orthogonal_slopes(S.A)), xp.asarray(True), relation="<A[k, r], A[k', r']> == 0 for all k != k', r, r' (Eq. 11)"),
    ]


CLAIM = register(
    Claim(
        id="iclr19.appB.conv_patches-corrected",
        title="A convolution layer with overlapping patches satisfies (11) when the filter's autocorrelation vanishes at the stride shifts",
        where="iclr19, App. B, first paragraph; Sec. 5 after Eq. (11)",
        statement=r"\sum_i h_i h_{i + js} = 0\ \ \forall j \ne 0 \implies \langle [A]_{k,r,\cdot}, [A]_{k',r',\cdot}\rangle = 0\ \forall k \ne k'\ \forall r,r' \text{ even where patches overlap}",
        assumptions=(r"\text{one filter } h \text{, stride } s", r"\sigma(u) = \max_r c_r u \text{ (ReLU, absolute value, leaky ReLU)}"),
        check=check,
        cases=conv_orthogonality_instances(families=("overlap_orthogonal",)),
        arrays=("kernel", "b"),
        derive=derive,
        corrects="iclr19.appB.conv_patches",
        method="On kernels [a, b, lambda b, -lambda a] with stride 2 (overlapping patches, zero autocorrelation at "
        "lag 2): the rows of C overlap, and the MASO of activation o convolution satisfies Eq. (11) "
        "(operators.conv2d_matrix, factorial.dense_activation_maso, factorial.is_orthogonal_slopes).",
    )
)
