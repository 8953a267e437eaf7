"""Exact linear programming: the decider of last resort.

Every question about a polytope that a float hint cannot settle ends here, in
integer and rational arithmetic, with no tolerance anywhere.  The problem is
always stated in one form, the one :mod:`exactpd.kernel.polytope` uses::

    maximize  c . x   subject to  A x <= b,   x free in Q^d.

The solver works on its dual in standard form,
``minimize b . y  subject to  A^T y = c,  y >= 0``, whose tableau has only
``d`` constraint rows (``d`` is small: the input dimension plus one), with

- a two-phase simplex method and Bland's rule (so it always terminates);
- an *integer-preserving* tableau (Edmonds; Bareiss' fraction-free pivoting):
  every entry is an integer over one common denominator, the determinant of
  the current basis, so no gcd is ever taken inside the loop.

Every answer carries its certificate (an :class:`LPSolution`): an optimal pair
``(x, y)``, a Farkas vector for an infeasible system, or a feasible point with
an improving ray.  :func:`basis_solution` turns a *guessed* optimal basis (from
a float solver) into an exact optimal pair when the guess is right, which is
much cheaper than running the simplex method.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction
from operator import mul
from typing import Sequence

from exactpd.rational import QVector, common_denominator, integer_point

__all__ = [
    "LPStatus",
    "LPSolution",
    "maximize",
    "basis_solution",
    "independent_rows",
    "solve_linear_system",
    "solution_space",
]


class LPStatus(enum.Enum):
    """The three possible outcomes of a linear program.

    Attributes
    ----------
    OPTIMAL, INFEASIBLE, UNBOUNDED
        See :class:`LPSolution` for the certificate each one carries.

    Examples
    --------
    >>> maximize([1], [[-1]], [0]).status
    <LPStatus.UNBOUNDED: 'unbounded'>
    >>> maximize([1], [[1], [-1]], [0, -1]).status
    <LPStatus.INFEASIBLE: 'infeasible'>
    """

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"


@dataclass(frozen=True)
class LPSolution:
    """An exact answer to ``maximize c . x subject to A x <= b``.

    Attributes
    ----------
    status : LPStatus
    x : tuple of Fraction or None
        OPTIMAL: an optimal point.  UNBOUNDED: a feasible point.
    y : tuple of Fraction or None
        OPTIMAL: dual multipliers, ``y >= 0``, ``A^T y = c`` and
        ``b . y = c . x`` (so ``x`` is optimal by weak duality).
        INFEASIBLE: a Farkas vector, ``y >= 0``, ``A^T y = 0``, ``b . y < 0``.
    ray : tuple of Fraction or None
        UNBOUNDED: a direction ``r`` with ``A r <= 0`` and ``c . r > 0``.
    value : Fraction or None
        OPTIMAL: the optimal value ``c . x``.

    Examples
    --------
    >>> maximize([1, 1], [[1, 0], [0, 1]], [1, 2])
    LPSolution(status=<LPStatus.OPTIMAL: 'optimal'>, x=(Fraction(1, 1), Fraction(2, 1)), y=(Fraction(1, 1), Fraction(1, 1)), ray=None, value=Fraction(3, 1))
    """

    status: LPStatus
    x: QVector | None = None
    y: QVector | None = None
    ray: QVector | None = None
    value: Fraction | None = None


def _integer_rows(rows: Sequence[Sequence], rhs: Sequence) -> tuple[list[list[int]], list[int], list[int]]:
    """Scale each ``(row, rhs)`` pair by a positive integer to make it integral.

    Returns the integer rows, the integer right-hand sides and the scale factors.
    """
    out_rows, out_rhs, scales = [], [], []
    for row, beta in zip(rows, rhs):
        if type(beta) is int and all(type(v) is int for v in row):
            out_rows.append(list(row))
            out_rhs.append(beta)
            scales.append(1)
            continue
        entries = [Fraction(v) for v in row] + [Fraction(beta)]
        den = common_denominator(entries)
        scaled = [int(q * den) for q in entries]
        out_rows.append(scaled[:-1])
        out_rhs.append(scaled[-1])
        scales.append(den)
    return out_rows, out_rhs, scales


def solve_linear_system(matrix: Sequence[Sequence], rhs: Sequence, unique: bool = False) -> QVector | None:
    """One exact solution of ``M z = r``, or None when there is none.

    Fraction-free Gaussian elimination (Bareiss) on the integer-scaled rows,
    then back substitution (:func:`solution_space` shares both and adds the
    directions of the solution set).  Unknowns that are not pivots are set to
    0, so the solution is unique exactly when ``M`` has full column rank.  A
    2 x 2 integer system with a non-zero determinant is solved by Cramer's
    rule directly.

    Parameters
    ----------
    matrix : sequence of rows of int or Fraction
        ``m`` rows of ``k`` entries each (``k`` is taken from the first row;
        with no rows, the empty solution of a consistent empty system).
    rhs : sequence of int or Fraction
        ``m`` entries.
    unique : bool
        If True, also return None when the solution is not unique (``M``
        does not have full column rank).

    Returns
    -------
    tuple of Fraction or None
        ``z`` of length ``k``, or None if the system is inconsistent.

    Examples
    --------
    >>> solve_linear_system([[2, 1], [1, 3]], [3, 5])
    (Fraction(4, 5), Fraction(7, 5))
    >>> solve_linear_system([[1, 1], [2, 2]], [1, 3]) is None
    True
    """
    if len(matrix) == 2 and all(len(row) == 2 for row in matrix):
        solved = _cramer_2x2(matrix, rhs)
        if solved is not None:
            return solved
    eliminated = _bareiss(matrix, rhs)
    if eliminated is None:
        return ()
    rows, pivots, D, k = eliminated
    r = len(pivots)
    if any(rows[i][-1] != 0 for i in range(r, len(rows))) or (unique and r < k):
        return None
    return _back_substitute(rows, pivots, D, k, [row[-1] for row in rows])


def solution_space(matrix: Sequence[Sequence], rhs: Sequence, n_unknowns: int | None = None) -> tuple[QVector, list[QVector]] | None:
    """Every solution of ``M z = r`` as ``z0 + N y``: one solution and a basis of the null space of ``M``.

    The same elimination as :func:`solve_linear_system`; ``z0`` is its
    solution (free unknowns 0) and the basis has one vector per free unknown
    f (1 there, 0 at the other free unknowns).

    Parameters
    ----------
    matrix : sequence of rows of int or Fraction
        ``m`` rows of ``k`` entries each.
    rhs : sequence of int or Fraction
    n_unknowns : int, optional
        k, needed only when there are no rows (then every z is a solution).

    Returns
    -------
    (tuple of Fraction, list of tuple of Fraction) or None
        ``(z0, N)`` (N a list of ``k - rank`` columns), or None if the system is inconsistent.

    Examples
    --------
    >>> solution_space([[1, -1]], [2])
    ((Fraction(2, 1), Fraction(0, 1)), [(Fraction(1, 1), Fraction(1, 1))])
    >>> solution_space([[1, 1], [2, 2]], [1, 3]) is None
    True
    """
    eliminated = _bareiss(matrix, rhs)
    if eliminated is None:
        k = n_unknowns or 0
        return (Fraction(0),) * k, [tuple(Fraction(int(i == j)) for i in range(k)) for j in range(k)]
    rows, pivots, D, k = eliminated
    if any(rows[i][-1] != 0 for i in range(len(pivots), len(rows))):
        return None
    z0 = _back_substitute(rows, pivots, D, k, [row[-1] for row in rows])
    basis = []
    for free in (c for c in range(k) if c not in pivots):
        direction = list(_back_substitute(rows, pivots, D, k, [-row[free] for row in rows]))
        direction[free] = Fraction(1)
        basis.append(tuple(direction))
    return z0, basis


def _cramer_2x2(matrix: Sequence[Sequence], rhs: Sequence) -> QVector | None:
    """The solution of a 2 x 2 integer system by Cramer's rule; None when not integral or singular (then eliminate)."""
    (a, b), (c, d) = matrix
    if not all(type(v) is int for v in (a, b, c, d, *rhs)):
        return None
    det = a * d - b * c
    if det == 0:
        return None
    return (Fraction(rhs[0] * d - b * rhs[1], det), Fraction(a * rhs[1] - c * rhs[0], det))


def _bareiss(matrix: Sequence[Sequence], rhs: Sequence) -> tuple[list[list[int]], list[int], int, int] | None:
    """Bareiss elimination of the integer-scaled augmented rows: ``(rows, pivot columns, last pivot D, k)``; None without rows."""
    rows_int, rhs_int, _ = _integer_rows(matrix, rhs)
    if not rows_int:
        return None
    k = len(rows_int[0])
    rows = [row + [beta] for row, beta in zip(rows_int, rhs_int)]
    m = len(rows)
    pivots: list[int] = []
    prev = 1
    r = 0
    for col in range(k):
        if r == m:
            break
        piv = next((i for i in range(r, m) if rows[i][col] != 0), None)
        if piv is None:
            continue
        rows[r], rows[piv] = rows[piv], rows[r]
        prow = rows[r]
        p = prow[col]
        for i in range(r + 1, m):
            f = rows[i][col]
            rows[i] = [(v * p - f * w) // prev for v, w in zip(rows[i], prow)]
        prev = p
        pivots.append(col)
        r += 1
    return rows, pivots, prev, k


def _back_substitute(rows: list[list[int]], pivots: list[int], D: int, k: int, column: list[int]) -> QVector:
    """Solve the pivot unknowns for one eliminated right-hand ``column`` (free unknowns 0).

    With D the last pivot (the determinant of the pivot submatrix), ``Z = D z``
    is integral (Cramer), so each division is exact.
    """
    Z = [0] * k
    for i in range(len(pivots) - 1, -1, -1):
        row = rows[i]
        later = pivots[i + 1 :]
        Z[pivots[i]] = (column[i] * D - sum(row[j] * Z[j] for j in later)) // row[pivots[i]]
    return tuple(Fraction(v, D) for v in Z)


def basis_solution(c: Sequence, A: Sequence[Sequence[int]], b: Sequence[int], candidates: Sequence[int]) -> LPSolution | None:
    """Verify a guessed optimal basis exactly.

    From the candidate rows (believed tight at an optimum, most trusted
    first), keep a maximal linearly independent subset ``B``; solve
    ``A_B x = b_B`` (free coordinates 0) and ``A_B^T y_B = c`` exactly.  If
    ``y_B >= 0`` and ``A x <= b`` hold exactly, ``(x, y)`` is an optimal pair
    (``c . x = y_B . b_B`` by construction) and is returned.

    Parameters
    ----------
    c : sequence of int or Fraction
    A : sequence of rows of int
    b : sequence of int
    candidates : sequence of int
        Row indices, e.g. the nonbasic rows of a float solver's basis.

    Returns
    -------
    LPSolution or None
        An OPTIMAL solution, or None when the guess is not exactly optimal.

    Examples
    --------
    >>> A, b = [[1, 0], [0, 1], [-1, 0], [0, -1]], [1, 2, 0, 0]
    >>> basis_solution([1, 1], A, b, [0, 1]).x
    (Fraction(1, 1), Fraction(2, 1))
    >>> basis_solution([1, 1], A, b, [2, 3]) is None  # the origin is not optimal
    True
    """
    chosen = list(candidates)
    x = None
    if len(chosen) == len(c):  # the usual case: a square, nonsingular guess needs no selection
        x = solve_linear_system([A[i] for i in chosen], [b[i] for i in chosen], unique=True)
    if x is None:
        chosen = independent_rows(A, candidates)
        x = solve_linear_system([A[i] for i in chosen], [b[i] for i in chosen]) if chosen else (Fraction(0),) * len(c)
    if chosen:
        y_basis = solve_linear_system(list(zip(*(A[i] for i in chosen))), c)
        if y_basis is None:
            return None
    elif any(c):
        return None
    else:
        y_basis = ()
    if any(v < 0 for v in y_basis):
        return None
    X, den = integer_point(x)
    if any(sum(map(mul, row, X)) > beta * den for row, beta in zip(A, b)):
        return None
    y = [Fraction(0)] * len(A)
    for i, v in zip(chosen, y_basis):
        y[i] = v
    value = sum((Fraction(ck) * xk for ck, xk in zip(c, x)), Fraction(0))
    return LPSolution(LPStatus.OPTIMAL, x=x, y=tuple(y), value=value)


def independent_rows(A: Sequence[Sequence[int]], candidates: Sequence[int]) -> list[int]:
    """A maximal linearly independent subset of the candidate rows of an integer matrix.

    Greedy in the given order; each candidate is reduced against the rows kept
    so far by fraction-free (Bareiss) steps, so the integers stay the size of
    minors of ``A``.

    Parameters
    ----------
    A : sequence of rows of int
        The matrix.
    candidates : sequence of int
        Row indices, most wanted first.

    Returns
    -------
    list of int
        The kept indices, in the given order.

    Examples
    --------
    >>> independent_rows([[1, 2], [2, 4], [0, 1], [1, 1]], [0, 1, 2, 3])
    [0, 2]
    """
    echelon: list[tuple[int, list[int]]] = []  # (pivot column, reduced row)
    chosen: list[int] = []
    dim = len(A[0]) if A else 0
    for i in candidates:
        v = list(A[i])
        prev = 1
        for col, e in echelon:
            p, f = e[col], v[col]
            v = [(x * p - f * y) // prev for x, y in zip(v, e)]
            prev = p
        col = next((j for j in range(dim) if v[j] != 0), None)
        if col is None:
            continue
        echelon.append((col, v))
        chosen.append(i)
        if len(chosen) == dim:
            break
    return chosen


def maximize(c: Sequence, A: Sequence[Sequence], b: Sequence) -> LPSolution:
    """Solve ``maximize c . x subject to A x <= b`` exactly.

    Parameters
    ----------
    c : sequence of int or Fraction
        The objective, ``d`` entries.
    A : sequence of rows of int or Fraction
        ``n`` rows of ``d`` entries (``n`` may be 0).
    b : sequence of int or Fraction
        ``n`` entries.

    Returns
    -------
    LPSolution
        OPTIMAL with an optimal pair, INFEASIBLE with a Farkas vector, or
        UNBOUNDED with a feasible point and an improving ray.

    Notes
    -----
    The dual ``min b . y, A^T y = c, y >= 0`` is solved by the two-phase
    simplex method with Bland's rule.  Its outcomes map to the primal's:
    optimal gives the primal optimum through the simplex multipliers;
    unbounded gives a Farkas vector (the primal is infeasible); infeasible
    gives an improving primal ray (phase-1 multipliers), and a second solve
    with ``c = 0`` then decides between primal infeasible and unbounded.

    Examples
    --------
    >>> s = maximize([1, 1], [[1, 0], [0, 1], [-1, 0], [0, -1]], [1, 2, 0, 0])
    >>> s.status.name, s.x, s.value
    ('OPTIMAL', (Fraction(1, 1), Fraction(2, 1)), Fraction(3, 1))
    >>> maximize([0], [[1], [-1]], [0, -1]).status.name
    'INFEASIBLE'
    """
    d = len(c)
    rows, rhs, scales = _integer_rows(A, b)
    (c_int,), _, (c_scale,) = _integer_rows([c], [0])
    outcome = _solve_dual(rows, rhs, c_int)
    if outcome[0] == "optimal":
        _, x, y_int, den = outcome
        y = tuple(Fraction(v * s, den * c_scale) for v, s in zip(y_int, scales))
        value = sum((Fraction(ck) * xk for ck, xk in zip(c, x)), Fraction(0))
        return LPSolution(LPStatus.OPTIMAL, x=x, y=y, value=value)
    if outcome[0] == "dual_unbounded":
        return LPSolution(LPStatus.INFEASIBLE, y=_farkas(outcome[1], scales))
    ray = tuple(Fraction(v) for v in outcome[1])
    feasibility = _solve_dual(rows, rhs, [0] * d)
    if feasibility[0] == "optimal":
        return LPSolution(LPStatus.UNBOUNDED, x=feasibility[1], ray=ray)
    return LPSolution(LPStatus.INFEASIBLE, y=_farkas(feasibility[1], scales))


def _farkas(y_int: Sequence[int], scales: Sequence[int]) -> QVector:
    """A Farkas vector of the integer-scaled rows, as one of the original rows."""
    den = sum(v * s for v, s in zip(y_int, scales))  # a positive normalisation
    return tuple(Fraction(v * s, den) for v, s in zip(y_int, scales))


def _solve_dual(A: list[list[int]], b: list[int], c: list[int]):
    """Two-phase Bland simplex on ``min b.y, A^T y = c, y >= 0`` (integer data).

    Returns one of
    ``("optimal", x, y_int, den)`` (``y = y_int / den``, ``x`` the multipliers),
    ``("dual_unbounded", y_ray)`` (a Farkas vector of the primal, integers),
    ``("dual_infeasible", d_ray)`` (``A d <= 0``, ``c . d > 0``, integers).
    """
    n, d = len(A), len(c)
    width = n + d + 1
    flip = [-1 if ck < 0 else 1 for ck in c]
    rows = []
    for k in range(d):
        s = flip[k]
        row = [s * A[j][k] for j in range(n)] + [0] * d + [s * c[k]]
        row[n + k] = 1
        rows.append(row)
    basis = [n + k for k in range(d)]
    # Phase 1: minimise the sum of the artificials.
    obj = [-sum(col) for col in zip(*rows)] if rows else [0] * width
    for k in range(d):
        obj[n + k] = 0
    det, entering = _run_bland(rows, obj, basis, 1, n)
    if obj[-1] != 0:  # phase-1 optimum -obj[-1]/det > 0: the dual is infeasible
        return ("dual_infeasible", [flip[k] * (det - obj[n + k]) for k in range(d)])
    # Drive the remaining artificials out of the basis (their rows have rhs 0).
    for r in range(d):
        if basis[r] >= n:
            s = next((j for j in range(n) if rows[r][j] != 0), None)
            if s is None:
                continue  # a redundant equation: its artificial stays, at level 0
            if rows[r][s] < 0:
                rows[r] = [-v for v in rows[r]]
            det = _pivot(rows, obj, basis, r, s, det)
    # Phase 2: costs b on the real columns, 0 on the artificials.
    obj = [0] * width
    for j in range(n):
        obj[j] = b[j] * det
    for k, bk in enumerate(basis):
        if bk < n and b[bk]:
            cost = b[bk]
            obj = [o - cost * t for o, t in zip(obj, rows[k])]
    det, entering = _run_bland(rows, obj, basis, det, n)
    if entering is not None:
        y_ray = [0] * n
        y_ray[entering] = det
        for k, bk in enumerate(basis):
            if bk < n:
                y_ray[bk] = -rows[k][entering]
        return ("dual_unbounded", y_ray)
    x = tuple(Fraction(-flip[k] * obj[n + k], det) for k in range(d))
    y_int = [0] * n
    for k, bk in enumerate(basis):
        if bk < n:
            y_int[bk] = rows[k][-1]
    return ("optimal", x, y_int, det)


def _run_bland(rows: list[list[int]], obj: list[int], basis: list[int], det: int, n: int) -> tuple[int, int | None]:
    """Pivot with Bland's rule until optimal; return (det, None) or (det, unbounded column)."""
    while True:
        s = next((j for j in range(n) if obj[j] < 0), None)
        if s is None:
            return det, None
        r = None
        for i, row in enumerate(rows):
            t = row[s]
            if t > 0:
                if r is None:
                    r = i
                    continue
                lhs, rhs = row[-1] * rows[r][s], rows[r][-1] * t
                if lhs < rhs or (lhs == rhs and basis[i] < basis[r]):
                    r = i
        if r is None:
            return det, s
        det = _pivot(rows, obj, basis, r, s, det)


def _pivot(rows: list[list[int]], obj: list[int], basis: list[int], r: int, s: int, det: int) -> int:
    """Integer-preserving pivot on ``rows[r][s] > 0``; returns the new common denominator."""
    prow = rows[r]
    p = prow[s]
    for i, row in enumerate(rows):
        if i != r:
            rows[i] = _eliminate(row, prow, p, s, det)
    obj[:] = _eliminate(obj, prow, p, s, det)
    basis[r] = s
    return p


def _eliminate(row: list[int], prow: list[int], p: int, s: int, det: int) -> list[int]:
    f = row[s]
    if f == 0:
        return row if p == det else [v * p // det for v in row]
    return [(v * p - f * w) // det for v, w in zip(row, prow)]
