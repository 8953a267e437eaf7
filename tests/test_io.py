"""The network file: round trips, exact numbers, versions, and a named error for every malformed file."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.errors import ExactpdError, FileFormatError, InvalidNetworkError, InvalidWeightError, NonFiniteWeightError
from exactpd.io import demo_network, load_network, network_from_dict, network_to_dict, save_network
from exactpd.network.layers import Dense, Maso, MaxPool, Network

F = Fraction

ALL_KINDS = Network(
    2,
    [
        Dense([[1, "-1/2"], [0, 0.1], [3, 1]], [0, "1/3", -2], "relu"),
        Dense([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, 0], "leaky_relu", "1/10"),
        Dense([[1, -1, 0, 0], [0, 0, 1, 1]], ["1/7", 0], "abs"),
        Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 0], None),
        MaxPool([[0, 1], [1, 2]]),
        Maso([[[1, 0], [0, 1], ["2/3", "-5/3"]]], [[0, 1, "1/2"]]),
        Dense([[2]], ["-1/4"]),
    ],
)


def write(tmp_path, text):
    path = tmp_path / "net.json"
    path.write_text(text)
    return path


def test_round_trip_of_every_layer_kind(tmp_path):
    path = tmp_path / "net.json"
    save_network(ALL_KINDS, path)
    loaded = load_network(path)
    assert loaded == ALL_KINDS
    save_network(loaded, str(path))
    assert load_network(str(path)) == ALL_KINDS
    assert network_from_dict(network_to_dict(ALL_KINDS)) == ALL_KINDS


def test_saved_numbers_are_exact_strings_or_integers(tmp_path):
    path = tmp_path / "net.json"
    save_network(ALL_KINDS, path)
    d = json.loads(path.read_text())
    assert d["format"] == 1 and d["input_dim"] == 2
    first = d["layers"][0]
    assert first["weight"][0] == [1, "-1/2"]
    assert first["weight"][1][1] == str(F(0.1))  # the float's binary value, written exactly
    assert first["bias"] == [0, "1/3", -2]
    assert d["layers"][1]["negative_slope"] == "1/10"
    assert d["layers"][3]["activation"] is None
    assert d["layers"][4] == {"kind": "maxpool", "groups": [[0, 1], [1, 2]]}
    assert d["layers"][5]["offsets"] == [[0, 1, "1/2"]]


def test_numbers_in_files(tmp_path):
    layer = {"kind": "dense", "weight": [[0.1, "0.1", "3/7", 2, "-1e-2"]], "bias": [1.5e1]}
    net = load_network(write(tmp_path, '{"input_dim": 5, "layers": [' + json.dumps(layer) + "]}"))
    assert net.layers[0].weight == ((F(1, 10), F(1, 10), F(3, 7), F(2), F(-1, 100)),)
    assert net.layers[0].bias == (F(15),)
    assert net.layers[0].activation is None


def test_python_floats_in_a_dict_are_their_binary_value():
    net = network_from_dict({"input_dim": 1, "layers": [{"kind": "dense", "weight": [[0.1]], "bias": [0]}]})
    assert net.layers[0].weight == ((F(0.1),),)


def test_format_version(tmp_path):
    d = network_to_dict(ALL_KINDS)
    del d["format"]
    assert network_from_dict(d) == ALL_KINDS  # no version: version 1
    for version in (2, 0, "1", True, None):
        d["format"] = version
        with pytest.raises(FileFormatError, match=rf"unknown format version {version!r}; this exactpd reads version 1"):
            network_from_dict(d)


def test_demo_network():
    net = demo_network()
    assert net.input_dim == 2
    assert [layer.n_outputs for layer in net.layers] == [6, 6, 1]
    assert [layer.activation for layer in net.layers] == ["relu", "relu", None]
    assert all(v.denominator <= 4 for layer in net.layers for row in layer.weight for v in row)


def dense(**changes):
    layer = {"kind": "dense", "weight": [[1, 0], [0, 1]], "bias": [0, 0], "activation": "relu"}
    layer.update(changes)
    return layer


def net_dict(*layers, **changes):
    d = {"format": 1, "input_dim": 2, "layers": list(layers)}
    d.update(changes)
    return d


BAD_DICTS = [
    ([1, 2], FileFormatError, r"^network file: expected an object, got a list$"),
    ("net", FileFormatError, r"^network file: expected an object, got a string$"),
    ({"layers": []}, FileFormatError, r"^network file: missing key 'input_dim'$"),
    ({"input_dim": 2}, FileFormatError, r"^network file: missing key 'layers'$"),
    (net_dict(extra=1), FileFormatError, r"^network file: unknown key 'extra'$"),
    ({"input_dim": 2, "layers": {"kind": "dense"}}, FileFormatError, r"^network file: layers must be a list, got an object$"),
    (net_dict(input_dim="two"), InvalidNetworkError, r"^input_dim must be a positive integer, got 'two'$"),
    (net_dict(5), FileFormatError, r"^layer 0: expected an object, got a number$"),
    (net_dict(dense(), None), FileFormatError, r"^layer 1: expected an object, got null$"),
    (net_dict({"kind": "conv"}), FileFormatError, r"^layer 0: unknown kind 'conv'; expected 'dense', 'conv2d', 'maxpool' or 'maso'$"),
    (net_dict({"weight": [[1]]}), FileFormatError, r"^layer 0: unknown kind None"),
    (net_dict({"kind": ["dense"]}), FileFormatError, r"^layer 0: unknown kind \['dense'\]"),
    (net_dict({"kind": "dense", "bias": [0]}), FileFormatError, r"^layer 0 \(dense\): missing key 'weight'$"),
    (net_dict(dense(activaton="relu")), FileFormatError, r"^layer 0 \(dense\): unknown key 'activaton'$"),
    (net_dict({"kind": "maxpool"}), FileFormatError, r"^layer 0 \(maxpool\): missing key 'groups'$"),
    (net_dict({"kind": "maxpool", "groups": 3}), FileFormatError, r"^layer 0 \(maxpool\): groups must be a list"),
    (net_dict({"kind": "maso", "slopes": [[[1, 0]]]}), FileFormatError, r"^layer 0 \(maso\): missing key 'offsets'$"),
    (
        net_dict(dense(), dense(weight=[[1, 0]] * 4, bias=[0, 0, 0])),
        InvalidNetworkError,
        r"^layer 1 \(dense\): bias has 3 entries, weight has 4 rows$",
    ),
    (net_dict(dense(activation="tanh")), InvalidNetworkError, r"^layer 0 \(dense\): unknown activation 'tanh'"),
    (net_dict(dense(weight=[[1, 0], [0, "x"]])), InvalidWeightError, r"^layer 0 \(dense\): weight\[1\]\[1\]: 'x' is not a number"),
    (net_dict(dense(weight=[[1, 0], [0, True]])), InvalidWeightError, r"^layer 0 \(dense\): weight\[1\]\[1\]: expected a number, got the boolean"),
    (net_dict(dense(), dense(bias=[0, "nan"])), NonFiniteWeightError, r"^layer 1 \(dense\): bias\[1\]: 'nan' is not a finite number$"),
    (net_dict(dense(), dense(weight=[[1, 2, 3]], bias=[0])), InvalidNetworkError, r"^layer 1 \(dense\): weight has 3 columns, the layer input has 2 features$"),
    (net_dict({"kind": "maxpool", "groups": [[0, 5]]}), InvalidNetworkError, r"^layer 0 \(maxpool\): groups use feature 5"),
    (net_dict({"kind": "maxpool", "groups": [[0, 1.5]]}), InvalidNetworkError, r"^layer 0 \(maxpool\): groups\[0\]\[1\] = 1.5"),
    (net_dict({"kind": "maso", "slopes": {"kind": 1}, "offsets": [[0]]}), InvalidNetworkError, r"^layer 0 \(maso\): slopes must be a list"),
    (net_dict({"kind": "maso", "slopes": [[[1, 0]]], "offsets": {"a": [0]}}), InvalidNetworkError, r"^layer 0 \(maso\): offsets must be a list"),
    (net_dict(dense(weight={"a": [1, 0]})), InvalidWeightError, r"^layer 0 \(dense\): weight: expected a matrix"),
    (net_dict({"kind": "maso", "slopes": [[[1, 0]]], "offsets": [[0, 1]]}), InvalidNetworkError, r"^layer 0 \(maso\): unit 0 has 1 slope rows and 2 offsets$"),
]


@pytest.mark.parametrize("d, error, message", BAD_DICTS)
def test_malformed_network_dicts_raise_named_errors(d, error, message):
    with pytest.raises(error, match=message):
        network_from_dict(d)


@pytest.mark.parametrize("d, error, message", BAD_DICTS)
def test_malformed_network_files_name_the_file(tmp_path, d, error, message):
    path = write(tmp_path, json.dumps(d))
    with pytest.raises(error, match="^" + re.escape(f"{path}: ") + message.lstrip("^")):
        load_network(path)


@pytest.mark.parametrize(
    "text, message",
    [
        pytest.param('{"input_dim": 2, "layers": [', r"not valid JSON: Expecting value at line 1 column 29$", id="cut short"),
        pytest.param("", r"not valid JSON: Expecting value at line 1 column 1$", id="empty"),
        pytest.param(
            "{'input_dim': 2}", r"not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2$", id="quotes"
        ),
        pytest.param("[" * 100000 + "]" * 100000, r"not valid JSON: nested too deeply$", id="nested too deeply"),
    ],
)
def test_invalid_json(tmp_path, text, message):
    with pytest.raises(FileFormatError, match=message):
        load_network(write(tmp_path, text))


@pytest.mark.parametrize("constant, shown", [("NaN", "nan"), ("Infinity", "inf"), ("-Infinity", "-inf")])
def test_non_finite_json_constants_name_layer_and_entry(tmp_path, constant, shown):
    text = json.dumps(net_dict(dense(), dense(weight=[[1, 0], [0, 0]]))).replace("[0, 0]]", f"[{constant}, 0]]", 1)
    with pytest.raises(NonFiniteWeightError, match=rf"layer 1 \(dense\): weight\[1\]\[0\]: {shown} is not a finite number$"):
        load_network(write(tmp_path, text))


def test_not_utf8(tmp_path):
    path = tmp_path / "net.json"
    path.write_bytes(b'{"input_dim": 2, "layers": ["\xff"]}')
    with pytest.raises(FileFormatError, match=r"not UTF-8 text \(invalid start byte at byte 29\)$"):
        load_network(path)


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_network(tmp_path / "absent.json")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 8) | st.floats(allow_nan=True) | st.sampled_from(["1/2", "x", "relu", "dense", "maso", "maxpool", "nan"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["kind", "weight", "bias", "activation", "negative_slope", "groups", "slopes", "offsets"]), children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=100, deadline=None)
@given(st.lists(json_values, max_size=3), st.integers(0, 3))
def test_any_json_gives_a_network_or_an_exactpd_error(layers, input_dim):
    try:
        net = network_from_dict({"input_dim": input_dim, "layers": layers})
    except ExactpdError:
        return
    assert network_from_dict(network_to_dict(net)) == net


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["kind", "weight", "bias", "activation", "groups", "slopes", "offsets"]), max_size=4), st.data())
def test_any_layer_object_gives_a_network_or_an_exactpd_error(keys, data):
    layer = {key: data.draw(json_values) for key in keys}
    layer["kind"] = data.draw(st.sampled_from(["dense", "maxpool", "maso"]))
    try:
        network_from_dict({"input_dim": 2, "layers": [layer]})
    except ExactpdError:
        pass


def test_the_documented_example_loads():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "network-format.md").read_text()
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    net = network_from_dict(json.loads(example))
    assert [layer.kind for layer in net.layers] == ["dense"] * 4 + ["maxpool", "maso"]
    assert net.output_dim == 1
