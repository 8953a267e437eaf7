"""Float vertex hints: many exact decisions about one polytope from one qhull call.

The enumerator asks, for every unit of a layer, whether the unit's boundary
misses a region entirely (the common case at deeper layers).  Instead of one
LP per unit, the region's vertices are computed once in floating point
(``scipy.spatial.HalfspaceIntersection``, i.e. qhull, started from the exact
interior witness), and for each question the vertex minimising the
linear function proposes a basis: the D halfspaces active there.  Solving for
the multipliers on that basis exactly gives a candidate certificate, which
:func:`exactpd.kernel.certificate.check` then verifies exactly.  Nothing here decides
anything: a failed hint (qhull error, degenerate vertex, artificial bounding
row, wrong signs) only sends the question down the LP path.

Unbounded regions are closed by an artificial box far around the witness;
a proposal that leans on an artificial row is discarded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction
from itertools import chain
from operator import mul
from typing import Sequence

import numpy as np

from exactpd.hints.lp import rows_hint, vector_hint
from exactpd.kernel.simplex import solve_linear_system

__all__ = ["VertexHint", "vertex_hint", "support_multipliers_hint", "facet_point_hint", "box_multipliers_hint", "bound_or_beyond_hint", "facet_points_hint", "split_vertex_hint", "drop_rows_hint", "strictly_inside_filtered"]


@dataclass(frozen=True, eq=False)
class VertexHint:
    """Float vertices of {A x <= b} (+ an artificial box) and, per vertex, the rows active there.

    A hint only: every decision made from it is checked exactly by the caller.

    Attributes
    ----------
    vertices : ndarray, shape (n_vertices, D)
        float64 vertices.
    incidence : ndarray of bool, shape (n_vertices, n_rows + 2 D)
        ``incidence[v, i]`` says whether row i is active at vertex v
        (columns ``>= n_rows`` are the artificial box's rows).
    n_rows : int
        The number of real rows.
    active : tuple of tuple of int
        Per vertex, the rows active there (read from ``incidence`` on first use).

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> hint.n_rows, sorted(sorted(a) for a in hint.active)
    (3, [[0, 1], [0, 2], [1, 2]])
    """

    vertices: np.ndarray  # (n_vertices, D) float64
    incidence: np.ndarray  # (n_vertices, n_rows + 2 D) bool; columns >= n_rows are artificial
    n_rows: int

    @cached_property
    def active(self) -> tuple:
        """Per vertex, the tuple of rows active there."""
        return tuple(tuple(np.flatnonzero(r).tolist()) for r in self.incidence)

    def active_at(self, v: int) -> list[int]:
        """The rows active at vertex ``v``."""
        return np.flatnonzero(self.incidence[v]).tolist()


def _incidence(active: Sequence[Sequence[int]], n_columns: int) -> np.ndarray:
    """The (vertex, row) incidence matrix of the active sets."""
    lengths = np.fromiter(map(len, active), dtype=np.intp, count=len(active))
    flat = np.fromiter(chain.from_iterable(active), dtype=np.intp, count=int(lengths.sum()))
    incidence = np.zeros((len(active), n_columns), dtype=bool)
    incidence[np.repeat(np.arange(len(active)), lengths), flat] = True
    return incidence


def vertex_hint(A: Sequence[Sequence[int]], b: Sequence[int], witness: Sequence[Fraction]) -> VertexHint | None:
    """Float vertices of the polytope {A x <= b}, or None when qhull cannot help (D = 1, degenerate input).

    Parameters
    ----------
    A : sequence of rows of int
    b : sequence of int
        The polytope's integer rows.
    witness : sequence of Fraction
        A point strictly inside (qhull's interior point).

    Returns
    -------
    VertexHint or None
        The float vertices of the polytope cut by a large box around the
        witness (so unbounded polytopes have vertices too); None when qhull
        fails or gives non-finite vertices.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> sorted((hint.vertices.round(9) + 0.0).tolist())  # + 0.0 turns -0.0 into 0.0
    [[0.0, 0.0], [0.0, 2.0], [2.0, 0.0]]
    >>> vertex_hint([[1], [-1]], [1, 0], [Fraction(1, 2)]) is None  # D = 1
    True
    """
    dim = len(witness)
    if dim < 2 or not A:
        return None
    try:
        from scipy.spatial import HalfspaceIntersection
    except ImportError:  # pragma: no cover - scipy comes with cvxpy
        return None
    centre = vector_hint(witness)
    if centre is None:
        return None
    rows, rhs = rows_hint(A, b)
    reach = 1e6 * (1.0 + np.abs(centre).max())
    eye = np.eye(dim)
    box_rows = np.vstack([eye, -eye])
    box_rhs = np.concatenate([centre + reach, -(centre - reach)])
    halfspaces = np.hstack([np.vstack([rows, box_rows]), -np.concatenate([rhs, box_rhs])[:, None]])
    try:
        hs = HalfspaceIntersection(halfspaces, centre)
    except Exception:  # qhull errors of every kind only mean "no hint"
        return None
    vertices = hs.intersections
    if not np.all(np.isfinite(vertices)):
        return None
    active = tuple(map(tuple, hs.dual_facets))
    hint = VertexHint(vertices, _incidence(active, len(A) + 2 * dim), len(A))
    hint.__dict__["active"] = active  # already known
    return hint


def support_multipliers_hint(
    hint: VertexHint, A: Sequence[Sequence[int]], row: Sequence[int], exclude: Sequence[int] = (), face: int | None = None
) -> tuple[Fraction, ...] | None:
    """Proposed multipliers y >= 0 (one per row of A) with A^T y = -row, from the vertex minimising row . x.

    Returns the exact multipliers as Fractions, or None when the minimising vertex is
    not a simple vertex of the real rows, leans on a row of ``exclude``, or the exact
    solve fails.  The caller checks the resulting certificate exactly.

    Parameters
    ----------
    hint : VertexHint
        From :func:`vertex_hint` on the rows ``A``.
    A : sequence of rows of int
        The polytope's rows.
    row : sequence of int
        The row ``a`` whose implication ``a . x <= beta`` is to be certified
        (the vertex minimising ``row . x`` is the one maximising ``-row . x``).
    exclude : sequence of int, optional
        Rows the multipliers may not use (e.g. the rows identical to ``row``).
    face : int, optional
        Only the vertices where this row is active (the facet ``a_face x = b_face``);
        its multiplier may then be negative (the bound holds on the facet).

    Returns
    -------
    tuple of Fraction or None
        ``y`` with ``A^T y = -row``, nonzero only on the vertex's active rows.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> support_multipliers_hint(hint, A, [-1, 0])  # -(-x) = x = (x + y) - y: rows 1 and 2
    (Fraction(0, 1), Fraction(1, 1), Fraction(1, 1))
    """
    norm = max(abs(v) for v in row)
    if norm == 0:
        return None
    values = hint.vertices @ np.array([v / norm for v in row])
    if face is not None:  # only the vertices of that facet
        on = hint.incidence[:, face]
        if not on.any():
            return None
        values = np.where(on, values, np.inf)
    best = int(np.argmin(values))
    active = hint.active_at(best)
    dim = len(row)
    if len(active) != dim or any(i >= hint.n_rows or i in exclude for i in active):
        return None
    y_active = solve_linear_system([[A[i][d] for i in active] for d in range(dim)], [-v for v in row], unique=True)
    if y_active is None or any(y < 0 for i, y in zip(active, y_active) if i != face):
        return None
    y = [Fraction(0)] * len(A)
    for i, value in zip(active, y_active):
        y[i] = value
    return tuple(y)


def facet_point_hint(hint: VertexHint, row: int) -> tuple[Fraction, ...] | None:
    """The mean of the float vertices where ``row`` is active (at least D of them), as an exact rational, or None.

    When the row defines a facet, this point is near the facet's relative
    interior; the caller projects it exactly onto the hyperplane and checks it.

    Parameters
    ----------
    hint : VertexHint
        From :func:`vertex_hint`.
    row : int
        A row index of the polytope.

    Returns
    -------
    tuple of Fraction or None
        The mean's exact binary value; None when the row is active at fewer
        than D vertices (it defines no facet of the float polytope).

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> [round(float(c), 9) for c in facet_point_hint(hint, 2)]
    [1.0, 1.0]
    """
    on = hint.incidence[:, row]
    if np.count_nonzero(on) < hint.vertices.shape[1]:
        return None
    return tuple(map(Fraction, hint.vertices[on].mean(axis=0).tolist()))


def box_multipliers_hint(
    hint: VertexHint, A: Sequence[Sequence[int]], objectives: Sequence[Sequence[int]], excludes: Sequence[Sequence[int]] | None = None
) -> list[tuple[list[tuple[int, int]], int] | None]:
    """Proposed integer multipliers bounding each objective, from the float vertex maximising it.

    For each objective ``c``, the multipliers of ``c`` on the D rows active
    at the vertex that maximises ``c`` are solved in floating point (all
    objectives in one batched solve) and scaled to integers over a power of
    two (each float's exact value); they are a proposal for the exact test
    :func:`exactpd.kernel.certificate.box_bound_holds`, which absorbs the
    rounding in its residual.

    Parameters
    ----------
    hint : VertexHint
        From :func:`vertex_hint` on the rows ``A``.
    A : sequence of rows of int
        The polytope's rows.
    objectives : sequence of rows of int
        The linear functions to bound.
    excludes : sequence of sequences of int, optional
        Per objective, rows the multipliers may not use.

    Returns
    -------
    list
        Per objective, ``(weights, scale)`` with ``weights`` a list of
        ``(row, w)`` pairs, ``w >= 0``, over the positive integer ``scale``;
        or None when the maximising vertex is not a simple vertex of the real
        rows, leans on an excluded row, or gives clearly negative multipliers.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> [sorted((i, w / scale) for i, w in weights) for weights, scale in box_multipliers_hint(hint, A, [(1, 0)])]
    [[(1, 1.0), (2, 1.0)]]
    """
    if not objectives:
        return []
    C = _floats(objectives)
    if C is None:
        return [None] * len(objectives)
    return _multipliers(hint, A, C, np.argmax(hint.vertices @ C.T, axis=0), excludes)


def _multipliers(hint: VertexHint, A, C: np.ndarray, best: np.ndarray, excludes=None) -> list:
    """:func:`box_multipliers_hint` for the objectives ``C`` at the vertices ``best``."""
    dim, n = hint.vertices.shape[1], hint.n_rows
    out: list = [None] * len(C)
    unit_rows = _unit_rows(hint, A)
    if unit_rows is None:
        return out
    incidence = hint.incidence[best]
    simple = (incidence.sum(axis=1) == dim) & ~incidence[:, n:].any(axis=1)
    chosen = np.flatnonzero(simple).tolist()
    active = np.nonzero(incidence[simple])[1].reshape(-1, dim)
    if excludes:
        fine = [not set(a) & set(excludes[k]) for k, a in zip(chosen, active.tolist())]
        chosen, active = [k for k, ok in zip(chosen, fine) if ok], active[fine]
    if not chosen:
        return out
    rows, norms = unit_rows
    try:
        unit = np.linalg.solve(rows[active].transpose(0, 2, 1), C[chosen][:, :, None])[:, :, 0]  # multipliers of the unit rows
    except np.linalg.LinAlgError:
        return out
    top = np.abs(unit).max(axis=1)
    fine = np.isfinite(top) & (top > 0) & (unit.min(axis=1) >= -1e-9 * top)
    y = np.where(unit > 1e-13 * top[:, None], unit, 0.0) / norms[active]  # rounding noise dropped, judged on the unit rows
    for k, rows_k, yk, ok in zip(chosen, active.tolist(), y.tolist(), fine.tolist()):
        if not ok:
            continue
        ratios = [v.as_integer_ratio() for v in yk]  # each float's exact value
        scale = max(q for _, q in ratios)  # powers of two: the largest is a common denominator
        out[k] = ([(i, p * (scale // q)) for i, (p, q) in zip(rows_k, ratios)], scale)
    return out


def _floats(values) -> np.ndarray | None:
    """Integers (rows of them) as float64, or None when one lies beyond the float range (no float proposal then)."""
    try:
        return np.array(values, dtype=float)
    except OverflowError:
        return None


def _unit_rows(hint: VertexHint, A) -> tuple[np.ndarray, np.ndarray] | None:
    """The rows ``A`` in floats divided by their largest entries, and those divisors (kept on the hint for its rows); None beyond the float range."""
    cached = hint.__dict__.get("_unit_rows")
    if cached is not None and cached[0] is A:
        return cached[1], cached[2]
    rows = _floats(A)
    if rows is None:
        return None
    norms = np.abs(rows).max(axis=1)
    norms[norms == 0] = 1.0
    rows /= norms[:, None]  # unit rows: a well-scaled solve whatever the integers' sizes
    hint.__dict__["_unit_rows"] = (A, rows, norms)
    return rows, norms


def bound_or_beyond_hint(
    hint: VertexHint, A: Sequence[Sequence[int]], objectives: Sequence[Sequence[int]], bounds: Sequence[int], bits: int = 40
) -> list[tuple[str, tuple] | None]:
    """Per objective ``c`` and bound ``t``, from the float vertex maximising ``c``: a point beyond ``t``, or multipliers proving ``c . x <= t``.

    A proposal only: the caller shoots an exact ray toward a vertex beyond
    (and checks the exit point exactly), or tests the multipliers with
    :func:`exactpd.kernel.certificate.box_bound_holds`.

    Parameters
    ----------
    hint : VertexHint
        From :func:`vertex_hint` on the rows ``A``.
    A : sequence of rows of int
        The polytope's rows.
    objectives : sequence of rows of int
    bounds : sequence of int
        One bound per objective.
    bits : int, default 40
        A vertex beyond is rounded to the grid ``2^-bits Z^D``.

    Returns
    -------
    list
        Per objective, ``("beyond", (V, 2**bits))`` (the rounded vertex) when
        ``c . v > t`` at the maximising float vertex ``v``, else
        ``("within", (weights, scale))`` as :func:`box_multipliers_hint` gives
        them, or None when that vertex proposes no multipliers.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> beyond, within = bound_or_beyond_hint(hint, A, [(1, 0), (1, 1)], [1, 2], bits=2)
    >>> beyond, within[0], sorted((i, w / within[1][1]) for i, w in within[1][0])
    (('beyond', ([8, 0], 4)), 'within', [(0, 0.0), (2, 1.0)])
    """
    if not objectives:
        return []
    C = _floats(objectives)
    if C is None:  # an entry beyond the float range: no float proposal, the exact paths decide
        return [None] * len(objectives)
    values = hint.vertices @ C.T
    best = np.argmax(values, axis=0)
    tops = values[best, np.arange(len(C))].tolist()
    scale = 1 << bits
    out: list = [None] * len(C)
    within = [k for k, (top, t) in enumerate(zip(tops, bounds)) if not top > t]
    for k, v in enumerate(best.tolist()):
        if tops[k] > bounds[k]:
            out[k] = ("beyond", ([round(x * scale) for x in hint.vertices[v].tolist()], scale))
    if within:
        for k, proposal in zip(within, _multipliers(hint, A, C[within], best[within])):
            out[k] = None if proposal is None else ("within", proposal)
    return out


def facet_points_hint(hint: VertexHint, rows: Sequence[int], bits: int = 40) -> list[tuple[list[int], int] | None]:
    """:func:`facet_point_hint` for several rows, each mean rounded to integers over ``2^bits``.

    Parameters
    ----------
    hint : VertexHint
    rows : sequence of int
        Row indices of the polytope.
    bits : int, default 40
        The mean is rounded to the grid ``2^-bits Z^D``.

    Returns
    -------
    list
        Per row, ``(X, 2**bits)`` (the rounded mean of the float vertices
        where the row is active) or None when it is active at fewer than D
        vertices.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> facet_points_hint(hint, [2], bits=1)
    [([2, 2], 2)]
    """
    dim = hint.vertices.shape[1]
    on = hint.incidence[:, list(rows)]
    counts = on.sum(axis=0).tolist()
    means = (on.T @ hint.vertices) / np.maximum(on.sum(axis=0), 1)[:, None]
    scale = 1 << bits
    return [([round(x * scale) for x in mean], scale) if count >= dim else None for mean, count in zip(means.tolist(), counts)]


def split_vertex_hint(hint: VertexHint, row: Sequence[int], rhs: int) -> tuple[VertexHint | None, VertexHint | None]:
    """The vertex hints of the sides ``row . x <= rhs`` and ``row . x >= rhs`` of the polytope (one double-description step).

    The vertices strictly on each side are kept, and each edge that crosses
    the hyperplane (two simple vertices sharing D - 1 active rows, found by
    one sort of the edges' names) gives a
    new vertex, active on the new row.  The new row is real row ``n_rows``
    of both sides (before the artificial rows).  A hint only, like the
    parent's.

    Parameters
    ----------
    hint : VertexHint
        The polytope's hint.
    row : sequence of int
    rhs : int
        The cutting hyperplane ``row . x = rhs``.

    Returns
    -------
    (VertexHint or None, VertexHint or None)
        Both None when some vertex is not simple or lies near the hyperplane
        (in floats), or the hyperplane misses the float vertices: the caller
        then computes the sides' hints afresh.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> left, right = split_vertex_hint(hint, (1, 0), 1)  # cut by x = 1
    >>> sorted((left.vertices.round(9) + 0.0).tolist()), sorted(map(sorted, left.active))
    ([[0.0, 0.0], [0.0, 2.0], [1.0, 0.0], [1.0, 1.0]], [[0, 1], [0, 2], [1, 3], [2, 3]])
    >>> sorted((right.vertices.round(9) + 0.0).tolist())
    [[1.0, 0.0], [1.0, 1.0], [2.0, 0.0]]
    """
    V, incidence, n = hint.vertices, hint.incidence, hint.n_rows
    dim = V.shape[1]
    a_hint, rhs_hint = rows_hint([row], [rhs])  # scaled by the row's largest entry, whatever its size
    side = V @ a_hint[0] - rhs_hint[0]
    if (np.abs(side) <= 1e-9 * max(1.0, float(np.abs(V).max()))).any() or (incidence.sum(axis=1) != dim).any():
        return None, None
    below = side < 0
    if below.all() or not below.any():
        return None, None
    edges = _edges(incidence, dim)
    if edges is None:
        return None, None
    i, j = edges
    crosses = below[i] != below[j]
    i, j = i[crosses], j[crosses]
    i, j = np.where(below[i], i, j), np.where(below[i], j, i)  # i below, j above
    t = (side[i] / (side[i] - side[j]))[:, None]
    crossing = V[i] + t * (V[j] - V[i])
    on_cut = incidence[i] & incidence[j]
    widened = _with_column(np.concatenate([incidence, on_cut]), n, False)
    widened[len(V):, n] = True
    above = np.flatnonzero(~below)
    keep0, keep1 = np.concatenate([np.flatnonzero(below), len(V) + np.arange(len(i))]), np.concatenate([above, len(V) + np.arange(len(i))])
    vertices = np.concatenate([V, crossing])
    return VertexHint(vertices[keep0], widened[keep0], n + 1), VertexHint(vertices[keep1], widened[keep1], n + 1)


def _edges(incidence: np.ndarray, dim: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The edges of a simple polytope's vertex hint: pairs of vertices sharing D - 1 active rows (None if some D - 1 rows meet thrice).

    Each vertex has exactly D active rows; leaving one out names an edge, and
    the two vertices naming the same edge are its ends (one sort of all the
    names, no pairwise comparison).
    """
    n = len(incidence)
    active = np.nonzero(incidence)[1].reshape(n, dim)
    owner = np.arange(n * dim) % n
    if incidence.shape[1] <= 63:  # one integer per set of rows
        bits = np.left_shift(np.uint64(1), active.astype(np.uint64))
        names = (np.bitwise_or.reduce(bits, axis=1)[None, :] ^ bits.T).ravel()
        order = np.argsort(names, kind="stable")
        same = names[order][1:] == names[order][:-1]
    else:
        names = np.concatenate([np.delete(active, p, axis=1) for p in range(dim)])
        order = np.lexsort(names.T[::-1])
        same = (names[order][1:] == names[order][:-1]).all(axis=1)
    if (same[1:] & same[:-1]).any():
        return None
    ends = owner[order]
    return ends[:-1][same], ends[1:][same]


def _with_column(incidence: np.ndarray, at: int, value: bool) -> np.ndarray:
    """``incidence`` with a constant column inserted before column ``at``."""
    return np.concatenate([incidence[:, :at], np.full((len(incidence), 1), value), incidence[:, at:]], axis=1)


def drop_rows_hint(hint: VertexHint, keep: Sequence[int]) -> VertexHint | None:
    """The hint of the same polytope with only the real rows ``keep`` (in that order), or None if a dropped row is active somewhere.

    Parameters
    ----------
    hint : VertexHint
    keep : sequence of int
        The real rows kept.

    Returns
    -------
    VertexHint or None
        None when a dropped row is active at a float vertex (it was not
        redundant in the hint's view: the caller computes afresh).

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1], [1, 0]], [0, 0, 2, 5]  # the triangle and the redundant x <= 5
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> drop_rows_hint(hint, [0, 1, 2]).n_rows, drop_rows_hint(hint, [0, 1, 3])
    (3, None)
    """
    n, dim = hint.n_rows, hint.vertices.shape[1]
    keep = list(keep)
    dropped = sorted(set(range(n)) - set(keep))
    if dropped and hint.incidence[:, dropped].any():
        return None
    return VertexHint(hint.vertices, hint.incidence[:, keep + list(range(n, n + 2 * dim))], len(keep))


_UNIT_ROUNDOFF = 2.0**-53


def strictly_inside_filtered(hint: VertexHint, A: Sequence[Sequence[int]], b: Sequence[int], point: tuple[list[int], int], skip: Sequence[int] = ()) -> bool:
    """Whether ``a_j . X < b_j den`` for every row ``j`` not in ``skip``, for the point ``X / den``: an exact answer.

    A filtered predicate in the manner of CGAL's: the slacks are evaluated in
    floating point (all rows in one product) together with a proved bound on
    their error, and a slack whose float value exceeds its bound is positive;
    only the rows the bound cannot decide are evaluated in integers.

    Parameters
    ----------
    hint : VertexHint
        The hint of the rows ``A`` (it keeps their float copy).
    A : sequence of rows of int
    b : sequence of int
        The rows ``A x <= b``.
    point : (list of int, int)
        ``(X, den)`` with ``den > 0``.
    skip : sequence of int, optional
        Rows not tested (e.g. the row the point lies on, and its copies).

    Returns
    -------
    bool

    Notes
    -----
    Each entry of ``A``, ``b``, ``X`` and ``den`` rounds to float64 with a
    relative error at most ``u = 2^-53``, and a dot product of D terms adds at
    most ``gamma_D`` times the sum of the absolute terms, so the computed
    slack ``t_j`` differs from the exact ``b_j den - a_j . X`` by less than
    ``(D + 6) u S_j`` with ``S_j = |b_j| den + |a_j| . |X|`` (evaluated in
    floats, where the same factor absorbs its own rounding); ``t_j`` above
    twice that proves a positive slack.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> strictly_inside_filtered(hint, A, b, ([1, 1], 2)), strictly_inside_filtered(hint, A, b, ([1, 0], 1))
    (True, False)
    >>> strictly_inside_filtered(hint, A, b, ([1, 0], 1), skip=[1])  # (1, 0) lies on the row y >= 0 only
    True
    """
    cached = hint.__dict__.get("_float_rows")
    if cached is None or cached[0] is not A:
        rows, rhs = _floats(A), _floats(b)
        cached = (A, rows, None if rows is None else np.abs(rows), rhs)
        hint.__dict__["_float_rows"] = cached
    _, rows, magnitudes, rhs = cached
    X, den = point
    Xf = None if rows is None or rhs is None else _floats(X)
    try:
        scaled = None if Xf is None else rhs * float(den)
    except OverflowError:
        Xf = None
    if Xf is not None and np.isfinite(scaled).all() and np.isfinite(Xf).all():
        slack = scaled - rows @ Xf
        error = 2 * (len(X) + 6) * _UNIT_ROUNDOFF * (np.abs(scaled) + magnitudes @ np.abs(Xf))
        undecided = np.flatnonzero(~(slack > error)).tolist() if np.isfinite(slack).all() else range(len(A))
    else:
        undecided = range(len(A))
    skipped = set(skip)
    return all(b[j] * den - sum(map(mul, A[j], X)) > 0 for j in undecided if j not in skipped)
