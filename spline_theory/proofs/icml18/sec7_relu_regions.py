"""icml18 Sec. 7.1: a ReLU operator splits each input dimension into two half-spaces, partitioning its
input space into up to :math:`2^{D^{(\\ell)}}` regions.

The check counts distinct region codes (``Network.count_regions``): on any
batch they never exceed :math:`2^{D^{(\\ell)}}` (for a dense + ReLU layer, the
units are the :math:`D^{(\\ell)}` outputs), and the ReLU operator alone on
:math:`\\mathbb R^D` attains all :math:`2^D` regions on the corners
:math:`\\{-1, 1\\}^D` of the cube (one point per orthant).

Reading: 'splits each of its input dimensions into two half-planes ... up to
2^D(l) regions' as an upper bound, attained by the ReLU operator alone on R^D.
"""

import itertools

from spline_theory.claims import Claim, equal, leq, register
from spline_theory.layers import ReLU
from spline_theory.network import Network
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import dense_relu_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    (count,) = net.count_regions(x)
    K = net.C
    relu = Network([ReLU()], (net.D,))
    corners = xp.asarray(list(itertools.product([-1.0, 1.0], repeat=net.D)), dtype=x.dtype)
    (full,) = relu.count_regions(corners)
    return [
        leq(xp, xp.asarray(float(count)), xp.asarray(float(2**K)), relation="#regions met by the batch <= 2^(D^(l)) for dense + ReLU", scale=0.0),
        equal(xp, xp.asarray(full), xp.asarray(2**net.D), relation="ReLU on R^D has 2^D regions (one per orthant)"),
    ]


CLAIM = register(
    Claim(
        id="icml18.sec7.relu_regions",
        title="A ReLU layer partitions its input space into up to 2^D regions",
        where="icml18, Sec. 7.1, first paragraph",
        statement=r"\#\{\text{regions of } \mathrm{ReLU} \circ f_W\} \le 2^{D^{(\ell)}},\ \text{with equality for ReLU alone on } \mathbb{R}^{D}",
        check=check,
        cases=dense_relu_instances(),
        arrays=("x",),
        method="Distinct region codes of a dense + ReLU layer on a batch, against 2^(D^(l)); the ReLU operator alone on the corners of "
        "the cube {-1, 1}^D must produce 2^D distinct codes.",
    )
)
