"""Helpers shared by the SymPy derivations of the claim files."""

from __future__ import annotations

import sympy as sp


def winner_first(n: int, name: str = "u") -> tuple[list[sp.Expr], sp.Symbol]:
    r"""Values :math:`u_1, u_1 - d_2, \dots, u_1 - d_n` with :math:`d_j \ge 0`.

    Every ordering of ``n`` reals in which entry 1 is a maximum has this form,
    so an identity proved for it holds whenever region 1 wins the arg-max (and
    for any other winner by relabelling).
    """
    top = sp.Symbol(f"{name}_1", real=True)
    gaps = [sp.Symbol(f"d_{j}", nonnegative=True) for j in range(2, n + 1)]
    return [top] + [top - g for g in gaps], top


def inner(a, b) -> sp.Expr:
    """:math:`\\langle a, b\\rangle` left unevaluated (a sum of products as written), so a derivation step shows the relation before SymPy reduces it."""
    return sp.Add(*[sp.Mul(ai, bi, evaluate=False) for ai, bi in zip(list(a), list(b))], evaluate=False)


def matvec(M, v) -> sp.Matrix:
    """:math:`Mv` row by row with every row an unevaluated :func:`inner` product."""
    return sp.Matrix([inner(M[i, :], v) for i in range(M.shape[0])])
