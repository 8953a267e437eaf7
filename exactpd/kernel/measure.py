"""The exact volume of a bounded H-polytope in any dimension (Lasserre's recursion over facets).

For ``P = {x : A x <= b}`` bounded, ``vol_d(P) = (1/d) sum_i (b_i / ||a_i||) vol_{d-1}(F_i)``
where ``F_i = P ∩ {a_i x = b_i}`` (the cone over each facet from the origin,
signed by the side the origin is on).  The square roots cancel once the
facet is projected along a coordinate j with ``a_ij != 0``:
``vol_{d-1}(F_i) = (||a_i|| / |a_ij|) vol_{d-1}(proj_j F_i)``, so each term is
``(b_i / |a_ij|) vol_{d-1}(proj_j F_i)`` and every step is rational.  The
projected facet is the (d-1)-dimensional H-polytope obtained by eliminating
``x_j`` with the equation of row i, and the recursion ends at intervals.
Rows are made primitive and duplicates dropped at every level; a row the
polytope only touches (or misses) contributes 0, so the representation need
not be irredundant.  The cost grows like ``m^d`` for m rows: meant for the
small dimensions of exact partitions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from exactpd.errors import InvalidDomainError
from exactpd.kernel.polytope import HPolytope, is_bounded
from exactpd.rational import primitive_row

__all__ = ["volume"]


def volume(P: HPolytope) -> Fraction:
    """The exact d-dimensional volume of a bounded polytope (the area in 2-D, the length in 1-D).

    Parameters
    ----------
    P : HPolytope
        Bounded; any dimension (the work grows like ``n_rows ** dim``).
        A lower-dimensional or empty P has volume 0.

    Returns
    -------
    Fraction

    Raises
    ------
    InvalidDomainError
        P is unbounded (its volume is infinite).

    Notes
    -----
    Lasserre's recursion (see the module doc): every term is rational, so
    the result is exact, with no triangulation and no vertex enumeration.

    Examples
    --------
    >>> from exactpd.kernel.polytope import box
    >>> volume(box([0, 0, 0], [1, 2, "1/2"]))
    Fraction(1, 1)
    >>> volume(HPolytope([[-1, 0, 0], [0, -1, 0], [0, 0, -1], [1, 1, 1]], [0, 0, 0, 1]))  # a corner simplex
    Fraction(1, 6)
    """
    if not is_bounded(P):
        raise InvalidDomainError("volume: the polytope is unbounded, its volume is infinite")
    return _volume(P.A, P.b, P.dim)


def _rows(A: Sequence[Sequence], b: Sequence) -> list[tuple[tuple[int, ...], int]] | None:
    """The distinct non-trivial rows as primitive integer halfspaces; None when a row ``0 <= c < 0`` empties the set."""
    kept = set()
    for a, c in zip(A, b):
        row = primitive_row([Fraction(v) for v in a], Fraction(c))
        if any(row[0]):
            kept.add(row)
        elif row[1] < 0:
            return None
    return sorted(kept)


def _volume(A: Sequence[Sequence], b: Sequence, dim: int) -> Fraction:
    """``vol_dim {x : A x <= b}`` for a bounded (possibly flat or empty) set, by Lasserre's recursion."""
    rows = _rows(A, b)
    if rows is None:
        return Fraction(0)
    if dim == 1:
        lows = [Fraction(c, a[0]) for a, c in rows if a[0] < 0]
        highs = [Fraction(c, a[0]) for a, c in rows if a[0] > 0]
        return max(min(highs) - max(lows), Fraction(0))
    total = Fraction(0)
    for i, (a, c) in enumerate(rows):
        if c == 0:  # the cone from the origin over this facet is flat
            continue
        j = max(range(dim), key=lambda k: abs(a[k]))
        sub_A, sub_b = [], []
        for r, (e, f) in enumerate(rows):
            if r != i:  # eliminate x_j = (c - sum_{k != j} a_k x_k) / a_j
                t = Fraction(e[j], a[j])
                sub_A.append([e[k] - t * a[k] for k in range(dim) if k != j])
                sub_b.append(f - t * c)
        total += Fraction(c, abs(a[j])) * _volume(sub_A, sub_b, dim - 1)
    return total / dim
