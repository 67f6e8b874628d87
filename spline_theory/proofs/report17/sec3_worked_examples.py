"""report17 Sec. 3.2.1-3.2.2, the worked examples: the ReLU spline operator on :math:`\\mathbb R^3`
and the max-pooling operator with :math:`R_1 = \\{1,2\\}, R_2 = \\{3,4\\}`, each on three printed inputs.

ReLU: :math:`S([1,2,3]) = A_{(1,1,1)}x = [1,2,3]`, :math:`S([1,-2,3]) = A_{(1,2,1)}x = [1,0,3]`,
:math:`S([-1,-2,-3]) = A_{(2,2,2)}x = 0`. Max pooling:
:math:`S([1,2,3,4]) = A_{(2,2)}x = [2,4]`, :math:`S([1,-2,3,1]) = A_{(1,1)}x = [1,3]`,
:math:`S([-1,-2,-3,0]) = A_{(1,2)}x = [-1,0]`. The printed matrices and
outputs are compared with the slope the library selects
(``Network.affine_map``) and with the layer output.

Reading: the printed operators and inputs, evaluated as printed.
"""

from hypothesis import strategies as st

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.icml18._networks import net_and_x

_RELU = {"input_shape": [3], "layers": [{"type": "ReLU"}]}
# Max pooling over R_1 = {1, 2}, R_2 = {3, 4}: channel pooling of a (4, 1, 1) map in groups of 2.
_POOL = {"input_shape": [4, 1, 1], "layers": [{"type": "ChannelMaxPool", "group": 2}]}


def _diag(v):
    return [[float(v[i] if i == j else 0.0) for j in range(len(v))] for i in range(len(v))]


def _sel(i, j):
    return [[1.0 if c == i else 0.0 for c in range(4)], [1.0 if c == j else 0.0 for c in range(4)]]


EXAMPLES = [
    {"net": _RELU, "x": [[1.0, 2.0, 3.0]], "A": [_diag([1, 1, 1])], "z": [[1.0, 2.0, 3.0]]},
    {"net": _RELU, "x": [[1.0, -2.0, 3.0]], "A": [_diag([1, 0, 1])], "z": [[1.0, 0.0, 3.0]]},
    {"net": _RELU, "x": [[-1.0, -2.0, -3.0]], "A": [_diag([0, 0, 0])], "z": [[0.0, 0.0, 0.0]]},
    {"net": _POOL, "x": [[1.0, 2.0, 3.0, 4.0]], "A": [_sel(1, 3)], "z": [[2.0, 4.0]]},
    {"net": _POOL, "x": [[1.0, -2.0, 3.0, 1.0]], "A": [_sel(0, 2)], "z": [[1.0, 3.0]]},
    {"net": _POOL, "x": [[-1.0, -2.0, -3.0, 0.0]], "A": [_sel(0, 3)], "z": [[-1.0, 0.0]]},
]

def check(xp, inst):
    net, x = net_and_x(inst)
    A, b = net.affine_map(x)
    A_printed = xp.asarray(inst["A"], dtype=x.dtype)
    z_printed = xp.asarray(inst["z"], dtype=x.dtype)
    return [
        close(xp, A, A_printed, relation="selected slope A[x] == printed A_(r)", scale=1.0),
        close(xp, net.forward(x), z_printed, relation="S(x) == printed output", scale=xp.abs(x) @ xp.ones((x.shape[1], z_printed.shape[1]), dtype=x.dtype)),
        close(xp, (A @ x[:, :, None])[..., 0] + b, z_printed, relation="A_(r) x + b_(r) == printed output", scale=1.0),
    ]


CLAIM = register(
    Claim(
        id="report17.sec3.worked_examples",
        title="The worked ReLU and max-pooling spline operator examples",
        where="report17, Sec. 3.2.1 (ReLU example after Eq. (31)) and Sec. 3.2.2 (max-pooling example after Eq. (32))",
        statement=r"S_{relu}([1,2,3]^T) = [1,2,3]^T,\ S_{relu}([1,-2,3]^T) = [1,0,3]^T,\ S_{relu}([-1,-2,-3]^T) = 0;\ S_{max}([1,2,3,4]^T) = [2,4]^T,\ S_{max}([1,-2,3,1]^T) = [1,3]^T,\ S_{max}([-1,-2,-3,0]^T) = [-1,0]^T",
        assumptions=(r"R_1 = \{1, 2\},\ R_2 = \{3, 4\}",),
        check=check,
        cases=st.sampled_from(EXAMPLES),
        arrays=("x", "A", "z"),
        method="Each printed input through the library's ReLU layer and a max-pooling layer over {1,2}, {3,4} (ChannelMaxPool of a "
        "(4, 1, 1) map); the slope chosen by Network.affine_map and the output against the printed matrices and values.",
    )
)
