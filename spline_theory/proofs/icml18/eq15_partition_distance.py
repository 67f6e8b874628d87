"""icml18 Eq. (15): the partition distance is one minus the fraction of units of a layer
in which two inputs share a region.

``Network.partition_distance`` works on bit-packed codes (XOR and popcount)
for two-region units; the check recounts the agreeing units on the unpacked
codes of ``Network.region_codes(..., packed=False)`` and checks that the
distance is 0 from an input to itself and symmetric.

Reading: as printed, with the codes of Eq. (14) and D^(l) the number of units
of layer l; any network of the library.
"""

from spline_theory.claims import Claim, close, equal, register
from spline_theory.proofs.icml18._networks import net_and_x
from spline_theory.testing.strategies import network_instances


def check(xp, inst):
    net, x = net_and_x(inst)
    y = xp.flip(x, axis=0)
    d = net.partition_distance(x, y)
    d_rev = net.partition_distance(y, x)
    d_self = net.partition_distance(x, x)
    cx, cy = net.region_codes(x, packed=False), net.region_codes(y, packed=False)
    ev = []
    for l, (dl, a, b) in enumerate(zip(d, cx, cy)):
        K = a.shape[1]
        agree = xp.sum(xp.astype(a == b, x.dtype), axis=1)
        ev.append(close(xp, dl, 1 - agree / K, relation=f"d(t(x1), t(x2)) == 1 - sum_k 1(t_k(x1) = t_k(x2)) / D^(l), code layer {l}", scale=1.0))
        ev.append(equal(xp, d_self[l], xp.zeros_like(d_self[l]), relation=f"d(t(x), t(x)) == 0, code layer {l}"))
        ev.append(equal(xp, d_rev[l], dl, relation=f"d is symmetric, code layer {l}"))
    return ev


CLAIM = register(
    Claim(
        id="icml18.eq15",
        title="The partition distance is one minus the fraction of units sharing a region",
        where="icml18, Sec. 7.3, Eq. (15)",
        statement=r"d\big(t^{(\ell)}(x_1), t^{(\ell)}(x_2)\big) = 1 - \frac{\sum_{k=1}^{D^{(\ell)}} \mathbf 1\big([t^{(\ell)}(x_1)]_k = [t^{(\ell)}(x_2)]_k\big)}{D^{(\ell)}}",
        check=check,
        cases=network_instances(),
        arrays=("x",),
        method="Bit-packed distance against a recount on unpacked codes (inputs paired with the batch reversed); zero on the diagonal; symmetric.",
    )
)
