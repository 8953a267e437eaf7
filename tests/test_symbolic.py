"""Tests of exactpd.checks.symbolic: every identity is proved, a wrong one is not, errata differ, and the
symbolic forms agree exactly with exactpd's numeric ones on concrete networks."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from exactpd.enumeration import enumerate_regions
from exactpd.network.maso import maso_layers
from exactpd.network.layers import Dense, Maso, MaxPool, Network
from exactpd.kernel.polytope import box
from exactpd.geometry.powerdiagram import chordale as exact_chordale
from exactpd.geometry.powerdiagram import input_power_diagram, layer_power_diagram
from exactpd.enumeration.region import DOMAIN
from exactpd.checks.symbolic import (
    Identity,
    SymbolicSite,
    chordale,
    combine_sites,
    differs,
    errata,
    identities,
    layer_from_maso,
    layer_site,
    mapped_site,
    partition_polynomial,
    piecewise_partition_polynomial,
    printed_proposition_5_cosine,
    proposition_5_cosine,
    prove,
    rational,
    region_polynomial,
    symbolic_layer,
    symbolic_vector,
    unit_site,
)

F = Fraction
IDS = [
    "lemma-1", "theorem-1", "lemma-5", "theorem-2", "section-6", "lemma-7", "eq-27", "eq-28", "proposition-4",
    "chordale", "examples-1-2", "theorem-6", "theorem-4", "eq-20", "proposition-5", "proposition-6",
]


@pytest.fixture(scope="module", params=[1, 2, 3], ids=lambda d: f"D={d}")
def proved(request):
    return identities(request.param)


def test_every_identity_is_proved(proved):
    assert [i.id for i in proved] == IDS
    failed = [i.id for i in proved if not prove(i)]
    assert failed == []
    assert all(i.dims and i.statement for i in proved)


def test_a_wrong_identity_is_not_proved():
    # Lemma 5 with the printed sign of errata E2: b_ij = +rho_ij used as -rho_ij
    layer = symbolic_layer("u", 2, 2, 2)
    s, t = unit_site(layer.units[0], 1), unit_site(layer.units[1], 0)
    wrong = SymbolicSite(s.centroid + t.centroid, -(s.power_weight + t.power_weight + 2 * (s.centroid.T * t.centroid)[0]))
    x = symbolic_vector("x", 2)
    value = sum((u.slopes[r].T * x)[0] + u.offsets[r] for u, r in zip(layer.units, (1, 0)))
    laguerre = ((x - wrong.centroid).T * (x - wrong.centroid))[0] - wrong.power_weight
    assert not prove(Identity("e2", "printed", (value - ((x.T * x)[0] - laguerre) / 2,), "D = 2"))
    assert not prove(Identity("x", "one is zero", (sympy.Integer(1),), ""))


def test_errata_differ_and_their_printed_values():
    found = {e.id: e for e in errata()}
    assert set(found) == {"e1", "e2", "e3", "e4", "e5", "e6", "e8", "e11"}
    assert all(differs(e) for e in found.values())
    a0, a1 = sympy.symbols("a_0 a_1", positive=True)
    e1 = found["e1"]
    assert e1.printed.subs({a0: 1, a1: 1}) == sympy.Rational(1, 2)
    assert sympy.simplify(e1.corrected.subs({a0: 1, a1: 1}) - sympy.sqrt(2) / 2) == 0
    e2 = found["e2"]
    assert sympy.expand(e2.printed + e2.corrected) == 0  # printed is +rho, corrected -rho


def test_rational_is_exact_and_never_guesses():
    assert rational(F(1, 3)) == sympy.Rational(1, 3)
    assert rational(F(0.1)) == sympy.Rational(3602879701896397, 36028797018963968)
    assert isinstance(rational(7), sympy.Integer)


NETS = [
    Network(2, [Dense([[1, -2], [F(1, 3), 1], [0, 1]], [F(1, 2), 0, -1], "relu"), Dense([[1, 1, -1], [2, 0, 1]], [0, F(-1, 4)], "leaky_relu", F(1, 10))]),
    Network(2, [Dense([[1, 0], [1, 1], [0, 2]], [0, -1, 1], "abs"), MaxPool([[0, 1, 2], [1, 2]]), Dense([[1, -1]], [0])]),
    Network(2, [Maso([[[1, 0], [0, 1], [-1, -1]]], [[0, F(1, 2), 1]]), Dense([[2], [-1]], [0, 1], "relu")]),
]


@pytest.mark.parametrize("net", NETS, ids=["relu-leaky", "abs-maxpool", "maso"])
def test_symbolic_sites_equal_the_exact_sites(net):
    layers = maso_layers(net)
    part = enumerate_regions(net, box([-2, -2], [2, 2]), edges=False)
    for l, layer in enumerate(layers):
        sym = layer_from_maso(layer)
        for site in layer_power_diagram(layer).sites():
            s = layer_site(sym, site.code)
            assert list(s.centroid) == [rational(v) for v in site.centroid]
            assert s.power_weight == rational(site.power_weight)
        region = part.regions[len(part.regions) // 2]
        diagram = input_power_diagram(layers, l, region.code)
        G = region.maps[l - 1].G if l else [[int(i == j) for j in range(2)] for i in range(2)]
        h = region.maps[l - 1].h if l else [0, 0]
        G = sympy.Matrix([[rational(v) for v in row] for row in G])
        h = sympy.Matrix([rational(v) for v in h])
        for site in list(diagram.sites())[:8]:
            s = mapped_site(sym, site.code, G, h)
            assert list(s.centroid) == [rational(v) for v in site.centroid]
            assert s.power_weight == rational(site.power_weight)
        if layer.n_units >= 2:
            one, two = unit_site(sym.units[0], 0), unit_site(sym.units[1], 0)
            code = (0, 0) + (0,) * (layer.n_units - 2)
            if layer.n_units == 2:
                combined = combine_sites(one, two)
                assert combined.power_weight == layer_site(sym, code).power_weight


def test_symbolic_chordale_equals_the_exact_one():
    from exactpd.geometry.powerdiagram import PowerSite

    s, t = PowerSite([1, F(1, 2)], 3), PowerSite([-2, 1], F(-1, 3))
    normal, offset = chordale(
        SymbolicSite(sympy.Matrix([rational(v) for v in s.centroid]), rational(s.power_weight)),
        SymbolicSite(sympy.Matrix([rational(v) for v in t.centroid]), rational(t.power_weight)),
    )
    exact_normal, exact_offset = exact_chordale(s, t)
    assert list(normal) == [rational(v) for v in exact_normal] and offset == rational(exact_offset)


@pytest.mark.parametrize("net", NETS[:2], ids=["relu-leaky", "abs-maxpool"])
def test_partition_polynomial_vanishes_on_boundaries_and_matches_per_region(net):
    x = symbolic_vector("x", 2)
    pol = partition_polynomial(net, x)
    part = enumerate_regions(net, box([-2, -2], [2, 2]), edges=False)
    piecewise = piecewise_partition_polynomial(part, x)
    for region in part.regions[:: max(1, len(part.regions) // 3)][:3]:
        at = {x[0]: rational(region.witness[0]), x[1]: rational(region.witness[1])}
        value = pol.subs(at)
        assert value == region_polynomial(net, region.code, x).subs(at) == piecewise.subs(at)
        for point, labels in list(zip(region.facet_points, region.labels))[:3]:
            if any(label != DOMAIN for label in labels):
                assert pol.subs({x[0]: rational(point[0]), x[1]: rational(point[1])}) == 0


def test_region_polynomial_degree_is_the_sum_of_widths():
    net = Network(2, [Dense([[1, 0], [1, 1], [0, 1]], [0, -1, 1], "relu"), Dense([[1, 1, 1], [1, -1, 2]], [-1, 1], "relu")])
    x = symbolic_vector("x", 2)
    code = ((1, 1, 1), (1, 1))
    poly = sympy.Poly(region_polynomial(net, code, x), *x)
    assert poly.total_degree() == 3 + 2  # E5: sum of widths, not 3 * 2
    assert region_polynomial(Network(1, [Dense([[1], [2]], [0, -1], "relu")]), ((1, 1),)).equals(
        partition_polynomial(Network(1, [Dense([[1], [2]], [0, -1], "relu")]))
    )


def test_proposition_5_closed_forms():
    assert proposition_5_cosine(1, 1) == sympy.sqrt(2) / 2  # W1 = I2, W2 = (1, 1): 45 degrees
    assert printed_proposition_5_cosine(1, 1, [(1, 1)]) == sympy.Rational(1, 2)  # printed: 60 degrees (E1)
    assert proposition_5_cosine(1, 4, -1, 1) == sympy.Rational(-3, 5)  # abs: (S - a) / (S + a)
    assert proposition_5_cosine(100, 1) ** 2 == sympy.Rational(100, 101)  # E8: 2 active units, 5.7 degrees
    assert proposition_5_cosine(sympy.Rational(1, 20), 1) ** 2 == sympy.Rational(1, 21)  # 6 active, 77.4 degrees
    s = sympy.Symbol("S", positive=True)
    assert sympy.simplify(proposition_5_cosine(s, s, 1, 1) - 1) == 0  # leaky with eta = 1: no bend
