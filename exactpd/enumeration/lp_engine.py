"""The LP engine's cell splitting: power-diagram subdivision of one cell by one layer (paper Theorem 3, eq. 15).

The partition Omega^(1..l) is built layer by layer: each region omega of
Omega^(1..l-1) is cut by layer l's power diagram restricted to omega
(Theorem 2: inside omega the layer acts on x through the affine map
``x -> G_omega x + h_omega``, so its unit boundaries are hyperplanes of the
input space).  Inside omega the layer's diagram is cut unit by unit: the cell
of unit k's piece r is ``{x : E_{k,r}(x) >= E_{k,s}(x) for all s}`` with
``E_{k,r}(x) = <G^T A_{k,r}, x> + <A_{k,r}, h> + B_{k,r}``, so work is spent
only on cells that exist, never on the R^K candidate codes.

A cell carries only facets: every row has a point of its facet's relative
interior (``Cell.points``), and the rows a cut makes redundant are dropped,
with a certificate, when the cell is made.  Every decision is exact:

- a 2-piece unit (relu, leaky relu, abs) *cuts* a cell when two points of the
  cell's closure (the witness, the facet points, or an exact LP vertex) lie
  strictly on opposite sides of its hyperplane; the children's witnesses and
  the new facet's point are then exact points of the segment between them,
  so no LP is needed;
- it *misses* the cell when the exact maximum of the unit's function over the
  cell (an LP hint confirmed on its basis, or the exact simplex method:
  :func:`exactpd.kernel.polytope.maximize_certified`) does not cross zero; one
  batch of hot-started LPs per cell settles every unit of a cut;
- a parent facet whose point lies strictly on a child's side stays a facet of
  that child with the same point; the other rows are certified as facets or
  as implied (:func:`exactpd.kernel.polytope.row_certificates`), and implied
  rows are dropped;
- a unit whose boundary coincides with a facet of the cell adds its label to
  that facet (an identical row), whether or not it cuts anything;
- units with more pieces (max-pooling, maxout) are cut piece by piece with
  interior certificates (:func:`exactpd.kernel.polytope.interior_certificate`).

The scheduling of cells (executors, progress, the journal) is in
:mod:`exactpd.enumeration.driver`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from operator import mul
from typing import Sequence

from exactpd.enumeration.region import DOMAIN, Region, build_region
from exactpd.enumeration.stats import EnumerationStats
from exactpd.errors import CertificationError, InvalidDomainError
from exactpd.hints.engine import DEFAULT_ENGINE, EngineLike, get_engine
from exactpd.kernel.certificate import FacetCertificate, InteriorWitness, NoInteriorCertificate, box_bound_holds, check, row_slacks
from exactpd.kernel.polytope import VERTEX_HINT_MAX_DIM, HPolytope, facets_certified, interior_certificate, maximize_certified, polygon_corners, row_certificates
from exactpd.kernel.simplex import LPStatus
from exactpd.kernel.vertex_hint import (
    VertexHint, bound_or_beyond_hint, box_multipliers_hint, drop_rows_hint, facet_points_hint, split_vertex_hint, strictly_inside_filtered,
    support_multipliers_hint, vertex_hint,
)
from exactpd.network.maso import AffineMap, IntegerLayer, IntegerMap, apply_pieces
from exactpd.rational import QVector, dot, integer_point, primitive_row

__all__ = ["Cell", "final_facets", "final_facets_encoded", "finalize", "root_cell", "subdivide", "with_maps"]


@dataclass(frozen=True)
class Cell:
    """A region of Omega^(1..layer) under construction: exact rows, labels, witness, code prefix.

    ``points[i]`` is a rational point in the relative interior of row i's
    facet (strictly inside every row not identical to row i), so every row is
    a facet; ``points == ()`` means not known yet (the root, or a cell read
    back from a journal): the next cut certifies the rows first.

    Attributes
    ----------
    code : Code
        The code prefix: one tuple per nonlinear layer cut so far.
    A, b : tuple
        Primitive integer rows ``A x <= b``.
    labels : tuple
        One label per row: ``(layer, unit)`` or ``DOMAIN``.
    witness : tuple of Fraction
        A point strictly inside.
    maps : tuple
        The integer maps ``x -> z^(l)(x)`` of the layers of the code prefix (not compared).
    pieces : tuple
        The pieces of the current layer's first units, for a cell cut part way.
    points : tuple
        One facet point per row, or ``()`` when not known (not compared).
    hint : VertexHint or None
        The float vertices of the cell when known (a hint; not compared, not pickled).
    ints : tuple or None
        The witness and the facet points as ``(X, den)`` integers where
        already known (a cache; not compared, not pickled).
    bound : tuple of int or None
        Half-widths ``M_k`` of a box ``|x_k| < M_k`` that contains the domain
        strictly (None for an unbounded domain; not compared): the box in
        which float multipliers prove bounds (:func:`exactpd.kernel.certificate.box_bound_holds`).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> layers = net.maso.integer_layers
    >>> root = root_cell(box([-2, -2], [2, 2]))
    >>> root.code, root.A, root.labels
    ((), ((1, 0), (-1, 0), (0, 1), (0, -1)), ('domain', 'domain', 'domain', 'domain'))
    """

    code: tuple
    A: tuple  # primitive integer rows
    b: tuple
    labels: tuple  # one label per row: (layer, unit) or DOMAIN
    witness: QVector
    maps: tuple = field(default=(), compare=False)  # IntegerMap x -> z^(l)(x) for each layer l of the code prefix
    pieces: tuple = ()  # the pieces of the current layer's first units, for a cell cut part way (subdivide's stop)
    points: tuple = field(default=(), compare=False)  # one facet point per row, or () when not known
    bound: tuple | None = field(default=None, compare=False)  # |x_k| < bound[k] on the domain
    hint: VertexHint | None = field(default=None, compare=False, repr=False)  # float vertices, never pickled
    ints: tuple | None = field(default=None, compare=False, repr=False)  # witness and points as (X, den), never pickled

    def __reduce__(self):
        """Pickled without its float vertex hint and integer forms (recomputed when needed)."""
        return (Cell, (self.code, self.A, self.b, self.labels, self.witness, self.maps, self.pieces, self.points, self.bound))


# --------------------------------------------------------------------------- exact helpers


def _step_inside(A, b, x, direction, limit: Fraction | None) -> Fraction | None:
    """The largest t (capped by ``limit``) with x + s*direction strictly inside for 0 <= s < t; None if unlimited."""
    X, den = integer_point(x)
    best = limit
    for row, bj in zip(A, b):
        rate = sum(map(mul, row, direction))
        if rate > 0:
            slack = bj * den - sum(map(mul, row, X))
            t = Fraction(slack, rate * den)
            if best is None or t < best:
                best = t
    return best


def _along(x: QVector, y: QVector, t: Fraction) -> QVector:
    """``x + t (y - x)``."""
    return tuple(u + t * (v - u) for u, v in zip(x, y))


def _short(point: QVector, A, b, extra=()) -> QVector:
    """A point of a dyadic grid near ``point`` that is still strictly inside every row (else ``point``).

    ``point`` is strictly inside ``A x <= b`` and the rows ``extra``; short
    coordinates keep every later exact evaluation cheap.
    """
    rows = list(zip(A, b)) + list(extra)
    for bits in (12, 24, 48, 96):
        scale = 1 << bits
        grid = tuple(Fraction(round(v * scale), scale) for v in point)
        X = [q.numerator * (scale // q.denominator) for q in grid]
        if all(bj * scale > sum(map(mul, row, X)) for row, bj in rows):
            return grid
    return point


def _short_on(point: QVector, row, rhs, A, b) -> QVector:
    """A point with short coordinates on the hyperplane ``row . x = rhs``, strictly inside ``A x <= b`` like ``point``.

    A dyadic rounding of ``point`` is projected exactly onto the hyperplane
    along ``row``; ``point`` itself when no rounding stays strictly inside.
    """
    norm2 = sum(a * a for a in row)
    for bits in (12, 24, 48, 96):
        scale = 1 << bits
        grid = [Fraction(round(v * scale), scale) for v in point]
        step = (rhs - dot(row, grid)) / norm2
        candidate = tuple(g + step * a for g, a in zip(grid, row))
        X, den = integer_point(candidate)
        if all(bj * den > sum(map(mul, a, X)) for a, bj in zip(A, b)):
            return candidate
    return point


# --------------------------------------------------------------------------- one unit, one layer


def _layer_pieces(layer: IntegerLayer, current: IntegerMap | None) -> list[list[tuple[tuple[int, ...], int]]]:
    """Every unit's pieces as affine functions of the network input, in integers.

    Piece r of unit k on the cell is ``E_{k,r}(x) = <G^T A_{k,r}, x> + <A_{k,r}, h> + B_{k,r}``
    (paper Theorem 2, with ``z^(l-1) = G x + h`` on the cell).  All pieces of the layer
    are returned scaled by one common positive integer, which changes no comparison
    between them and no halfspace they define.
    """
    if current is None:
        return [list(zip(rows, offsets)) for rows, offsets in zip(layer.slopes, layer.offsets)]
    columns = tuple(zip(*current.G))
    zero = (0,) * len(columns)
    return [
        [
            (tuple(sum(map(mul, a, col)) for col in columns), sum(map(mul, a, current.h)) + c * current.den)
            if any(a) else (zero, c * current.den)  # a constant piece (relu's 0) needs no products
            for a, c in zip(rows, offsets)
        ]
        for rows, offsets in zip(layer.slopes, layer.offsets)
    ]


def _cells_of_unit(pieces) -> list[tuple[int, list[tuple[tuple[int, ...], int]]]]:
    """For each piece r that can win on a full-dimensional set: (r, rows of {E_r >= E_s}).

    Pieces s with the same slope as r compare by offset alone (exact): r never wins
    against a larger offset, nor against an identical piece of lower index.
    """
    cells = []
    for r, (slope_r, off_r) in enumerate(pieces):
        rows = []
        possible = True
        for s, (slope_s, off_s) in enumerate(pieces):
            if s == r:
                continue
            normal = tuple(vs - vr for vs, vr in zip(slope_s, slope_r))
            rhs = off_r - off_s
            if not any(normal):
                if rhs < 0 or (rhs == 0 and s < r):
                    possible = False
                    break
                continue
            rows.append(primitive_row(normal, rhs))
        if possible:
            cells.append((r, rows))
    return cells


class _Part:
    """A cell being cut within one :func:`subdivide` call: rows, labels, facet points (None: unknown), witness."""

    __slots__ = ("A", "b", "labels", "points", "witness", "bound", "_ints", "_ints_done", "_corners", "_vertices")

    def __init__(self, A, b, labels, points, witness, bound=None, vertices=False, ints=None) -> None:
        self.A, self.b, self.labels, self.points, self.witness, self.bound = A, b, labels, points, witness, bound
        self._ints = ints  # (witness, points) as (X, den) integers, entries None until needed
        self._ints_done = False
        self._corners = False
        self._vertices = vertices  # False: not computed yet

    def vertices(self):
        """Float vertices of the part (:func:`exactpd.kernel.vertex_hint.vertex_hint`) from 3-D to :data:`VERTEX_HINT_MAX_DIM`, else None."""
        if self._vertices is False:
            self._vertices = vertex_hint(self.A, self.b, self.witness) if 3 <= len(self.witness) <= VERTEX_HINT_MAX_DIM else None
        return self._vertices

    def hint(self):
        """The float vertices when already computed (:class:`VertexHint`), else None."""
        return self._vertices if isinstance(self._vertices, VertexHint) else None

    def corners(self):
        """In the plane, the exact corners of the part as ``(row, (X, den))`` (:func:`polygon_corners`), else None."""
        if self._corners is False:
            self._corners = polygon_corners(self.A, self.b, homogeneous=True) if len(self.witness) == 2 else None
        return self._corners

    def ints(self):
        """The witness and the known facet points as ``(X, den)`` integers (each computed once, or given when made)."""
        if self._ints_done:
            return self._ints
        if self._ints is None:
            self._ints = (integer_point(self.witness), [None if p is None else integer_point(p) for p in self.points])
        elif self._ints[0] is None or any(ip is None and p is not None for ip, p in zip(self._ints[1], self.points)):
            wi, ipts = self._ints
            self._ints = (
                integer_point(self.witness) if wi is None else wi,
                [integer_point(p) if ip is None and p is not None else ip for ip, p in zip(ipts, self.points)],
            )
        self._ints_done = True
        return self._ints

    def polytope(self) -> HPolytope:
        return HPolytope.from_primitive(self.A, self.b, dim=len(self.witness), checked=False)

    def with_row(self, row, rhs, label, point, keep, witness=None, point_int=None, witness_int=None) -> "_Part":
        """This part with one more row and its facet point; ``keep[i]`` says whether point i stays valid.

        The integer forms of the kept points (and of the witness, when it
        stays) are carried over, with those of the new point and witness when given.
        """
        points = [p if ok else None for p, ok in zip(self.points, keep)]
        wi, ipts = self._ints if self._ints is not None else (None, [None] * len(self.points))
        ints = (wi if witness is None else witness_int, [ip if ok else None for ip, ok in zip(ipts, keep)] + [point_int])
        return _Part(self.A + (row,), self.b + (rhs,), self.labels + (label,), points + [point], witness or self.witness, self.bound, ints=ints)


def _value(row, rhs, ip) -> int:
    """``den * (rhs - row . x)`` for ``x = X / den``: the exact sign of the slack."""
    X, den = ip
    return rhs * den - sum(map(mul, row, X))


def _identical(part: _Part, row, rhs) -> int | None:
    """The index of a row of ``part`` identical to ``(row, rhs)``, or None."""
    for i, (a, bj) in enumerate(zip(part.A, part.b)):
        if bj == rhs and a == row:
            return i
    return None


def _two_piece_row(pieces) -> tuple[tuple[int, ...], int] | int:
    """Piece 0's cell ``{E_0 >= E_1}`` as a primitive row, or the piece that wins everywhere (equal slopes)."""
    (slope0, off0), (slope1, off1) = pieces
    normal = tuple(v1 - v0 for v0, v1 in zip(slope0, slope1))
    if not any(normal):
        return 0 if off0 >= off1 else 1
    return primitive_row(normal, off0 - off1)


def _opposite_point(part: _Part, row, rhs, side: int, solution) -> QVector | None:
    """From an exact LP answer (maximise the far side's function), a closure point strictly on the far side, or None."""
    target = rhs if side > 0 else -rhs
    if solution.status is LPStatus.OPTIMAL:
        return solution.x if solution.value > target else None
    if solution.status is LPStatus.UNBOUNDED:
        c = row if side > 0 else tuple(-a for a in row)
        gain = dot(c, solution.ray)
        t = max(Fraction(0), (target - dot(c, solution.x)) / gain) + 1
        return tuple(x + t * r for x, r in zip(solution.x, solution.ray))
    raise CertificationError("a non-empty cell came out infeasible: this is a bug in exactpd")


def _cut_two(part: _Part, row, rhs, label, far: QVector | None, stats: EnumerationStats) -> list[tuple[int, _Part]]:
    """Cut ``part`` by the hyperplane ``row . x = rhs`` (piece 0 on the ``<=`` side), which meets its interior.

    ``far`` is a point of the part's closure strictly on the side opposite
    the witness (None when the witness lies on the hyperplane).  Both
    children, their witnesses and the new facet's point are exact points of
    the segment from the witness to ``far``.
    """
    (W, den), ipts = part.ints()
    sw = _value(row, rhs, (W, den))
    signs = [None if ip is None else _value(row, rhs, ip) for ip in ipts]
    neg = (tuple(-a for a in row), -rhs)
    w = part.witness
    stats.free_witnesses += 2
    q_int = beyond_int = None
    if sw == 0:
        q = _short_on(w, row, rhs, part.A, part.b)
        side0 = _short(_nudge(part, row), part.A, part.b, [(row, rhs)])
        side1 = _short(_nudge(part, neg[0]), part.A, part.b, [neg])
        witnesses = (side0, side1)
    else:
        short = _cut_points_short(part, row, rhs, far, (row, rhs) if sw < 0 else neg)
        if short is None:
            s_w, s_far = rhs - dot(row, w), rhs - dot(row, far)
            t = s_w / (s_w - s_far)
            q = _short_on(_along(w, far, t), row, rhs, part.A, part.b)
            beyond = _short(_along(w, far, (1 + t) / 2), part.A, part.b, [(row, rhs) if sw < 0 else neg])
        else:
            (q, q_int), (beyond, beyond_int) = short
        witnesses = (w, beyond) if sw > 0 else (beyond, w)
    sides = (None, beyond_int) if sw > 0 else (beyond_int, None)
    child0 = part.with_row(row, rhs, label, q, [s is not None and s > 0 for s in signs], witnesses[0], q_int, sides[0])
    child1 = part.with_row(neg[0], neg[1], label, q, [s is not None and s < 0 for s in signs], witnesses[1], q_int, sides[1])
    if isinstance(part._vertices, VertexHint):  # the children's float vertices from the parent's (no qhull)
        hints = split_vertex_hint(part._vertices, row, rhs)
        child0._vertices, child1._vertices = (False, False) if hints[0] is None else hints
    if part._corners:  # in the plane, the children's exact corners from the parent's
        child0._corners, child1._corners = _split_corners(part._corners, row, rhs, len(part.A))
    return [(0, child0), (1, child1)]


def _split_corners(corners, row, rhs, new: int):
    """The exact corners (:func:`polygon_corners`, homogeneous) of the sides ``row . x <= rhs`` and ``>=`` of a polygon.

    The new row gets index ``new`` on both sides.  A side keeps the corners
    strictly inside it; where a facet crosses the line, its corner there is
    the exact crossing (integers over a positive denominator), and the new
    row's corner is the crossing where the boundary comes back in.  Both
    ``False`` (computed afresh later) when a corner lies on the line.
    """
    slacks = [rhs * den - sum(map(mul, row, X)) for _, (X, den) in corners]
    if not all(slacks):
        return False, False
    sides = []
    for sign in (1, -1):
        out = []
        for k, (i, (X, den)) in enumerate(corners):
            s_prev, s_here = sign * slacks[k - 1], sign * slacks[k]
            if (s_prev > 0) != (s_here > 0):  # facet i crosses the line between the previous corner and this one
                Xp, dp = corners[k - 1][1]
                P = [s_prev * x - s_here * xp for x, xp in zip(X, Xp)]
                d = s_prev * den - s_here * dp
                g = math.gcd(d, *P)
                crossing = ([v // g for v in P], d // g) if d > 0 else ([-v // g for v in P], -d // g)
                out.append((i, crossing) if s_prev > 0 else (new, crossing))
            if s_here > 0:
                out.append((i, (X, den)))
        sides.append(out if len(out) >= 3 else False)
    return sides[0], sides[1]


def _cut_points_short(part: _Part, row, rhs, far: QVector, beyond_row) -> tuple[tuple, tuple] | None:
    """Short exact points of a cut: a point of the new facet and a witness on the far side (each with its integer form), or None.

    The crossing of the segment from the witness to ``far`` with the
    hyperplane, and the midpoint of its far half, are located in floats,
    rounded to a dyadic grid (the facet point then projected exactly onto the
    hyperplane) and checked exactly, in integers, against every row.
    """
    (W, dw), _ = part.ints()
    F, df = integer_point(far)
    s_w = rhs * dw - sum(map(mul, row, W))
    s_far = rhs * df - sum(map(mul, row, F))
    try:
        t = (s_w * df) / (s_w * df - s_far * dw)
        w = [x / dw for x in W]
        span = [x / df - v for x, v in zip(F, w)]
    except OverflowError:
        return None
    q = _dyadic_inside(part.A, part.b, [v + t * d for v, d in zip(w, span)], on=(row, rhs))
    beyond = _dyadic_inside(part.A, part.b, [v + (1 + t) / 2 * d for v, d in zip(w, span)], extra=beyond_row)
    return None if q is None or beyond is None else (q, beyond)


def _dyadic_inside(A, b, approx: list[float], on=None, extra=None) -> tuple[QVector, tuple[list[int], int]] | None:
    """A point of a dyadic grid near the float point ``approx`` (projected exactly onto the hyperplane ``on``), strictly inside every row, or None.

    Returned with its integer form ``(X, den)``.
    """
    if not all(math.isfinite(v * (1 << 48)) for v in approx):  # a float guide beyond the range: no proposal
        return None
    rows = list(zip(A, b)) + ([extra] if extra is not None else [])
    for bits in (12, 24, 48):
        den = 1 << bits
        X = [round(v * den) for v in approx]
        if on is not None:
            normal, level = on
            norm2 = sum(map(mul, normal, normal))
            gap = level * den - sum(map(mul, normal, X))
            X = [x * norm2 + gap * a for x, a in zip(X, normal)]
            den *= norm2
        if all(bj * den > sum(map(mul, a, X)) for a, bj in rows):
            return tuple(Fraction(x, den) for x in X), (X, den)
    return None


def _nudge(part, row) -> QVector:
    """A point strictly on the negative side of ``row`` near the part's witness, which lies on it."""
    direction = tuple(-a for a in row)
    t = _step_inside(part.A, part.b, part.witness, direction, Fraction(1))
    return tuple(xi + (t / 2) * di for xi, di in zip(part.witness, direction))


def _sides_known(part: _Part, row, rhs):
    """From exact signs at known points: ``(sw, far, missed)``.

    ``sw`` is the sign of the slack at the witness, ``far`` a point of the
    closure strictly on the other side (or None), ``missed`` True when the
    part's corners (in the plane) prove that the hyperplane does not cut it.
    A part with float vertices only gets ``sw``: its vertices settle the rest.
    """
    (W, den), ipts = part.ints()
    sw = _value(row, rhs, (W, den))
    if sw == 0:
        return 0, None, False
    if part.vertices() is not None:  # the float vertices find the far side for every unit at once (_vertex_answers)
        return sw, None, False
    for p, ip in zip(part.points, ipts):
        if ip is not None:
            s = _value(row, rhs, ip)
            if (s < 0 < sw) or (sw < 0 < s):
                return sw, p, False
    corners = part.corners()
    if corners is None:
        return sw, None, False
    for _, (C, den) in corners:
        s = _value(row, rhs, (C, den))
        if (s < 0 < sw) or (sw < 0 < s):
            return sw, tuple(Fraction(v, den) for v in C), False
    return sw, None, True


def _missed_at_a_vertex(part: _Part, objective, bound: int) -> bool:
    """Whether ``objective . x <= bound`` on the part, proved by multipliers on the basis of its float vertex maximising it.

    The exact check: ``y >= 0`` on the basis rows, ``A_B^T y = objective`` and ``b_B . y <= bound``.
    """
    hint = part.vertices()
    if hint is None:
        return False
    y = support_multipliers_hint(hint, part.A, tuple(-a for a in objective))
    if y is None:
        return False
    support = [(i, q) for i, q in enumerate(y) if q]
    den = 1
    for _, q in support:
        den = den * q.denominator // math.gcd(den, q.denominator)
    weights = [(i, q.numerator * (den // q.denominator)) for i, q in support]
    if any(w < 0 for _, w in weights):
        return False
    combination = [sum(w * part.A[i][k] for i, w in weights) for k in range(len(objective))]
    return combination == [den * a for a in objective] and sum(w * part.b[i] for i, w in weights) <= den * bound


def _vertex_answers(part: _Part, objectives, targets) -> list:
    """Per ``c . x <= t`` (t: the slack's sign at the witness is positive): True (proved on the part), a point of its closure beyond, or None.

    From the part's float vertices (3-D to :data:`VERTEX_HINT_MAX_DIM`): a
    vertex beyond the hyperplane proposes a direction, along which the exact
    exit point from the witness is tested; otherwise multipliers at the
    maximising vertex are tested exactly (in the domain's box, then on the
    vertex's basis).
    """
    hint = part.vertices()
    if hint is None:
        return [None] * len(objectives)
    answers: list = [None] * len(objectives)
    retry = []
    for k, proposal in enumerate(bound_or_beyond_hint(hint, part.A, objectives, targets)):
        if proposal is not None and proposal[0] == "beyond":
            answers[k] = _exit_beyond(part, proposal[1], objectives[k], targets[k])
        elif proposal is not None and part.bound is not None:
            weights, scale = proposal[1]
            answers[k] = True if box_bound_holds(part.A, part.b, weights, scale, objectives[k], targets[k], part.bound) else None
    for k, answer in enumerate(answers):
        if answer is None and _missed_at_a_vertex(part, objectives[k], targets[k]):
            answers[k] = True
    return answers


def _exit_beyond(part: _Part, vertex: tuple[list[int], int], c, t) -> QVector | None:
    """The exact point where the ray from the witness toward ``vertex`` (``(V, den)``) leaves the part, if ``c . x > t`` there."""
    (W, dw), _ = part.ints()
    V, scale = vertex
    direction = [v * dw - x * scale for v, x in zip(V, W)]
    best = None  # (slack, rate): the exit step is slack / (dw * rate)
    for row, bj in zip(part.A, part.b):
        rate = sum(map(mul, row, direction))
        if rate > 0:
            slack = bj * dw - sum(map(mul, row, W))
            if best is None or slack * best[1] < best[0] * rate:
                best = (slack, rate)
    if best is None:
        return None
    slack, rate = best
    X = [x * rate + slack * d for x, d in zip(W, direction)]
    den = dw * rate
    if sum(map(mul, c, X)) <= t * den:
        return None
    return tuple(Fraction(x, den) for x in X)


def _decide_two(parts_rows, engine, stats: EnumerationStats) -> list:
    """For each ``(part, row, rhs)``: ``("cut", far)`` or ``("miss", piece)``, every answer exact.

    Signs at known points decide the cuts they can see; the rest are settled by
    one batch of exact LP maxima per part (:func:`maximize_certified`).
    """
    answers: list = [None] * len(parts_rows)
    pending: dict[int, list[int]] = {}
    for n, (part, row, rhs) in enumerate(parts_rows):
        sw, far, missed = _sides_known(part, row, rhs)
        if sw == 0 or far is not None:
            answers[n] = ("cut", far)
        elif missed:
            stats.settled_by_vertices += 1
            answers[n] = ("miss", 0 if sw > 0 else 1)
        else:
            pending.setdefault(id(part), []).append(n)
    for members in pending.values():
        part = parts_rows[members[0]][0]
        sides = [1 if _value(*parts_rows[n][1:], part.ints()[0]) > 0 else -1 for n in members]
        objectives = [row if side > 0 else tuple(-a for a in row) for (_, row, _), side in zip(map(parts_rows.__getitem__, members), sides)]
        targets = [rhs if side > 0 else -rhs for (_, _, rhs), side in zip(map(parts_rows.__getitem__, members), sides)]
        lp_members = []
        for n, side, objective, answer in zip(members, sides, objectives, _vertex_answers(part, objectives, targets)):
            if answer is True:
                stats.settled_by_vertices += 1
                answers[n] = ("miss", 0 if side > 0 else 1)
            elif answer is not None:
                answers[n] = ("cut", answer)
            else:
                lp_members.append((n, side, objective))
        members = [n for n, _, _ in lp_members]
        sides = [side for _, side, _ in lp_members]
        objectives = [objective for _, _, objective in lp_members]
        if not members:
            continue
        stats.certified_calls += len(members)
        solutions = maximize_certified(part.polytope(), objectives, center=part.witness, engine=engine)
        for n, side, solution in zip(members, sides, solutions):
            _, row, rhs = parts_rows[n]
            far = _opposite_point(part, row, rhs, side, solution)
            if far is None:
                stats.settled_by_vertices += 1
                answers[n] = ("miss", 0 if side > 0 else 1)
            else:
                answers[n] = ("cut", far)
    return answers


def _miss(part: _Part, row, rhs, piece: int, label) -> _Part:
    """``part`` on one side of a unit that does not cut it; the unit's row joins an identical facet (coinciding boundaries)."""
    if piece == 1:
        row, rhs = tuple(-a for a in row), -rhs
    i = _identical(part, row, rhs)
    if i is None:
        return part
    return part.with_row(row, rhs, label, part.points[i], [True] * len(part.points))


def _split(cell_rows, part: _Part, label, stats: EnumerationStats, engine) -> list[tuple[int, _Part]]:
    """Cut ``part`` by the cells of one unit with more than two pieces: the (piece, sub-part) pairs that have interior."""
    if len(cell_rows) == 1:  # the unit is affine on this part: no cut
        return [(cell_rows[0][0], part)]
    out = []
    (W, den), ipts = part.ints()
    for r, rows in cell_rows:
        stats.candidates += 1
        A = part.A + tuple(row for row, _ in rows)
        b = part.b + tuple(rhs for _, rhs in rows)
        witness = None
        if all(_value(row, rhs, (W, den)) > 0 for row, rhs in rows):
            witness = part.witness
            stats.free_witnesses += 1
        else:
            stats.certified_calls += 1
            cert = interior_certificate(HPolytope.from_primitive(A, b, dim=len(part.witness), checked=False), hint=part.witness, engine=engine)
            if not isinstance(cert, InteriorWitness):
                stats.discarded += 1
                continue
            witness = cert.point
        if any(s <= 0 for s in row_slacks(A, b, witness)):
            raise CertificationError(f"witness {witness} is not strictly inside the cell of piece {r}")
        keep = [ip is not None and all(_value(row, rhs, ip) > 0 for row, rhs in rows) for ip in ipts]
        points = [p if ok else None for p, ok in zip(part.points, keep)] + [None] * len(rows)
        out.append((r, _Part(A, b, part.labels + tuple(label for _ in rows), points, witness, part.bound)))
    return out


def _winner_at(pieces, x) -> int | None:
    """The piece that is strictly largest at x, or None on a tie between different values."""
    values = [dot(slope, x) + offset for slope, offset in pieces]
    best = max(values)
    winners = [r for r, v in enumerate(values) if v == best]
    return winners[0] if len(winners) == 1 else None


def _units_missing_cell(part: _Part, units, stats: EnumerationStats) -> dict[int, int]:
    """Units of more than two pieces whose boundaries provably miss the interior of ``part``, with their constant piece.

    For each unit, the piece r winning strictly at the witness wins on the whole cell
    when, for every other piece s, ``E_r - E_s >= 0`` on the cell: an exact
    certificate ``y >= 0, A^T y = -(a_r - a_s)`` (no interior of the cell on the
    side where piece s wins), proposed from one float vertex computation of the
    cell (:mod:`exactpd.kernel.vertex_hint`) and checked by :func:`exactpd.kernel.certificate.check`.
    """
    fixed: dict[int, int] = {}
    hint = None
    for k, pieces in units.items():
        r = _winner_at(pieces, part.witness)
        if r is None:
            continue
        settled = True
        for s, (slope_s, off_s) in enumerate(pieces):
            if s == r:
                continue
            normal = tuple(vr - vs for vr, vs in zip(pieces[r][0], slope_s))
            if not any(normal):
                continue  # same slope: r is larger by its offset everywhere
            if hint is None:
                hint = vertex_hint(part.A, part.b, part.witness) or False
            if hint is False:
                return fixed
            row, rhs = primitive_row(normal, off_s - pieces[r][1])
            y = support_multipliers_hint(hint, part.A, row)
            if y is None or not check(
                NoInteriorCertificate(y + (Fraction(1),)), HPolytope.from_primitive(part.A + (row,), part.b + (rhs,), checked=False)
            ):
                settled = False
                break
        if settled:
            fixed[k] = r
            stats.settled_by_vertices += 1
    return fixed


# --------------------------------------------------------------------------- facets of a new cell


def _settle(part: _Part, engine) -> _Part:
    """The part with every row a certified facet: unknown rows certified, implied rows dropped (with their copies)."""
    leaders: dict[tuple, int] = {}
    for i, key in enumerate(zip(part.A, part.b)):
        leaders.setdefault(key, i)
    points = list(part.points)
    for i, key in enumerate(zip(part.A, part.b)):
        j = leaders[key]
        if points[i] is None and points[j] is not None:
            points[i] = points[j]
        elif points[j] is None and points[i] is not None:
            points[j] = points[i]
    unknown = sorted({leaders[key] for i, key in enumerate(zip(part.A, part.b)) if points[i] is None})
    if not unknown:
        part.points = points
        part._ints_done = False  # copies filled in: their integer forms come on the next ints()
        return part
    wi, ipts = part._ints if part._ints is not None else (None, [None] * len(points))
    ipts = [ip if p is q else None for ip, p, q in zip(ipts, points, part.points)]  # the forms of points kept in place
    drop = set()
    corners = part.corners()
    if corners is not None:  # in the plane: each facet is the segment between its two corners
        previous = {i: corners[k - 1][1] for k, (i, _) in enumerate(corners)}
        for i in unknown:
            c = next((c for j, c in corners if j == i), None)
            if c is None:
                drop.add((part.A[i], part.b[i]))
                continue
            (C, d), (E, e) = c, previous[i]
            if all(u * e == v * d for u, v in zip(C, E)):  # the same corner: the row touches one point
                drop.add((part.A[i], part.b[i]))
            else:
                X = [u * e + v * d for u, v in zip(C, E)]
                points[i], ipts[i] = tuple(Fraction(x, 2 * d * e) for x in X), (X, 2 * d * e)
    else:
        unknown = _settle_by_vertices(part, unknown, points, drop, ipts)
        for i, cert in (row_certificates(part.polytope(), part.witness, unknown, engine) if unknown else {}).items():
            if isinstance(cert, FacetCertificate):
                points[i] = cert.point
            else:
                drop.add((part.A[i], part.b[i]))
    keep = [i for i, key in enumerate(zip(part.A, part.b)) if key not in drop]
    hint = part._vertices
    settled = _Part(
        tuple(part.A[i] for i in keep), tuple(part.b[i] for i in keep), tuple(part.labels[i] for i in keep),
        [points[i] if points[i] is not None else points[leaders[(part.A[i], part.b[i])]] for i in keep], part.witness, part.bound,
        (drop_rows_hint(hint, keep) or False) if isinstance(hint, VertexHint) else hint if not drop else False,
        (wi, [ipts[i] if points[i] is not None else None for i in keep]),
    )
    if corners:
        index = {old: new for new, old in enumerate(keep)}
        settled._corners = [(index[i], c) for i, c in corners] if all(i in index for i, _ in corners) else False
    return settled


def _settle_by_vertices(part: _Part, unknown: list[int], points: list, drop: set, ipts: list) -> list[int]:
    """Settle the rows ``unknown`` from the part's float vertices: facet points (and their integer forms) filled in, implied rows added to ``drop``.

    A row active at D or more float vertices gets their mean, rounded and
    projected exactly onto its hyperplane, as its point when that point is
    strictly inside every other row (integers); a row at fewer vertices is
    dropped when multipliers at the vertex maximising it prove it implied in
    the domain's box (:func:`exactpd.kernel.certificate.box_bound_holds`).
    Returns the rows left for the LP stages.
    """
    hint = part.vertices()
    if hint is None or not unknown:
        return unknown
    left, implied = [], []
    for i, near in zip(unknown, facet_points_hint(hint, unknown)):
        point = None if near is None else _facet_point(part, i, near)
        if point is not None:
            points[i], ipts[i] = point
        elif near is None and part.bound is not None:
            implied.append(i)
        else:
            left.append(i)
    if implied:
        groups = [[j for j, key in enumerate(zip(part.A, part.b)) if key == (part.A[i], part.b[i])] for i in implied]
        for i, proposal in zip(implied, box_multipliers_hint(hint, part.A, [part.A[i] for i in implied], groups)):
            if proposal is not None and box_bound_holds(part.A, part.b, proposal[0], proposal[1], part.A[i], part.b[i], part.bound):
                drop.add((part.A[i], part.b[i]))
            else:
                left.append(i)
    return sorted(left)


def _facet_point(part: _Part, i: int, near: tuple[list[int], int]) -> tuple[QVector, tuple[list[int], int]] | None:
    """``near`` (``(X, den)``) projected exactly onto row i's hyperplane, if strictly inside every row not identical to row i (with its integer form)."""
    row, rhs = part.A[i], part.b[i]
    X, den = near
    norm2 = sum(map(mul, row, row))
    gap = rhs * den - sum(map(mul, row, X))
    P = [x * norm2 + gap * a for x, a in zip(X, row)]
    den *= norm2
    if len(part.A) * len(P) >= FILTER_MIN_PRODUCTS:  # many rows: a float filter decides most signs (exactly)
        same = [j for j, (a, bj) in enumerate(zip(part.A, part.b)) if bj == rhs and a == row]
        if not strictly_inside_filtered(part.vertices(), part.A, part.b, (P, den), same):
            return None
    else:
        for a, bj in zip(part.A, part.b):
            if bj * den - sum(map(mul, a, P)) <= 0 and (bj != rhs or a != row):
                return None
    return tuple(Fraction(x, den) for x in P), (P, den)


FILTER_MIN_PRODUCTS = 120
"""Rows times dimension from which :func:`_facet_point` checks its point with the float filter (measured: slower below)."""


def _cut_units(part: _Part, todo: list, rows: dict, index: int, start: int, engine, stats: EnumerationStats) -> list:
    """Cut ``part`` by the 2-piece units ``todo`` (lowest first): a list of (pieces chosen by unit, sub-part).

    Every unit is decided on ``part`` at once (signs, then one LP batch); a unit
    that misses ``part`` misses all its sub-parts and is never looked at again.
    """
    if not todo:
        return [({}, part)]
    chosen: dict = {}
    cuts = []
    for j, (kind, value) in zip(todo, _decide_two([(part, *rows[j]) for j in todo], engine, stats)):
        if kind == "miss":
            chosen[j] = value
            part = _miss(part, *rows[j], value, (index, start + j))
        else:
            cuts.append((j, value))
    if not cuts:
        return [(chosen, part)]
    (j, far), rest = cuts[0], [k for k, _ in cuts[1:]]
    out = []
    stats.candidates += 2
    for r, child in _cut_two(part, *rows[j], (index, start + j), far, stats):
        for sub, piece in _cut_units(child, rest, rows, index, start, engine, stats):
            out.append(({**chosen, j: r, **sub}, piece))
    return out


def _cut_unit_by_unit(root: _Part, units, pieces0: tuple, index: int, start: int, engine, stats: EnumerationStats) -> list:
    """Cut ``root`` by units of any number of pieces, one unit after another over every part."""
    two = {j: _two_piece_row(pieces) for j, pieces in enumerate(units) if len(pieces) == 2}
    many = _units_missing_cell(root, {j: pieces for j, pieces in enumerate(units) if len(pieces) > 2}, stats)
    parts = [(pieces0, root)]
    for j, pieces_k in enumerate(units):
        label = (index, start + j)
        if j in two:
            rr = two[j]
            if isinstance(rr, int):
                parts = [(pieces + (rr,), part) for pieces, part in parts]
                continue
            new_parts = []
            for (pieces, part), (kind, value) in zip(parts, _decide_two([(part, *rr) for _, part in parts], engine, stats)):
                if kind == "miss":
                    new_parts.append((pieces + (value,), _miss(part, *rr, value, label)))
                else:
                    stats.candidates += 2
                    for r, sub in _cut_two(part, *rr, label, value, stats):
                        new_parts.append((pieces + (r,), sub))
            parts = new_parts
        elif j in many:
            parts = [(pieces + (many[j],), part) for pieces, part in parts]
        else:
            cell_rows = _cells_of_unit(pieces_k)
            parts = [(pieces + (r,), sub) for pieces, part in parts for r, sub in _split(cell_rows, part, label, stats, engine)]
    return parts


def subdivide(
    layers: Sequence[IntegerLayer], cell: Cell, stop: int | None = None, engine: EngineLike = DEFAULT_ENGINE
) -> tuple[list[Cell], EnumerationStats]:
    """Cut a region of Omega^(1..l-1) by layer l's power diagram restricted to it (Theorems 2 and 3).

    ``l = len(cell.code)`` (index among the nonlinear layers).  Returns the
    sub-cells with interior, codes extended by layer l's code, each with
    only facets (and a point of each).  With ``stop``, only the units
    ``len(cell.pieces) .. stop - 1`` cut: the children keep the code and carry
    the pieces of the units cut so far in ``Cell.pieces``, and the cut that
    reaches the layer's last unit completes their code (the driver cuts wide
    layers a few units at a time).  ``engine`` is the LP hint engine
    (:mod:`exactpd.hints.engine`).

    Parameters
    ----------
    layers : sequence of IntegerLayer
        The network's nonlinear layers with integer rows (``net.maso.integer_layers``).
    cell : Cell
        The cell to cut.
    stop : int, optional
        Cut only the units up to ``stop - 1`` of the layer (see above).
    engine : str or LPEngine, default "highs"
        The LP hint engine (:mod:`exactpd.hints.engine`); answers are exact
        whatever the engine.

    Returns
    -------
    cells : list of Cell
        The sub-cells with interior.
    stats : EnumerationStats
        The work done.

    Notes
    -----
    Inside the cell, layer l's partition is the power diagram of Theorem 2;
    cutting every region of ``Omega^(1..l-1)`` by it gives ``Omega^(1..l)``
    (Theorem 3, eq. 15).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> layers = net.maso.integer_layers
    >>> cells, stats = subdivide(layers, root_cell(box([-2, -2], [2, 2])))
    >>> [c.code for c in cells]
    [((0, 0),), ((0, 1),), ((1, 0),), ((1, 1),)]
    >>> cells[-1].A, cells[-1].b, cells[-1].labels
    (((1, 0), (0, 1), (-1, 0), (0, -1)), (2, 2, 0, 0), ('domain', 'domain', (0, 0), (0, 1)))
    """
    engine = get_engine(engine)
    stats = EnumerationStats()
    index = len(cell.code)
    layer = layers[index]
    start, n_units = len(cell.pieces), len(layer.slopes)
    stop = n_units if stop is None else stop
    maps = cell.maps
    current = maps[-1] if maps else None
    mapped = _mapped_layer(layer, current)
    units = mapped[start:stop]
    root = _Part(
        cell.A, cell.b, cell.labels, list(cell.points) if cell.points else [None] * len(cell.A), cell.witness, cell.bound,
        False if cell.hint is None else cell.hint, cell.ints if cell.points else None,
    )
    root = _settle(root, engine)
    if all(len(pieces) == 2 for pieces in units):
        rows = {j: _two_piece_row(pieces) for j, pieces in enumerate(units)}
        todo = [j for j, rr in rows.items() if not isinstance(rr, int)]
        parts = [
            (cell.pieces + tuple(rr if isinstance(rr, int) else chosen[j] for j, rr in rows.items()), part)
            for chosen, part in _cut_units(root, todo, rows, index, start, engine, stats)
        ]
    else:
        parts = _cut_unit_by_unit(root, units, cell.pieces, index, start, engine, stats)
    parts = [(pieces, _settle(part, engine)) for pieces, part in parts]
    if stop < n_units:
        return [Cell(cell.code, p.A, p.b, p.labels, p.witness, maps, pieces, tuple(p.points), cell.bound, p.hint(), p._ints) for pieces, p in parts], stats
    children = [
        Cell(
            cell.code + (pieces,), p.A, p.b, p.labels, p.witness, maps + (_piece_map(mapped, pieces, layer.den, current),), (),
            tuple(p.points), cell.bound, p.hint(), p._ints,
        )
        for pieces, p in parts
    ]
    return children, stats


_MAPPED: dict = {}  # id(map) -> (layer, map, pieces): the last few layers mapped to the input


def _mapped_layer(layer: IntegerLayer, current: IntegerMap | None) -> list:
    """:func:`_layer_pieces` of the whole layer, computed once per map (the cuts of one region, a few units at a time, share it)."""
    if current is None:
        return _layer_pieces(layer, None)
    found = _MAPPED.get(id(current))
    if found is not None and found[0] is layer and found[1] is current:
        return found[2]
    if len(_MAPPED) >= 16:
        _MAPPED.clear()
    pieces = _layer_pieces(layer, current)
    _MAPPED[id(current)] = (layer, current, pieces)  # the map is kept alive with its id
    return pieces


def _piece_map(mapped, pieces, den: int, inner: IntegerMap | None) -> IntegerMap:
    """:func:`~exactpd.network.maso.apply_pieces` read off the layer's pieces already mapped to the input (:func:`_layer_pieces`)."""
    G = tuple(mapped[k][r][0] for k, r in enumerate(pieces))
    h = tuple(mapped[k][r][1] for k, r in enumerate(pieces))
    if inner is None:
        return IntegerMap(G, h, den)
    den *= inner.den
    g = math.gcd(den, *(v for row in G for v in row), *h)
    if g > 1:
        G = tuple(tuple(v // g for v in row) for row in G)
        h = tuple(v // g for v in h)
        den //= g
    return IntegerMap(G, h, den)


# --------------------------------------------------------------------------- final regions


def final_facets(cell: Cell, engine: EngineLike = DEFAULT_ENGINE) -> tuple[tuple, tuple, tuple, tuple]:
    """The facets of a cell of the last layer as ``(A, b, labels, facet points)``, every row certified.

    One row per facet (the first of its identical rows, whose labels are
    merged: coinciding boundaries).  A cell made by :func:`subdivide` already
    carries only facets and their points; any other cell is certified here
    (:func:`exactpd.kernel.polytope.facets_certified`).

    Parameters
    ----------
    cell : Cell
        A cell of the last layer (a full code).
    engine : str or LPEngine, default "highs"
        The LP hint engine (:mod:`exactpd.hints.engine`); answers are exact
        whatever the engine.

    Returns
    -------
    A, b : tuple
        The facet rows.
    labels : tuple of tuple
        Per facet, the labels of its identical rows.
    points : tuple
        Per facet, a point of its relative interior.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> layers = net.maso.integer_layers
    >>> cells, _ = subdivide(layers, root_cell(box([-2, -2], [2, 2])))
    >>> A, b, labels, points = final_facets(cells[-1])
    >>> labels
    (('domain',), ('domain',), ((0, 0),), ((0, 1),))
    """
    if cell.points and all(p is not None for p in cell.points):
        seen: set = set()
        kept = []
        for i, key in enumerate(zip(cell.A, cell.b)):
            if key not in seen:
                seen.add(key)
                kept.append((i, cell.points[i]))
    else:
        certs = facets_certified(HPolytope.from_primitive(cell.A, cell.b, dim=len(cell.witness), checked=False), hint=cell.witness, engine=engine)
        kept = [(c.index, c.point) for c in certs]
    merged: dict = {}
    for key, label in zip(zip(cell.A, cell.b), cell.labels):
        labels = merged.setdefault(key, [])
        if label not in labels:
            labels.append(label)
    labels = tuple(tuple(merged[(cell.A[i], cell.b[i])]) for i, _ in kept)
    return tuple(cell.A[i] for i, _ in kept), tuple(cell.b[i] for i, _ in kept), labels, tuple(p for _, p in kept)


def final_facets_encoded(cell: Cell, engine: EngineLike = DEFAULT_ENGINE) -> tuple[tuple, tuple, tuple, tuple, tuple]:
    """:func:`final_facets` with every point, and the witness, as integers ``(*X, den)`` over their least common denominator.

    The integer forms a cut already made are reused (no Fractions to take
    apart); the encoding is the one the journals and worker processes use.

    Parameters
    ----------
    cell : Cell
        A cell of the last layer (a full code).
    engine : str or LPEngine, default "highs"
        The LP hint engine (:mod:`exactpd.hints.engine`).

    Returns
    -------
    A, b, labels : tuple
        As :func:`final_facets`.
    points : tuple of tuple of int
        Per facet, ``(*X, den)`` with ``X / den`` its point.
    witness : tuple of int
        The witness as ``(*X, den)``.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> cells, _ = subdivide(net.maso.integer_layers, root_cell(box([-2, -2], [2, 2])))
    >>> A, b, labels, points, witness = final_facets_encoded(cells[-1])
    >>> [tuple(Fraction(v, p[-1]) for v in p[:-1]) for p in points] == list(final_facets(cells[-1])[3])
    True
    """
    A, b, labels, points = final_facets(cell, engine)
    known = {}
    if cell.ints is not None and len(cell.ints[1]) == len(cell.points):
        known = {id(p): ip for p, ip in zip(cell.points, cell.ints[1]) if ip is not None}
    witness = cell.ints[0] if cell.ints is not None and cell.ints[0] is not None else integer_point(cell.witness)
    return A, b, labels, tuple(_lowest_terms(known.get(id(p)) or integer_point(p)) for p in points), _lowest_terms(witness)


def _lowest_terms(point: tuple[list[int], int]) -> tuple[int, ...]:
    """``(X, den)`` as ``(*X, den)`` over the least common denominator of the coordinates (``den > 0``)."""
    X, den = point
    g = math.gcd(den, *X)
    return (*(x // g for x in X), den // g)


def finalize(integer_layers: Sequence[IntegerLayer], out: AffineMap | None, bounded: bool, cell: Cell, engine: EngineLike = DEFAULT_ENGINE) -> Region:
    """The certified :class:`~exactpd.enumeration.region.Region` of a cell of the last layer (:func:`final_facets`).

    ``bounded`` is True when the domain is bounded (then so is every region);
    otherwise each region's boundedness is decided on its own.

    Parameters
    ----------
    integer_layers : sequence of IntegerLayer
        The network's nonlinear layers with integer rows.
    out : AffineMap or None
        The affine map after the last nonlinear layer.
    bounded : bool
        Whether the domain is bounded.
    cell : Cell
        A cell of the last layer.
    engine : str or LPEngine, default "highs"
        The LP hint engine (:mod:`exactpd.hints.engine`); answers are exact
        whatever the engine.

    Returns
    -------
    Region
        Built by :func:`~exactpd.enumeration.region.build_region` (certificates checked).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> layers = net.maso.integer_layers
    >>> cells, _ = subdivide(layers, root_cell(box([-2, -2], [2, 2])))
    >>> region = finalize(layers, net.maso.output, True, cells[-1])
    >>> region.code, region.output_map
    (((1, 1),), AffineMap(G=((Fraction(1, 1), Fraction(1, 1)),), h=(Fraction(-1, 1),)))
    """
    A, b, labels, points = final_facets(cell, engine)
    return build_region(
        (), out, cell.code, HPolytope.from_primitive(A, b, dim=len(cell.witness), checked=False), labels, points, cell.witness,
        tuple(m.as_affine() for m in with_maps(integer_layers, cell).maps),
        bounded=True if bounded else None,
    )


def with_maps(layers: Sequence[IntegerLayer], cell: Cell) -> Cell:
    """The cell with its integer layer maps (recomputed for cells read back from a checkpoint).

    Parameters
    ----------
    layers : sequence of IntegerLayer
        The network's nonlinear layers with integer rows.
    cell : Cell
        A cell, with or without its maps.

    Returns
    -------
    Cell
        ``cell`` itself when its maps are there, else a copy with one map per
        layer of its code.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> layers = net.maso.integer_layers
    >>> cells, _ = subdivide(layers, root_cell(box([-2, -2], [2, 2])))
    >>> len(with_maps(layers, replace(cells[0], maps=())).maps)
    1
    """
    if len(cell.maps) == len(cell.code):
        return cell
    maps: list[IntegerMap] = []
    for layer, pieces in zip(layers, cell.code):
        maps.append(apply_pieces(layer, pieces, maps[-1] if maps else None))
    return replace(cell, maps=tuple(maps))


def root_cell(domain: HPolytope, engine: EngineLike = DEFAULT_ENGINE) -> Cell:
    """The domain as the cell every cut starts from (its rows certified by the first cut).

    Parameters
    ----------
    domain : HPolytope
        A full-dimensional domain.
    engine : str or LPEngine, default "highs"
        The LP hint engine (:mod:`exactpd.hints.engine`); answers are exact
        whatever the engine.

    Returns
    -------
    Cell
        Empty code, the domain's rows labelled ``DOMAIN``, and an interior witness.

    Raises
    ------
    InvalidDomainError
        The domain has no interior (empty or lower-dimensional).

    Examples
    --------
    >>> from exactpd import box
    >>> cell = root_cell(box([0], [1]))
    >>> cell.code, cell.A, cell.b, 0 < cell.witness[0] < 1
    ((), ((1,), (-1,)), (1, 0), True)
    """
    cert = interior_certificate(domain, hint=None, engine=engine)
    if not isinstance(cert, InteriorWitness):
        raise InvalidDomainError("the domain has no interior (it is empty or lower-dimensional)")
    A, b = tuple(domain.A), tuple(domain.b)
    return Cell((), A, b, tuple(DOMAIN for _ in A), cert.point, bound=_domain_bound(domain, cert.point, engine))


def _domain_bound(domain: HPolytope, center: QVector, engine) -> tuple[int, ...] | None:
    """Integers ``M_k`` with ``|x_k| < M_k`` on the domain (exact maxima of ``+-x_k``), or None when it is unbounded."""
    dim = domain.dim
    objectives = [tuple(sign if j == k else 0 for j in range(dim)) for k in range(dim) for sign in (1, -1)]
    solutions = maximize_certified(domain, objectives, center=center, engine=engine)
    if any(s.status is not LPStatus.OPTIMAL for s in solutions):
        return None
    return tuple(math.floor(max(solutions[2 * k].value, solutions[2 * k + 1].value)) + 1 for k in range(dim))
