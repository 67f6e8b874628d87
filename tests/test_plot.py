"""Plots of templates (icml18 Sec. 5.2): the arrays drawn are the network's templates."""

import numpy as np
import pytest

from spline_theory.layers import Dense, Flatten, ReLU
from spline_theory.network import Network
from spline_theory.plot import template_images


def _image_net(dtype=np.float64):
    rng = np.random.default_rng(3)
    return Network([Flatten(), Dense(rng.standard_normal((12, 30)).astype(dtype), rng.standard_normal(12).astype(dtype)), ReLU(),
                    Dense(rng.standard_normal((4, 12)).astype(dtype), rng.standard_normal(4).astype(dtype))], (1, 5, 6)), rng


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_template_images_are_the_templates_and_match_the_output(dtype):
    net, rng = _image_net(dtype)
    x = rng.standard_normal((1, 5, 6))
    x_before = x.copy()
    images, z, b = template_images(net, x)
    A, _ = net.affine_map(x.reshape(1, -1))
    assert len(images) == 4 and all(im.shape == (5, 6) for im in images)
    for c, im in enumerate(images):
        np.testing.assert_array_equal(im.reshape(-1), A[0, c])
    # Template matching reproduces the output: z_c = <A[x]_c, x> + b[x]_c (icml18 Eq. 8-10).
    tol = 1e-10 if dtype == np.float64 else 1e-4
    recon = np.array([float((im * x[0]).sum()) for im in images]) + b
    np.testing.assert_allclose(recon, z, rtol=tol, atol=tol * float(np.abs(z).max()))
    np.testing.assert_array_equal(x, x_before)
    flat, _, _ = template_images(net, x, image_shape=(6, 5))
    assert flat[0].shape == (6, 5)


def test_template_images_of_a_vector_input_stay_vectors():
    rng = np.random.default_rng(0)
    net = Network([Dense(rng.standard_normal((3, 5)), np.zeros(3)), ReLU(), Dense(rng.standard_normal((2, 3)), np.zeros(2))], (5,))
    images, z, _ = template_images(net, rng.standard_normal(5))
    assert [im.shape for im in images] == [(5,), (5,)] and z.shape == (2,)


def test_template_images_bad_input():
    net, _ = _image_net()
    with pytest.raises(ValueError, match=r"x must be one input of shape \(30,\) or \(1, 5, 6\); got shape \(2, 5, 6\)"):
        template_images(net, np.zeros((2, 5, 6)))
    with pytest.raises(ValueError, match="image_shape must be"):
        template_images(net, np.zeros(30), image_shape=(4, 4))
    with pytest.raises(ValueError, match="x must be finite|NaN|nan"):
        template_images(net, np.full(30, np.nan))
    with pytest.raises(TypeError, match="net must be a spline_theory Network"):
        template_images("net", np.zeros(30))


def test_plot_templates_draws_the_input_and_one_panel_per_class():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from spline_theory.plot import plot_templates

    net, rng = _image_net()
    x = rng.standard_normal(30)
    images, z, _ = template_images(net, x)
    fig = plot_templates(net, x, classes=[1, 3])
    axes = fig.axes
    assert len(axes) == 3
    np.testing.assert_array_equal(axes[0].images[0].get_array(), x.reshape(5, 6))
    for ax, c in zip(axes[1:], [1, 3]):
        np.testing.assert_array_equal(ax.images[0].get_array(), images[c])
        assert ax.get_title().startswith(f"class {c}: z = ")
    assert sum("(argmax)" in ax.get_title() for ax in plot_templates(net, x).axes) == 1
    with pytest.raises(ValueError, match=r"classes must be a non-empty list of ints in 0..3; got \[4\]"):
        plot_templates(net, x, classes=[4])
    with pytest.raises(ValueError, match="axes must hold len"):
        plot_templates(net, x, axes=axes[:2])
    plt.close("all")


def test_lipschitz_curves_bound_the_measured_constant_and_scale_as_s_to_the_m():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from spline_theory.plot import lipschitz_curves, plot_lipschitz_bounds

    rng = np.random.default_rng(3)
    net = Network([Dense(rng.standard_normal((6, 2)), np.zeros(6)), ReLU(), Dense(rng.standard_normal((2, 6)), np.zeros(2))], input_shape=(2,))
    starts = rng.standard_normal((6, 2))
    c = lipschitz_curves(net, [0.5, 1.0, 2.0], starts)
    assert all(0 < m <= b * (1 + 1e-12) for m, b in zip(c["measured"], c["bound"]))
    # two weight matrices, no bias: both curves scale as s^2 (report17 Cor. 1)
    np.testing.assert_allclose(np.asarray(c["bound"]) / c["bound"][1], [0.25, 1.0, 4.0], rtol=1e-12)
    np.testing.assert_allclose(np.asarray(c["measured"]) / c["measured"][1], [0.25, 1.0, 4.0], rtol=1e-9)
    ax = plot_lipschitz_bounds(net, [0.5, 1.0, 2.0], starts)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), c["bound"])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), c["measured"])
