"""Unpack a disentangle_instances() child (shared by the tian18 Sec. 5.2 / App. 8.7 claims)."""

import numpy as np

from spline_theory import backend


def host(v):
    """A host NumPy copy (the dtype under test kept)."""
    return backend.to_numpy(v) if hasattr(v, "shape") else np.asarray(v)


def child(inst, c):
    """(blocks, sets, n_b, f, W) of child c: the flat blocks split by the sizes of the sets."""
    sets, n_b = inst[f"sets{c}"], inst[f"n_b{c}"]
    flat, blocks, i = host(inst[f"b{c}"]), [], 0
    for S in sets:
        size = 2 * 2 ** len(S)
        blocks.append(flat[i : i + size].reshape(2, 2 ** len(S)))
        i += size
    return blocks, sets, n_b, host(inst[f"f{c}"]), host(inst[f"W{c}"])
