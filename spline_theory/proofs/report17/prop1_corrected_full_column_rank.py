"""report17 Prop. 1 corrected: when :math:`A[x]` has full column rank D, the amplitude
:math:`A[x]x` and the regions (which fix :math:`A[x]`) give back the input,
:math:`x = A[x]^+(A[x]x)`.

Instances: dense, absolute value or leaky ReLU (no zero slope), dense, with widths
:math:`D \\le K \\le C`; an instance whose :math:`A[x]` is rank-deficient or ill-conditioned
(condition number above 100), or whose singular values underflow the dtype, is undecided
(input by input: the others in the batch are checked). The round-off scale of the reconstruction is
:math:`|x| + \\max|\\text{terms of } z(x)| / s_{min}(A[x])` (the amplitude :math:`z - b` cancels when the
bias swamps :math:`A[x]x`).

Reading: the correction: rank A[x] = D; the instances have cond A[x] <= 100,
named, so that float32 can decide the reconstruction.
"""

from spline_theory import backend as _backend
from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.report17.prop1_amplitude_and_regions_encode_the_input import reconstruct
from spline_theory.testing.strategies import injective_network_instances


def _inside(xp, s, dtype):
    """Per input: full column rank, well conditioned (cond <= 100), singular values that do not underflow the dtype."""
    return (s[:, -1] * 100 > s[:, 0]) & (s[:, -1] > xp.finfo(dtype).smallest_normal ** 0.5)


def _some_input_inside(inst):
    """The search draws networks whose A[x] meets the assumption at one input at least (others are redrawn)."""
    import numpy as np

    xp = _backend.namespace("numpy")
    net, x = net_and_x({**inst, "x": np.asarray(inst["x"], dtype=np.float64)})
    _, s = reconstruct(xp, net, x)
    return s.shape[1] >= x.shape[1] and bool(np.any(_inside(xp, s, x.dtype)))


def check(xp, inst):
    net, x = net_and_x(inst)
    x_hat, s = reconstruct(xp, net, x)
    relation = "A[x]^+ (A[x] x) == x"
    if s.shape[1] < x.shape[1]:
        return undecided(relation, "A[x] has fewer rows than columns (K < D): rank D is impossible, outside the assumption")
    ok = _inside(xp, s, x.dtype)
    keep = [i for i, v in enumerate(_backend.to_numpy(ok).tolist()) if v]
    if not keep:
        return undecided(relation, "A[x] is rank-deficient, ill-conditioned (cond > 100) or underflows at every input: outside the assumption")
    if len(keep) < x.shape[0]:
        idx = xp.asarray(keep, dtype=xp.int64)
        x, x_hat, s = (xp.take(v, idx, axis=0) for v in (x, x_hat, s))
    # Round-off scale: x_hat = A^+ (z - b) sums terms of size |terms of z(x)| / s_min (z - b cancels when b
    # swamps A[x]x), so the tolerance is relative to |x| + max|terms| / s_min.
    terms = xp.max(net.term_magnitude(x), axis=1, keepdims=True)
    scale = xp.max(xp.abs(x), axis=1, keepdims=True) * xp.ones_like(x) + terms / s[:, -1:]
    return close(xp, x_hat, x, relation="A[x]^+ (A[x] x) == x for A[x] of full column rank", scale=scale)


CLAIM = register(
    Claim(
        id="report17.prop1-corrected",
        title="Amplitude and regions determine the input when A[x] has full column rank",
        where="report17, Sec. 3.4, Prop. 1, with rank A[x] = D",
        statement=r"\operatorname{rank} A[x] = D \implies x = A[x]^+\,(A[x]x)",
        assumptions=(r"\operatorname{rank} A[x] = D", r"\operatorname{cond} A[x] \le 100 \text{ (decidable in float32)}"),
        check=check,
        cases=injective_network_instances().filter(_some_input_inside),
        arrays=("x",),
        per_input="x",
        corrects="report17.prop1",
        method="A[x], b[x] from Network.affine_map; the amplitude is the forward pass minus b[x]; x recovered from it "
        "by the pseudo-inverse of A[x] and compared with x; rank-deficient or ill-conditioned A[x] are undecided.",
    )
)
