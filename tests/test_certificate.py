"""check(): every certificate accepted when right, rejected when tampered with."""

from fractions import Fraction

import pytest

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
from exactpd.errors import ExactpdError
from exactpd.kernel.polytope import HPolytope, box

F = Fraction
half = F(1, 2)


def q(*values):
    return tuple(F(v) for v in values)


# The unit square with a duplicate of row 0, and a redundant row x + y <= 3.
SQUARE = HPolytope([[1, 0], [-1, 0], [0, 1], [0, -1], [1, 0], [1, 1]], [1, 0, 1, 0, 1, 3])


def test_interior_and_feasible_points():
    assert check(InteriorWitness(q(half, half)), SQUARE)
    assert not check(InteriorWitness(q(1, half)), SQUARE)  # on the boundary
    assert check(FeasiblePoint(q(1, half)), SQUARE)
    assert not check(FeasiblePoint(q(2, half)), SQUARE)
    assert not check(InteriorWitness(q(half)), SQUARE)  # wrong length
    assert not check(InteriorWitness((0.5, 0.5)), SQUARE)  # floats are not certificates


def test_no_interior_and_farkas():
    segment = HPolytope([[0, 1], [0, -1], [1, 0], [-1, 0]], [0, 0, 1, 0])
    assert check(NoInteriorCertificate(q(1, 1, 0, 0)), segment)
    assert not check(FarkasCertificate(q(1, 1, 0, 0)), segment)  # y.b = 0: not empty
    assert not check(NoInteriorCertificate(q(0, 0, 0, 0)), segment)  # y = 0 proves nothing
    assert not check(NoInteriorCertificate(q(1, 2, 0, 0)), segment)  # y^T A != 0
    assert not check(NoInteriorCertificate(q(-1, -1, 0, 0)), segment)  # negative
    gap = HPolytope([[1], [-1]], [0, -F(1, 2**60)])
    assert gap.A == ((1,), (-(2**60),)) and gap.b == (0, -1)  # primitive rows
    assert check(FarkasCertificate(q(2**60, 1)), gap)
    assert check(NoInteriorCertificate(q(2**60, 1)), gap)
    assert not check(FarkasCertificate(q(1, 1)), gap)
    assert not check(FarkasCertificate(q(2**60, 1, 0)), gap)  # wrong length


def test_facet_rows():
    assert check(FacetCertificate(0, q(1, half)), SQUARE)
    assert check(FacetCertificate(4, q(1, half)), SQUARE)  # the duplicate's own point: fine
    assert not check(FacetCertificate(0, q(1, 1)), SQUARE)  # a vertex: row 2 is tight too
    assert not check(FacetCertificate(0, q(half, half)), SQUARE)  # not on the hyperplane
    assert not check(FacetCertificate(6, q(1, half)), SQUARE)  # no such row
    zero_row = HPolytope([[0, 0], [1, 0]], [0, 1])
    assert not check(FacetCertificate(0, q(0, 0)), zero_row)  # 0 <= 0 defines no facet


def test_implied_rows():
    y = q(1, 0, 1, 0, 0, 0)  # (x <= 1) + (y <= 1) gives x + y <= 2 <= 3
    assert check(ImpliedRowCertificate(5, y), SQUARE)
    assert not check(ImpliedRowCertificate(5, q(1, 0, 0, 0, 0, 0)), SQUARE)  # wrong combination
    # Row 0 "implied" by its own duplicate is not allowed (identical rows are excluded from y).
    assert not check(ImpliedRowCertificate(0, q(0, 0, 0, 0, 1, 0)), SQUARE)
    assert check(IdenticalRowCertificate(4, 0), SQUARE)
    assert not check(IdenticalRowCertificate(0, 4), SQUARE)  # must point to an earlier row
    assert not check(IdenticalRowCertificate(5, 0), SQUARE)


def test_facet_report_checks_the_grouping():
    rows = (
        FacetCertificate(0, q(1, half)),
        FacetCertificate(1, q(0, half)),
        FacetCertificate(2, q(half, 1)),
        FacetCertificate(3, q(half, 0)),
        IdenticalRowCertificate(4, 0),
        ImpliedRowCertificate(5, q(1, 0, 1, 0, 0, 0)),
    )
    report = FacetReport(InteriorWitness(q(half, half)), rows)
    assert check(report, SQUARE) and report.facets == (0, 1, 2, 3)
    assert not check(FacetReport(InteriorWitness(q(half, half)), rows[:5]), SQUARE)
    assert not check(FacetReport(InteriorWitness(q(half, half)), rows[1:2] + rows[:1] + rows[2:]), SQUARE)
    assert not check(FacetReport(InteriorWitness(q(1, 1)), rows), SQUARE)
    twice = rows[:4] + (FacetCertificate(4, q(1, half)),) + rows[5:]
    assert not check(FacetReport(InteriorWitness(q(half, half)), twice), SQUARE)  # duplicate kept twice


def test_bounded_and_unbounded():
    square = box([0, 0], [1, 1])  # rows x <= 1, -x <= 0, y <= 1, -y <= 0
    y = (q(1, 0, 0, 0), q(0, 1, 0, 0), q(0, 0, 1, 0), q(0, 0, 0, 1))
    assert check(BoundedCertificate(y), square)
    assert not check(BoundedCertificate(y[:3]), square)
    assert not check(BoundedCertificate((y[1], y[0], y[2], y[3])), square)
    half_plane = HPolytope([[0, 1]], [0])
    assert check(UnboundedCertificate(q(5, -1), q(1, 0)), half_plane)
    assert check(UnboundedCertificate(q(5, -1), q(0, -1)), half_plane)
    assert not check(UnboundedCertificate(q(5, -1), q(0, 1)), half_plane)
    assert not check(UnboundedCertificate(q(5, -1), q(0, 0)), half_plane)
    assert not check(UnboundedCertificate(q(5, 1), q(1, 0)), half_plane)  # the point is outside


def test_unknown_certificate_type():
    with pytest.raises(ExactpdError, match="not a certificate"):
        check((F(1), F(2)), SQUARE)


def test_integer_slacks_are_exact_signs():
    P = HPolytope([[F(1, 10), F(2, 10)]], [F(1, 10)])  # x + 2y <= 1
    assert integer_slacks(P, q(F(1, 3), F(1, 3))) == [0]
    assert integer_slacks(P, q(0, 0))[0] > 0
    assert integer_slacks(P, q(1, F(1, 2**70)))[0] < 0
