"""Per-input geometry: exact sites and distances checked by exact finite differences and balls; float = exact."""

from __future__ import annotations

import random
import sys
from fractions import Fraction

import numpy as np
import pytest

from exactpd.boundary.distance import boundary_distance
from exactpd.errors import MissingDependencyError
from exactpd.network.forward_pass import code_at, trace
from exactpd.boundary.inputs import input_geometry
from exactpd.io.torch_geometry import centroid_ranks_float, input_geometry_float
from exactpd.io import demo_network
from exactpd.network.layers import Dense, Network

F = Fraction


def layer_sum(net, x, layer):
    """s_l(x) = 1^T z^(l)(x), from the exact forward pass."""
    return sum(trace(net, x).outputs[layer])


def rational_point(rng, dim):
    return [F(rng.randint(-40, 40), rng.randint(1, 13)) for _ in range(dim)]


def test_centroid_is_an_exact_finite_difference_inside_the_distance():
    """Within the distance to the boundary s_l is affine, so a central difference is exactly mu (section 6)."""
    net = demo_network()
    rng = random.Random(0)
    for _ in range(10):
        x = rational_point(rng, 2)
        g = input_geometry(net, x)
        last = g.distances_squared[-1]
        if last == 0:  # x on a cut: no neighbourhood to difference in
            continue
        step = F(1, 10 ** 6)
        while step * step * 4 >= last:
            step /= 10
        for layer, site in enumerate(g.sites):
            for i in range(2):
                up = [v + step * (i == j) for j, v in enumerate(x)]
                down = [v - step * (i == j) for j, v in enumerate(x)]
                assert (layer_sum(net, up, layer) - layer_sum(net, down, layer)) / (2 * step) == site.centroid[i]
            s = layer_sum(net, x, layer)
            mu = site.centroid
            assert site.power_weight == sum(m * m for m in mu) + 2 * (s - sum(m * v for m, v in zip(mu, x)))
            z = trace(net, x).outputs[layer]
            columns = zip(*trace(net, x).maps[layer].G)
            assert g.centroids_jtz[layer] == tuple(sum(c * w for c, w in zip(col, z)) for col in columns)


def test_the_ball_inside_the_distance_keeps_the_code_and_the_nearest_foot_leaves_it():
    net = demo_network()
    rng = random.Random(1)
    for _ in range(6):
        x = rational_point(rng, 2)
        g = input_geometry(net, x)
        code = code_at(net, x)
        squared = g.distances_squared[-1]
        for angle in range(24):  # points at 0.99 d in many directions: same region
            u = np.array([np.cos(angle * np.pi / 12), np.sin(angle * np.pi / 12)])
            radius = F(0.99) * F(float(np.sqrt(float(squared))))
            if radius * radius < squared:
                y = [v + radius * F(float(c)) / F(float(np.linalg.norm(u))) for v, c in zip(x, u)]
                if sum((a - b) ** 2 for a, b in zip(y, x)) < squared:
                    assert code_at(net, y) == code
        nearest = boundary_distance(net, x)
        assert nearest.squared_distance == squared and g.nearest_cuts[-1] in nearest.labels
        # per-layer distances: cumulative minimum
        running = None
        for per_layer, cumulative in zip(g.layer_distances_squared, g.distances_squared):
            if per_layer is not None:
                running = per_layer if running is None else min(running, per_layer)
            assert cumulative == running


def test_on_a_boundary_the_distance_is_zero_and_a_dead_unit_makes_no_facet():
    net = Network(2, [Dense([[1, 0], [0, 0]], [0, 0], "relu"), Dense([[1, 1]], [0])])
    g = input_geometry(net, [0, 5])
    assert g.distances_squared == (F(0),) and g.nearest_cuts == ((0, 0),)
    g = input_geometry(net, [3, 5])
    assert g.distances_squared == (F(9),)  # unit 1 (zero weights) cuts nothing


def test_maxpool_distance_uses_the_pairwise_gaps():
    from exactpd.network.layers import MaxPool

    net = Network(2, [Dense([[1, 0], [0, 2], [1, 1]], [0, 0, 0]), MaxPool([[0, 1, 2]])])
    g = input_geometry(net, [3, 1])  # pieces x=3, 2y=2, x+y=4: x+y wins
    # gaps: (x+y) - x = y = 1 over ||(0,1)|| = 1; (x+y) - 2y = x - y = 2 over ||(1,-1)||^2 = 2: 4/2 = 2
    assert g.code == ((2,),)
    assert g.distances_squared == (F(1),) and g.nearest_cuts == ((0, 0),)


def test_ranks_against_brute_force():
    rng = np.random.default_rng(0)
    x, mu = rng.normal(size=(30, 4)), rng.normal(size=(30, 4))
    expected = [sum(np.sum((x[j] - mu[n]) ** 2) < np.sum((x[n] - mu[n]) ** 2) for j in range(30)) for n in range(30)]
    assert centroid_ranks_float(x, mu).tolist() == expected
    assert centroid_ranks_float(x, x).tolist() == [0] * 30


def test_float_geometry_without_torch_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "exactpd\[torch\]"'):
        input_geometry_float(object(), [[0.0]])


@pytest.fixture(scope="module")
def torch():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    return torch


def small_cnn(torch):
    nn = torch.nn

    class Abs(nn.Module):
        def forward(self, x):
            return x.abs()

    torch.manual_seed(3)
    model = nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.LeakyReLU(0.1), nn.MaxPool2d(2, stride=1, padding=1),
        nn.ReLU(), nn.Conv2d(3, 2, (2, 1), dilation=(1, 2)), Abs(), nn.AvgPool2d(2), nn.Flatten(),
        nn.Linear(6, 3), nn.ReLU(), nn.Linear(3, 1),
    )
    with torch.no_grad():
        model[1].running_mean.uniform_(-1, 1)
        model[1].running_var.uniform_(0.5, 2)
    return model.eval()


def test_float_geometry_equals_the_exact_geometry(torch):
    from exactpd.io import from_torch

    model = small_cnn(torch)
    shape = (2, 3, 5)
    net = from_torch(model, shape)
    x = torch.randn(1, *shape, generator=torch.Generator().manual_seed(0))
    g = input_geometry_float(model, x)
    assert g.layer_names == ("2", "3", "4", "6", "10")
    for i in range(len(x)):
        exact = input_geometry(net, x[i].double().flatten().tolist())
        assert exact.code == tuple(tuple(c[i].tolist()) for c in g.codes)
        for layer, site in enumerate(exact.sites):
            assert np.allclose([float(v) for v in site.centroid], g.centroids[layer][i], rtol=1e-10, atol=1e-12)
            assert np.allclose([float(v) for v in exact.centroids_jtz[layer]], g.centroids_jtz[layer][i], rtol=1e-10, atol=1e-12)
            assert float(site.power_weight) == pytest.approx(g.power_weights[layer][i], rel=1e-10, abs=1e-12)
        expected = [np.sqrt(float(d)) if d is not None else np.inf for d in exact.layer_distances_squared]
        assert np.allclose(expected, g.layer_distances[i], rtol=1e-9)
        assert np.allclose(np.minimum.accumulate(expected), g.distances[i], rtol=1e-9)


def test_float_geometry_of_an_mlp_and_its_shapes(torch):
    nn = torch.nn
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 8), nn.LeakyReLU(1.0), nn.Linear(8, 2))
    g = input_geometry_float(model, torch.randn(7, 3), distances=True)
    assert [c.shape for c in g.codes] == [(7, 8), (7, 8)]
    assert g.centroids[0].shape == (7, 3) and g.power_weights[1].shape == (7,)
    assert np.all(g.codes[1] == 0) and np.all(np.isinf(g.layer_distances[:, 1]))  # leaky slope 1 cuts nothing
    assert np.all(g.distances[:, 1] == g.distances[:, 0])
    assert input_geometry_float(model, torch.randn(2, 3), distances=False).distances is None
