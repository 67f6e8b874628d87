"""report17 Sec. 5.1.2, Table 3 (hard wavelet thresholding row): :math:`f(x)_i = 1_{\\langle x, W_i\\rangle - b_i > 0}\\langle x, W_i\\rangle`,
:math:`\\alpha_i = f(x)_i`: the inverse of Eq. (78), :math:`\\sum_i \\alpha_i\\, df(x)_i/dx`, is the hard-thresholding
synthesis :math:`\\sum_i 1_{\\langle x, W_i\\rangle > b_i} \\langle x, W_i\\rangle W_i`.

The row is well formed off the thresholds: f is discontinuous (a jump of
:math:`b_i` where :math:`\\langle x, W_i\\rangle = b_i > 0`), so it is not a continuous affine
spline, but it is piecewise linear, :math:`f(x) = A[x]x` with
:math:`A[x]_i = 1_{\\langle x, W_i\\rangle > b_i} W_i` on each region, which is all Eq. (78) uses.
Checked: the rows :math:`df(x)_i/dx` (central differences at a step that stays
inside the region; inputs closer to a threshold are left out) and the
reconstruction against :math:`A[x]^T f(x)`.

Reading: as printed, thresholds b_i >= 0; inputs on a threshold (where f jumps
and df/dx is undefined) are left out.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.inversion import table3_inverse, table3_map, template_inverse
from spline_theory.testing.strategies import table3_instances

H = 1e-2  # central-difference step; exact on a linear piece up to round-off eps |f| / H


def check(xp, inst):
    W, t, x = inst["W"], inst["t"], inst["x"]
    f, A = table3_map(W, x, "hard_threshold", t=t)
    dist = xp.abs(x @ W.T - t) / xp.sqrt(xp.sum(W * W, axis=1))  # distance to each threshold hyperplane
    keep = xp.min(dist, axis=1) > 2 * H
    if not bool(xp.any(keep)):
        return undecided("df/dx by central differences", "every input is within 2 h of a threshold")
    D = x.shape[1]
    cols = []
    for d in range(D):
        e = xp.astype(xp.arange(D) == d, x.dtype) * H
        fp, _ = table3_map(W, x + e, "hard_threshold", t=t)
        fm, _ = table3_map(W, x - e, "hard_threshold", t=t)
        cols.append((fp - fm) / (2 * H))
    J = xp.stack(cols, axis=2)  # (N, K, D)
    k = xp.astype(keep, x.dtype)[:, None, None]
    scale = (xp.max(xp.abs(f)) + 1.0) / H
    return [
        close(xp, A * k, J * k, relation="A[x]_i == d f(x)_i / dx (central differences, off the thresholds)", scale=scale),
        close(xp, f, (A @ x[:, :, None])[..., 0], relation="f(x) == A[x] x (piecewise linear, no offset)", scale=xp.max(xp.abs(A)) * (xp.max(xp.abs(x)) + 1.0) + 1.0),
        close(xp, table3_inverse(W, x, "hard_threshold", t=t), template_inverse(A, x), relation="sum_i f(x)_i df(x)_i/dx == A[x]^T (A[x] x) (Eq. 78)", scale=(xp.max(xp.abs(f)) + 1.0) * (xp.max(xp.abs(W)) + 1.0)),
    ]


CLAIM = register(
    Claim(
        id="report17.table3.hard_threshold",
        title="For hard thresholding, the network inverse is the hard-thresholding synthesis (a piecewise-linear, discontinuous map)",
        where="report17, Sec. 5.1.2, Table 3 (hard wavelet thresholding row) and Eq. (78)",
        statement=r"f(x)_i = 1_{\langle x, W_i\rangle - b_i > 0}\langle x, W_i\rangle,\ \alpha_i = f(x)_i:\ \sum_i \alpha_i \frac{df(x)_i}{dx} = \sum_i 1_{\langle x, W_i\rangle > b_i}\langle x, W_i\rangle W_i",
        assumptions=(r"b_i \ge 0", r"x \text{ off the thresholds } \langle x, W_i\rangle = b_i \text{ (f jumps there)}"),
        check=check,
        cases=table3_instances(),
        arrays=("W", "t", "x"),
        method="inversion.table3_map (hard_threshold): its Jacobian rows against central differences of f, f against A[x] x, "
        "and inversion.table3_inverse against inversion.template_inverse(A[x], x).",
    )
)
