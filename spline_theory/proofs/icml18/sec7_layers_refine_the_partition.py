"""icml18 Sec. 7.1: each MASO layer subdivides the partition of the layers before it ("finer and
finer partitions"), and the final partition is the intersection of the per-layer partitions.

The check builds the exact partition of a 2-D slice layer by layer
(``partition.slice_partition``, its ``levels``) and verifies, with the
network's own region codes (``Network.region_codes``) at one interior point
of every region:

- every region of level l lies in one region of level l - 1, whose codes of
  the earlier operators it shares, and the regions of level l inside a region
  of level l - 1 fill it (their areas add up to its area);
- the partitions get finer: the number of regions never decreases;
- each level's regions are exactly the sets of points with one tuple of codes
  :math:`(t^{(1)}, \\dots, t^{(l)})`: as many regions as distinct tuples (a tuple
  never gives two separate pieces: the region is an intersection of
  half-planes, hence one convex polygon), so the last level is the
  intersection of all intermediate partitions.

"Finer" is read as "at least as fine": a layer may add no boundary on a slice
(e.g. ReLU units that are positive on the whole slice), and the paper's
argument (each region is subdivided) does not claim more.

Reading: 'finer and finer partitions' read as 'at least as fine' (a layer may
leave a region uncut); checked on exact partitions of 2-D affine slices of the
input space (named in the assumptions), where the regions can be computed.
"""

import numpy as np

from spline_theory.claims import Claim, close, default_rtol, equal, leq, register, undecided
from spline_theory.network import Network
from spline_theory.partition import slice_partition
from spline_theory.testing.strategies import slice_instances


def _interior_codes(net, part, level):
    lv = part.levels[level]
    V, n = lv["vertices"], lv["n_vertices"]
    j = np.arange(V.shape[1])
    w = (j[None, :] < n[:, None]).astype(V.dtype)
    st = np.sum(V * w[..., None], axis=1) / n[:, None]
    x = part.to_input(st)
    return [np.asarray(c) for c in net.to("numpy").region_codes(x, packed=False)], x


def check(xp, inst):
    x0 = inst["x0"]
    net = Network.like(inst["net"], x0)
    part = slice_partition(net, x0, inst["u"], inst["v"], inst["s_range"], inst["t_range"])
    (s0, s1), (t0, t1) = inst["s_range"], inst["t_range"]
    area = (s1 - s0) * (t1 - t0)
    hnet = net.to("numpy")
    ev = []
    counts = [1] + part.region_counts()
    ev.append(leq(xp, xp.asarray([float(c) for c in counts[:-1]]), xp.asarray([float(c) for c in counts[1:]]), relation="#regions(level l-1) <= #regions(level l) (finer and finer)", scale=0.0))
    rtol = default_rtol(part.vertices.dtype)  # regions narrower than this are round-off fragments at near-ties
    for level in range(1, len(part.levels)):
        lv, prev = part.levels[level], part.levels[level - 1]
        areas = _area(lv)
        sums = np.bincount(lv["parent"], weights=areas.astype(np.float64), minlength=prev["n_vertices"].shape[0])
        ev.append(close(xp, xp.asarray(sums.tolist(), dtype=x0.dtype), xp.asarray(_area(prev).astype(np.float64).tolist(), dtype=x0.dtype), relation=f"level {level}: areas of the regions inside each region of level {level - 1} add up to its area", scale=area))
        codes, x = _interior_codes(hnet, part, level)
        # regions thinner than round-off cannot be probed by one interior point
        r = np.asarray(hnet.certified_radius(x))
        ok = r > rtol * (np.max(np.abs(x)) + 1.0)
        if not np.any(ok):
            ev.append(undecided(f"level {level}: one region per code tuple", "every region is thinner than round-off"))
            continue
        tup = np.concatenate(codes[:level], axis=1)[ok]
        ev.append(equal(xp, xp.asarray(len({tuple(t) for t in tup.tolist()})), xp.asarray(int(np.sum(ok))), relation=f"level {level}: #regions == #distinct code tuples (t^(1), ..., t^({level})) (one convex region per tuple)"))
        if level >= 2:
            pc, px = _interior_codes(hnet, part, level - 1)
            p_ok = np.asarray(hnet.certified_radius(px)) > rtol * (np.max(np.abs(px)) + 1.0)
            both = ok & p_ok[lv["parent"]]
            mine = np.concatenate(codes[: level - 1], axis=1)[both]
            parents = np.concatenate(pc[: level - 1], axis=1)[lv["parent"][both]]
            ev.append(equal(xp, xp.asarray(mine.tolist()), xp.asarray(parents.tolist()), relation=f"level {level}: each region has the codes t^(1..{level - 1}) of the level-{level - 1} region containing it"))
    return ev


def _area(lv):
    from spline_theory.partition import _areas

    return _areas(lv["vertices"], lv["n_vertices"])


CLAIM = register(
    Claim(
        id="icml18.sec7.refinement",
        title="Each layer subdivides the partition of the layers before it; the final partition is their intersection",
        where="icml18, Sec. 7.1, second paragraph",
        statement=r"\Omega^{(\ell)} \text{ refines } \Omega^{(\ell-1)},\quad \Omega = \bigcap_{\ell} \Omega^{(\ell)} = \{\{x : (t^{(1)}(x), \dots, t^{(L)}(x)) = c\}\}_c",
        assumptions=(r"\text{regions are the full-dimensional cells on a 2-D affine slice}", r"\text{finer means at least as fine}"),
        check=check,
        cases=slice_instances(),
        arrays=("x0", "u", "v"),
        method="Exact slice partition (partition.slice_partition) level by level; the network's region codes at one interior point of each "
        "region: nesting, areas of children add up to the parent's, non-decreasing counts, one region per code tuple.",
        notes="The codes are recomputed by Network.region_codes, not taken from the slicer; regions whose interior point has a "
        "certified radius below 4 sqrt(eps) (|x| + 1) are not probed (near-ties of max units leave fragments of round-off width).",
    )
)
