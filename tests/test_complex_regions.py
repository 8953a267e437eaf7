"""The region stage of the complex engine (facet table, rows, certificates, deferred Fractions) against exact references.

References: exact slacks of the vertices' exact coordinates against the
rows (which vertices lie on each facet), exact dot products in Fractions
(certificates strictly inside, facet points tight on their row), the LP
engine's partitions (rows, labels, edges), and, for the float filters, the
exact values of the slacks and of the moved coordinate they bound.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import random
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.enumeration.complex_certificates import _moved_coordinates, _proved
from exactpd.enumeration.complex_engine import build_complex
from exactpd.enumeration.complex_facets import facet_table, unit_rows
from exactpd.enumeration.complex_regions import FacetVertexLists, regions_of
from exactpd.enumeration.driver import enumerate_regions
from exactpd.kernel.polytope import box
from exactpd.network.layers import Dense, Network
from exactpd.rational import dot


def random_net(widths, seed, scale=97):
    rng = random.Random(seed)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        W = [[Fraction(rng.randint(-scale, scale), rng.randint(1, 13)) for _ in range(n_in)] for _ in range(n_out)]
        b = [Fraction(rng.randint(-scale, scale), rng.randint(1, 29)) for _ in range(n_out)]
        layers.append(Dense(W, b, "relu" if i < len(widths) - 2 else None))
    return Network(widths[0], layers)


CASES = [
    (random_net((2, 6, 5, 1), 1), box([-3, -3], [3, 3])),
    (random_net((3, 5, 4, 1), 2), box([-2] * 3, [2] * 3)),
    (random_net((4, 5, 1), 3), box([-1] * 4, [1] * 4)),
    (Network(2, [Dense([[1, 2], [2, 4], [0, 1]], [1, 2, 0], "relu"), Dense([[1, 1, 1]], [0])]), box([-2, -2], [2, 2])),  # duplicated units
    (Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 0], "relu"), Dense([[1, -1, 1]], [0])]), None),  # concurrent, all of R^2
]


def test_facets_are_the_vertices_on_each_row():
    """Each facet's vertex ids are exactly the region's vertices with zero exact slack on its row, at least D of them."""
    for net, domain in CASES:
        part = enumerate_regions(net, domain, engine="complex")
        cx = part.complex
        for index, region in enumerate(part):
            rows = list(zip(region.polytope.A, region.polytope.b))
            assert len(cx.region_facets[index]) == len(rows)
            for (a, b), facet in zip(rows, cx.region_facets[index]):
                on = tuple(v for v in cx.region_vertices[index] if dot(a, cx.vertices[v]) == b)
                assert facet == on and len(on) >= net.input_dim


def test_the_table_merges_only_equal_vertex_sets():
    """Two ids share a facet of a cell iff they have the same vertices there; a duplicated unit always does."""
    net, domain = CASES[3]
    run = build_complex(net, domain)
    table = facet_table(run)
    cx = run.cells
    merged = {tuple(ids) for ids in table.hids.values()}
    first_unit = run.n_artificial + run.n_domain
    assert merged == {(first_unit, first_unit + 1)}  # units 0 and 1: x + 2y = -1 twice
    for f, c in enumerate(table.cell.tolist()):
        cell_vertices = cx.verts[cx.ptr[c] : cx.ptr[c + 1]].tolist()
        for hid in table.hids.get(f, [int(table.hid[f])]):
            word, bit = divmod(hid, 64)
            on = tuple(v for v in cell_vertices if int(cx.zero[v, word]) >> bit & 1)
            assert on == table.vertex_ids(f)


def test_unit_rows_are_primitive_and_keep_their_cell_inside():
    for net, domain in CASES[:3]:
        run = build_complex(net, domain)
        table = facet_table(run)
        rows, which, sign = unit_rows(run, domain, table)
        for row in rows.tolist():
            assert np.gcd.reduce(np.array(row, dtype=object)) == 1
        for f, c in enumerate(table.cell.tolist()):
            row = [int(sign[f]) * v for v in rows[which[f]].tolist()]
            for v in table.vertex_ids(f):
                X = run.cells.X[v]
                assert dot(row[:-1], X[:-1]) == row[-1] * X[-1]  # the facet's vertices are on the row


def check_certificates(part):
    for region in part:
        rows = list(zip(region.polytope.A, region.polytope.b))
        assert all(dot(a, region.witness) < b for a, b in rows)
        for i, point in enumerate(region.facet_points):
            assert all(type(v) is Fraction for v in point)
            assert all((dot(a, point) == b) if j == i else (dot(a, point) < b) for j, (a, b) in enumerate(rows))
    for e in part.edges:
        a, b = e.hyperplane
        assert dot(a, e.point) == b
        assert e.point == part[e.u].facet_points[part[e.u].polytope.A.index(a)]


def test_certificates_are_exact_and_strictly_inside():
    for net, domain in CASES:
        check_certificates(enumerate_regions(net, domain, engine="complex"))


def test_rows_beyond_the_float_range_take_the_exact_path():
    """Weights of 2^1100 make every row too large for a float: every certificate is then made in integers."""
    big = 2**1100
    net = Network(2, [Dense([[big, 1], [1, -big], [1, 1]], [0, 1, -1], "relu"), Dense([[1, 1, 1]], [0])])
    domain = box([-2, -2], [2, 2])
    part = enumerate_regions(net, domain, engine="complex")
    book = part[0].__dict__["_deferred"][0]
    n_rows = sum(len(r.polytope.A) for r in part)
    assert len(book.witnesses[2]) == len(part) and len(book.points[6]) == n_rows  # none proved in floats
    check_certificates(part)
    assert part == enumerate_regions(net, domain, engine="lp")


def test_deferred_certificates_behave_like_fields():
    net, domain = CASES[0]
    part = enumerate_regions(net, domain, engine="complex")
    region = part[5]
    assert "witness" not in region.__dict__
    witness = region.witness
    assert region.witness is witness and region.__dict__["witness"] is witness  # made once, then kept
    again = pickle.loads(pickle.dumps(region))
    assert again == region and again.witness == witness and again.facet_points == region.facet_points
    moved = dataclasses.replace(region, bounded=not region.bounded)
    assert moved.witness == witness and moved != region
    assert copy.copy(part.edges[0]).point == part.edges[0].point
    assert part == enumerate_regions(net, domain, engine="lp")


def test_facet_vertex_lists_read_like_a_tuple():
    net, domain = CASES[1]
    part = enumerate_regions(net, domain, engine="complex")
    lists = part.complex.region_facets
    assert isinstance(lists, FacetVertexLists)
    listed = tuple(lists)
    assert len(listed) == len(part) and lists == listed and listed[2] == lists[2] and lists[-1] == listed[-1]


def test_regions_without_edges_have_the_same_certificates():
    net, domain = CASES[2]
    run = build_complex(net, domain)
    with_edges = regions_of(run, net, domain, True)[0]
    without = regions_of(run, net, domain, False)[0]
    assert list(with_edges) == list(without)
    check_certificates(enumerate_regions(net, domain, engine="complex", edges=False))


small = st.integers(-(2**12), 2**12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(small, min_size=3, max_size=3), small), min_size=1, max_size=5),
       st.lists(st.tuples(st.integers(-(2**20), 2**20), st.integers(-(2**20), 2**20)), min_size=1, max_size=5),
       st.integers(-60, 60))
def test_the_float_filter_proves_only_true_slacks(rows, points, exponent):
    """_proved: a witness (or facet point) it proves has every exact slack strictly positive."""
    scale = 2.0**exponent
    n = len(rows)
    A = np.array([[a * scale for a in row[:2]] for row, _ in rows])
    b = np.array([float(rhs) + row[2] for row, rhs in rows])
    P = np.array([[x * 2.0**-10, y * 2.0**-10] for x, y in points[:1]] * n)
    W = P[:1]
    w_ok, f_ok = _proved(A, b, np.array([0, n]), W, P, np.zeros_like(P))
    exact = [Fraction(bi) - Fraction(ai[0]) * Fraction(W[0, 0]) - Fraction(ai[1]) * Fraction(W[0, 1]) for ai, bi in zip(A.tolist(), b.tolist())]
    if w_ok[0]:
        assert all(s > 0 for s in exact)
    for t in range(n):
        if f_ok[t]:
            assert all(s > 0 for k, s in enumerate(exact) if k != t)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-(2**70), 2**70), min_size=4, max_size=4), st.lists(st.integers(-(2**24), 2**24), min_size=3, max_size=3), st.integers(0, 60))
def test_the_moved_coordinate_is_within_its_error_bound(row, point, shift):
    """_moved_coordinates: the exact coordinate that puts the point on its row is within the returned error of its float."""
    if not any(row[:3]):
        return
    rows_float = np.array([[float(v) for v in row]])
    js, X, errors, usable = _moved_coordinates(rows_float, np.array([point], dtype=np.int64), np.array([shift]), np.array([True]))
    j = int(js[0])
    if not usable[0] or row[j] == 0:
        return
    exact = (Fraction(row[3]) - sum(Fraction(row[i] * point[i], 2**shift) for i in range(3) if i != j)) / row[j]
    assert abs(Fraction(float(X[0, j])) - exact) <= Fraction(float(errors[0, j]))
    assert all(Fraction(float(X[0, i])) == Fraction(point[i], 2**shift) for i in range(3) if i != j)


def test_shared_facets_do_not_trust_their_hash():
    """With every vertex-set key equal (all collide), the shared facets are found by their exact vertex ids, the same pairs."""
    from exactpd.enumeration.complex_facets import code_digits
    from exactpd.enumeration.complex_regions import _cell_parts, _shared_facets

    for net, domain in CASES[:3]:
        run = build_complex(net, domain)
        table = facet_table(run)
        parts = _cell_parts(run, domain, table, code_digits(run)[0], True)
        colliding = dataclasses.replace(table, key=np.zeros_like(table.key))
        rows, which, sign = unit_rows(run, domain, table)
        kept = np.flatnonzero(which >= 0)
        for facets in (kept, kept[::-1]):
            honest = _shared_facets(run, table, facets, which[facets], sign[facets])
            collided = _shared_facets(run, colliding, facets, which[facets], sign[facets])
            assert sorted(map(tuple, honest.tolist())) == sorted(map(tuple, collided.tolist()))
        assert len(parts.pairs) == len(enumerate_regions(net, domain, engine="lp").edges)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 300), min_size=6, max_size=6), min_size=1, max_size=60), st.booleans())
def test_cells_are_sorted_as_their_codes_compare(rows, wide):
    """The packed byte order of the code digits is the order of the codes as tuples (ties kept in cell order)."""
    from exactpd.enumeration.complex_regions import _code_order

    digits = np.array(rows, dtype=np.int32) if wide else (np.array(rows) % 100).astype(np.int8)
    codes = [(tuple(row[:2]), tuple(row[2:])) for row in digits.tolist()]
    assert _code_order(digits).tolist() == sorted(range(len(codes)), key=lambda i: (codes[i], i))
