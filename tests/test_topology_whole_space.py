"""Tests of the topology over all of R^D (exactpd.topology.whole_space) and of the barcode's field.

References written here, independent of the code under test:
- hand-built networks whose sets over R^D are known by construction: a
  half-plane, a strip between two parallel lines (the complex has no vertex:
  a lineality space), a wedge, the complement of a diamond (b = (1, 1, 0)),
  an annulus whose complement is a disc and an unbounded piece with a hole,
  two disjoint half-planes, a diamond far from the origin, the complement of
  an octahedron in 3-D, the class regions of (|x|, |y|, 1/2);
- the same sets computed in a bounded box chosen by hand to hold every
  feature in its interior (the existing bounded-domain computation);
- for random networks, the answer in a box twice as large as the proven one;
- barcodes over R^D of functions whose sublevel sets are known (f = x,
  f = |x| + |y|, f = -(|x| + |y|)), and against exact cuts at levels t over R^D;
- the barcode over Q against the one over GF(2) in 2-D (equal: docstring of
  exactpd.topology.persistence) and against Betti numbers over Q at cuts.
"""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings

from exactpd.cli.main import main
from exactpd.enumeration import enumerate_regions
from exactpd.errors import InvalidDomainError, InvalidOptionError
from exactpd.io import save_network
from exactpd.kernel.polytope import HPolytope, box
from exactpd.network.forward_pass import forward
from exactpd.network.layers import Dense, Network
from exactpd.topology import (
    CellComplex,
    DecisionComplex,
    betti_numbers,
    cell_betti_numbers,
    decision_functions,
    decision_complex,
    decision_topology,
    lowest_level,
    output_bound,
    set_components,
    sublevel_persistence,
    whole_space_radius,
)
from tests.strategies import networks

F = Fraction
ONE = ("f>0", "f>=0", "f=0", "f<=0", "f<0")


def affine(*rows_and_bias) -> Network:
    """f(x) = w . x + c."""
    *w, c = rows_and_bias
    return Network(len(w), [Dense([list(w)], [c])])


def diamond(radius, centre=(0, 0)) -> Network:
    """f = |x - a| + |y - b| - radius: positive outside the closed diamond."""
    return Network(2, [Dense([[1, 0], [0, 1]], [-centre[0], -centre[1]], "abs"), Dense([[1, 1]], [-radius])])


def annulus(dim: int = 2) -> Network:
    """f = 1/4 - | |x|_1 - 3/4 |: positive on the shell 1/2 < |x|_1 < 1."""
    return Network(dim, [Dense([[int(i == j) for j in range(dim)] for i in range(dim)], [0] * dim, "abs"),
                         Dense([[1] * dim], ["-3/4"], "abs"), Dense([[-1]], ["1/4"])])


STRIP = Network(2, [Dense([[1, 0]], [0], "abs"), Dense([[-1]], [1])])  # f = 1 - |x|
WEDGE = Network(2, [Dense([[1, 0], [-1, 0], [1, -1]], [0, 0, 0], "relu"), Dense([[1, -1, -1]], [0])])  # x - relu(x - y) = min(x, y)
HALVES = Network(2, [Dense([[1, 0]], [0], "abs"), Dense([[1]], [-1])])  # f = |x| - 1

# (network, {set: betti numbers over R^D}, a box half-width holding every feature inside, by hand)
CASES = [
    (affine(1, 0, 0), {"f>0": (1, 0, 0), "f>=0": (1, 0, 0), "f=0": (1, 0, 0), "f<=0": (1, 0, 0), "f<0": (1, 0, 0)}, 2),
    (affine(2, -3, F(1, 3)), {"f>0": (1, 0, 0), "f=0": (1, 0, 0), "f<0": (1, 0, 0)}, 2),
    (STRIP, {"f>0": (1, 0, 0), "f>=0": (1, 0, 0), "f=0": (2, 0, 0), "f<=0": (2, 0, 0), "f<0": (2, 0, 0)}, 3),
    (HALVES, {"f>0": (2, 0, 0), "f>=0": (2, 0, 0), "f=0": (2, 0, 0), "f<0": (1, 0, 0)}, 3),
    (diamond(1), {"f>0": (1, 1, 0), "f>=0": (1, 1, 0), "f=0": (1, 1, 0), "f<=0": (1, 0, 0), "f<0": (1, 0, 0)}, 3),
    (diamond(F(1, 2), (100, F(-1, 3))), {"f>0": (1, 1, 0), "f=0": (1, 1, 0), "f<0": (1, 0, 0)}, 200),
    (annulus(), {"f>0": (1, 1, 0), "f>=0": (1, 1, 0), "f=0": (2, 2, 0), "f<=0": (2, 1, 0), "f<0": (2, 1, 0)}, 3),
    # a 2^-40 sliver: f = |x| - 2^-40, two half-planes around a thin strip
    (Network(2, [Dense([[1, 0]], [0], "abs"), Dense([[1]], [F(-1, 2**40)])]), {"f>0": (2, 0, 0), "f<0": (1, 0, 0), "f=0": (2, 0, 0)}, 1),
    # a duplicated unit and a dead one: f = relu(x) + relu(x) + 0 * relu(0) - relu(y) - 1, {f > 0} = {2 relu(x) > 1 + relu(y)}
    (Network(2, [Dense([[1, 0], [1, 0], [0, 0], [0, 1]], [0, 0, 0, 0], "relu"), Dense([[1, 1, 1, -1]], [-1])]),
     {"f>0": (1, 0, 0), "f<=0": (1, 0, 0), "f=0": (1, 0, 0)}, 3),
    # three concurrent cuts: f = relu(x) + relu(y) + relu(-x - y) - 1 > 0 outside a triangle around the origin
    (Network(2, [Dense([[1, 0], [0, 1], [-1, -1]], [0, 0, 0], "relu"), Dense([[1, 1, 1]], [-1])]),
     {"f>0": (1, 1, 0), "f<0": (1, 0, 0), "f=0": (1, 1, 0)}, 3),
]


def test_the_wedge_is_a_quadrant():
    assert [forward(WEDGE, p)[0] for p in [(1, 2), (3, 1), (-1, 5)]] == [1, 1, -1]  # min(x, y)
    assert {name: betti_numbers(WEDGE, name) for name in ONE} == {name: (1, 0, 0) for name in ONE}


@pytest.mark.parametrize("case", range(len(CASES)))
def test_hand_built_sets_over_the_whole_plane(case):
    net, expected, by_hand = CASES[case]
    dc = decision_complex(net)
    assert dc.whole_space is not None and dc.whole_space > 0
    for name, betti in expected.items():
        assert betti_numbers(dc, name) == betti, name
        assert betti_numbers(dc, name, "GF2") == betti, name
    # the same answers in a box chosen by hand, every feature inside it
    in_box = decision_complex(enumerate_regions(net, box([-by_hand] * 2, [by_hand] * 2)))
    assert in_box.whole_space is None
    assert decision_topology(in_box) == decision_topology(dc)


def test_the_box_answer_differs_when_the_box_cuts_a_feature():
    """The annulus in [-1, 1]^2: the outer diamond touches the box, so {f < 0} has 5 pieces there, 2 over R^2."""
    cut = decision_complex(enumerate_regions(annulus(), box([-1, -1], [1, 1])))
    assert betti_numbers(cut, "f<0") == (5, 0, 0)
    assert betti_numbers(annulus(), "f<0") == (2, 1, 0)


def test_three_dimensional_sets_over_r3():
    octahedron = Network(3, [Dense([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0], "abs"), Dense([[1, 1, 1]], [-1])])
    dc = decision_complex(octahedron)
    assert betti_numbers(dc, "f>0") == (1, 0, 1, 0)  # R^3 minus a closed octahedron: a sphere up to homotopy
    assert betti_numbers(dc, "f=0") == (1, 0, 1, 0)
    assert betti_numbers(dc, "f<0") == (1, 0, 0, 0)
    shell = decision_complex(annulus(3))
    assert betti_numbers(shell, "f>0") == (1, 0, 1, 0)
    assert betti_numbers(shell, "f<0") == (2, 0, 1, 0)  # the core, and the outside (a sphere up to homotopy)
    assert betti_numbers(shell, "f<0", "GF2") == (2, 0, 1, 0)


def test_class_regions_over_the_whole_plane():
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 0], [0, 1], [0, 0]], [0, 0, "1/2"])])
    document = decision_topology(decision_complex(net))
    assert document["class 2"]["betti"] == [1, 0, 0]  # the square |x|, |y| < 1/2
    assert document["class 0"]["betti"] == [2, 0, 0]  # |x| > |y|, |x| > 1/2: left and right, unbounded
    assert document["class 1 closed"]["betti"] == [2, 0, 0]
    assert betti_numbers(net, "f>1", logit=0) == (2, 0, 0)  # |x| > 1: a level cut of one logit


def test_a_partition_over_r_d_is_read_as_r_d_and_levels_get_their_own_box():
    part = enumerate_regions(annulus(), None)
    dc = decision_complex(part)
    assert dc.whole_space is not None
    assert betti_numbers(part, "f<0") == (2, 1, 0)
    # {f <= -1}: |x|_1 >= 2 (the inner part never reaches -1): needs a box for the level -1
    assert whole_space_radius(annulus(), [((1,), 1)]) > dc.whole_space
    assert betti_numbers(dc, "f<=-1") == (1, 1, 0)
    assert betti_numbers(dc, "f<=-5") == (1, 1, 0)
    assert betti_numbers(dc, "f>1/4") == (0, 0, 0)


def test_components_and_holes_over_the_whole_plane():
    pieces = set_components(annulus(), "f<0")
    assert pieces.count == 2 and len(pieces.holes) == 1  # the hole of the outer piece is the closed shell
    assert len(set_components(diamond(1), "f>0").holes) == 1


def test_the_box_is_proven_for_vertices_far_away_and_the_bounds():
    far = diamond(F(1, 7), (F(1000, 3), -250))
    radius = whole_space_radius(far, [((1,), 0)])
    assert radius > F(1000, 3) + F(1, 7)  # holds every vertex of the complex cut by f = 0, inside
    assert betti_numbers(far, "f>0") == (1, 1, 0)
    for x in [(radius, -radius), (0, 0), (-radius, 3)]:
        assert abs(forward(far, x)[0]) <= output_bound(far, radius)
    assert lowest_level(far) < min(forward(far, p)[0] for p in [(F(1000, 3), -250), (0, 0)])


def _random_net(rng: random.Random, dim: int, width: int) -> Network:
    draw = lambda: rng.randint(-2, 2)  # noqa: E731
    return Network(dim, [Dense([[draw() for _ in range(dim)] for _ in range(width)], [draw() for _ in range(width)], "relu"),
                         Dense([[draw() for _ in range(width)]], [rng.choice([-1, 0, 1])])])


@pytest.mark.parametrize("seed, dim, width", [(1, 2, 4), (2, 2, 5), (3, 2, 5), (4, 3, 3)])
def test_random_networks_the_answer_holds_in_a_box_twice_as_large(seed, dim, width):
    net = _random_net(random.Random(seed), dim, width)
    dc = decision_complex(net)
    twice = 2 * dc.whole_space
    doubled = decision_complex(enumerate_regions(net, box([-twice] * dim, [twice] * dim)))
    assert decision_topology(doubled) == decision_topology(dc)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(networks(max_layers=3))
def test_random_networks_of_every_layer_kind_same_answers_in_a_box_twice_as_large(net):
    """Mixed relu/leaky/abs/maxpool/maso layers, dead units: the proven box is large enough for all of them."""
    assume(net.input_dim <= 2)
    radius = whole_space_radius(net, decision_functions(net.output_dim))
    assume(len(str(radius)) < 60)
    dc = decision_complex(net)
    assume(len(dc.partition) <= 80)
    assert dc.whole_space == radius
    twice = [2 * radius] * net.input_dim
    doubled = decision_complex(enumerate_regions(net, box([-t for t in twice], twice)))
    assert decision_topology(doubled) == decision_topology(dc)
    assert len(dc.partition) == len(enumerate_regions(net, None))  # every region of R^D meets the box


def test_random_three_logit_network_class_regions_in_a_box_twice_as_large():
    rng = random.Random(9)
    draw = lambda: rng.randint(-2, 2)  # noqa: E731
    net = Network(2, [Dense([[draw(), draw()] for _ in range(4)], [draw() for _ in range(4)], "relu"),
                      Dense([[draw() for _ in range(4)] for _ in range(3)], [draw() for _ in range(3)])])
    dc = decision_complex(net)
    twice = 2 * dc.whole_space
    doubled = decision_complex(enumerate_regions(net, box([-twice] * 2, [twice] * 2)))
    assert decision_topology(doubled) == decision_topology(dc)


def test_an_unbounded_polytope_domain_is_refused():
    half_plane = HPolytope([[1, 0]], [0])
    with pytest.raises(InvalidDomainError, match="R\\^D"):
        decision_complex(enumerate_regions(diamond(1), half_plane))


def test_barcodes_over_the_whole_plane():
    line = sublevel_persistence(affine(1, 0, 0))
    assert [(b.dim, b.birth, b.death) for b in line.bars] == [(0, None, None)]
    assert line.critical_values == () and line.betti_numbers_at(-10**9) == (1, 0, 0)
    cone = sublevel_persistence(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 1]], [0])]))
    assert [(b.dim, b.birth, b.death) for b in cone.bars] == [(0, 0, None)]  # {|x| + |y| <= t}: empty, then a disc
    funnel = sublevel_persistence(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[-1, -1]], [0])]))
    assert [(b.dim, b.birth, b.death) for b in funnel.bars] == [(0, None, None), (1, None, 0)]  # outside a diamond, then all
    assert funnel.betti_numbers_at(-3) == (1, 1, 0) and funnel.betti_numbers_at(0) == (1, 0, 0)


@pytest.mark.parametrize("seed", [5, 6])
def test_barcode_over_r2_against_exact_cuts_and_the_two_fields(seed):
    net = _random_net(random.Random(seed), 2, 4)
    over_q = sublevel_persistence(net)
    over_gf2 = sublevel_persistence(net, field="GF2")
    assert over_q.field == "Q" and over_gf2.field == "GF2"
    assert over_q.bars == over_gf2.bars  # D = 2: the barcode does not depend on the field
    dc = decision_complex(net)
    values = sorted(set(over_q.critical_values))
    probes = values + [(a + b) / 2 for a, b in zip(values, values[1:])] + ([values[0] - 1, values[-1] + 1] if values else [0])
    for t in probes:
        assert over_q.betti_numbers_at(t) == betti_numbers(dc, f"f<={t}")


def test_barcode_over_q_and_gf2_agree_in_a_box_on_random_3d_networks():
    net = _random_net(random.Random(8), 3, 4)
    part = enumerate_regions(net, box([-2] * 3, [2] * 3))
    assert sublevel_persistence(part, field="Q").bars == sublevel_persistence(part, field="GF2").bars
    with pytest.raises(InvalidOptionError, match="field"):
        sublevel_persistence(part, field="GF3")


def test_cli_over_the_whole_space(tmp_path, capsys):
    path = tmp_path / "annulus.json"
    save_network(annulus(), path)
    assert main(["topology", str(path), "--json", "--persistence"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["domain"] == "R^D"
    assert document["f<0"] == {"betti": [2, 1, 0], "betti_gf2": [2, 1, 0], "euler": 1}
    assert document["f>0"]["betti"] == [1, 1, 0]
    assert document["persistence"]["field"] == "Q"
    assert [0, None, None] in document["persistence"]["bars"]  # {f <= t} is never empty over R^2
    assert main(["topology", str(path), "--box", "-1", "1", "--json"]) == 0
    boxed = json.loads(capsys.readouterr().out)
    assert "domain" not in boxed and boxed["f<0"]["betti"] == [5, 0, 0]
    assert main(["topology", str(path)]) == 0
    assert "R^2, all of it" in capsys.readouterr().out


def test_the_barcode_field_matters_on_a_projective_plane():
    """The 6-vertex projective plane (not embeddable in R^3, but a filtration all the same): its H_1 is Z/2.

    Over GF(2) classes of H_1 and H_2 are born and never die; over Q the last 2-cell kills the 1-cycle
    that GF(2) keeps (its boundary is twice the cycle), so only H_0 is left at the end: the rational
    reduction really works over Q.
    """
    triangles = [(0, 1, 2), (0, 2, 3), (0, 3, 4), (0, 4, 5), (0, 5, 1), (1, 2, 4), (2, 3, 5), (3, 4, 1), (4, 5, 2), (5, 1, 3)]
    edges = sorted({tuple(sorted(pair)) for t in triangles for pair in ((t[0], t[1]), (t[1], t[2]), (t[0], t[2]))})
    index = {e: i for i, e in enumerate(edges)}
    faces = [tuple(index[tuple(sorted(pair))] for pair in ((t[0], t[1]), (t[1], t[2]), (t[0], t[2]))) for t in triangles]
    complex_ = CellComplex([()] * 6, edges, faces)
    assert cell_betti_numbers(complex_, field="Q") == (1, 0, 0) and cell_betti_numbers(complex_, field="GF2") == (1, 1, 1)
    dc = DecisionComplex(None, complex_, tuple((F(v),) for v in range(6)), tuple((F(v),) for v in range(6)))
    over_q, over_gf2 = sublevel_persistence(dc, field="Q"), sublevel_persistence(dc, field="GF2")
    assert [b.dim for b in over_q.bars if b.death is None] == [0]
    assert [b.dim for b in over_gf2.bars if b.death is None] == [0, 1, 2]
    for t in range(6):  # against the homology of the lower-star subcomplex at t, computed directly
        top = [[v <= t for v in range(6)], [max(e) <= t for e in edges], [max(tri) <= t for tri in triangles]]
        assert over_q.betti_numbers_at(t) == cell_betti_numbers(complex_, top, "Q")
        assert over_gf2.betti_numbers_at(t) == cell_betti_numbers(complex_, top, "GF2")
