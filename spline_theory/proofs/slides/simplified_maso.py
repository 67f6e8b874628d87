"""slides, "Simplified Max-Affine Spline Operators": with one bias :math:`\\beta'` shared by all units,
:math:`S'[A,\\beta'](x)_k = \\max_r \\langle [A]_{k,r,\\cdot}, x + \\beta'\\rangle` still models
ReLU, leaky ReLU and absolute value layers with linearly independent filters.

Reading: a dense layer :math:`Wx + b` with linearly independent rows followed
by one of these activations equals :math:`S'[A,\\beta']` with
:math:`[A]_{k,r} = W^T[A_\\sigma]_{k,r}` and :math:`\\beta'` solving
:math:`W\\beta' = b` (it exists because W has full row rank).
``shared_bias_maso`` computes both. The search draws filters inside the
hypothesis (K <= D independent rows, condition number <= 4); a caller's
instance with dependent or ill-conditioned filters (condition number > 100) is
outside the statement (inconclusive).
"""

from hypothesis import strategies as st

from spline_theory import backend as _backend
from spline_theory.claims import Claim, close, register, undecided
from spline_theory.maso import MASO
from spline_theory.network import shared_bias_maso, shared_bias_maso_output
from spline_theory.proofs.icml18._networks import ACTIVATIONS, net_and_x, require_layers
from spline_theory.testing.strategies import dense_relu_instances


def _cases():
    def with_act(inst, act):
        spec = dict(inst["net"])
        spec["layers"] = [spec["layers"][0], act]
        return {**inst, "net": spec}

    acts = st.sampled_from([{"type": "ReLU"}, {"type": "Abs"}, {"type": "LeakyReLU", "eta": 0.2}])
    return st.tuples(dense_relu_instances(independent_rows=True), acts).map(lambda t: with_act(*t))


def check(xp, inst):
    net, x = net_and_x(inst)
    require_layers(net, "one fully connected layer followed by an activation (ReLU, absolute value, leaky ReLU)", ("Dense",), ACTIVATIONS)
    dense, act = net.layers
    W, b = dense.W, dense.b
    K, D = W.shape
    if K > D:
        return undecided("S' == layer", "more filters than input dimensions: the filters are linearly dependent")
    s = xp.linalg.svdvals(W)
    if float(xp.min(s)) <= 1e-2 * float(xp.max(s)):
        return undecided("S' == layer", "filters nearly linearly dependent (condition number > 100)")
    S = act.maso()
    S = MASO(_backend.asarray(S.A, xp, x.dtype), _backend.asarray(S.B, xp, x.dtype))
    A, beta = shared_bias_maso(S, W, b)
    cond = float(xp.max(s) / xp.min(s))
    # round-off scale: the terms of both sides, |W||x| + |b| and |A_kr||x + beta'| (beta' solves W beta' = b: times cond)
    shared = xp.max(xp.abs(A) @ xp.matrix_transpose(xp.abs(x + beta)), axis=1)  # (K, N)
    scale = xp.maximum(net.term_magnitude(x), xp.matrix_transpose(shared)) * cond
    return close(xp, shared_bias_maso_output(A, beta, x), net.forward(x), relation="max_r <A_kr, x + beta'> == sigma(W x + b)", scale=scale)


CLAIM = register(
    Claim(
        id="slides.simplified_maso",
        title="A MASO with one shared bias models ReLU / leaky ReLU / abs layers with linearly independent filters",
        where="slides, 'Simplified Max-Affine Spline Operators'",
        statement=r"S'[A,\beta'](x) = \Big[\max_{r} \langle [A]_{k,r,\cdot}, x + \beta'\rangle\Big]_{k=1}^K \text{ models } \sigma(Wx + b) \text{ for ReLU, leaky ReLU, abs and linearly independent filters}",
        assumptions=(r"\text{rows of } W \text{ linearly independent}",),
        check=check,
        cases=_cases(),
        arrays=("x",),
        per_input="x",
        method="A = W^T A_sigma and beta' = pinv(W) b (shared_bias_maso); S'(x) against the layer's forward pass. The round-off scale "
        "includes the condition number of W (beta' solves a linear system).",
    )
)
