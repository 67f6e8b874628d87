"""Shared pieces of the report17 Eq. (58)-(62) claims: the printed gradients and updates, and a float64 finite-difference gradient of Eq. (58)."""

import numpy as np
import sympy as sp

from spline_theory.activations import softmax
from spline_theory.backend import to_numpy
from spline_theory.claims import Step
from spline_theory.factorial import _one_hot
from spline_theory.learning import cross_entropy


def logits(xp, inst):
    """:math:`z_n = A X_n + b`, shape (N, C)."""
    A, x, b = inst["A"], inst["x"], inst["b"]
    return (A @ x[:, :, None])[..., 0] + b[None, :]


def printed_grad(xp, inst):
    r"""Eq. (59)-(60) as printed: :math:`X_n(\hat y_{Y_n} - 1)` for the true class, :math:`X_n \hat y_c` for the others; shape (N, C, D)."""
    z = logits(xp, inst)
    p = softmax(z, axis=1)
    return (p - _one_hot(xp, xp.asarray(inst["y"]), z.shape[1], z.dtype))[:, :, None] * inst["x"][:, None, :]


def fd_grad(inst, h=1e-5):
    """Central differences of Eq. (58), :func:`spline_theory.learning.cross_entropy` of the logits, in float64 on the host.

    Returns the gradient (N, C, D) and a bound on its error (truncation h^2 and round-off eps/h terms)."""
    A = np.asarray(to_numpy(inst["A"]), dtype=np.float64)
    x = np.asarray(to_numpy(inst["x"]), dtype=np.float64)
    b = np.asarray(to_numpy(inst["b"]), dtype=np.float64)
    y = np.asarray(inst["y"])
    C, D = A.shape
    g = np.empty((x.shape[0], C, D))
    for c in range(C):
        for d in range(D):
            E = np.zeros_like(A)
            E[c, d] = h
            up = cross_entropy(x @ (A + E).T + b, y)
            dn = cross_entropy(x @ (A - E).T + b, y)
            g[:, c, d] = (up - dn) / (2 * h)
    zmax = float(np.max(np.abs(x @ A.T + b))) + 1.0
    xmax = float(np.max(np.abs(x))) + 1.0
    err = float(h * h * xmax**3 + 8 * np.finfo(np.float64).eps * (zmax + np.log(C)) / h)
    return g, err


def symbolic_gradients():
    """SymPy: the partial derivatives of Eq. (58) for C = 3, D = 2, Y_n = 0 (Eq. 59-60)."""
    C, D = 3, 2
    A = sp.Matrix(C, D, lambda c, d: sp.Symbol(f"A{c}{d}", real=True))
    b = sp.symbols("b0:3", real=True)
    x = sp.symbols("x0:2", real=True)
    z = [sum(A[c, d] * x[d] for d in range(D)) + b[c] for c in range(C)]
    L = -z[0] + sp.log(sum(sp.exp(zc) for zc in z))
    p = [sp.exp(zc) / sum(sp.exp(zk) for zk in z) for zc in z]
    return A, x, L, p


def gradient_steps(cls):
    """Derivation steps: dL/dA_{c,d} equals the printed entry for the true class (cls = "true") or a wrong class."""
    A, x, L, p = symbolic_gradients()
    if cls == "true":
        return [Step(f"Eq. (58), C = 3, Y_n = 0: dL/dA_0{d} = x_{d} (yhat_0 - 1) (Eq. 59)", sp.Derivative(L, A[0, d]), x[d] * (p[0] - 1)) for d in range(2)]
    return [Step(f"Eq. (58), C = 3, Y_n = 0: dL/dA_{c}{d} = x_{d} yhat_{c} (Eq. 60)", sp.Derivative(L, A[c, d]), x[d] * p[c]) for c in (1, 2) for d in range(2)]


def _class_mask(xp, inst, like):
    """1 at the true class of each input, shape (N, C, 1), in the dtype of ``like``."""
    return _one_hot(xp, xp.asarray(inst["y"]), like.shape[1], like.dtype)[:, :, None]


def gradient_evidence(xp, inst, which):
    """Eq. (59) (``which="true"``) or Eq. (60) (``"wrong"``): the printed gradient entries against finite differences of Eq. (58)."""
    from spline_theory.backend import asarray
    from spline_theory.claims import close

    g = printed_grad(xp, inst)
    fd, err = fd_grad(inst)
    fd = asarray(fd, xp, g.dtype)
    keep = _class_mask(xp, inst, g) if which == "true" else 1 - _class_mask(xp, inst, g)
    scale = xp.abs(inst["x"])[:, None, :] + xp.zeros_like(g)
    what = "X_n (yhat_y - 1)" if which == "true" else "X_n yhat_c (c != y)"
    return close(xp, g * keep, fd * keep, relation=f"printed dL/dA = {what} == central differences of Eq. (58)", scale=scale, atol=err)


def update_evidence(xp, inst, which):
    """Eq. (61) (``which="true"``) or Eq. (62) (``"wrong"``): the printed update against A - lr * (finite-difference gradient),
    and, without biases, against :func:`spline_theory.learning.template_update`."""
    from spline_theory.backend import asarray
    from spline_theory.claims import close
    from spline_theory.learning import template_update

    A, x, lr = inst["A"], inst["x"], float(inst["lr"])
    g = printed_grad(xp, inst)
    keep = _class_mask(xp, inst, g) if which == "true" else 1 - _class_mask(xp, inst, g)
    # Eq. 61 (A_y + lr X (1 - yhat_y)) and Eq. 62 (A_c - lr X yhat_c) are both A - lr * (printed gradient)
    printed = A[None, :, :] - lr * g
    fd, err = fd_grad(inst)
    step = A[None, :, :] - lr * asarray(fd, xp, g.dtype)
    scale = xp.abs(A)[None, :, :] + lr * xp.abs(x)[:, None, :]
    name = "A_y + lr X (1 - yhat_y)" if which == "true" else "A_c - lr X yhat_c"
    out = [close(xp, printed * keep, step * keep, relation=f"{name} == A - lr dL/dA (central differences of Eq. 58)", scale=scale, atol=lr * err)]
    nobias = dict(inst, b=xp.zeros_like(inst["b"]))
    g0 = printed_grad(xp, nobias)
    printed0 = A[None, :, :] - lr * g0
    lib = template_update(A, x, inst["y"], lr)
    out.append(close(xp, lib * keep, printed0 * keep, relation=f"learning.template_update == {name} (b = 0)", scale=scale))
    return out
