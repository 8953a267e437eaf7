"""Certified regions: exact H-polytopes ``P = {x in Q^d : A x <= b}``.

The one convention, stated once and never flipped: a polytope is the set of
points with ``A x <= b`` (closed).  Each row is stored as a *primitive integer
row* (:func:`~exactpd.rational.primitive_row`), so rows describing the same
halfspace are equal tuples; row order is kept and rows are never merged at
construction, because callers label rows by index.

How a question is decided (the filter, after CGAL's filtered predicates):

1. a float LP (:mod:`exactpd.hints.lp`) proposes a point, a basis or multipliers;
2. the proposal becomes a candidate certificate (a rounded point, the exact
   solution on the proposed basis) and :func:`exactpd.kernel.certificate.check`
   verifies it in integer arithmetic;
3. only if that fails, the exact simplex method (:mod:`exactpd.kernel.simplex`)
   decides.

No tolerance decides anything, and a failing or inaccurate float solver only
makes an answer slower.  Every answer comes with a certificate that
:func:`~exactpd.kernel.certificate.check` accepts.

The central LP is the *Chebyshev-centre LP* (with the largest inscribed
cube, so that everything stays rational)::

    maximize t  subject to  a_i x + l_i t <= b_i  (all i),   t <= 1,

with ``l_i = ||a_i||_1``, and for a zero row ``l_i = 1`` if ``b_i < 0`` (it
empties ``P``), ``l_i = 0`` otherwise (it constrains nothing).  Its optimum
``t*`` is positive exactly when ``P`` has interior points, nonnegative exactly
when ``P`` is nonempty; an optimal dual gives the certificates of the other
cases.

"Interior" is the topological interior: a point is strictly inside when
``a_i x < b_i`` for every row with ``a_i != 0`` (and ``P`` is not emptied by
a zero row); a vacuous row ``0 <= 0`` does not make ``P`` thin.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, Sequence

from exactpd.kernel.certificate import (
    BoundedCertificate,
    FacetCertificate,
    FacetReport,
    FarkasCertificate,
    FeasiblePoint,
    IdenticalRowCertificate,
    ImpliedRowCertificate,
    InteriorWitness,
    NoInteriorCertificate,
    UnboundedCertificate,
    check,
    integer_slacks,
)
from exactpd.errors import CertificationError, DimensionError, InvalidDomainError, InvalidNumberError
from exactpd.hints.engine import DEFAULT_ENGINE, EngineLike, LPHint, get_engine
from exactpd.hints.lp import maximize_hint, maximize_hints, point_hint, projection_hint, redundancy_hints, rows_hint, vector_hint
from exactpd.rational import QVector, Side, dot, primitive_row, to_matrix, to_vector
from exactpd.kernel.simplex import LPSolution, LPStatus, basis_solution, independent_rows, maximize, solution_space, solve_linear_system
from exactpd.kernel.vertex_hint import facet_point_hint, support_multipliers_hint, vertex_hint

__all__ = [
    "HPolytope",
    "box",
    "whole_space",
    "intersect",
    "with_halfspaces",
    "side",
    "contains",
    "interior_certificate",
    "witness",
    "is_full_dimensional",
    "emptiness_certificate",
    "is_empty",
    "boundedness_certificate",
    "is_bounded",
    "facet_report",
    "facets",
    "facets_certified",
    "vertices",
    "area",
    "section_witness",
    "row_certificates",
    "polygon_corners",
    "maximize_certified",
    "VERTEX_HINT_MAX_DIM",
]


@dataclass(frozen=True, init=False)
class HPolytope:
    """The polytope ``{x in Q^d : A x <= b}``, with exact primitive integer rows.

    Parameters
    ----------
    A : matrix-like, ``n`` rows of ``d`` numbers
        Anything :func:`~exactpd.rational.to_matrix` accepts: ints,
        ``"3/7"``, floats (at their exact binary value), Fractions, numpy.
    b : vector-like, ``n`` numbers
    dim : int, optional
        The dimension ``d``; needed only when ``A`` has no rows (a numpy
        array of shape ``(0, d)`` also gives it).

    Attributes
    ----------
    A : tuple of tuple of int
        Row ``i`` scaled by a positive rational to a primitive integer row.
    b : tuple of int
        The right-hand sides, scaled with their rows.
    dim : int
    n_rows : int

    Raises
    ------
    NonFiniteError
        An entry is NaN or infinite.
    InvalidNumberError
        An entry is not a number.
    DimensionError
        Rows of unequal lengths, ``len(b)`` differing from the number of
        rows, ``dim`` disagreeing with the rows, or no way to know ``dim``.

    Examples
    --------
    >>> P = HPolytope([[0.5, 0.25], ["-1", 0]], ["3/4", 0])
    >>> P.A, P.b
    (((2, 1), (-1, 0)), (3, 0))
    >>> P.side(["1/4", "1/4"])
    <Side.INSIDE: 'inside'>
    """

    A: tuple[tuple[int, ...], ...]
    b: tuple[int, ...]
    dim: int

    def __init__(self, A: Any, b: Any, dim: int | None = None) -> None:
        shape = getattr(A, "shape", None)
        if dim is None and shape is not None and len(shape) == 2:
            dim = int(shape[1])
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim < 1):
            raise DimensionError(f"dim must be a positive integer, got {dim!r}")
        matrix = to_matrix(A, "A", n_cols=dim)
        rhs = to_vector(b, "b", length=len(matrix))
        if dim is None:
            if not matrix:
                raise DimensionError("A has no rows, so the dimension is unknown: pass dim (or use whole_space(dim))")
            dim = len(matrix[0])
        if dim < 1:
            raise DimensionError("A has rows of length 0: a polytope needs dimension at least 1")
        rows = [primitive_row(a, beta) for a, beta in zip(matrix, rhs)]
        object.__setattr__(self, "A", tuple(row for row, _ in rows))
        object.__setattr__(self, "b", tuple(beta for _, beta in rows))
        object.__setattr__(self, "dim", dim)

    @classmethod
    def from_primitive(
        cls, A: Sequence[Sequence[int]], b: Sequence[int], dim: int | None = None, *, checked: bool = True
    ) -> HPolytope:
        """Build from integer rows without any Fraction conversion (the fast constructor).

        Each row ``(a_i, b_i)`` must be Python ints; with ``checked`` (the
        default) it is divided by the gcd of its entries, so rows from
        :func:`~exactpd.rational.primitive_row` are kept as they are.  With
        ``checked=False`` the rows are taken as they are, with no gcd and no
        type check: for rows exactpd itself made primitive (cut rows, rows of
        another polytope), which then stay in one representation end to end.

        Parameters
        ----------
        A : sequence of rows of int
            The rows ``a_i``.
        b : sequence of int
            The right-hand sides.
        dim : int, optional
            Needed only when there are no rows.
        checked : bool, default True
            Check the types and divide each row by its gcd.

        Returns
        -------
        HPolytope

        Raises
        ------
        InvalidNumberError
            An entry is not an int (``checked`` only).
        DimensionError
            Rows of unequal lengths (``checked`` only), ``len(b)`` differing
            from the number of rows, or no rows and no ``dim``.

        Examples
        --------
        >>> P = HPolytope.from_primitive([[2, 4], [-1, 0]], [6, 0])
        >>> P.A, P.b
        (((1, 2), (-1, 0)), (3, 0))
        >>> HPolytope.from_primitive([], [], dim=3).dim
        3
        """
        if len(A) != len(b):
            raise DimensionError(f"from_primitive: A has {len(A)} rows, b has {len(b)} entries")
        if dim is None:
            if not A:
                raise DimensionError("from_primitive: A has no rows, so the dimension is unknown: pass dim")
            dim = len(A[0])
        if not checked:
            return _polytope(tuple(A), tuple(b), dim)
        rows, rhs = [], []
        for i, (row, beta) in enumerate(zip(A, b)):
            row = tuple(row)
            if len(row) != dim:
                raise DimensionError(f"from_primitive: A[{i}] has {len(row)} entries, expected {dim}")
            if not all(type(v) is int for v in row) or type(beta) is not int:
                raise InvalidNumberError(f"from_primitive: row {i} is not made of Python ints")
            g = math.gcd(*row, beta)
            if g > 1:
                row, beta = tuple(v // g for v in row), beta // g
            rows.append(row)
            rhs.append(beta)
        return _polytope(tuple(rows), tuple(rhs), dim)

    @property
    def n_rows(self) -> int:
        """The number of rows (inequalities), duplicates included."""
        return len(self.b)

    def __and__(self, other: HPolytope) -> HPolytope:
        return intersect(self, other)

    def side(self, x: Any) -> Side:
        """See :func:`side`."""
        return side(self, x)

    def contains(self, x: Any) -> bool:
        """See :func:`contains`."""
        return contains(self, x)

    def witness(self, hint: Any = None, engine: EngineLike = DEFAULT_ENGINE) -> QVector | None:
        """See :func:`witness`."""
        return witness(self, hint, engine)

    def is_full_dimensional(self, engine: EngineLike = DEFAULT_ENGINE) -> bool:
        """See :func:`is_full_dimensional`."""
        return is_full_dimensional(self, engine)

    def is_empty(self, engine: EngineLike = DEFAULT_ENGINE) -> bool:
        """See :func:`is_empty`."""
        return is_empty(self, engine)

    def is_bounded(self, engine: EngineLike = DEFAULT_ENGINE) -> bool:
        """See :func:`is_bounded`."""
        return is_bounded(self, engine)

    def facets(self, hint: Any = None, engine: EngineLike = DEFAULT_ENGINE) -> tuple[int, ...]:
        """See :func:`facets`."""
        return facets(self, hint, engine)

    def vertices(self, engine: EngineLike = DEFAULT_ENGINE) -> tuple[QVector, ...]:
        """See :func:`vertices`."""
        return vertices(self, engine)

    def area(self, engine: EngineLike = DEFAULT_ENGINE) -> Fraction:
        """See :func:`area`."""
        return area(self, engine)

    def __repr__(self) -> str:
        """``HPolytope(box [-2, 2]^2)``, ``HPolytope(5 halfspaces in R^3)`` (:func:`exactpd.kernel.summary.polytope_text`)."""
        from exactpd.kernel.summary import polytope_text

        return f"HPolytope({polytope_text(self)})"


def _polytope(A: tuple, b: tuple, dim: int) -> HPolytope:
    """Build from rows that are already primitive integer tuples (no conversion)."""
    P = object.__new__(HPolytope)
    object.__setattr__(P, "A", A)
    object.__setattr__(P, "b", b)
    object.__setattr__(P, "dim", dim)
    return P


def box(lows: Any, highs: Any) -> HPolytope:
    """The box ``{x : lows <= x <= highs}``.

    Row ``2k`` is ``x_k <= highs[k]`` and row ``2k + 1`` is ``-x_k <= -lows[k]``.

    Parameters
    ----------
    lows, highs : vector-like
        The corners, entries as :func:`~exactpd.rational.to_vector` accepts.

    Returns
    -------
    HPolytope
        ``2 d`` rows, ``d = len(lows)``.

    Raises
    ------
    DimensionError
        ``lows`` and ``highs`` differ in length, or are empty.
    InvalidDomainError
        ``lows[k] >= highs[k]`` for some ``k`` (an empty or flat box).

    Examples
    --------
    >>> P = box([0, "-1/2"], [1, "1/2"])
    >>> P.A, P.b
    (((1, 0), (-1, 0), (0, 2), (0, -2)), (1, 0, 1, 1))
    """
    low = to_vector(lows, "lows")
    high = to_vector(highs, "highs", length=len(low))
    if not low:
        raise DimensionError("box: lows and highs are empty; a box needs dimension at least 1")
    for k, (lo, hi) in enumerate(zip(low, high)):
        if lo >= hi:
            raise InvalidDomainError(f"box: lows[{k}] = {lo} is not below highs[{k}] = {hi}")
    rows, rhs = [], []
    for k, (lo, hi) in enumerate(zip(low, high)):
        unit = [0] * len(low)
        unit[k] = 1
        rows += [unit, [-u for u in unit]]
        rhs += [hi, -lo]
    return HPolytope(rows, rhs)


def whole_space(dim: int) -> HPolytope:
    """``Q^dim``: the polytope with no rows.

    Parameters
    ----------
    dim : int
        The dimension.

    Returns
    -------
    HPolytope
        No rows; every point is inside.

    Examples
    --------
    >>> P = whole_space(2)
    >>> P.A, P.b, P.dim, side(P, [5, -7])
    ((), (), 2, <Side.INSIDE: 'inside'>)
    """
    return HPolytope((), (), dim=dim)


def intersect(P: HPolytope, Q: HPolytope) -> HPolytope:
    """``P ∩ Q``: the rows of ``P`` followed by the rows of ``Q`` (also ``P & Q``).

    Parameters
    ----------
    P, Q : HPolytope
        Of the same dimension.

    Returns
    -------
    HPolytope
        Rows are kept as they are (no redundancy removal).

    Raises
    ------
    DimensionError
        ``P`` and ``Q`` live in different dimensions.

    Examples
    --------
    >>> R = intersect(box([0, 0], [2, 2]), HPolytope([[1, 1]], [2]))
    >>> R.A[-1], R.b[-1], R.n_rows
    ((1, 1), 2, 5)
    """
    if P.dim != Q.dim:
        raise DimensionError(f"intersect: dimensions {P.dim} and {Q.dim} differ")
    return _polytope(P.A + Q.A, P.b + Q.b, P.dim)


def with_halfspaces(P: HPolytope, A_extra: Any, b_extra: Any) -> HPolytope:
    """``P`` with the rows ``A_extra x <= b_extra`` appended (in order).

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    A_extra : matrix-like
        The new rows, ``P.dim`` entries each (any numbers
        :func:`~exactpd.rational.to_matrix` accepts).
    b_extra : vector-like
        Their right-hand sides.

    Returns
    -------
    HPolytope
        ``P``'s rows, then the new ones made primitive.

    Raises
    ------
    DimensionError
        The new rows do not have ``P.dim`` entries, or ``b_extra`` has the
        wrong length.

    Examples
    --------
    >>> Q = with_halfspaces(box([0, 0], [2, 2]), [["1/2", "1/2"]], [1])
    >>> Q.A[-1], Q.b[-1]
    ((1, 1), 2)
    """
    return intersect(P, HPolytope(A_extra, b_extra, dim=P.dim))


def side(P: HPolytope, x: Any) -> Side:
    """Where ``x`` lies: INSIDE (the interior), BOUNDARY, or OUTSIDE (some ``a_i x > b_i``).

    INSIDE means ``a_i x < b_i`` for every row with ``a_i != 0`` and no row
    violated (a vacuous row ``0 <= b_i``, ``b_i >= 0``, never puts a point on
    the boundary).  Exact; ``x`` is converted with
    :func:`~exactpd.rational.to_vector`.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    x : point-like
        ``P.dim`` numbers.

    Returns
    -------
    Side
        ``Side.INSIDE``, ``Side.BOUNDARY`` or ``Side.OUTSIDE``.

    Raises
    ------
    DimensionError
        ``x`` does not have ``P.dim`` entries.

    Examples
    --------
    >>> P = box([0, 0], [1, 1])
    >>> side(P, [1, "1/2"]), side(P, [2, 0])
    (<Side.BOUNDARY: 'boundary'>, <Side.OUTSIDE: 'outside'>)
    """
    slacks = integer_slacks(P, to_vector(x, "point", length=P.dim))
    least = min((s for s, row in zip(slacks, P.A) if s < 0 or any(row)), default=1)
    return Side.INSIDE if least > 0 else Side.BOUNDARY if least == 0 else Side.OUTSIDE


def contains(P: HPolytope, x: Any) -> bool:
    """Whether ``A x <= b`` (``P`` is closed).

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    x : point-like
        ``P.dim`` numbers, converted exactly.

    Returns
    -------
    bool
        True on the boundary too (:func:`side` tells the two apart).

    Raises
    ------
    DimensionError
        ``x`` does not have ``P.dim`` entries.

    Examples
    --------
    >>> contains(box([0, 0], [1, 1]), [1, "1/2"]), contains(box([0, 0], [1, 1]), [2, 0])
    (True, False)
    """
    return side(P, x) is not Side.OUTSIDE


def interior_certificate(
    P: HPolytope, hint: Any = None, engine: EngineLike = DEFAULT_ENGINE
) -> InteriorWitness | NoInteriorCertificate:
    """Decide whether ``P`` has an interior point, with a certificate.

    Parameters
    ----------
    P : HPolytope
    hint : point-like, optional
        A candidate interior point tried first (exactly); if it is strictly
        inside, no LP is solved.  The enumerator passes a parent's witness.
    engine : str or LPEngine
        Where float hints come from: a registered name (``"highs"``,
        ``"cvxpy"``, ``"exact"``: see :mod:`exactpd.hints.engine`) or an
        engine object; ``"exact"`` uses none.

    Returns
    -------
    InteriorWitness or NoInteriorCertificate
        A rational point strictly inside (short dyadic coordinates when
        possible), or ``y >= 0`` with ``y^T A = 0`` and ``y^T b <= 0`` (see
        :mod:`exactpd.kernel.certificate` for the exact conditions).

    Raises
    ------
    DimensionError
        ``hint`` does not have ``P.dim`` entries.
    InvalidOptionError
        Unknown engine.

    Examples
    --------
    >>> interior_certificate(box([0, 0], [1, 1]))
    InteriorWitness(point=(Fraction(1, 2), Fraction(1, 2)))
    >>> segment = HPolytope([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 0, 0])
    >>> isinstance(interior_certificate(segment), NoInteriorCertificate)
    True
    """
    engine = get_engine(engine)
    center = None
    if hint is not None:
        cert = InteriorWitness(to_vector(hint, "hint", length=P.dim))
        if check(cert, P):
            return cert
        center = cert.point + (Fraction(0),)  # solve the LP zoomed in around the hint
    c, A1, b1 = _chebyshev_lp(P)
    lp_hint = maximize_hint(c, A1, b1, engine, center)
    if lp_hint is not None and lp_hint.value_hint > 0:
        radius = Fraction(lp_hint.value_hint)
        x = point_hint(lp_hint)[: P.dim]
        for point in (_dyadic(x, radius), x):
            cert = InteriorWitness(point)
            if check(cert, P):
                return cert
    solution = _solve(c, A1, b1, lp_hint, engine)
    if solution.value > 0:
        return _certified(InteriorWitness(_dyadic(solution.x[: P.dim], solution.value)), P)
    return _certified(NoInteriorCertificate(solution.y[: P.n_rows]), P)


def witness(P: HPolytope, hint: Any = None, engine: EngineLike = DEFAULT_ENGINE) -> QVector | None:
    """A rational point strictly inside ``P`` (in its interior), or None when ``P`` has no interior.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    hint : point-like, optional
        A candidate interior point tried first.
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    tuple of Fraction or None
        The point of :func:`interior_certificate`'s witness.

    Raises
    ------
    DimensionError
        ``hint`` does not have ``P.dim`` entries.
    InvalidOptionError
        Unknown engine.

    Examples
    --------
    >>> P = box([0, 0], ["1/3", 1])
    >>> x = witness(P)
    >>> P.side(x)
    <Side.INSIDE: 'inside'>
    >>> witness(HPolytope([[1, 0], [-1, 0]], [1, -1])) is None
    True
    """
    cert = interior_certificate(P, hint, engine)
    return cert.point if isinstance(cert, InteriorWitness) else None


def is_full_dimensional(P: HPolytope, engine: EngineLike = DEFAULT_ENGINE) -> bool:
    """Whether ``P`` has interior points (equivalently, is ``dim``-dimensional).

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    bool
        Decided exactly, from the certificate of :func:`interior_certificate`.

    Examples
    --------
    >>> is_full_dimensional(box([0, 0], [1, 1])), is_full_dimensional(HPolytope([[1, 0], [-1, 0]], [1, -1]))
    (True, False)
    """
    return isinstance(interior_certificate(P, engine=engine), InteriorWitness)


def emptiness_certificate(P: HPolytope, engine: EngineLike = DEFAULT_ENGINE) -> FeasiblePoint | FarkasCertificate:
    """Decide whether ``P`` has a point at all, with a certificate.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    FeasiblePoint or FarkasCertificate
        A rational point with ``A x <= b``, or Farkas multipliers
        ``y >= 0`` with ``y^T A = 0`` and ``y^T b < 0``.

    Notes
    -----
    One Chebyshev-centre LP answers both: ``P`` is nonempty iff ``t* >= 0``.
    A no-interior certificate with ``y^T b < 0`` is already a Farkas vector.

    Examples
    --------
    >>> from exactpd.kernel.certificate import check
    >>> empty = HPolytope([[1], [-1]], [0, -1])
    >>> cert = emptiness_certificate(empty)
    >>> type(cert).__name__, check(cert, empty)
    ('FarkasCertificate', True)
    >>> type(emptiness_certificate(box([0], [1]))).__name__
    'FeasiblePoint'
    """
    interior = interior_certificate(P, engine=engine)
    if isinstance(interior, InteriorWitness):
        return FeasiblePoint(interior.point)
    farkas = FarkasCertificate(interior.y)
    if check(farkas, P):
        return farkas
    c, A1, b1 = _chebyshev_lp(P)
    solution = _solve(c, A1, b1, maximize_hint(c, A1, b1, engine), engine)
    if solution.value >= 0:
        return _certified(FeasiblePoint(solution.x[: P.dim]), P)
    return _certified(FarkasCertificate(solution.y[: P.n_rows]), P)


def is_empty(P: HPolytope, engine: EngineLike = DEFAULT_ENGINE) -> bool:
    """Whether ``A x <= b`` has no solution at all.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    bool
        Decided exactly, from :func:`emptiness_certificate`.

    Examples
    --------
    >>> is_empty(HPolytope([[1], [-1]], [0, "-1/1000"]))
    True
    """
    return isinstance(emptiness_certificate(P, engine), FarkasCertificate)


def boundedness_certificate(
    P: HPolytope, engine: EngineLike = DEFAULT_ENGINE
) -> BoundedCertificate | UnboundedCertificate | FarkasCertificate:
    """Decide whether ``P`` is bounded, with a certificate.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    BoundedCertificate
        ``P`` is nonempty and its recession cone ``{r : A r <= 0}`` is
        ``{0}``: for each coordinate ``k`` and sign, multipliers ``y >= 0``
        with ``A^T y = +-e_k`` (each on at most ``2 dim`` rows).
    UnboundedCertificate
        A point ``x`` of ``P`` and a direction ``r != 0`` with ``A r <= 0``.
    FarkasCertificate
        ``P`` is empty, hence bounded.

    Notes
    -----
    Take ``dim`` linearly independent rows ``B`` (exactly; if there are
    fewer, a vector of the kernel of ``A`` is an unbounded direction).  One
    LP, ``maximize c . r subject to A r <= 0, c . r <= max|c|`` with
    ``c = -sum_{i in B} a_i``, either has a positive optimum (its solution is an
    unbounded direction) or optimum 0, with dual ``y >= 0``, ``A^T y = c``;
    then ``w = y + 1_B`` satisfies ``A^T w = 0`` and ``w > 0`` on ``B``, and
    ``+-e_k = A_B^T z + lambda A^T w`` with ``z`` solved on ``B`` and
    ``lambda >= 0`` just large enough to make the sum nonnegative.

    Examples
    --------
    >>> from exactpd.kernel.certificate import check
    >>> half_plane = HPolytope([[0, 1]], [0])
    >>> cert = boundedness_certificate(half_plane)
    >>> type(cert).__name__, check(cert, half_plane)
    ('UnboundedCertificate', True)
    >>> boundedness_certificate(box([0], [1]))
    BoundedCertificate(y=((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1))))
    """
    emptiness = emptiness_certificate(P, engine)
    if isinstance(emptiness, FarkasCertificate):
        return emptiness
    basis = independent_rows(P.A, range(P.n_rows))
    if len(basis) < P.dim:
        return _certified(UnboundedCertificate(emptiness.point, _kernel_vector(P, basis)), P)
    c = tuple(-sum(P.A[i][k] for i in basis) for k in range(P.dim))
    A2 = P.A + (c,)
    b2 = (0,) * P.n_rows + (max(map(abs, c)),)
    solution = _solve(c, A2, b2, maximize_hint(c, A2, b2, engine), engine)
    if solution.value > 0:
        return _certified(UnboundedCertificate(emptiness.point, solution.x), P)
    positive = list(solution.y[: P.n_rows])
    for i in basis:
        positive[i] += 1
    columns = list(zip(*(P.A[i] for i in basis)))
    multipliers = []
    for k in range(P.dim):
        z = solve_linear_system(columns, [1 if j == k else 0 for j in range(P.dim)], unique=True)
        for signed in (z, tuple(-v for v in z)):
            lam = max([Fraction(0)] + [-v / positive[i] for i, v in zip(basis, signed)])
            y = [lam * w if w else w for w in positive]
            for i, v in zip(basis, signed):
                y[i] += v
            multipliers.append(tuple(y))
    return _certified(BoundedCertificate(tuple(multipliers)), P)


def _kernel_vector(P: HPolytope, basis: Sequence[int]) -> QVector:
    """A nonzero ``r`` with ``A r = 0``, given a maximal independent set of fewer than ``dim`` rows."""
    rows = [P.A[i] for i in basis]
    for j in range(P.dim):
        unit = tuple(1 if k == j else 0 for k in range(P.dim))
        r = solve_linear_system(rows + [unit], [0] * len(rows) + [1])
        if r is not None:
            return r
    raise CertificationError("a rank-deficient matrix has no kernel vector: this is a bug in exactpd")


def is_bounded(P: HPolytope, engine: EngineLike = DEFAULT_ENGINE) -> bool:
    """Whether ``P`` is a bounded set (an empty ``P`` is bounded).

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    bool
        Decided exactly, from :func:`boundedness_certificate`.

    Examples
    --------
    >>> is_bounded(box([0], [1])), is_bounded(HPolytope([[0, 1]], [0]))
    (True, False)
    """
    return not isinstance(boundedness_certificate(P, engine), UnboundedCertificate)


def facet_report(P: HPolytope, hint: Any = None, engine: EngineLike = DEFAULT_ENGINE) -> FacetReport:
    """The irredundant rows of a full-dimensional ``P``, every row certified.

    Parameters
    ----------
    P : HPolytope
    hint : point-like, optional
        A candidate interior point (see :func:`interior_certificate`).
    engine : {"highs", "cvxpy", "exact"}

    Returns
    -------
    FacetReport
        ``report.facets`` are the sorted indices of the facet-defining rows,
        the lowest index of each group of identical rows; ``report.rows[k]``
        certifies row ``k``.

    Raises
    ------
    InvalidDomainError
        ``P`` is not full-dimensional.

    Notes
    -----
    From the interior witness ``x0``, three stages, cheapest first:

    1. the foot of the perpendicular from ``x0`` to each hyperplane that a
       float test says is hit first along its normal: exactly checked, it is
       a point of the relative interior of that facet;
    2. for the other rows, the redundancy LP ``maximize a_i x`` over the other
       rows (row ``i`` relaxed by one unit), solved by float hot starts:
       above ``b_i``, the point where the segment from ``x0`` to the float
       optimum crosses hyperplane ``i`` is checked as a facet point; at most
       ``b_i``, the multipliers on the proposed active rows are solved for
       exactly and checked;
    3. the same LP solved exactly (proposed basis, then the basis of the
       float LP zoomed at the proposed point, then the simplex method), which
       always yields a certificate.

    Each row certificate passes :func:`~exactpd.kernel.certificate.check` when it is
    made; ``check(report, P)`` verifies the whole report again.

    Examples
    --------
    >>> from exactpd.kernel.certificate import check
    >>> P = HPolytope([[1, 0], [0, 1], [-1, -1], [2, 0], [1, 1]], [1, 1, 0, 2, 5])
    >>> report = facet_report(P)
    >>> report.facets, [type(row).__name__ for row in report.rows[3:]], check(report, P)
    ((0, 1, 2), ['IdenticalRowCertificate', 'ImpliedRowCertificate'], True)
    """
    interior = interior_certificate(P, hint, engine)
    if not isinstance(interior, InteriorWitness):
        raise InvalidDomainError("facets: the polytope has no interior point, so it is not full-dimensional")
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(P.A, P.b)):
        groups.setdefault(key, []).append(i)
    rows: list = [None] * P.n_rows
    open_rows = []
    for members in groups.values():
        leader = members[0]
        for j in members[1:]:
            rows[j] = IdenticalRowCertificate(j, leader)
        if any(P.A[leader]):
            open_rows.append(leader)
        else:  # 0 <= b_leader holds everywhere (b_leader = 1 since P has interior)
            rows[leader] = ImpliedRowCertificate(leader, _zeros(P.n_rows))
    _settle_rows(P, interior.point, groups, open_rows, rows, get_engine(engine))
    return FacetReport(interior, tuple(rows))


def row_certificates(
    P: HPolytope, x0: Sequence[Fraction], indices: Sequence[int], engine: EngineLike = DEFAULT_ENGINE, vertex_hints: bool = True
) -> dict[int, FacetCertificate | ImpliedRowCertificate]:
    """Certify some rows of a full-dimensional ``P`` as facets or as implied, given an interior point.

    Parameters
    ----------
    P : HPolytope
    x0 : point
        A rational point strictly inside ``P`` (checked).
    indices : sequence of int
        Rows to certify; each must be the first of its group of identical rows
        and have ``a_i != 0``.
    engine : str or LPEngine
    vertex_hints : bool
        Also try one float vertex computation (qhull) before the LPs (up to
        :data:`VERTEX_HINT_MAX_DIM`); worth it for many rows, not for a few.

    Returns
    -------
    dict
        For every index, a :class:`FacetCertificate` (a point of the relative
        interior of its facet) or an :class:`ImpliedRowCertificate`, each
        checked exactly.  The stages are those of :func:`facet_report`.

    Raises
    ------
    InvalidDomainError
        ``x0`` is not strictly inside ``P``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> P = HPolytope([[-1, 0], [0, -1], [1, 1], [1, 0]], [0, 0, 1, 5])
    >>> certs = row_certificates(P, [Fraction(1, 4), Fraction(1, 4)], [2, 3])
    >>> {i: type(c).__name__ for i, c in certs.items()}
    {2: 'FacetCertificate', 3: 'ImpliedRowCertificate'}
    """
    x0 = tuple(x0)
    if not check(InteriorWitness(x0), P):
        raise InvalidDomainError("row_certificates: the point is not strictly inside the polytope")
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(P.A, P.b)):
        groups.setdefault(key, []).append(i)
    rows: list = [None] * P.n_rows
    _settle_rows(P, x0, groups, list(indices), rows, get_engine(engine), vertex_hints)
    return {i: rows[i] for i in indices}


VERTEX_HINT_MAX_DIM = 8
"""Float vertex hints (qhull) are tried for facets up to this dimension (beyond, vertices are too many)."""


def _settle_rows(P: HPolytope, x0: QVector, groups: dict, open_rows: Sequence[int], rows: list, solver, vertex_hints: bool = True) -> None:
    """Fill ``rows[i]`` for every i of ``open_rows`` (group leaders, nonzero rows): projections, vertices, LPs."""
    x_hint = vector_hint(x0)
    if solver.uses_floats and open_rows and x_hint is not None:
        A_hint, b_hint = rows_hint(P.A, P.b)
        wanted = set(open_rows)
        for i in projection_hint(A_hint, b_hint, x_hint):
            if i in wanted and rows[i] is None:
                cert = FacetCertificate(i, _projection(x0, P.A[i], P.b[i]))
                if check(cert, P):
                    rows[i] = cert
        if vertex_hints and P.dim <= VERTEX_HINT_MAX_DIM:
            _vertex_stage(P, x0, groups, open_rows, rows)
    targets = [(i, groups[(P.A[i], P.b[i])]) for i in sorted(open_rows) if rows[i] is None]
    for (i, group), lp_hint in zip(targets, redundancy_hints(P.A, P.b, targets, solver, center=x0)):
        rows[i] = _row_certificate(P, i, group, x0, lp_hint, solver)


def _vertex_stage(P: HPolytope, x0: QVector, groups: dict, open_rows: Sequence[int], rows: list) -> None:
    """Certify the rows that one float vertex computation settles (:mod:`exactpd.kernel.vertex_hint`).

    A row active at D or more float vertices gets the exact foot, on its hyperplane,
    of their mean as a facet point; a row active at none gets multipliers solved
    exactly on the basis of the vertex maximising it.  Each certificate is checked;
    rows it does not settle are left for the LP stages.
    """
    pending = [i for i in open_rows if rows[i] is None]
    if not pending:
        return
    hint = vertex_hint(P.A, P.b, x0)
    if hint is None:
        return
    for i in pending:
        near = facet_point_hint(hint, i)
        if near is not None:
            cert = FacetCertificate(i, _projection(near, P.A[i], P.b[i]))
        else:
            y = support_multipliers_hint(hint, P.A, tuple(-v for v in P.A[i]), exclude=groups[(P.A[i], P.b[i])])
            if y is None:
                continue
            cert = ImpliedRowCertificate(i, y)
        if check(cert, P):
            rows[i] = cert


def facets(P: HPolytope, hint: Any = None, engine: EngineLike = DEFAULT_ENGINE) -> tuple[int, ...]:
    """The sorted indices of the facet-defining rows of a full-dimensional ``P``.

    One index (the lowest) per group of identical rows.  See
    :func:`facet_report` for the certificates.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    hint : point-like, optional
        A candidate interior point (see :func:`interior_certificate`).
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    tuple of int
        Row indices into ``P.A``.

    Raises
    ------
    InvalidDomainError
        ``P`` is not full-dimensional.

    Examples
    --------
    >>> facets(HPolytope([[1, 0], [0, 1], [-1, -1], [1, 1], [2, 0]], [1, 1, 0, 5, 2]))
    (0, 1, 2)
    """
    return facet_report(P, hint, engine).facets


def facets_certified(P: HPolytope, hint: Any = None, engine: EngineLike = DEFAULT_ENGINE) -> tuple[FacetCertificate, ...]:
    """The facet certificates of a full-dimensional ``P``, in row order.

    ``cert.index`` is a facet-defining row (the lowest of its group of
    identical rows) and ``cert.point`` a rational point in the relative
    interior of its facet, strictly inside every row not identical to it: a
    point from which the region across that facet can be entered.  See
    :func:`facet_report` for the certificates of the other rows.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    hint : point-like, optional
        A candidate interior point (see :func:`interior_certificate`).
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    tuple of FacetCertificate
        One per facet, in row order.

    Raises
    ------
    InvalidDomainError
        ``P`` is not full-dimensional.

    Examples
    --------
    >>> from exactpd.kernel.certificate import check
    >>> P = HPolytope([[-1, 0], [0, -1], [1, 1], [1, 0]], [0, 0, 1, 5])
    >>> certs = facets_certified(P)
    >>> [c.index for c in certs], all(check(c, P) for c in certs)
    ([0, 1, 2], True)
    """
    return tuple(c for c in facet_report(P, hint, engine).rows if isinstance(c, FacetCertificate))


def vertices(P: HPolytope, engine: EngineLike = DEFAULT_ENGINE) -> tuple[QVector, ...]:
    """The exact vertices of a bounded full-dimensional ``P`` in dimension 2 or 3.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    tuple of points
        In 2-D, in counter-clockwise order, starting on the facet whose outer
        normal has the smallest angle in ``[0, 2 pi)``; in 3-D, sorted.

    Raises
    ------
    DimensionError
        ``P.dim`` is not 2 or 3.
    InvalidDomainError
        ``P`` is not full-dimensional, or not bounded.

    Examples
    --------
    >>> vertices(HPolytope([[-1, 0], [0, -1], [1, 1]], [0, 0, 1]))
    ((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))
    """
    if P.dim not in (2, 3):
        raise DimensionError(f"vertices: only dimensions 2 and 3 are supported, not {P.dim}")
    kept = facet_report(P, engine=engine).facets
    if not is_bounded(P, engine):
        raise InvalidDomainError("vertices: the polytope is unbounded")
    if P.dim == 2:
        order = sorted(kept, key=functools.cmp_to_key(lambda i, j: _angle_order(P.A[i], P.A[j])))
        lines = [(P.A[i], P.b[i]) for i in order]
        return tuple(solve_linear_system([u, v], [bu, bv]) for (u, bu), (v, bv) in zip(lines, lines[1:] + lines[:1]))
    found = set()
    for triple in combinations(kept, 3):
        point = solve_linear_system([P.A[i] for i in triple], [P.b[i] for i in triple], unique=True)
        if point is not None and point not in found and min(integer_slacks(P, point)) >= 0:
            found.add(point)
    return tuple(sorted(found))


def area(P: HPolytope, engine: EngineLike = DEFAULT_ENGINE) -> Fraction:
    """The exact area of a bounded full-dimensional ``P`` in dimension 2 (shoelace formula).

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    engine : str or LPEngine, default "highs"
        Where float hints come from (see :func:`interior_certificate`); the
        answer is exact whatever the engine.

    Returns
    -------
    Fraction
        The area, from the exact :func:`vertices`.

    Raises
    ------
    DimensionError
        ``P.dim`` is not 2.
    InvalidDomainError
        ``P`` is not full-dimensional, or not bounded.

    Examples
    --------
    >>> area(HPolytope([[-1, 0], [0, -1], [1, 1]], [0, 0, "1/2"]))
    Fraction(1, 8)
    """
    if P.dim != 2:
        raise DimensionError(f"area: only dimension 2 is supported, not {P.dim}")
    corners = vertices(P, engine)
    twice = sum((p[0] * q[1] - q[0] * p[1] for p, q in zip(corners, corners[1:] + corners[:1])), Fraction(0))
    return twice / 2


def section_witness(
    polytope: HPolytope, equations: Sequence[tuple[Sequence, Fraction]], engine: EngineLike = DEFAULT_ENGINE
) -> QVector | None:
    """A rational point satisfying every equation and strictly inside every row of ``polytope``, or None.

    Parameters
    ----------
    polytope : HPolytope
        ``{x : A x <= b}``.
    equations : sequence of (normal, rhs)
        The affine subspace ``{x : <normal_j, x> = rhs_j for all j}``.
    engine : str or LPEngine
        The LP hint engine (:mod:`exactpd.hints.engine`).

    Returns
    -------
    tuple of Fraction or None
        A point of the relative interior of ``polytope ∩ subspace`` when that
        set is open in the subspace and non-empty (the rows of ``polytope``
        are all strict there); None when there is no such point (certified:
        the equations are inconsistent, a row is tight on the whole subspace,
        or :func:`~exactpd.kernel.polytope.interior_certificate` proves there is none).

    Notes
    -----
    The subspace is parametrised exactly as ``x = x0 + N y`` (:func:`~exactpd.kernel.simplex.solution_space`),
    the rows become ``(A N) y <= b - A x0`` in the free coordinates, and the
    question is whether that polytope has an interior point.  With one
    equation this is a region's facet or a hyperplane section (a
    decision-boundary piece); with two, a ridge where two pieces meet.

    Examples
    --------
    >>> from exactpd.kernel.polytope import box
    >>> section_witness(box([0, 0], [2, 2]), [((1, -1), 0)])
    (Fraction(1, 1), Fraction(1, 1))
    >>> section_witness(box([0, 0], [2, 2]), [((1, 0), 2)]) is None
    True
    """
    parametrised = solution_space([normal for normal, _ in equations], [rhs for _, rhs in equations], polytope.dim)
    if parametrised is None:
        return None
    x0, basis = parametrised
    rows, rhs = [], []
    for a, b in zip(polytope.A, polytope.b):
        if not any(a):  # 0 <= b: vacuous, or empties the polytope
            if b < 0:
                return None
            continue
        slack = b - dot(a, x0)
        reduced = tuple(dot(a, column) for column in basis)
        if any(reduced):
            rows.append(reduced)
            rhs.append(slack)
        elif slack <= 0:
            return None
    y = tuple(Fraction(0) for _ in basis)
    if rows:
        cert = interior_certificate(HPolytope(rows, rhs), engine=engine)
        if not isinstance(cert, InteriorWitness):
            return None
        y = cert.point
    return tuple(p + sum((t * column[i] for t, column in zip(y, basis)), Fraction(0)) for i, p in enumerate(x0))


def polygon_corners(A: Sequence[Sequence[int]], b: Sequence[int], homogeneous: bool = False) -> list[tuple[int, Any]] | None:
    """The exact corners of a bounded polygon ``{A x <= b}`` (D = 2), facet by facet, or None.

    Parameters
    ----------
    A, b : integer rows of dimension 2
    homogeneous : bool
        Give each corner as integers over a positive denominator,
        ``((X, Y), den)`` for the point ``(X / den, Y / den)`` (fraction-free,
        not reduced), instead of a pair of Fractions.

    Returns
    -------
    list of (int, point) or None
        The rows that bound the polygon (one per line), in counter-clockwise
        order of their outer normals, each with the corner where its line meets
        the next one's.  None when the rows do not bound a polygon with
        interior points (unbounded, empty or flat, or a case the method leaves
        to the LPs).

    Notes
    -----
    Half-plane intersection by the angular sweep with a deque, every test an
    exact integer comparison, then checked: consecutive normals turn by less
    than pi and every corner satisfies every row.  Then the polygon is the
    convex hull of the corners (each listed row carries the boundary segment
    between its two corners), so the maximum of a linear function over it is
    its maximum over the corners; a row not listed, or listed with two equal
    corners, is implied by the listed rows (it is not a facet); every other
    listed row is a facet, the midpoint of its corners a point of its
    relative interior.

    Examples
    --------
    >>> [(i, tuple(map(str, c))) for i, c in polygon_corners(((1, 0), (0, 1), (-1, -1), (1, 1)), (1, 1, 0, 5))]
    [(0, ('1', '1')), (1, ('-1', '1')), (2, ('1', '-1'))]
    >>> polygon_corners(((1, 0), (0, 1)), (1, 1)) is None
    True
    """
    order = _outer_rows(A, b)
    if order is None or len(order) < 3:
        return None
    chain = _corner_chain(A, b, order)
    if len(chain) < 3:
        return None
    corners = []
    for i, j in zip(chain, chain[1:] + chain[:1]):
        c = _meet(A, b, i, j)
        if c is None or any(_outside(A, b, c, k) for k in range(len(b))):
            return None
        corners.append((i, c))
    points = [c for _, c in corners]
    if not any(_orientation(p, q, r) > 0 for p, q, r in zip(points, points[1:] + points[:1], points[2:] + points[:2])):
        return None  # no interior: a segment or a point
    if homogeneous:
        return [(i, ((X, Y), den)) for i, (X, Y, den) in corners]
    return [(i, (Fraction(X, den), Fraction(Y, den))) for i, (X, Y, den) in corners]


def _outer_rows(A: Sequence[Sequence[int]], b: Sequence[int]) -> list[int] | None:
    """The tightest row of each outer normal direction, sorted by angle; None when a zero row ``0 <= b`` fails."""
    best: dict = {}
    for i, (row, bi) in enumerate(zip(A, b)):
        if not any(row):
            if bi < 0:
                return None
            continue
        g = math.gcd(*row)
        direction = (row[0] // g, row[1] // g)
        j = best.get(direction)
        if j is None or bi * (A[j][0] // direction[0] if direction[0] else A[j][1] // direction[1]) < b[j] * (
            row[0] // direction[0] if direction[0] else row[1] // direction[1]
        ):
            best[direction] = i  # the tightest of parallel rows with the same outer normal
    return sorted(best.values(), key=functools.cmp_to_key(lambda i, j: _angle_order(A[i], A[j])))


def _meet(A: Sequence[Sequence[int]], b: Sequence[int], i: int, j: int):
    """The corner ``(X, Y, det)`` (``det > 0``) where rows i and j meet, turning counter-clockwise from i to j; else None."""
    (u0, u1), (v0, v1) = A[i], A[j]
    det = u0 * v1 - u1 * v0
    if det <= 0:
        return None
    return (b[i] * v1 - u1 * b[j], u0 * b[j] - b[i] * v0, det)


def _outside(A: Sequence[Sequence[int]], b: Sequence[int], corner, k: int) -> bool:
    """Whether the corner ``(X, Y, det)`` violates row k strictly."""
    X, Y, det = corner
    return A[k][0] * X + A[k][1] * Y > b[k] * det


def _corner_chain(A: Sequence[Sequence[int]], b: Sequence[int], order: list[int]) -> list[int]:
    """The rows, in angular order, whose consecutive corners bound the polygon (half-plane intersection, both ends pruned)."""
    chain: list[int] = []
    for k in order:
        while len(chain) >= 2:
            c = _meet(A, b, chain[-2], chain[-1])
            if c is None or not _outside(A, b, c, k):
                break
            chain.pop()
        while len(chain) >= 2:
            c = _meet(A, b, chain[0], chain[1])
            if c is None or not _outside(A, b, c, k):
                break
            chain.pop(0)
        chain.append(k)
    while len(chain) >= 3:
        c = _meet(A, b, chain[-2], chain[-1])
        if c is not None and _outside(A, b, c, chain[0]):
            chain.pop()
            continue
        c = _meet(A, b, chain[0], chain[1])
        if c is not None and _outside(A, b, c, chain[-1]):
            chain.pop(0)
            continue
        break
    return chain


def _orientation(p, q, r) -> int:
    """The sign of the turn p -> q -> r of three points given as ``(X, Y, den)`` with ``den > 0``."""
    (x0, y0, d0), (x1, y1, d1), (x2, y2, d2) = p, q, r
    det = x0 * (y1 * d2 - d1 * y2) - y0 * (x1 * d2 - d1 * x2) + d0 * (x1 * y2 - y1 * x2)
    return (det > 0) - (det < 0)


def maximize_certified(
    P: HPolytope, objectives: Sequence[Sequence[int]], center: Sequence[Fraction] | None = None, engine: EngineLike = DEFAULT_ENGINE
) -> list[LPSolution]:
    """Exact maxima of several linear functions over ``P``, from one batch of float hints.

    Parameters
    ----------
    P : HPolytope
    objectives : sequence of integer vectors
    center : point, optional
        A rational point near ``P`` (e.g. an interior point): the float LPs are
        centred and zoomed there (see :mod:`exactpd.hints.lp`).
    engine : str or LPEngine

    Returns
    -------
    list of LPSolution
        One per objective: OPTIMAL (an optimal pair ``x, y``: ``y >= 0``,
        ``A^T y = c`` and ``b . y = c . x``), UNBOUNDED (a point and an improving
        ray) or INFEASIBLE (a Farkas vector), each exact.

    Notes
    -----
    The engine solves the LPs one after another on one model (hot start);
    each proposed basis is confirmed by :func:`exactpd.kernel.simplex.basis_solution`,
    then the float LP zoomed at the proposed point, then the exact simplex method.

    Examples
    --------
    >>> [s.value for s in maximize_certified(box([0, 0], [1, 2]), [(1, 1), (1, -1)])]
    [Fraction(3, 1), Fraction(1, 1)]
    """
    solver = get_engine(engine)
    solutions = []
    for c, lp_hint in zip(objectives, maximize_hints(objectives, P.A, P.b, solver, center)):
        solution = None
        if lp_hint is not None:
            solution = basis_solution(c, P.A, P.b, lp_hint.active_hint)
            if solution is None:
                zoomed = maximize_hint(c, P.A, P.b, solver, center=point_hint(lp_hint))
                if zoomed is not None:
                    solution = basis_solution(c, P.A, P.b, zoomed.active_hint)
        solutions.append(solution if solution is not None else maximize(c, P.A, P.b))
    return solutions


def _certified(cert, P: HPolytope):
    """Return ``cert`` after its exact check; a failure is a bug in exactpd."""
    if not check(cert, P):
        raise CertificationError(f"{type(cert).__name__} failed its exact check: this is a bug in exactpd")
    return cert


def _zeros(n: int) -> QVector:
    return (Fraction(0),) * n


def _chebyshev_lp(P: HPolytope) -> tuple[tuple[int, ...], list[tuple[int, ...]], list[int]]:
    """``(c, A', b')`` of ``max t : a_i x + l_i t <= b_i, t <= 1`` (variables ``(x, t)``; cap row last)."""
    A1 = [row + (sum(map(abs, row)) or (1 if beta < 0 else 0),) for row, beta in zip(P.A, P.b)]
    A1.append((0,) * P.dim + (1,))
    return (0,) * P.dim + (1,), A1, list(P.b) + [1]


def _solve(c: Sequence, A: Sequence[Sequence[int]], b: Sequence[int], lp_hint: LPHint | None, engine: EngineLike) -> LPSolution:
    """An exact optimal solution of an LP known to be feasible and bounded.

    Tried in order: the basis the hint proposes; the basis of the float LP
    solved again, centred and zoomed at the hinted point (this rescues tiny
    regions, where the first float solve cannot see the geometry); the exact
    simplex method.
    """
    if lp_hint is not None:
        solution = basis_solution(c, A, b, lp_hint.active_hint)
        if solution is not None:
            return solution
        zoomed = maximize_hint(c, A, b, engine, center=point_hint(lp_hint))
        if zoomed is not None:
            solution = basis_solution(c, A, b, zoomed.active_hint)
            if solution is not None:
                return solution
    solution = maximize(c, A, b)
    if solution.status is not LPStatus.OPTIMAL:
        raise CertificationError(f"an LP built to be feasible and bounded came out {solution.status.value}")
    return solution


def _dyadic(x: Sequence[Fraction], radius: Fraction) -> QVector:
    """``x`` rounded to the grid ``2^-k Z^d`` with ``2^-k <= radius / 2``.

    Each coordinate moves by at most ``radius / 4``; if ``A x + l radius <= b``
    (the Chebyshev-LP rows), the rounded point is strictly inside.
    """
    p, q = radius.numerator, radius.denominator
    k = max(0, (2 * q).bit_length() - p.bit_length())
    while (p << k) < 2 * q:
        k += 1
    scale = 1 << k
    return tuple(Fraction(round(v * scale), scale) for v in x)


def _projection(x0: QVector, a: Sequence[int], beta: int) -> QVector:
    """The foot of the perpendicular from ``x0`` to the hyperplane ``a x = beta``."""
    step = (beta - dot(a, x0)) / sum(v * v for v in a)
    return tuple(x + step * v for x, v in zip(x0, a))


def _crossing(x0: QVector, x1: QVector, a: Sequence[int], beta: int) -> QVector | None:
    """Where the segment from ``x0`` (``a x0 < beta``) to ``x1`` meets ``a x = beta``, if it does."""
    s0, s1 = dot(a, x0), dot(a, x1)
    if not s0 < beta < s1:
        return None
    step = (beta - s0) / (s1 - s0)
    return tuple(u + step * (v - u) for u, v in zip(x0, x1))


def _row_certificate(P: HPolytope, i: int, group: Sequence[int], x0: QVector, lp_hint: LPHint | None, engine: EngineLike):
    """Certify row ``i`` (a group leader with ``a_i != 0``) as a facet or as implied."""
    a, beta = P.A[i], P.b[i]
    if lp_hint is not None:
        x1 = point_hint(lp_hint)
        point = _crossing(x0, x1, a, beta)
        if point is not None:
            cert = FacetCertificate(i, point)
            if check(cert, P):
                return cert
        else:
            cert = _implied_on(P, i, [j for j in lp_hint.active_hint if j not in group])
            if cert is not None and check(cert, P):
                return cert
    relaxed = list(P.b)
    for j in group:
        relaxed[j] += max(map(abs, a))
    solution = _solve(a, P.A, relaxed, lp_hint, engine)
    if solution.value > beta:
        return _certified(FacetCertificate(i, _crossing(x0, solution.x, a, beta)), P)
    return _certified(ImpliedRowCertificate(i, solution.y), P)


def _implied_on(P: HPolytope, i: int, support: Sequence[int]) -> ImpliedRowCertificate | None:
    """Multipliers on ``support`` combining the rows into row ``i``, solved exactly."""
    if not support:
        return None
    columns = [[P.A[j][k] for j in support] for k in range(P.dim)]
    y_support = solve_linear_system(columns, P.A[i])
    if y_support is None or any(v < 0 for v in y_support):
        return None
    y = list(_zeros(P.n_rows))
    for j, v in zip(support, y_support):
        y[j] = v
    return ImpliedRowCertificate(i, tuple(y))


def _angle_order(u: Sequence[int], v: Sequence[int]) -> int:
    """Compare the angles of two nonzero plane vectors in ``[0, 2 pi)``, exactly."""
    hu = 0 if u[1] > 0 or (u[1] == 0 and u[0] > 0) else 1
    hv = 0 if v[1] > 0 or (v[1] == 0 and v[0] > 0) else 1
    if hu != hv:
        return hu - hv
    cross = u[0] * v[1] - u[1] * v[0]
    return -1 if cross > 0 else 1 if cross < 0 else 0


