"""Tests of the fast paths of exactpd.topology against the exact slow paths and hand-built answers.

- ``betti_numbers`` / ``euler_characteristic`` / ``decision_topology`` read the sets from the signs of
  ``f - t`` at the vertices of the uncut complex (subcomplexes ``L_op``, ``{f = t}`` by Mayer-Vietoris):
  checked against the homology of :func:`subcomplex`, the complex cut exactly by ``f = t`` (and by the
  second cut of the open sets), on random networks of every layer kind, at levels through vertices, and on
  hand-built degenerate networks whose answers are known by construction;
- the float filter of :mod:`exactpd.topology.vertex_outputs`: every float value lies within its proven
  bound of the exact output (checked in Fractions), every sign it gives equals the exact forward pass's,
  on points placed on and next to the level set, with weights and coordinates beyond the float range;
- the 2-D complex read from the complex engine's facets equals the one found by the general face walk.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from exactpd.enumeration import enumerate_regions
from exactpd.enumeration.complex_engine import enumerate_complex
from exactpd.kernel.polytope import box
from exactpd.network.forward_pass import forward
from exactpd.network.layers import Dense, Network
from exactpd.topology import (
    VertexOutputs,
    betti_numbers,
    cell_betti_numbers,
    cell_euler_characteristic,
    decision_complex,
    decision_topology,
    euler_characteristic,
    output_float_bound,
    output_signs,
    subcomplex,
    sublevel_persistence,
)
from exactpd.topology import faces
from tests.strategies import networks

F = Fraction
RELATIONS = (">", ">=", "=", "<=", "<")


def slow_betti(dc, name, field="Q", logit=None):
    """The Betti numbers of the set as the subcomplex of the exactly cut complex (the slow path)."""
    sub = subcomplex(dc, name, logit)
    return cell_betti_numbers(sub.complex, sub.keep, field, embedded=True)


def slow_euler(dc, name, logit=None):
    sub = subcomplex(dc, name, logit)
    return cell_euler_characteristic(sub.complex, sub.keep)


def assert_fast_equals_slow(dc, names, logit=None):
    for name in names:
        for field in ("Q", "GF2"):
            assert betti_numbers(dc, name, field, logit) == slow_betti(dc, name, field, logit), (name, field)
        assert euler_characteristic(dc, name, logit) == slow_euler(dc, name, logit), name


def random_mlp(rng: random.Random, widths, integer: bool) -> Network:
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        act = "relu" if i < len(widths) - 2 else None
        pick = (lambda: rng.randint(-3, 3)) if integer else (lambda: F(rng.randint(-40, 40), rng.randint(1, 16)))
        layers.append(Dense([[pick() for _ in range(a)] for _ in range(b)], [pick() for _ in range(b)], act))
    return Network(widths[0], layers)


def annulus() -> Network:
    """f = 1/4 - | |x|_1 - 3/4 |: positive on the shell 1/2 < |x|_1 < 1 (b = (1, 1, 0))."""
    return Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 1]], ["-3/4"], "abs"), Dense([[-1]], ["1/4"])])


def test_hand_built_sets_and_levels_through_vertices():
    """The annulus at its maximum 1/4 (reached on a circle of vertices and edges), at -1 (the box's corners), beyond."""
    dc = decision_complex(enumerate_regions(annulus(), box([-1, -1], [1, 1])))
    assert betti_numbers(dc, "f>0") == (1, 1, 0) and betti_numbers(dc, "f=0") == (2, 2, 0)
    # f = 1/4 exactly on the diamond |x|_1 = 3/4, below elsewhere
    assert betti_numbers(dc, "f=1/4") == (1, 1, 0) and betti_numbers(dc, "f>=1/4") == (1, 1, 0)
    assert betti_numbers(dc, "f>1/4") == (0, 0, 0) and euler_characteristic(dc, "f>1/4") == 0
    assert betti_numbers(dc, "f<1/4") == (2, 1, 0)  # the open inner diamond; the box minus the closed diamond
    assert betti_numbers(dc, "f<=1/4") == (1, 0, 0) and euler_characteristic(dc, "f<=1/4") == 1
    assert betti_numbers(dc, "f=-1") == (4, 0, 0) and euler_characteristic(dc, "f=-1") == 4  # the minimum: the corners
    assert betti_numbers(dc, "f>-1") == (1, 0, 0) and betti_numbers(dc, "f<-1") == (0, 0, 0)
    assert betti_numbers(dc, "f=1") == (0, 0, 0) and betti_numbers(dc, "f<1") == (1, 0, 0)  # f < 1 everywhere
    assert_fast_equals_slow(dc, [f"f{op}{t}" for op in RELATIONS for t in ("0", "1/4", "-1/4", "-1/2", "-1", "1")])


def test_a_cell_crossed_through_two_zero_corners():
    """f = x + y on the square (one region): f = 0 on two corners only, yet {f = 0} is the whole diagonal.

    No edge is crossed, only the 2-cell: the exact cut must split it all the same (it once returned the
    uncut complex, so that {f = 0} was two points).
    """
    dc = decision_complex(enumerate_regions(Network(2, [Dense([[1, 1]], [0])]), box([-2, -2], [2, 2])))
    assert slow_betti(dc, "f=0") == betti_numbers(dc, "f=0") == (1, 0, 0)
    assert slow_euler(dc, "f=0") == euler_characteristic(dc, "f=0") == 1
    assert betti_numbers(dc, "f>0") == betti_numbers(dc, "f<0") == (1, 0, 0)
    assert_fast_equals_slow(dc, [f"f{op}0" for op in RELATIONS])


def test_constant_and_dead_networks():
    """f = 0 everywhere ({f = 0} is the box), f = 1 ({f = 0} empty), a dead relu layer."""
    zero = Network(2, [Dense([[0, 0]], [0])])
    one = Network(2, [Dense([[1, 0]], [0], "relu"), Dense([[0]], [1])])
    dead = Network(2, [Dense([[1, 1], [1, -1]], [-10, -10], "relu"), Dense([[1, 1]], [0])])
    for net, expected in ((zero, {"f>0": 0, "f>=0": 1, "f=0": 1, "f<=0": 1, "f<0": 0}),
                          (one, {"f>0": 1, "f>=0": 1, "f=0": 0, "f<=0": 0, "f<0": 0}),
                          (dead, {"f>0": 0, "f>=0": 1, "f=0": 1, "f<=0": 1, "f<0": 0})):
        dc = decision_complex(enumerate_regions(net, box([-1, -1], [1, 1])))
        document = decision_topology(dc)
        for name, b0 in expected.items():
            assert document[name]["betti"] == [b0, 0, 0] == document[name]["betti_gf2"], (net, name)
            assert document[name]["euler"] == b0
        assert_fast_equals_slow(dc, list(expected))


def test_pieces_touching_at_one_vertex_and_concurrent_cuts():
    """Two diamonds touching at the origin ({f >= 0}: one piece, {f > 0}: two); three lines through one point."""
    touching = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 0], [0, 1]], ["-1/2", 0], "abs"),
                           Dense([[-1, -1]], ["1/2"])])
    dc = decision_complex(enumerate_regions(touching, box([-1, -1], [1, 1])))
    assert betti_numbers(dc, "f>0") == (2, 0, 0) and betti_numbers(dc, "f>=0") == (1, 0, 0)
    assert betti_numbers(dc, "f=0") == (1, 2, 0)  # two diamond outlines sharing a vertex: a figure eight
    three = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 0], "abs"), Dense([[1, 1, -1]], [0])])
    dc3 = decision_complex(enumerate_regions(three, box([-1, -1], [1, 1])))
    assert_fast_equals_slow(dc, [f"f{op}0" for op in RELATIONS] + ["f>1/4", "f=1/2"])
    assert_fast_equals_slow(dc3, [f"f{op}0" for op in RELATIONS])


@pytest.mark.parametrize("seed", range(4))
def test_random_plane_networks_at_every_vertex_level(seed):
    """A level through each of a few vertex values (zeros at vertices), and one between them."""
    rng = random.Random(seed)
    net = random_mlp(rng, (2, 5, 4, 1), integer=seed % 2 == 0)
    part = enumerate_complex(net, box([-2, -2], [2, 2]))
    dc = decision_complex(part)
    values = sorted({f[0] for f in dc.logits})
    levels = rng.sample(values, min(3, len(values))) + [(values[0] + values[-1]) / 2]
    assert_fast_equals_slow(dc, [f"f{op}{t}" for op in RELATIONS for t in levels])


def test_multi_logit_class_sets():
    net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, "-1/2"], "relu"), Dense([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0])])
    dc = decision_complex(enumerate_regions(net, box([-1, -1], [1, 1])))
    names = [f"class {c}{closed}" for c in range(3) for closed in ("", " closed")]
    assert_fast_equals_slow(dc, names)
    assert_fast_equals_slow(dc, ["f>0", "f=0"], logit=2)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(networks(max_layers=3))
def test_random_networks_of_every_layer_kind_fast_equals_slow(net):
    """Mixed relu/leaky/abs/maxpool/maso layers, dead units, coincident cuts, in 1-D to 3-D."""
    assume(net.input_dim <= 3)
    part = enumerate_regions(net, box([-2] * net.input_dim, [2] * net.input_dim))
    assume(len(part) <= 60)
    dc = decision_complex(part)
    if dc.n_logits == 1:
        values = sorted({f[0] for f in dc.logits})
        assert_fast_equals_slow(dc, [f"f{op}{t}" for op in RELATIONS for t in (0, values[len(values) // 2])])
        document = decision_topology(decision_complex(part))
        for name, entry in document.items():
            assert entry["betti"] == list(slow_betti(dc, name)) and entry["euler"] == slow_euler(dc, name)
    else:
        assert_fast_equals_slow(dc, ["class 0", "class 0 closed", "class 1"])


def test_the_logits_are_computed_only_when_needed():
    """The five sets of a generic network need the float filter only; persistence needs the exact values."""
    net = random_mlp(random.Random(7), (2, 8, 8, 1), integer=False)
    dc = decision_complex(enumerate_complex(net, box([-2, -2], [2, 2])))
    assert isinstance(dc.logits, VertexOutputs) and not dc.logits.computed
    document = decision_topology(dc)
    assert not dc.logits.computed
    code = sublevel_persistence(dc)
    assert dc.logits.computed and code.critical_values
    assert dc.signs() == tuple((f[0] > 0) - (f[0] < 0) for f in dc.logits)
    assert document == decision_topology(decision_complex(enumerate_regions(net, box([-2, -2], [2, 2]), engine="lp")))


def _exact_sign(net, x, logit, t):
    value = forward(net, x)[logit] - t
    return (value > 0) - (value < 0)


def test_the_float_bound_holds_and_leaves_zeros_to_the_exact_pass():
    """Points on the cut of a unit and on f = 0, and points 2^-60 away from them: every proved sign is right."""
    net = Network(2, [Dense([["1/3", "-2/7"], ["5/11", "1/13"]], ["1/10", "-3/10"], "relu"), Dense([[1, "-1/3"]], ["-1/97"])])
    rng = random.Random(3)
    points = []
    for _ in range(60):
        x = F(rng.randint(-100, 100), rng.randint(1, 50))
        y = (F(1, 10) + F(1, 3) * x) * F(7, 2)  # on the first unit's cut
        for dy in (0, F(1, 2**60), -F(1, 2**60), F(1, 2**30)):
            points.append((x, y + dy))
    values, bounds = output_float_bound(net, points)
    for p, v, e in zip(points, values[:, 0], bounds[:, 0]):
        assert abs(F(float(v)) - forward(net, p)[0]) <= F(float(e))
    for t in (0, F(-1, 97), forward(net, points[0])[0], forward(net, points[5])[0]):
        signs = output_signs(net, points, 0, t)
        assert signs == tuple(_exact_sign(net, p, 0, t) for p in points)
    assert 0 in output_signs(net, points, 0, forward(net, points[0])[0])


def test_weights_and_points_beyond_the_float_range():
    tiny = Network(1, [Dense([[F(1, 10**400)]], [0], "relu"), Dense([[1]], [F(-1, 10**401)])])
    assert output_float_bound(tiny, [(F(1),)]) is None  # a weight below the float range: no filter
    assert output_signs(tiny, [(F(1),), (F(1, 10),), (F(1, 100),)]) == (1, 0, -1)
    assert output_signs(Network(1, [Dense([[1]], [-(10**400)])]), [(F(10**400 + 1),), (F(10**400),)]) == (1, 0)
    ring = Network(1, [Dense([[1]], [0], "abs"), Dense([[1]], [-1])])  # |x| - 1
    points = [(F(10**401),), (1 + F(1, 10**400),), (F(-1),), (F(1, 2),)]
    values, bounds = output_float_bound(ring, points)
    assert values[0, 0] == bounds[0, 0] == float("inf")  # an infinite coordinate: no finite bound, nothing proved
    assert output_signs(ring, points) == (1, 1, 0, -1)  # the first three left to the exact pass
    assert output_signs(ring, points, level=F(1, 2**1070)) == (1, -1, -1, -1)  # a level below the normal floats: exact


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_layers=3), st.data())
def test_output_signs_equal_the_exact_forward_pass(net, data):
    points = data.draw(st.lists(st.tuples(*[st.fractions(-3, 3, max_denominator=64)] * net.input_dim), min_size=1, max_size=8))
    points = [tuple(F(v) for v in p) for p in points]
    logit = data.draw(st.integers(0, net.output_dim - 1))
    exact = [forward(net, p)[logit] for p in points]
    for t in (0, exact[0], data.draw(st.fractions(-3, 3, max_denominator=16))):
        assert output_signs(net, points, logit, t) == tuple((v > t) - (v < t) for v in exact)
    floats = output_float_bound(net, points)
    if floats is not None:
        for v, e, x in zip(floats[0][:, logit], floats[1][:, logit], exact):
            if abs(float(e)) != float("inf"):
                assert abs(F(float(v)) - x) <= F(float(e))


@pytest.mark.parametrize("seed", [0, 1])
def test_the_plane_complex_from_the_engine_equals_the_face_walk(seed):
    net = random_mlp(random.Random(seed), (2, 6, 6, 1), integer=seed == 0)
    part = enumerate_complex(net, box([-2, -2], [2, 2]))
    assert faces._plane_complex(part.complex) == faces._walked_complex(part)


@pytest.mark.parametrize("seed", [0, 1])
def test_three_dimensional_sets_by_duality_against_the_cut_complex(seed):
    """In 3-D no rank is computed (b_2 by Alexander duality, b_1 from chi): checked at levels through vertices."""
    rng = random.Random(seed)
    net = random_mlp(rng, (3, 4, 3, 1), integer=seed == 0)
    dc = decision_complex(enumerate_complex(net, box([-1] * 3, [1] * 3)))
    values = sorted({f[0] for f in dc.logits})
    levels = [0, values[len(values) // 3], values[len(values) // 2]]
    assert_fast_equals_slow(dc, [f"f{op}{t}" for op in RELATIONS for t in levels])
    shell = Network(3, [Dense([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0], "abs"), Dense([[1, 1, 1]], ["-3/4"], "abs"),
                        Dense([[-1]], ["1/4"])])
    hollow = decision_complex(enumerate_regions(shell, box([-1] * 3, [1] * 3)))
    assert betti_numbers(hollow, "f<0") == (2, 5, 0, 0) and betti_numbers(hollow, "f>=0", "GF2") == (1, 0, 1, 0)
    assert_fast_equals_slow(hollow, ["f>0", "f=0", "f<1/4", "f>=-1/4"])


@pytest.mark.parametrize("seed", [0, 1])
def test_the_solid_complex_from_the_engine_equals_the_face_walk(seed):
    net = random_mlp(random.Random(seed), (3, 5, 4, 1), integer=seed == 0)
    part = enumerate_complex(net, box([-1] * 3, [1] * 3))
    solid = faces._solid_complex(part.complex)
    assert solid == faces._walked_complex(part) and solid.regions == faces._walked_complex(part).regions
    assert faces.face_poset(part).euler_characteristic() == 1
