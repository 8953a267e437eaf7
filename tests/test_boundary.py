"""Tests of exactpd.boundary.decision and exactpd.boundary.distance: the exact decision boundary, its bends, and distances.

References written here: the spec's counter-examples (Prop. 5 with W1 = I2,
W2 = (1, 1): a 45 degree bend; Prop. 6 with W1 = I7, W2 = (1, 10, .1, ...)),
the closed forms of Prop. 5 for abs and leaky units, and a segment-distance
formula for 2-D pieces.
"""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction

import pytest

from exactpd.boundary.decision import (
    Bend,
    boundary_components,
    boundary_graph,

    decision_boundary,
    decision_function,
    section_witness,
)
from exactpd.cli.main import main
from exactpd.io.boundary_file import boundary_to_dict
from exactpd.boundary.distance import boundary_distance, decision_distance, facet_distance, polytope_distance
from exactpd.enumeration import enumerate_regions
from exactpd.errors import DimensionError
from exactpd.network.forward_pass import code_at, forward
from exactpd.io import save_network
from exactpd.network.layers import Dense, Network
from exactpd.kernel.polytope import HPolytope, box, contains, side
from exactpd.rational import Side, dot
from exactpd.checks.symbolic import bend_angle, bend_cosine, printed_proposition_5_cosine

F = Fraction


def two_layer(activation, weights, bias, dim=None, slope=None):
    n = len(weights)
    identity = [[int(i == j) for j in range(n)] for i in range(n)]
    return Network(n, [Dense(identity, [0] * n, activation, slope), Dense([list(weights)], [bias])])


def boundary_of(net, lows, highs, logits=None):
    return decision_boundary(enumerate_regions(net, box(lows, highs)), logits)


def check_certificates(b):
    """Every piece and bend certificate, checked exactly against the network itself."""
    part = b.partition
    net = part.network
    for piece in b.pieces:
        region = part.regions[piece.region]
        assert side(region.polytope, piece.witness) is Side.INSIDE
        assert dot(piece.normal, piece.witness) + piece.offset == 0
        value = forward(net, piece.witness)
        f = value[0] if b.logits is None else value[b.logits[0]] - value[b.logits[1]]
        assert f == 0
        assert code_at(net, piece.witness) == region.code
    for bend in b.bends:
        pu, pv = b.pieces[bend.u], b.pieces[bend.v]
        edge = part.edges[bend.edge]
        assert {edge.u, edge.v} == {pu.region, pv.region}
        row, rhs = edge.hyperplane
        assert dot(row, bend.point) == rhs
        assert dot(pu.normal, bend.point) + pu.offset == 0 == dot(pv.normal, bend.point) + pv.offset
        assert contains(part.regions[pu.region].polytope, bend.point)
        assert contains(part.regions[pv.region].polytope, bend.point)
        inner = dot(pu.normal, pv.normal)
        assert bend.cos2 * dot(pu.normal, pu.normal) * dot(pv.normal, pv.normal) == inner * inner
        assert bend.sign == (inner > 0) - (inner < 0)
        assert 0 <= bend.cos2 <= 1


# ---------------------------------------------------------------- the spec's counter-examples


def test_proposition_5_counterexample_is_a_45_degree_bend():
    b = boundary_of(two_layer("relu", [1, 1], -1), [-2, -2], [2, 2])
    check_certificates(b)
    assert sorted(p.normal for p in b.pieces) == [(0, 1), (1, 0), (1, 1)]
    assert [(bend.cos2, bend.sign) for bend in b.bends] == [(F(1, 2), 1), (F(1, 2), 1)]
    bend = b.bends[0]
    assert bend_cosine(bend).equals(1 / __import__("sympy").sqrt(2))
    assert bend_angle(bend) == __import__("sympy").pi / 4
    assert printed_proposition_5_cosine(1, 1, [(1, 1)]) == F(1, 2)  # 60 degrees, wrong (E1)
    assert boundary_components(b) == [(0, 1, 2)]


@pytest.mark.parametrize(
    "active, bias, low, high, cos2, degrees",
    [
        (2, "-15/2", [-1, "1/2", -1, -1, -1, -1, -1], [1, 1, "-1/2", "-1/2", "-1/2", "-1/2", "-1/2"], F(100, 101), 5.71),
        (6, "-7/20", [-1, -1, "1/2", "1/2", "1/2", "1/2", "1/2"], [1, "-1/2", 1, 1, 1, 1, 1], F(1, 21), 77.40),
    ],
)
def test_proposition_6_counterexample_gives_the_spec_angles(active, bias, low, high, cos2, degrees):
    net = two_layer("relu", [1, 10, "1/10", "1/10", "1/10", "1/10", "1/10"], bias)
    b = boundary_of(net, low, high)
    check_certificates(b)
    (bend,) = b.bends
    assert bend.cos2 == cos2 and bend.sign == 1
    assert math.degrees(math.acos(math.sqrt(cos2))) == pytest.approx(degrees, abs=0.005)
    on = b.partition.regions[b.pieces[1].region].code[0]
    assert sum(on) == active


def test_abs_bends_exceed_90_degrees_as_the_generalised_formula_says():
    # |x1| + 2 |x2| = 1: across x2 = 0, S = 1, a = 4: cos = (S - a) / (S + a) = -3/5
    b = boundary_of(two_layer("abs", [1, 2], -1), [-2, -2], [2, 2])
    check_certificates(b)
    assert len(b.pieces) == 4 and len(b.bends) == 4
    found = sorted((bend.cos2, bend.sign) for bend in b.bends)
    assert found == [(F(9, 25), -1), (F(9, 25), -1), (F(9, 25), 1), (F(9, 25), 1)]
    assert boundary_components(b) == [(0, 1, 2, 3)]


def test_leaky_bend_follows_the_generalised_formula():
    eta = F(1, 10)
    b = boundary_of(two_layer("leaky_relu", [1, 1], -1, slope=eta), [-3, -3], [3, 3])
    check_certificates(b)
    # unit d' flips with the other unit on: S = 1, a = 1
    S, a = 1, 1
    expected = (S + eta * a) ** 2 / ((S + eta**2 * a) * (S + a))
    assert expected in {bend.cos2 for bend in b.bends}


# ---------------------------------------------------------------- exact sections


def test_section_witness_cases():
    square = box([0, 0], [2, 2])
    assert section_witness(square, [((1, 1), 2)]) is not None
    assert section_witness(square, [((1, 1), 4)]) is None  # touches a corner only
    assert section_witness(square, [((1, 0), 1), ((0, 1), 1)]) == (1, 1)  # a point, strictly inside
    assert section_witness(square, [((1, 0), 1), ((2, 0), 3)]) is None  # inconsistent
    assert section_witness(square, [((1, 0), 1), ((2, 0), 2)]) is not None  # dependent
    assert section_witness(HPolytope([[0, 0], [1, 0]], [-1, 1]), [((0, 1), 0)]) is None  # 0 <= -1: empty
    cube = box([0, 0, 0], [1, 1, 1])
    point = section_witness(cube, [((1, 1, 1), F(3, 2)), ((1, -1, 0), 0)])
    assert point is not None and sum(point) == F(3, 2) and point[0] == point[1]
    assert side(cube, point) is Side.INSIDE


def test_degenerate_boundaries_are_reported_not_lost():
    # f = relu(x - 1) vanishes on the whole region x <= 1
    b = boundary_of(Network(1, [Dense([[1]], [-1], "relu"), Dense([[1]], [0])]), [-3], [3])
    assert b.pieces == () and b.flat_regions == (0,)
    assert decision_distance(b, [2]).squared_distance == 1
    # f = relu(x1) - relu(-x1) = x1 vanishes exactly on the cut x1 = 0 of both units
    net = Network(2, [Dense([[1, 0], [-1, 0]], [0, 0], "relu"), Dense([[1, -1]], [0])])
    b = boundary_of(net, [-3, -3], [3, 3])
    assert b.pieces == () and b.flat_regions == () and len(b.facet_edges) == 1


def test_decision_function_needs_logits_with_several_outputs():
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1])])
    part = enumerate_regions(net, box([-1, -1], [1, 1]))
    with pytest.raises(DimensionError, match="choose a pair of logits"):
        decision_function(part, 0)
    with pytest.raises(DimensionError, match="logits"):
        decision_boundary(part, (1, 1))
    b = decision_boundary(part, (0, 1))
    check_certificates(b)
    assert {p.normal for p in b.pieces} <= {(1, -1), (1, 0), (0, -1), (0, 0)}


def random_net(rng, dim, widths, activation="relu"):
    layers, width = [], dim
    for n in widths:
        layers.append(Dense([[rng.randint(-3, 3) for _ in range(width)] for _ in range(n)], [F(rng.randint(-4, 4), 2) for _ in range(n)], activation))
        width = n
    layers.append(Dense([[rng.randint(-3, 3) for _ in range(width)]], [F(rng.randint(-2, 2), 3)]))
    return Network(dim, layers)


@pytest.mark.parametrize("seed", range(6))
def test_random_boundaries_are_certified(seed):
    rng = random.Random(seed)
    activation = ["relu", "leaky_relu", "abs"][seed % 3]
    dim = 2 if seed < 4 else 3
    net = random_net(rng, dim, [3, 2] if dim == 2 else [2, 2], activation)
    b = boundary_of(net, [-2] * dim, [2] * dim)
    check_certificates(b)
    G = boundary_graph(b)
    assert G.number_of_nodes() == len(b.pieces) and G.number_of_edges() == len(b.bends)
    assert sorted(i for c in boundary_components(b) for i in c) == list(range(len(b.pieces)))
    # every region crossed by f = 0 (f changes sign at two of its points) has a piece
    part = b.partition
    with_piece = {p.region for p in b.pieces}
    for i, region in enumerate(part.regions):
        values = [forward(net, p)[0] for p in (region.witness,) + region.facet_points]
        if min(values) < 0 < max(values):
            assert i in with_piece


# ---------------------------------------------------------------- distances


def segment_distance2(x, piece, polytope):
    """Squared distance from x to the 2-D piece {y in polytope : n . y + c = 0}, by clamping on the segment."""
    n = piece.normal
    p0 = piece.witness
    direction = (-n[1], n[0])
    lo, hi = None, None
    for a, b in zip(polytope.A, polytope.b):
        rate, room = dot(a, direction), b - dot(a, p0)
        if rate > 0:
            hi = room / rate if hi is None else min(hi, room / rate)
        elif rate < 0:
            lo = room / rate if lo is None else max(lo, room / rate)
    t = dot((x[0] - p0[0], x[1] - p0[1]), direction) / dot(direction, direction)
    t = min(max(t, lo), hi)
    y = (p0[0] + t * direction[0], p0[1] + t * direction[1])
    return (x[0] - y[0]) ** 2 + (x[1] - y[1]) ** 2


@pytest.mark.parametrize("seed", [100, 107, 112, 115])  # relu, abs, relu, abs nets that cross the box
def test_decision_distance_matches_segment_distances_in_2d(seed):
    rng = random.Random(seed)
    net = random_net(rng, 2, [3, 3], ["relu", "abs"][seed % 2])
    b = boundary_of(net, [-2, -2], [2, 2])
    assert b.pieces
    for _ in range(5):
        x = (F(rng.randint(-30, 30), 10), F(rng.randint(-30, 30), 10))
        found = decision_distance(b, x)
        reference = min(segment_distance2(x, p, b.partition.regions[p.region].polytope) for p in b.pieces)
        assert found.squared_distance == reference
        piece = b.pieces[found.piece]
        assert dot(piece.normal, found.point) + piece.offset == 0
        assert contains(b.partition.regions[piece.region].polytope, found.point)


def test_decision_distance_known_values():
    b = boundary_of(two_layer("relu", [1, 1], -1), [-2, -2], [2, 2])
    assert decision_distance(b, [3, -1]).squared_distance == 4
    assert decision_distance(b, [-1, -1]).squared_distance == 4
    assert decision_distance(b, [2, 2]).point == (F(1, 2), F(1, 2))


def test_polytope_distance_in_3d_against_a_corner():
    cube = box([0, 0, 0], [1, 1, 1])
    assert polytope_distance(cube, [2, 2, 2]) == (3, (1, 1, 1))
    assert polytope_distance(cube, [2, F(1, 2), -1]) == (2, (1, F(1, 2), 0))
    assert polytope_distance(cube, [F(1, 2)] * 3) == (0, (F(1, 2),) * 3)
    assert polytope_distance(HPolytope([[1, 0], [-1, 0]], [0, -1]), [0, 0]) is None


def test_eq_20_distance_and_the_attaining_unit():
    net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -3], "relu"), Dense([[1, 1, 1]], [-1], "relu")])
    d = boundary_distance(net, [F(1, 4), 2])
    assert d.squared_distance == F(1, 16) and d.labels == ((0, 0),) and d.foot == (0, 2)
    part = enumerate_regions(net)
    region = part.locate([F(1, 4), 2])
    assert facet_distance(region, [F(1, 4), 2]).squared_distance == F(1, 16)
    # at (1/2, 1) the second layer's cut h = x1 + x2 - 1 is nearest; the first layer alone gives x1 = 0
    d = boundary_distance(net, [F(1, 2), 1])
    assert d.squared_distance == F(1, 8) and d.labels == ((1, 0),)
    d = boundary_distance(net, [F(1, 2), 1], n_layers=1)
    assert d.squared_distance == F(1, 4) and d.labels == ((0, 0),)


# ---------------------------------------------------------------- file and command line


def test_boundary_file_and_cli(tmp_path, capsys):
    net = two_layer("relu", [1, 1], -1)
    path = tmp_path / "net.json"
    save_network(net, path)
    out = tmp_path / "b.json"
    assert main(["boundary", str(path), "--box", "-2", "2", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "pieces: 3" in printed and "bends: 2 (angles 45.00 to 45.00 degrees)" in printed and "components: 1" in printed
    data = json.loads(out.read_text())
    assert data == boundary_to_dict(boundary_of(net, [-2, -2], [2, 2]))
    assert [b["cos2"] for b in data["bends"]] == ["1/2", "1/2"]
    for piece in data["pieces"]:
        normal = [F(v) for v in piece["normal"]]
        witness = [F(v) for v in piece["witness"]]
        assert dot(normal, witness) + F(piece["offset"]) == 0
        assert isinstance(piece["code"], list) and isinstance(piece["region"], int)


def test_boundary_cli_with_logits(tmp_path, capsys):
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 0], [0, 1]], [0, "-1/2"])])
    path = tmp_path / "net.json"
    save_network(net, path)
    out = tmp_path / "b.json"
    assert main(["boundary", str(path), "--box", "-1/2", "1", "--logits", "0", "1", "-o", str(out)]) == 0
    assert "z_0 - z_1" in capsys.readouterr().out
    assert json.loads(out.read_text())["logits"] == [0, 1]
    assert main(["boundary", str(path), "-o", str(out)]) == 2
    assert "choose a pair of logits" in capsys.readouterr().err


def test_bend_degrees_of_a_right_angle():
    from exactpd.boundary.decision import bend_degrees_float

    assert bend_degrees_float(Bend(0, 1, 0, F(0), 0, (0, 0))) == pytest.approx(90)
    assert bend_degrees_float(Bend(0, 1, 0, F(1, 4), -1, (0, 0))) == pytest.approx(120)


def test_facet_edge_seen_from_the_flat_side():
    """relu(y - 1): f is 0 on y <= 1 and vanishes along the facet y = 1 seen from either side."""
    from exactpd import Dense, Network, box, enumerate_regions
    from exactpd.boundary.decision import decision_boundary

    net = Network(2, [Dense([[0, 1]], [-1], "relu"), Dense([[1]], [0])])
    part = enumerate_regions(net, box([-2, -2], [2, 2]))
    found = decision_boundary(part)
    assert len(found.facet_edges) == 1
    assert len(found.flat_regions) == 1
