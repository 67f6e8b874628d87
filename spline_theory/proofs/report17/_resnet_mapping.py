"""Shared check of report17's ResNet mappings (the display after Eq. (46), Eq. (47), Eq. (75)): printed, or with W^(L) on the bias sum."""

import math

import sympy as sp

from spline_theory.claims import Evidence, Step, close
from spline_theory.proofs.report17._closed_forms import bias_sum, matvec, net_and_x, resnet_blocks, template


def mapping_check(*, with_W: bool, label: str):
    """The check of a ResNet closed form: ``W^(L) prod(A_theta) x + [W^(L)] sum(...) b_theta + b^(L)`` against the forward pass."""
    relation = f"{label} == z_RES(x)"

    def check(xp, inst):
        net, x = net_and_x(inst)
        blocks, (W, bL) = resnet_blocks(xp, net, x)
        S = bias_sum(xp, blocks)
        if with_W:
            S = matvec(W, S)
        elif S.shape[1] != bL.shape[1]:
            note = f"the printed sum is undefined: the bias sum has {S.shape[1]} entries (the last block's output), b^(L) has {bL.shape[1]} (the classes)"
            return Evidence(relation, "fails", math.inf, 0.0, (S.shape[1],), (bL.shape[1],), note)
        z = matvec(W @ template(xp, blocks), x) + S + bL
        return close(xp, z, net.forward(x), relation=relation, scale=net.term_magnitude(x))

    return check


def derive_missing_W(*, pooled: bool):
    """One block then the classifier: the forward recursion against the printed form (which differs) and the corrected one (equal)."""
    W, Ar, M, C_out = sp.symbols("W A_rho M C_out", commutative=False)  # M = A_sigma,in C_in
    x, bi, bo, bL = sp.symbols("x beta_in b_out b_L", commutative=False)  # beta_in = A_sigma,in b_in
    P = Ar if pooled else sp.Integer(1)
    forward = W * (P * (M * x + bi + C_out * x + bo)) + bL
    slope = W * P * (M + C_out) * x
    bias = P * bi + P * bo
    return [
        Step("one residual block then the classifier: the forward pass differs from the printed form, whose bias lacks W^(L)",
             forward, slope + bias + bL, relation="!="),
        Step("with W^(L) on the bias sum the forward pass is reproduced", forward, slope + W * bias + bL),
    ]
