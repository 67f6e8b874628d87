"""icml18 Prop. 2, corrected: a convex piecewise-affine activation is a MASO with one region per piece.

Corrected statement: an elementwise activation
:math:`\\sigma(t) = \\max_{r=1..R} a_r t + b_r` (every convex piecewise-affine
scalar function has this form) is the MASO with R regions,
:math:`[A]_{k,r,\\cdot} = a_r e_k`, :math:`[B]_{k,r} = b_r`. ReLU, icml18's
leaky ReLU :math:`\\max(\\eta u, u)` (every :math:`\\eta > 0`) and absolute
value are the R = 2, B = 0 cases printed in Prop. 2.

Reading: icml18's definitions (Sec. 2), as in ``icml18.prop2``; the only
change is that R and B are those of the activation's own pieces. (With
report17's leaky ReLU, :math:`t` / :math:`\\eta t`, the R = 2 parameters
:math:`(\\eta, 1)` are right for :math:`\\eta \\le 1` only, and for
:math:`\\eta > 1` the activation is concave, hence no MASO; that reading is
report17's, not icml18's.)
"""

import sympy as sp

from spline_theory.claims import Claim, Step, close, register
from spline_theory.operators import activation_maso
from spline_theory.proofs._symbolic import inner
from spline_theory.proofs.icml18._activations import scale_of, sigma_of
from spline_theory.testing.strategies import activation_instances


def derive():
    # Unit k = 1 of S[A, B] on R^2 (the instance size: D = 2, R = 3 pieces), A_{1,r} = a_r e_1, B_{1,r} = b_r.
    x1, x2 = sp.symbols("x1 x2", real=True)
    a = sp.symbols("a1:4", real=True)
    b = sp.symbols("b1:4", real=True)
    x = sp.Matrix([x1, x2])
    e1 = sp.Matrix([1, 0])
    unit = sp.Max(*[sp.Add(inner(a[r] * e1, x), b[r], evaluate=False) for r in range(3)], evaluate=False)
    sigma = sp.Max(*[a[r] * x1 + b[r] for r in range(3)], evaluate=False)
    return [Step("D = 2, R = 3: unit 1 of S[A, B] with A_{1,r} = a_r e_1, B_{1,r} = b_r is sigma(x_1) = max_r a_r x_1 + b_r", unit, sigma)]


def check(xp, inst):
    z = inst["z"]
    D = z.shape[1]
    kind = inst["kind"]
    sigma = sigma_of(inst)
    if kind == "convex_pwl":
        S = sigma.maso(D, xp=xp, dtype=z.dtype)
        relation = "S[A, B](z) == sigma(z) with A_{k,r} = a_r e_k, B_{k,r} = b_r"
    else:
        S = activation_maso(kind, D, nu=inst.get("nu"), xp=xp, dtype=z.dtype)
        relation = f"S[A_sigma, 0](z) == {kind}(z) with the printed slopes (icml18's definitions)"
    return close(xp, S(z), sigma(z), relation=relation, scale=scale_of(xp, inst))


CLAIM = register(
    Claim(
        id="icml18.prop2-corrected",
        title="A convex piecewise-affine activation is a MASO with one region per affine piece",
        where="icml18, Sec. 4.1, Prop. 2 (corrected)",
        statement=r"\sigma(t) = \max_{r=1}^{R} a_r t + b_r \implies f_\sigma = S[A,B],\ [A]_{k,r,\cdot} = a_r e_k,\ [B]_{k,r} = b_r;\ \text{ReLU, abs, leaky ReLU}_\nu = \max(\nu u, u)\ (\nu > 0):\ R = 2,\ B = 0 \text{ with the printed slopes}",
        assumptions=(r"\sigma \text{ applied elementwise}", r"\text{leaky ReLU}_\nu(u) = \max(\nu u, u),\ \nu > 0 \text{ (icml18 Sec. 2)}"),
        check=check,
        cases=activation_instances(),
        arrays=("z",),
        derive=derive,
        corrects="icml18.prop2",
        method="Convex piecewise-affine sigma: the R-region MASO (PiecewiseAffineActivation.maso) against sigma; "
        "ReLU, absolute value and leaky ReLU max(nu t, t), nu in (0, 3]: the printed MASO against the activation.",
    )
)
