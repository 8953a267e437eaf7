"""The LP engine's fast exact paths (issue 12, point 2) against independent references.

The paths: bounds proved by float multipliers in the domain's box
(certificate.box_bound_holds), float vertex hints carried from a cell to its
children (vertex_hint.split_vertex_hint, drop_rows_hint), facet points and
implied rows settled from those hints, and cut points found in floats and
checked in integers.  Each is checked against something that does not use it:
the exact simplex method, qhull on the cut polytope, the exact forward pass at
random points (tests/reference.py), and the complex engine.
"""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.enumeration.driver import enumerate_regions
from exactpd.enumeration.lp_engine import root_cell, subdivide
from exactpd.kernel.certificate import box_bound_holds
from exactpd.kernel.polytope import box
from exactpd.kernel.simplex import LPStatus, maximize
from exactpd.kernel.vertex_hint import drop_rows_hint, split_vertex_hint, strictly_inside_filtered, vertex_hint
from exactpd.network.layers import Dense, Network
from exactpd.rational import dot, primitive_row

from reference import exact_code

BOX = 3  # the test polytopes lie in [-2, 2]^D, strictly inside |x_k| < 3


def random_polytope(rng: random.Random, dim: int, n_rows: int, size: int = 9):
    """A polytope in [-2, 2]^D containing the origin: the box rows and random rows ``a x <= beta``, ``beta > 0``."""
    A = [tuple(int(i == k) for i in range(dim)) for k in range(dim)] + [tuple(-int(i == k) for i in range(dim)) for k in range(dim)]
    b = [2] * (2 * dim)
    for _ in range(n_rows):
        row = tuple(rng.randint(-size, size) for _ in range(dim))
        if any(row):
            A.append(row)
            b.append(rng.randint(1, 4 * size))
    return A, b


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 4), st.integers(0, 6))
def test_a_box_bound_that_holds_is_a_true_bound(seed, dim, n_rows):
    rng = random.Random(seed)
    A, b = random_polytope(rng, dim, n_rows)
    c = tuple(rng.randint(-5, 5) for _ in range(dim))
    weights = [(i, rng.randint(0, 7)) for i in rng.sample(range(len(A)), min(len(A), dim + 1))]
    scale = rng.randint(1, 9)
    bound = rng.randint(-20, 20)
    top = maximize(c, A, b)
    assert top.status is LPStatus.OPTIMAL
    if box_bound_holds(A, b, weights, scale, c, bound, [BOX] * dim):
        assert top.value <= bound


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 4), st.integers(0, 6))
def test_exact_dual_multipliers_prove_the_exact_maximum(seed, dim, n_rows):
    rng = random.Random(seed)
    A, b = random_polytope(rng, dim, n_rows)
    c = tuple(rng.randint(-5, 5) for _ in range(dim))
    top = maximize(c, A, b)
    scale = 1
    for y in top.y:
        scale = scale * y.denominator // np.gcd(scale, y.denominator)
    weights = [(i, int(y * scale)) for i, y in enumerate(top.y)]
    value = top.value
    assert box_bound_holds(A, b, weights, scale, c, -((-value.numerator) // value.denominator), [BOX] * dim)
    if value.denominator == 1:
        assert not box_bound_holds(A, b, weights, scale, c, value.numerator - 1, [BOX] * dim)


def sorted_vertices(hint):
    return sorted(tuple(round(v, 7) + 0.0 for v in vertex) for vertex in hint.vertices.tolist())


@pytest.mark.parametrize("n_rows", [5, 60])  # 60 rows: more than 63 columns with the artificial box
@pytest.mark.parametrize("dim", [3, 4])
@pytest.mark.parametrize("seed", range(6))
def test_split_vertex_hints_are_the_vertices_of_both_sides(dim, seed, n_rows):
    rng = random.Random(seed)
    A, b = random_polytope(rng, dim, n_rows, size=999)  # generic rows: simple vertices
    hint = vertex_hint(A, b, (Fraction(0),) * dim)
    row, rhs = primitive_row([Fraction(rng.randint(-999, 999)) for _ in range(dim)], Fraction(rng.randint(-99, 99), 97))
    below, above = split_vertex_hint(hint, row, rhs)
    assert below is not None and above is not None
    for side, (extra, level) in ((below, (row, rhs)), (above, (tuple(-a for a in row), -rhs))):
        fresh_rows, fresh_b = A + [extra], b + [level]
        points = [np.array(v) for v in side.vertices.tolist()]
        assert all(np.all(np.array(fresh_rows, dtype=float) @ p <= np.array(fresh_b, dtype=float) + 1e-9) for p in points)
        centre = [Fraction(v).limit_denominator(1000) for v in np.mean(side.vertices, axis=0)]
        fresh = vertex_hint(fresh_rows, fresh_b, centre)
        assert sorted_vertices(side) == sorted_vertices(fresh)
        assert all(len(active) == dim for active in side.active)
        assert {tuple(sorted(a)) for a in side.active} == {tuple(sorted(a)) for a in fresh.active}


def test_dropping_a_row_active_at_a_vertex_gives_no_hint():
    A, b = [[-1, 0, 0], [0, -1, 0], [0, 0, -1], [1, 1, 1], [1, 0, 0]], [0, 0, 0, 3, 9]
    hint = vertex_hint(A, b, (Fraction(1, 2),) * 3)
    assert drop_rows_hint(hint, [0, 1, 2, 3]).n_rows == 4
    assert drop_rows_hint(hint, [0, 1, 2, 4]) is None


def mlp(widths, seed, scale=500):
    rng = random.Random(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        W = [[Fraction(rng.randint(-999, 999), scale) for _ in range(a)] for _ in range(b)]
        B = [Fraction(rng.randint(-999, 999), 1000) for _ in range(b)]
        layers.append(Dense(W, B, "relu" if i < len(widths) - 2 else None))
    return Network(widths[0], layers)


EPS = Fraction(2) ** -40
NETS = {
    "3-5-4-1": (mlp([3, 5, 4, 1], 3), 1),
    "4-5-4-1": (mlp([4, 5, 4, 1], 4), 1),
    "5-4-4-1": (mlp([5, 4, 4, 1], 5), 1),
    "concurrent 3-D": (Network(3, [Dense([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [1, -1, 0]], [0] * 5, "relu"), Dense([[1, 2, 3, 4, 5]], [0])]), 1),
    "duplicated 3-D": (Network(3, [Dense([[1, 2, 0], [2, 4, 0], [0, 1, 1], [0, 0, 0]], [1, 2, 0, 1], "relu"), Dense([[1, 1, 1, 1]], [0])]), 2),
    "sliver 3-D": (Network(3, [Dense([[1, 0, 0], [1, 0, 0], [0, 1, 1], [1, 1, 1]], [0, -EPS, 0, "1/3"], "relu"), Dense([[1, 1, 1, 1]], [0])]), 1),
    "two layers through one point": (
        Network(3, [Dense([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0], "relu"), Dense([[1, -1, 0], [0, 1, -1], [1, 1, 1]], [0, 0, 0], "relu"), Dense([[1, 1, 1]], [0])]),
        1,
    ),
}


def facts(part):
    return [(r.code, r.polytope.A, r.polytope.b, r.labels, r.bounded) for r in part]


@pytest.mark.parametrize("name", sorted(NETS))
def test_lp_engine_regions_match_the_complex_engine_and_the_forward_pass(name):
    net, half = NETS[name]
    domain = box([-half] * net.input_dim, [half] * net.input_dim)
    part = enumerate_regions(net, domain, engine="lp")
    assert facts(part) == facts(enumerate_regions(net, domain, engine="complex"))
    rng = random.Random(0)
    for region in part:
        assert exact_code(net, region.witness) == region.code
        rows = list(zip(region.polytope.A, region.polytope.b))
        for i, point in enumerate(region.facet_points):
            a, beta = rows[i]
            assert dot(a, point) == beta and all(dot(a2, point) < b2 for j, (a2, b2) in enumerate(rows) if j != i)
    for _ in range(200):  # every random point lies strictly inside exactly one region, the one of its code
        x = tuple(Fraction(rng.randint(-10**6, 10**6), 10**6) * half for _ in range(net.input_dim))
        inside = [r for r in part if all(dot(a, x) < beta for a, beta in zip(r.polytope.A, r.polytope.b))]
        if len(inside) == 1:
            assert inside[0].code == exact_code(net, x)
        else:
            assert not inside and any(
                any(dot(a, x) == beta for a, beta in zip(r.polytope.A, r.polytope.b)) for r in part
            )


@pytest.mark.parametrize("lp", ["highs", "exact"])
def test_carried_hints_change_nothing(lp):
    """Cells cut with the vertex hints carried from their parents, and with fresh ones, have the same rows and labels."""
    net = mlp([4, 5, 5, 1], 7)
    layers = net.maso.integer_layers
    cells = [root_cell(box([-1] * 4, [1] * 4), lp)]
    for _ in layers:
        carried = [child for cell in cells for child in subdivide(layers, cell, engine=lp)[0]]
        fresh = [
            child for cell in cells
            for child in subdivide(layers, type(cell)(cell.code, cell.A, cell.b, cell.labels, cell.witness, cell.maps, cell.pieces, cell.points, cell.bound), engine=lp)[0]
        ]
        assert [(c.code, c.A, c.b, c.labels) for c in carried] == [(c.code, c.A, c.b, c.labels) for c in fresh]  # witnesses may differ
        assert all(c.hint is not None for c in carried)  # qhull once at the root, then carried
        cells = carried


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 6), st.sampled_from([0, 40, 200]))
def test_the_filtered_inside_test_is_the_exact_one(seed, dim, bits):
    """Random points near, on and across the rows (entries of 0 to 200 bits): the float filter never changes an answer."""
    rng = random.Random(seed)
    A, b = random_polytope(rng, dim, 8, size=999)
    A = [tuple(a << bits for a in row) for row in A]
    b = [beta << bits for beta in b]
    hint = vertex_hint(A, b, (Fraction(0),) * dim)
    for vertex in hint.vertices.tolist()[:6]:
        den = 1 << rng.randint(0, 60)
        X = [round(v * den) + rng.choice([0, 0, 1, -1]) for v in vertex]
        skip = [j for j, (a, beta) in enumerate(zip(A, b)) if beta * den == sum(p * q for p, q in zip(a, X))][:1]
        exact = all(beta * den - sum(p * q for p, q in zip(a, X)) > 0 for j, (a, beta) in enumerate(zip(A, b)) if j not in skip)
        assert strictly_inside_filtered(hint, A, b, (X, den), skip) == exact
