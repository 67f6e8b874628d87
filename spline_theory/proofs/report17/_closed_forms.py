"""The closed forms of report17 Sec. 3.3.2-3.3.3 (DCN and ResNet mappings), term by term, from the library's per-operator factors.

A *block* is the pair :math:`(A_{\\theta^{(\\ell)}}, b_{\\theta^{(\\ell)}})` written the
report's way: for a DCN block :math:`A_\\rho A_\\sigma C` and
:math:`A_\\rho A_\\sigma b + A_\\rho b_\\sigma + b_\\rho` (Eq. (41)-(42)); for a residual
block with pooling :math:`A_\\rho(A_{\\sigma,in}C_{in} + C_{out})` and
:math:`A_\\rho A_{\\sigma,in}b_{in} + A_\\rho b_{out} + A_\\rho b_{\\sigma,in} + b_\\rho`
(Eq. (44), (46); ReLU has :math:`b_{\\sigma,in} = 0`). The factors themselves
(:math:`C, b, A_\\sigma[x], b_\\sigma[x], A_\\rho[x], b_\\rho[x]`, the skip :math:`C_{out}, b_{out}`,
the classifier :math:`W^{(L)}, b^{(L)}`) come from ``Network.layer_factors`` and
``Layer.matrix``; the sums and products are those printed.
"""

from spline_theory.proofs.icml18._networks import matvec, net_and_x, require_layers

_ACTS = ("ReLU", "Abs", "LeakyReLU", "Hardtanh")
_POOLS = ("MaxPool", "AvgPool")


def dcn_blocks(net, x):
    """Blocks ``rho(sigma(C z + b))`` of Eq. (40): a list of dicts with the factors and ``A_theta``, ``b_theta`` (Eq. (41)-(42)), and the classifier (W, b) or None."""
    names = [type(lay).__name__ for lay in net.layers]
    body = names[:-2] if names[-2:] == ["Flatten", "Dense"] else names
    if len(body) % 3 or not all(body[i] == "Conv2d" and body[i + 1] in _ACTS and body[i + 2] in _POOLS for i in range(0, len(body), 3)):
        raise ValueError("the statement is made for blocks convolution -> activation -> pooling (report17 Eq. (40)), "
                         f"optionally followed by flatten and a dense classifier; the network given has the layers [{', '.join(names)}]")
    f = net.layer_factors(x)
    blocks = []
    for i in range(0, len(body), 3):
        (C, b), (A_s, b_s), (A_r, b_r) = f[i], f[i + 1], f[i + 2]
        blocks.append({"C": C, "b": b, "A_sigma": A_s, "b_sigma": b_s, "A_rho": A_r, "b_rho": b_r,
                       "A_theta": A_r @ A_s @ C, "b_theta": matvec(A_r @ A_s, b) + matvec(A_r, b_s) + b_r})
    head = (f[-1][0], f[-1][1]) if len(body) < len(names) else None
    return blocks, head


def resnet_blocks(xp, net, x):
    """Residual blocks (each optionally followed by a pooling) of Eq. (44): dicts with ``A_theta``, ``b_theta`` (Eq. (44)-(46)), and the classifier (W, b).

    Each block's factors are built the report's way, not read off the block's
    own affine map: :math:`C_{in}, b_{in}` from the inner convolution
    (``Layer.matrix``), :math:`A_{\\sigma,in} = \\mathrm{diag}(1[C_{in}z + b_{in} > 0])` at
    the block's input :math:`z` (``Network.feature_maps``), :math:`C_{out}, b_{out}`
    from the skip (the identity when there is none), :math:`A_\\rho, b_\\rho` from the
    pooling's factors.
    """
    names = [type(lay).__name__ for lay in net.layers]
    if names[-2:] != ["Flatten", "Dense"] or not names[:-2] or names[0] != "Residual":
        raise ValueError("the statement is made for residual blocks (each optionally followed by a pooling) then flatten and a dense "
                         f"classifier W^(L) (report17 Eq. (44)-(47)); the network given has the layers [{', '.join(names)}]")
    f = net.layer_factors(x)
    inputs = net.feature_maps(x)  # inputs[i] is the input of layer i
    blocks, i = [], 0
    while i < len(names) - 2:
        lay = net.layers[i]
        inner = [type(sub).__name__ for sub in getattr(lay, "layers", [])]
        if names[i] != "Residual" or inner != ["Conv2d", "ReLU"]:
            raise ValueError(f"layer {i} is a {names[i]}{inner or ''}: report17 Eq. (44) has a residual block ReLU(C_in z + b_in) + C_out z + b_out there "
                             "(a pooling only right after one)")
        z = inputs[i]
        C_in, b_in = lay.layers[0].matrix()
        A_s = xp.astype(z @ xp.matrix_transpose(C_in) + b_in[None, :] > 0, z.dtype)  # the ReLU's slopes, (N, D)
        A_sC, A_sb = A_s[:, :, None] * C_in[None, ...], A_s * b_in[None, :]
        if lay.skip is None:  # the identity skip: C_out = I, b_out = 0
            C_out, b_out = xp.eye(z.shape[1], dtype=z.dtype)[None, ...], xp.zeros_like(z)
        else:
            C_out, b_out = lay.skip.matrix()
            C_out, b_out = C_out[None, ...], b_out[None, :]
        if i + 1 < len(names) - 2 and names[i + 1] in _POOLS:
            A_r, b_r = f[i + 1]
            i += 2
        else:
            A_r, b_r = xp.eye(z.shape[1], dtype=z.dtype)[None, ...], xp.zeros_like(z)
            i += 1
        blocks.append({"A_sigma_C_in": A_sC, "A_sigma_b_in": A_sb, "C_out": C_out, "b_out": b_out, "A_rho": A_r, "b_rho": b_r,
                       "A_theta": A_r @ (A_sC + C_out), "b_theta": matvec(A_r, A_sb) + matvec(A_r, b_out + 0 * A_sb) + b_r})
    return blocks, f[-1]


def template(xp, blocks):
    """:math:`\\prod_{\\ell=L-1}^{1} A_{\\theta^{(\\ell)}}` (the last block on the left)."""
    P = blocks[0]["A_theta"]
    for blk in blocks[1:]:
        P = blk["A_theta"] @ P
    return P


def bias_sum(xp, blocks):
    """:math:`\\sum_{\\ell=1}^{L-1}\\big(\\prod_{j=L-1}^{\\ell+1} A_{\\theta^{(j)}}\\big) b_{\\theta^{(\\ell)}}`, each term's product written out."""
    total = 0
    for ell, blk in enumerate(blocks):
        v = blk["b_theta"]
        for later in blocks[ell + 1:]:
            v = matvec(later["A_theta"], v)
        total = total + v
    return total


__all__ = ["bias_sum", "dcn_blocks", "matvec", "net_and_x", "require_layers", "resnet_blocks", "template"]
