"""report17 Sec. 3.1, Eq. (8) as printed: the bias of a convolution repeats :math:`\\xi_c` over the
output positions of channel c, :math:`b_d = \\xi_c` for :math:`d = I J (c-1) + 1, \\dots, I J (c-1)`.

Verdict: **fails**. The printed index range runs from :math:`IJ(c-1)+1` up to
:math:`IJ(c-1)`, which is empty: as printed, Eq. (8) assigns no entry of b.
The intended range ends at :math:`IJc` (``report17.eq8-corrected``).
Counterexample: any convolution, e.g. one output channel of 1 x 1 positions:
the printed ranges cover 0 of the 1 entries of b.

Reading: as printed, 1-based indices and channel-major flattening of the (C, I,
J) output; the printed range I J (c-1) + 1, ..., I J (c-1) taken literally
(empty).
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, equal, register
from spline_theory.layers import Conv2d
from spline_theory.network import Network
from spline_theory.testing.strategies import conv2d_instances


def derive():
    I, J, c = sp.symbols("I J c", positive=True, integer=True)
    first, last = I * J * (c - 1) + 1, I * J * (c - 1)
    return [Step("length of the printed range d = IJ(c-1)+1 .. IJ(c-1) is 0, not IJ", last - first + 1, I * J, relation="!=")]


def _entries(C_out, IJ, last_of):
    return [(c, d) for c in range(1, C_out + 1) for d in range(IJ * (c - 1) + 1, last_of(c) + 1)]


def check(xp, inst, *, last_of=None):
    kernel, b, z = inst["kernel"], inst["b"], inst["z"]
    net = Network([Conv2d(kernel, b, stride=inst["stride"], padding=inst["padding"])], tuple(z.shape[1:]))
    C_out, I, J = net.output_shape
    _, bias = net.layers[0].matrix()
    last_of = last_of or (lambda c: I * J * (c - 1))  # as printed
    pairs = _entries(C_out, I * J, last_of)
    ev = [equal(xp, xp.asarray(len(pairs)), xp.asarray(C_out * I * J), relation="Eq. (8) assigns every entry b_d, d = 1..C I J")]
    if pairs:
        got = xp.take(bias, xp.asarray([d - 1 for _, d in pairs]))
        want = xp.take(b, xp.asarray([c - 1 for c, _ in pairs]))
        ev.append(close(xp, got, want, relation="b_d == xi_c on the range of channel c", scale=xp.abs(want)))
    return ev


CLAIM = register(
    Claim(
        id="report17.eq8",
        title="The bias of a convolution repeats xi_c over channel c's positions (as printed, with an empty index range)",
        where="report17, Sec. 3.1, 'Convolutional Layer', Eq. (8)",
        statement=r"b_d^{(\ell)} = \xi_c^{(\ell)},\quad d = I^{(\ell)}J^{(\ell)}(c-1)+1, \dots, I^{(\ell)}J^{(\ell)}(c-1),\quad c = 1, \dots, C^{(\ell)}",
        check=check,
        cases=conv2d_instances(),
        arrays=("kernel", "b", "z"),
        expected="fails",
        kind="typo",
        derive=derive,
        counterexample={"kernel": [[[[1.0]]]], "b": [0.5], "z": [[[[1.0]]]], "stride": 1, "padding": 0},
        method="The bias vector of the library's Conv2d (Layer.matrix) read on the printed index ranges: they must cover all C I J entries "
        "and hold xi_c.",
        notes="The upper end of the range should be IJc; see report17.eq8-corrected.",
    )
)
