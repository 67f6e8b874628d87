"""report17 Sec. 3.4, Prop. 1, as printed: the couple of amplitude and phase
:math:`(A[x]x, (\\Omega[x]^{(\\ell)})_{\\ell=1}^L)` "is enough to fully reconstruct an input".

Verdict: **fails**. The regions fix :math:`A[x]` (icml18 Thm. 1), so the couple determines x
only when :math:`A[x]` is injective. With fewer outputs than inputs, or units whose slope is 0,
it is not: Dense :math:`W = (1, 1)`, b = 0, then ReLU: x = (1, 0) and x' = (0, 1) have the same
region (the unit is on) and the same amplitude :math:`A[x]x = 1`; the reconstruction
:math:`A[x]^+A[x]x = (1/2, 1/2)` is neither. Corrected (``report17.prop1-corrected``): when
:math:`A[x]` has full column rank D, :math:`x = A[x]^+(A[x]x)`.

Reading: as printed ('enough to fully reconstruct an input'), for any network
of the library's layers; no hypothesis added.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.proofs.icml18._networks import matvec, net_and_x
from spline_theory.testing.strategies import network_instances


def derive():
    A = sp.Matrix([[1, 1]])
    x = sp.Matrix([1, 0])
    return [Step("A = (1, 1), x = (1, 0): A^+ A x = (1/2, 1/2) is not x", A.pinv() * A * x, x, relation="!=")]


def reconstruct(xp, net, x):
    """The input recovered from the amplitude A[x]x = z(x) - b[x] (forward pass minus the bias) and the region's A[x];
    and the singular values of A[x]."""
    A, b = net.affine_map(x)
    amplitude = net.forward(x) - b
    s = xp.linalg.svdvals(A)  # (N, min(C, D)), descending
    return matvec(xp.linalg.pinv(A), amplitude), s


def check(xp, inst):
    net, x = net_and_x(inst)
    x_hat, s = reconstruct(xp, net, x)
    scale = xp.max(xp.abs(x), axis=1, keepdims=True) * xp.ones_like(x)
    if s.shape[1] == x.shape[1]:  # C >= D: round-off of z - b divided by s_D (as in report17.prop1-corrected)
        terms = xp.max(net.term_magnitude(x), axis=1, keepdims=True)
        s_D = s[:, -1:]
        scale = scale + xp.where(s_D > 0, terms / xp.where(s_D > 0, s_D, xp.ones_like(s_D)), xp.zeros_like(s_D))
    return close(xp, x_hat, x, relation="A[x]^+ (A[x] x) == x (amplitude and regions give back the input)", scale=scale)


CLAIM = register(
    Claim(
        id="report17.prop1",
        title="Amplitude A[x]x and the regions of every layer determine the input (as printed: for every network)",
        where="report17, Sec. 3.4 (end of 3.4.2), Prop. 1",
        statement=r"x \text{ is determined by } \big(A[x]x, (\Omega[x]^{(\ell)})_{\ell=1}^{L}\big):\ x = A[x]^+\,(A[x]x)",
        assumptions=(r"\text{any network of the library's layers (as printed)}",),
        check=check,
        cases=network_instances(),
        arrays=("x",),
        per_input="x",
        expected="fails",
        kind="missing-hypothesis",
        derive=derive,
        counterexample={"net": {"input_shape": [2], "layers": [{"type": "Dense", "W": [[1.0, 1.0]], "b": [0.0]}, {"type": "ReLU"}]}, "x": [[1.0, 0.0]]},
        method="A[x], b[x] from Network.affine_map (fixed by the regions, icml18.thm1); the amplitude is the forward "
        "pass minus b[x]; the input is recovered from it by the pseudo-inverse of A[x] and compared with x.",
        notes="Two inputs with one encoding: x = (1, 0) and (0, 1) under ReLU((1, 1) x). report17.prop1-corrected "
        "adds the missing assumption rank A[x] = D.",
    )
)

__all__ = ["reconstruct"]
