"""Tests of exactpd.topology: exact faces, homology of decision sets, sublevel persistence.

References written here, independent of the code under test:
- hand-built abs networks whose sets are known by construction (an annulus,
  its two boundary circles, two disjoint diamonds, two diamonds touching at
  one vertex, a hollow octahedral shell in 3-D, class regions of |x|, |y|, 1/2);
- the Euler characteristic from cell counts against the alternating sum of the
  Betti numbers; the domain itself (a box: b = (1, 0, ..., 0), chi = 1);
- the number of components of {f > 0} on random networks from a different
  construction: the graph of the regions on which f > 0 somewhere, joined across
  shared facets on which f > 0 somewhere, each decided by an exact LP
  (:func:`exactpd.kernel.simplex.maximize`), not by the vertices;
- the sublevel barcode against the Betti numbers of {f <= t} cut exactly at t.
"""

from __future__ import annotations

import inspect
import json
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings

import exactpd
from exactpd.cli.main import main
from exactpd.enumeration import enumerate_regions
from exactpd.enumeration.complex_engine import enumerate_complex
from exactpd.errors import InvalidDomainError, InvalidOptionError
from exactpd.io import save_network
from exactpd.kernel.polytope import box, contains
from exactpd.kernel.simplex import LPStatus, maximize
from exactpd.network.forward_pass import forward
from exactpd.network.layers import Dense, Network
from tests.strategies import networks
from exactpd.topology import (
    CellComplex,
    betti_numbers,
    cell_betti_numbers,
    decision_complex,
    decision_topology,
    euler_characteristic,
    exact_rank,
    face_poset,
    incidence_signs,
    region_vertices,
    subcomplex,
    sublevel_persistence,
)

F = Fraction
SETS = ("f>0", "f>=0", "f=0", "f<=0", "f<0", "box")


def annulus(dim: int = 2) -> Network:
    """f = 1/4 - | |x|_1 - 3/4 |: positive on the shell 1/2 < |x|_1 < 1."""
    return Network(dim, [Dense([[int(i == j) for j in range(dim)] for i in range(dim)], [0] * dim, "abs"),
                         Dense([[1] * dim], ["-3/4"], "abs"), Dense([[-1]], ["1/4"])])


def diamonds(radius) -> Network:
    """f = radius - (| |x| - 1/2 | + |y|): diamonds around (+-1/2, 0); radius 1/2 makes them touch at 0."""
    return Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 0], [0, 1]], ["-1/2", 0], "abs"),
                       Dense([[-1, -1]], [radius])])


@pytest.fixture(scope="module")
def ring():
    return decision_complex(enumerate_regions(annulus(), box([-1, -1], [1, 1])))


def test_annulus_and_its_two_boundary_circles(ring):
    assert betti_numbers(ring, "f>0") == (1, 1, 0)
    assert betti_numbers(ring, "f>=0") == (1, 1, 0)
    assert betti_numbers(ring, "f=0") == (2, 2, 0)
    # {f <= 0}: the inner diamond, and the four corners joined by the outer circle
    assert betti_numbers(ring, "f<=0") == (2, 1, 0)
    assert betti_numbers(ring, "f<0") == (5, 0, 0)
    assert betti_numbers(ring, "box") == (1, 0, 0)


def test_two_disjoint_blobs():
    part = enumerate_regions(diamonds("1/4"), box([-1, -1], [1, 1]))
    assert betti_numbers(part, "f>0") == (2, 0, 0)
    assert betti_numbers(part, "f>=0") == (2, 0, 0)
    assert betti_numbers(part, "f=0") == (2, 2, 0)


def test_pieces_touching_at_one_vertex():
    dc = decision_complex(enumerate_regions(diamonds("1/2"), box([-1, -1], [1, 1])))
    assert betti_numbers(dc, "f>0") == (2, 0, 0)  # two open diamonds: the touching point is not in the set
    assert betti_numbers(dc, "f>=0") == (1, 0, 0)  # closed: they meet at the origin
    assert betti_numbers(dc, "f=0") == (1, 2, 0)  # a figure eight
    zero = [p for p, f in zip(dc.points, dc.logits) if p == (0, 0)]
    assert zero and forward(dc.partition.network, (0, 0)) == (0,)


def test_hollow_shell_in_3d():
    dc = decision_complex(enumerate_regions(annulus(3), box([-1] * 3, [1] * 3)))
    assert betti_numbers(dc, "f>0") == (1, 0, 1, 0)
    assert betti_numbers(dc, "f>=0") == (1, 0, 1, 0)
    assert betti_numbers(dc, "f=0") == (2, 0, 2, 0)
    # {f < 0}: the core, and the cube minus the closed octahedron, which touches the cube's six face
    # centres: the cube's surface minus six points, a wedge of five circles
    assert betti_numbers(dc, "f<0") == (2, 5, 0, 0)
    assert betti_numbers(dc, "f>0", "GF2") == (1, 0, 1, 0)


def test_interval_in_1d():
    part = enumerate_regions(annulus(1), box([-1], [1]))
    assert betti_numbers(part, "f>0") == (2, 0)  # [-1, -1/2) and (1/2, 1]: open in the box
    assert betti_numbers(part, "f=0") == (4, 0)  # +-1/2 and the box's ends +-1


def test_class_regions_of_a_three_logit_network():
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 0], [0, 1], [0, 0]], [0, 0, "1/2"])])
    dc = decision_complex(enumerate_regions(net, box([-1, -1], [1, 1])))
    assert betti_numbers(dc, "class 2") == (1, 0, 0)  # the square |x|, |y| < 1/2
    assert betti_numbers(dc, "class 0") == (2, 0, 0)  # left and right of it
    assert betti_numbers(dc, "class 0 closed") == (2, 0, 0)
    assert betti_numbers(dc, "class 1") == (2, 0, 0)
    document = decision_topology(dc)
    assert sorted(document) == sorted(f"class {c}{s}" for c in range(3) for s in ("", " closed"))
    assert all(tuple(entry["betti"]) == betti_numbers(dc, name) for name, entry in document.items())
    with pytest.raises(InvalidOptionError, match="logits"):
        betti_numbers(dc, "f>0")
    assert betti_numbers(dc, "f>0", logit=2) == (1, 0, 0)


def _random_net(rng: random.Random, dim: int, width: int, integer: bool) -> Network:
    draw = (lambda: rng.randint(-2, 2)) if integer else (lambda: F(round(rng.gauss(0, 1) * 64), 64))
    return Network(dim, [Dense([[draw() for _ in range(dim)] for _ in range(width)], [draw() for _ in range(width)], "relu"),
                         Dense([[draw() for _ in range(width)] for _ in range(width)], [draw() for _ in range(width)], "relu"),
                         Dense([[draw() for _ in range(width)]], [F(1, 8)])])


@pytest.mark.parametrize("dim, width, seed, integer", [(1, 5, 0, False), (2, 6, 1, False), (2, 6, 2, True), (3, 4, 3, True),
                                                         (3, 4, 4, False), (4, 3, 5, True)])
def test_euler_characteristic_of_every_set_and_of_the_box(dim, width, seed, integer):
    part = enumerate_regions(_random_net(random.Random(seed), dim, width, integer), box([-2] * dim, [2] * dim))
    poset = face_poset(part, signs=False)
    assert poset.euler_characteristic() == 1
    dc = decision_complex(poset)
    for name in SETS:
        b = betti_numbers(dc, name)
        assert sum((-1) ** k * bk for k, bk in enumerate(b)) == euler_characteristic(dc, name)
        sub = subcomplex(dc, name)  # the full chain complex, d_D ranked too (betti_numbers skips it: H_D = 0 in R^D)
        assert cell_betti_numbers(sub.complex, sub.keep) == b and b[dim] == 0
        if dim <= 3:  # no torsion in the homology of subsets of R^3
            assert betti_numbers(dc, name, "GF2") == b
    assert betti_numbers(dc, "box") == (1,) + (0,) * dim
    document = decision_topology(dc)  # the one-pass computation agrees with the set-by-set one
    assert {name: tuple(entry["betti"]) for name, entry in document.items()} == {n: betti_numbers(dc, n) for n in SETS[:-1]}


def test_faces_are_exact_and_carry_their_sign_vectors():
    part = enumerate_regions(_random_net(random.Random(7), 2, 5, True), box([-2, -2], [2, 2]))
    poset = face_poset(part)
    assert poset.faces[2] and len(poset.faces[2]) == len(part)
    for k, level in enumerate(poset.faces):
        for face in level:
            assert len(face.vertices) >= k + 1 and (len(face.facets) >= k + 1 if k else not face.facets)
            for r in face.regions:
                assert contains(part[r].polytope, face.point)
            if k < 2:  # a face off the domain boundary is on a cut: some unit is zero there
                on_box = any(abs(c) == 2 for c in face.point)
                assert on_box or face.zero_units
    net = part.network
    for level in poset.faces:  # the sign vector against the pre-activations computed from the Dense layers
        for face in level:
            z, expected = face.point, []
            for layer in net.layers[:-1]:
                pre = [sum((w * v for w, v in zip(row, z)), F(0)) + c for row, c in zip(layer.weight, layer.bias)]
                expected.append(tuple((0, 1) if p == 0 else (1,) if p > 0 else (0,) for p in pre))
                z = [max(p, F(0)) for p in pre]
            assert face.sign == tuple(expected)
    for r, region in enumerate(part):
        vertices = set(region_vertices(region.polytope, region.witness))
        assert vertices == {poset.points[v] for v in poset.faces[2][r].vertices}


def test_faces_in_four_dimensions():
    part = enumerate_regions(Network(4, [Dense([[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 1, 1]], [0, 0, "-1/2"], "relu"),
                                         Dense([[1, -1, 1]], [0])]), box([-1] * 4, [1] * 4))
    poset = face_poset(part, signs=False)
    assert poset.euler_characteristic() == 1 and poset.dim == 4
    assert betti_numbers(poset, "box") == (1, 0, 0, 0, 0)


def _positive_components_by_lp(part) -> int:
    """Components of {f > 0}: regions where sup f > 0, joined across facets where sup f > 0 (exact LPs)."""
    def sup_positive(region, extra=()):
        (g,), (h,) = region.output_map.G, region.output_map.h
        A = list(region.polytope.A) + [row for row, _ in extra] + [tuple(-v for v in row) for row, _ in extra]
        b = list(region.polytope.b) + [beta for _, beta in extra] + [-beta for _, beta in extra]
        solution = maximize(g, A, b)
        return solution.status is LPStatus.OPTIMAL and solution.value + h > 0

    nodes = [i for i, region in enumerate(part) if sup_positive(region)]
    parent = {i: i for i in nodes}

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for edge in part.edges:
        if edge.u in parent and edge.v in parent and sup_positive(part[edge.u], [edge.hyperplane]):
            parent[find(edge.u)] = find(edge.v)
    return len({find(i) for i in nodes})


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_components_of_the_positive_set_against_an_lp_construction(seed):
    part = enumerate_regions(_random_net(random.Random(seed), 2, 7, False), box([-3, -3], [3, 3]))
    assert betti_numbers(part, "f>0")[0] == _positive_components_by_lp(part)


def test_sublevel_barcode_against_exact_cuts():
    dc = decision_complex(enumerate_regions(_random_net(random.Random(21), 2, 6, False), box([-2, -2], [2, 2])))
    code = sublevel_persistence(dc)
    assert code.betti_numbers_at(max(code.critical_values) + 1) == (1, 0, 0)  # the whole box
    assert sum(1 for bar in code.bars if bar.death is None) == 1
    values = sorted(set(f[0] for f in dc.logits))
    probes = values[:: max(1, len(values) // 6)] + [(a + b) / 2 for a, b in zip(values[::5], values[1::5])]
    for t in probes:
        assert code.betti_numbers_at(t) == betti_numbers(dc, f"f<={t}", "GF2")
    for value in code.critical_values:
        assert value in values  # every critical value is f at a vertex, exactly


def test_homology_of_small_complexes_and_ranks():
    # a circle and a square (disc): incidence signs make d o d = 0
    circle = CellComplex(((), (), ()), ((0, 1), (1, 2), (0, 2)))
    assert cell_betti_numbers(circle) == (1, 1)
    disc = CellComplex(((), (), ()), ((0, 1), (1, 2), (0, 2)), ((0, 1, 2),))
    signs = incidence_signs(disc)
    assert sorted(signs[2][0]) in ([-1, 1, 1], [-1, -1, 1])
    assert cell_betti_numbers(disc) == (1, 0, 0)
    triangle = [{0: 1, 1: 1}, {1: 1, 2: 1}, {0: 1, 2: 1}]
    for backend in ("flint", "sympy", "elimination"):
        assert exact_rank(triangle, 3, "Q", backend) == 3
    assert exact_rank(triangle, 3, "GF2") == exact_rank(triangle, 3, "GF2", "flint") == 2


def test_bad_input_gives_one_clear_error(ring, tmp_path):
    with pytest.raises(InvalidOptionError, match="unknown set"):
        betti_numbers(ring, "g>0")
    with pytest.raises(InvalidOptionError, match="not a number"):
        betti_numbers(ring, "f>>0")
    with pytest.raises(InvalidOptionError, match="class"):
        betti_numbers(ring, "class 0")
    with pytest.raises(InvalidOptionError, match="field"):
        betti_numbers(ring, "f>0", "GF3")
    with pytest.raises(InvalidDomainError, match="unbounded"):
        face_poset(enumerate_regions(annulus(), None))


def test_cli_json_contract(tmp_path, capsys):
    path = tmp_path / "annulus.json"
    save_network(annulus(), path)
    assert main(["topology", str(path), "--box", "-1", "1", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["f>0"] == {"betti": [1, 1, 0], "betti_gf2": [1, 1, 0], "euler": 0}
    assert document["f=0"]["betti"] == [2, 2, 0] and document["f>=0"]["euler"] == 0
    assert main(["topology", str(path), "--box", "-1", "1", "--persistence"]) == 0
    text = capsys.readouterr().out
    assert "f>0: betti [1, 1, 0], euler 0" in text and "H1 bar: [0, 1/4)" in text
    assert main(["topology", str(path), "--json"]) == 0  # no box: all of R^2 (tests/test_topology_whole_space.py)
    assert json.loads(capsys.readouterr().out)["domain"] == "R^D"
    three = tmp_path / "three.json"
    save_network(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 0], [0, 1], [0, 0]], [0, 0, "1/2"])]), three)
    assert main(["topology", str(three), "--box", "-1", "1", "--json", "--persistence", "--logit", "2"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["class 2"]["betti"] == [1, 0, 0] and document["persistence"]["bars"] == [[0, "1/2", None]]
    assert main(["topology", str(three), "--box", "-1", "1", "--persistence"]) == 2
    assert "--logit K" in capsys.readouterr().err
    assert exactpd.betti_numbers is betti_numbers and exactpd.face_poset is face_poset


@pytest.mark.parametrize("seed", [31, 32])
def test_the_complex_engine_and_the_lp_engine_give_the_same_faces_and_homology(seed):
    net = _random_net(random.Random(seed), 2, 6, seed % 2 == 0)
    lp = {"engine": "lp"} if "engine" in inspect.signature(enumerate_regions).parameters else {}
    by_lp = face_poset(enumerate_regions(net, box([-2, -2], [2, 2]), **lp))
    by_complex = face_poset(enumerate_complex(net, box([-2, -2], [2, 2])))
    assert by_lp.partition.complex is None and by_complex.partition.complex is not None
    assert by_lp.counts == by_complex.counts

    def faces(poset):
        return {(k, frozenset(poset.points[v] for v in face.vertices), face.sign) for k, level in enumerate(poset.faces) for face in level}

    assert faces(by_lp) == faces(by_complex)
    for name in SETS:
        assert betti_numbers(by_lp, name) == betti_numbers(by_complex, name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(networks(max_layers=3))
def test_random_networks_of_every_layer_kind_form_a_complex_with_consistent_homology(net):
    """Mixed relu/leaky/abs/maxpool/maso layers, dead units, small integer or rational weights (many coincidences)."""
    assume(net.input_dim <= 3)
    part = enumerate_regions(net, box([-2] * net.input_dim, [2] * net.input_dim))
    assume(len(part) <= 150)
    poset = face_poset(part, signs=False)  # checks that the regions meet face to face
    assert poset.euler_characteristic() == 1
    dc = decision_complex(poset)
    assert betti_numbers(dc, "box") == (1,) + (0,) * net.input_dim
    names = [*SETS] if dc.n_logits == 1 else ["class 0", "class 0 closed"]
    for name in names:
        kwargs = {} if dc.n_logits == 1 or name.startswith("class") else {"logit": 0}
        b = betti_numbers(dc, name, **kwargs)
        assert b == betti_numbers(dc, name, "GF2", **kwargs)
        assert sum((-1) ** k * bk for k, bk in enumerate(b)) == euler_characteristic(dc, name, **kwargs)
