"""icml18 Prop. 2 as printed: any convex piecewise-affine activation is a MASO with R = 2, B = 0.

Prop. 2 reads: "Any activation operator using a piecewise affine and convex
activation function is a MASO with R = 2, :math:`[B]_{k,1} = [B]_{k,2} = 0`",
then gives the slopes for ReLU (0, :math:`e_k`), leaky ReLU
(:math:`\\nu e_k`, :math:`e_k`, "for all :math:`\\nu > 0`") and absolute value
(:math:`-e_k`, :math:`e_k`).

Reading: icml18's own definitions (Sec. 2): ReLU :math:`\\max(u, 0)`, leaky
ReLU :math:`\\max(\\eta u, u)` with :math:`\\eta > 0`, absolute value
:math:`|u|`; "any ... piecewise affine and convex activation" is read as a
universal statement over convex piecewise-affine scalar functions, and the
three parameter lists as exact equalities. No hypothesis added.

Verdict: **fails**, through the general clause. A MASO unit with R = 2 and
B = 0 is positively homogeneous, :math:`\\max(a_1 t, a_2 t)`, so a convex
piecewise-affine activation with an offset or with more than two pieces has
no such MASO: :math:`\\sigma(t) = \\max(0, t - 1)` gives
:math:`\\sigma(2) = 1` but every R = 2, B = 0 candidate gives
:math:`2\\sigma(1) = 0`. The three printed parameter lists are right: with
icml18's leaky ReLU :math:`\\max(\\eta u, u)` the slopes
:math:`(\\nu e_k, e_k)` reproduce it for every :math:`\\nu > 0`. (report17
defines the leaky ReLU differently, :math:`t` for :math:`t > 0` and
:math:`\\eta t` otherwise; with that definition the printed slopes would
be wrong for :math:`\\nu > 1`, but icml18 does not use it.) The corrected
statement is ``icml18.prop2-corrected``.
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import activation_maso, two_region_maso
from spline_theory.proofs.icml18._activations import scale_of, sigma_of
from spline_theory.testing.strategies import activation_instances


def derive():
    t = sp.Symbol("t", real=True)
    relu = sp.Piecewise((t, t > 0), (0, True))
    shifted = lambda v: sp.Max(0, v - 1, evaluate=False)  # noqa: E731  a convex piecewise-affine activation with an offset
    return [
        Step("ReLU: max(0 t, 1 t) is the ReLU", sp.Max(0 * t, t, evaluate=False), relu),
        Step("Absolute value: max(-t, t) = |t|", sp.Max(-t, t, evaluate=False), sp.Abs(t)),
        Step("sigma(t) = max(0, t - 1) is not positively homogeneous: sigma(2) differs from 2 sigma(1), "
             "so no MASO with R = 2 and B = 0 equals it", shifted(sp.Integer(2)), 2 * shifted(sp.Integer(1)), relation="!="),
    ]


def check(xp, inst):
    z = inst["z"]
    D = z.shape[1]
    sigma = sigma_of(inst)
    if inst["kind"] == "convex_pwl":
        S = two_region_maso(sigma, D, xp=xp, dtype=z.dtype)
        relation = "S[A, 0](z) == sigma(z) for the only R = 2, B = 0 candidate (slopes -sigma(-1), sigma(1))"
    else:
        S = activation_maso(inst["kind"], D, nu=inst.get("nu"), xp=xp, dtype=z.dtype)
        relation = f"S[A_sigma, 0](z) == {inst['kind']}(z) with the printed slopes (icml18's definitions)"
    return close(xp, S(z), sigma(z), relation=relation, scale=scale_of(xp, inst))


CLAIM = register(
    Claim(
        id="icml18.prop2",
        title="Any convex piecewise-affine activation is a MASO with R = 2 and B = 0 (as printed)",
        where="icml18, Sec. 4.1, Prop. 2",
        statement=r"\sigma \text{ piecewise affine and convex} \implies f_\sigma = S[A_\sigma, B_\sigma],\ R = 2,\ [B_\sigma]_{k,1} = [B_\sigma]_{k,2} = 0;\ \text{ReLU: } A_{k,1} = 0, A_{k,2} = e_k;\ \text{leaky ReLU: } A_{k,1} = \nu e_k, A_{k,2} = e_k\ \forall \nu > 0;\ \text{abs: } A_{k,1} = -e_k, A_{k,2} = e_k",
        assumptions=(r"\sigma \text{ applied elementwise}", r"\text{leaky ReLU}_\nu(u) = \max(\nu u, u),\ \nu > 0 \text{ (icml18 Sec. 2)}"),
        check=check,
        cases=activation_instances(),
        arrays=("z",),
        expected="fails",
        kind="error",
        derive=derive,
        counterexample={"kind": "convex_pwl", "slopes": [0.0, 1.0], "offsets": [0.0, -1.0], "z": [[2.0]]},
        method="ReLU, leaky ReLU (nu in (0, 3]) and absolute value: the MASO with the printed slopes "
        "(activation_maso) against the activation. Any other convex piecewise-affine sigma: the only R = 2, "
        "B = 0 MASO that can match it on the axes (two_region_maso, slopes -sigma(-1) and sigma(1)) against sigma.",
        notes="One error: the general clause (R = 2, B = 0 for any convex piecewise-affine activation) is false for "
        "activations with an offset or more than two pieces. The ReLU, leaky ReLU (icml18's max(eta u, u), every "
        "eta > 0) and absolute-value parameters are right. report17 defines the leaky ReLU as t / eta t, for which "
        "the printed slopes would be right only for eta <= 1. See icml18.prop2-corrected.",
    )
)
