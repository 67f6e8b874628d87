"""The time ranges of report17 Eq. (48)-(50) as printed, for :func:`spline_theory.network.stacked_rnn_path_sum`.

``stay(l, k_prev, k_next)`` lists the steps q (applied in increasing order) whose
factor :math:`A_\\sigma^{(l,q)}W_{rec}^{(l)}` a path collects in layer l after
entering it at ``k_prev`` and before moving up at ``k_next`` (``T`` for the last layer).
The exact unrolling is ``range(k_prev + 1, k_next + 1)``.
"""


def printed_stay(eq, T):
    """The ranges of Eq. (48), (49) or (50) as printed."""

    def stay(l, a, b):
        if l == 1:
            return range(a + 1, b)  # prod_{q=t+1}^{k_1-1}: stops one step short of k_1
        if l == 2 and eq in (49, 50):
            return range(a, b)  # prod_{q=k_1}^{k_2-1}
        if l == 3 and eq == 50:
            return range(a + 1, T + 1)  # prod_{q=T}^{k_2+1} inside layer 3
        return range(a + 1, b + 1)  # the last layer: prod_{q=T}^{k_{L-1}+1}, as it should be

    return stay


def cex(L):
    """Scalar stack, T = 2, x = (1, 0): W_rec^(1) = 2, every other W_rec = 0, every W_in / W_up = 1.

    Layer 1 holds (1, 2); each layer above copies it, so z^(L,T) = 2, while every printed
    formula drops the step A^(1,2) W_rec^(1) of the only surviving path and gives 1.
    """
    layers = [{"type": "ReLURNN", "W_x": [[1.0]], "W_h": [[2.0 if l == 0 else 0.0]], "b": [0.0], "T": 2, "eta": 0.0, "sequence": l < L - 1} for l in range(L)]
    return {"net": {"input_shape": [2, 1], "layers": layers}, "x": [[1.0, 0.0]]}


def derive_steps(L):
    """Exact: T = 2, slopes 1 (positive pre-activations), W_rec^(l) = 0 for l > 1, W_up = u."""
    import sympy as sp

    from spline_theory.claims import Step

    w, u, x1, x2 = sp.symbols("w u x1 x2")
    exact = u ** (L - 1) * (w * x1 + x2)  # z^(1,2) = w x1 + x2 carried up unchanged
    printed = u ** (L - 1) * (x1 + x2)  # the path (t=1, k=2,...) misses A^(1,2) W_rec^(1)
    return [Step(f"{L} layers, T = 2: the unrolled recursion differs from the printed path sum", exact, printed, relation="!=")]
