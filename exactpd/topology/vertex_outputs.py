"""The network's outputs at the vertices of a complex: exact on demand, their signs filtered in floats (issue 14).

Most topological questions about ``{f op t}`` need only the *sign* of ``f - t``
at every vertex (:mod:`exactpd.topology.decision`), and persistence needs the
exact values.  :class:`VertexOutputs` holds the vertices and gives both: the
exact outputs (one batched integer pass, :func:`~exactpd.topology.faces.batched_pass`)
on first access only, and the signs through a float filter with a proven
error bound (CGAL's filtered predicates, ../shared/style.md), the exact pass
deciding only the vertices the filter leaves open (above all every zero).

The bound (:func:`output_float_bound`).  ``u = 2^-53``; every weight and
coordinate is rounded once to the nearest float, so ``|q - fl(q)| <= u |fl(q)|``
(checked: a weight that is not 0 or a normal float disables the filter; a
subnormal coordinate is covered by the absolute term ``2^-1000``).  Suppose
``|ẑ - z| <= ê`` entry by entry at a layer's input (m entries), and let one
affine piece be ``y = s . z + c``, computed as ``ŷ = fl(ŝ . ẑ + ĉ)`` by a numpy
product (``einsum``) in any order, with or without fused multiply-adds.  Then

    |ŷ - y| <= |ŷ - (ŝ.ẑ + ĉ)| + |ẑ| . |ŝ - s| + |ẑ - z| . |s| + |ĉ - c|
            <= (γ_{m+1} + u) M + (1 + u) ê . |ŝ|,      M = |ẑ| . |ŝ| + |ĉ|,

with ``γ_k = k u / (1 - k u)`` (the classical bound of a rounded dot product).
M and ``T = ê . |ŝ|`` are computed in floats too, sums of nonnegative terms,
so ``M <= fl(M) / (1 - γ_{m+1})`` and ``T <= fl(T) / (1 - γ_m)``; the filter
takes ``ê' = fl(α fl(M) + β fl(T) + 2^-1000)`` with ``α = (m + 4) 2^-52`` and
``β = 1 + α``, which exceed the coefficients above with the three last roundings
(for ``m < 2^40``); the absolute term covers underflow (at most ``2^-1074`` per
operation).  A unit's output is the max of its pieces, and
``|max_r ŷ_r - max_r y_r| <= max_r |ŷ_r - y_r|``: the bound of a unit is the
largest bound of its pieces.  The output map is one more affine step.  For a
level t: ``d = fl(f̂ - fl(t))`` is off ``f - t`` by at most
``ê + u |fl(t)| + u |d|``, and the filter proves the sign of d where ``|d|``
exceeds 1.5 times that (computed in floats) plus ``2^-1000``.  A value or
bound that is not finite proves nothing; neither does a value 0.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from fractions import Fraction

from exactpd.enumeration.float_view import to_float
from exactpd.network.maso import maso_layers, output_map
from exactpd.rational import QVector, to_rational
from exactpd.topology.faces import batched_pass

__all__ = ["VertexOutputs", "output_float_bound", "output_signs"]

_U = 2.0**-53
_TINY = 2.0**-1000


def _rounded(q) -> float | None:
    """``fl(q)`` when it is within ``u |fl(q)|`` of q (q is 0 or in the normal float range), else None."""
    x = to_float(q)
    if x == 0.0:
        return x if q == 0 else None
    return x if sys.float_info.min <= abs(x) <= sys.float_info.max else None


def _float_steps(network) -> list | None:
    """The network as float steps ``(slopes, offsets, n_pieces)`` per group of units with as many pieces (None: a weight out of range).

    A step's ``slopes`` has one row per piece (units of the group in order, each unit's pieces together);
    the output map is a last step with one piece per output.
    """
    import numpy as np

    steps = []
    layers = [(layer.slopes, layer.offsets) for layer in maso_layers(network)]
    final = output_map(network)
    if final is not None:
        layers.append((tuple((row,) for row in final.G), tuple((c,) for c in final.h)))
    for slopes, offsets in layers:
        groups: dict[int, list] = {}
        for k, rows in enumerate(slopes):
            groups.setdefault(len(rows), []).append(k)
        step = []
        for n_pieces, units in groups.items():
            rows = [[_rounded(a) for a in row] for k in units for row in slopes[k]]
            consts = [_rounded(c) for k in units for c in offsets[k]]
            if any(v is None for row in rows for v in row) or any(v is None for v in consts):
                return None
            width = len(rows[0])
            step.append((units, np.array(rows, dtype=np.float64).reshape(len(rows), width), np.array(consts, dtype=np.float64), n_pieces))
        steps.append((len(slopes), step))
    return steps


def output_float_bound(network, points: Sequence[QVector]):
    """Float64 outputs of a network at exact points, with a proven bound on their error.

    Parameters
    ----------
    network : Network
        The network.
    points : sequence of QVector
        Exact points (Fractions) of its input space.

    Returns
    -------
    (values, bounds) or None
        Two float64 arrays of shape ``(n_points, n_outputs)`` with
        ``|values - f(point)| <= bounds`` entry by entry wherever ``bounds`` is
        finite (module docstring); None when a weight is neither 0 nor a normal float.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(1, [exactpd.Dense([["1/3"]], [0], "relu"), exactpd.Dense([[3]], [-1])])
    >>> values, bounds = output_float_bound(net, [(Fraction(1),)])  # f(1) = 3 relu(1/3) - 1 = 0
    >>> bool(abs(values[0, 0]) <= bounds[0, 0] < 1e-14)  # the float value is within its bound of 0
    True
    """
    import numpy as np

    steps = _float_steps(network)
    if steps is None:
        return None
    Z = np.array([[to_float(a) for a in p] for p in points], dtype=np.float64).reshape(len(points), network.input_dim)
    E = _U * np.abs(Z) + _TINY
    with np.errstate(all="ignore"):
        for n_units, step in steps:
            Z, E = _step_float(Z, E, n_units, step)
    return Z, E


def _step_float(Z, E, n_units: int, step: list) -> tuple:
    """One layer (or the output map) on the float points Z with error bounds E (module docstring)."""
    import numpy as np

    n = Z.shape[0]
    out, bound = np.empty((n, n_units)), np.empty((n, n_units))
    for units, S, c, n_pieces in step:
        m = S.shape[1]
        alpha = (m + 4) * 2.0**-52
        A = np.abs(S)
        values = np.einsum("ij,kj->ik", Z, S) + c  # numpy's own loops: BLAS threads cost more on such small products
        errors = alpha * (np.einsum("ij,kj->ik", np.abs(Z), A) + np.abs(c)) + (1.0 + alpha) * np.einsum("ij,kj->ik", E, A) + _TINY
        out[:, units] = values.reshape(n, len(units), n_pieces).max(axis=2)
        bound[:, units] = errors.reshape(n, len(units), n_pieces).max(axis=2)
    return out, bound


def output_signs(network, points: Sequence[QVector], logit: int = 0, level=0, floats=None) -> tuple[int, ...]:
    """The exact sign (-1, 0 or 1) of ``f_logit - level`` at each point: filtered in floats, exact where undecided.

    Parameters
    ----------
    network : Network
        The network.
    points : sequence of QVector
        Exact points of its input space.
    logit : int, default 0
        Which output is f.
    level : number, default 0
        The level t (any exact number).
    floats : (values, bounds) or False, optional
        :func:`output_float_bound` of these points, when already computed
        (False: the filter cannot be used, every sign is exact).

    Returns
    -------
    tuple of int
        One sign per point, exact: a sign the float bound does not prove (every
        zero among them) is read from the exact integer forward pass.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> output_signs(net, [(Fraction(-1),), (Fraction(1, 2),), (Fraction(0),)])
    (1, 0, -1)
    >>> output_signs(net, [(Fraction(-1),)], level="1/2")
    (0,)
    """
    import numpy as np

    t = to_rational(level, "the level")
    t_float = _rounded(t)
    if floats is None and t_float is not None:
        floats = output_float_bound(network, points)
    signs = np.zeros(len(points), dtype=np.int64)
    proved = np.zeros(len(points), dtype=bool)
    if isinstance(floats, tuple) and t_float is not None:
        values, bounds = floats
        with np.errstate(all="ignore"):
            d = values[:, logit] - t_float
            bound = 1.5 * (bounds[:, logit] + _U * (abs(t_float) + np.abs(d))) + _TINY
            proved = np.isfinite(d) & np.isfinite(bound) & (np.abs(d) > bound)
        signs[proved] = np.sign(d[proved]).astype(np.int64)
    open_ = np.flatnonzero(~proved).tolist()
    if open_:
        exact = batched_pass(network, [points[i] for i in open_], signs=False).outputs
        for i, value in zip(open_, exact):
            signs[i] = (value[logit] > t) - (value[logit] < t)
    return tuple(signs.tolist())


class VertexOutputs(Sequence):
    """The network's exact outputs at the vertices of a complex, computed on first access; their signs filtered.

    A sequence (one output vector per vertex, as ``DecisionComplex.logits``):
    indexing, iterating or ``len`` runs the exact batched pass once
    (:func:`~exactpd.topology.faces.batched_pass`) and keeps the values.
    :meth:`signs` needs only the float filter of :func:`output_signs`, and exact
    values at the vertices it leaves open (or all of them, once computed).

    Parameters
    ----------
    network : Network
        The network.
    points : sequence of QVector
        The vertices, exact.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> outputs = VertexOutputs(net, [(Fraction(-1),), (Fraction(0),)])
    >>> outputs.signs(), outputs.computed
    ((1, -1), False)
    >>> outputs[1], outputs.computed
    ((Fraction(-1, 2),), True)
    """

    def __init__(self, network, points: Sequence[QVector]) -> None:
        self.network, self.points = network, tuple(points)
        self._values: tuple | None = None
        self._floats: object = None

    @property
    def computed(self) -> bool:
        """Whether the exact outputs have been computed."""
        return self._values is not None

    def _exact(self) -> tuple:
        if self._values is None:
            self._values = tuple(batched_pass(self.network, self.points, signs=False).outputs)
        return self._values

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, index):
        return self._exact()[index]

    def __iter__(self):
        return iter(self._exact())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"VertexOutputs({len(self.points)} vertices, {'exact' if self.computed else 'not computed yet'})"

    def signs(self, logit: int = 0, level=0) -> tuple[int, ...]:
        """The exact sign of ``f_logit - level`` at every vertex (:func:`output_signs`).

        Parameters
        ----------
        logit : int, default 0
            Which output is f.
        level : number, default 0
            The level t.

        Returns
        -------
        tuple of int
            -1, 0 or 1 per vertex.

        Examples
        --------
        >>> import exactpd
        >>> step = exactpd.Network(1, [exactpd.Dense([[1]], [0])])
        >>> VertexOutputs(step, [(Fraction(-1),), (Fraction(1),)]).signs(level="1/2")
        (-1, 1)
        """
        t = to_rational(level, "the level")
        if self._values is not None:
            return tuple((f[logit] > t) - (f[logit] < t) for f in self._values)
        if self._floats is None:
            self._floats = output_float_bound(self.network, self.points) or False
        return output_signs(self.network, self.points, logit, t, self._floats)
