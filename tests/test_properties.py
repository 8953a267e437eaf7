"""Properties of the exact forward pass, codes, boundaries, sites and files on random networks."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exactpd.network.forward_pass import code_at, forward, trace
from exactpd.geometry.powerdiagram import layer_sites
from exactpd.io import load_network, network_from_dict, network_to_dict, save_network
from exactpd.network.maso import maso_layers, piece_map
from exactpd.rational import dot
from reference import exact_code, exact_pieces, float_forward, float_scale, safe_step
from strategies import networks, points

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A direction off every hyperplane through the origin that small rational data can make:
# the moment curve at a ratio of two large primes (entries in (0, 1]).
_T = Fraction(1000003, 1000033)


def _direction(dim):
    return tuple(_T**i for i in range(dim))


def _step(x, d, t):
    return tuple(xi + t * di for xi, di in zip(x, d))


@st.composite
def net_and_point(draw):
    net = draw(networks())
    return net, draw(points(net))


@SETTINGS
@given(net_and_point())
def test_forward_matches_references(case):
    net, x = case
    out = forward(net, x)
    assert all(isinstance(v, Fraction) for v in out)
    assert out == exact_pieces(net, x)[0]
    tolerance = 1e-9 * (1 + float_scale(net, x))
    assert np.all(np.abs(np.array([float(v) for v in out]) - float_forward(net, x)) <= tolerance)


@SETTINGS
@given(net_and_point())
def test_trace_is_consistent(case):
    net, x = case
    t = trace(net, x)
    assert t.point == x
    assert t.code == code_at(net, x) == exact_code(net, x)
    assert t.output == forward(net, x) == t.output_map(x)
    _, pieces = exact_pieces(net, x)
    layers = maso_layers(net)
    assert len(t.outputs) == len(t.maps) == len(t.code) == len(layers) == len(pieces)
    previous = x
    for layer, code, values, output, layer_map in zip(layers, t.code, pieces, t.outputs, t.maps):
        # the code's pieces reproduce the layer output, from the previous output and from x
        assert tuple(unit[r] for unit, r in zip(values, code)) == output
        assert piece_map(layer, code)(previous) == output
        assert layer_map(x) == output
        previous = output


@SETTINGS
@given(net_and_point())
def test_on_boundary_means_the_code_changes_nearby(case):
    net, x = case
    t = trace(net, x)
    eps = safe_step(net, x)
    d = _direction(net.input_dim)
    nearby = {code_at(net, _step(x, d, s * eps)) for s in (1, -1)}
    if t.on_boundary:
        assert nearby != {t.code}
    else:
        axes = [tuple(Fraction(int(i == j)) for j in range(net.input_dim)) for i in range(net.input_dim)]
        for e in axes:
            nearby |= {code_at(net, _step(x, e, s * eps)) for s in (1, -1)}
        assert nearby == {t.code}


@SETTINGS
@given(net_and_point())
def test_sites_are_gradients_and_power_weights(case):
    """mu = grad s_l (exact finite differences on the region), rho = ||mu||^2 + 2 (s_l - <mu, x>)."""
    net, x = case
    t = trace(net, x)
    if t.on_boundary:
        return
    eps = safe_step(net, x)
    sites = layer_sites(t)

    def layer_sums(point):
        _, pieces = exact_pieces(net, point)
        return [sum((max(unit) for unit in layer), Fraction(0)) for layer in pieces]

    s = layer_sums(x)
    shifted = [layer_sums(_step(x, tuple(Fraction(int(i == j)) for j in range(len(x))), eps)) for i in range(len(x))]
    for index, site in enumerate(sites):
        gradient = tuple((shifted[i][index] - s[index]) / eps for i in range(len(x)))
        assert site.centroid == gradient
        assert site.power_weight == dot(gradient, gradient) + 2 * (s[index] - dot(gradient, x))
        # the power distance to the own site is ||x||^2 - 2 s_l(x)
        diff = tuple(a - b for a, b in zip(x, site.centroid))
        assert dot(diff, diff) - site.power_weight == dot(x, x) - 2 * s[index]


@SETTINGS
@given(net_and_point())
def test_own_site_is_the_theorem_2_site_and_wins_the_power_diagram(case):
    """Theorem 1-2: mu = G^T sum_k A[k][r_k], rho = ||mu||^2 + 2 <sum_k A, h> + 2 sum_k B; it minimises the power distance."""
    net, x = case
    t = trace(net, x)
    layers = maso_layers(net)
    for index, (layer, site) in enumerate(zip(layers, layer_sites(t))):
        if index:
            G, h = t.maps[index - 1].G, t.maps[index - 1].h
        else:
            G = tuple(tuple(Fraction(int(i == j)) for j in range(len(x))) for i in range(len(x)))
            h = tuple(Fraction(0) for _ in x)

        def site_of(code):
            mu_layer = tuple(sum(col, Fraction(0)) for col in zip(*(layer.slopes[k][r] for k, r in enumerate(code))))
            beta = sum((layer.offsets[k][r] for k, r in enumerate(code)), Fraction(0))
            mu = tuple(dot(mu_layer, column) for column in zip(*G))
            return mu, dot(mu, mu) + 2 * dot(mu_layer, h) + 2 * beta

        def power(code):
            mu, rho = site_of(code)
            diff = tuple(a - b for a, b in zip(x, mu))
            return dot(diff, diff) - rho

        assert (site.centroid, site.power_weight) == site_of(t.code[index])
        codes = list(itertools.product(*(range(n) for n in layer.n_pieces)))
        if len(codes) <= 64:
            assert power(t.code[index]) == min(power(code) for code in codes)


@SETTINGS
@given(networks())
def test_saved_network_loads_identical(net):
    assert network_from_dict(network_to_dict(net)) == net


@settings(max_examples=20, deadline=None)
@given(networks())
def test_saved_file_loads_identical(tmp_path_factory, net):
    path = tmp_path_factory.mktemp("nets") / "net.json"
    save_network(net, path)
    loaded = load_network(path)
    assert loaded == net
    save_network(loaded, path)
    assert load_network(path) == net
