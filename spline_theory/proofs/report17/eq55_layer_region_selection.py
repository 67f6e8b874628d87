"""report17 Sec. 3.4.2, Thm. 4, Eq. (55) as printed:
:math:`S_\\sigma(Wx + b) = A_{\\sigma,r^*}x + b_{\\sigma,r^*}` with
:math:`r^* = \\arg\\max_r \\langle A_r(Wx + b) + b_r, \\mathbf 1\\rangle`.

Verdict: **fails**. The selected slope acts on the activation's input
:math:`Wx + b`, not on x: the layer is :math:`A_{\\sigma,r^*}(Wx+b) + b_{\\sigma,r^*}`
(equivalently :math:`A_{\\sigma,r^*}W x + A_{\\sigma,r^*}b + b_{\\sigma,r^*}`).
Counterexample: ReLU after :math:`W = 2`, :math:`b = 0` at :math:`x = 1`: the layer
outputs 2, the printed right-hand side 1. When W is not square the printed
product is not even defined. Corrected: ``report17.eq55-corrected``.

Reading: as printed, for Thm. 4's convex activations (report17's leaky ReLU
with 0 < eta <= 1 is convex); arg-max decided only beyond round-off.
"""

import math

import sympy as sp

from spline_theory.claims import Claim, Evidence, Step, close, default_rtol, register, undecided
from spline_theory.network import region_by_output_sum
from spline_theory.proofs.icml18._networks import ACTIVATIONS, net_and_x, require_layers
from spline_theory.proofs.slides.fc_activation_composition import _cases
from spline_theory import backend as _backend
from spline_theory.maso import MASO


def derive():
    x = sp.Integer(1)
    return [Step("ReLU(2x) at x = 1 is 2; the printed A_r* x + b_r* is 1 * x = 1", sp.Max(0, 2 * x), 1 * x, relation="!=")]


TIE = "the output sums of two configurations with different outputs differ by less than round-off: the arg-max does not decide r*"


def decided_selection(xp, S, u):
    """``(A_r, b_r, keep)``: the piece of ``region_by_output_sum`` at each row of ``u`` and the indices of the rows where the sum decides it.

    A selection made by a gap below the round-off of the sums (``gap <= rtol * scale``) is not decided by the
    statement: another configuration, with a different output, is as good within round-off.
    """
    A_r, b_r, gap, scale = region_by_output_sum(S, u, return_gap=True)
    keep = [i for i, ok in enumerate(_backend.to_numpy(gap > default_rtol(u.dtype) * scale).tolist()) if ok]
    return A_r, b_r, keep


def selected(xp, net, x):
    """x, u = Wx + b and the piece of the activation MASO selected by Eq. (55), restricted to the inputs where the selection is decided."""
    require_layers(net, "one layer sigma(W x + b): a Dense operator followed by a convex activation (ReLU, leaky ReLU, absolute value)", ("Dense",), ACTIVATIONS)
    dense, act = net.layers
    u = dense.forward(x)
    S = act.maso()
    S = MASO(_backend.asarray(S.A, xp, x.dtype), _backend.asarray(S.B, xp, x.dtype))
    A_r, b_r, keep = decided_selection(xp, S, u)
    if len(keep) < x.shape[0]:
        idx = xp.asarray(keep, dtype=xp.int64)
        x, u, A_r, b_r = (xp.take(v, idx, axis=0) for v in (x, u, A_r, b_r))
    return x, u, A_r, b_r


def check(xp, inst):
    net, x = net_and_x(inst)
    x, _, A_r, b_r = selected(xp, net, x)
    relation = "S_sigma(Wx + b) == A_sigma,r* x + b_sigma,r* (Eq. 55 as printed)"
    if x.shape[0] == 0:
        return undecided(relation, TIE)
    if A_r.shape[2] != x.shape[1]:
        return Evidence(relation, "fails", math.inf, 0.0, tuple(A_r.shape[1:]), tuple(x.shape[1:]),
                        f"A_sigma,r* is {A_r.shape[1]} x {A_r.shape[2]} but x has {x.shape[1]} entries: the printed product is undefined")
    return close(xp, (A_r @ x[:, :, None])[..., 0] + b_r, net.forward(x), relation=relation, scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="report17.eq55",
        title="A convex layer is A_sigma,r* x + b_sigma,r* with r* maximizing the output sum (as printed: W missing)",
        where="report17, Sec. 3.4.2, Thm. 4, Eq. (55)",
        statement=r"S_\sigma(Wx + b) = A_{\sigma,r^*}x + b_{\sigma,r^*},\quad r^* = \arg\max_{r=1,\dots,R_\sigma^S}\langle A_r(Wx + b) + b_r, \mathbf 1\rangle",
        assumptions=(r"\sigma \text{ convex: ReLU, leaky ReLU } (0 < \eta \le 1), \text{ absolute value}",),
        check=check,
        cases=_cases(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="typo",
        derive=derive,
        counterexample={"net": {"input_shape": [1], "layers": [{"type": "Dense", "W": [[2.0]], "b": [0.0]}, {"type": "ReLU"}]}, "x": [[1.0]]},
        method="The activation's MASO piece maximizing the output sum at Wx + b (region_by_output_sum), applied to x as printed, "
        "against the layer output.",
        notes="The slope must multiply Wx + b; see report17.eq55-corrected.",
    )
)
