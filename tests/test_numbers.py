"""Bad numbers everywhere a number is read: one clear error of ours, at once, before any arithmetic.

Covers the number limits (:func:`exactpd.set_number_limits`), integers longer than
Python's own 4300-digit conversion limit (read and written exactly), repeated JSON
keys in every file reader, and the command line's ``--box`` and ``--point``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
import sympy

import exactpd as epd
from exactpd.cli.main import main
from exactpd.errors import FileFormatError, InvalidNumberError, NonFiniteError, NumberLimitError
from exactpd.rational import format_rational, number_limits, parse_decimal_text, set_number_limits, to_rational

L = number_limits().max_digits  # the default limits, 20000 each
HUGE_EXPONENTS = ["1e999999999", "-1e-999999999", "1E+999999999", "0.5e999999", "1e" + "9" * 5000, "0e999999"]
LONG_DIGITS = ["1" * (L + 1), "-" + "7" * (L + 5), "1/" + "3" * (L + 1), "0." + "1" * (L + 1), "1" * (L + 1) + "e-3"]


def _net_text(weight) -> str:
    return '{"input_dim": 1, "layers": [{"kind": "dense", "weight": [[%s]], "bias": [1], "activation": "relu"}]}' % weight


@pytest.mark.parametrize("text", HUGE_EXPONENTS, ids=lambda t: t[:16])
def test_a_huge_exponent_is_refused(text):
    with pytest.raises(NumberLimitError, match="exponent"):
        to_rational(text, "w")
    with pytest.raises(NumberLimitError, match=r"^w: "):
        to_rational(text, "w")


@pytest.mark.parametrize("text", LONG_DIGITS, ids=lambda t: t[:8] + "..." + t[-4:])
def test_too_many_digits_are_refused(text):
    with pytest.raises(NumberLimitError, match="digits"):
        to_rational(text)


def test_decimals_and_sympy_floats_are_held_to_the_limits():
    with pytest.raises(NumberLimitError):
        to_rational(Decimal("1e999999999"))
    with pytest.raises(NumberLimitError):
        to_rational(Decimal("1" * (L + 1)))
    with pytest.raises(NumberLimitError):
        to_rational(sympy.Float("1e30000"))
    assert to_rational(Decimal(f"1e{L}")) == 10**L
    assert to_rational(sympy.Float(0.5)) == Fraction(1, 2)


def test_numbers_at_the_limit_are_exact():
    assert to_rational(f"1e{L}") == 10**L
    assert to_rational(f"1e-{L}") == Fraction(1, 10**L)
    assert to_rational("9" * L) == 10**L - 1
    assert to_rational("00012") == 12  # leading zeros are not significant digits
    assert to_rational("0" * (L + 5) + "1") == 1
    assert to_rational("1" * 5000) == (10**5000 - 1) // 9  # past Python's own 4300-digit limit
    assert parse_decimal_text("-.5e1") == -5
    assert parse_decimal_text("15e-1") == Fraction(3, 2)


def test_set_number_limits_in_a_with_block_and_for_good():
    assert number_limits() == epd.NumberLimits(20000, 20000)
    with set_number_limits(max_digits=30000, max_exponent=10**5):
        assert to_rational("1" * 25000) == (10**25000 - 1) // 9
        assert to_rational("1e100000") == 10**100000
    assert number_limits() == epd.NumberLimits(20000, 20000)
    with pytest.raises(NumberLimitError):
        to_rational("1e100000")
    with set_number_limits(max_digits=3):
        with pytest.raises(NumberLimitError, match="4 digits"):
            to_rational("1234")
        assert to_rational("123") == 123
    set_number_limits(max_exponent=30000)
    try:
        assert to_rational("1e30000") == 10**30000
    finally:
        set_number_limits(max_exponent=20000)
    for bad in (0, -1, True, 1.5, "10"):
        with pytest.raises(InvalidNumberError, match="positive integer"):
            set_number_limits(max_digits=bad)


def test_long_integers_are_read_and_written_exactly():
    n = to_rational("12345678901" * 800)
    assert format_rational(n) == "12345678901" * 800
    assert format_rational(-n / 7) == "-" + "12345678901" * 800 + "/7"
    assert to_rational(format_rational(-n / 7)) == -n / 7


def test_non_finite_strings_are_named():
    for text in ("nan", "-inf", "Infinity"):
        with pytest.raises(NonFiniteError, match=rf"w\[0\]: '{text}' is not a finite number"):
            epd.to_vector([text], "w")


@pytest.mark.parametrize("number", ["1e999999999", "1" * (L + 1), "-1" + "0" * L, '"1e999999999"', '"' + "1" * (L + 1) + '"'],
                         ids=["exponent", "digits", "negative", "exponent string", "digits string"])
def test_network_files_refuse_huge_numbers(tmp_path, number):
    path = tmp_path / "net.json"
    path.write_text(_net_text(number))
    with pytest.raises(InvalidNumberError, match=rf"{path}.*limit"):
        epd.load_network(path)


def test_a_network_file_with_long_integers_loads_exactly(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(_net_text("1" * 5000))  # past Python's own 4300-digit limit
    net = epd.load_network(path)
    assert net.layers[0].weight[0][0] == (10**5000 - 1) // 9
    out = tmp_path / "again.json"
    epd.save_network(net, out)  # longer than a JSON integer Python can write: an exact string
    assert epd.load_network(out) == net
    path.write_text(_net_text("1" * (L + 1)))
    with set_number_limits(max_digits=L + 1):
        assert epd.load_network(path).layers[0].weight[0][0] == (10 ** (L + 1) - 1) // 9


def test_partition_and_polytope_files_refuse_huge_numbers(tmp_path):
    partition = epd.enumerate_regions(epd.network_from_dict(json.loads(_net_text(1))), epd.box([-1], [1]))
    d = epd.partition_to_dict(partition)
    d["regions"][0]["witness"] = ["1e999999999"]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(d).replace('"1e999999999"', "1e999999999"))
    with pytest.raises(NumberLimitError, match="exponent"):
        epd.load_partition(path)
    poly = tmp_path / "domain.json"
    poly.write_text('{"dim": 1, "halfspaces": [{"a": [1], "b": %s}]}' % ("9" * (L + 1)))
    with pytest.raises(NumberLimitError, match="digits"):
        epd.load_polytope(poly)


def test_a_partition_with_long_integers_round_trips(tmp_path):
    net = epd.Network(1, [epd.Dense([[10**1000 + 1], [1]], [-(10**1000), 3], "relu"), epd.Dense([[1, 1]], [0])])
    partition = epd.enumerate_regions(net, epd.box([-5], [5]), engine="lp")
    path = tmp_path / "p.json"
    epd.save_partition(partition, path)
    assert epd.load_partition(path) == partition


@pytest.mark.parametrize("reader, text", [
    ("network", '{"input_dim": 1, "input_dim": 2, "layers": []}'),
    ("network", _net_text(1).replace('"bias": [1]', '"bias": [1], "bias": [2]')),
    ("polytope", '{"dim": 1, "halfspaces": [{"a": [1], "b": 1, "b": 2}]}'),
    ("partition", '{"format": 1, "format": 1, "regions": []}'),
])
def test_repeated_keys_are_refused(tmp_path, reader, text):
    path = tmp_path / "f.json"
    path.write_text(text)
    load = {"network": epd.load_network, "polytope": epd.load_polytope, "partition": epd.load_partition}[reader]
    with pytest.raises(FileFormatError, match="appears twice"):
        load(path)


def test_repeated_keys_deep_in_a_partition_file_are_refused(tmp_path):
    partition = epd.enumerate_regions(epd.network_from_dict(json.loads(_net_text(1))), epd.box([-1], [1]))
    text = json.dumps(epd.partition_to_dict(partition)).replace('"bounded": ', '"bounded": true, "bounded": ', 1)
    path = tmp_path / "p.json"
    path.write_text(text)
    with pytest.raises(FileFormatError, match="'bounded' appears twice"):
        epd.load_partition(path)


@pytest.fixture
def net_file(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(_net_text(1))
    return str(path)


@pytest.mark.parametrize("box, words", [
    (["nan", "1"], ["nan", "finite"]),
    (["0", "inf"], ["inf", "finite"]),
    (["1e999999999", "1"], ["exponent", "limit"]),
    (["0", "1" * (L + 1)], ["digits", "limit"]),
    (["zero", "1"], ["zero", "not a number"]),
], ids=["nan", "inf", "exponent", "digits", "word"])
def test_cli_box_names_the_bad_number(net_file, tmp_path, capsys, box, words):
    with pytest.raises(SystemExit) as exit_info:
        main(["enumerate", net_file, "--box", *box, "-o", str(tmp_path / "out.json")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid" not in err and "Traceback" not in err
    for word in words:
        assert word in err


@pytest.mark.parametrize("point, word", [("1e999999999", "exponent"), ("nan", "finite"), ("1" * (L + 1), "digits")],
                         ids=["exponent", "nan", "digits"])
def test_cli_point_names_the_bad_number(net_file, capsys, point, word):
    assert main(["locate", net_file, "--point", point]) == 2
    err = capsys.readouterr().err
    assert word in err and "Traceback" not in err


def test_cli_network_with_a_huge_exponent(tmp_path, capsys):
    path = tmp_path / "net.json"
    path.write_text(_net_text("1e999999999"))
    assert main(["verify", str(path)]) == 2
    assert "exponent" in capsys.readouterr().err


@pytest.mark.parametrize("op, attribute", [("Gemm", "alpha"), ("LeakyRelu", "alpha")])
def test_an_onnx_attribute_that_is_not_finite_is_named(op, attribute):
    onnx = pytest.importorskip("onnx")
    import numpy as np

    helper = onnx.helper
    gemm_options = {"alpha": float("nan")} if op == "Gemm" else {}
    nodes = [helper.make_node("Gemm", ["x", "w", "b"], ["z"], name="dense", transB=1, **gemm_options)]
    nodes.append(helper.make_node("LeakyRelu", ["z"], ["y"], name="act", alpha=float("inf")) if op == "LeakyRelu"
                 else helper.make_node("Relu", ["z"], ["y"]))
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 2])],
        [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, None)],
        [onnx.numpy_helper.from_array(np.array([[1, 2]], dtype=np.float32), "w"),
         onnx.numpy_helper.from_array(np.array([0], dtype=np.float32), "b")],
    )
    name = "dense" if op == "Gemm" else "act"
    with pytest.raises(epd.NonFiniteWeightError, match=rf"node '{name}' \({op}\): ONNX attribute '{attribute}' is (nan|inf)"):
        epd.from_onnx(helper.make_model(graph))


def test_a_weight_past_the_limits_keeps_both_classes():
    from exactpd import Dense, InvalidNetworkError, NumberLimitError, WeightLimitError

    with pytest.raises(WeightLimitError, match=r"weight\[0\]\[1\]") as caught:
        Dense([[0, "1e99999999999"]], [0])
    assert isinstance(caught.value, InvalidNetworkError) and isinstance(caught.value, NumberLimitError)
