"""Float linear programs that *propose*: the only module importing cvxpy and highspy.

Nothing returned here is a fact.  Every function gives float64 numpy hints
(names ending in ``_hint``), or None whenever the solver fails, raises, or
reports any status other than a clean optimum; the caller then goes down the
exact path (:mod:`exactpd.kernel.certificate`, :mod:`exactpd.kernel.simplex`).  The LPs are
stated exactly as in :mod:`exactpd.kernel.simplex` (``maximize c . x subject to
A x <= b``, ``x`` free), on the *same* integer rows, each scaled by a positive
factor to float; so the basis a float solver ends on is a guess of the exact
optimal basis, and :func:`exactpd.kernel.simplex.basis_solution` can confirm it.

Engines
-------
``"highs"`` (the default)
    HiGHS called directly through ``highspy`` (cvxpy's own HiGHS
    dependency), one solver object per thread, presolve off.  It reports the
    final simplex basis, whose nonbasic rows are the best guess of the active
    set, and it re-solves a modified model from the previous basis (hot
    start), which :func:`redundancy_hints` uses for the facet LPs.
``"cvxpy"``
    The design card's engine: one compiled cvxpy problem per
    ``(dimension, row bucket)``, with the data in DPP ``Parameter`` objects, rows
    padded to a power of two with trivial rows ``0 <= 1``, solved by HiGHS
    through cvxpy.  The active set is guessed from the dual values.
``"exact"``
    No float at all: every hint is None, so the exact simplex decides alone.

Measured on this machine (2 cores, Python 3.11, cvxpy 1.9.3, HiGHS 1.16), one
Chebyshev-centre LP: a fresh cvxpy ``Problem`` solved with default settings
takes 10-17 ms (dimension 2-10, 20-200 rows), almost all of it problem
construction and canonicalisation; a cached DPP problem 4-6 ms; ``highspy``
direct 0.3-1.5 ms.  Hence the default.  (``threads`` is left at its default:
HiGHS' thread scheduler is global, and setting ``threads=1`` after another
HiGHS user in the process, such as cvxpy, makes every later solve fail.)

Centring.  A region of width 1e-12 looks like a point to a solver with
feasibility tolerance 1e-7.  Given a rational ``center`` near the region,
:func:`maximize_hint` and :func:`redundancy_hints` therefore solve in the
coordinates ``z = scale (x - center)``: the right-hand sides become the exact
slacks at ``center`` (computed in integers, then rounded), times a power of
two ``scale`` that brings the nearby rows to unit distance.  Translation and
scaling do not change which rows are active, so the proposed basis is one of
the exact LP.

Tolerances here only steer hints and say so in their names:
``DUAL_STEER_TOLERANCE`` picks which cvxpy dual values count as active;
``FAR_STEER_BOUND`` clips the scaled right-hand sides of far-away rows.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import math
from fractions import Fraction

import numpy as np

from exactpd.rational import integer_point

if TYPE_CHECKING:
    import highspy

__all__ = [
    "ENGINES",
    "DEFAULT_ENGINE",
    "DUAL_STEER_TOLERANCE",
    "FAR_STEER_BOUND",
    "LPHint",
    "point_hint",
    "rows_hint",
    "maximize_hint",
    "redundancy_hints",
    "projection_hint",
    "chebyshev_float",
    "redundant_rows_float",
]

ENGINES = ("highs", "cvxpy", "exact")
DEFAULT_ENGINE = "highs"
DUAL_STEER_TOLERANCE = 1e-9
"""Relative size above which a cvxpy dual value marks its row as active (steers a hint only)."""
FAR_STEER_BOUND = 1e6
"""Scaled right-hand sides are clipped to +-this: far rows stay far (steers a hint only)."""

_INF = math.inf  # HiGHS reads +-inf as kHighsInf
_ROWWISE = 2  # HiGHS MatrixFormat.kRowwise
_MAXIMIZE = -1  # HiGHS ObjSense.kMaximize
_local = threading.local()


def _forget_solvers_in_child() -> None:
    """After ``fork``: drop the inherited solver objects and restart HiGHS' thread scheduler.

    HiGHS starts worker threads; a forked child (e.g. a ``ProcessPoolExecutor``
    worker) inherits the scheduler's state but not its threads.
    """
    global _local
    _local = threading.local()
    highspy = sys.modules.get("highspy")
    if highspy is not None:  # nothing to reset when HiGHS was never imported
        highspy.Highs.resetGlobalScheduler(True)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_solvers_in_child)


@dataclass(frozen=True)
class LPHint:
    """What a float solver proposes for ``maximize c . x subject to A x <= b``.

    Attributes
    ----------
    x_hint : numpy.ndarray
        A (nearly) optimal point in the solver's coordinates ``z``, float64;
        the point itself is ``center + z / scale`` (see :func:`point_hint`).
    value_hint : float
        Its objective value ``c . x`` (in the original coordinates).
    active_hint : tuple of int
        Rows believed tight at the optimum, most trusted first (the nonbasic
        rows of the final basis for HiGHS, rows with a large dual for cvxpy).
    center : tuple of Fraction or None
        The origin of the solver's coordinates (None: the origin).
    scale : int
        A power of two, the zoom of the solver's coordinates.
    """

    x_hint: np.ndarray
    value_hint: float
    active_hint: tuple[int, ...]
    center: tuple | None = None
    scale: int = 1


def point_hint(hint: LPHint) -> tuple[Fraction, ...]:
    """The hinted point ``center + z / scale`` as exact Fractions (still only a hint)."""
    z = [Fraction(float(v)) for v in hint.x_hint]
    if hint.center is None:
        return tuple(v / hint.scale for v in z)
    return tuple(o + v / hint.scale for o, v in zip(hint.center, z))


def rows_hint(A: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Float copies of the rows of ``A x <= b``, each divided by its largest ``|entry|``.

    Zero rows are kept as they are.  Integers too large for a float are
    divided exactly first (Python's ``int / int`` is correctly rounded), and
    right-hand sides beyond the float range are clipped (only a hint).
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
    c: Sequence, A: Sequence[Sequence[int]], b: Sequence[int], engine: str = DEFAULT_ENGINE, center: Sequence | None = None
) -> LPHint | None:
    """A float proposal for ``maximize c . x subject to A x <= b``, or None.

    Parameters
    ----------
    c : sequence of numbers
    A : sequence of rows of int
    b : sequence of int
    engine : {"highs", "cvxpy", "exact"}
    center : sequence of Fraction, optional
        A rational point near the optimum: the LP is then solved centred and
        zoomed there (see the module notes).

    Returns
    -------
    LPHint or None
        None when the engine is ``"exact"``, or the solver does not report a
        clean optimum, or anything at all goes wrong.
    """
    if engine == "exact" or not len(A):
        return None
    try:
        A_hint, b_hint = rows_hint(A, b)
        zoom = 1
        if center is not None:
            b_hint, zoom = _centered(A, b, center)
        (c_hint,), (c_scale,) = rows_hint([c], [1])  # the objective scaled like a row
        if engine == "cvxpy":
            hint = _cvxpy_maximize(c_hint, A_hint, b_hint)
        else:
            h = _highs()
            _highs_load(h, c_hint, A_hint, b_hint)
            hint = _highs_solve(h)
        if hint is None:
            return None
        value = hint.value_hint / c_scale / zoom
        if center is not None:
            value += float(sum(Fraction(ck) * xk for ck, xk in zip(c, center)))
        return LPHint(hint.x_hint, value, hint.active_hint, None if center is None else tuple(center), zoom)
    except Exception:  # a failed hint only sends the work down the exact path
        return None


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
    engine: str = DEFAULT_ENGINE,
    center: Sequence | None = None,
) -> list[LPHint | None]:
    """Hints for the redundancy LPs of several rows, solved one after another.

    For each target ``(i, group)``: ``maximize a_i . x`` subject to every row,
    where the rows in ``group`` (row ``i`` and its identical copies) are
    relaxed to ``a_i x <= b_i + max|a_i|`` (one unit in the scaled rows, so
    the LP stays bounded).  Row ``i`` is redundant exactly when the optimum is
    at most ``b_i``.  With HiGHS the model is loaded once and each LP starts
    from the previous basis.  ``center`` (e.g. an interior witness) centres
    and zooms the LPs as in :func:`maximize_hint`.

    Returns
    -------
    list of LPHint or None
        One entry per target, in order; ``value_hint`` is
        ``(a_i / max|a_i|) . x``.
    """
    if engine == "exact" or not targets:
        return [None] * len(targets)
    try:
        A_hint, b_hint = rows_hint(A, b)
        zoom = 1
        if center is not None:
            b_hint, zoom = _centered(A, b, center)
    except Exception:
        return [None] * len(targets)
    relax = min(float(zoom), FAR_STEER_BOUND)  # one unit of the scaled rows, zoomed
    if engine == "cvxpy":
        raw = [_guarded(_cvxpy_maximize, A_hint[i], A_hint, _relaxed(b_hint, group, relax)) for i, group in targets]
    else:
        raw = _highs_redundancy(A_hint, b_hint, targets, relax)
    shared = None if center is None else tuple(center)
    offset = 0.0 if center is None else A_hint @ np.array([float(v) for v in center])
    return [
        None if h is None else LPHint(h.x_hint, h.value_hint / zoom + (0.0 if center is None else offset[i]), h.active_hint, shared, zoom)
        for (i, _), h in zip(targets, raw)
    ]


def _highs_redundancy(A_hint: np.ndarray, b_hint: np.ndarray, targets, relax: float) -> list[LPHint | None]:
    try:
        h = _highs()
        _highs_load(h, np.zeros(A_hint.shape[1]), A_hint, b_hint)
    except Exception:
        return [None] * len(targets)
    columns = np.arange(A_hint.shape[1], dtype=np.int32)
    hints: list[LPHint | None] = []
    for i, group in targets:
        rows = np.asarray(group, dtype=np.int32)
        try:
            h.changeColsCost(len(columns), columns, A_hint[i])
            h.changeRowsBounds(len(rows), rows, np.full(len(rows), -_INF), b_hint[rows] + relax)
            hints.append(_highs_solve(h))
            h.changeRowsBounds(len(rows), rows, np.full(len(rows), -_INF), b_hint[rows])
        except Exception:
            hints.append(None)
    return hints


def projection_hint(A_hint: np.ndarray, b_hint: np.ndarray, x_hint: np.ndarray) -> list[int]:
    """Rows whose hyperplane seems to be the first one hit from ``x`` along its normal.

    From a point ``x`` strictly inside, move along ``a_i``; the hyperplane of
    row ``j`` is reached at ``(b_j - a_j x) / (a_j . a_i)`` when
    ``a_j . a_i > 0``.  When row ``i`` (or an identical copy) comes first,
    the foot of the perpendicular from ``x`` to hyperplane ``i`` is probably
    in the relative interior of a facet, which
    :class:`~exactpd.kernel.certificate.FacetCertificate` can then confirm exactly.
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

    Returns
    -------
    (status, x, t)
        cvxpy's status string, the point and the radius (None when absent).
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


def _guarded(function, *args) -> LPHint | None:
    try:
        return function(*args)
    except Exception:
        return None


def _relaxed(b_hint: np.ndarray, group: Sequence[int], relax: float) -> np.ndarray:
    out = b_hint.copy()
    out[list(group)] += relax
    return out


def _highs() -> "highspy.Highs":
    """This thread's HiGHS object (created silently: HiGHS prints a banner when built)."""
    import highspy
    h = getattr(_local, "highs", None)
    if h is None:
        h = _quietly(highspy.Highs)
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")
        h.disableCallbacks()
        _local.highs = h
    return h


def _quietly(function):
    """Call ``function`` with the process' standard output sent to /dev/null."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):
        return function()
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            return function()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _highs_load(h: "highspy.Highs", c_hint: np.ndarray, A_hint: np.ndarray, b_hint: np.ndarray) -> None:
    n, d = A_hint.shape
    h.passModel(
        d, n, n * d, _ROWWISE, _MAXIMIZE, 0.0,
        c_hint, np.full(d, -_INF), np.full(d, _INF), np.full(n, -_INF), b_hint,
        np.arange(0, n * d, d, dtype=np.int32), np.tile(np.arange(d, dtype=np.int32), n),
        np.ascontiguousarray(A_hint).ravel(), np.zeros(d, dtype=np.int32),
    )  # fmt: skip


def _highs_solve(h: "highspy.Highs") -> LPHint | None:
    import highspy
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = np.array(h.getSolution().col_value, dtype=float)
    value = float(h.getInfo().objective_function_value)
    if not (np.isfinite(x).all() and np.isfinite(value)):
        return None
    basic = highspy.HighsBasisStatus.kBasic
    active = tuple(i for i, s in enumerate(h.getBasis().row_status) if s != basic)
    return LPHint(x, value, active)


def _cvxpy_problem(d: int, m: int):
    """The compiled problem for ``d`` variables and ``m`` rows, built once per thread."""
    import cvxpy as cp
    cache = getattr(_local, "cvxpy", None)
    if cache is None:
        cache = _local.cvxpy = {}
    key = (d, m)
    if key not in cache:
        A = cp.Parameter((m, d))
        b = cp.Parameter(m)
        c = cp.Parameter(d)
        x = cp.Variable(d)
        rows = A @ x <= b
        cache[key] = (cp.Problem(cp.Maximize(c @ x), [rows]), A, b, c, x, rows)
    return cache[key]


def _cvxpy_maximize(c_hint: np.ndarray, A_hint: np.ndarray, b_hint: np.ndarray) -> LPHint | None:
    import cvxpy as cp
    n, d = A_hint.shape
    m = max(8, 1 << (n - 1).bit_length())
    problem, A, b, c, x, rows = _cvxpy_problem(d, m)
    A_pad = np.zeros((m, d))
    A_pad[:n] = A_hint
    b_pad = np.ones(m)
    b_pad[:n] = b_hint
    A.value, b.value, c.value = A_pad, b_pad, c_hint
    problem.solve(solver=cp.HIGHS)
    if problem.status != cp.OPTIMAL or x.value is None or rows.dual_value is None:
        return None
    if not (np.isfinite(x.value).all() and np.isfinite(problem.value)):
        return None
    duals = np.asarray(rows.dual_value)[:n]
    order = np.argsort(-duals, kind="stable")
    threshold = DUAL_STEER_TOLERANCE * max(1.0, float(duals.max(initial=0.0)))
    active = tuple(int(i) for i in order if duals[i] > threshold)
    return LPHint(np.array(x.value, dtype=float), float(problem.value), active)
