"""report17 Sec. 3.1, Eq. (4)-(7): a convolutional layer is :math:`f_C(z) = Cz + b` with C the
super-matrix of the single-channel convolution matrices :math:`\\mathbf W_{c,k}` (block (c, k) acts
from input channel k to output channel c).

The check builds C with ``operators.conv2d_matrix`` for the whole filter
bank, and each block from the single filter :math:`W_{c,k}` alone; the
blocks must sit at rows of output channel c and columns of input channel k,
and :math:`Cz + b` must equal the sliding-window convolution.

Reading: the report calls the blocks "circulant-block-circulant"; that
holds for circular boundary conditions. With the zero padding (or none)
of deep-learning convolutions, which the library implements, the blocks are
Toeplitz-block-Toeplitz; the block structure of Eq. (7) is what is checked.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.operators import conv2d, conv2d_matrix, conv2d_output_shape
from spline_theory.testing.strategies import conv2d_instances


def check(xp, inst):
    kernel, b, z = inst["kernel"], inst["b"], inst["z"]
    s, p = inst["stride"], inst["padding"]
    C_out, C_in = kernel.shape[0], kernel.shape[1]
    in_shape = tuple(z.shape[1:])
    _, H_out, W_out = conv2d_output_shape(in_shape, kernel.shape, s, p)
    H, W = in_shape[1], in_shape[2]
    C = conv2d_matrix(kernel, in_shape, stride=s, padding=p)
    ev = []
    for c in range(C_out):
        for k in range(C_in):
            block = conv2d_matrix(kernel[c : c + 1, k : k + 1, ...], (1, H, W), stride=s, padding=p)
            sub = C[c * H_out * W_out : (c + 1) * H_out * W_out, k * H * W : (k + 1) * H * W]
            ev.append(close(xp, sub, block, relation=f"block ({c}, {k}) of C == matrix of W_{{c,k}} alone (Eq. 7)", scale=xp.max(xp.abs(kernel)) + 0.0))
    N = z.shape[0]
    zf = xp.reshape(z, (N, C_in * H * W))
    ref = xp.reshape(conv2d(z, kernel, b, stride=s, padding=p), (N, -1))
    bias = xp.reshape(xp.broadcast_to(b[:, None], (C_out, H_out * W_out)), (-1,))
    scale = xp.abs(zf) @ xp.matrix_transpose(xp.abs(C)) + xp.abs(bias)
    ev.append(close(xp, zf @ xp.matrix_transpose(C) + bias, ref, relation="C z + b == W * z + xi (Eq. 4-6)", scale=scale))
    return ev


CLAIM = register(
    Claim(
        id="report17.eq7",
        title="A convolution is the super-matrix of per-channel-pair convolution matrices",
        where="report17, Sec. 3.1, 'Convolutional Layer', Eq. (4)-(7)",
        statement=r"f_C(z) = \mathbf{C}z + b,\qquad \mathbf{C} = \begin{bmatrix}\mathbf W_{1,1} & \cdots & \mathbf W_{1,C^{(\ell-1)}}\\ \vdots & \ddots & \vdots\\ \mathbf W_{C^{(\ell)},1} & \cdots & \mathbf W_{C^{(\ell)},C^{(\ell-1)}}\end{bmatrix}",
        assumptions=(r"\text{zero padding; blocks are Toeplitz-block-Toeplitz (circulant only for circular convolutions)}",),
        check=check,
        cases=conv2d_instances(),
        arrays=("kernel", "b", "z"),
        method="Blocks of conv2d_matrix of the filter bank against conv2d_matrix of each single filter; Cz + b against the sliding-window conv2d.",
    )
)
