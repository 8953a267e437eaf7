"""Tests of exactpd.geometry.powerdiagram against references written here from the MASO pieces.

The reference forward pass (per-unit argmax, lowest index on ties) and the
reference sites (Theorem 1 summed by hand over every code) are a few lines
each below, independent of the module under test.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from exactpd.errors import DimensionError
from exactpd.network.forward_pass import code_at, trace
from exactpd.geometry.powerdiagram import layer_sites
from exactpd.network.maso import MasoLayer, layer_maps, maso_layers
from exactpd.network.layers import Dense, Maso, MaxPool, Network
from exactpd.geometry.powerdiagram import (
    LocateResult,
    PowerCell,
    PowerDiagram,
    PowerSite,
    chordale,
    combine_unit_diagrams,
    input_power_diagram,
    layer_power_diagram,
    locate_brute_force,
    locate_fast,
    locate_network,
    map_site,
    piece_site,
    point_site,
    power_distance,
    site_offset,
    unit_power_diagram,
)

F = Fraction
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- references


def ref_dot(u, v):
    return sum((a * b for a, b in zip(u, v)), F(0))


def ref_values(layer, u):
    """E_{k,r}(u) for every unit k and piece r."""
    return [[ref_dot(a, u) + b for a, b in zip(A, B)] for A, B in zip(layer.slopes, layer.offsets)]


def ref_argmax_sets(layer, u):
    return [tuple(r for r, v in enumerate(values) if v == max(values)) for values in ref_values(layer, u)]


def ref_code(layer, u):
    """The forward pass's code: per unit, the lowest index of the max."""
    return tuple(values.index(max(values)) for values in ref_values(layer, u))


def ref_forward(layers, x):
    """Codes and outputs z^(l)(x) of every layer."""
    codes, outputs, u = [], [], tuple(x)
    for layer in layers:
        values = ref_values(layer, u)
        codes.append(tuple(v.index(max(v)) for v in values))
        u = tuple(max(v) for v in values)
        outputs.append(u)
    return tuple(codes), tuple(outputs)


def ref_site(layer, code):
    """Theorem 1, summed by hand: (mu_r, rho_r)."""
    mu = [F(0)] * layer.input_dim
    beta = F(0)
    for k, r in enumerate(code):
        mu = [m + a for m, a in zip(mu, layer.slopes[k][r])]
        beta += layer.offsets[k][r]
    return tuple(mu), ref_dot(mu, mu) + 2 * beta


def all_codes(layer):
    return list(itertools.product(*(range(n) for n in layer.n_pieces)))


def ref_minimisers(layer, u):
    """Every code minimising ||u - mu_r||^2 - rho_r, computed from the reference sites."""
    distances = {}
    for code in all_codes(layer):
        mu, rho = ref_site(layer, code)
        distances[code] = sum(((a - b) ** 2 for a, b in zip(u, mu)), F(0)) - rho
    best = min(distances.values())
    return sorted(c for c, d in distances.items() if d == best)


# ---------------------------------------------------------------- strategies

integers = st.integers(-2, 2).map(F)
rationals = st.fractions(min_value=-3, max_value=3, max_denominator=6)
floats = st.floats(-3, 3, allow_nan=False, allow_infinity=False, width=32).map(F)
number_kinds = st.sampled_from([integers, rationals, floats, st.one_of(integers, rationals)])


@st.composite
def maso_layer(draw, max_sites=243, max_pieces=3):
    """A general MASO layer: input dim 1-4, up to 6 units, 1-3 pieces each, one number kind."""
    numbers = draw(number_kinds)
    dim = draw(st.integers(1, 4))
    n_units = draw(st.integers(1, 6))
    pieces = [draw(st.integers(1, max_pieces)) for _ in range(n_units)]
    assume(math.prod(pieces) <= max_sites)
    slopes = tuple(tuple(tuple(draw(numbers) for _ in range(dim)) for _ in range(R)) for R in pieces)
    offsets = tuple(tuple(draw(numbers) for _ in range(R)) for R in pieces)
    return MasoLayer(slopes, offsets, 0, "maso")


@st.composite
def dense(draw, n_in, numbers):
    n_out = draw(st.integers(1, 6))
    activation = draw(st.sampled_from([None, "relu", "leaky_relu", "abs"]))
    weight = [[draw(numbers) for _ in range(n_in)] for _ in range(n_out)]
    bias = [draw(numbers) for _ in range(n_out)]
    slope = draw(st.sampled_from([F(1, 10), F(1, 2), F(-1, 3)])) if activation == "leaky_relu" else None
    return Dense(weight, bias, activation, slope)


@st.composite
def network(draw, max_layers=3):
    """Dense (relu, leaky_relu, abs, affine), MaxPool and general Maso layers; input dim 1-4."""
    numbers = draw(number_kinds)
    width = input_dim = draw(st.integers(1, 4))
    layers = []
    for _ in range(draw(st.integers(1, max_layers))):
        kind = draw(st.sampled_from(["dense", "dense", "maxpool", "maso"]))
        if kind == "maxpool" and width >= 2:
            groups = [
                draw(st.lists(st.integers(0, width - 1), min_size=1, max_size=3)) for _ in range(draw(st.integers(1, 3)))
            ]
            layers.append(MaxPool(groups))
            width = len(groups)
        elif kind == "maso":
            n_units = draw(st.integers(1, 3))
            pieces = [draw(st.integers(1, 3)) for _ in range(n_units)]
            slopes = [[[draw(numbers) for _ in range(width)] for _ in range(R)] for R in pieces]
            offsets = [[draw(numbers) for _ in range(R)] for R in pieces]
            layers.append(Maso(slopes, offsets))
            width = n_units
        else:
            layer = draw(dense(width, numbers))
            layers.append(layer)
            width = layer.n_outputs
    net = Network(input_dim, layers)
    assume(maso_layers(net))
    return net


def point(dim, numbers=None):
    coordinate = numbers if numbers is not None else st.one_of(integers, st.integers(-4, 4).map(lambda n: F(n, 2)), rationals, floats)
    return st.tuples(*[coordinate] * dim)


@st.composite
def network_and_point(draw, coordinates=None):
    net = draw(network())
    return net, draw(point(net.input_dim, coordinates))


@st.composite
def layer_and_point(draw):
    """A layer and a point; half of the points are moved onto a tie of two pieces of one unit."""
    layer = draw(maso_layer())
    u = draw(point(layer.input_dim))
    k = draw(st.integers(0, layer.n_units - 1))
    if layer.n_pieces[k] >= 2 and draw(st.booleans()):
        r, s = draw(st.permutations(range(layer.n_pieces[k])))[:2]
        normal = [a - b for a, b in zip(layer.slopes[k][r], layer.slopes[k][s])]
        if any(normal):
            t = (layer.offsets[k][s] - layer.offsets[k][r] - ref_dot(normal, u)) / ref_dot(normal, normal)
            u = tuple(a + t * n for a, n in zip(u, normal))
            assert ref_values(layer, u)[k][r] == ref_values(layer, u)[k][s]
    return layer, u


# ---------------------------------------------------------------- sites and distances


def test_power_site_converts_exactly_and_is_frozen():
    site = PowerSite([1, "1/3", 0.5], "-2", [1, 0])
    assert site.centroid == (F(1), F(1, 3), F(1, 2))
    assert site.power_weight == F(-2) and site.code == (1, 0)
    assert PowerCell is PowerSite
    with pytest.raises(AttributeError):
        site.power_weight = F(0)


def test_power_distance_is_squared_distance_minus_power_weight():
    site = PowerSite([1, 2], F(3, 2))
    assert power_distance([4, -2], site) == 9 + 16 - F(3, 2)
    assert power_distance(["1", "2"], site) == F(-3, 2)  # inside the sphere: negative
    with pytest.raises(DimensionError):
        power_distance([1, 2, 3], site)


@given(st.tuples(point(3), rationals), st.tuples(point(3), rationals), point(3))
@SETTINGS
def test_chordale_separates_the_two_sites(s, t, x):
    site_s, site_t = PowerSite(*s), PowerSite(*t)
    normal, offset = chordale(site_s, site_t)
    difference = power_distance(x, site_s) - power_distance(x, site_t)
    assert difference == ref_dot(normal, x) - offset
    # the spec's form: 2 <mu_t - mu_s, x> = ||mu_t||^2 - ||mu_s||^2 - rho_t + rho_s on the hyperplane
    mu_s, mu_t = site_s.centroid, site_t.centroid
    assert normal == tuple(2 * (b - a) for a, b in zip(mu_s, mu_t))
    assert offset == ref_dot(mu_t, mu_t) - ref_dot(mu_s, mu_s) - site_t.power_weight + site_s.power_weight


def test_chordale_of_equal_weights_is_the_bisector():
    normal, offset = chordale(PowerSite([0, 0], 5), PowerSite([2, 2], 5))
    assert (normal, offset) == ((4, 4), 8)  # x + y = 2, the perpendicular bisector
    # more weight on t pushes the hyperplane towards s
    normal, offset = chordale(PowerSite([0, 0], 0), PowerSite([2, 0], 4))
    assert (normal, offset) == ((4, 0), 0)  # x = 0: s keeps only x <= 0


def test_piece_site_and_site_offset_are_inverse():
    site = piece_site([1, -2], F(3, 4), (2,))
    assert site == PowerSite([1, -2], 5 + F(3, 2), (2,))
    assert site_offset(site) == F(3, 4)


# ---------------------------------------------------------------- Lemma 1 and Theorem 1


@given(maso_layer(), st.data())
@SETTINGS
def test_unit_diagram_lemma1(layer, data):
    k = data.draw(st.integers(0, layer.n_units - 1))
    diagram = unit_power_diagram(layer, k)
    assert len(diagram) == layer.n_pieces[k]
    for r, site in enumerate(diagram.sites()):
        a, b = layer.slopes[k][r], layer.offsets[k][r]
        assert site == PowerSite(a, ref_dot(a, a) + 2 * b, (r,))
    u = data.draw(point(layer.input_dim))
    assert diagram.locate(u).code == (ref_code(layer, u)[k],)


@given(maso_layer())
@SETTINGS
def test_layer_sites_theorem1(layer):
    diagram = layer_power_diagram(layer)
    codes = all_codes(layer)
    assert len(diagram) == len(codes) == math.prod(layer.n_pieces)
    assert diagram.n_candidates == layer.n_pieces and diagram.dim == layer.input_dim
    sites = list(diagram.sites())
    assert [s.code for s in sites] == codes  # lexicographic order
    for code, site in zip(codes, sites):
        assert (site.centroid, site.power_weight) == ref_site(layer, code)
        assert diagram.cell(code) == site


@given(layer_and_point())
@SETTINGS
def test_layer_diagram_argmin_is_the_forward_code_ties_included(case):
    layer, u = case
    expected = ref_code(layer, u)
    minimisers = ref_minimisers(layer, u)
    # the minimising codes are exactly the product of the per-unit argmax sets ...
    assert minimisers == sorted(itertools.product(*ref_argmax_sets(layer, u)))
    # ... so the lexicographically smallest one is the per-unit lowest index
    assert minimisers[0] == expected
    assert layer_power_diagram(layer).locate(u).code == expected
    fast, brute = locate_fast(layer, u), locate_brute_force(layer, u)
    assert fast == LocateResult(expected, sum(layer.n_pieces) * layer.input_dim)
    assert brute == LocateResult(expected, math.prod(layer.n_pieces) * layer.input_dim)
    diagram = layer_power_diagram(layer)
    assert locate_fast(diagram, u) == fast and locate_brute_force(diagram, u) == brute


def test_ties_happen_on_integer_grids_and_agree():
    """Integer weights on an integer grid: many exact ties, all decided alike."""
    layers = maso_layers(
        Network(2, [Dense([[1, -1], [1, 1], [0, 1], [2, 0]], [0, -1, 1, 0], "abs"), MaxPool([[0, 1, 2], [3, 3, 1]])])
    )
    ties = 0
    for x in itertools.product(range(-3, 4), repeat=2):
        codes, outputs = ref_forward(layers, [F(v) for v in x])
        assert locate_network(layers, x).code == codes
        assert locate_network(layers, x, brute_force=True).code == codes
        for layer, u in zip(layers, (x,) + outputs[:-1]):
            ties += any(len(s) > 1 for s in ref_argmax_sets(layer, [F(v) for v in u]))
    assert ties > 10


def test_degenerate_layer_coinciding_sites_and_duplicate_pieces():
    """Dead unit, duplicated pieces, and two units whose sites coincide: lex-smallest code everywhere."""
    zero = (F(0), F(0))
    layer = MasoLayer(
        slopes=(
            (zero, zero),  # dead unit: both pieces 0 everywhere
            ((F(1), F(0)), (F(1), F(0)), (F(0), F(1))),  # pieces 0 and 1 identical
            ((F(1), F(0)), (F(0), F(1))),  # with unit 1: codes (., 0, 1) and (., 2, 0) share a site
        ),
        offsets=((F(0), F(0)), (F(0), F(0), F(0)), (F(0), F(0))),
        source=0,
        kind="maso",
    )
    diagram = layer_power_diagram(layer)
    assert diagram.cell((0, 0, 0)) == PowerSite([2, 0], 4, (0, 0, 0))
    assert diagram.cell((1, 0, 1)).centroid == diagram.cell((0, 2, 0)).centroid == (1, 1)
    for x in itertools.product(range(-2, 3), repeat=2):
        u = tuple(map(F, x))
        assert ref_minimisers(layer, u)[0] == ref_code(layer, u)
        assert diagram.locate(u).code == ref_code(layer, u)
        assert locate_fast(layer, u).code == ref_code(layer, u)
    assert diagram.locate([1, 1]).code == (0, 0, 0)  # every code of units 1-2 ties at (1, 1)
    assert ref_minimisers(layer, (F(1), F(1)))[:3] == [(0, 0, 0), (0, 0, 1), (0, 1, 0)]


def test_cell_is_lazy_on_a_wide_layer():
    """2^60 sites: cell(code) and locate_fast never enumerate them."""
    k_units = 60
    weight = [[F(k % 7 - 3), F(k % 5 - 2), F(1)] for k in range(k_units)]
    (layer,) = maso_layers(Network(3, [Dense(weight, [F(k, 3) for k in range(k_units)], "relu")]))
    diagram = layer_power_diagram(layer)
    assert len(diagram) == 2**60
    code = tuple(k % 2 for k in range(k_units))
    assert (diagram.cell(code).centroid, diagram.cell(code).power_weight) == ref_site(layer, code)
    u = (F(1, 2), F(-1), F(2))
    assert locate_fast(diagram, u).code == locate_fast(layer, u).code == ref_code(layer, u)
    assert locate_fast(layer, u).operations == 60 * 2 * 3


def test_cell_rejects_codes_that_do_not_fit():
    diagram = layer_power_diagram(MasoLayer(((((F(1),), (F(0),))),), ((F(0), F(1)),), 0, "maso"))
    with pytest.raises(DimensionError, match="expected 1 entries"):
        diagram.cell((0, 1))
    with pytest.raises(DimensionError, match="factor 0 has no site"):
        diagram.cell((2,))
    with pytest.raises(DimensionError):
        unit_power_diagram(MasoLayer(((((F(1),),)),), ((F(0),),), 0, "maso"), 1)


def test_power_diagram_validation():
    a, b = PowerSite([0], 0, (0,)), PowerSite([1], 0, (1,))
    with pytest.raises(DimensionError):
        PowerDiagram([])
    with pytest.raises(DimensionError):
        PowerDiagram([[a], []])
    with pytest.raises(DimensionError, match="same code"):
        PowerDiagram([[a, PowerSite([2], 0, (0,))]])
    with pytest.raises(DimensionError, match="unequal dimensions"):
        PowerDiagram([[a], [PowerSite([1, 2], 0, (0,))]])
    with pytest.raises(DimensionError, match="unequal lengths"):
        PowerDiagram([[a, PowerSite([1], 0, (1, 1))]])
    # factors are stored sorted by code, so sites() is in lex order whatever the input order
    assert PowerDiagram([[b, a]]) == PowerDiagram([[a, b]])


def test_a_plain_list_of_sites_voronoi_and_power():
    sites = [PowerSite([0, 0], 0, (0,)), PowerSite([4, 0], 0, (1,)), PowerSite([0, 4], 12, (2,))]
    diagram = PowerDiagram([sites])
    assert diagram.locate([1, 0]).code == (0,)
    assert diagram.locate([2, 0]).code == (0,)  # tie between 0 and 1 on the bisector
    assert diagram.locate([1, 3]).code == (2,)  # the heavy site 2 reaches beyond the bisector y = 2
    assert diagram.locate([0, "1/2"]).code == (0,)  # on the chordale y = 1/2 of sites 0 and 2: tie


# ---------------------------------------------------------------- Lemma 5


def test_lemma5_two_units_by_hand():
    layer = MasoLayer(
        (((F(1), F(0)), (F(0), F(2))), ((F(-1), F(1)), (F(3), F(1)), (F(0), F(0)))),
        ((F(1), F(-1)), (F(2), F(0), F(5))),
        0,
        "maso",
    )
    d1, d2 = unit_power_diagram(layer, 0), unit_power_diagram(layer, 1)
    both = combine_unit_diagrams(d1, d2)
    for i, j in itertools.product(range(2), range(3)):
        a1, a2 = layer.slopes[0][i], layer.slopes[1][j]
        rho1 = ref_dot(a1, a1) + 2 * layer.offsets[0][i]
        rho2 = ref_dot(a2, a2) + 2 * layer.offsets[1][j]
        site = both.cell((i, j))
        assert site.centroid == tuple(x + y for x, y in zip(a1, a2))
        assert site.power_weight == rho1 + rho2 + 2 * ref_dot(a1, a2)


def test_errata_e2_the_printed_sign_locates_wrongly():
    """Lemma 5's printed last line is +rho; used as b in argmin ||x - mu||^2 + b it misplaces points."""
    (layer,) = maso_layers(Network(2, [Dense([[1, 2], [-1, 1]], [1, -2], "relu")]))
    right = layer_power_diagram(layer)
    printed = PowerDiagram([[PowerSite(s.centroid, -s.power_weight, s.code) for s in right.sites()]])
    grid = [tuple(map(F, x)) for x in itertools.product(range(-3, 4), repeat=2)]
    assert all(right.locate(x).code == ref_code(layer, x) for x in grid)
    assert sum(printed.locate(x).code != ref_code(layer, x) for x in grid) > len(grid) // 4


@given(maso_layer(max_sites=81))
@SETTINGS
def test_lemma5_folding_gives_theorem1(layer):
    folded = unit_power_diagram(layer, 0)
    for k in range(1, layer.n_units):
        folded = combine_unit_diagrams(folded, unit_power_diagram(layer, k))
    assert len(folded.factors) == 1
    assert list(folded.sites()) == list(layer_power_diagram(layer).sites())


# ---------------------------------------------------------------- Theorem 2 and the point's site


@given(network_and_point())
@SETTINGS
def test_input_diagram_theorem2_locates_the_layer_code(case):
    net, x = case
    layers = maso_layers(net)
    codes, _ = ref_forward(layers, x)
    for l, layer in enumerate(layers):
        diagram = input_power_diagram(net, l, codes[:l])
        assert diagram.dim == net.input_dim
        assert diagram.locate(x).code == codes[l]
        assert locate_fast(diagram, x).code == codes[l]
        assert locate_brute_force(diagram, x).code == codes[l]
        assert input_power_diagram(layers, l, codes) == diagram  # a full code is accepted


@given(network(), st.data())
@SETTINGS
def test_input_diagram_sites_are_eqs_31_32_corrected(net, data):
    layers = maso_layers(net)
    l = data.draw(st.integers(0, len(layers) - 1))
    x = data.draw(point(net.input_dim))
    codes, _ = ref_forward(layers, x)
    if l == 0:
        G = tuple(tuple(F(int(i == j)) for j in range(net.input_dim)) for i in range(net.input_dim))
        h = (F(0),) * net.input_dim
    else:
        region = layer_maps(layers, codes[:l])[-1]
        G, h = region.G, region.h
    diagram = input_power_diagram(layers, l, codes[:l])
    for code in data.draw(st.lists(st.sampled_from(all_codes(layers[l])), min_size=1, max_size=5)):
        mu, rho = ref_site(layers[l], code)
        beta = (rho - ref_dot(mu, mu)) / 2
        centroid = tuple(ref_dot(column, mu) for column in zip(*G))  # G^T mu_r
        expected = ref_dot(centroid, centroid) + 2 * ref_dot(mu, h) + 2 * beta
        assert diagram.cell(code) == PowerSite(centroid, expected, code)


def test_input_diagram_is_valid_only_in_its_region():
    """Fig 8's point: layer 2's diagram of another layer-1 region locates some points wrongly."""
    net = Network(1, [Dense([[1], [-1]], [0, 0], "relu"), Dense([[1, 1]], [-1], "relu")])
    x = (F(-3),)  # region (0, 1) of layer 1, |x| = 3 > 1: layer 2 active
    assert ref_forward(maso_layers(net), x)[0] == ((0, 1), (1,))
    assert input_power_diagram(net, 1, [(0, 1)]).locate(x).code == (1,)
    assert input_power_diagram(net, 1, [(1, 0)]).locate(x).code == (0,)  # wrong region, wrong answer


def test_input_diagram_rejects_bad_prefixes():
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [0], "relu")])
    with pytest.raises(DimensionError, match="needs the codes of 1 layers"):
        input_power_diagram(net, 1, [])
    with pytest.raises(DimensionError, match="does not fit"):
        input_power_diagram(net, 1, [(0, 2)])
    with pytest.raises(DimensionError, match="does not fit"):
        input_power_diagram(net, 1, [(0,)])
    with pytest.raises(DimensionError, match="layer_index 2"):
        input_power_diagram(net, 2, [(0, 0), (0,)])


@given(network_and_point())
@SETTINGS
def test_point_site_both_formulas_agree(case):
    net, x = case
    layers = maso_layers(net)
    codes, outputs = ref_forward(layers, x)
    for l in range(len(layers)):
        site = point_site(net, x, l)
        assert site.code == codes[l]
        # Theorem 2 (G_omega^T mu_r with the layer-l-1 region map) ...
        assert site == input_power_diagram(layers, l, codes).cell(codes[l])
        # ... and rho = ||mu||^2 + 2 (1^T z^(l)(x) - <mu, x>), z from the reference forward pass
        mu = site.centroid
        assert site.power_weight == ref_dot(mu, mu) + 2 * (sum(outputs[l]) - ref_dot(mu, x))
        # so lambda(x; mu, rho) = ||x||^2 - 2 sum_k z_k^(l)(x)
        assert power_distance(x, site) == ref_dot(x, x) - 2 * sum(outputs[l])
        assert site == map_site(layer_maps(layers, codes)[l], codes[l])


@given(network_and_point())
@SETTINGS
def test_agrees_with_the_forward_pass_module(case):
    """The power-diagram path and exactpd.network.forward_pass give the same codes and sites."""
    net, x = case
    point_trace = trace(net, x)
    assert locate_network(net, x).code == point_trace.code == code_at(net, x)
    for l, site in enumerate(layer_sites(point_trace)):
        mine = point_site(net, x, l)
        assert (mine.centroid, mine.power_weight, mine.code) == (site.centroid, site.power_weight, point_trace.code[l])
        assert input_power_diagram(net, l, point_trace.code).locate(x) == mine


def test_point_site_centroid_is_the_gradient():
    """J^T 1 by exact finite differences, the step kept inside the region."""
    net = Network(2, [Dense([[2, 1], [-1, 3]], [1, "1/2"], "leaky_relu", "1/5"), Dense([[1, -2]], [0], "abs")])
    x = (F(1, 3), F(1, 7))
    layers = maso_layers(net)
    codes, outputs = ref_forward(layers, x)
    step = F(1, 10**6)
    for l in range(2):
        site = point_site(net, x, l)
        for d in range(2):
            y = tuple(v + step * (i == d) for i, v in enumerate(x))
            codes_y, outputs_y = ref_forward(layers, y)
            assert codes_y == codes
            assert (sum(outputs_y[l]) - sum(outputs[l])) / step == site.centroid[d]


# ---------------------------------------------------------------- Lemma 4 / Theorem 7


@given(network_and_point(st.integers(-2, 2).map(lambda n: F(n, 2))))
@SETTINGS
def test_network_locate_fast_equals_brute_force_with_counts(case):
    net, x = case
    layers = maso_layers(net)
    codes, _ = ref_forward(layers, x)
    fast, brute = locate_network(net, x), locate_network(net, x, brute_force=True)
    assert fast.code == brute.code == codes
    assert fast.operations == sum(sum(layer.n_pieces) * layer.input_dim for layer in layers)
    assert brute.operations == sum(math.prod(layer.n_pieces) * layer.input_dim for layer in layers)


def test_theorem7_counts_of_the_spec_example():
    """K = 16 units, R = 2, D = 16: 512 versus 1,048,576 multiply-adds."""
    weight = [[F((3 * k + d) % 5 - 2) for d in range(16)] for k in range(16)]
    (layer,) = maso_layers(Network(16, [Dense(weight, [F(k % 3) for k in range(16)], "relu")]))
    assert locate_fast(layer, [F(1)] * 16).operations == 512
    assert math.prod(layer.n_pieces) * layer.input_dim == 1_048_576  # what locate_brute_force would count


@pytest.mark.parametrize(
    "x",
    [[1, -2], ["1/2", "-1"], [0.25, -0.5], [F(1, 3), F(-2, 3)], np.array([1.5, -0.75]), np.array([2, -1], dtype=np.int64)],
)
def test_every_input_kind_gives_the_same_answers(x):
    net = Network(2, [Dense([[1, 2], [-1, 1], [1, 0]], [0, "1/2", 0], "relu"), MaxPool([[0, 1, 2]])])
    layers = maso_layers(net)
    exact = tuple(F(v) for v in (x.tolist() if hasattr(x, "tolist") else x))
    codes, outputs = ref_forward(layers, exact)
    assert locate_network(net, x).code == locate_network(net, x, brute_force=True).code == codes
    assert point_site(net, x, 1).code == codes[1]
    assert input_power_diagram(net, 1, codes).locate(x).code == codes[1]


# ---------------------------------------------------------------- Zaslavsky


def test_zaslavsky_exact_count_in_one_dimension():
    """K generic cuts of a line make K + 1 cells: one point per cell finds K + 1 distinct codes."""
    weights, biases = [3, -1, 2, 5, -4, 1], [1, 2, -3, F(1, 2), 7, F(-5, 3)]
    (layer,) = maso_layers(Network(1, [Dense([[w] for w in weights], biases, "relu")]))
    cuts = sorted(F(-b) / w for w, b in zip(weights, biases))
    samples = [cuts[0] - 1, cuts[-1] + 1] + [(a + b) / 2 for a, b in zip(cuts, cuts[1:])]
    diagram = layer_power_diagram(layer)
    codes = {diagram.locate([s]).code for s in samples}
    assert len(codes) == len(weights) + 1 == sum(math.comb(6, i) for i in range(2))
    assert len(diagram) == 2**6


@pytest.mark.parametrize("dim", [2, 3])
def test_zaslavsky_bound_on_random_points(dim):
    rng = np.random.default_rng(dim)
    k_units = 6
    weight = rng.integers(-5, 6, size=(k_units, dim)).tolist()
    bias = rng.integers(-3, 4, size=k_units).tolist()
    (layer,) = maso_layers(Network(dim, [Dense(weight, bias, "relu")]))
    diagram = layer_power_diagram(layer)
    points = rng.uniform(-6, 6, size=(400, dim))
    codes = {locate_fast(layer, p).code for p in points}
    assert all(diagram.locate(p).code == locate_fast(diagram, p).code for p in points[:50])
    assert len(codes) <= sum(math.comb(k_units, i) for i in range(dim + 1)) < len(diagram)


def test_voronoi_special_case_orthogonal_units():
    """Orthogonal slopes across units and B = -||A||^2 / 2: every power weight is 0 (a Voronoi diagram)."""
    slopes = (((F(1), F(0)), (F(-2), F(0))), ((F(0), F(3)), (F(0), F(-1))))
    offsets = tuple(tuple(-ref_dot(a, a) / 2 for a in unit) for unit in slopes)
    diagram = layer_power_diagram(MasoLayer(slopes, offsets, 0, "maso"))
    assert {site.power_weight for site in diagram.sites()} == {0}
    for site in diagram.sites():  # each centroid lies in its own cell
        assert diagram.locate(site.centroid).code == site.code
