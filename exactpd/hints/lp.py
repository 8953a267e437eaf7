"""Float linear programs that *propose*: scaling, centring and the calls to an LP engine.

Nothing returned here is a fact.  Every function gives float64 numpy hints
(names ending in ``_hint``), or None whenever the solver fails, raises, or
reports any status other than a clean optimum; the caller then goes down the
exact path (:mod:`exactpd.kernel.certificate`, :mod:`exactpd.kernel.simplex`).  The LPs are
stated exactly as in :mod:`exactpd.kernel.simplex` (``maximize c . x subject to
A x <= b``, ``x`` free), on the *same* integer rows, each scaled by a positive
factor to float; so the basis a float solver ends on is a guess of the exact
optimal basis, and :func:`exactpd.kernel.simplex.basis_solution` can confirm it.

The solver is an engine of :mod:`exactpd.hints.engine` (``engine=`` a
registered name, ``"highs"`` by default, or an engine object); ``"exact"``
proposes nothing.

Centring.  A region of width 1e-12 looks like a point to a solver with
feasibility tolerance 1e-7.  Given a rational ``center`` near the region,
:func:`maximize_hint` and :func:`redundancy_hints` therefore solve in the
coordinates ``z = scale (x - center)``: the right-hand sides become the exact
slacks at ``center`` (computed in integers, then rounded), times a power of
two ``scale`` that brings the nearby rows to unit distance.  Translation and
scaling do not change which rows are active, so the proposed basis is one of
the exact LP.

Tolerances here only steer hints and say so in their names:
``FAR_STEER_BOUND`` clips the scaled right-hand sides of far-away rows
(``DUAL_STEER_TOLERANCE`` of :mod:`exactpd.hints.cvxpy_engine` picks which
cvxpy dual values count as active).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

import numpy as np

from exactpd.hints.engine import DEFAULT_ENGINE, EngineLike, LPHint, get_engine
from exactpd.rational import integer_point

__all__ = [
    "FAR_STEER_BOUND",
    "point_hint",
    "vector_hint",
    "rows_hint",
    "maximize_hint",
    "maximize_hints",
    "redundancy_hints",
    "projection_hint",
    "chebyshev_float",
    "redundant_rows_float",
]

FAR_STEER_BOUND = 1e6
"""Scaled right-hand sides are clipped to +-this: far rows stay far (steers a hint only)."""


def point_hint(hint: LPHint) -> tuple[Fraction, ...]:
    """The hinted point ``center + z / scale`` as exact Fractions (still only a hint).

    Parameters
    ----------
    hint : LPHint
        A proposal of an engine.

    Returns
    -------
    tuple of Fraction
        The exact binary value of the float point, moved back to the
        original coordinates.

    Examples
    --------
    >>> from fractions import Fraction
    >>> A, b = [[1, 0], [0, 1], [-1, 0], [0, -1]], [1, 2, 0, 0]  # the box [0, 1] x [0, 2]
    >>> point_hint(maximize_hint([1, 1], A, b, center=[Fraction(1, 2), Fraction(1, 2)]))
    (Fraction(1, 1), Fraction(2, 1))
    """
    z = [Fraction(float(v)) for v in hint.x_hint]
    if hint.center is None:
        return tuple(v / hint.scale for v in z)
    return tuple(o + v / hint.scale for o, v in zip(hint.center, z))


def vector_hint(x: Sequence) -> np.ndarray | None:
    """A rational vector as float64, or None when an entry lies beyond the float range.

    Parameters
    ----------
    x : sequence of Fraction or int

    Returns
    -------
    ndarray or None
        None tells the caller to skip the float hint (the exact path decides alone).

    Examples
    --------
    >>> from fractions import Fraction
    >>> vector_hint([Fraction(1, 2), 3]).tolist(), vector_hint([2**1100])
    ([0.5, 3.0], None)
    """
    try:
        return np.array([float(v) for v in x], dtype=float)
    except OverflowError:
        return None


def rows_hint(A: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Float copies of the rows of ``A x <= b``, each divided by its largest ``|entry|``.

    Zero rows are kept as they are.  Integers too large for a float are
    divided exactly first (Python's ``int / int`` is correctly rounded), and
    right-hand sides beyond the float range are clipped (only a hint).

    Parameters
    ----------
    A : sequence of rows of int
    b : sequence of int
        Integer rows of any size.

    Returns
    -------
    A_hint : ndarray, shape (n_rows, dim)
    b_hint : ndarray, shape (n_rows,)
        float64.

    Examples
    --------
    >>> A_hint, b_hint = rows_hint([[2, 0], [0, -4], [0, 0]], [1, 2**2000, 3])
    >>> A_hint.tolist(), b_hint.tolist()
    ([[1.0, 0.0], [0.0, -1.0], [0.0, 0.0]], [0.5, 1e+300, 3.0])
    """
    try:
        A_hint = np.array(A, dtype=float).reshape(len(A), -1)
        b_hint = np.array(b, dtype=float)
    except OverflowError:
        return _rows_hint_big(A, b)
    if A_hint.size == 0:
        return A_hint, b_hint
    scale = np.abs(A_hint).max(axis=1)
    scale[scale == 0] = 1.0
    return A_hint / scale[:, None], b_hint / scale


def _rows_hint_big(A: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    rows, rhs = [], []
    for row, beta in zip(A, b):
        scale = max((abs(v) for v in row), default=0) or 1
        rows.append([v / scale for v in row])
        try:
            rhs.append(beta / scale)
        except OverflowError:
            rhs.append(1e300 if beta > 0 else -1e300)
    return np.array(rows, dtype=float).reshape(len(A), -1), np.array(rhs, dtype=float)


def maximize_hint(
    c: Sequence, A: Sequence[Sequence[int]], b: Sequence[int], engine: EngineLike = DEFAULT_ENGINE, center: Sequence | None = None
) -> LPHint | None:
    """A float proposal for ``maximize c . x subject to A x <= b``, or None.

    Parameters
    ----------
    c : sequence of numbers
    A : sequence of rows of int
    b : sequence of int
    engine : str or LPEngine
        A registered engine name (``"highs"``, ``"cvxpy"``, ``"exact"``) or an engine.
    center : sequence of Fraction, optional
        A rational point near the optimum: the LP is then solved centred and
        zoomed there (see the module notes).

    Returns
    -------
    LPHint or None
        None when the engine proposes nothing (``"exact"``), or the solver does
        not report a clean optimum, or anything at all goes wrong.

    Raises
    ------
    InvalidOptionError
        Unknown engine.

    Examples
    --------
    >>> A, b = [[1, 0], [0, 1], [-1, 0], [0, -1]], [1, 2, 0, 0]  # the box [0, 1] x [0, 2]
    >>> hint = maximize_hint([1, 1], A, b)
    >>> hint.x_hint.tolist(), hint.value_hint
    ([1.0, 2.0], 3.0)
    >>> maximize_hint([1, 1], A, b, engine="exact") is None
    True
    """
    solver = get_engine(engine)
    if not len(A):
        return None
    try:
        A_hint, b_hint = rows_hint(A, b)
        zoom = 1
        if center is not None:
            b_hint, zoom = _centered(A, b, center)
        (c_hint,), (c_scale,) = rows_hint([c], [1])  # the objective scaled like a row
        hint = solver.maximize(c_hint, A_hint, b_hint)
        if hint is None:
            return None
        value = float(hint.value_hint) / float(c_scale) / zoom
        if center is not None:
            value += float(sum(Fraction(ck) * xk for ck, xk in zip(c, center)))
        return LPHint(hint.x_hint, value, hint.active_hint, None if center is None else tuple(center), zoom)
    except Exception:  # a failed hint only sends the work down the exact path
        return None


def maximize_hints(
    objectives: Sequence[Sequence[int]],
    A: Sequence[Sequence[int]],
    b: Sequence[int],
    engine: EngineLike = DEFAULT_ENGINE,
    center: Sequence | None = None,
) -> list[LPHint | None]:
    """Proposals for ``maximize c . x subject to A x <= b`` for several objectives on the same rows.

    The engine solves them one after another on one model (HiGHS from the
    previous basis).  ``value_hint`` is ``(c / max|c|) . x``; ``center`` centres
    and zooms as in :func:`maximize_hint`.  One entry per objective (None: no proposal).

    Parameters
    ----------
    objectives : sequence of integer vectors
        The ``c`` of each LP.
    A : sequence of rows of int
    b : sequence of int
        The common rows.
    engine : str or LPEngine, default "highs"
        As in :func:`maximize_hint`.
    center : sequence of Fraction, optional
        Centres and zooms the LPs as in :func:`maximize_hint`.

    Returns
    -------
    list of LPHint or None

    Examples
    --------
    >>> A, b = [[1, 0], [0, 1], [-1, 0], [0, -1]], [1, 2, 0, 0]  # the box [0, 1] x [0, 2]
    >>> [round(float(h.value_hint), 9) for h in maximize_hints([[1, 0], [0, 1]], A, b)]
    [1.0, 2.0]
    """
    solver = get_engine(engine)
    if not objectives or not len(A):
        return [None] * len(objectives)
    try:
        A_hint, b_hint = rows_hint(A, b)
        zoom = 1
        if center is not None:
            b_hint, zoom = _centered(A, b, center)
        C_hint, _ = rows_hint(objectives, [0] * len(objectives))
        raw = solver.maximize_batch(A_hint, b_hint, [(c, (), ()) for c in C_hint])
    except Exception:
        return [None] * len(objectives)
    shared = None if center is None else tuple(center)
    center_hint = None if center is None else vector_hint(center)
    if center is not None and center_hint is None:
        return [None] * len(objectives)
    offset = C_hint @ center_hint if center is not None else np.zeros(len(objectives))
    return [
        None if h is None else LPHint(h.x_hint, h.value_hint / zoom + offset[k], h.active_hint, shared, zoom)
        for k, h in enumerate(raw)
    ]


def _centered(A: Sequence[Sequence[int]], b: Sequence[int], center: Sequence) -> tuple[np.ndarray, int]:
    """Right-hand sides for ``z = scale (x - center)`` (rows scaled as in :func:`rows_hint`), and ``scale``.

    The exact slacks ``b_i - a_i . center`` are computed in integers and
    rounded once; ``scale`` is the power of two that brings the
    ``(dim + 1)``-th nearest row to distance about 1.
    """
    X, den = integer_point(center)
    slack = []
    for row, beta in zip(A, b):
        exact = beta * den - sum(v * w for v, w in zip(row, X))
        try:
            slack.append(exact / (den * (max(map(abs, row)) or 1)))
        except OverflowError:
            slack.append(math.copysign(1e300, exact))
    slack_hint = np.array(slack, dtype=float)
    near = np.sort(slack_hint[slack_hint > 0])
    reference = near[min(len(center), len(near) - 1)] if len(near) else 1.0
    zoom = 1 << max(0, -math.frexp(reference)[1]) if reference > 0 else 1
    return np.clip(slack_hint * zoom, -FAR_STEER_BOUND, FAR_STEER_BOUND), zoom


def redundancy_hints(
    A: Sequence[Sequence[int]],
    b: Sequence[int],
    targets: Sequence[tuple[int, Sequence[int]]],
    engine: EngineLike = DEFAULT_ENGINE,
    center: Sequence | None = None,
) -> list[LPHint | None]:
    """Hints for the redundancy LPs of several rows, solved one after another.

    For each target ``(i, group)``: ``maximize a_i . x`` subject to every row,
    where the rows in ``group`` (row ``i`` and its identical copies) are
    relaxed to ``a_i x <= b_i + max|a_i|`` (one unit in the scaled rows, so
    the LP stays bounded).  Row ``i`` is redundant exactly when the optimum is
    at most ``b_i``.  With HiGHS the model is loaded once and each LP starts
    from the previous basis.  ``center`` (e.g. an interior witness) centres
    and zooms the LPs as in :func:`maximize_hint`.  ``engine`` as in
    :func:`maximize_hint`.

    Parameters
    ----------
    A : sequence of rows of int
    b : sequence of int
        The rows.
    targets : sequence of (int, sequence of int)
        ``(i, group)`` per LP, as above.
    engine : str or LPEngine, default "highs"
        As in :func:`maximize_hint`.
    center : sequence of Fraction, optional
        Centres and zooms the LPs as in :func:`maximize_hint`.

    Returns
    -------
    list of LPHint or None
        One entry per target, in order; ``value_hint`` is
        ``(a_i / max|a_i|) . x``.

    Examples
    --------
    >>> A, b = [[1, 0], [0, 1], [-1, 0], [0, -1], [1, 1]], [1, 1, 0, 0, 5]
    >>> [round(float(h.value_hint), 9) for h in redundancy_hints(A, b, [(4, [4]), (0, [0])])]
    [2.0, 2.0]

    Row 4 (``x + y <= 5``) reaches only 2 when relaxed: it is redundant; row 0
    (``x <= 1``) reaches 2 > 1: it is a facet.
    """
    solver = get_engine(engine)
    if not targets:
        return []
    try:
        A_hint, b_hint = rows_hint(A, b)
        zoom = 1
        if center is not None:
            b_hint, zoom = _centered(A, b, center)
        relax = min(float(zoom), FAR_STEER_BOUND)  # one unit of the scaled rows, zoomed
        raw = solver.maximize_batch(A_hint, b_hint, [(A_hint[i], group, b_hint[list(group)] + relax) for i, group in targets])
    except Exception:
        return [None] * len(targets)
    shared = None if center is None else tuple(center)
    center_hint = None if center is None else vector_hint(center)
    if center is not None and center_hint is None:
        return [None] * len(targets)
    offset = 0.0 if center is None else A_hint @ center_hint
    return [
        None if h is None else LPHint(h.x_hint, h.value_hint / zoom + (0.0 if center is None else offset[i]), h.active_hint, shared, zoom)
        for (i, _), h in zip(targets, raw)
    ]


def projection_hint(A_hint: np.ndarray, b_hint: np.ndarray, x_hint: np.ndarray) -> list[int]:
    """Rows whose hyperplane seems to be the first one hit from ``x`` along its normal.

    From a point ``x`` strictly inside, move along ``a_i``; the hyperplane of
    row ``j`` is reached at ``(b_j - a_j x) / (a_j . a_i)`` when
    ``a_j . a_i > 0``.  When row ``i`` (or an identical copy) comes first,
    the foot of the perpendicular from ``x`` to hyperplane ``i`` is probably
    in the relative interior of a facet, which
    :class:`~exactpd.kernel.certificate.FacetCertificate` can then confirm exactly.

    Parameters
    ----------
    A_hint, b_hint : ndarray
        Float rows (:func:`rows_hint`).
    x_hint : ndarray
        A float point strictly inside.

    Returns
    -------
    list of int
        The rows hit first along their own normal.

    Examples
    --------
    >>> import numpy as np
    >>> A_hint, b_hint = rows_hint([[1, 0], [0, 1], [-1, 0], [0, -1], [1, 1]], [1, 1, 0, 0, 5])
    >>> projection_hint(A_hint, b_hint, np.array([0.5, 0.25]))  # x + y <= 5 is never hit first
    [0, 1, 2, 3]
    """
    if A_hint.shape[0] == 0:
        return []
    slack = b_hint - A_hint @ x_hint
    gram = A_hint @ A_hint.T
    with np.errstate(divide="ignore", invalid="ignore"):
        hit = np.where(gram > 0, slack[None, :] / gram, np.inf)
    first = np.argmin(hit, axis=1)
    rows = np.arange(A_hint.shape[0])
    return [int(i) for i in rows[(first == rows) & np.isfinite(hit[rows, rows])]]


def chebyshev_float(A: np.ndarray, b: np.ndarray) -> tuple[str, np.ndarray | None, float | None]:
    """The bare float answer: a fresh cvxpy Chebyshev-centre problem, no certification.

    ``maximize t subject to A x + ||a_i||_2 t <= b, t <= 1``, built anew and
    solved with cvxpy's default settings, as a float-only tool would.  Used by
    tests and benchmarks to show what the float LP alone says.

    Parameters
    ----------
    A : ndarray, shape (n_rows, dim)
    b : ndarray, shape (n_rows,)
        The rows ``A x <= b`` in float64.

    Returns
    -------
    (status, x, t)
        cvxpy's status string, the point and the radius (None when absent).

    Examples
    --------
    >>> import numpy as np
    >>> status, x, t = chebyshev_float(np.array([[1.0, 0], [-1, 0], [0, 1], [0, -1]]), np.array([1.0, 0, 1, 0]))
    >>> status, x.round(6).tolist(), round(t, 6)
    ('optimal', [0.5, 0.5], 0.5)
    """
    import cvxpy as cp
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    x = cp.Variable(A.shape[1])
    t = cp.Variable()
    problem = cp.Problem(cp.Maximize(t), [A @ x + np.linalg.norm(A, axis=1) * t <= b, t <= 1])
    try:
        problem.solve()
    except cp.SolverError:
        return "solver_error", None, None
    return problem.status, x.value, (None if t.value is None else float(t.value))


def redundant_rows_float(A: np.ndarray, b: np.ndarray, tolerance_float: float = 1e-9) -> list[int]:
    """The bare float answer to "which rows are facets": one fresh cvxpy LP per row.

    Row ``i`` is called a facet when ``max a_i x`` over the other rows (and
    ``a_i x <= b_i + 1``) exceeds ``b_i + tolerance_float``: the usual
    tolerance-based test, with no certificate.  Baseline for the benchmarks.

    Parameters
    ----------
    A : ndarray, shape (n_rows, dim)
    b : ndarray, shape (n_rows,)
        The rows in float64.
    tolerance_float : float, default 1e-9
        The float tolerance of the test.

    Returns
    -------
    list of int
        The rows called facets (a float answer: may be wrong on degenerate input).

    Examples
    --------
    >>> import numpy as np
    >>> redundant_rows_float(np.array([[1.0, 0], [-1, 0], [0, 1], [0, -1], [1, 1]]), np.array([1.0, 0, 1, 0, 5]))
    [0, 1, 2, 3]
    """
    import cvxpy as cp
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    kept = []
    for i in range(A.shape[0]):
        others = np.arange(A.shape[0]) != i
        x = cp.Variable(A.shape[1])
        problem = cp.Problem(cp.Maximize(A[i] @ x), [A[others] @ x <= b[others], A[i] @ x <= b[i] + 1])
        problem.solve()
        if problem.value is not None and problem.value > b[i] + tolerance_float:
            kept.append(i)
    return kept
