"""Properties of enumeration on random networks (hypothesis), and Euler's relation for planar partitions."""

from __future__ import annotations

import math
import random
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exactpd as epd
from exactpd.network.forward_pass import code_at
from exactpd.rational import Side, dot
from tests.strategies import networks
from tests.test_enumeration import brute_force_codes, check_partition

PROPERTY_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _candidates(net) -> int:
    return math.prod(R for layer in epd.maso_layers(net) for R in layer.n_pieces)


@PROPERTY_SETTINGS
@given(networks(max_layers=2))
def test_random_networks_match_brute_force(net):
    domain = epd.box([-2] * net.input_dim, [2] * net.input_dim)
    part = epd.enumerate_regions(net, domain)
    check_partition(part)
    codes = [r.code for r in part]
    assert len(set(codes)) == len(codes)
    for i, r in enumerate(part):  # interiors are disjoint: no witness lies in another region
        assert all(s.polytope.side(r.witness) is not Side.INSIDE for j, s in enumerate(part) if j != i)
    if _candidates(net) <= 256:
        assert set(codes) == brute_force_codes(net, domain)


@PROPERTY_SETTINGS
@given(networks(max_layers=2), st.randoms(use_true_random=False))
def test_every_sampled_point_lies_in_the_region_of_its_code(net, rng):
    domain = epd.box([-2] * net.input_dim, [2] * net.input_dim)
    part = epd.enumerate_regions(net, domain, edges=False)
    for _ in range(20):
        x = [Fraction(rng.randint(-200, 200), 100) for _ in range(net.input_dim)]
        region = part.locate(x)
        assert region is not None and region.polytope.contains(x)
        if not epd.trace(net, x).on_boundary:
            assert region.code == code_at(net, x)


def _vertices_on(segment_start, segment_end, vertices):
    """Vertices strictly inside the segment (exact collinearity and betweenness)."""
    (x0, y0), (x1, y1) = segment_start, segment_end
    count = 0
    for v in vertices:
        if v in (segment_start, segment_end):
            continue
        cross = (x1 - x0) * (v[1] - y0) - (y1 - y0) * (v[0] - x0)
        if cross == 0 and min(x0, x1) <= v[0] <= max(x0, x1) and min(y0, y1) <= v[1] <= max(y0, y1):
            count += 1
    return count


def euler_characteristic(part) -> tuple[int, int, int, int]:
    """(V, E, F, interior sub-segments) of the planar subdivision of a box, from exact region vertices."""
    polygons = [r.polytope.vertices() for r in part]
    vertices = {v for poly in polygons for v in poly}
    total = boundary = 0
    for region, poly in zip(part, polygons):
        for p, q in zip(poly, poly[1:] + poly[:1]):
            pieces = 1 + _vertices_on(p, q, vertices)
            total += pieces
            mid = tuple((a + b) / 2 for a, b in zip(p, q))
            if not part.domain.side(mid) is Side.INSIDE:
                boundary += pieces
    interior = (total - boundary) // 2
    return len(vertices), interior + boundary, len(part), interior


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_euler_relation_for_planar_partitions(seed):
    rng = random.Random(seed)
    widths = [2, rng.randint(2, 6), rng.randint(1, 5), 1]
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        W = [[Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(a)] for _ in range(b)]
        B = [Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(b)]
        layers.append(epd.Dense(W, B, rng.choice(["relu", "leaky_relu", "abs"]) if i < len(widths) - 2 else None))
    net = epd.Network(2, layers)
    part = epd.enumerate_regions(net, epd.box([-3, -3], [3, 3]))
    V, E, F, interior = euler_characteristic(part)
    assert V - E + F == 1
    assert len(part.edges) <= interior  # each adjacency is one or more interior sub-segments
    shared = sum(1 for e in part.edges)
    assert shared >= F - 1  # the adjacency graph is connected


def test_euler_and_edges_agree_in_general_position():
    net = epd.demo_network()
    part = epd.enumerate_regions(net, epd.box([-3, -3], [3, 3]))
    V, E, F, interior = euler_characteristic(part)
    assert V - E + F == 1
    assert len(part.edges) == interior
    assert all(dot(e.hyperplane[0], e.point) == e.hyperplane[1] for e in part.edges)
