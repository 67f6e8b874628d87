"""iclr19 App. B Eq. (17) as printed: a feature map is the sum of its apodized patches.

App. B: "Given a function h such that :math:`\\sum_{u \\in \\Omega} h(u) = 1`
one can represent an input by summing the apodized patches",
:math:`[z]_{k,i,j} = \\sum_{(p_i,p_j) \\in \\{i - I_C, \\dots, i\\} \\times \\{j - J_C, \\dots, j\\}} \\mathcal P[z](p_i,p_j) \\odot h`,
where a patch is "the slice of the input ... starting at position
:math:`(p_i, p_j)` and of same shape as the filters".

Reading: patches are slices of the input, so only positions where the patch
lies inside the map exist (``padding="valid"``); the printed range has
:math:`I_C + 1` offsets for a window of :math:`I_C` rows, read with h zero
outside its domain; the left side's :math:`z^{(\\ell)}` is read as
:math:`z^{(\\ell-1)}`.

Verdict: **fails** at the border: a border pixel is covered by fewer than
:math:`I_C J_C` patches, so it receives only part of the window's mass.
Counterexample: z = (1, 1) (one channel, one row), h = (1/2, 1/2): the single
patch gives (1/2, 1/2). The corrected statement
(``iclr19.appB.eq17-corrected``) sums the zero-padded patches.
"""

from spline_theory.apodization import apodized_patches, overlap_add
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import patch_instances


def check(xp, inst):
    z, h = inst["z"], inst["h"]
    rebuilt = overlap_add(apodized_patches(z, h, padding="valid"), tuple(z.shape), padding="valid")
    return close(xp, rebuilt, z, relation="sum over the input's patches of h * P[z](p) == z", scale=xp.max(xp.abs(z)))


CLAIM = register(
    Claim(
        id="iclr19.appB.eq17",
        title="A feature map is the sum of its apodized patches (as printed: patches inside the input)",
        where="iclr19, App. B, Eq. (17)",
        statement=r"\sum_{u \in \Omega} h(u) = 1 \implies [z]_{k,i,j} = \sum_{(p_i, p_j) \in \{i - I_C, \dots, i\} \times \{j - J_C, \dots, j\}} \mathcal P[z](p_i, p_j) \odot h",
        assumptions=(r"h \ge 0,\ \sum_u h(u) = 1", r"\mathcal P[z](p) \text{ is a slice of the input (positions inside the map)}"),
        check=check,
        cases=patch_instances(),
        arrays=("z", "h", "templates", "z_hat"),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={"z": [[[1.0, 1.0]]], "h": [[0.5, 0.5]], "templates": [[[[0.0, 0.0]]]], "z_hat": [[[1.0, 1.0]]]},
        method="apodized_patches at the positions inside the map, put back and summed (overlap_add), against z.",
        notes="Holds at pixels covered by I_C J_C patches (the interior) and for 1 x 1 windows. See iclr19.appB.eq17-corrected.",
    )
)
