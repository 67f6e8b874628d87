"""report17 Sec. 3.2.3, Eq. (33)-(34): fully connected and convolutional layers are spline operators with one region.

":math:`S_W^{(\\ell)}[\\{W^{(\\ell)}\\}, \\{b^{(\\ell)}\\}, \\{\\mathbb R^{D^{(\\ell-1)}}\\}](z) = W^{(\\ell)}z + b^{(\\ell)}`"
and the same with :math:`C^{(\\ell)}` for a convolution: one region, the whole input space.

Reading: as printed; the check is that of ``icml18.prop1`` (same_as), which
builds the one-region (R = 1) MASOs of dense and 2-D convolution layers.
Verdict: **holds**.
"""

from spline_theory.claims import Claim, register
from spline_theory.proofs.icml18.prop1_affine_operators_are_degenerate_masos import CLAIM as PROP1

CLAIM = register(
    Claim(
        id="report17.eq33",
        title="Fully connected and convolutional layers are spline operators with the single region R^D",
        where="report17, Sec. 3.2.3 'Linear layers: FC and convolutional', Eq. (33)-(34)",
        statement=r"S_W^{(\ell)}\big[\{W^{(\ell)}\}, \{b^{(\ell)}\}, \{\mathbb{R}^{D^{(\ell-1)}}\}\big](z) = W^{(\ell)}z + b^{(\ell)},\quad S_C^{(\ell)}\big[\{C^{(\ell)}\}, \{b^{(\ell)}\}, \{\mathbb{R}^{D^{(\ell-1)}}\}\big](z) = C^{(\ell)}z + b^{(\ell)}",
        same_as=PROP1,
    )
)
