"""iclr19 App. B Eq. (17), corrected: a feature map is the sum of its zero-padded apodized patches.

Summing :math:`h \\odot \\mathcal P[z](p)` over every patch position that meets
the map (patches zero outside it, :math:`1 - I_C \\le p_i \\le H - 1`) gives
back z at every pixel, borders included: each pixel is covered once by every
window offset u, so it receives :math:`z \\sum_u h(u) = z`.

Reading: Eq. (17) with the sum over every zero-padded patch position that meets
the map (the correction); the window as App. B defines it (h >= 0, summing to
1).
"""

from spline_theory.apodization import apodized_patches, overlap_add
from spline_theory.claims import Claim, close, register
from spline_theory.testing.strategies import patch_instances


def check(xp, inst):
    z, h = inst["z"], inst["h"]
    rebuilt = overlap_add(apodized_patches(z, h, padding="full"), tuple(z.shape), padding="full")
    return close(xp, rebuilt, z, relation="sum over all zero-padded patches of h * P[z](p) == z", scale=xp.max(xp.abs(z)))


CLAIM = register(
    Claim(
        id="iclr19.appB.eq17-corrected",
        title="A feature map is the sum of its zero-padded apodized patches",
        where="iclr19, App. B, Eq. (17) (corrected)",
        statement=r"h \ge 0,\ \sum_{u \in \Omega} h(u) = 1 \implies z = \sum_{p \in \{1-I_C, \dots, H-1\} \times \{1-J_C, \dots, W-1\}} \mathcal P_0[z](p) \odot h \ \ (\mathcal P_0: \text{zero outside the map})",
        assumptions=(r"h \ge 0,\ \sum_u h(u) = 1",),
        check=check,
        cases=patch_instances(),
        arrays=("z", "h", "templates", "z_hat"),
        corrects="iclr19.appB.eq17",
        method="apodized_patches at every position that meets the map (padding='full'), summed back (overlap_add), against z.",
    )
)
