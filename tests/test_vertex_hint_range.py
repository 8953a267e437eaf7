"""Float guides given numbers beyond the float range propose nothing (the exact paths decide) instead of overflowing."""

from fractions import Fraction

from exactpd.kernel.vertex_hint import (
    bound_or_beyond_hint,
    box_multipliers_hint,
    split_vertex_hint,
    strictly_inside_filtered,
    vertex_hint,
)

BIG = 2**1100  # float(BIG) overflows

TRIANGLE_A, TRIANGLE_b = [[-1, 0], [0, -1], [1, 1]], [0, 0, 2]  # x >= 0, y >= 0, x + y <= 2


def _hint():
    return vertex_hint(TRIANGLE_A, TRIANGLE_b, [Fraction(1, 2), Fraction(1, 2)])


def test_multipliers_of_huge_objectives_are_not_proposed():
    assert box_multipliers_hint(_hint(), TRIANGLE_A, [(BIG, 1)]) == [None]
    assert bound_or_beyond_hint(_hint(), TRIANGLE_A, [(BIG, 1), (1, 0)], [BIG, 5]) == [None, None]


def test_huge_rows_give_no_multipliers_while_float_rows_do():
    A = [[-BIG, 0], [0, -1], [1, 1]]  # the same triangle, its first row scaled by 2**1100
    hint = vertex_hint(A, TRIANGLE_b, [Fraction(1, 2), Fraction(1, 2)])
    assert hint is not None
    assert box_multipliers_hint(hint, A, [(1, 0)]) == [None]
    weights, scale = box_multipliers_hint(_hint(), TRIANGLE_A, [(1, 0)])[0]  # the float rows: x <= 2 from rows 1 and 2
    assert sorted((i, Fraction(w, scale)) for i, w in weights) == [(1, 1), (2, 1)]


def test_split_by_a_huge_hyperplane_is_the_split_by_its_scaled_copy():
    left_big, right_big = split_vertex_hint(_hint(), (BIG, 0), BIG)  # x = 1, written with huge integers
    left, right = split_vertex_hint(_hint(), (1, 0), 1)
    assert sorted(left_big.vertices.round(9).tolist()) == sorted(left.vertices.round(9).tolist())
    assert sorted(right_big.vertices.round(9).tolist()) == sorted(right.vertices.round(9).tolist())


def test_strict_inside_test_with_huge_rows_is_decided_in_integers():
    A, b = [[-BIG, 0], [0, -1], [1, 1]], [0, 0, 2]
    hint = _hint()
    assert strictly_inside_filtered(hint, A, b, ([1, 1], 2)) is True  # (1/2, 1/2)
    assert strictly_inside_filtered(hint, A, b, ([0, 1], 2)) is False  # (0, 1/2) lies on -BIG x <= 0
    assert strictly_inside_filtered(hint, A, b, ([1, 1], 2**1100)) is True  # a point of huge denominator


def test_a_float_guide_beyond_the_range_proposes_no_dyadic_point():
    from exactpd.enumeration.lp_engine import _dyadic_inside

    A, b = [[1, 0], [0, 1], [-1, -1]], [1, 1, 1]
    assert _dyadic_inside(A, b, [float("inf"), 0.0]) is None  # was: OverflowError from round(inf)
    assert _dyadic_inside(A, b, [1e300, 0.0]) is None  # finite, but beyond the range once scaled to the grid
    point, (X, den) = _dyadic_inside(A, b, [0.25, -0.5])
    assert point == (Fraction(1, 4), Fraction(-1, 2)) and all(Fraction(x, den) == p for x, p in zip(X, point))
