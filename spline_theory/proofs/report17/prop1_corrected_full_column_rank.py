"""report17 Prop. 1 corrected: when :math:`A[x]` has full column rank D, the amplitude
:math:`A[x]x` and the regions (which fix :math:`A[x]`) give back the input,
:math:`x = A[x]^+(A[x]x)`.

Instances: dense, absolute value or leaky ReLU (no zero slope), dense, with widths
:math:`D \\le K \\le C`; an instance whose :math:`A[x]` is rank-deficient or ill-conditioned
(condition number above 100), or whose amplitude is swamped by the round-off of
:math:`z(x) - b[x]` (smallest singular value times :math:`|x|` below :math:`10^4\\varepsilon`
times the magnitude of the output's terms), is undecided.
"""

from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.proofs.report17.prop1_amplitude_and_regions_encode_the_input import reconstruct
from spline_theory.testing.strategies import injective_network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    x_hat, s = reconstruct(xp, net, x)
    if s.shape[1] < x.shape[1] or not bool(xp.all(s[:, -1] * 100 > s[:, 0])):
        return undecided("A[x]^+ (A[x] x) == x", "A[x] is rank-deficient or ill-conditioned (cond > 100): outside the assumption")
    # The amplitude z(x) - b[x] carries round-off eps * |terms of z|; divided by the smallest singular
    # value it must stay far below |x| (else b[x] swamps A[x]x and no float computation can recover x).
    eps = xp.finfo(x.dtype).eps
    terms = xp.max(net.term_magnitude(x), axis=1)
    if not bool(xp.all(s[:, -1] * xp.max(xp.abs(x), axis=1) > 1e4 * eps * terms)):
        return undecided("A[x]^+ (A[x] x) == x", "the amplitude A[x]x is below the round-off of z(x) - b[x]")
    scale = xp.max(xp.abs(x), axis=1, keepdims=True) * xp.ones_like(x)
    return close(xp, x_hat, x, relation="A[x]^+ (A[x] x) == x for A[x] of full column rank", scale=scale)


CLAIM = register(
    Claim(
        id="report17.prop1-corrected",
        title="Amplitude and regions determine the input when A[x] has full column rank",
        where="report17, Sec. 3.4, Prop. 1, with rank A[x] = D",
        statement=r"\operatorname{rank} A[x] = D \implies x = A[x]^+\,(A[x]x)",
        assumptions=(r"\operatorname{rank} A[x] = D", r"\operatorname{cond} A[x] \le 100 \text{ (decidable in float32)}"),
        check=check,
        cases=injective_network_instances(),
        arrays=("x",),
        corrects="report17.prop1",
        method="A[x], b[x] from Network.affine_map; the amplitude is the forward pass minus b[x]; x recovered from it "
        "by the pseudo-inverse of A[x] and compared with x; rank-deficient or ill-conditioned A[x] are undecided.",
    )
)
