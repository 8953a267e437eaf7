"""HPolytope: construction, exact predicates, and certified answers on hard cases.

Where a float LP gets a case wrong (or cannot tell), the test calls the bare
float LP (:func:`exactpd.hints.lp.chebyshev_float`, a fresh cvxpy problem), prints
what it said and asserts it, next to the exact answer.
"""

from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.hints import lp
from exactpd.kernel.certificate import (
    BoundedCertificate,
    FacetReport,
    FarkasCertificate,
    FeasiblePoint,
    IdenticalRowCertificate,
    ImpliedRowCertificate,
    InteriorWitness,
    NoInteriorCertificate,
    UnboundedCertificate,
    check,
)
from exactpd.errors import DimensionError, ExactpdError, InvalidDomainError, InvalidNumberError, NonFiniteError
from exactpd.kernel.polytope import (
    HPolytope,
    area,
    box,
    boundedness_certificate,
    contains,
    emptiness_certificate,
    facet_report,
    facets,
    facets_certified,
    interior_certificate,
    intersect,
    is_bounded,
    is_empty,
    is_full_dimensional,
    side,
    vertices,
    whole_space,
    witness,
    with_halfspaces,
)
from exactpd.rational import Side

F = Fraction
ENGINES = ["highs", "cvxpy", "exact"]


def float_lp_says(P: HPolytope) -> tuple[str, float | None]:
    """What the bare float Chebyshev LP reports for ``P`` (printed for the reader)."""
    A = np.array([[float(v) for v in row] for row in P.A])
    b = np.array([float(v) for v in P.b])
    status, _, radius = lp.chebyshev_float(A, b)
    print(f"float LP (fresh cvxpy problem, default settings): status={status}, radius={radius}")
    return status, radius


def indistinguishable_from_zero(status: str, radius: float | None) -> bool:
    """The float LP failed, or its radius is below the usual 1e-9 feasibility tolerance."""
    return status != "optimal" or abs(radius) < 1e-9


def all_certificates(P: HPolytope, engine: str = "highs") -> dict:
    """Every certified answer about ``P``, each checked again exactly."""
    answers = {
        "interior": interior_certificate(P, engine=engine),
        "emptiness": emptiness_certificate(P, engine=engine),
        "boundedness": boundedness_certificate(P, engine=engine),
    }
    if isinstance(answers["interior"], InteriorWitness):
        answers["facets"] = facet_report(P, engine=engine)
    for name, cert in answers.items():
        assert check(cert, P), name
    return answers


# --------------------------------------------------------------------------- construction


def test_rows_are_primitive_integers_in_order_with_duplicates():
    P = HPolytope([[F(1, 2), F(1, 4)], [2, 1], ["-3", 0], [0.5, 0.25]], ["3/4", 3, 0, 0.75])
    assert P.A == ((2, 1), (2, 1), (-1, 0), (2, 1))
    assert P.b == (3, 3, 0, 3)
    assert P.dim == 2 and P.n_rows == 4


def test_every_input_kind_gives_the_same_polytope():
    expected = HPolytope([[1, 2]], [1])
    assert HPolytope([["1/10", "2/10"]], ["1/10"]) == expected
    assert HPolytope([[0.1, 0.2]], [0.1]) == expected  # binary 0.2 is exactly twice binary 0.1
    assert HPolytope(np.array([[0.1, 0.2]]), np.array([0.1])) == expected
    assert HPolytope([[F(1, 10), F(1, 5)]], [F(1, 10)]) == expected
    assert HPolytope(np.array([[1, 2]], dtype=np.int64), [np.int32(1)]) == expected


def test_floats_enter_at_their_exact_binary_value():
    P = HPolytope([[0.1, 0.3]], [0.1])  # binary 0.3 is not three times binary 0.1
    assert P.A[0][1] != 3 * P.A[0][0]
    a, c = F(0.1), F(0.3)
    assert F(P.A[0][1], P.A[0][0]) == c / a


def test_constructors():
    assert box([0, "-1/2"], [1, "1/2"]) == HPolytope([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, "1/2", "1/2"])
    R3 = whole_space(3)
    assert R3.n_rows == 0 and R3.dim == 3
    assert HPolytope(np.zeros((0, 2)), []).dim == 2
    P, Q = box([0], [1]), HPolytope([[1]], ["1/2"])
    assert intersect(P, Q) == (P & Q) == HPolytope([[1], [-1], [1]], [1, 0, "1/2"])
    assert with_halfspaces(P, [[2]], [1]) == intersect(P, Q)
    assert HPolytope.from_primitive([(2, 4), (1, 0)], [2, 1]) == HPolytope([[1, 2], [1, 0]], [1, 1])


def test_side_and_contains_are_exact():
    P = HPolytope([[0.1, 0.2]], [0.1])  # x + 2y <= 1
    assert side(P, ["1/3", "1/3"]) is Side.BOUNDARY
    assert side(P, [F(1, 3), F(1, 3) - F(1, 2**80)]) is Side.INSIDE
    assert side(P, [F(1, 3), F(1, 3) + F(1, 2**80)]) is Side.OUTSIDE
    assert contains(P, ["1/3", "1/3"]) and not contains(P, [1, 1])
    assert P.side([0, 0]) is Side.INSIDE and P.contains([0, 0])
    assert side(whole_space(2), [5, 7]) is Side.INSIDE


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: HPolytope([[float("nan"), 0]], [1]), NonFiniteError, r"A\[0\]\[0\].*nan"),
        (lambda: HPolytope([[1, 0]], [float("inf")]), NonFiniteError, r"b\[0\].*inf"),
        (lambda: HPolytope([[1, 0], [1]], [1, 1]), DimensionError, "unequal lengths"),
        (lambda: HPolytope([[1, 0]], [1, 2]), DimensionError, "expected 1 entries"),
        (lambda: HPolytope([[1, "x"]], [1]), InvalidNumberError, r"A\[0\]\[1\].*not a number"),
        (lambda: HPolytope([[1, None]], [1]), InvalidNumberError, "expected a number"),
        (lambda: HPolytope([[True, 0]], [1]), InvalidNumberError, "boolean"),
        (lambda: HPolytope("ab", [1]), InvalidNumberError, "A.*expected a matrix"),
        (lambda: HPolytope([], []), DimensionError, "dimension is unknown"),
        (lambda: HPolytope([[1, 0]], [1], dim=3), DimensionError, "unequal lengths"),
        (lambda: HPolytope([[]], [1]), DimensionError, "at least 1"),
        (lambda: HPolytope([[1]], [1], dim=0), DimensionError, "positive integer"),
        (lambda: box([0, 1], [1, 1]), InvalidDomainError, r"lows\[1\] = 1 is not below highs\[1\] = 1"),
        (lambda: box([2], [1]), InvalidDomainError, "not below"),
        (lambda: box([], []), DimensionError, "empty"),
        (lambda: box([0], [1, 2]), DimensionError, "expected 1 entries"),
        (lambda: box([float("nan")], [1]), NonFiniteError, "nan"),
        (lambda: side(box([0], [1]), [1, 2]), DimensionError, "point.*expected 1 entries"),
        (lambda: side(box([0], [1]), [float("-inf")]), NonFiniteError, "inf"),
        (lambda: side(box([0], [1]), 3), InvalidNumberError, "point.*sequence"),
        (lambda: intersect(box([0], [1]), box([0, 0], [1, 1])), DimensionError, "dimensions 1 and 2"),
        (lambda: with_halfspaces(box([0], [1]), [[1, 1]], [0]), DimensionError, "unequal lengths"),
        (lambda: HPolytope.from_primitive([(1, 0.5)], [1]), InvalidNumberError, "not made of Python ints"),
        (lambda: HPolytope.from_primitive([(1, 0)], [1, 2]), DimensionError, "1 rows, b has 2"),
        (lambda: HPolytope.from_primitive([], []), DimensionError, "pass dim"),
        (lambda: HPolytope.from_primitive([(1, 0), (1,)], [1, 1]), DimensionError, r"A\[1\] has 1 entries"),
        (lambda: interior_certificate(box([0], [1]), hint=[1, 2]), DimensionError, "hint.*expected 1"),
        (lambda: interior_certificate(box([0], [1]), hint=[float("nan")]), NonFiniteError, "hint"),
        (lambda: interior_certificate(box([0], [1]), engine="gurobi"), ExactpdError, "unknown LP engine 'gurobi'"),
        (lambda: facets(HPolytope([[1], [-1]], [0, 0])), InvalidDomainError, "not full-dimensional"),
        (lambda: vertices(box([0] * 4, [1] * 4)), DimensionError, "dimensions 2 and 3"),
        (lambda: vertices(HPolytope([[0, 1]], [0])), InvalidDomainError, "unbounded"),
        (lambda: area(box([0] * 3, [1] * 3)), DimensionError, "only dimension 2"),
        (lambda: area(HPolytope([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 1, 0])), InvalidDomainError, "full-dim"),
    ],
)
def test_bad_input_names_its_error(make, error, message):
    with pytest.raises(error, match=message):
        make()


# --------------------------------------------------------------------------- hard cases


@pytest.mark.parametrize("engine", ENGINES)
def test_triangle_of_side_2_to_the_minus_40(engine):
    eps = F(1, 2**40)
    for corner in [(0, 0), (F(1, 3), F(2, 7))]:
        P = HPolytope([[-1, 0], [0, -1], [1, 1]], [-corner[0], -corner[1], corner[0] + corner[1] + eps])
        answers = all_certificates(P, engine)
        assert isinstance(answers["interior"], InteriorWitness)
        assert side(P, answers["interior"].point) is Side.INSIDE
        assert answers["facets"].facets == (0, 1, 2)
        assert area(P, engine) == eps * eps / 2
    status, radius = float_lp_says(P)
    assert indistinguishable_from_zero(status, radius)  # float: "no interior"; exact: interior


@pytest.mark.parametrize("engine", ENGINES)
def test_wedge_between_nearly_equal_slopes(engine):
    # x <= y <= (1 + 2^-50) x, x <= 1: a wedge of width 2^-50 at x = 1.
    P = HPolytope([[1, -1], [-(1 + F(1, 2**50)), 1], [1, 0]], [0, 0, 1])
    answers = all_certificates(P, engine)
    assert isinstance(answers["interior"], InteriorWitness)
    assert answers["facets"].facets == (0, 1, 2)
    assert vertices(P, engine) == ((1, 1 + F(1, 2**50)), (0, 0), (1, 1))
    assert area(P) == F(1, 2**51)
    status, radius = float_lp_says(P)
    assert indistinguishable_from_zero(status, radius)


@pytest.mark.parametrize("engine", ENGINES)
def test_segment_has_no_interior_but_is_not_empty(engine):
    P = HPolytope([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 0, 0])
    answers = all_certificates(P, engine)
    assert isinstance(answers["interior"], NoInteriorCertificate)
    assert isinstance(answers["emptiness"], FeasiblePoint)
    assert isinstance(answers["boundedness"], BoundedCertificate)
    assert witness(P, engine=engine) is None and not is_empty(P, engine) and not is_full_dimensional(P, engine)
    status, radius = float_lp_says(P)
    assert status == "optimal" and abs(radius) < 1e-6  # a float radius: no float threshold is safe


@pytest.mark.parametrize("engine", ENGINES)
def test_gap_of_2_to_the_minus_60_is_empty(engine):
    P = HPolytope([[1], [-1]], [0, -F(1, 2**60)])  # x <= 0 and x >= 2^-60
    answers = all_certificates(P, engine)
    assert isinstance(answers["emptiness"], FarkasCertificate)
    assert isinstance(answers["boundedness"], FarkasCertificate)  # the empty set is bounded
    assert is_empty(P, engine) and is_bounded(P, engine)
    status, radius = float_lp_says(P)
    assert indistinguishable_from_zero(status, radius)  # float cannot see the gap


@pytest.mark.parametrize("engine", ENGINES)
def test_duplicated_and_scaled_rows(engine):
    # Unit square; row 4 is row 0 scaled by 3, row 5 is row 2 again, row 6 (x + y <= 2) is redundant.
    P = HPolytope(
        [[1, 0], [-1, 0], [0, 1], [0, -1], [3, 0], [0, 1], [1, 1]],
        [1, 0, 1, 0, 3, 1, 2],
    )
    report = facet_report(P, engine=engine)
    assert check(report, P)
    assert report.facets == (0, 1, 2, 3) == P.facets(engine=engine)
    assert report.rows[4] == IdenticalRowCertificate(4, 0)
    assert report.rows[5] == IdenticalRowCertificate(5, 2)
    assert isinstance(report.rows[6], ImpliedRowCertificate)
    assert [c.index for c in facets_certified(P, engine=engine)] == [0, 1, 2, 3]
    assert vertices(P) == ((1, 1), (0, 1), (0, 0), (1, 0))


@pytest.mark.parametrize("engine", ENGINES)
def test_half_plane_is_unbounded(engine):
    P = HPolytope([[1, 1]], [0])
    answers = all_certificates(P, engine)
    assert isinstance(answers["boundedness"], UnboundedCertificate)
    assert answers["facets"].facets == (0,)
    assert not is_bounded(P, engine) and is_bounded(box([0, 0], [1, 1]), engine)
    assert isinstance(interior_certificate(whole_space(2), engine=engine), InteriorWitness)
    assert not is_bounded(whole_space(2), engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_ten_dimensional_simplex_of_size_2_to_the_minus_45(engine):
    d, size = 10, F(1, 2**45)
    P = HPolytope([[-1 if j == i else 0 for j in range(d)] for i in range(d)] + [[1] * d], [0] * d + [size])
    answers = all_certificates(P, engine)
    assert isinstance(answers["interior"], InteriorWitness)
    assert answers["facets"].facets == tuple(range(d + 1))
    assert isinstance(answers["boundedness"], BoundedCertificate)
    status, radius = float_lp_says(P)
    assert indistinguishable_from_zero(status, radius)


@pytest.mark.parametrize("engine", ENGINES)
def test_float_rows(engine):
    P = HPolytope([[0.1, 0.2], [-1, 0], [0, -1]], [0.1, 0, 0])  # x + 2y <= 1, x, y >= 0 (exactly)
    all_certificates(P, engine)
    assert vertices(P, engine) == ((0, F(1, 2)), (0, 0), (1, 0))
    assert area(P, engine) == F(1, 4)


def test_hint_is_used_when_strictly_inside():
    P = box([0, 0], [1, 1])
    hint = (F(1, 3), F(1, 7))
    assert interior_certificate(P, hint=hint) == InteriorWitness(hint)
    assert P.witness(hint=["1/3", "1/7"]) == hint
    boundary = interior_certificate(P, hint=(F(1), F(1, 2)))  # on a facet: an LP decides
    assert check(boundary, P) and boundary.point != (1, F(1, 2))


def test_vertices_in_three_dimensions():
    cube = box([0, 0, 0], [1, 1, 1])
    assert vertices(cube) == tuple((x, y, z) for x in (0, 1) for y in (0, 1) for z in (0, 1))
    pyramid = HPolytope([[0, 0, -1], [1, 0, 1], [-1, 0, 1], [0, 1, 1], [0, -1, 1]], [0, 1, 1, 1, 1])
    assert vertices(pyramid) == ((-1, -1, 0), (-1, 1, 0), (0, 0, 1), (1, -1, 0), (1, 1, 0))


def test_methods_are_the_functions():
    P = HPolytope([[1, 0], [0, 1], [-1, -1], [1, 1]], [1, 1, 0, 5])
    assert P.facets() == facets(P) == (0, 1, 2)
    assert P.is_bounded() and not P.is_empty() and P.is_full_dimensional()
    assert P.vertices() == vertices(P) and P.area() == area(P) == 2


# --------------------------------------------------------------------------- properties


@st.composite
def polytopes(draw, dims=(1, 2, 3, 4), boxed=False, max_rows=7):
    """Random polytopes with small integer rows, scaled by random rationals (so rows are not primitive)."""
    d = draw(st.sampled_from(dims))
    n = draw(st.integers(0 if not boxed else 1, max_rows))
    rows, rhs = [], []
    for _ in range(n):
        scale = F(draw(st.integers(1, 5)), draw(st.integers(1, 5)))
        rows.append([scale * draw(st.integers(-3, 3)) for _ in range(d)])
        rhs.append(scale * draw(st.integers(-2, 4)))
    if boxed:  # |x_k| <= 5 keeps P bounded, so its facets show in its vertices
        for k in range(d):
            for s in (1, -1):
                rows.append([s if j == k else 0 for j in range(d)])
                rhs.append(5)
    order = draw(st.permutations(range(len(rows))))
    if not rows:
        return HPolytope([], [], dim=d)
    return HPolytope([rows[i] for i in order], [rhs[i] for i in order])


def det(M):
    if len(M) == 1:
        return M[0][0]
    return sum((-1) ** j * M[0][j] * det([row[:j] + row[j + 1 :] for row in M[1:]]) for j in range(len(M)) if M[0][j])


def brute_force_vertices(P: HPolytope) -> set:
    """All vertices, from every d-subset of rows by Cramer's rule (independent of the code under test)."""
    found = set()
    for rows in combinations(range(P.n_rows), P.dim):
        M = [list(P.A[i]) for i in rows]
        D = det(M)
        if D:
            x = tuple(F(det([r[:k] + [P.b[i]] + r[k + 1 :] for r, i in zip(M, rows)]), D) for k in range(P.dim))
            if all(sum(a * v for a, v in zip(row, x)) <= beta for row, beta in zip(P.A, P.b)):
                found.add(x)
    return found


def affine_rank(points) -> int:
    points = list(points)
    if not points:
        return -1
    base = points[0]
    diffs = [[p - q for p, q in zip(point, base)] for point in points[1:]]
    rank = 0
    for col in range(len(base)):
        pivot = next((r for r in diffs[rank:] if r[col] != 0), None)
        if pivot is None:
            continue
        diffs.remove(pivot)
        diffs = [[x - y * r[col] / pivot[col] for x, y in zip(r, pivot)] for r in diffs]
        diffs.insert(rank, pivot)
        rank += 1
    return rank


@settings(max_examples=120, deadline=None)
@given(polytopes())
def test_every_certificate_checks(P):
    answers = all_certificates(P)
    interior, emptiness = answers["interior"], answers["emptiness"]
    if isinstance(interior, InteriorWitness):
        assert side(P, interior.point) is Side.INSIDE
        assert isinstance(emptiness, FeasiblePoint)
    if isinstance(emptiness, FarkasCertificate):
        assert isinstance(interior, NoInteriorCertificate)


@settings(max_examples=60, deadline=None)
@given(polytopes(dims=(2, 3), boxed=True))
def test_facets_and_vertices_agree_with_brute_force(P):
    corners = brute_force_vertices(P)
    full = affine_rank(corners) == P.dim
    assert is_full_dimensional(P) == full
    assert is_empty(P) == (not corners)
    if not full:
        return
    first = {}
    for i, key in enumerate(zip(P.A, P.b)):
        first.setdefault(key, i)
    expected = tuple(
        sorted(
            i
            for i in set(first.values())
            if affine_rank([v for v in corners if sum(a * x for a, x in zip(P.A[i], v)) == P.b[i]]) == P.dim - 1
        )
    )
    assert facets(P) == expected
    assert set(vertices(P)) == corners
    if P.dim == 2:
        ring = vertices(P)
        assert area(P) > 0  # counter-clockwise order
        assert all(  # consecutive vertices share a facet line
            any(
                sum(a * x for a, x in zip(P.A[i], p)) == P.b[i] == sum(a * x for a, x in zip(P.A[i], q))
                for i in expected
            )
            for p, q in zip(ring, ring[1:] + ring[:1])
        )


@settings(max_examples=40, deadline=None)
@given(polytopes(dims=(1, 2, 3, 4)), st.sampled_from(["cvxpy", "exact"]))
def test_engines_agree(P, engine):
    reference = all_certificates(P, "highs")
    other = all_certificates(P, engine)
    for name in ("interior", "emptiness", "boundedness"):
        assert type(reference[name]) is type(other[name]), name
    if "facets" in reference:
        assert isinstance(other["facets"], FacetReport)
        assert reference["facets"].facets == other["facets"].facets


def test_vacuous_zero_rows_do_not_make_a_polytope_thin():
    P = HPolytope([[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]], [0, 1, 1, 1, 1])  # 0 <= 0 and a square
    assert is_full_dimensional(P) and side(P, [0, 0]) is Side.INSIDE
    assert facets(P) == (1, 2, 3, 4)
    assert check(NoInteriorCertificate((F(1), F(0), F(0), F(0), F(0))), P) is False  # y on 0 <= 0 only
    emptied = HPolytope([[0, 0], [1, 0]], [-1, 1])  # 0 <= -1
    assert is_empty(emptied) and side(emptied, [0, 0]) is Side.OUTSIDE


def test_tiny_regions_are_decided_from_zoomed_hints(monkeypatch):
    """A 10-D region of width ~2^-40, away from the origin: hints suffice, the exact simplex is not needed."""
    import exactpd.kernel.polytope as polytope_module

    rng = np.random.default_rng(7)
    d, n = 10, 40
    directions = rng.normal(size=(n, d))
    offset = [F(1, 3)] * d
    rhs = [F(1 + abs(float(g))) / 2**40 + sum(F(float(a)) * o for a, o in zip(row, offset)) for row, g in zip(directions, rng.normal(size=n))]
    P = HPolytope(directions, rhs)
    calls = []
    monkeypatch.setattr(polytope_module, "maximize", lambda *args: calls.append(args) or pytest.fail("exact simplex used"))
    report = facet_report(P)
    assert check(report, P) and not calls
    child = with_halfspaces(P, [directions[0] - directions[1]], [sum(F(float(a)) * o for a, o in zip(directions[0] - directions[1], offset))])
    cert = interior_certificate(child, hint=report.interior.point)
    assert check(cert, child) and not calls
