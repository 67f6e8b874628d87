"""icml18 Prop. 4: a layer (affine operators followed by one activation or pooling operator) is a MASO.

The layers of icml18 Def. 1 are the groups of ``Network.groups``; the MASO
of each is built by ``Network.group_maso`` (:math:`[A]_{k,r} = W^T[A_\\sigma]_{k,r}`,
:math:`[B]_{k,r} = [B_\\sigma]_{k,r} + b^T[A_\\sigma]_{k,r}`). The check compares
it with the layer's own forward pass and with :math:`A^{(\\ell)}[x] z + B^{(\\ell)}[x]`
(Eq. (6)). The activations are those of Props. 2-3 (convex: ReLU, absolute
value, leaky ReLU with eta <= 1, max pooling, maxout).

Reading: as printed, with the activations and poolings of Props. 2-3 (ReLU,
absolute value, leaky ReLU with eta <= 1 where the library's layer equals
icml18's, max and average pooling).
"""

from spline_theory.claims import Claim, close, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    maps = net.feature_maps(x)
    ev = []
    for g, (s, e) in enumerate(net.groups()):
        S = net.group_maso(g)
        z_in = maps[s]
        sub = net.subnetwork(s, e)
        A_x, B_x = S.affine_at(z_in)
        scale = sub.term_magnitude(z_in)
        ev.append(close(xp, S(z_in), maps[e], relation=f"S[A^(l), B^(l)](z) == f^(l)(z) for layer {g}", scale=scale))
        ev.append(close(xp, (A_x @ z_in[:, :, None])[..., 0] + B_x, maps[e], relation=f"A^(l)[x] z + B^(l)[x] == f^(l)(z) for layer {g} (Eq. 6)", scale=scale))
    return ev


CLAIM = register(
    Claim(
        id="icml18.prop4",
        title="A layer of affine operators followed by one activation or pooling operator is a MASO",
        where="icml18, Sec. 4.1, Prop. 4, Eq. (6)",
        statement=r"f^{(\ell)} = S[A^{(\ell)}, B^{(\ell)}],\qquad f^{(\ell)}(z^{(\ell-1)}(x)) = A^{(\ell)}[x]\, z^{(\ell-1)}(x) + B^{(\ell)}[x]",
        assumptions=(r"\text{activation / pooling of the types of Props. 2-3 (convex, piecewise affine)}",),
        check=check,
        cases=network_instances(kinds=("mlp", "cnn", "maxout", "bn_pool"), max_eta=1.0),
        arrays=("x",),
        per_input="x",
        method="For every layer (group of operators) the MASO built from the affine part and the nonlinear operator's MASO "
        "is evaluated on the layer input and compared with the layer's forward pass, directly and through A[x] z + B[x].",
    )
)
