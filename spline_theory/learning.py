r"""Templates under cross-entropy training: gradients, optimal templates, orthogonal templates.

A network's output for class c at input x is a template matching
:math:`z_c = \langle A[x]_{c,\cdot}, x\rangle + b[x]_c` (icml18 Sec. 5.1,
report17 Sec. 4). This module holds what the papers derive about training
those templates with the cross-entropy

.. math::

    \mathcal L_{CE}(y, z) = -z_y + \log \sum_{c=1}^{C} e^{z_c}

(biases left out, as in icml18 Prop. 5 and report17 Thm. 5, 7, 9):

- the gradient of :math:`\mathcal L_{CE}` with respect to the templates and
  the gradient step of report17 Eq. (58)-(62);
- the optimal templates under a norm budget, in closed form for both readings
  of the budget (sum of norms, icml18 Prop. 5 as printed; sum of squared
  norms, report17 Thm. 5), the printed formulas icml18 Eq. (12) and report17
  Eq. (63), and a numerical solver (SciPy SLSQP) of the constrained problem
  to compare them with;
- the orthogonality penalty of the last layer (icml18 Eq. 13) and its gradient,
  and the Gram matrix of a network's templates (icml18 Sec. 6).

Inputs of the optimal-template functions must have unit norm, as the papers
assume; they are checked, never normalized silently.
"""

from __future__ import annotations

import math
from typing import Any

import array_api_compat
import numpy as np

from . import backend as _backend
from ._validation import array_namespace_or_error, as_float_array
from .activations import softmax
from .factorial import _logsumexp, _one_hot, orthogonality_penalty, orthogonality_penalty_grad

__all__ = [
    "CONSTRAINTS",
    "cross_entropy",
    "cross_entropy_template_grad",
    "template_update",
    "template_loss",
    "optimal_templates",
    "printed_optimal_templates",
    "solve_optimal_templates",
    "template_budget",
    "optimal_prediction",
    "last_layer_orthogonality_penalty",
    "last_layer_orthogonality_penalty_grad",
    "template_gram",
    "matched_filterbank",
]

#: Readings of the norm budget on the templates of one input.
CONSTRAINTS = {
    "sum_squared_norms": r"\sum_c \|A[x]_{c,\cdot}\|_2^2 \le \alpha",
    "sum_norms": r"\sum_c \|A[x]_{c,\cdot}\|_2 \le \alpha",
}


# ----------------------------------------------------------------- helpers
def _labels(y: Any, N: int, C: int, xp: Any) -> Any:
    yh = np.asarray(_backend.to_numpy(y) if array_api_compat.is_array_api_obj(y) else y)
    if yh.ndim == 0:
        yh = yh[None]
    if yh.dtype.kind not in "iu" and not (yh.dtype.kind == "f" and np.all(np.isfinite(yh)) and np.all(yh == np.round(yh))):
        raise TypeError(f"y must hold integer class labels; got dtype {yh.dtype}")
    if yh.shape != (N,):
        raise ValueError(f"y must have shape ({N},), one label per input; got {yh.shape}")
    if N and (yh.min() < 0 or yh.max() >= C):
        raise ValueError(f"y must hold labels in 0..{C - 1}; got values in {int(yh.min())}..{int(yh.max())}")
    return xp.asarray(yh.astype(np.int64))


def _logits(z: Any) -> tuple[Any, Any]:
    z = as_float_array(z, "z", shape="(N, C)", ndim=(1, 2))
    if z.ndim == 1:
        z = z[None, :]
    if z.ndim != 2 or z.shape[1] < 1:
        raise ValueError(f"z must have shape (N, C) with C >= 1; got {tuple(z.shape)}")
    return z, _backend.array_namespace(z)


def _templates_and_inputs(A: Any, x: Any) -> tuple[Any, Any, Any]:
    A = as_float_array(A, "A", shape="(C, D) or (N, C, D)", ndim=(2, 3))
    x = as_float_array(x, "x", shape="(N, D)", ndim=(1, 2))
    if x.ndim == 1:
        x = x[None, :]
    if A.ndim == 2:
        A = A[None, :, :]
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, D); got {tuple(x.shape)}")
    if A.ndim != 3 or A.shape[2] != x.shape[1] or A.shape[0] not in (1, x.shape[0]):
        raise ValueError(f"A must have shape (C, D) or (N, C, D) matching x of shape {tuple(x.shape)}; got {tuple(A.shape)}")
    xp = _backend.array_namespace(A, x)
    if A.shape[0] != x.shape[0]:
        A = xp.broadcast_to(A, (x.shape[0], A.shape[1], A.shape[2]))
    return A, x, xp


def _unit_inputs(x: Any, name: str = "x") -> tuple[Any, Any]:
    x = as_float_array(x, name, shape="(N, D)", ndim=(1, 2))
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] < 1:
        raise ValueError(f"{name} must have shape (N, D) with D >= 1; got {tuple(x.shape)}")
    xp = _backend.array_namespace(x)
    norms = xp.sqrt(xp.sum(x * x, axis=1))
    tol = 64 * float(xp.finfo(x.dtype).eps)
    if x.shape[0] and float(xp.max(xp.abs(norms - 1.0))) > tol:
        bad = float(_backend.to_numpy(norms)[np.argmax(np.abs(_backend.to_numpy(norms) - 1.0))])
        raise ValueError(f"{name} must have unit-norm rows (||x_n||_2 = 1, as the papers assume; normalize them yourself); got a row of norm {bad:.6g}")
    return x, xp


def _budget(alpha: Any) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating, np.integer)):
        raise TypeError(f"alpha must be a real number > 0 (the norm budget); got {type(alpha).__name__}")
    a = float(alpha)
    if not math.isfinite(a) or a <= 0:
        raise ValueError(f"alpha must be a finite number > 0 (the norm budget); got {alpha!r}")
    return a


def _n_classes(C: Any, minimum: int = 2) -> int:
    if isinstance(C, bool) or not isinstance(C, (int, np.integer)):
        raise TypeError(f"n_classes must be an int >= {minimum}; got {type(C).__name__}")
    if int(C) < minimum:
        raise ValueError(f"n_classes must be an int >= {minimum}; got {C}")
    return int(C)


def _constraint(constraint: str) -> str:
    if constraint not in CONSTRAINTS:
        raise ValueError(f"constraint must be one of {tuple(CONSTRAINTS)}; got {constraint!r}")
    return constraint


# -------------------------------------------------------- cross-entropy
def cross_entropy(z: Any, y: Any) -> Any:
    r"""Cross-entropy of logits ``z`` (N, C) for labels ``y`` (N,), one loss per input.

    .. math::

        \mathcal L_{CE}(y_n, z_n) = -[z_n]_{y_n} + \log \sum_{c=1}^{C} e^{[z_n]_c}

    computed with the max subtracted (no overflow).

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory.learning import cross_entropy
    >>> round(float(cross_entropy(np.array([[0.0, 0.0]]), np.array([1]))[0]), 6)
    0.693147
    """
    z, xp = _logits(z)
    y = _labels(y, z.shape[0], z.shape[1], xp)
    return _logsumexp(xp, z, 1) - xp.sum(_one_hot(xp, y, z.shape[1], z.dtype) * z, axis=1)


def template_loss(A: Any, x: Any, y: Any) -> Any:
    r"""Cross-entropy of template matching without biases: :math:`\mathcal L_{CE}(y_n, A_n x_n)`.

    Parameters
    ----------
    A : array of shape (C, D) (the same templates for all inputs) or (N, C, D)
    x : array of shape (N, D)
    y : int array of shape (N,)

    Returns
    -------
    array of shape (N,)
    """
    A, x, xp = _templates_and_inputs(A, x)
    return cross_entropy((A @ x[:, :, None])[..., 0], y)


def cross_entropy_template_grad(A: Any, x: Any, y: Any) -> Any:
    r"""Gradient of :math:`\mathcal L_{CE}(y_n, A_n x_n)` with respect to the templates (report17 Eq. 58-60).

    .. math::

        \frac{\partial \mathcal L_{CE}}{\partial A_{c,\cdot}} = \big(\hat y(x)_c - 1_{\{c = y\}}\big)\, x,
        \qquad \hat y(x) = \operatorname{softmax}(A x)

    Parameters
    ----------
    A : array of shape (C, D) or (N, C, D)
    x : array of shape (N, D)
    y : int array of shape (N,)

    Returns
    -------
    array of shape (N, C, D): the gradient of each input's loss.
    """
    A, x, xp = _templates_and_inputs(A, x)
    z = (A @ x[:, :, None])[..., 0]
    y = _labels(y, z.shape[0], z.shape[1], xp)
    return (softmax(z, axis=1) - _one_hot(xp, y, z.shape[1], z.dtype))[:, :, None] * x[:, None, :]


def template_update(A: Any, x: Any, y: Any, lr: float) -> Any:
    r"""One gradient step on the templates of each input (report17 Eq. 61-62).

    .. math::

        A_{y}^{(t+1)} = A_{y}^{(t)} + \lambda\,(1 - \hat y(x)_{y})\,x, \qquad
        A_{c}^{(t+1)} = A_{c}^{(t)} - \lambda\,\hat y(x)_c\,x \quad (c \ne y)

    Returns a new array of shape (N, C, D); ``A`` is not modified.
    """
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a finite number > 0 (the learning rate); got {lr!r}")
    A3, x2, _ = _templates_and_inputs(A, x)
    return A3 - float(lr) * cross_entropy_template_grad(A3, x2, y)


# ------------------------------------------------------ optimal templates
def _collinear(x: Any, y: Any, C: int, p: float, q: float) -> Any:
    xp = _backend.array_namespace(x)
    yv = _labels(y, x.shape[0], C, xp)
    coef = xp.where(_one_hot(xp, yv, C, x.dtype) > 0, xp.asarray(p, dtype=x.dtype), xp.asarray(-q, dtype=x.dtype))
    return coef[:, :, None] * x[:, None, :]


def optimal_templates(x: Any, y: Any, n_classes: int, alpha: float, *, constraint: str = "sum_squared_norms") -> Any:
    r"""The templates minimizing :math:`\mathcal L_{CE}(y, A x)` under a norm budget, in closed form.

    With :math:`\|x\| = 1` the optimum is collinear with x,
    :math:`A_{y} = p\,x` and :math:`A_c = -q\,x` (c != y), the loss is
    :math:`\log(1 + (C-1) e^{-(p+q)})`, so the optimum maximizes p + q on the budget:

    ``"sum_squared_norms"`` (:math:`p^2 + (C-1) q^2 \le \alpha`, report17 Thm. 5's constraint):
        :math:`p = \sqrt{(C-1)\alpha/C}`, :math:`q = \sqrt{\alpha/(C(C-1))}`, the unique optimum
        (this is icml18 Eq. 12);
    ``"sum_norms"`` (:math:`p + (C-1) q \le \alpha`, icml18 Prop. 5's constraint):
        :math:`p = \alpha`, :math:`q = 0`; unique for C >= 3, one of a segment of optima
        (p + q = alpha) for C = 2.

    Parameters
    ----------
    x : array of shape (N, D), unit-norm rows
    y : int array of shape (N,), labels in 0..C-1
    n_classes : int >= 2
    alpha : float > 0
        The budget.
    constraint : {"sum_squared_norms", "sum_norms"}

    Returns
    -------
    array of shape (N, C, D)
    """
    x, _ = _unit_inputs(x)
    C, a, cons = _n_classes(n_classes), _budget(alpha), _constraint(constraint)
    if cons == "sum_squared_norms":
        p, q = math.sqrt((C - 1) * a / C), math.sqrt(a / (C * (C - 1)))
    else:
        p, q = a, 0.0
    return _collinear(x, y, C, p, q)


def printed_optimal_templates(x: Any, y: Any, n_classes: int, alpha: float, *, paper: str = "icml18") -> Any:
    r"""The optimal templates exactly as a paper prints them.

    ``paper="icml18"`` (Prop. 5, Eq. 12):
        :math:`A_y = +\sqrt{(C-1)\alpha/C}\,x`, :math:`A_c = -\sqrt{\alpha/(C(C-1))}\,x`;
    ``paper="report17"`` (Thm. 5 Eq. 63, Thm. 7 Eq. 76, Thm. 9 Eq. 121, budget K = alpha):
        :math:`A_y = \sqrt{(C-1)/C}\,K\,x`, :math:`A_c = -\sqrt{K/(C(C-1))}\,x`.

    See :func:`optimal_templates` for the true optima.
    """
    x, _ = _unit_inputs(x)
    C, a = _n_classes(n_classes), _budget(alpha)
    if paper == "icml18":
        p = math.sqrt((C - 1) * a / C)
    elif paper == "report17":
        p = math.sqrt((C - 1) / C) * a
    else:
        raise ValueError(f"paper must be 'icml18' or 'report17'; got {paper!r}")
    return _collinear(x, y, C, p, math.sqrt(a / (C * (C - 1))))


def template_budget(A: Any, *, constraint: str = "sum_squared_norms") -> Any:
    r"""The budget used by templates ``A`` (C, D) or (N, C, D): :math:`\sum_c \|A_c\|^2` or :math:`\sum_c \|A_c\|`."""
    A = as_float_array(A, "A", shape="(C, D) or (N, C, D)", ndim=(2, 3))
    if A.ndim not in (2, 3):
        raise ValueError(f"A must have shape (C, D) or (N, C, D); got {tuple(A.shape)}")
    xp = _backend.array_namespace(A)
    sq = xp.sum(A * A, axis=-1)
    return xp.sum(sq if _constraint(constraint) == "sum_squared_norms" else xp.sqrt(sq), axis=-1)


def solve_optimal_templates(x: Any, y: int, n_classes: int, alpha: float, *, constraint: str = "sum_squared_norms", tol: float = 1e-12, maxiter: int = 500) -> tuple[np.ndarray, float]:
    r"""Minimize :math:`\mathcal L_{CE}(y, A x)` over all templates :math:`A \in \mathbb R^{C \times D}` under a budget, numerically.

    A convex problem, solved with SciPy's SLSQP in float64 from a feasible
    start, on one input. ``"sum_norms"`` is written in epigraph form
    (:math:`t_c \ge \|A_c\|`, :math:`\sum_c t_c \le \alpha`) so every
    function the solver sees is smooth. Nothing about the solution's shape
    (collinearity with x) is assumed.

    Parameters
    ----------
    x : array of shape (D,), unit norm
    y : int, the label
    n_classes, alpha, constraint : as in :func:`optimal_templates`
    tol, maxiter : SLSQP's ``ftol`` and iteration cap

    Returns
    -------
    A : ndarray of shape (C, D), float64
        A feasible point (scaled onto the budget if SLSQP stopped a hair
        outside it), so ``loss`` is an upper bound of the true minimum.
    loss : float
        :math:`\mathcal L_{CE}(y, A x)` at the solution. Accuracy, relative
        to 1 + loss: about 1e-12 for ``"sum_squared_norms"``; about 1e-4 for
        ``"sum_norms"``, whose optimum sits at the apex of the norm cones
        (A_c = 0 for c != y), where the epigraph constraints are degenerate.

    Raises
    ------
    RuntimeError
        SLSQP did not converge.
    """
    from scipy.optimize import minimize

    x = as_float_array(x, "x", shape="(D,)", ndim=1)
    _unit_inputs(x[None, :])  # checked in the caller's dtype, then solved in float64
    xh = np.asarray(_backend.to_numpy(x), dtype=np.float64)
    C, a, cons = _n_classes(n_classes), _budget(alpha), _constraint(constraint)
    yi = int(_backend.to_numpy(_labels(np.asarray([y]), 1, C, _backend.namespace("numpy")))[0])
    D = xh.shape[0]
    onehot = np.zeros(C)
    onehot[yi] = 1.0

    def loss_grad(A):
        z = A @ xh
        m = z.max()
        e = np.exp(z - m)
        p = e / e.sum()
        return float(m + np.log(e.sum()) - z[yi]), np.outer(p - onehot, xh)

    if cons == "sum_squared_norms":

        def fun(v):
            f, g = loss_grad(v.reshape(C, D))
            return f, g.ravel()

        constraints = [{"type": "ineq", "fun": lambda v: a - v @ v, "jac": lambda v: -2.0 * v}]
        v0 = np.zeros(C * D)
        bounds = None
    else:
        n = C * D

        def fun(v):
            f, g = loss_grad(v[:n].reshape(C, D))
            return f, np.concatenate([g.ravel(), np.zeros(C)])

        def cone(v):
            A, t = v[:n].reshape(C, D), v[n:]
            return t * t - np.sum(A * A, axis=1)

        def cone_jac(v):
            A, t = v[:n].reshape(C, D), v[n:]
            J = np.zeros((C, n + C))
            for c in range(C):
                J[c, c * D : (c + 1) * D] = -2.0 * A[c]
                J[c, n + c] = 2.0 * t[c]
            return J

        row = np.concatenate([np.zeros(n), -np.ones(C)])
        constraints = [
            {"type": "ineq", "fun": cone, "jac": cone_jac},
            {"type": "ineq", "fun": lambda v: a - v[n:].sum(), "jac": lambda v: row},
        ]
        # start strictly inside the cone, away from its apex A_c = 0 where the
        # constraint t_c^2 - ||A_c||^2 >= 0 has a vanishing gradient
        A0 = np.outer(np.where(np.arange(C) == yi, 1.0, -1.0 / C), xh) * (a / (4 * C))
        v0 = np.concatenate([A0.ravel(), np.sqrt(np.sum(A0 * A0, axis=1)) + a / (4 * C)])
        bounds = [(None, None)] * n + [(0.0, None)] * C
    res = minimize(fun, v0, jac=True, method="SLSQP", constraints=constraints, bounds=bounds, options={"ftol": tol, "maxiter": maxiter})
    # Status 8 ("positive directional derivative in linesearch") is SLSQP
    # stopping at the limit of floating-point progress, typically a hair
    # outside the budget; accepted when the violation is below 1e-6 of it.
    violation = max(0.0, -min(float(np.min(c["fun"](res.x))) for c in constraints))
    if not (res.success or res.status == 8) or violation > 1e-6 * max(a, a * a):
        raise RuntimeError(f"solve_optimal_templates: SLSQP did not converge ({res.message}; budget violated by {violation:.3g})")
    A = res.x[: C * D].reshape(C, D)
    # Scale onto the budget so the returned point is feasible: its loss is
    # then an upper bound of the true minimum, never below it.
    used = float(np.sum(A * A)) if cons == "sum_squared_norms" else float(np.sum(np.sqrt(np.sum(A * A, axis=1))))
    if used > a:
        A = A * (math.sqrt(a / used) if cons == "sum_squared_norms" else a / used)
    return A, loss_grad(A)[0]


def optimal_prediction(n_classes: int, alpha: float, *, constraint: str = "sum_squared_norms") -> float:
    r"""The softmax probability of the true class at the optimal templates, :math:`\hat y(x)_y = \operatorname{softmax}(A^\star x)_y`.

    At the optimum (:func:`optimal_templates`) the outputs are :math:`+p` for the
    true class and :math:`-q` for the others, so

    .. math::

        \hat y(x)_y = \frac{1}{1 + (C-1)\,e^{-(p+q)}}, \qquad
        p + q = \begin{cases} \sqrt{C\alpha/(C-1)} & \text{sum of squared norms (icml18 Eq. 12)} \\
        \alpha & \text{sum of norms} \end{cases}

    strictly below 1 for every finite budget and tending to 1 (the one-hot
    vector of icml18 Sec. 5.3) as :math:`\alpha \to \infty`.

    Parameters
    ----------
    n_classes : int >= 2
    alpha : float > 0
    constraint : {"sum_squared_norms", "sum_norms"}

    Returns
    -------
    float

    Examples
    --------
    >>> round(optimal_prediction(2, 1.0), 6)  # 1 / (1 + e^{-sqrt 2})
    0.80443
    """
    C, a, cons = _n_classes(n_classes), _budget(alpha), _constraint(constraint)
    s = math.sqrt(C * a / (C - 1)) if cons == "sum_squared_norms" else a
    return 1.0 / (1.0 + (C - 1) * math.exp(-s))


# ------------------------------------------------- orthogonal templates
def last_layer_orthogonality_penalty(W: Any, lam: float = 1.0) -> Any:
    r"""The orthogonality penalty of the last layer, icml18 Eq. (13).

    .. math::

        \lambda \sum_{c_1 \ne c_2} \big|\langle [W^{(L)}]_{c_1,\cdot}, [W^{(L)}]_{c_2,\cdot}\rangle\big|^2

    the R = 1 case of the penalty of :func:`spline_theory.factorial.orthogonality_penalty`.

    Parameters
    ----------
    W : array of shape (C, D)
    lam : float
    """
    W = as_float_array(W, "W", shape="(C, D)", ndim=2)
    if W.ndim != 2:
        raise ValueError(f"W must have shape (C, D); got {tuple(W.shape)}")
    return orthogonality_penalty(W[:, None, :], lam)


def last_layer_orthogonality_penalty_grad(W: Any, lam: float = 1.0) -> Any:
    r"""Gradient of :func:`last_layer_orthogonality_penalty`, shape (C, D).

    .. math::

        \frac{\partial}{\partial W_{a,\cdot}} = 4\lambda \sum_{c \ne a} \langle W_{a,\cdot}, W_{c,\cdot}\rangle\, W_{c,\cdot}
    """
    W = as_float_array(W, "W", shape="(C, D)", ndim=2)
    if W.ndim != 2:
        raise ValueError(f"W must have shape (C, D); got {tuple(W.shape)}")
    return orthogonality_penalty_grad(W[:, None, :], lam)[:, 0, :]


def matched_filterbank(signals: Any, noise_variance: float, priors: Any = None) -> tuple[Any, Any]:
    r"""The matched filterbank for deterministic signals in additive white Gaussian noise (icml18 Sec. 5.1): a dense layer ``(W, b)``.

    For :math:`x = s_c + n`, :math:`n \sim \mathcal N(0, \sigma^2 I)`, class :math:`c` with
    prior :math:`\pi_c`, the log-posterior is, up to a term that does not depend on :math:`c`,

    .. math:: \frac{1}{\sigma^2}\Big(\langle s_c, x\rangle - \tfrac12\|s_c\|^2 + \sigma^2\log\pi_c\Big),

    so the MAP (minimum error probability) decision is the largest output of
    :math:`W x + b` with :math:`W = [s_1, \dots, s_C]^T` (the templates are the signals)
    and :math:`b_c = -\tfrac12\|s_c\|^2 + \sigma^2\log\pi_c` (the biases carry the energies and the priors).

    Parameters
    ----------
    signals : array (C, D)
    noise_variance : float > 0
    priors : array (C,), optional
        Positive, summing to 1; default uniform.

    Returns
    -------
    W : array (C, D)
    b : array (C,)
    """
    S = as_float_array(signals, "signals", shape="(C, D)", ndim=2)
    xp = array_namespace_or_error(S, name="signals")
    if isinstance(noise_variance, bool) or not isinstance(noise_variance, (int, float)) or not (0 < noise_variance < math.inf):
        raise ValueError(f"noise_variance must be a finite number > 0; got {noise_variance!r}")
    C = S.shape[0]
    if priors is None:
        logp = xp.full((C,), -math.log(C), dtype=S.dtype)
    else:
        p = as_float_array(priors, "priors", shape="(C,)", ndim=1)
        if tuple(p.shape) != (C,) or not bool(xp.all(p > 0)) or abs(float(xp.sum(p)) - 1.0) > 1e-6:
            raise ValueError(f"priors must be {C} positive numbers summing to 1; got shape {tuple(p.shape)}, sum {float(xp.sum(p))!r}")
        logp = xp.log(xp.astype(p, S.dtype))
    return S, -0.5 * xp.sum(S * S, axis=1) + noise_variance * logp


def template_gram(net: Any, x: Any) -> Any:
    r"""Gram matrices of a network's templates, :math:`A[x] A[x]^\top` per input, shape (N, C, C).

    Off-diagonal entries are the inner products :math:`\langle A[x]_{c_1,\cdot}, A[x]_{c_2,\cdot}\rangle`
    that icml18 Sec. 6 wants to vanish.
    """
    A, _ = net.affine_map(x)
    return A @ _backend.array_namespace(A).matrix_transpose(A)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
