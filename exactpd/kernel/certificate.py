"""Certificates, and the one exact check that turns a hint into a fact.

Every answer about an :class:`~exactpd.kernel.polytope.HPolytope` ``P = {x : A x <= b}``
comes with a certificate from this module, and :func:`check` verifies any of
them again from scratch, in integer arithmetic: a rational point is written
over one common denominator (``x = X / D``), a rational multiplier vector over
another (``y = Y / E``), and every comparison is between Python integers
(``a_i . X`` against ``b_i D``).  No float and no tolerance enters here.

"Strictly" below means ``a_j x < b_j`` for a row with ``a_j != 0``; a zero
row ``0 <= b_j`` constrains nothing when ``b_j >= 0`` (it holds everywhere) and
empties the polytope when ``b_j < 0``, so for it "strictly" means ``b_j >= 0``.
With this reading an interior witness is a point of the topological interior.

=============================  ==============================================
certificate                    what :func:`check` verifies
=============================  ==============================================
:class:`InteriorWitness`       ``A x <= b``, every row strictly
:class:`NoInteriorCertificate` ``y >= 0``, ``y^T A = 0``, and either
                               ``y^T b < 0``, or ``y^T b = 0`` with ``y_i > 0``
                               on some row with ``a_i != 0``
:class:`FeasiblePoint`         ``A x <= b``
:class:`FarkasCertificate`     ``y >= 0``, ``y^T A = 0``, ``y^T b < 0``
:class:`FacetCertificate`      ``a_i != 0``, ``a_i x = b_i``, and every row
                               not identical to row ``i`` strictly
:class:`ImpliedRowCertificate` ``y >= 0``, zero on the rows identical to row
                               ``i``, ``y^T A = a_i``, ``y^T b <= b_i``
:class:`IdenticalRowCertificate` rows ``same_as < index`` are equal
:class:`FacetReport`           all of the above, one per row, and the groups
:class:`BoundedCertificate`    ``y_k >= 0`` with ``A^T y_k = +-e_k`` for every
                               coordinate ``k``
:class:`UnboundedCertificate`  ``A x <= b``, ``r != 0`` and ``A r <= 0``
=============================  ==============================================

Why these prove what they claim:

- ``NoInteriorCertificate``: if every row held strictly at ``x``, then
  ``y^T (b - A x) > 0`` (each term is ``>= 0``, the one of a nonzero row with
  ``y_i > 0`` is ``> 0``), i.e. ``y^T b > 0``; and ``y^T b < 0`` empties ``P``.
- ``FarkasCertificate``: if ``A x <= b`` then ``0 = y^T A x <= y^T b < 0``.
- ``FacetCertificate``: near ``x`` only the rows identical to row ``i`` are
  tight, so ``P`` coincides with the halfspace ``a_i z <= b_i`` around ``x``
  and ``P ∩ {a_i z = b_i}`` contains a ``(d-1)``-ball: row ``i`` is a facet.
- ``ImpliedRowCertificate``: ``a_i z = y^T A z <= y^T b <= b_i`` on the other
  rows, so row ``i`` can be dropped; it defines no facet, because at a point
  of the relative interior of such a facet every row used by ``y`` would be
  strict, giving ``a_i z < b_i``.
- ``BoundedCertificate``: if ``A r <= 0`` then ``+-r_k = y_k^T A r <= 0`` for
  every ``k``, so ``r = 0``; a nonempty ``P`` with recession cone ``{0}`` is
  bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from operator import mul
from typing import TYPE_CHECKING, Sequence, Union

from exactpd.errors import ExactpdError
from exactpd.rational import QVector, common_denominator
from exactpd.rational import integer_point

if TYPE_CHECKING:
    from exactpd.kernel.polytope import HPolytope

__all__ = [
    "InteriorWitness",
    "NoInteriorCertificate",
    "FeasiblePoint",
    "FarkasCertificate",
    "FacetCertificate",
    "ImpliedRowCertificate",
    "IdenticalRowCertificate",
    "RowCertificate",
    "FacetReport",
    "BoundedCertificate",
    "UnboundedCertificate",
    "Certificate",
    "check_certificate",
    "integer_slacks",
    "row_slacks",
    "box_bound_holds",
]


@dataclass(frozen=True)
class InteriorWitness:
    """A rational point strictly inside: ``a_i x < b_i`` for every row with ``a_i != 0``.

    Attributes
    ----------
    point : tuple of Fraction
        The witness.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import HPolytope, box
    >>> check(InteriorWitness((Q(1, 2), Q(1, 2))), box([0, 0], [1, 1])), check(InteriorWitness((Q(1), Q(0))), box([0, 0], [1, 1]))
    (True, False)
    """

    point: QVector


@dataclass(frozen=True)
class NoInteriorCertificate:
    """Multipliers ``y`` (one per row) proving that the polytope has no interior point.

    Attributes
    ----------
    y : tuple of Fraction
        ``y >= 0``, ``y^T A = 0``, and ``y^T b < 0``, or ``y^T b = 0`` with
        ``y_i > 0`` on a nonzero row.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import HPolytope, box
    >>> segment = HPolytope([[0, 1], [0, -1]], [0, 0])  # the line y = 0
    >>> check(NoInteriorCertificate((Q(1), Q(1))), segment)
    True
    """

    y: QVector


@dataclass(frozen=True)
class FeasiblePoint:
    """A rational point of the closed polytope: ``A x <= b``.

    Attributes
    ----------
    point : tuple of Fraction
        A point with ``A x <= b`` (the boundary allowed).

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import HPolytope, box
    >>> check(FeasiblePoint((Q(1), Q(0))), box([0, 0], [1, 1]))
    True
    """

    point: QVector


@dataclass(frozen=True)
class FarkasCertificate:
    """Multipliers ``y`` (one per row) proving that ``A x <= b`` has no solution.

    Attributes
    ----------
    y : tuple of Fraction
        ``y >= 0``, ``y^T A = 0``, ``y^T b < 0`` (Farkas' lemma).

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import HPolytope, box
    >>> empty = HPolytope([[1], [-1]], [0, -1])  # x <= 0 and x >= 1
    >>> check(FarkasCertificate((Q(1), Q(1))), empty)
    True
    """

    y: QVector


@dataclass(frozen=True)
class FacetCertificate:
    """Row ``index`` defines a facet: ``point`` lies in the relative interior of that facet.

    Attributes
    ----------
    index : int
        The row.
    point : tuple of Fraction
        On the row's hyperplane, strictly inside every row not identical to it.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import HPolytope, box
    >>> check(FacetCertificate(0, (Q(1), Q(1, 2))), box([0, 0], [1, 1]))
    True
    """

    index: int
    point: QVector


@dataclass(frozen=True)
class ImpliedRowCertificate:
    """Row ``index`` is implied by the other rows: ``y`` (one per row) combines them into it.

    Attributes
    ----------
    index : int
        The row.
    y : tuple of Fraction
        ``y >= 0``, zero on the rows identical to row ``index``, ``y^T A = a_index``
        and ``y^T b <= b_index``.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import HPolytope, box
    >>> P = HPolytope([[1, 0], [0, 1], [1, 1]], [1, 1, 5])  # x + y <= 5 follows from x <= 1, y <= 1
    >>> check(ImpliedRowCertificate(2, (Q(1), Q(1), Q(0))), P)
    True
    """

    index: int
    y: QVector


@dataclass(frozen=True)
class IdenticalRowCertificate:
    """Row ``index`` is the same primitive row as the earlier row ``same_as``.

    Attributes
    ----------
    index : int
        The later row.
    same_as : int
        The earlier, equal row (``same_as < index``).

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import HPolytope, box
    >>> P = HPolytope([[1, 0], [2, 0]], [1, 2])  # both rows are x <= 1
    >>> P.A, check(IdenticalRowCertificate(1, 0), P)
    (((1, 0), (1, 0)), True)
    """

    index: int
    same_as: int


RowCertificate = Union[FacetCertificate, ImpliedRowCertificate, IdenticalRowCertificate]


@dataclass(frozen=True)
class FacetReport:
    """The irredundant rows of a full-dimensional polytope, each row certified.

    Attributes
    ----------
    interior : InteriorWitness
        Proves that the polytope is full-dimensional.
    rows : tuple
        ``rows[k]`` certifies row ``k``: a :class:`FacetCertificate` for the
        first row of each group of identical rows that defines a facet, an
        :class:`ImpliedRowCertificate` for the first row of a group that does
        not, and an :class:`IdenticalRowCertificate` for every later row of a
        group.

    Examples
    --------
    >>> from exactpd.kernel.polytope import HPolytope, facet_report
    >>> P = HPolytope([[1, 0], [0, 1], [-1, -1], [2, 0]], [1, 1, 0, 2])
    >>> report = facet_report(P)
    >>> report.facets, report.rows[3], check(report, P)
    ((0, 1, 2), IdenticalRowCertificate(index=3, same_as=0), True)
    """

    interior: InteriorWitness
    rows: tuple[RowCertificate, ...]

    @property
    def facets(self) -> tuple[int, ...]:
        """The sorted indices of the facet-defining rows (one per facet)."""
        return tuple(c.index for c in self.rows if isinstance(c, FacetCertificate))


@dataclass(frozen=True)
class BoundedCertificate:
    """Multipliers showing that the recession cone is ``{0}``.

    ``y[2k]`` combines the rows into ``+e_k`` and ``y[2k+1]`` into ``-e_k``
    (each ``y[j] >= 0``, one entry per row).

    Attributes
    ----------
    y : tuple of tuple of Fraction
        ``2 dim`` multiplier vectors, as above.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import box
    >>> check(BoundedCertificate(((Q(1), Q(0)), (Q(0), Q(1)))), box([0], [1]))  # x <= 1 gives +e_0, -x <= 0 gives -e_0
    True
    """

    y: tuple[QVector, ...]


@dataclass(frozen=True)
class UnboundedCertificate:
    """A point of the polytope and a nonzero direction it can move along forever.

    Attributes
    ----------
    point : tuple of Fraction
        A point with ``A x <= b``.
    direction : tuple of Fraction
        ``r != 0`` with ``A r <= 0``: ``point + t r`` stays inside for every ``t >= 0``.

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from exactpd.kernel.polytope import HPolytope, box
    >>> check(UnboundedCertificate((Q(0), Q(0)), (Q(1), Q(0))), HPolytope([[0, 1]], [0]))
    True
    """

    point: QVector
    direction: QVector


Certificate = Union[
    InteriorWitness,
    NoInteriorCertificate,
    FeasiblePoint,
    FarkasCertificate,
    FacetCertificate,
    ImpliedRowCertificate,
    IdenticalRowCertificate,
    FacetReport,
    BoundedCertificate,
    UnboundedCertificate,
]


def integer_slacks(P: HPolytope, point: Sequence[Fraction]) -> list[int]:
    """``D (b - A x)`` for a positive integer ``D``: the exact signs of the slacks.

    Row ``i`` holds strictly at ``x`` when entry ``i`` is positive, with
    equality when it is zero, and is violated when it is negative.

    Parameters
    ----------
    P : HPolytope
        The polytope ``{x : A x <= b}``.
    point : sequence of Fraction
        ``x``, of ``P.dim`` entries.

    Returns
    -------
    list of int
        One per row; ``D`` is the common denominator of ``x``.

    Examples
    --------
    >>> from exactpd.kernel.polytope import box
    >>> integer_slacks(box([0, 0], [1, 1]), [Fraction(1, 2), Fraction(1)])
    [1, 1, 0, 2]
    """
    return row_slacks(P.A, P.b, point)


def row_slacks(A: Sequence[Sequence[int]], b: Sequence[int], point: Sequence[Fraction]) -> list[int]:
    """:func:`integer_slacks` of the rows ``A x <= b`` (integer rows, not yet an HPolytope): ``D (b - A x)``.

    Parameters
    ----------
    A : sequence of rows of int
    b : sequence of int
    point : sequence of Fraction

    Returns
    -------
    list of int
        ``D (b_i - <A_i, x>)`` with ``D`` the common denominator of ``x``.

    Examples
    --------
    >>> row_slacks([[1, 0], [0, 1]], [1, 1], [Fraction(1, 2), Fraction(1)])
    [1, 0]
    """
    X, den = integer_point(point)
    return [beta * den - sum(map(mul, row, X)) for row, beta in zip(A, b)]


def box_bound_holds(
    A: Sequence[Sequence[int]], b: Sequence[int], weights: Sequence[tuple[int, int]], scale: int,
    c: Sequence[int], bound: int, box: Sequence[int],
) -> bool:
    """Whether ``c . x <= bound`` on ``{A x <= b}`` within the box ``|x_k| <= box_k``, proved by integer multipliers.

    ``weights`` holds pairs ``(i, w_i)`` with ``w_i >= 0``, multipliers
    ``w_i / scale`` on rows ``i``; they need not combine the rows into ``c``
    exactly.  With the residual ``r = scale c - sum_i w_i a_i``, every
    ``x`` of the polytope in the box satisfies
    ``scale c . x = sum_i w_i a_i . x + r . x <= sum_i w_i b_i + sum_k |r_k| box_k``,
    so the bound is proved when the right-hand side is at most ``scale * bound``.
    Integers only (a safe dual bound: float multipliers proposed, the
    rounding error absorbed by the exact residual).

    Parameters
    ----------
    A : sequence of rows of int
    b : sequence of int
        The rows ``A x <= b``.
    weights : sequence of (int, int)
        Row index and nonnegative integer multiplier.
    scale : int
        The positive common denominator of the multipliers.
    c : sequence of int
        The linear function.
    bound : int
        The claimed upper bound of ``c . x``.
    box : sequence of int
        Nonnegative half-widths ``box_k`` of a box ``|x_k| <= box_k`` known to
        contain the points that matter (e.g. the whole domain).

    Returns
    -------
    bool
        True when the inequality is proved; False proves nothing.

    Notes
    -----
    With a box that contains the domain strictly (``|x_k| < box_k`` on it),
    the same test proves that a row ``c x <= bound`` of a polytope ``Q`` inside
    the domain is implied by the other rows of ``Q``: those rows cut out a
    convex set that meets the box only inside ``Q``, so it is ``Q``.

    Examples
    --------
    >>> A, b = [[1, 0], [0, 1], [-1, -1]], [1, 1, 0]  # the triangle x <= 1, y <= 1, x + y >= 0
    >>> box_bound_holds(A, b, [(0, 3), (1, 3)], 3, [1, 1], 2, [5, 5])  # x + y <= 2 from rows 0 and 1
    True
    >>> box_bound_holds(A, b, [(0, 3), (1, 3)], 3, [1, 1], 1, [5, 5])
    False
    >>> box_bound_holds(A, b, [(0, 3), (1, 2)], 3, [1, 1], 4, [5, 5])  # inexact 1, 2/3: the residual y costs <= 5/3
    True
    """
    residual = [scale * v for v in c]
    total = 0
    for i, w in weights:
        if w < 0:
            return False
        if w:
            residual = [r - w * a for r, a in zip(residual, A[i])]
            total += w * b[i]
    return total + sum(map(mul, map(abs, residual), box)) <= scale * bound


def check(cert: Certificate, P: HPolytope) -> bool:
    """Verify a certificate against a polytope, exactly.

    Parameters
    ----------
    cert : one of the certificate classes of this module
    P : HPolytope

    Returns
    -------
    bool
        True when the certificate proves its claim about ``P``; False when it
        does not (wrong shape, wrong numbers, or a claim about another
        polytope).

    Raises
    ------
    ExactpdError
        ``cert`` is not a certificate.

    Examples
    --------
    >>> from exactpd.kernel.polytope import box
    >>> from fractions import Fraction
    >>> P = box([0, 0], [1, 1])
    >>> check(InteriorWitness((Fraction(1, 2), Fraction(1, 2))), P)
    True
    >>> check(InteriorWitness((Fraction(1), Fraction(1, 2))), P)
    False
    """
    checker = _CHECKERS.get(type(cert))
    if checker is None:
        raise ExactpdError(f"check: {type(cert).__name__} is not a certificate")
    return checker(cert, P)


check_certificate = check
"""The name :func:`check` has at the top level (``exactpd.check_certificate``)."""


def _is_point(point: object, dim: int) -> bool:
    return isinstance(point, tuple) and len(point) == dim and all(isinstance(q, Fraction) for q in point)


def _is_multipliers(y: object, n: int) -> bool:
    return isinstance(y, tuple) and len(y) == n and all(isinstance(q, Fraction) and q.numerator >= 0 for q in y)


def _combination(P: HPolytope, y: Sequence[Fraction]) -> tuple[list[int], int, int]:
    """``(Y^T A, Y^T b, E)`` for ``y = Y / E``: the combination of the rows, in integers."""
    den = common_denominator(y)
    combo = [0] * P.dim
    rhs = 0
    for q, row, beta in zip(y, P.A, P.b):
        if q:
            w = q.numerator * (den // q.denominator)
            combo = [s + w * a for s, a in zip(combo, row)]
            rhs += w * beta
    return combo, rhs, den


def _check_interior(cert: InteriorWitness, P: HPolytope) -> bool:
    if not _is_point(cert.point, P.dim):
        return False
    X, den = integer_point(cert.point)
    return all(
        beta * den > sum(map(mul, row, X)) or (beta == 0 and not any(row)) for row, beta in zip(P.A, P.b)
    )


def _check_feasible(cert: FeasiblePoint, P: HPolytope) -> bool:
    if not _is_point(cert.point, P.dim):
        return False
    X, den = integer_point(cert.point)
    return all(beta * den >= sum(map(mul, row, X)) for row, beta in zip(P.A, P.b))


def _check_no_interior(cert: NoInteriorCertificate, P: HPolytope) -> bool:
    if not _is_multipliers(cert.y, P.n_rows):
        return False
    combo, rhs, _ = _combination(P, cert.y)
    if any(combo):
        return False
    return rhs < 0 or (rhs == 0 and any(q and any(row) for q, row in zip(cert.y, P.A)))


def _check_farkas(cert: FarkasCertificate, P: HPolytope) -> bool:
    if not _is_multipliers(cert.y, P.n_rows):
        return False
    combo, rhs, _ = _combination(P, cert.y)
    return not any(combo) and rhs < 0


def _valid_index(index: object, P: HPolytope) -> bool:
    return isinstance(index, int) and 0 <= index < P.n_rows


def _check_facet(cert: FacetCertificate, P: HPolytope) -> bool:
    i = cert.index
    if not _valid_index(i, P) or not _is_point(cert.point, P.dim) or not any(P.A[i]):
        return False
    key = (P.A[i], P.b[i])
    slacks = integer_slacks(P, cert.point)
    return slacks[i] == 0 and all(
        s > 0 or (s == 0 and not any(row)) for s, row, beta in zip(slacks, P.A, P.b) if (row, beta) != key
    )


def _check_implied(cert: ImpliedRowCertificate, P: HPolytope) -> bool:
    i = cert.index
    if not _valid_index(i, P) or not _is_multipliers(cert.y, P.n_rows):
        return False
    key = (P.A[i], P.b[i])
    if any(q for q, row, beta in zip(cert.y, P.A, P.b) if (row, beta) == key):
        return False
    combo, rhs, den = _combination(P, cert.y)
    return combo == [den * a for a in P.A[i]] and rhs <= den * P.b[i]


def _check_identical(cert: IdenticalRowCertificate, P: HPolytope) -> bool:
    i, j = cert.index, cert.same_as
    return _valid_index(i, P) and _valid_index(j, P) and j < i and P.A[i] == P.A[j] and P.b[i] == P.b[j]


def _check_facet_report(cert: FacetReport, P: HPolytope) -> bool:
    if not isinstance(cert.interior, InteriorWitness) or not _check_interior(cert.interior, P):
        return False
    if not isinstance(cert.rows, tuple) or len(cert.rows) != P.n_rows:
        return False
    first: dict[tuple, int] = {}
    for k, row_cert in enumerate(cert.rows):
        if not isinstance(row_cert, (FacetCertificate, ImpliedRowCertificate, IdenticalRowCertificate)):
            return False
        leader = first.setdefault((P.A[k], P.b[k]), k)
        if row_cert.index != k or isinstance(row_cert, IdenticalRowCertificate) != (leader != k):
            return False
        if leader != k and row_cert.same_as != leader:
            return False
        if not _CHECKERS[type(row_cert)](row_cert, P):
            return False
    return True


def _check_bounded(cert: BoundedCertificate, P: HPolytope) -> bool:
    if not isinstance(cert.y, tuple) or len(cert.y) != 2 * P.dim:
        return False
    for j, y in enumerate(cert.y):
        if not _is_multipliers(y, P.n_rows):
            return False
        combo, _, den = _combination(P, y)
        target = [0] * P.dim
        target[j // 2] = den if j % 2 == 0 else -den
        if combo != target:
            return False
    return True


def _check_unbounded(cert: UnboundedCertificate, P: HPolytope) -> bool:
    if not _check_feasible(FeasiblePoint(cert.point), P) or not _is_point(cert.direction, P.dim):
        return False
    R, _ = integer_point(cert.direction)
    return any(R) and all(sum(map(mul, row, R)) <= 0 for row in P.A)


_CHECKERS = {
    InteriorWitness: _check_interior,
    NoInteriorCertificate: _check_no_interior,
    FeasiblePoint: _check_feasible,
    FarkasCertificate: _check_farkas,
    FacetCertificate: _check_facet,
    ImpliedRowCertificate: _check_implied,
    IdenticalRowCertificate: _check_identical,
    FacetReport: _check_facet_report,
    BoundedCertificate: _check_bounded,
    UnboundedCertificate: _check_unbounded,
}
