"""The cvxpy engine: the design card's LP engine, HiGHS solving compiled cvxpy problems.

One compiled problem per ``(dimension, row bucket)`` and thread, with the data
in DPP ``Parameter`` objects and the rows padded to a power of two with
trivial rows ``0 <= 1``.  The active set is guessed from the dual values:
``DUAL_STEER_TOLERANCE`` picks which count as active (it steers a hint only).
A fresh cvxpy ``Problem`` costs 10-17 ms (construction and canonicalisation),
a cached DPP problem 4-6 ms on this machine.
"""

from __future__ import annotations

import threading

import numpy as np

from exactpd.hints.engine import LPHint

__all__ = ["CvxpyEngine", "DUAL_STEER_TOLERANCE"]

DUAL_STEER_TOLERANCE = 1e-9
"""Relative size above which a cvxpy dual value marks its row as active (steers a hint only)."""

_local = threading.local()


class CvxpyEngine:
    """cvxpy with the HiGHS solver (see the module doc).

    Attributes
    ----------
    name : str
        'cvxpy', the name it is registered under (:func:`exactpd.hints.engine.get_engine`).
    uses_floats : bool
        True.

    Examples
    --------
    >>> import numpy as np
    >>> A, b = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 2.0])
    >>> hint = CvxpyEngine().maximize(np.array([1.0, 1.0]), A, b)
    >>> hint.x_hint.round(6).tolist(), round(hint.value_hint, 6)
    ([1.0, 2.0], 3.0)
    """

    name = "cvxpy"
    uses_floats = True

    def maximize(self, c: np.ndarray, A: np.ndarray, b: np.ndarray) -> LPHint | None:
        try:
            return _maximize(c, A, b)
        except Exception:  # a failed hint only sends the work down the exact path
            return None

    def maximize_batch(self, A: np.ndarray, b: np.ndarray, problems) -> list[LPHint | None]:
        hints = []
        for c, rows, rhs in problems:
            changed = b.copy()
            changed[list(rows)] = rhs
            hints.append(self.maximize(c, A, changed))
        return hints

    def __repr__(self) -> str:
        return "CvxpyEngine()"


def _problem(d: int, m: int):
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


def _maximize(c_hint: np.ndarray, A_hint: np.ndarray, b_hint: np.ndarray) -> LPHint | None:
    import cvxpy as cp

    n, d = A_hint.shape
    m = max(8, 1 << (n - 1).bit_length())
    problem, A, b, c, x, rows = _problem(d, m)
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
