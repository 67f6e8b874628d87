"""Shared evidence of the spline-approximation claims (report17 Eq. (37) and its softmax case).

The approximation relation ``||f(x) - f~(x)|| <= epsilon`` is a statement about exact functions: it is
decided in float64 (allowance 64 eps times the summed terms, far below epsilon), whatever dtype the
run is in; the dtype under test is exercised by the spline network's own evaluation, which must agree
with the float64 one within that dtype's tolerance and be its own exact affine map A[x]x + b[x].
"""

import numpy as np

from spline_theory.backend import asarray, to_numpy
from spline_theory.claims import close, leq
from spline_theory.network import Network


def approximation_evidence(xp, spec, reference, x, tol, note):
    """Evidence that the spline network ``spec`` is an ASO within ``tol`` of ``reference`` (a NumPy float64 function of x) at ``x``."""
    x64 = np.asarray(to_numpy(x), dtype=np.float64)
    net64 = Network.like(spec, x64)
    z64 = net64.forward(x64)
    err = np.max(np.abs(z64 - reference(x64)), axis=1)
    scale = np.max(net64.term_magnitude(x64), axis=1)
    net = Network.like(spec, x)
    z = net.forward(x)
    A, b = net.affine_map(x)
    return [
        leq(np, err, np.full(err.shape, tol), relation="||f(x) - f~(x)||_inf <= epsilon (float64)", scale=scale, rtol=64 * float(np.finfo(np.float64).eps), note=note),
        close(xp, z, asarray(z64, xp, x.dtype), relation="the spline network in the run's dtype == in float64", scale=net.term_magnitude(x)),
        close(xp, (A @ x[:, :, None])[..., 0] + b, z, relation="the spline network is A[x] x + b[x] (an affine spline operator)", scale=net.term_magnitude(x)),
    ]
