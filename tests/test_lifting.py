"""Tests of exactpd.geometry.lifting: the paraboloid identities of App. A.1 (eqs. 27-28, Prop. 4), exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.errors import DimensionError
from exactpd.geometry.lifting import (
    hyperplane_to_sphere,
    lifting_identity,
    max_affine,
    paraboloid,
    piece_value,
    sphere_to_hyperplane,
    tangent_offset,
)
from exactpd.geometry.powerdiagram import PowerDiagram, PowerSite, power_distance

F = Fraction
SETTINGS = settings(max_examples=50, deadline=None)

numbers = st.one_of(
    st.integers(-3, 3).map(F),
    st.fractions(min_value=-4, max_value=4, max_denominator=9),
    st.floats(-4, 4, allow_nan=False, allow_infinity=False).map(F),
)


def vectors(dim):
    return st.tuples(*[numbers] * dim)


dims = st.integers(1, 4)


def sq(v):
    return sum((a * a for a in v), F(0))


@given(dims.flatmap(lambda d: st.tuples(vectors(d), numbers, vectors(d))))
@SETTINGS
def test_lifting_identity_holds_exactly(case):
    slope, offset, x = case
    gap, half_distance = lifting_identity(slope, offset, x)
    assert gap == half_distance
    # both sides against the definitions, written out here
    assert gap == sq(x) / 2 - (sum(a * b for a, b in zip(slope, x)) + offset)
    assert half_distance == (sq([a - b for a, b in zip(x, slope)]) - (sq(slope) + 2 * offset)) / 2


def test_paraboloid_and_piece_value():
    assert paraboloid([3, 4]) == F(25, 2)
    assert piece_value([1, "1/2"], -1, [2, 2]) == 2
    assert paraboloid(["1/3"]) == F(1, 18)
    with pytest.raises(DimensionError):
        piece_value([1, 2], 0, [1])


@given(dims.flatmap(lambda d: st.tuples(vectors(d), vectors(d))))
@SETTINGS
def test_tangent_piece_touches_the_paraboloid_only_at_its_slope(case):
    """Eq. (27): with B = -||A||^2 / 2 (power weight 0), U = E exactly at x = A and U > E elsewhere."""
    a, x = case
    offset = tangent_offset(a)
    assert offset == -sq(a) / 2
    assert hyperplane_to_sphere(a, offset)[1] == 0
    assert paraboloid(a) == piece_value(a, offset, a)
    gap = paraboloid(x) - piece_value(a, offset, x)
    assert gap == sq([p - q for p, q in zip(x, a)]) / 2
    assert (gap == 0) == (tuple(x) == tuple(a))


@given(dims.flatmap(lambda d: st.tuples(st.lists(vectors(d), min_size=1, max_size=5, unique=True), vectors(d))))
@SETTINGS
def test_tangent_unit_lies_below_the_paraboloid(case):
    """Eq. (28): all pieces tangent, U >= P_k, with equality exactly at the points A_{k,r}."""
    points, y = case
    offsets = [tangent_offset(a) for a in points]
    for a in points:
        assert paraboloid(a) == max_affine(points, offsets, a)
    gap = paraboloid(y) - max_affine(points, offsets, y)
    # U - P_k = min_r lambda_r / 2 = half the squared distance to the nearest point (a Voronoi diagram)
    assert gap == min(sq([p - q for p, q in zip(y, a)]) for a in points) / 2
    assert gap >= 0 and (gap == 0) == (tuple(y) in {tuple(a) for a in points})


@given(dims.flatmap(lambda d: st.tuples(vectors(d), numbers)))
@SETTINGS
def test_sphere_hyperplane_bijection(case):
    """Prop. 4: hyperplane -> sphere -> hyperplane and sphere -> hyperplane -> sphere are identities."""
    v, c = case
    assert sphere_to_hyperplane(*hyperplane_to_sphere(v, c)) == (tuple(v), c)
    assert hyperplane_to_sphere(*sphere_to_hyperplane(v, c)) == (tuple(v), c)


@given(dims.flatmap(lambda d: st.tuples(vectors(d), vectors(d), vectors(d))))
@SETTINGS
def test_hyperplane_meets_paraboloid_above_its_sphere(case):
    """The sphere through a chosen point: U = E on it, U < E inside, U > E outside."""
    centre, on, other = case
    power_weight = sq([p - q for p, q in zip(on, centre)])
    slope, offset = sphere_to_hyperplane(centre, power_weight)
    assert paraboloid(on) == piece_value(slope, offset, on)
    inside = sq([p - q for p, q in zip(other, centre)]) - power_weight
    gap = paraboloid(other) - piece_value(slope, offset, other)
    assert (gap > 0) - (gap < 0) == (inside > 0) - (inside < 0)


def test_negative_power_weight_is_a_plane_below_the_paraboloid():
    """rho < 0 has no real sphere: the plane never meets U, and every power distance is positive."""
    centre, offset = hyperplane_to_sphere([1, 1], -2)
    assert offset == -2
    for x in ([0, 0], [1, 1], ["1/2", 3]):
        assert paraboloid(x) > piece_value([1, 1], -2, x)
        assert power_distance(x, PowerSite(centre, offset)) > 0


def test_unit_power_diagram_is_the_projection_of_the_upper_envelope():
    """The piece of P_k that is highest above x owns the power cell of x (Lemma 1 via the lifting)."""
    slopes, offsets = [[1, 0], [0, 2], [-1, -1]], [0, "-1/2", 1]
    diagram = PowerDiagram([[PowerSite(*hyperplane_to_sphere(a, c), (r,)) for r, (a, c) in enumerate(zip(slopes, offsets))]])
    for x in ([0, 0], [3, 1], [-2, 5], ["1/2", "1/4"]):
        values = [piece_value(a, c, x) for a, c in zip(slopes, offsets)]
        assert diagram.locate(x).code == (values.index(max(values)),)
        assert paraboloid(x) - max_affine(slopes, offsets, x) == power_distance(x, diagram.locate(x)) / 2


def test_max_affine_needs_matching_pieces():
    with pytest.raises(DimensionError):
        max_affine([[1]], [0, 1], [0])
    with pytest.raises(DimensionError):
        max_affine([], [], [0])
