"""The network model: every shape and kind error, and the max-affine form (folding) against reference passes."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from exactpd.errors import InvalidNetworkError, InvalidWeightError, NonFiniteWeightError
from exactpd.network.activation import ACTIVATIONS, Activation, activation_of, parse_activation
from exactpd.network.maso import maso_layers, output_map
from exactpd.network.layers import Dense, Maso, MaxPool, Network
from exactpd.rational import dot, to_vector
from reference import exact_pieces, float_forward, float_scale
from strategies import networks, points

F = Fraction
W22 = [[1, 0], [0, 1]]


@pytest.mark.parametrize(
    "build, error, message",
    [
        (lambda: Dense(W22, [0, 0], "sigmoid"), InvalidNetworkError, r"^dense layer: unknown activation 'sigmoid'"),
        (lambda: Dense([[1, "x"]], [0]), InvalidWeightError, r"^dense layer: weight\[0\]\[1\]: 'x' is not a number"),
        (lambda: Dense([[1, 2], [float("nan"), 0]], [0, 0]), NonFiniteWeightError, r"^dense layer: weight\[1\]\[0\]: nan"),
        (lambda: Dense(W22, [0, "inf"]), NonFiniteWeightError, r"^dense layer: bias\[1\]: 'inf' is not a finite"),
        (lambda: Dense("abc", [0]), InvalidWeightError, r"^dense layer: weight: expected a matrix"),
        (lambda: Dense(W22, 5), InvalidWeightError, r"^dense layer: bias: expected a sequence of numbers"),
        (lambda: Dense([[1, 2], [3]], [0, 0]), InvalidNetworkError, r"^dense layer: weight: rows of unequal lengths"),
        (lambda: Dense([], []), InvalidNetworkError, r"^dense layer: weight is empty"),
        (lambda: Dense([[]], [0]), InvalidNetworkError, r"^dense layer: weight is empty"),
        (lambda: Dense(W22, [0, 0, 0]), InvalidNetworkError, r"^dense layer: bias has 3 entries, weight has 2 rows$"),
        (lambda: Dense(W22, [0, 0], "leaky_relu", 2), InvalidNetworkError, r"negative_slope 2 > 1 makes leaky_relu concave"),
        (lambda: Dense(W22, [0, 0], "relu", "1/2"), InvalidNetworkError, r"negative_slope is only for activation 'leaky_relu'"),
        (lambda: Dense(W22, [0, 0], "leaky_relu", "nan"), NonFiniteWeightError, r"^dense layer: negative_slope: 'nan'"),
        (lambda: MaxPool(5), InvalidNetworkError, r"^maxpool layer: groups must be a list of lists"),
        (lambda: MaxPool([1, 2]), InvalidNetworkError, r"^maxpool layer: groups must be a list of lists"),
        (lambda: MaxPool([]), InvalidNetworkError, r"^maxpool layer: groups is empty"),
        (lambda: MaxPool([[0], []]), InvalidNetworkError, r"^maxpool layer: group 1 is empty"),
        (lambda: MaxPool([[0, -1]]), InvalidNetworkError, r"^maxpool layer: groups\[0\]\[1\] = -1 is not a feature index"),
        (lambda: MaxPool([[True]]), InvalidNetworkError, r"groups\[0\]\[0\] = True is not a feature index"),
        (lambda: MaxPool([[0.0]]), InvalidNetworkError, r"groups\[0\]\[0\] = 0.0 is not a feature index"),
        (lambda: Maso(5, [[0]]), InvalidNetworkError, r"^maso layer: slopes must be a list"),
        (lambda: Maso({0: [[1]]}, [[0]]), InvalidNetworkError, r"^maso layer: slopes must be a list"),
        (lambda: Maso([], []), InvalidNetworkError, r"^maso layer: slopes is empty"),
        (lambda: Maso([[[1]]], 5), InvalidNetworkError, r"^maso layer: offsets must be a list"),
        (lambda: Maso([[[1]], [[1]]], [[0]]), InvalidNetworkError, r"^maso layer: offsets has 1 units, slopes has 2"),
        (lambda: Maso([[]], [[]]), InvalidNetworkError, r"^maso layer: unit 0 has no pieces"),
        (lambda: Maso([[[1], [2]]], [[0]]), InvalidNetworkError, r"^maso layer: unit 0 has 2 slope rows and 1 offsets"),
        (lambda: Maso([[[1]], [[1, 2]]], [[0], [0]]), InvalidNetworkError, r"slopes rows have unequal or zero lengths \[1, 2\]"),
        (lambda: Maso([[[1], [float("inf")]]], [[0, 0]]), NonFiniteWeightError, r"^maso layer: slopes\[0\]\[1\]\[0\]: inf"),
        (lambda: Maso([[[1]]], [["1/0"]]), InvalidWeightError, r"^maso layer: offsets\[0\]\[0\]: '1/0' has a zero denominator"),
        (lambda: Network(0, []), InvalidNetworkError, r"^input_dim must be a positive integer, got 0"),
        (lambda: Network(True, []), InvalidNetworkError, r"^input_dim must be a positive integer, got True"),
        (lambda: Network("2", []), InvalidNetworkError, r"^input_dim must be a positive integer, got '2'"),
        (lambda: Network(2.0, []), InvalidNetworkError, r"^input_dim must be a positive integer, got 2.0"),
        (lambda: Network(2, [{"kind": "dense"}]), InvalidNetworkError, r"^layer 0: expected Dense, Conv2d, MaxPool or Maso, got dict"),
        (
            lambda: Network(2, [Dense(W22, [0, 0], "relu"), Dense([[1, 2, 3]], [0])]),
            InvalidNetworkError,
            r"^layer 1 \(dense\): weight has 3 columns, the layer input has 2 features$",
        ),
        (
            lambda: Network(2, [Maso([[[1, 2, 3]]], [[0]])]),
            InvalidNetworkError,
            r"^layer 0 \(maso\): slopes have 3 columns, the layer input has 2 features$",
        ),
        (
            lambda: Network(2, [Dense(W22, [0, 0]), MaxPool([[0, 2]])]),
            InvalidNetworkError,
            r"^layer 1 \(maxpool\): groups use feature 2, the layer input has 2 features$",
        ),
    ],
)
def test_invalid_networks_raise_named_errors(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_labels_name_the_layer_in_messages():
    with pytest.raises(InvalidNetworkError, match=r"^layer 1 \(dense\): bias has 3 entries, weight has 4 rows$"):
        Dense([[1]] * 4, [0, 0, 0], label="layer 1 (dense)")


def test_weight_errors_are_network_and_number_errors():
    with pytest.raises(ValueError):
        Dense([[float("nan")]], [0])
    assert issubclass(NonFiniteWeightError, InvalidNetworkError)


def test_numpy_arrays_are_accepted():
    layer = Maso(np.array([[[1, 0], [0.5, 2]]]), np.array([[0, 1]]))
    assert layer.slopes == (((F(1), F(0)), (F(1, 2), F(2))),)
    assert Dense(np.eye(2), np.zeros(2)).weight == ((F(1), F(0)), (F(0), F(1)))


def test_numbers_are_exact_and_layers_frozen():
    layer = Dense([[0.5, "1/3"]], ["0.1"], "leaky_relu")
    assert layer.weight == ((F(1, 2), F(1, 3)),)
    assert layer.bias == (F(1, 10),)
    assert layer.negative_slope == F(1, 100)  # the default
    with pytest.raises(AttributeError):
        layer.bias = (F(0),)


def test_equality_and_hash_ignore_labels():
    a = Network(2, [Dense(W22, [0, "1/2"], "relu", label="layer 0 (dense)")])
    b = Network(2, [Dense([[1.0, 0.0], [0.0, 1.0]], [0, 0.5], "relu")])
    assert a == b and hash(a) == hash(b)


def test_network_properties():
    net = Network(2, [Dense(W22, [0, 0]), Dense(W22, [0, 0], "abs"), MaxPool([[0, 1]]), Dense([[2]], [1])])
    assert net.output_dim == 1
    assert net.nonlinear_layers == (1, 2)
    assert Network(3, []).output_dim == 3


def _maso_forward(net, x):
    """Evaluate the max-affine form: the folded MASO layers, then the output map."""
    z = tuple(x)
    for layer in maso_layers(net):
        z = tuple(max(dot(a, z) + b for a, b in zip(A, B)) for A, B in zip(layer.slopes, layer.offsets))
    final = output_map(net)
    return final(z) if final is not None else z


def test_folding_affine_layers_by_hand():
    net = Network(
        1,
        [
            Dense([[2], [-1]], [1, 0]),  # affine, folded into the maxpool
            MaxPool([[0, 1]]),  # max(2x + 1, -x)
            Dense([[3]], [0]),  # affine, folded into the maso layer
            Maso([[[1], [-1]]], [[0, 5]]),  # max(3m, 5 - 3m)
            Dense([[1]], ["1/2"]),  # the output map
        ],
    )
    first, second = maso_layers(net)
    assert first.slopes == (((F(2),), (F(-1),)),) and first.offsets == ((F(1), F(0)),)
    assert second.slopes == (((F(3),), (F(-3),)),) and second.offsets == ((F(0), F(5)),)
    assert (first.source, first.kind, second.source, second.kind) == (1, "maxpool", 3, "maso")
    for x in ["-2", "0", "1/3", "2"]:
        assert _maso_forward(net, to_vector([x])) == exact_pieces(net, to_vector([x]))[0]


@settings(max_examples=60, deadline=None)
@given(networks().flatmap(lambda net: points(net).map(lambda x: (net, x))))
def test_max_affine_form_matches_reference_passes(case):
    net, x = case
    exact = _maso_forward(net, x)
    assert exact == exact_pieces(net, x)[0]
    tolerance = 1e-9 * (1 + float_scale(net, x))
    assert np.all(np.abs(np.array([float(v) for v in exact]) - float_forward(net, x)) <= tolerance)


# ---------------------------------------------------------------- activations: one exact type, lowered in one place


@pytest.mark.parametrize(
    "name, slope, expected",
    [("relu", None, F(0)), ("abs", None, F(-1)), ("leaky_relu", None, F(1, 100)), ("leaky_relu", "1/3", F(1, 3)),
     ("leaky_relu", 1, F(1)), ("leaky_relu", -2, F(-2))],
)
def test_an_activation_is_its_negative_slope(name, slope, expected):
    activation = parse_activation(name, slope)
    assert activation == Activation(name, expected) and activation.cuts == (expected != 1)
    layer = Dense([[1, 2]], ["1/2"], name, slope)
    assert activation_of(layer) == activation
    assert layer.negative_slope == (expected if name == "leaky_relu" else None)  # what the layer and its file keep
    for p in [F(-3), F(0), F(5, 7)]:
        assert activation(p) == max(expected * p, p)
        assert activation.piece(p) == (1 if p > 0 and expected != 1 else 0)
    (low, low_offset), (high, high_offset) = activation.pieces((F(1), F(2)), F(1, 2))
    assert (low, low_offset, high, high_offset) == ((expected, 2 * expected), expected / 2, (F(1), F(2)), F(1, 2))


def test_unknown_activations_fail_at_construction_naming_the_layer():
    with pytest.raises(InvalidNetworkError, match=r"^layer 3 \(dense\): unknown activation 'gelu'"):
        Dense([[1]], [0], "gelu", label="layer 3 (dense)")
    with pytest.raises(InvalidNetworkError, match="unknown activation 0"):
        Dense([[1]], [0], 0)
    assert activation_of(Dense([[1]], [0])) is None and activation_of(MaxPool([[0]])) is None
    assert ACTIVATIONS == (None, "relu", "leaky_relu", "abs")


def test_the_maso_form_is_built_once_per_network_and_not_pickled():
    import pickle

    from exactpd.network import forward_pass

    net = Network(2, [Dense(W22, [0, 1], "relu"), Dense([[1, -1]], [0], "abs"), Dense([[2]], [1])])
    form = net.maso
    assert net.maso is form and maso_layers(net) is form.layers and output_map(net) is form.output
    assert form.integer_layers is form.integer_layers
    assert not hasattr(forward_pass, "_CACHE")  # no module-level cache keyed by id()
    again = pickle.loads(pickle.dumps(net))
    assert again == net and "maso" not in again.__dict__
    assert again.maso == form and again.maso is not form
    with pytest.raises(InvalidNetworkError, match="expected a Network, got tuple"):
        maso_layers((2, []))
