"""report17 Sec. 3 (rest): the fast convolution paths of the affine map, and the claims' sabotage rows."""

import numpy as np
import pytest

from spline_theory.layers import Conv2d, Dense, MaxPool, ReLU, LeakyReLU, Flatten
from spline_theory.network import Network


@pytest.mark.parametrize("shape,kernel,stride,padding", [((2, 5, 6), (3, 2, 3, 3), 1, 1), ((1, 7, 7), (2, 1, 2, 2), 2, 0), ((3, 6, 5), (2, 3, 3, 3), 2, 2), ((1, 4, 4), (1, 1, 4, 4), 3, 1)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_conv_im2col_and_col2im_match_the_explicit_matrix(shape, kernel, stride, padding, dtype):
    rng = np.random.default_rng(0)
    k0 = rng.standard_normal(kernel).astype(dtype)
    lay = Conv2d(k0, rng.standard_normal(kernel[0]).astype(dtype), stride=stride, padding=padding).bind(shape)
    M = lay._mat()
    z = rng.standard_normal((3, lay.D_in)).astype(dtype)
    U = rng.standard_normal((2, 4, lay.D_out)).astype(dtype)
    V = rng.standard_normal((2, lay.D_in, 3)).astype(dtype)
    tol = dict(rtol=1e-4, atol=1e-4) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(lay.linearize(z)[0], z @ M.T + lay._bias, **tol)
    np.testing.assert_allclose(lay.pull({}, U), U @ M, **tol)
    np.testing.assert_allclose(lay.push({}, V), M @ V, **tol)
    assert lay.pull({}, U).dtype == dtype
    np.testing.assert_array_equal(lay.kernel, k0)  # parameters untouched


def test_fused_slopes_in_the_backward_pass_match_the_forward_pass():
    rng = np.random.default_rng(1)
    net = Network([Conv2d(rng.standard_normal((2, 1, 3, 3)), rng.standard_normal(2), padding=1), LeakyReLU(0.3), MaxPool(2), Flatten(),
                   Dense(rng.standard_normal((6, 8)), rng.standard_normal(6)), ReLU(), Dense(rng.standard_normal((3, 6)), rng.standard_normal(3))], (1, 4, 4))
    x = rng.standard_normal((5, 16))
    x0 = x.copy()
    Af, bf = net.affine_map(x, mode="forward")
    Ab, bb = net.affine_map(x, mode="backward")
    np.testing.assert_allclose(Ab, Af, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(bb, bf, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.einsum("ncd,nd->nc", Ab, x) + bb, net.forward(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(x, x0)
