"""Region enumeration against independent references.

References: Zaslavsky's counts for arrangements of hyperplanes in general
position, hand-counted degenerate arrangements, brute force over every
candidate code (an exact interior test per code, no subdivision), distinct
codes of sampled points, the exact forward pass at each witness.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from math import comb

import pytest

from exactpd.enumeration import EnumerationStats, enumerate_regions
from exactpd.errors import InvalidDomainError
from exactpd.network.forward_pass import code_at
from exactpd.enumeration.adjacency import check_edge, flips_between
from exactpd.network.maso import layer_maps, maso_layers
from exactpd.network.layers import Dense, MaxPool, Network
from exactpd.kernel.certificate import InteriorWitness
from exactpd.kernel.polytope import HPolytope, box, interior_certificate
from exactpd.rational import Side

TWO = Fraction(2)


def one_layer(weights, biases, activation="relu"):
    """A D-N-1 network whose partition is the arrangement of the N hyperplanes W x + b = 0."""
    n = len(weights)
    return Network(len(weights[0]), [Dense(weights, biases, activation), Dense([[1] * n], [0])])


def generic_layer(dim, n, seed):
    rng = random.Random(seed)
    W = [[Fraction(rng.randint(-1000, 1000), rng.randint(1, 97)) for _ in range(dim)] for _ in range(n)]
    b = [Fraction(rng.randint(-1000, 1000), rng.randint(1, 89)) for _ in range(n)]
    return W, b


def zaslavsky(n, dim):
    return sum(comb(n, i) for i in range(dim + 1))


def brute_force_codes(net, domain):
    """Every code whose region has interior, by testing every candidate code (independent of the subdivision)."""
    layers = maso_layers(net)
    found = set()
    choices = [itertools.product(*[range(R) for R in layer.n_pieces]) for layer in layers]
    for code in itertools.product(*[list(c) for c in choices]):
        maps = layer_maps(layers, code)
        A = [list(row) for row in domain.A]
        b = list(domain.b)
        for index, layer in enumerate(layers):
            G = maps[index - 1] if index else None
            for k, r in enumerate(code[index]):
                for s in range(layer.n_pieces[k]):
                    if s == r:
                        continue
                    # E_s(x) <= E_r(x), with E composed into input space
                    diff = [ps - pr for ps, pr in zip(layer.slopes[k][s], layer.slopes[k][r])]
                    off = layer.offsets[k][r] - layer.offsets[k][s]
                    if G is None:
                        row, rhs = diff, off
                    else:
                        row = [sum(d * g for d, g in zip(diff, col)) for col in zip(*G.G)]
                        rhs = off - sum(d * h for d, h in zip(diff, G.h))
                    if s < r and not any(row) and rhs == 0:
                        rhs = -1  # an identical lower piece always wins the tie: the cell is empty
                    A.append(row)
                    b.append(rhs)
        if isinstance(interior_certificate(HPolytope(A, b), hint=None), InteriorWitness):
            found.add(code)
    return found


def check_partition(part):
    """Properties every partition has: witness codes, certificates, edge flips."""
    net = part.network
    for region in part:
        assert code_at(net, region.witness) == region.code
        assert region.polytope.side(region.witness) is Side.INSIDE
    for e in part.edges:
        assert check_edge(part[e.u], part[e.v], e)
        assert e.flips == flips_between(part[e.u].code, part[e.v].code)
        assert len(e.flips) >= 1


@pytest.mark.parametrize("dim,n", [(1, 4), (2, 3), (2, 6), (3, 5), (4, 5), (5, 6)])
def test_zaslavsky_counts_for_one_generic_layer(dim, n):
    W, b = generic_layer(dim, n, seed=dim * 100 + n)
    part = enumerate_regions(one_layer(W, b))
    assert len(part) == zaslavsky(n, dim)
    # (D-1)-faces: each hyperplane is cut by the other n-1 into zaslavsky(n-1, dim-1) pieces
    assert len(part.edges) == n * zaslavsky(n - 1, dim - 1)
    # unbounded regions: the arrangement at infinity, 2 * sum_{i < D} C(n-1, i)
    assert sum(not r.bounded for r in part) == 2 * zaslavsky(n - 1, dim - 1)
    check_partition(part)


def test_concurrent_lines_make_six_regions():
    net = one_layer([[1, 0], [0, 1], [1, 1]], [0, 0, 0])
    part = enumerate_regions(net)
    assert len(part) == 6
    assert len(part.edges) == 6
    assert all(len(e.flips) == 1 for e in part.edges)
    check_partition(part)


def test_duplicated_units_flip_together():
    net = one_layer([[1, 2], [2, 4], [0, 1]], [1, 2, 0])  # units 0 and 1 define the same line
    part = enumerate_regions(net)
    assert len(part) == 4
    flips = sorted(e.flips for e in part.edges)
    assert flips.count(((0, 0), (0, 1))) == 2
    check_partition(part)


def test_dead_units_change_nothing():
    net = one_layer([[0, 0], [1, 0], [0, 0]], [0, 0, -1])
    part = enumerate_regions(net)
    assert len(part) == 2
    assert {r.code[0][0] for r in part} == {0} and {r.code[0][2] for r in part} == {0}
    check_partition(part)


def test_region_of_width_two_to_the_minus_40():
    eps = TWO**-40
    net = one_layer([[1, 0], [1, 0], [0, 1]], [0, -eps, 0])
    part = enumerate_regions(net, box([-1, -1], [1, 1]))
    assert len(part) == 6
    thin = [r for r in part if r.code[0][:2] == (1, 0)]
    assert len(thin) == 2
    for r in thin:
        assert 0 < r.witness[0] < eps
    check_partition(part)


def test_near_parallel_lines_meet_at_the_origin():
    net = one_layer([[1, -1], [1 + TWO**-50, -1]], [0, 0])
    part = enumerate_regions(net)
    assert len(part) == 4
    check_partition(part)


def test_parallel_cuts():
    net = one_layer([[1, 0], [2, 0], [-3, 0]], [0, -2, 6])
    part = enumerate_regions(net)
    assert len(part) == 4
    assert len(part.edges) == 3
    check_partition(part)


@pytest.mark.parametrize(
    "net",
    [
        Network(2, [Dense([[1, 2], [-1, 1], [2, -1]], [0, "1/2", -1], "leaky_relu", "1/10"), Dense([[1, -1, 1], [1, 1, 0]], [0, 1], "relu"), Dense([[1, 1]], [0])]),
        Network(2, [Dense([[1, 2], [-1, 1], [2, -1]], [0, "1/2", -1], "abs"), Dense([[1, -1, 1]], ["-1/3"], "abs")]),
        Network(2, [Dense([[1, 2], [-1, 1], [2, -1], [1, 0]], [0, "1/2", -1, 0]), MaxPool([[0, 1, 2], [2, 3]]), Dense([[1, -1]], [0], "relu")]),
        Network(3, [Dense([[1, 2, 0], [-1, 1, 1], [2, -1, 3]], [0, 1, -1], "relu"), Dense([[1, -1, 2], [0, 1, 1]], [0, "-1/2"], "relu")]),
    ],
    ids=["leaky-relu", "abs", "maxpool", "3d-relu"],
)
def test_agrees_with_brute_force_over_candidate_codes(net):
    domain = box([-3] * net.input_dim, [3] * net.input_dim)
    part = enumerate_regions(net, domain)
    assert {r.code for r in part} == brute_force_codes(net, domain)
    check_partition(part)


def test_sampled_codes_are_regions():
    W, b = generic_layer(2, 5, seed=7)
    net = Network(2, [Dense(W, b, "relu"), Dense([[1, -2, 1, 0, 1], [0, 1, 1, -1, 2], [1, 1, 1, 1, 1]], [0, 1, -2], "relu"), Dense([[1, 1, 1]], [0])])
    domain = box([-4, -4], [4, 4])
    part = enumerate_regions(net, domain)
    rng = random.Random(3)
    sampled = {code_at(net, [Fraction(rng.randint(-4000, 4000), 1000) for _ in range(2)]) for _ in range(600)}
    codes = {r.code for r in part}
    assert sampled <= codes
    assert len(part) >= len(sampled)
    check_partition(part)


def test_locate_finds_the_region_of_a_point():
    net = one_layer([[1, 0], [0, 1]], [0, 0])
    part = enumerate_regions(net)
    assert part.locate([1, 1]).code == ((1, 1),)
    assert part.locate([-1, "1/2"]).code == ((0, 1),)
    assert part.locate([0, 0]).code == ((0, 0),)  # ties go to piece 0
    inside = enumerate_regions(net, box([0, 0], [1, 1]))
    assert inside.locate([2, 2]) is None


def test_locate_on_the_domain_boundary_stays_in_the_domain():
    # x = 2 lies on the box's side and on the unit's boundary, where the code of ties (piece 0)
    # has only the point {2}: the perturbation must go into the box, not out of it.
    net = Network(2, [Dense([[-1, 0], [0, 1]], [2, 0], activation="relu")])
    part = enumerate_regions(net, box([-2, -2], [2, 2]))
    for corner in ([2, 0], [2, 2], [2, -2], ["-3/2", 2]):
        region = part.locate(corner)
        assert region is not None and region.polytope.contains(corner)
    assert part.locate([2, 1]).code == ((1, 1),)


def test_domain_errors():
    net = one_layer([[1, 0]], [0])
    with pytest.raises(InvalidDomainError, match="dimension 3"):
        enumerate_regions(net, box([0, 0, 0], [1, 1, 1]))
    with pytest.raises(InvalidDomainError, match="no interior"):
        enumerate_regions(net, HPolytope([[1, 0], [-1, 0]], [0, 0]))
    with pytest.raises(InvalidDomainError, match="HPolytope"):
        enumerate_regions(net, [[0, 1], [0, 1]])


def test_stats_count_work():
    W, b = generic_layer(2, 6, seed=1)
    stats = EnumerationStats()
    part = enumerate_regions(one_layer(W, b), box([-10, -10], [10, 10]), stats=stats, engine="lp")  # counts of the LP engine's work
    assert stats.facet_calls == len(part)
    assert stats.candidates >= len(part)


def test_not_a_network():
    from exactpd.errors import InvalidNetworkError

    with pytest.raises(InvalidNetworkError, match="expected a Network"):
        enumerate_regions("net.json")
