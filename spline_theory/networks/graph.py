r"""Networks that are graphs: a block of layers wired as a DAG, with add and concat merges.

A :class:`Graph` is one operator of a :class:`~spline_theory.network.Network`
whose inside is a directed acyclic graph of layers (a ResNet block with its
downsample shortcut, a DenseNet or Inception block). Every node is a
:class:`~spline_theory.layers.Layer` reading one earlier value, or a merge
(:class:`Add`, :class:`Concat`) reading several. Because every node is an
affine spline and sums and concatenations of affine maps are affine, the
block is an affine spline operator and on the region of :math:`z` it applies

.. math::

    g(z) = A_g[z]\,z + B_g[z], \qquad
    A_g[z] = \sum_{\text{paths } \pi: \text{in} \to \text{out}} \prod_{v \in \pi} A_v[z]

(report17 Eq. (44)-(47) for the residual block; icml18 Thm. 1 for the
composition). :meth:`Graph.push` and :meth:`Graph.pull` compute
:math:`A_g[z] V` and :math:`U A_g[z]` node by node (forward and reverse
accumulation over the DAG), never the sum over paths.

A chain is a graph: :func:`spline_theory.torch_interop.from_torch` keeps the
chain parts of an imported model as operators of the network and wraps only
the parts between two articulation points (values every path goes through)
in a :class:`Graph`.

Notation: a node is ``(name, layer, inputs)``; the block's input is the value
named ``"input"``; values are flat ``(n, D_v)`` arrays carrying the shape of
their node.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from .layers import _TYPES, Layer, _prepare, _xp_of, layer_from_spec

__all__ = ["Graph", "Add", "Concat", "INPUT"]

#: Name of the block's input value.
INPUT = "input"


def _lead(arrs: list) -> list:
    """Broadcast the leading (batch) axis of stacks that share the rest of their shape."""
    xp = _xp_of(*arrs)
    n = max(a.shape[0] for a in arrs)
    return [a if a.shape[0] == n else xp.broadcast_to(a, (n, *a.shape[1:])) for a in arrs]


class _Merge(Layer):
    """A node reading several values (the shapes it reads are fixed by :meth:`bind_many`)."""

    merge = True
    in_shapes: tuple = ()

    def bind_many(self, shapes: list) -> _Merge:
        new = copy.copy(self)
        new.in_shapes = tuple(tuple(s) for s in shapes)
        new.in_shape = new.in_shapes[0]
        new.out_shape = tuple(new._merged_shape(new.in_shapes))
        return new

    def _merged_shape(self, shapes: tuple) -> tuple:
        raise NotImplementedError

    def is_convex(self) -> bool:
        return True


class Add(_Merge):
    r"""Sum of values of one shape, :math:`\sum_i c_i z_i` (a residual connection; :math:`c = (1, -1)` a difference).

    Parameters
    ----------
    coefficients : sequence of float, optional
        One per input; default all 1.
    """

    def __init__(self, coefficients: Any = None) -> None:
        if coefficients is not None:
            try:
                coefficients = tuple(float(c) for c in coefficients)
            except (TypeError, ValueError):
                raise TypeError(f"coefficients must be a sequence of floats; got {coefficients!r}") from None
            if not coefficients or not all(math.isfinite(c) for c in coefficients):
                raise ValueError(f"coefficients must be a non-empty sequence of finite floats; got {coefficients!r}")
        self.coefficients = coefficients

    def config(self):
        return {} if self.coefficients is None else {"coefficients": self.coefficients}

    def _merged_shape(self, shapes):
        if len(shapes) < 2:
            raise ValueError(f"Add needs at least two inputs; got {len(shapes)}")
        if any(s != shapes[0] for s in shapes):
            raise ValueError(f"Add needs inputs of one shape; got shapes {list(shapes)}")
        if self.coefficients is not None and len(self.coefficients) != len(shapes):
            raise ValueError(f"Add has {len(self.coefficients)} coefficients for {len(shapes)} inputs")
        return shapes[0]

    def _coef(self, i: int) -> float:
        return 1.0 if self.coefficients is None else self.coefficients[i]

    def _sum(self, arrs: list) -> Any:
        out = None
        for i, a in enumerate(arrs):
            if a is None:
                continue
            c = self._coef(i)
            term = a if c == 1.0 else a * c
            out = term if out is None else out + term
        return out

    def merge_forward(self, zs: list) -> Any:
        return self._sum(zs)

    def merge_push(self, Vs: list) -> Any:
        return self._sum(Vs)

    def merge_pull(self, U: Any) -> list:
        return [U if self._coef(i) == 1.0 else U * self._coef(i) for i in range(len(self.in_shapes))]

    def merge_abs(self, arrs: list) -> Any:
        out = None
        for i, a in enumerate(arrs):  # sum_i |c_i| a_i: the magnitude of the terms, whatever their signs
            term = a if abs(self._coef(i)) == 1.0 else a * abs(self._coef(i))
            out = term if out is None else out + term
        return out

    def is_nondecreasing(self):
        return all(self._coef(i) >= 0 for i in range(len(self.in_shapes)))

    has_nonnegative_weights = is_nondecreasing


class Concat(_Merge):
    """Concatenation of values along one axis of their shape (``axis = 0``: channels, as ``torch.cat(..., dim=1)``).

    Parameters
    ----------
    axis : int, default 0
        Axis of one input's shape (the batch axis is not counted).
    """

    def __init__(self, axis: int = 0) -> None:
        if isinstance(axis, bool) or not isinstance(axis, int) or axis < 0:
            raise ValueError(f"axis must be a non-negative int (an axis of one input's shape, batch axis not counted); got {axis!r}")
        self.axis = axis

    def config(self):
        return {"axis": self.axis}

    def _merged_shape(self, shapes):
        if len(shapes) < 2:
            raise ValueError(f"Concat needs at least two inputs; got {len(shapes)}")
        a = self.axis
        if any(len(s) != len(shapes[0]) or a >= len(s) or s[:a] + s[a + 1 :] != shapes[0][:a] + shapes[0][a + 1 :] for s in shapes):
            raise ValueError(f"Concat(axis={a}) needs inputs whose shapes differ only along axis {a}; got shapes {list(shapes)}")
        return (*shapes[0][:a], sum(s[a] for s in shapes), *shapes[0][a + 1 :])

    def _join(self, arrs: list, lead: int) -> Any:
        """Concatenate stacks whose feature axis is axis ``lead`` (flat features)."""
        xp = _xp_of(*arrs)
        if self.axis == 0:  # the leading axis of the shape: the flat vectors follow one another
            return xp.concat(arrs, axis=lead)
        parts = [xp.reshape(a, (*a.shape[:lead], *s, *a.shape[lead + 1 :])) for a, s in zip(arrs, self.in_shapes)]
        y = xp.concat(parts, axis=lead + self.axis)
        return xp.reshape(y, (*arrs[0].shape[:lead], math.prod(self.out_shape), *arrs[0].shape[lead + 1 :]))

    def merge_forward(self, zs):
        return self._join(_lead(zs), 1)

    def merge_push(self, Vs):
        return self._join(_lead(Vs), 1)

    def merge_pull(self, U):
        xp = _xp_of(U)
        b, Q, _ = U.shape
        if self.axis == 0:
            out, s = [], 0
            for shape in self.in_shapes:
                e = s + math.prod(shape)
                out.append(U[:, :, s:e])
                s = e
            return out
        Ur = xp.reshape(U, (b, Q, *self.out_shape))
        out, s = [], 0
        for shape in self.in_shapes:
            e = s + shape[self.axis]
            idx = (slice(None), slice(None)) + (slice(None),) * self.axis + (slice(s, e),)
            out.append(xp.reshape(Ur[idx], (b, Q, math.prod(shape))))
            s = e
        return out

    def merge_abs(self, arrs):
        return self._join(_lead(arrs), 1)


def _is_merge(lay: Any) -> bool:
    return getattr(lay, "merge", False)


class Graph(Layer):
    r"""A block of layers wired as a directed acyclic graph (see the module docstring).

    Parameters
    ----------
    nodes : sequence of (name, layer, inputs)
        In an order where every input is ``"input"`` or an earlier node's name;
        ``layer`` is a :class:`~spline_theory.layers.Layer` with one input or a
        merge (:class:`Add`, :class:`Concat`) with several.
    output : str, optional
        The node whose value the block returns (default: the last).

    Raises
    ------
    TypeError
        A node is not a triple, or its layer is not a Layer.
    ValueError
        Duplicate names, an input that is not defined before the node, a
        single-input layer given several inputs, or shapes that do not fit
        (when the block is bound to its input shape).

    Examples
    --------
    A residual block :math:`z + W_2\,\mathrm{relu}(W_1 z)`:

    >>> import numpy as np
    >>> from spline_theory.layers import Dense, ReLU
    >>> from spline_theory.network import Network
    >>> from spline_theory.networks.graph import Add, Graph
    >>> block = Graph([("h", Dense(np.eye(2), np.zeros(2)), ["input"]), ("r", ReLU(), ["h"]),
    ...                ("g", Dense(-np.eye(2), np.zeros(2)), ["r"]), ("out", Add(), ["input", "g"])])
    >>> Network([block], input_shape=(2,)).forward(np.array([[1.0, -1.0]]))
    array([[ 0., -1.]])
    """

    def __init__(self, nodes: Any, output: str | None = None) -> None:
        try:
            nodes = [(n, lay, tuple(ins)) for n, lay, ins in nodes]
        except (TypeError, ValueError):
            raise TypeError("nodes must be a sequence of (name, layer, inputs) triples") from None
        if not nodes:
            raise ValueError("nodes must not be empty")
        seen = {INPUT}
        for name, lay, ins in nodes:
            if not isinstance(name, str) or name in seen:
                raise ValueError(f"node names must be unique strings other than {INPUT!r}; got {name!r}")
            if not isinstance(lay, Layer):
                raise TypeError(f"node {name!r}: layer must be a Layer; got {type(lay).__name__}")
            if not ins or any(i not in seen for i in ins):
                raise ValueError(f"node {name!r}: inputs {list(ins)} must be {INPUT!r} or names of earlier nodes")
            if not _is_merge(lay) and len(ins) != 1:
                raise ValueError(f"node {name!r}: {type(lay).__name__} reads one input; got {len(ins)}")
            seen.add(name)
        output = nodes[-1][0] if output is None else output
        if output not in seen or output == INPUT:
            raise ValueError(f"output must name a node; got {output!r}")
        self.nodes = nodes
        self.output = output
        self._plan()

    def _plan(self) -> None:
        """For every value, the index of the last node reading it (values are dropped after it)."""
        last = {}
        for i, (_, _, ins) in enumerate(self.nodes):
            for v in ins:
                last[v] = i
        last[self.output] = len(self.nodes)
        self._drop = [[v for v in set(ins) if last.get(v) == i] for i, (_, _, ins) in enumerate(self.nodes)]

    # ----------------------------------------------------------- structure
    def bind(self, in_shape):
        in_shape = tuple(int(v) for v in in_shape)
        if self.in_shape is not None and in_shape == self.in_shape:
            return self
        new = copy.copy(self)
        shapes = {INPUT: in_shape}
        bound = []
        for name, lay, ins in self.nodes:
            try:
                b = lay.bind_many([shapes[i] for i in ins]) if _is_merge(lay) else lay.bind(shapes[ins[0]])
            except ValueError as exc:
                raise ValueError(f"graph node {name!r} ({type(lay).__name__}) does not fit its input(s) {[shapes[i] for i in ins]}: {exc}") from None
            bound.append((name, b, ins))
            shapes[name] = b.out_shape
        new.nodes = bound
        new.in_shape = in_shape
        new.out_shape = shapes[self.output]
        return new

    def sublayers(self) -> list:
        return [lay for _, lay, _ in self.nodes]

    @property
    def kind(self):
        kinds = {lay.kind for _, lay, _ in self.nodes}
        return "spline" if "spline" in kinds else ("maso" if "maso" in kinds else "affine")

    def arrays(self):
        return {}

    @property
    def xp(self):
        return next((lay.xp for _, lay, _ in self.nodes if lay.xp is not None), None)

    @property
    def dtype(self):
        return next((lay.dtype for _, lay, _ in self.nodes if lay.dtype is not None), None)

    def to(self, xp, dtype):
        new = copy.copy(self)
        new.nodes = [(n, lay.to(xp, dtype), ins) for n, lay, ins in self.nodes]
        return new

    def to_spec(self):
        return {"type": "Graph", "output": self.output, "nodes": [{"name": n, "inputs": list(ins), "layer": lay.to_spec()} for n, lay, ins in self.nodes]}

    @classmethod
    def from_spec_dict(cls, spec: dict, xp: Any, dtype: Any) -> Graph:
        """The block a :meth:`to_spec` dict describes."""
        return cls([(nd["name"], layer_from_spec(nd["layer"], xp, dtype), nd["inputs"]) for nd in spec["nodes"]], spec.get("output"))

    def __repr__(self):
        inner = ", ".join(f"{n}={lay!r}<-{list(ins)}" for n, lay, ins in self.nodes)
        return f"Graph([{inner}], output={self.output!r})"

    # ------------------------------------------------------------ evaluation
    def _run(self, z: Any, step: Any) -> Any:
        """Evaluate node by node: ``step(i, name, lay, values)`` returns the node's value; values no later node reads are dropped."""
        env = {INPUT: z}
        for i, (name, lay, ins) in enumerate(self.nodes):
            env[name] = step(i, name, lay, [env[v] for v in ins])
            for v in self._drop[i]:
                env.pop(v, None)
        return env[self.output]

    def forward(self, z):
        def step(i, name, lay, vals):
            return lay.merge_forward(vals) if _is_merge(lay) else _prepare(lay, vals[0]).forward(vals[0])

        return self._run(z, step)

    def linearize(self, z):
        states = [None] * len(self.nodes)

        def step(i, name, lay, vals):
            if _is_merge(lay):
                return lay.merge_forward(vals)
            lay = _prepare(lay, vals[0])
            out, st = lay.linearize(vals[0])
            states[i] = (lay, st, vals[0])
            return out

        return self._run(z, step), {"nodes": states}

    def push(self, state, V):
        def step(i, name, lay, vals):
            return lay.merge_push(vals) if _is_merge(lay) else state["nodes"][i][0].push(state["nodes"][i][1], vals[0])

        return self._run(V, step)

    def pull(self, state, U):
        cot = {self.output: U}
        for i in range(len(self.nodes) - 1, -1, -1):
            name, lay, ins = self.nodes[i]
            Un = cot.pop(name, None)
            if Un is None:  # the node does not reach the output
                continue
            if _is_merge(lay):
                parts = lay.merge_pull(Un)
            else:
                lay_b, st, _ = state["nodes"][i]
                parts = [lay_b.pull(st, Un)]
            for v, g in zip(ins, parts):
                cot[v] = g if v not in cot else cot[v] + g
        G = cot.get(INPUT)
        if G is None:
            xp = _xp_of(U)
            return xp.zeros((U.shape[0], U.shape[1], self.D_in), dtype=U.dtype)
        return G

    def offset(self, state):
        def step(i, name, lay, vals):
            if _is_merge(lay):
                if isinstance(lay, Concat):
                    if all(v is None for v in vals):
                        return None
                    xp = _xp_of(*[v for v in vals if v is not None])
                    dt = next(v.dtype for v in vals if v is not None)
                    vals = [xp.zeros((1, math.prod(s)), dtype=dt) if v is None else (v[None, :] if v.ndim == 1 else v) for v, s in zip(vals, lay.in_shapes)]
                else:
                    vals = [None if v is None else (v[None, :] if v.ndim == 1 else v) for v in vals]
                return lay.merge_forward(vals)
            lay_b, st, _ = state["nodes"][i]
            b = vals[0]
            if b is not None:
                b = lay_b.push(st, (b[None, :] if b.ndim == 1 else b)[:, :, None])[..., 0]
            off = lay_b.offset(st)
            if off is None:
                return b
            return off if b is None else b + off

        return self._run(None, step)

    def codes(self, state):
        return [c for ns in state["nodes"] if ns is not None for c in ns[0].codes(ns[1])]

    def margins(self, state, z, V):
        out = []

        def step(i, name, lay, vals):
            if _is_merge(lay):
                return lay.merge_push(vals)
            lay_b, st, inp = state["nodes"][i]
            out.extend(lay_b.margins(st, inp, vals[0]))
            return lay_b.push(st, vals[0])

        self._run(V, step)
        return out

    def abs_forward(self, a):
        def step(i, name, lay, vals):
            return lay.merge_abs(vals) if _is_merge(lay) else _prepare(lay, vals[0]).abs_forward(vals[0])

        return self._run(a, step)

    def maso(self):
        raise TypeError("Graph is a composition of layers, not a single MASO")

    # ------------------------------------------------------------ properties
    def _after_nonlinear(self) -> list:
        """Per node: whether some path from the input to it passes a non-affine node before it."""
        nl = {INPUT: False}
        flags = []
        for name, lay, ins in self.nodes:
            before = any(nl[v] for v in ins)
            flags.append(before)
            nl[name] = before or lay.kind != "affine"
        return flags

    def has_nonnegative_weights(self):
        return all(lay.has_nonnegative_weights() for _, lay, _ in self.nodes)

    def is_nondecreasing(self):
        return all(lay.is_nondecreasing() and lay.has_nonnegative_weights() for _, lay, _ in self.nodes)

    def is_convex(self):
        # Sufficient (icml18 Thm. 2 applied along every path): convex nodes, and every node that
        # reads a nonlinear result is non-decreasing with non-negative weights.
        after = self._after_nonlinear()
        return all(lay.is_convex() and (not a or (lay.is_nondecreasing() and lay.has_nonnegative_weights())) for (_, lay, _), a in zip(self.nodes, after))


_TYPES.update({"Graph": Graph, "Add": Add, "Concat": Concat})


from ..backend import accept_tensors as _accept_tensors  # noqa: E402

_accept_tensors(globals(), constructors_only=True)  # NumPy scalars and tensors in the constructors' arguments
