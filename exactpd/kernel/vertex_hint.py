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

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from exactpd.hints.lp import rows_hint, vector_hint
from exactpd.kernel.simplex import solve_linear_system

__all__ = ["VertexHint", "vertex_hint", "support_multipliers_hint", "facet_point_hint"]


@dataclass(frozen=True)
class VertexHint:
    """Float vertices of {A x <= b} (+ an artificial box) and, per vertex, the rows active there.

    A hint only: every decision made from it is checked exactly by the caller.

    Attributes
    ----------
    vertices : ndarray, shape (n_vertices, D)
        float64 vertices.
    active : tuple of tuple of int
        Per vertex, the rows active there (indices ``>= n_rows`` are the
        artificial box's).
    n_rows : int
        The number of real rows.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # the triangle x >= 0, y >= 0, x + y <= 2
    >>> hint = vertex_hint(A, b, [Fraction(1, 2), Fraction(1, 2)])
    >>> hint.n_rows, sorted(sorted(a) for a in hint.active)
    (3, [[0, 1], [0, 2], [1, 2]])
    """

    vertices: np.ndarray  # (n_vertices, D) float64
    active: tuple  # per vertex: tuple of row indices (indices >= n_rows are artificial)
    n_rows: int


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
    return VertexHint(vertices, tuple(tuple(int(i) for i in f) for f in hs.dual_facets), len(A))


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
        on = np.array([face in active for active in hint.active])
        if not on.any():
            return None
        values = np.where(on, values, np.inf)
    best = int(np.argmin(values))
    active = hint.active[best]
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
    on = [v for v, active in zip(hint.vertices, hint.active) if row in active]
    if len(on) < hint.vertices.shape[1]:
        return None
    return tuple(Fraction(float(c)) for c in np.mean(on, axis=0))
