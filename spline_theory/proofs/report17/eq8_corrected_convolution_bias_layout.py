"""report17 Sec. 3.1, Eq. (8), corrected: :math:`b_d = \\xi_c` for :math:`d = IJ(c-1)+1, \\dots, IJc`
(1-based, channel-major flattening of the (C, I, J) output).

Reading: the correction: the range ends at I J c.
"""

from spline_theory.claims import Claim, register
from spline_theory.operators import conv2d_output_shape
from spline_theory.proofs.report17.eq8_convolution_bias_layout import check as _check
from spline_theory.testing.strategies import conv2d_instances


def check(xp, inst):
    _, I, J = conv2d_output_shape(tuple(inst["z"].shape[1:]), inst["kernel"].shape, inst["stride"], inst["padding"])
    return _check(xp, inst, last_of=lambda c: I * J * c)


CLAIM = register(
    Claim(
        id="report17.eq8-corrected",
        title="The bias of a convolution repeats xi_c over the I J positions of channel c",
        where="report17, Sec. 3.1, 'Convolutional Layer', Eq. (8) (corrected)",
        statement=r"b_d^{(\ell)} = \xi_c^{(\ell)},\quad d = I^{(\ell)}J^{(\ell)}(c-1)+1, \dots, I^{(\ell)}J^{(\ell)}c,\quad c = 1, \dots, C^{(\ell)}",
        check=check,
        cases=conv2d_instances(),
        arrays=("kernel", "b", "z"),
        corrects="report17.eq8",
        method="The bias vector of the library's Conv2d read on the corrected ranges: they cover all C I J entries and hold xi_c.",
    )
)
