"""iclr19 Cor. 2: any MASO partitions its input space as the MAP of the GMM with the Thm. 2 parameters.

App. C: "A MASO with arbitrary parameters :math:`[A]_{k,r,\\cdot}, [B]_{k,r}`
has an input space partitioning being the same as a GMM with parameters from
Thm. 2", i.e. means :math:`[A]_{k,r,\\cdot}`, :math:`\\sigma^2 = 1` and prior
:math:`[\\pi]_{k,r} \\propto e^{[B]_{k,r} + \\frac12\\|[A]_{k,r,\\cdot}\\|^2}`:
the region code of every input is the MAP region of that GMM, with no
constraint on the biases (unlike the K-means reading of Prop. 1). Inputs on a
region boundary (a tie to round-off) are undecided.

Reading: as printed: any MASO, the GMM with Thm. 2's parameters (means [A]_k,r,
sigma^2 = 1, Thm. 2's prior); inputs within round-off of a region boundary are
undecided.
"""

import numpy as np

from spline_theory import MASO, backend
from spline_theory.claims import Claim, default_rtol, equal, register, undecided
from spline_theory.testing.strategies import maso_instances
from spline_theory.vq import region_posterior, region_prior


def _decided_inputs(xp, A, B, x):
    """Indices of the inputs off every region boundary (top-two pre-activations apart beyond the round-off of the posterior's exponents)."""
    u = MASO(A, B).pre_activations(x)
    if u.shape[2] == 1:
        return list(range(x.shape[0]))
    top = xp.sort(u, axis=2, descending=True)
    # round-off of the posterior's exponents scales with |x|^2 and |A|^2, not only with u
    scale = xp.max(xp.abs(u)) + xp.max(xp.sum(x * x, axis=1)) + xp.max(xp.sum(A * A, axis=2)) + xp.max(xp.abs(B))
    tie = xp.any(top[..., 0] - top[..., 1] <= 4 * default_rtol(u.dtype) * scale, axis=1)
    return [i for i, t in enumerate(backend.to_numpy(tie).tolist()) if not t]


def _cases():
    """MASO instances with an input off the region boundaries at least (float32 round-off); others are redrawn."""
    xp = backend.namespace("numpy")
    return maso_instances().filter(lambda i: bool(_decided_inputs(xp, *(np.asarray(i[k], dtype=np.float32) for k in ("A", "B", "x")))))


def check(xp, inst):
    A, B, x = inst["A"], inst["B"], inst["x"]
    S = MASO(A, B)
    keep = _decided_inputs(xp, A, B, x)
    if not keep:
        return undecided("MASO region == GMM MAP region", "every input lies on a region boundary (tie to round-off)")
    if len(keep) < x.shape[0]:  # inputs on a boundary are undecided, the others are checked
        x = xp.take(x, xp.asarray(keep, dtype=xp.int64), axis=0)
    post = region_posterior(A, region_prior(A, B), x, 1.0)
    return equal(xp, xp.argmax(post, axis=2), S.region_codes(x), relation="argmax_r p(t_k = r | x) (GMM of Thm. 2) == MASO region code")


CLAIM = register(
    Claim(
        id="iclr19.cor2",
        title="Any MASO partitions its input space as the MAP of the GMM with the Thm. 2 parameters",
        where="iclr19, App. C 'Input Space Partitioning', Cor. 2",
        statement=r"\forall A, B:\ \arg\max_r \langle [A]_{k,r,\cdot}, z\rangle + [B]_{k,r} = \arg\max_r p([t]_k = r \mid z),\ \ \mu_{k,r} = [A]_{k,r,\cdot},\ \sigma^2 = 1,\ [\pi]_{k,r} \propto e^{[B]_{k,r} + \frac12\|[A]_{k,r,\cdot}\|^2}",
        assumptions=(r"\text{inputs off the region boundaries}",),
        check=check,
        cases=_cases(),
        arrays=("A", "B", "x"),
        method="MASO.region_codes against the argmax of vq.region_posterior with the prior of vq.region_prior and sigma^2 = 1.",
    )
)
