"""icml18 Eq. (14): the region code of unit k of layer l is the arg-max region of the layer's MASO,
:math:`[t^{(\\ell)}(x)]_k = \\arg\\max_r \\langle [A^{(\\ell)}]_{k,r,\\cdot}, z^{(\\ell-1)}(x)\\rangle + [B^{(\\ell)}]_{k,r}`.

``Network.region_codes`` reads the codes off the nonlinear operators during
the forward pass (bit-packed for two-region units; unpacked here); the check
recomputes the arg-max from the layer MASO of Prop. 4 on the layer input.
Units whose two best regions are within round-off of each other (an input on
a region boundary) are excluded: their arg-max is a tie the dtype cannot
resolve.

Reading: as printed; a tie between regions (a set of measure zero the paper
does not discuss) goes to the lowest region, the library's convention, named in
the assumptions.
"""

from spline_theory.claims import Claim, default_rtol, equal, register
from spline_theory.network import unpack_codes
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    maps = net.feature_maps(x)
    packed = net.region_codes(x)
    info = net.code_layers()
    groups = net.groups()
    ev = []
    for codes, (op, name, K, R) in zip(packed, info):
        codes = unpack_codes(codes, K) if R == 2 else codes
        g = next(i for i, (s, e) in enumerate(groups) if s <= op < e)
        S = net.group_maso(g)
        z_in = maps[groups[g][0]]
        u = S.pre_activations(z_in)  # (N, K, R)
        ref = xp.argmax(u, axis=2)
        top = xp.max(u, axis=2)
        second = xp.max(xp.where(xp.arange(S.R)[None, None, :] == ref[:, :, None], xp.full(u.shape, -xp.inf, dtype=u.dtype), u), axis=2) if S.R > 1 else top - xp.inf
        tol = default_rtol(u.dtype) * (xp.max(xp.abs(u)) + 1.0)
        tie = (top - second) <= tol
        ev.append(equal(xp, xp.where(tie, ref, codes), ref, relation=f"t^(l)(x)_k == argmax_r <A_kr, z^(l-1)> + B_kr for {name} (layers[{op}])",
                        note=f"{int(xp.sum(xp.astype(tie, xp.int64)))} unit(s) on a region boundary excluded"))
    return ev


CLAIM = register(
    Claim(
        id="icml18.eq14",
        title="Region codes are the arg-max regions of each layer's MASO",
        where="icml18, Sec. 7.2, Eq. (14)",
        statement=r"[t^{(\ell)}(x)]_k = \arg\max_r \langle [A^{(\ell)}]_{k,r,\cdot}, z^{(\ell-1)}(x)\rangle + [B^{(\ell)}]_{k,r}",
        assumptions=(r"\text{regions numbered from 0, ties to the lowest region}",),
        check=check,
        cases=network_instances(kinds=("mlp", "cnn", "maxout", "bn_pool"), max_eta=1.0),
        arrays=("x",),
        per_input="x",
        method="Codes from Network.region_codes (unpacked) against the arg-max of the layer MASO (Network.group_maso) on the layer input, "
        "excluding ties within round-off.",
    )
)
