"""iclr19 App. B Eq. (19) as printed: exact patch reconstructions give zero total error.

App. B: :math:`\\|\\mathcal P[z](p) - \\mathcal P[\\hat z](p)\\|^2 \\to 0 \\implies \\|z - \\sum_{p} \\mathcal P[z](p)\\|^2 = 0`.

Read literally: whenever every patch is reconstructed (take :math:`\\hat z = z`,
so the premise holds), the input equals the sum of its (unapodized) patches.

Verdict: **fails**: with overlapping patches the sum counts each pixel as
often as patches cover it. Counterexample: z = (1, 1, 1), 1 x 2 patches:
the sum of the two patches is (1, 2, 1). The intended statement (the total
reconstruction error of the apodized patches vanishes with the per-patch
errors) is ``iclr19.appB.eq19-corrected``.

Reading: as printed: per-patch errors tending to 0 imply zero total error for
the plain sum of patches, with the patches inside the map that App. B sums; no
hypothesis added.
"""

from spline_theory.apodization import extract_patches, overlap_add
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import patch_instances


def check(xp, inst):
    z, h = inst["z"], inst["h"]
    total = overlap_add(extract_patches(z, tuple(h.shape), padding="valid"), tuple(z.shape), padding="valid")
    return close(xp, total, z, relation="z == sum_p P[z](p) (premise met with z_hat = z)", scale=xp.max(xp.abs(z)))


CLAIM = register(
    Claim(
        id="iclr19.appB.eq19",
        title="Exact per-patch reconstruction implies z equals the sum of its patches (as printed)",
        where="iclr19, App. B, Eq. (19)",
        statement=r"\|\mathcal P[z](p_i, p_j) - \mathcal P[\hat z](p_i, p_j)\|^2 \to 0 \implies \Big\|z - \sum_{(p_i, p_j)} \mathcal P[z](p_i, p_j)\Big\|^2 = 0",
        assumptions=(r"\text{patches of the shape of } h \text{, inside the map}",),
        check=check,
        cases=patch_instances(),
        arrays=("z", "h", "templates", "z_hat"),
        expected="fails",
        kind="missing-hypothesis",
        counterexample={"z": [[[1.0, 1.0, 1.0]]], "h": [[0.5, 0.5]], "templates": [[[[0.0, 0.0]]]], "z_hat": [[[1.0, 1.0, 1.0]]]},
        method="extract_patches of z summed back (overlap_add) against z.",
        notes="Holds only for non-overlapping patches (1 x 1 windows here). See iclr19.appB.eq19-corrected.",
    )
)
