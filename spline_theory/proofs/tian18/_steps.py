"""Run the centered three-level network of a tian18_steps_instances() instance (shared by the separability-over-steps claims)."""

import numpy as np

from spline_theory.claims import close
from spline_theory.disentanglement import block_separability_gap, centered_training, disentangled_activation, merged_sets, separability_gap, tensor_product, tensor_product_transition
from spline_theory.proofs.tian18._disentangle import host

STEPS = 3


def _blocks(flat, sets):
    out, i = [], 0
    for S in sets:
        size = 2 * 2 ** len(S)
        out.append(flat[i : i + size].reshape(2, 2 ** len(S)))
        i += size
    return out


def run(inst, steps=STEPS):
    """The output of centered_training on the instance (both layers trained)."""
    sets_b, sets_g = inst["sets_b"], inst["sets_g"]
    P_upper = tensor_product_transition(_blocks(host(inst["blocks_b"]), sets_b), sets_b, inst["n_b"])
    P_lower = tensor_product_transition(_blocks(host(inst["blocks_g"]), sets_g), sets_g, inst["n_g"])
    p = host(inst["p"])
    p_top = tensor_product(list(p))
    return centered_training(P_lower, P_upper, disentangled_activation(host(inst["f_g"])), host(inst["W_l"]), host(inst["W_u"]), disentangled_activation(host(inst["y"])), p_top, lr=float(inst["lr"]), steps=steps)


def gate_ties(out, eps):
    """Whether some ReLU gate was decided by a pre-activation within round-off of 0 (and not exactly 0).

    A centered pre-activation that is 0 in exact arithmetic (a constant column) comes out as +-1e-8 in
    float32 and opens or closes its gate by the rounding: the run is then not evidence either way.
    ``eps``: the machine epsilon of the run's dtype.
    """
    for layer in ("beta", "alpha"):
        for Z, scale in zip(out[f"Z_{layer}"], out[f"Z_scale_{layer}"]):
            a = np.abs(Z)
            if np.any((a > 0) & (a <= 64 * eps * scale)):
                return True
    return False


def _scale(inst, out, layer):
    # an off-block entry is a sum of lr * (products that cancel), so round-off scales with the terms that built the weights
    return float(np.max(np.abs(out[f"W_{layer}"][0]))) + float(inst["lr"]) * sum(float(np.max(np.abs(d))) for d in out[f"dW_{layer}"])


def gap_evidence(xp, inst, out, layer, gap, text):
    """``gap(W) == 0`` after every step for the weights of ``layer`` ("upper" or "lower")."""
    dtype = xp.asarray(inst["W_u"]).dtype
    Ws = out[f"W_{layer}"]
    return [close(xp, xp.asarray(gap(Ws[t]), dtype=dtype), xp.asarray(0.0, dtype=dtype), relation=f"{text} after step {t}", scale=_scale(inst, out, layer)) for t in range(1, len(Ws))]


def separable_upper(xp, inst, out):
    return gap_evidence(xp, inst, out, "upper", lambda W: separability_gap(W, inst["sets_b"]), "W_upper separable w.r.t. S^ab (largest off-block entry == 0)")


def separable_lower(xp, inst, out):
    return gap_evidence(xp, inst, out, "lower", lambda W: separability_gap(W, inst["sets_g"]), "W_lower separable w.r.t. S^bg (largest off-block entry == 0)")


def block_separable_lower(xp, inst, out):
    allowed = merged_sets(inst["sets_g"], inst["sets_b"], inst["n_g"])
    return gap_evidence(xp, inst, out, "lower", lambda W: block_separability_gap(W, allowed), "W_lower zero outside the merged sets of each top factor")
