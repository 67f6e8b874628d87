"""icml18 Sec. 7.1: a max-pooling operator partitions its input space into up to
:math:`\\#\\mathcal R^{D^{(\\ell)}}` regions, :math:`\\#\\mathcal R` the size of the pooling region.

The check counts distinct region codes of a max-pooling operator on a batch
(never more than :math:`\\#\\mathcal R^{D^{(\\ell)}}`) and, with non-overlapping
windows, attains the bound: one input per choice of winning position in
every window (value 1 at the chosen positions, 0 elsewhere).

Reading: 'up to #R^D(l)' as an upper bound on the regions of a max-pooling
operator, attained with non-overlapping windows of equal size; regions counted
by distinct codes.
"""

import itertools

from hypothesis import strategies as st

from spline_theory.claims import Claim, equal, leq, register
from spline_theory.layers import MaxPool
from spline_theory.network import Network
from spline_theory.testing.strategies import float_arrays


def _cases():
    @st.composite
    def cases(draw):
        C, H = draw(st.integers(1, 2)), draw(st.sampled_from([2, 4]))
        size = 2 if H == 2 or C == 2 else draw(st.sampled_from([2, 4]))
        N = draw(st.integers(1, 8))
        return {"C": C, "H": H, "size": size, "x": draw(float_arrays((N, C * H * H), bound=3.0))}

    return cases()


def check(xp, inst):
    x = inst["x"]
    C, H, size = int(inst["C"]), int(inst["H"]), int(inst["size"])
    net = Network([MaxPool(size)], (C, H, H)).to(xp, x.dtype)
    K, R = net.C, size * size
    (count,) = net.count_regions(x)
    ev = [leq(xp, xp.asarray(float(count)), xp.asarray(float(R**K)), relation="#regions met by the batch <= #R^(D^(l))", scale=0.0)]
    windows = net.layers[0]._windows()
    if R**K <= 256:
        rows = []
        for choice in itertools.product(range(R), repeat=K):
            v = [0.0] * net.D
            for k, r in enumerate(choice):
                v[windows[k][r]] = 1.0
            rows.append(v)
        (full,) = net.count_regions(xp.asarray(rows, dtype=x.dtype))
        ev.append(equal(xp, xp.asarray(full), xp.asarray(R**K), relation="non-overlapping windows: #R^(D^(l)) regions are attained"))
    return ev


CLAIM = register(
    Claim(
        id="icml18.sec7.maxpool_regions",
        title="A max-pooling operator partitions its input space into up to #R^D regions",
        where="icml18, Sec. 7.1, first paragraph",
        statement=r"\#\{\text{regions of } f_\rho\} \le \#\mathcal{R}^{D^{(\ell)}}",
        assumptions=(r"\text{all pooling windows have } \#\mathcal R \text{ entries}",),
        check=check,
        cases=_cases(),
        arrays=("x",),
        method="Distinct region codes of spatial max pooling on a batch against #R^K; with non-overlapping windows one input per "
        "combination of winners must give #R^K distinct codes.",
    )
)
