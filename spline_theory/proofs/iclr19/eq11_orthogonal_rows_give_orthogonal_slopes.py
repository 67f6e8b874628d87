"""iclr19 Eq. (11): orthogonal rows of a fully connected layer give slopes orthogonal across units.

Sec. 5 calls MASO slopes orthogonal when
:math:`\\langle [A]_{k,r,\\cdot}, [A]_{k',r',\\cdot}\\rangle = 0` for all
:math:`k \\ne k'` and all :math:`r, r'` (Eq. (11)), and states that "orthogonality
is achieved in a fully connected layer ... composed with activation ... when
the rows of :math:`W^{(\\ell)}` are orthogonal". Checked for ReLU, absolute
value and leaky ReLU (slopes :math:`c_r [W]_{k,\\cdot}`) on weights made
orthogonal by Gram-Schmidt and rescaled row by row.

Reading: as printed for a fully connected layer 'composed with activation or
pooling': activations max_r c_r u, whose slopes are c_r W_k; linearly
independent rows drawn inside the hypothesis (orthogonal rows).
"""

from spline_theory.claims import Claim, equal, register, undecided
from spline_theory.factorial import dense_activation_maso, gram_schmidt, is_orthogonal_slopes
from spline_theory.testing.strategies import orthogonal_weight_instances


def independent_rows(inst):
    """The search draws W with linearly independent rows (the hypothesis); others are redrawn."""
    try:
        gram_schmidt(inst["W"])
    except ValueError:
        return False
    return True


def check(xp, inst):
    try:
        Q = gram_schmidt(inst["W"])
    except ValueError as exc:
        return undecided("rows of W orthogonalized", f"W has (numerically) dependent rows: {exc}")
    W = Q * inst["scales"][:, None]
    S = dense_activation_maso(W, inst["b"], inst["slope_scales"])
    ok = is_orthogonal_slopes(S.A)
    return equal(xp, xp.asarray(ok), xp.asarray(True), relation="<A[k, r], A[k', r']> == 0 for all k != k', r, r' (Eq. 11)")


CLAIM = register(
    Claim(
        id="iclr19.eq11",
        title="A fully connected layer with orthogonal rows has slopes orthogonal across units (Eq. 11)",
        where="iclr19, Sec. 5, Eq. (11) and the paragraph after it",
        statement=r"W W^\top \text{ diagonal} \implies \langle [A]_{k,r,\cdot}, [A]_{k',r',\cdot}\rangle = 0\ \ \forall k \ne k'\ \forall r, r' \quad (A \text{ of } \sigma \circ W)",
        assumptions=(r"\sigma(u) = \max_r c_r u \text{ elementwise (ReLU, absolute value, leaky ReLU)}", r"[A]_{k,r,\cdot} = c_r [W]_{k,\cdot}"),
        check=check,
        cases=orthogonal_weight_instances().filter(independent_rows),
        arrays=("W", "b", "scales"),
        method="Orthogonalizes a random W (gram_schmidt), rescales its rows, builds the MASO of activation o dense "
        "(dense_activation_maso) and tests Eq. (11) on its slopes (is_orthogonal_slopes, relative tolerance 4 sqrt(eps)).",
        notes="The convolutional case (non-overlapping or 'properly apodized' rows) is App. B: iclr19.appB.*.",
    )
)
