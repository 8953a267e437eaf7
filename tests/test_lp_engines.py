"""Every LP hint engine (highs, cvxpy, exact) gives the identical partition, graph and boundary.

The enumeration, the adjacency graph and the decision boundary run under each
engine of the registry on small networks, generic and degenerate (duplicated,
dead, concurrent and coinciding units, a 2^-40 strip, a 3-D net); every
answer is compared with an independent reference: the exact forward pass
written from the layer definitions at every witness and facet point
(tests/reference.py), the complex engine (which solves no LP), Zaslavsky's
counts, and the same run under the other engines.  The kernel's new exact
pieces (plane corners, certified maxima, row certificates, the resumable edge
phase) are checked against the kernel's own slower paths.
"""

from __future__ import annotations

import random
from fractions import Fraction
from math import comb

import pytest

from exactpd.boundary.decision import decision_boundary
from exactpd.enumeration.adjacency import adjacency_edges, adjacency_graph, adjacency_index, check_edge, region_edges
from exactpd.enumeration.driver import enumerate_regions
from exactpd.errors import InvalidOptionError
from exactpd.hints.engine import ENGINES
from exactpd.kernel.certificate import FacetCertificate, ImpliedRowCertificate, check
from exactpd.kernel.polytope import (
    HPolytope,
    box,
    facet_report,
    is_full_dimensional,
    maximize_certified,
    polygon_corners,
    row_certificates,
    vertices,
)
from exactpd.kernel.simplex import LPStatus, maximize
from exactpd.network.layers import Dense, Network
from exactpd.rational import dot

from reference import exact_code

LP_ENGINES = list(ENGINES)
EPS = Fraction(2) ** -40


def one_layer(weights, biases, activation="relu"):
    return Network(len(weights[0]), [Dense(weights, biases, activation), Dense([[1] * len(weights)], [0])])


def mlp(widths, seed):
    rng = random.Random(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        W = [[Fraction(rng.randint(-999, 999), 500) for _ in range(a)] for _ in range(b)]
        B = [Fraction(rng.randint(-999, 999), 1000) for _ in range(b)]
        layers.append(Dense(W, B, "relu" if i < len(widths) - 2 else None))
    return Network(widths[0], layers)


NETS = {
    "2-5-4-1": (mlp([2, 5, 4, 1], 0), box([-2, -2], [2, 2])),
    "3-4-3-1": (mlp([3, 4, 3, 1], 1), box([-1, -1, -1], [1, 1, 1])),
    "duplicated": (one_layer([[1, 2], [2, 4], [0, 1]], [1, 2, 0]), box([-3, -3], [3, 3])),
    "dead": (one_layer([[0, 0], [1, 0], [0, 0]], [0, 0, -1]), box([-2, -2], [2, 2])),
    "concurrent": (one_layer([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), box([-1, -1], [1, 1])),
    "strip 2^-40": (one_layer([[1, 0], [1, 0], [0, 1]], [0, -EPS, 0]), box([-1, -1], [1, 1])),
    "coinciding across layers": (
        Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 0], [1, -1]], [0, 1], "relu"), Dense([[1, 1]], [0])]),
        box([-2, -2], [2, 2]),
    ),
    "whole plane": (one_layer([[1, 0], [0, 1], [1, -1]], [0, 0, 1]), None),
}


def facts(part):
    """Everything a partition asserts, certificates left out."""
    return (
        [(r.code, r.polytope.A, r.polytope.b, r.labels, r.bounded) for r in part],
        [(e.u, e.v, e.flips, e.hyperplane) for e in part.edges],
    )


def check_certificates(net, part):
    for region in part:
        assert exact_code(net, region.witness) == region.code
        rows = list(zip(region.polytope.A, region.polytope.b))
        assert all(dot(a, region.witness) < b for a, b in rows)
        for i, (point, (a, b)) in enumerate(zip(region.facet_points, rows)):
            assert dot(a, point) == b and all(dot(a2, point) < b2 for j, (a2, b2) in enumerate(rows) if j != i)
    for edge in part.edges:
        assert check_edge(part[edge.u], part[edge.v], edge)


@pytest.fixture(scope="module")
def references():
    return {name: enumerate_regions(net, domain, engine="complex") for name, (net, domain) in NETS.items()}


@pytest.mark.parametrize("lp", LP_ENGINES)
@pytest.mark.parametrize("name", sorted(NETS))
def test_every_engine_gives_the_complex_engines_partition(name, lp, references):
    net, domain = NETS[name]
    part = enumerate_regions(net, domain, engine="lp", lp=lp)
    check_certificates(net, part)
    assert facts(part) == facts(references[name])


@pytest.mark.parametrize("lp", LP_ENGINES)
def test_graph_and_boundary_are_the_same_under_every_engine(lp, references):
    net, domain = NETS["2-5-4-1"]
    part = enumerate_regions(net, domain, engine="lp", lp=lp)
    reference = references["2-5-4-1"]
    G, H = adjacency_graph(part), adjacency_graph(reference)
    assert sorted(G.edges) == sorted(H.edges) and all(G.nodes[i]["code"] == H.nodes[i]["code"] for i in G)
    mine, theirs = decision_boundary(part, engine=lp), decision_boundary(reference)
    assert [(p.region, p.normal, p.offset) for p in mine.pieces] == [(p.region, p.normal, p.offset) for p in theirs.pieces]
    assert [(b.u, b.v, b.cos2, b.sign) for b in mine.bends] == [(b.u, b.v, b.cos2, b.sign) for b in theirs.bends]
    assert mine.flat_regions == theirs.flat_regions and mine.facet_edges == theirs.facet_edges


@pytest.mark.parametrize("dim,n", [(2, 6), (3, 5), (4, 5)])
def test_zaslavsky_counts_with_edges(dim, n):
    rng = random.Random(dim * 31 + n)
    W = [[Fraction(rng.randint(-1000, 1000), rng.randint(1, 97)) for _ in range(dim)] for _ in range(n)]
    b = [Fraction(rng.randint(-1000, 1000), rng.randint(1, 89)) for _ in range(n)]
    part = enumerate_regions(one_layer(W, b), engine="lp")
    count = lambda m, d: sum(comb(m, i) for i in range(d + 1))  # noqa: E731
    assert len(part) == count(n, dim)
    assert len(part.edges) == n * count(n - 1, dim - 1)


def test_an_unknown_engine_is_refused_before_any_work():
    net, domain = NETS["2-5-4-1"]
    with pytest.raises(InvalidOptionError, match="unknown LP engine 'simplex'"):
        enumerate_regions(net, domain, lp="simplex")


def test_the_edge_phase_resumes_region_by_region():
    net, domain = NETS["duplicated"]
    part = enumerate_regions(net, domain, engine="lp")
    recorded = {}
    edges = adjacency_edges(part.regions, net, record=lambda i, found: recorded.__setitem__(i, found))
    assert edges == part.edges and sorted(recorded) == list(range(len(part)))
    index = adjacency_index(part.regions, net)
    assert all(region_edges(index, i) == recorded[i] for i in recorded)
    assert all(e.u == i for i, found in recorded.items() for e in found)
    half = {i: found for i, found in recorded.items() if i % 2}
    again = []
    assert adjacency_edges(part.regions, net, known=half, record=lambda i, _: again.append(i)) == edges
    assert again == [i for i in range(len(part)) if i not in half]


def test_the_edge_progress_bar(capsys):
    net, domain = NETS["concurrent"]
    part = enumerate_regions(net, domain, engine="lp", edges=False)
    assert adjacency_edges(part.regions, net, progress=True) == enumerate_regions(net, domain, engine="lp").edges
    assert "edges" in capsys.readouterr().err


def random_polygon(rng, n):
    A = [(rng.randint(-5, 5), rng.randint(-5, 5)) for _ in range(n)] + [(1, 0), (-1, 0), (0, 1), (0, -1)]
    b = [rng.randint(-2, 6) for _ in range(n)] + [7, 7, 7, 7]
    return HPolytope(A, b)


def test_polygon_corners_are_the_vertices_and_name_the_facets():
    rng = random.Random(5)
    for _ in range(150):
        P = random_polygon(rng, rng.randint(1, 8))
        corners = polygon_corners(P.A, P.b)
        if not is_full_dimensional(P):
            assert corners is None
            continue
        assert corners is not None and {c for _, c in corners} == set(vertices(P))
        previous = {i: corners[k - 1][1] for k, (i, _) in enumerate(corners)}
        named = {(P.A[i], P.b[i]) for i, c in corners if c != previous[i]}
        assert named == {(P.A[i], P.b[i]) for i in facet_report(P).facets}


@pytest.mark.parametrize("lp", LP_ENGINES)
def test_certified_maxima_are_the_exact_simplex_maxima(lp):
    rng = random.Random(7)
    for _ in range(20):
        P = random_polygon(rng, 5)
        if not is_full_dimensional(P):
            continue
        objectives = [(rng.randint(-4, 4), rng.randint(-4, 4)) for _ in range(4)]
        for c, solution in zip(objectives, maximize_certified(P, objectives, engine=lp)):
            exact = maximize(c, P.A, P.b)
            assert solution.status is LPStatus.OPTIMAL and solution.value == exact.value
            assert dot(c, solution.x) == solution.value and all(q >= 0 for q in solution.y)
    unbounded = HPolytope([[1, 0], [0, 1]], [1, 1])
    assert [s.status for s in maximize_certified(unbounded, [(1, 1), (-1, 0)], engine=lp)] == [LPStatus.OPTIMAL, LPStatus.UNBOUNDED]


@pytest.mark.parametrize("lp", LP_ENGINES)
def test_row_certificates_agree_with_the_facet_report(lp):
    P = HPolytope([[1, 0], [0, 1], [-1, -1], [1, 1], [2, 0], [1, 2]], [1, 1, 0, 5, 2, 4])
    leaders = [0, 1, 2, 3, 5]  # row 4 is row 0 again
    certs = row_certificates(P, (Fraction(1, 4), Fraction(1, 4)), leaders, lp)
    assert all(check(c, P) for c in certs.values())
    assert sorted(i for i, c in certs.items() if isinstance(c, FacetCertificate)) == list(facet_report(P).facets)
    assert all(isinstance(certs[i], ImpliedRowCertificate) for i in (3, 5))
