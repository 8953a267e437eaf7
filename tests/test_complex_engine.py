"""The complex engine against independent references.

References: the LP engine (identical partitions: regions, rows, labels,
bounded flags, edges and flips), Zaslavsky's counts for generic arrangements, Euler's relation on the
complex (alternating face counts = 1 on a polytope), the exact forward pass
written from the layer definitions (tests/reference.py) at every witness and
at every vertex (sign vectors), and exact slack checks of every vertex
against every region that holds it.
"""

from __future__ import annotations

import random
from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exactpd.enumeration.complex_engine import choose_engine
from exactpd.enumeration.complex_filter import exact_value, float_row, float_vertex, signs_float_filter
from exactpd.enumeration.driver import enumerate_regions
from exactpd.enumeration.cell_complex import polyhedral_complex
from exactpd.enumeration.stats import EnumerationStats
from exactpd.errors import InvalidDomainError, InvalidOptionError
from exactpd.kernel.polytope import HPolytope, box
from exactpd.network.layers import Dense, Maso, MaxPool, Network
from exactpd.rational import dot

from reference import exact_code, exact_pieces

TWO = Fraction(2)


def one_layer(weights, biases, activation="relu"):
    return Network(len(weights[0]), [Dense(weights, biases, activation), Dense([[1] * len(weights)], [0])])


def generic_layer(dim, n, seed):
    rng = random.Random(seed)
    W = [[Fraction(rng.randint(-1000, 1000), rng.randint(1, 97)) for _ in range(dim)] for _ in range(n)]
    b = [Fraction(rng.randint(-1000, 1000), rng.randint(1, 89)) for _ in range(n)]
    return W, b


def zaslavsky(n, dim):
    return sum(comb(n, i) for i in range(dim + 1))


def assert_same_partition(net, domain, lp, cx):
    """The LP engine's partition and the complex engine's are identical (certificates are not compared)."""
    assert [r.code for r in lp] == [r.code for r in cx]
    for r, s in zip(lp, cx):
        assert (r.polytope.A, r.polytope.b, r.labels, r.bounded) == (s.polytope.A, s.polytope.b, s.labels, s.bounded), r.code
    assert [(e.u, e.v, e.flips, e.hyperplane) for e in lp.edges] == [(e.u, e.v, e.flips, e.hyperplane) for e in cx.edges]
    assert lp == cx


def check_complex_partition(net, part):
    """Exact facts every complex-engine partition has: witness codes, certificates, vertices on their facets."""
    cx = part.complex
    for index, region in enumerate(part):
        assert exact_code(net, region.witness) == region.code
        rows = list(zip(region.polytope.A, region.polytope.b))
        assert all(dot(a, region.witness) < b for a, b in rows)
        for i, (point, (a, b)) in enumerate(zip(region.facet_points, rows)):
            assert dot(a, point) == b and all(dot(a2, point) < b2 for j, (a2, b2) in enumerate(rows) if j != i)
        for v in cx.region_vertices[index]:
            assert all(dot(a, cx.vertices[v]) <= b for a, b in rows)
        for i, facet in enumerate(cx.region_facets[index]):
            a, b = rows[i]
            assert all(dot(a, cx.vertices[v]) == b for v in facet)
            assert len(facet) >= net.input_dim
    for e in part.edges:
        assert e.flips and all(part[e.u].code[l][k] != part[e.v].code[l][k] for l, k in e.flips)


def both(net, domain):
    lp = enumerate_regions(net, domain, engine="lp")
    cx = enumerate_regions(net, domain, engine="complex")
    assert_same_partition(net, domain, lp, cx)
    check_complex_partition(net, cx)
    return cx


EPS = TWO**-40
DEGENERATE = {
    "concurrent": (one_layer([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), None),
    "duplicated": (one_layer([[1, 2], [2, 4], [0, 1]], [1, 2, 0]), None),
    "dead": (one_layer([[0, 0], [1, 0], [0, 0]], [0, 0, -1]), None),
    "strip 2^-40": (one_layer([[1, 0], [1, 0], [0, 1]], [0, -EPS, 0]), box([-1, -1], [1, 1])),
    "near parallel": (one_layer([[1, -1], [1 + TWO**-50, -1]], [0, 0]), None),
    "parallel": (one_layer([[1, 0], [2, 0], [-3, 0]], [0, -2, 6]), None),
    "through box corners": (one_layer([[1, 1], [1, -1], [1, 0]], [0, 0, -1]), box([-1, -1], [1, 1])),
    "leaky": (
        Network(2, [Dense([[1, 2], [-1, 1], [2, -1]], [0, "1/2", -1], "leaky_relu", "1/10"), Dense([[1, -1, 1], [1, 1, 0]], [0, 1], "relu"), Dense([[1, 1]], [0])]),
        box([-3, -3], [3, 3]),
    ),
    "abs": (Network(2, [Dense([[1, 2], [-1, 1], [2, -1]], [0, "1/2", -1], "abs"), Dense([[1, -1, 1]], ["-1/3"], "abs")]), box([-3, -3], [3, 3])),
    "3d relu, coinciding across layers": (
        Network(3, [Dense([[1, 2, 0], [-1, 1, 1], [2, -1, 3]], [0, 1, -1], "relu"), Dense([[1, -1, 2], [0, 1, 1]], [0, "-1/2"], "relu")]),
        box([-3] * 3, [3] * 3),
    ),
    "3d relu, all of R^3": (Network(3, [Dense([[1, 2, 0], [-1, 1, 1], [2, -1, 3]], [0, 1, -1], "relu"), Dense([[1, -1, 2]], [0], "relu")]), None),
    "triangle domain": (
        Network(2, [Dense([[1, 0], [0, 1], [1, 1], [1, -2]], [0, 0, "-1/2", 1], "relu"), Dense([[1, -1, 1, 1]], [0], "relu")]),
        HPolytope([[-1, 0], [0, -1], [1, 1]], [1, 1, 1]),
    ),
    "half-plane domain": (one_layer([[1, 0], [0, 1], [1, -1]], [0, 0, 1]), HPolytope([[1, 1]], [1])),
    "1d": (Network(1, [Dense([[1], [2], [-1]], [0, 1, 0], "relu"), Dense([[1, 1, -1]], [0], "relu")]), None),
}


@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_identical_to_the_lp_engine_on_degenerate_networks(name):
    net, domain = DEGENERATE[name]
    both(net, domain)


def test_degenerate_counts():
    assert len(both(*DEGENERATE["concurrent"])) == 6
    part = both(*DEGENERATE["duplicated"])
    assert len(part) == 4 and sorted(e.flips for e in part.edges).count(((0, 0), (0, 1))) == 2
    assert ((0, 0), (0, 1)) in part[0].labels
    thin = [r for r in both(*DEGENERATE["strip 2^-40"]) if r.code[0][:2] == (1, 0)]
    assert len(thin) == 2 and all(0 < r.witness[0] < EPS for r in thin)
    assert len(both(*DEGENERATE["parallel"]).edges) == 3


@pytest.mark.parametrize("dim,n", [(1, 4), (2, 6), (3, 5), (4, 5), (5, 6), (6, 7)])
def test_zaslavsky_counts_for_one_generic_layer(dim, n):
    W, b = generic_layer(dim, n, seed=dim * 100 + n)
    part = enumerate_regions(one_layer(W, b), engine="complex")
    assert len(part) == zaslavsky(n, dim)
    assert len(part.edges) == n * zaslavsky(n - 1, dim - 1)
    assert sum(not r.bounded for r in part) == 2 * zaslavsky(n - 1, dim - 1)


@pytest.mark.parametrize("dim,n", [(2, 5), (3, 4), (4, 4)])
def test_generic_layers_identical_to_the_lp_engine(dim, n):
    W, b = generic_layer(dim, n, seed=dim + 7 * n)
    net = Network(dim, [Dense(W, b, "relu"), Dense([[1 if (i + j) % 2 else -1 for i in range(n)] for j in range(3)], [0, 1, -1], "relu")])
    both(net, box([-3] * dim, [3] * dim))


@pytest.mark.parametrize(
    "net,domain",
    [
        (DEGENERATE["concurrent"][0], box([-1, -1], [1, 1])),
        (DEGENERATE["leaky"][0], box([-3, -3], [3, 3])),
        (DEGENERATE["3d relu, coinciding across layers"][0], box([-3] * 3, [3] * 3)),
        (Network(4, [Dense([[1, 0, 1, 0], [0, 1, -1, 1], [1, 1, 1, 1], [1, -1, 0, 0]], [0, 0, 1, 0], "relu"), Dense([[1, 1, 1, 1]], [0])]), box([-1] * 4, [1] * 4)),
    ],
    ids=["2d concurrent", "2d two layers", "3d", "4d"],
)
def test_euler_relation(net, domain):
    cx = polyhedral_complex(net, domain)
    counts = cx.face_counts()
    assert counts[-1] == len(cx.region_vertices)
    assert counts[0] == len(cx.vertices) and counts[1] == len(cx.edges)
    assert cx.euler_characteristic() == 1


def test_sign_vectors_against_the_reference_pass():
    net, domain = DEGENERATE["leaky"]
    cx = polyhedral_complex(net, domain)
    signs = cx.sign_vectors()
    zero_sets = cx.vertex_hyperplanes
    for point, sv, through in zip(cx.vertices, signs, zero_sets):
        _, layers = exact_pieces(net, point)
        expected = tuple(tuple((v[1] > v[0]) - (v[1] < v[0]) for v in pieces) for pieces in layers)
        assert sv == expected
        units = {label for label in through if label[0] not in ("domain", "box")}
        assert units <= {(l, k) for l, layer in enumerate(sv) for k, s in enumerate(layer) if s == 0}


def test_vertex_neighbourhoods_are_the_regions_that_hold_them():
    net, domain = DEGENERATE["concurrent"][0], box([-1, -1], [1, 1])
    part = enumerate_regions(net, domain, engine="complex")
    cx = part.complex
    origin = cx.vertices.index((0, 0))
    holding = [i for i, verts in enumerate(cx.region_vertices) if origin in verts]
    assert len(holding) == 6  # three concurrent lines: six regions meet at the origin
    for i in holding:  # a point just inside each region, near the vertex, has the region's code
        w = part[i].witness
        near = tuple(Fraction(1, 1000) * wi for wi in w)
        assert exact_code(net, near) == part[i].code


small_weights = st.integers(-2, 2)


@st.composite
def integer_networks(draw):
    dim = draw(st.integers(1, 3))
    layers, width = [], dim
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 4))
        activation = draw(st.sampled_from(["relu", "relu", "leaky_relu", "abs"]))
        W = [[draw(small_weights) for _ in range(width)] for _ in range(n)]
        b = [draw(small_weights) for _ in range(n)]
        layers.append(Dense(W, b, activation, draw(st.sampled_from(["1/10", "1/2", 1])) if activation == "leaky_relu" else None))
        width = n
    layers.append(Dense([[1] * width], [0]))
    net = Network(dim, layers)
    domain = draw(st.sampled_from([None, "box", "offset box"]))
    if domain == "box":
        return net, box([-2] * dim, [2] * dim)
    if domain == "offset box":
        return net, box([-1] * dim, [3] * dim)
    return net, None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(integer_networks())
def test_random_integer_networks_identical_to_the_lp_engine(case):
    net, domain = case
    both(net, domain)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-(2**80), 2**80), min_size=3, max_size=3),
    st.lists(st.integers(-(2**70), 2**70), min_size=2, max_size=2),
    st.integers(1, 2**60),
)
def test_the_float_filter_never_proves_a_wrong_sign(row, coords, den):
    point = tuple(coords) + (den,)
    # also a point exactly on the hyperplane when one is easy to build
    candidates = [point]
    if row[0] != 0:
        candidates.append((-(row[1] * coords[1] + row[2] * den), row[0] * coords[1], row[0] * den))
    for p in candidates:
        if p[-1] < 0:
            p = tuple(-v for v in p)
        signs, proved = signs_float_filter(np.array([float_row(row)]), np.array([float_vertex(p)]))
        e = exact_value(row, p)
        if proved[0]:
            assert signs[0] == (e > 0) - (e < 0) and e != 0


def test_engine_choice_and_stats():
    net = DEGENERATE["concurrent"][0]
    assert choose_engine(net, "auto") == "complex" and choose_engine(net, "lp") == "lp"
    assert choose_engine(net, "auto", checkpoint=True) == "lp"
    stats = EnumerationStats()
    part = enumerate_regions(net, box([-1, -1], [1, 1]), stats=stats)
    assert stats.engine == "complex" and part.complex is not None and stats.cuts == 3
    stats = EnumerationStats()
    enumerate_regions(net, box([-1, -1], [1, 1]), stats=stats, engine="lp")
    assert stats.engine == "lp"
    with pytest.raises(InvalidOptionError, match="engine must be one of"):
        enumerate_regions(net, engine="fast")
    with pytest.raises(InvalidOptionError, match="no checkpoint"):
        choose_engine(net, "complex", checkpoint=True)


POOLED = {
    "maxpool": (
        Network(2, [Dense([[1, 2], [-1, 1], [2, -1], [1, 0]], [0, "1/2", -1, 0]), MaxPool([[0, 1, 2], [2, 3]]), Dense([[1, -1]], [0], "relu")]),
        box([-3, -3], [3, 3]),
    ),
    "maxpool, concurrent pieces": (
        Network(2, [Dense([[1, 0], [0, 1], [-1, -1], [1, 1]], [0, 0, 0, 0]), MaxPool([[0, 1, 2], [1, 3]]), Dense([[1, 1]], [0], "relu")]),
        None,
    ),
    "maso, identical pieces": (
        Network(2, [Maso([[[1, 0], [0, 1], [1, 0]], [[1, 1], [-1, 2]]], [[0, 0, 0], [1, 0]]), Dense([[1, -1]], [0], "abs")]),
        box([-2, -2], [2, 2]),
    ),
}


@pytest.mark.parametrize("name", sorted(POOLED))
def test_units_of_more_than_two_pieces_identical_to_the_lp_engine(name):
    net, domain = POOLED[name]
    lp = enumerate_regions(net, domain, engine="lp")
    part = enumerate_regions(net, domain, engine="complex")
    assert_same_partition(net, domain, lp, part)
    assert part.complex is None  # the engine cut a finer complex (every comparison of pieces)
    for region in part:
        assert exact_code(net, region.witness) == region.code


def test_flat_domain_is_refused():
    with pytest.raises(InvalidDomainError, match="no interior"):
        enumerate_regions(one_layer([[1, 0]], [0]), HPolytope([[1, 0], [-1, 0]], [0, 0]), engine="complex")


def test_float_rows_of_the_last_layer_are_within_their_error_bounds():
    from exactpd.enumeration.complex_engine import LazyCut, LazyForms, build_complex

    rng = np.random.default_rng(3)
    layers = [Dense(rng.normal(0, 1, (6, 2)).tolist(), rng.normal(0, 0.5, 6).tolist(), "relu"),
              Dense(rng.normal(0, 0.4, (5, 6)).tolist(), rng.normal(0, 0.5, 5).tolist(), "leaky_relu", "1/10")]
    net = Network(2, layers)
    run = build_complex(net, box([-2, -2], [2, 2]))
    forms = run.forms[-1]
    assert isinstance(forms, LazyForms)
    for k in range(5):
        rows, errors = forms.cut_float(1, 0, k)
        exact = LazyCut(forms, 1, 0, k)
        for p in range(len(rows)):
            assert all(abs(Fraction(float(f)) - e) <= Fraction(float(err)) for f, e, err in zip(rows[p], exact[p], errors[p]))


def _gc_net():
    return Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, Fraction(-1, 2)], "relu"), Dense([[1, -1, 1]], [0])])


@pytest.mark.parametrize("running", [True, False])
def test_collector_state_restored(running):
    """The engine pauses the cyclic collector and leaves it as it found it; the regions do not depend on it."""
    import gc

    was = gc.isenabled()
    (gc.enable if running else gc.disable)()
    try:
        part = enumerate_regions(_gc_net(), box([-4, -4], [4, 4]), engine="complex")
        assert gc.isenabled() is running
        assert gc.get_freeze_count() == 0  # nothing left frozen
    finally:
        (gc.enable if was else gc.disable)()
    assert part == enumerate_regions(_gc_net(), box([-4, -4], [4, 4]), engine="lp")


def test_collector_keeps_callers_frozen_objects():
    """Objects the caller froze stay frozen (the hand-over to the oldest generation is skipped)."""
    import gc

    keep = [[i] for i in range(100)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen >= len(keep)
        enumerate_regions(_gc_net(), box([-4, -4], [4, 4]), engine="complex")
        assert len(keep) <= gc.get_freeze_count() <= frozen  # still frozen (some other frozen objects may have been freed)
    finally:
        gc.unfreeze()


def test_region_stage_progress_bar(capsys):
    """``progress=True`` shows the region stage's bar (after the cut's) on stderr."""
    enumerate_regions(_gc_net(), box([-4, -4], [4, 4]), engine="complex", progress=True)
    err = capsys.readouterr().err
    assert "complex: units cut" in err and "complex: regions" in err
