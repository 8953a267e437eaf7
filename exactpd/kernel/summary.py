"""A polytope in a few words, for reprs and summaries: ``R^2``, ``box [-2, 2]^2``, ``5 halfspaces in R^3``."""

from __future__ import annotations

from fractions import Fraction

from exactpd.kernel.polytope import HPolytope
from exactpd.rational import QVector, format_rational

__all__: list[str] = []  # the words of reprs (HPolytope, Partition), not part of the public API


def box_bounds(P: HPolytope) -> tuple[QVector, QVector] | None:
    """``(lows, highs)`` when every row of P bounds one coordinate and every coordinate is bounded on both sides, else None.

    Such a P is exactly the box ``lows <= x <= highs`` (empty when some
    ``lows[k] > highs[k]``); redundant axis rows are allowed.

    Examples
    --------
    >>> from exactpd.kernel.polytope import box
    >>> box_bounds(box([-1, 0], [1, "1/2"]))
    ((Fraction(-1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(1, 2)))
    >>> box_bounds(HPolytope([[1, 1]], [1])) is None
    True
    """
    lows: list[list[Fraction]] = [[] for _ in range(P.dim)]
    highs: list[list[Fraction]] = [[] for _ in range(P.dim)]
    for a, c in zip(P.A, P.b):
        axes = [k for k, v in enumerate(a) if v]
        if len(axes) != 1:
            return None
        (k,) = axes
        (highs if a[k] > 0 else lows)[k].append(Fraction(c, a[k]))
    if not all(lows) or not all(highs):
        return None
    return tuple(max(v) for v in lows), tuple(min(v) for v in highs)


def polytope_text(P: HPolytope) -> str:
    """A few words for P: ``R^d`` (no rows), ``box [lo, hi]^d`` or ``box [l0, h0] x [l1, h1]``, else ``n halfspaces in R^d``.

    Examples
    --------
    >>> from exactpd.kernel.polytope import box, whole_space
    >>> polytope_text(box([-2, -2], [2, 2])), polytope_text(box([0, -1], ["1/2", 1])), polytope_text(whole_space(3))
    ('box [-2, 2]^2', 'box [0, 1/2] x [-1, 1]', 'R^3')
    """
    if not P.A:
        return f"R^{P.dim}"
    bounds = box_bounds(P)
    if bounds is None:
        return f"{P.n_rows} halfspace{'s' if P.n_rows != 1 else ''} in R^{P.dim}"
    intervals = [f"[{format_rational(low)}, {format_rational(high)}]" for low, high in zip(*bounds)]
    if len(set(intervals)) == 1:
        return f"box {intervals[0]}^{P.dim}"
    return "box " + " x ".join(intervals)
