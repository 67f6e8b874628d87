"""slides, "Composition of MASOs": a fully connected operator followed by an activation is the MASO with
:math:`[A^{(\\ell)}]_{k,r,\\cdot} = W^{(\\ell)T}[A_\\sigma^{(\\ell)}]_{k,r,\\cdot}` and
:math:`[B^{(\\ell)}]_{k,r} = [B_\\sigma^{(\\ell)}]_{k,r} + b_W^{(\\ell)T}[A_\\sigma^{(\\ell)}]_{k,r,\\cdot}`.

``compose_affine_maso`` builds that MASO from the activation's MASO
(``Layer.maso``); it must reproduce the dense + activation layer.

Reading: as printed; the activations are the slides' ReLU, absolute value and
leaky ReLU max(nu u, u) with nu <= 1, where the library's leaky ReLU layer (t
for t > 0, nu t otherwise) coincides with it; no other hypothesis.
"""

from spline_theory.claims import Claim, close, register
from spline_theory.network import compose_affine_maso
from spline_theory.proofs.icml18._networks import ACTIVATIONS, net_and_x, require_layers
from spline_theory.maso import MASO
from spline_theory import backend as _backend
from spline_theory.testing.strategies import dense_relu_instances

from hypothesis import strategies as st


def _cases():
    def with_act(inst, act):
        spec = dict(inst["net"])
        spec["layers"] = [spec["layers"][0], act]
        return {**inst, "net": spec}

    acts = st.sampled_from([{"type": "ReLU"}, {"type": "Abs"}, {"type": "LeakyReLU", "eta": 0.1}, {"type": "LeakyReLU", "eta": 1.0}])
    return st.tuples(dense_relu_instances(), acts).map(lambda t: with_act(*t))


def check(xp, inst):
    net, x = net_and_x(inst)
    require_layers(net, "one fully connected layer followed by an activation (ReLU, absolute value, leaky ReLU)", ("Dense",), ACTIVATIONS)
    dense, act = net.layers
    S_sigma = act.maso()
    S_sigma = MASO(_backend.asarray(S_sigma.A, xp, x.dtype), _backend.asarray(S_sigma.B, xp, x.dtype))
    S = compose_affine_maso(S_sigma, dense.W, dense.b)
    return close(xp, S(x), net.forward(x), relation="S[W^T A_sigma, B_sigma + b_W^T A_sigma](x) == sigma(W x + b_W)", scale=net.term_magnitude(x))


CLAIM = register(
    Claim(
        id="slides.fc_activation_composition",
        title="Dense + activation is the MASO with slopes W^T A_sigma and offsets B_sigma + b^T A_sigma",
        where="slides, 'Composition of MASOs', example after the Proposition",
        statement=r"[A^{(\ell)}]_{k,r,\cdot} = W^{(\ell)T}[A_\sigma^{(\ell)}]_{k,r,\cdot},\qquad [B^{(\ell)}]_{k,r} = [B_\sigma^{(\ell)}]_{k,r} + b_W^{(\ell)T}[A_\sigma^{(\ell)}]_{k,r,\cdot}",
        assumptions=(r"\sigma \in \{\text{ReLU}, |\cdot|, \text{leaky ReLU with } 0 < \nu \le 1\}",),
        check=check,
        cases=_cases(),
        arrays=("x",),
        per_input="x",
        method="The composed MASO (compose_affine_maso of the activation's MASO with W, b) against the layer's forward pass.",
    )
)
