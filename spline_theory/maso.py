r"""Max-affine spline operators (MASOs) and their vector-quantization form.

Notation (icml18 Sec. 3, iclr19 Sec. 2), used throughout the library:

=========  ==========  =====================================================
name       shape       meaning
=========  ==========  =====================================================
``A``      (K, R, D)   slopes: ``A[k, r]`` is the slope of region r of unit k
``B``      (K, R)      offsets (biases) of the same regions
``x``      (N, D)      a batch of N inputs (one input of shape (D,) is accepted)
``u``      (N, K, R)   pre-activations :math:`u_{n,k,r}=\langle A_{k,r},x_n\rangle+B_{k,r}`
``T``      (N, K, R)   VQ selection matrix of each input (rows on the simplex)
=========  ==========  =====================================================

Region codes are **0-based**: code ``r`` is the paper's region ``r + 1``.
Ties in the arg-max (an input on a region boundary) go to the lowest region
index, the convention of ``argmax`` in every array-API library.

All functions take NumPy, CuPy or any array-API arrays (array-api-compat) and
compute in the input's namespace, dtype and device; nothing given is modified.
"""

from __future__ import annotations

from typing import Any

from ._validation import array_namespace_or_error, as_float_array, as_vector, check_probability

__all__ = ["MASO", "max_affine_spline", "affine_spline"]


class MASO:
    r"""A max-affine spline operator :math:`S[A,B]:\mathbb{R}^D\to\mathbb{R}^K`.

    Parameters
    ----------
    A : array of shape (K, R, D)
        Slopes. ``A[k, r, :]`` is :math:`[A]_{k,r,\cdot}`.
    B : array of shape (K, R)
        Offsets. ``B[k, r]`` is :math:`[B]_{k,r}`.

    Raises
    ------
    ValueError
        ``A`` is not 3-D, ``B`` is not (K, R), either is empty or holds NaN/inf.
    TypeError
        Non-numeric or complex dtype, or ``A`` and ``B`` from different backends.

    Notes
    -----
    Implements Eq. (5) of icml18 (Eq. (1) of iclr19):

    .. math::

        [S[A,B](x)]_k = \max_{r=1,\dots,R}\ \langle [A]_{k,r,\cdot}, x\rangle + [B]_{k,r}
        = [A[x]\,x + B[x]]_k ,

    with :math:`[A[x]]_{k} = [A]_{k, r_k(x)}`, :math:`[B[x]]_k = [B]_{k, r_k(x)}` and
    :math:`r_k(x)` the arg-max. The computation dtype is the promotion of ``A``
    and ``B`` (and of ``x`` at evaluation); integer inputs are cast to float64.
    The arrays are copied, so later changes to the caller's arrays do not
    change the operator.

    References
    ----------
    icml18 Sec. 3, Eq. (4)-(5); iclr19 Sec. 2, Eq. (1)-(2).

    Examples
    --------
    The ReLU of a 2-vector as a MASO (icml18 Prop. 2):

    >>> import numpy as np
    >>> from spline_theory import MASO
    >>> A = np.array([[[0., 0.], [1., 0.]], [[0., 0.], [0., 1.]]])
    >>> relu = MASO(A, np.zeros((2, 2)))
    >>> relu(np.array([[-1.0, 2.0]]))
    array([[0., 2.]])
    >>> relu.region_codes(np.array([[-1.0, 2.0]]))
    array([[0, 1]])
    """

    def __init__(self, A: Any, B: Any) -> None:
        A = as_float_array(A, "A", shape="(K, R, D)", ndim=3)
        xp = array_namespace_or_error(A, name="A")
        B = as_float_array(B, "B", shape="(K, R)", ndim=2, xp=xp)
        if tuple(B.shape) != tuple(A.shape[:2]):
            raise ValueError(
                f"B must have shape (K, R) = {tuple(A.shape[:2])} to match A of shape "
                f"{tuple(A.shape)}; got shape {tuple(B.shape)}"
            )
        dtype = xp.result_type(A.dtype, B.dtype)
        self._xp = xp
        self._A = xp.asarray(xp.astype(A, dtype), copy=True)
        self._B = xp.asarray(xp.astype(B, dtype), copy=True)
        K, R, D = A.shape
        # Region-major copies used by every evaluation: one GEMM per batch gives
        # u in layout (N, R, K), whose reductions over regions run along
        # contiguous rows of K units (much faster than over a trailing axis of
        # length R = 2).
        self._A_rk = xp.reshape(xp.permute_dims(self._A, (1, 0, 2)), (R * K, D))
        self._A_rk_T = xp.matrix_transpose(self._A_rk)
        self._B_rk = xp.matrix_transpose(self._B)

    # ------------------------------------------------------------------ shape
    @property
    def A(self) -> Any:
        """Slopes, shape (K, R, D). Treat as read-only."""
        return self._A

    @property
    def B(self) -> Any:
        """Offsets, shape (K, R). Treat as read-only."""
        return self._B

    @property
    def K(self) -> int:
        """Number of output units."""
        return int(self._A.shape[0])

    @property
    def R(self) -> int:
        """Number of regions (affine pieces) per unit."""
        return int(self._A.shape[1])

    @property
    def D(self) -> int:
        """Input dimension."""
        return int(self._A.shape[2])

    @property
    def dtype(self) -> Any:
        """Floating dtype of the parameters."""
        return self._A.dtype

    @property
    def xp(self) -> Any:
        """Array namespace of the parameters."""
        return self._xp

    def __repr__(self) -> str:
        return f"MASO(K={self.K}, R={self.R}, D={self.D}, dtype={self.dtype})"

    # ------------------------------------------------------------- evaluation
    def _batch(self, x: Any) -> tuple[Any, bool]:
        x = as_float_array(x, "x", shape=f"(N, D) with D = {self.D}", ndim=(1, 2), xp=self._xp)
        single = x.ndim == 1
        if single:
            x = self._xp.reshape(x, (1, x.shape[0]))
        if x.shape[1] != self.D:
            raise ValueError(f"x must have shape (N, D) with D = {self.D}; got shape {tuple(x.shape)}")
        return x, single

    def _unbatch(self, y: Any, single: bool) -> Any:
        return y[0, ...] if single else y

    def _u(self, x: Any) -> Any:
        """Pre-activations in region-major layout (N, R, K)."""
        xp = self._xp
        dtype = xp.result_type(self.dtype, x.dtype)
        u = xp.astype(x, dtype, copy=False) @ xp.astype(self._A_rk_T, dtype, copy=False)
        u = xp.reshape(u, (x.shape[0], self.R, self.K))
        u += xp.astype(self._B_rk, dtype, copy=False)  # u is a fresh array: updating it in place saves a copy
        return u

    def pre_activations(self, x: Any) -> Any:
        r"""The per-region affine values :math:`u_{n,k,r}`.

        Parameters
        ----------
        x : array of shape (N, D) or (D,)

        Returns
        -------
        u : array of shape (N, K, R) (or (K, R) for one input)

        Notes
        -----
        :math:`u_{n,k,r} = \langle [A]_{k,r,\cdot}, x_n \rangle + [B]_{k,r}`, the
        quantity maximized in icml18 Eq. (5) and iclr19 Eq. (1).
        """
        x, single = self._batch(x)
        return self._unbatch(self._xp.permute_dims(self._u(x), (0, 2, 1)), single)

    def __call__(self, x: Any) -> Any:
        r"""Evaluate :math:`S[A,B](x)` (icml18 Eq. (5)).

        Parameters
        ----------
        x : array of shape (N, D) or (D,)

        Returns
        -------
        z : array of shape (N, K) (or (K,))
            :math:`z_{n,k} = \max_r \langle [A]_{k,r,\cdot}, x_n\rangle + [B]_{k,r}`.
        """
        x, single = self._batch(x)
        return self._unbatch(self._xp.max(self._u(x), axis=1), single)

    def region_codes(self, x: Any) -> Any:
        r"""The region index of every unit, :math:`r_k(x)` (icml18 Eq. (14)).

        Parameters
        ----------
        x : array of shape (N, D) or (D,)

        Returns
        -------
        codes : integer array of shape (N, K) (or (K,))
            0-based arg-max over regions; ties go to the lowest index.

        Notes
        -----
        :math:`r_k(x) = \arg\max_r \langle [A]_{k,r,\cdot}, x\rangle + [B]_{k,r}`
        (icml18 Eq. (5), iclr19 Eq. (2) and (5)).
        """
        x, single = self._batch(x)
        return self._unbatch(self._xp.argmax(self._u(x), axis=1), single)

    def affine_at(self, x: Any) -> tuple[Any, Any]:
        r"""The signal-dependent affine map :math:`(A[x], B[x])` of icml18 Eq. (5).

        Parameters
        ----------
        x : array of shape (N, D) or (D,)

        Returns
        -------
        A_x : array of shape (N, K, D) (or (K, D))
            :math:`[A[x]]_{k,\cdot} = [A]_{k, r_k(x), \cdot}`.
        B_x : array of shape (N, K) (or (K,))
            :math:`[B[x]]_k = [B]_{k, r_k(x)}`.

        Notes
        -----
        :math:`S[A,B](x) = A[x]\,x + B[x]` (icml18 Eq. (5)).

        Examples
        --------
        >>> import numpy as np
        >>> from spline_theory import MASO
        >>> S = MASO(np.array([[[-1.0], [1.0]]]), np.zeros((1, 2)))  # |x|
        >>> A_x, B_x = S.affine_at(np.array([[-3.0]]))
        >>> A_x, B_x
        (array([[[-1.]]]), array([[0.]]))
        """
        xp = self._xp
        x, single = self._batch(x)
        codes = xp.argmax(self._u(x), axis=1)  # (N, K)
        N = x.shape[0]
        flat = xp.reshape(codes * self.K + xp.arange(self.K, dtype=codes.dtype), (N * self.K,))
        A_x = xp.reshape(xp.take(self._A_rk, flat, axis=0), (N, self.K, self.D))
        B_x = xp.reshape(xp.take(xp.reshape(self._B_rk, (self.R * self.K,)), flat, axis=0), (N, self.K))
        return self._unbatch(A_x, single), self._unbatch(B_x, single)

    def vq_matrix(self, x: Any, beta: Any = 1.0) -> Any:
        r"""The VQ selection matrix :math:`\hat T_\beta` of every input.

        Parameters
        ----------
        x : array of shape (N, D) or (D,)
        beta : float in [0, 1], or array of shape (K,), default 1.0
            1 gives hard VQ (iclr19 Eq. (2), (5)), 1/2 soft VQ (Eq. (6)), values
            in (0, 1) beta-VQ (Eq. (9)), 0 the linear (uniform) limit.

        Returns
        -------
        T : array of shape (N, K, R) (or (K, R))
            Each row ``T[n, k, :]`` lies on the simplex.

        Raises
        ------
        ValueError
            ``beta`` outside [0, 1] or of the wrong shape.

        Notes
        -----
        Implements iclr19 Eq. (9) (Thm. 3):

        .. math::

            [\hat T_\beta]_{k,r} = \frac{\exp(\eta_k u_{k,r})}{\sum_j \exp(\eta_k u_{k,j})},
            \qquad \eta_k = \frac{\beta_k}{1-\beta_k},

        with the limits :math:`\beta=1` (one-hot at the arg-max, ties to the
        lowest index) and :math:`\beta=0` (uniform :math:`1/R`). The softmax is
        evaluated after subtracting the row maximum, so large :math:`\eta` do
        not overflow.
        """
        xp = self._xp
        x, single = self._batch(x)
        u = self._u(x)  # (N, R, K)
        dtype = u.dtype
        if isinstance(beta, (int, float)) and not isinstance(beta, bool):
            b = check_probability(beta, "beta")
            if b == 1.0:
                T = self._one_hot(xp.argmax(u, axis=1), dtype)
            elif b == 0.0:
                T = xp.full(u.shape, 1.0 / self.R, dtype=dtype)
            else:
                T = _softmax(xp, (b / (1.0 - b)) * u)
            return self._unbatch(xp.permute_dims(T, (0, 2, 1)), single)
        beta_arr = as_vector(beta, "beta", self.K, xp=xp, symbol="K")
        if not bool(xp.all((beta_arr >= 0) & (beta_arr <= 1))):
            raise ValueError("beta must lie in [0, 1] for every unit; got values outside that interval")
        beta_arr = xp.astype(beta_arr, dtype)[None, :]  # (1, K), broadcast over (N, R, K)
        hard = beta_arr == 1
        eta = xp.where(hard, xp.zeros_like(beta_arr), beta_arr / xp.where(hard, xp.ones_like(beta_arr), 1 - beta_arr))
        T_soft = _softmax(xp, eta * u)  # eta = 0 gives the uniform limit exactly
        T_hard = self._one_hot(xp.argmax(u, axis=1), dtype)
        return self._unbatch(xp.permute_dims(xp.where(hard, T_hard, T_soft), (0, 2, 1)), single)

    def _one_hot(self, codes: Any, dtype: Any) -> Any:
        """(N, K) codes to a one-hot (N, R, K) matrix."""
        xp = self._xp
        r = xp.arange(self.R, dtype=codes.dtype)
        return xp.astype(codes[:, None, :] == r[None, :, None], dtype)

    def vq_output(self, x: Any, T: Any) -> Any:
        r"""The MASO output computed from a VQ matrix (iclr19 Eq. (2)).

        Parameters
        ----------
        x : array of shape (N, D) or (D,)
        T : array of shape (N, K, R) (or (K, R))
            Selection matrix, e.g. from :meth:`vq_matrix`.

        Returns
        -------
        z : array of shape (N, K) (or (K,))

        Notes
        -----
        :math:`z_k = \sum_r [T]_{k,r}\,(\langle [A]_{k,r,\cdot}, x\rangle + [B]_{k,r})`.
        With the hard matrix this is :math:`S[A,B](x)`; with :math:`\hat T_\beta`
        it is the beta-VQ nonlinearity of iclr19 Sec. 4.
        """
        xp = self._xp
        x, single = self._batch(x)
        T = as_float_array(T, "T", shape=f"(N, K, R) = ({x.shape[0]}, {self.K}, {self.R})", ndim=(2, 3), xp=xp)
        if T.ndim == 2:
            T = xp.reshape(T, (1,) + tuple(T.shape))
        if tuple(T.shape) != (x.shape[0], self.K, self.R):
            raise ValueError(f"T must have shape (N, K, R) = ({x.shape[0]}, {self.K}, {self.R}); got shape {tuple(T.shape)}")
        return self._unbatch(xp.sum(T * xp.permute_dims(self._u(x), (0, 2, 1)), axis=2), single)

    def beta_vq(self, x: Any, beta: Any) -> Any:
        r"""The beta-VQ output :math:`\sum_r [\hat T_\beta]_{k,r} u_{k,r}` (iclr19 Sec. 4).

        Parameters
        ----------
        x : array of shape (N, D) or (D,)
        beta : float in [0, 1] or array of shape (K,)

        Returns
        -------
        z : array of shape (N, K) (or (K,))

        Notes
        -----
        Eq. (2) of iclr19 with the selection matrix of Eq. (9); beta = 1 gives
        back :math:`S[A,B](x)`.
        """
        return self.vq_output(x, self.vq_matrix(x, beta))


def max_affine_spline(alpha: Any, beta: Any) -> MASO:
    r"""The max-affine spline function :math:`s[\alpha,\beta]` as a one-unit MASO.

    Parameters
    ----------
    alpha : array of shape (R, D)
        Slopes of the R affine pieces.
    beta : array of shape (R,)
        Offsets of the pieces.

    Returns
    -------
    MASO
        With K = 1; ``s(x)`` has shape (N, 1).

    Notes
    -----
    Implements icml18 Eq. (4):
    :math:`s[\alpha,\beta](x)=\max_{r}\langle[\alpha]_{r,\cdot},x\rangle+[\beta]_r`.

    Examples
    --------
    >>> import numpy as np
    >>> from spline_theory import max_affine_spline
    >>> s = max_affine_spline(np.array([[-1.0], [1.0]]), np.array([0.0, 0.0]))
    >>> s(np.array([[-2.0], [3.0]]))[:, 0]
    array([2., 3.])
    """
    alpha = as_float_array(alpha, "alpha", shape="(R, D)", ndim=2)
    xp = array_namespace_or_error(alpha, name="alpha")
    beta = as_vector(beta, "beta", alpha.shape[0], xp=xp, symbol="R")
    return MASO(alpha[None, ...], beta[None, ...])


def affine_spline(x: Any, alpha: Any, beta: Any, region: Any) -> Any:
    r"""A multivariate affine spline on an explicit partition (icml18 Eq. (3)).

    Parameters
    ----------
    x : array of shape (N, D)
        Inputs.
    alpha : array of shape (R, D)
        Slope of each region.
    beta : array of shape (R,)
        Offset of each region.
    region : integer array of shape (N,)
        The region :math:`\omega_r` that contains each input (0-based), i.e.
        the partition :math:`\Omega` evaluated at ``x``.

    Returns
    -------
    s : array of shape (N,)

    Raises
    ------
    ValueError
        Mismatched shapes, or a region index outside ``0..R-1``.

    Notes
    -----
    :math:`s[\alpha,\beta,\Omega](x)=\sum_r(\langle[\alpha]_{r,\cdot},x\rangle+[\beta]_r)
    \mathbf 1(x\in\omega_r)=\langle\alpha[x],x\rangle+\beta[x]`.
    Unlike :func:`max_affine_spline`, the partition is an input here.
    """
    x = as_float_array(x, "x", shape="(N, D)", ndim=2)
    xp = array_namespace_or_error(x, name="x")
    alpha = as_float_array(alpha, "alpha", shape=f"(R, D) with D = {x.shape[1]}", ndim=2, xp=xp)
    if alpha.shape[1] != x.shape[1]:
        raise ValueError(f"alpha must have shape (R, D) with D = {x.shape[1]}; got shape {tuple(alpha.shape)}")
    beta = as_vector(beta, "beta", alpha.shape[0], xp=xp, symbol="R")
    region = xp.asarray(region)
    if region.ndim != 1 or region.shape[0] != x.shape[0] or not xp.isdtype(region.dtype, "integral"):
        raise ValueError(f"region must be an integer array of shape (N,) = ({x.shape[0]},); got {region.dtype} of shape {tuple(region.shape)}")
    R = alpha.shape[0]
    if bool(xp.any((region < 0) | (region >= R))):
        raise ValueError(f"region must hold indices in 0..{R - 1}")
    dtype = xp.result_type(x.dtype, alpha.dtype, beta.dtype)
    a = xp.take(xp.astype(alpha, dtype), region, axis=0)
    return xp.sum(a * xp.astype(x, dtype), axis=1) + xp.take(xp.astype(beta, dtype), region, axis=0)


def _softmax(xp: Any, v: Any) -> Any:
    """Softmax over the region axis (axis 1 of the (N, R, K) layout)."""
    v = v - xp.max(v, axis=1, keepdims=True)
    e = xp.exp(v)
    return e / xp.sum(e, axis=1, keepdims=True)


from .backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals())  # every public function takes PyTorch tensors (backend.tensors_in_out)
