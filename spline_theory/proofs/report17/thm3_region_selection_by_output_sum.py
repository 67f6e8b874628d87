"""report17 Sec. 3.4.1, Thm. 3 (Eq. (53)-(54)): for a spline operator whose K splines are convex (a MASO),
the output is the affine piece :math:`\\phi^*_r(x) = A_rx + b_r` that maximizes the *sum* of the outputs,
:math:`r^* = \\arg\\max_r \\langle A_rx + b_r, \\mathbf 1\\rangle` over all :math:`R^K` region configurations.

``region_by_output_sum`` enumerates the configurations and returns the
maximizing piece; it must reproduce the MASO (the units are independent, so
maximizing the sum maximizes every unit). Inputs where two configurations with
different outputs tie within the round-off of the sums are undecided.

Reading: as printed, every spline of the operator convex (a MASO); the arg-max
of the output sum decided beyond round-off.
"""

from spline_theory import MASO
from spline_theory.claims import Claim, close, register, undecided
from spline_theory.proofs.report17.eq55_layer_region_selection import TIE, decided_selection
from spline_theory.testing.strategies import maso_instances


def check(xp, inst):
    S = MASO(inst["A"], inst["B"])
    x = inst["x"]
    A_r, b_r, keep = decided_selection(xp, S, x)
    if not keep:
        return undecided("phi*_r(x) == S[A, B](x)", TIE)
    if len(keep) < x.shape[0]:
        idx = xp.asarray(keep, dtype=xp.int64)
        x, A_r, b_r = (xp.take(v, idx, axis=0) for v in (x, A_r, b_r))
    phi = (A_r @ x[:, :, None])[..., 0] + b_r
    scale = xp.max(xp.abs(S.pre_activations(x)), axis=2) + 1.0
    return close(xp, phi, S(x), relation="phi*_r(x) with r* = argmax <A_r x + b_r, 1> == S[A, B](x)", scale=scale)


CLAIM = register(
    Claim(
        id="report17.thm3",
        title="A convex spline operator selects its region by maximizing the sum of its outputs",
        where="report17, Sec. 3.4.1, Thm. 3, Eq. (53)-(54)",
        statement=r"S[\mathbf{A}, \mathbf{b}, \Omega^S](x) = \phi^{S*}(x),\quad \phi^{S*} = \arg\max_{\phi^S \in \Phi^S}\langle \phi^S(x), \mathbf 1\rangle,\ \phi^S_r(x) = A_rx + b_r",
        assumptions=(r"\text{every } s[\mathbf a_k, \mathbf b_k, \Omega_k] \text{ convex (max-affine)}",),
        check=check,
        cases=maso_instances(max_K=3, max_R=3, max_D=3),
        arrays=("A", "B", "x"),
        method="All R^K region configurations enumerated (region_by_output_sum); the piece with the largest output sum against the MASO output.",
    )
)
