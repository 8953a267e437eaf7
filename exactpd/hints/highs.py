"""The HiGHS engine: HiGHS called directly through ``highspy`` (cvxpy's own HiGHS dependency).

One solver object per thread, presolve off.  It reports the final simplex
basis, whose nonbasic rows are the best guess of the active set, and a batch
of LPs on the same rows (:meth:`HighsEngine.maximize_batch`) is solved from
the previous basis (hot start), which is what the facet and cut LPs of one
cell are.  ``threads`` is left at its default: HiGHS' thread scheduler is
global, and setting ``threads=1`` after another HiGHS user in the process,
such as cvxpy, makes every later solve fail.  Measured on this machine, one
Chebyshev-centre LP (dimension 2-10, 20-200 rows): 0.3-1.5 ms, a hot-started
one 0.1-0.3 ms.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from typing import TYPE_CHECKING, Sequence

import numpy as np

from exactpd.hints.engine import LPHint

if TYPE_CHECKING:
    import highspy

__all__ = ["HighsEngine"]

_INF = math.inf  # HiGHS reads +-inf as kHighsInf
_ROWWISE = 2  # HiGHS MatrixFormat.kRowwise
_MAXIMIZE = -1  # HiGHS ObjSense.kMaximize
_local = threading.local()


def _forget_solvers_in_child() -> None:
    """After ``fork``: drop the inherited solver objects and restart HiGHS' thread scheduler.

    HiGHS starts worker threads; a forked child (e.g. a worker process)
    inherits the scheduler's state but not its threads.
    """
    global _local
    _local = threading.local()
    highspy = sys.modules.get("highspy")
    if highspy is not None:  # nothing to reset when HiGHS was never imported
        highspy.Highs.resetGlobalScheduler(True)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_solvers_in_child)


class HighsEngine:
    """HiGHS through ``highspy`` (see the module doc).

    Attributes
    ----------
    name : str
        'highs', the name it is registered under (:func:`exactpd.hints.engine.get_engine`).
    uses_floats : bool
        True.

    Examples
    --------
    >>> import numpy as np
    >>> A, b = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 2.0])
    >>> hint = HighsEngine().maximize(np.array([1.0, 1.0]), A, b)
    >>> hint.x_hint.tolist(), hint.value_hint
    ([1.0, 2.0], 3.0)
    >>> [h.value_hint for h in HighsEngine().maximize_batch(A, b, [(np.array([1.0, 0.0]), [0], np.array([0.5]))])]
    [0.5]
    """

    name = "highs"
    uses_floats = True

    def maximize(self, c: np.ndarray, A: np.ndarray, b: np.ndarray) -> LPHint | None:
        try:
            h = highs_solver()
            load_model(h, c, A, b)
            return solve_model(h)
        except Exception:  # a failed hint only sends the work down the exact path
            return None

    def maximize_batch(self, A: np.ndarray, b: np.ndarray, problems) -> list[LPHint | None]:
        try:
            h = highs_solver()
            load_model(h, np.zeros(A.shape[1]), A, b)
        except Exception:
            return [None] * len(problems)
        columns = np.arange(A.shape[1], dtype=np.int32)
        hints: list[LPHint | None] = []
        for c, rows, rhs in problems:
            rows = np.asarray(rows, dtype=np.int32)
            try:
                h.changeColsCost(len(columns), columns, np.asarray(c, dtype=float))
                if len(rows):
                    h.changeRowsBounds(len(rows), rows, np.full(len(rows), -_INF), np.asarray(rhs, dtype=float))
                hints.append(solve_model(h))
                if len(rows):
                    h.changeRowsBounds(len(rows), rows, np.full(len(rows), -_INF), b[rows])
            except Exception:
                hints.append(None)
        return hints

    def __repr__(self) -> str:
        return "HighsEngine()"


def highs_solver() -> "highspy.Highs":
    """This thread's HiGHS object (created silently: HiGHS prints a banner when built)."""
    h = getattr(_local, "highs", None)
    if h is None:
        import highspy

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


def load_model(h: "highspy.Highs", c: np.ndarray, A: np.ndarray, b: np.ndarray) -> None:
    """Pass ``maximize c . z subject to A z <= b`` (z free) to ``h``, dense row-wise."""
    n, d = A.shape
    h.passModel(
        d, n, n * d, _ROWWISE, _MAXIMIZE, 0.0,
        np.asarray(c, dtype=float), np.full(d, -_INF), np.full(d, _INF), np.full(n, -_INF), b,
        np.arange(0, n * d, d, dtype=np.int32), np.tile(np.arange(d, dtype=np.int32), n),
        np.ascontiguousarray(A).ravel(), np.zeros(d, dtype=np.int32),
    )  # fmt: skip


def solve_model(h: "highspy.Highs") -> LPHint | None:
    """Run ``h`` and read its proposal (None unless HiGHS reports an optimum with finite numbers)."""
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
