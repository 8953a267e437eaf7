"""Codes, the exact forward pass and boundary detection on hand-built networks."""

from __future__ import annotations

from fractions import Fraction

import pytest

from exactpd.errors import DimensionError, InvalidNetworkError, InvalidNumberError, NonFiniteError
from exactpd.network.forward_pass import code_at, forward, trace
from exactpd.geometry.powerdiagram import layer_sites
from exactpd.network.maso import AffineMap
from exactpd.network.layers import Dense, Maso, MaxPool, Network
from exactpd.rational import to_matrix, to_vector

F = Fraction


def relu_net(weight, bias, out_weight=None, **kw):
    layers = [Dense(weight, bias, "relu", **kw)]
    if out_weight is not None:
        layers.append(Dense(out_weight, [0]))
    return Network(len(weight[0]), layers)


def test_forward_is_exact():
    net = relu_net([[1, "1/3"], ["-1/7", 1]], ["1/2", 0], [[1, -1]])
    # z = (1/2 + 1/6 + 1/2, relu(-1/14 + 1/2)) = (7/6, 3/7); output 7/6 - 3/7
    assert forward(net, ["1/2", "1/2"]) == (F(31, 42),)
    assert code_at(net, ["1/2", "1/2"]) == ((1, 1),)


def test_float_inputs_use_their_binary_value():
    net = Network(1, [Dense([[1]], [0])])
    assert forward(net, [0.1]) == (F(0.1),)
    assert forward(net, ["0.1"]) == (F(1, 10),)


@pytest.mark.parametrize(
    "activation, slope, x, code, output",
    [
        ("relu", None, -2, 0, 0),
        ("relu", None, 3, 1, 3),
        ("relu", None, 0, 0, 0),  # tie: lowest piece
        ("leaky_relu", "1/10", -2, 0, F(-1, 5)),
        ("leaky_relu", "1/10", 3, 1, 3),
        ("abs", None, -2, 0, 2),
        ("abs", None, 3, 1, 3),
    ],
)
def test_piece_order_of_standard_activations(activation, slope, x, code, output):
    net = Network(1, [Dense([[1]], [0], activation, slope)])
    t = trace(net, [x])
    assert t.code == ((code,),)
    assert t.output == (F(output),)
    assert t.on_boundary == (x == 0)


@pytest.mark.parametrize(
    "layer, x, boundary",
    [
        pytest.param(Dense([[1, 0]], [0], "relu"), [0, 5], True, id="relu at 0"),
        pytest.param(Dense([[0, 0]], [0], "relu"), [1, 2], False, id="dead unit, zero weight and bias"),
        pytest.param(Dense([[1, 0]], [0], "leaky_relu", 1), [0, 5], False, id="leaky slope 1 is linear"),
        pytest.param(Dense([[1, 0]], [0], "abs"), [0, 5], True, id="abs at 0"),
        pytest.param(MaxPool([[0, 1]]), [3, 3], True, id="maxpool tie"),
        pytest.param(MaxPool([[0, 0]]), [3, 1], False, id="maxpool duplicate index"),
        pytest.param(Maso([[[1, 2], [1, 2]]], [[5, 5]]), [1, 1], False, id="maso duplicate pieces"),
        pytest.param(Maso([[[1, 0], [0, 1], [1, 1]]], [[0, 0, -1]]), [1, 1], True, id="maso three pieces tie"),
    ],
)
def test_boundary_needs_two_different_affine_functions(layer, x, boundary):
    net = Network(2, [layer])
    assert trace(net, x).on_boundary is boundary


def test_maso_three_way_tie_goes_to_the_lowest_piece():
    net = Network(2, [Maso([[[1, 0], [0, 1], [1, 1]]], [[0, 0, -1]])])
    assert code_at(net, [1, 1]) == ((0,),)
    assert code_at(net, [1, 2]) == ((1,),)


def test_tie_that_is_constant_on_the_region_is_not_a_boundary():
    # layer 0 copies relu(x1) twice, so unit 0 of layer 1 sees z1 - z2 = 0 everywhere:
    # its two pieces differ in the layer's own input space but pull back to the same function.
    net = Network(2, [Dense([[1, 0], [1, 0]], [0, 0], "relu"), Dense([[1, -1]], [0], "relu")])
    t = trace(net, [2, 1])
    assert t.code == ((1, 1), (0,))
    assert t.on_boundary is False
    assert trace(net, [0, 1]).on_boundary is True  # layer 0's cut x1 = 0


def test_tie_in_a_later_layer_is_a_boundary():
    # layer 1 unit: relu(z1 - z2) with z = (relu(x1), relu(x2)); at x = (1, 1) the pre-activation is 0
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, -1]], [0], "relu")])
    t = trace(net, [1, 1])
    assert t.code == ((1, 1), (0,))
    assert t.on_boundary is True
    assert trace(net, [2, 1]).on_boundary is False


def test_maps_and_output_map_on_the_region():
    net = Network(2, [Dense([[1, 0], [1, 1]], [0, -1], "relu"), Dense([[2, 3]], ["1/2"])])
    t = trace(net, [1, 3])  # both units active
    assert t.maps == (AffineMap(to_matrix([[1, 0], [1, 1]]), to_vector([0, -1])),)
    assert t.output_map == AffineMap(to_matrix([[5, 3]]), to_vector(["-5/2"]))
    assert t.outputs == (to_vector([1, 3]),)
    assert t.output == (F(23, 2),)
    t = trace(net, [1, -3])  # unit 1 inactive: its row of G is zero
    assert t.maps[0].G == to_matrix([[1, 0], [0, 0]])
    assert t.output_map == AffineMap(to_matrix([[2, 0]]), to_vector(["1/2"]))


def test_affine_layers_are_folded_between_nonlinear_layers():
    net = Network(1, [Dense([[2]], [1]), Dense([[1], [-1]], [0, 0], "relu"), Dense([[1, 1]], [0]), Dense([[3]], [0])])
    # |2x + 1| * 3
    assert forward(net, ["-1"]) == (F(3),)
    assert code_at(net, ["-1"]) == ((0, 1),)
    assert trace(net, ["-1"]).output_map == AffineMap(to_matrix([[-6]]), to_vector([-3]))


def test_network_ending_on_a_nonlinear_layer():
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), MaxPool([[0, 1]])])
    t = trace(net, [F(-1), F(2)])
    assert t.code == ((0, 1), (1,))
    assert t.output == (F(2),)
    assert t.output_map == t.maps[-1]


def test_network_without_nonlinear_layers():
    net = Network(2, [Dense([[1, 2]], [3])])
    t = trace(net, [1, 1])
    assert t.code == () and t.maps == () and t.on_boundary is False
    assert t.output == (F(6),) == t.output_map([F(1), F(1)])


def test_network_without_layers_is_the_identity():
    net = Network(2, [])
    assert forward(net, ["1/2", 3]) == (F(1, 2), F(3))
    assert trace(net, [1, 2]).output_map([F(5), F(7)]) == (F(5), F(7))


def test_layer_sites_theorem_1_on_one_relu_layer():
    # one layer: mu = sum of the active rows, rho = ||mu||^2 + 2 * sum of the active biases
    net = Network(2, [Dense([[1, 0], [0, 2], [1, 1]], ["1/2", -1, 3], "relu")])
    t = trace(net, [1, -1])  # active units 0 and 2 (pre-activations 3/2, -3, 3)
    assert t.code == ((1, 0, 1),)
    (site,) = layer_sites(t)
    assert (site.centroid, site.power_weight, site.code) == ((F(2), F(1)), F(5) + 2 * F(7, 2), (1, 0, 1))


def test_layer_sites_of_a_deeper_layer():
    net = Network(1, [Dense([[1], [-1]], [0, 0], "relu"), Dense([[1, 1]], [-1], "relu")])
    # x = 3: z1 = (3, 0); z2 = relu(3 - 1) = 2 = x - 1 on the region; mu = 1, rho = 1 + 2 (2 - 3) = -1
    first, second = layer_sites(trace(net, [3]))
    assert (first.centroid, first.power_weight) == ((F(1),), F(1))
    assert (second.centroid, second.power_weight) == ((F(1),), F(-1))


def test_wrong_point_length_raises_dimension_error():
    net = relu_net([[1, 0]], [0])
    for function in (forward, code_at, trace):
        with pytest.raises(DimensionError, match=r"^point: expected 2 entries, got 3$"):
            function(net, [1, 2, 3])


def test_bad_point_entries_are_named():
    net = relu_net([[1, 0]], [0])
    with pytest.raises(InvalidNumberError, match=r"^point\[1\]: 'abc' is not a number"):
        forward(net, [1, "abc"])
    with pytest.raises(NonFiniteError, match=r"^point\[0\]: nan"):
        code_at(net, [float("nan"), 1])


def test_not_a_network():
    with pytest.raises(InvalidNetworkError, match="expected a Network, got dict"):
        forward({"input_dim": 1}, [1])


def test_many_networks_do_not_confuse_the_cache():
    # networks are created and dropped, so ids are reused: results must follow each network
    for k in range(30):
        net = Network(1, [Dense([[k]], [0], "relu")])
        assert forward(net, [2]) == (F(2 * k),)
        del net


def test_forward_is_fast_on_a_16_wide_net():
    import random
    import time

    rng = random.Random(0)

    def matrix(rows, cols):
        return [[F(rng.randint(-9, 9), rng.randint(1, 9)) for _ in range(cols)] for _ in range(rows)]

    net = Network(
        2,
        [Dense(matrix(16, 2), [0] * 16, "relu"), Dense(matrix(16, 16), [1] * 16, "relu"),
         Dense(matrix(16, 16), [-1] * 16, "relu"), Dense(matrix(1, 16), [0])],
    )
    points = [[F(rng.randint(-99, 99), 37), rng.uniform(-2, 2)] for _ in range(100)]
    start = time.perf_counter()
    for x in points:
        forward(net, x)
    per_point = (time.perf_counter() - start) / len(points)
    assert per_point < 0.01  # measured about 0.2 ms; generous for a loaded CI machine
