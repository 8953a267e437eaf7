"""Exact volumes (kernel.measure.volume) against independent references: shoelace areas, |det| / d! for simplices, tilings."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.enumeration import enumerate_regions
from exactpd.errors import DimensionError, InvalidDomainError
from exactpd.kernel.measure import volume
from exactpd.kernel.polytope import HPolytope, area, box, whole_space
from exactpd.network.layers import Dense, Network

small = st.integers(-4, 4)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(small, small, st.integers(-3, 6)), min_size=1, max_size=4))
def test_area_is_the_shoelace_area_of_a_square_cut_by_lines(cuts):
    rows = [((1, 0), 2), ((-1, 0), 2), ((0, 1), 2), ((0, -1), 2)] + [((a, c), b) for a, c, b in cuts if (a, c) != (0, 0)]
    P = HPolytope([r for r, _ in rows], [b for _, b in rows])
    if not P.is_full_dimensional():
        assert volume(P) == 0
    else:
        assert volume(P) == area(P)


def _inverse(matrix):
    """The exact inverse of a square integer matrix (Gauss-Jordan over Fractions), or None when singular."""
    n = len(matrix)
    rows = [[Fraction(v) for v in row] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        rows[col] = [v / rows[col][col] for v in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                rows[r] = [a - rows[r][col] * b for a, b in zip(rows[r], rows[col])]
    return [row[n:] for row in rows]


def _det(matrix):
    if len(matrix) == 1:
        return matrix[0][0]
    return sum((-1) ** j * matrix[0][j] * _det([row[:j] + row[j + 1 :] for row in matrix[1:]]) for j in range(len(matrix)))


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.lists(st.lists(small, min_size=d, max_size=d), min_size=d, max_size=d)),
       st.lists(st.integers(-3, 3), min_size=4, max_size=4))
def test_simplex_volume_is_det_over_d_factorial(matrix, shift):
    # the simplex t + M {y >= 0, sum y <= 1}: rows -M^-1 x <= -M^-1 t and 1^T M^-1 x <= 1 + 1^T M^-1 t
    inverse = _inverse(matrix)
    if inverse is None:
        return
    d = len(matrix)
    t = shift[:d]
    image_t = [sum(a * b for a, b in zip(row, t)) for row in inverse]
    A = [[-v for v in row] for row in inverse] + [[sum(col) for col in zip(*inverse)]]
    b = [-v for v in image_t] + [1 + sum(image_t)]
    assert volume(HPolytope(A, b)) == Fraction(abs(_det(matrix)), math.factorial(d))


def test_regions_of_a_3d_partition_tile_the_box():
    net = Network(3, [Dense([[1, -1, 0], [0, 1, 1], [1, 1, -2]], [0, "1/3", "-1/2"], "relu"), Dense([[1, -1, 1]], [0], "relu")])
    part = enumerate_regions(net, box([-1, -1, -1], [1, 2, "3/2"]))
    assert len(part) > 4
    assert sum(region.volume() for region in part) == 2 * 3 * Fraction(5, 2)
    with pytest.raises(DimensionError, match="volume"):
        part[0].area()


def test_unbounded_flat_and_empty_polytopes():
    with pytest.raises(InvalidDomainError, match="unbounded"):
        volume(whole_space(2))
    assert volume(HPolytope([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, -1, 1, 1])) == 0  # the segment x = 1
    assert volume(HPolytope([[1], [-1]], [0, -1])) == 0  # empty
    assert volume(HPolytope([[1, 0], [1, 0], [2, 0], [-1, 0], [0, 1], [0, -1]], [1, 1, 2, 0, 1, 0])) == 1  # duplicate rows
