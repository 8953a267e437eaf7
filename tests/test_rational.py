"""The number boundary: one set of assertions run over every input kind (as CGAL runs one suite over every kernel)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.errors import DimensionError, InvalidNumberError, NonFiniteError
from exactpd.rational import (
    common_denominator,
    dot,
    format_rational,
    format_vector,
    parse_point,
    primitive_row,
    sign,
    to_matrix,
    to_rational,
    to_vector,
)

BINARY_TENTH = Fraction(3602879701896397, 36028797018963968)  # the double nearest to 0.1
BINARY_TENTH_32 = Fraction(13421773, 134217728)  # the float32 nearest to 0.1

# (input, its exact value); every kind a user may hand in.
EXACT_INPUTS = [
    pytest.param(3, Fraction(3), id="int"),
    pytest.param(-7, Fraction(-7), id="negative int"),
    pytest.param(10**40 + 1, Fraction(10**40 + 1), id="big int"),
    pytest.param(0.5, Fraction(1, 2), id="float 0.5"),
    pytest.param(0.1, BINARY_TENTH, id="float 0.1 is its binary value"),
    pytest.param(-2.25, Fraction(-9, 4), id="negative float"),
    pytest.param(1e-300, Fraction(1e-300), id="tiny float"),
    pytest.param("3/7", Fraction(3, 7), id="p/q"),
    pytest.param("-3/7", Fraction(-3, 7), id="-p/q"),
    pytest.param(" 4 / 6 ", Fraction(2, 3), id="p/q spaced, reduced"),
    pytest.param("0.1", Fraction(1, 10), id="decimal string is exact"),
    pytest.param("-2.5", Fraction(-5, 2), id="negative decimal string"),
    pytest.param("1e-3", Fraction(1, 1000), id="exponent string"),
    pytest.param("12", Fraction(12), id="integer string"),
    pytest.param(Fraction(2, 3), Fraction(2, 3), id="Fraction"),
    pytest.param(Decimal("0.1"), Fraction(1, 10), id="Decimal"),
    pytest.param(np.int64(5), Fraction(5), id="numpy int64"),
    pytest.param(np.uint8(200), Fraction(200), id="numpy uint8"),
    pytest.param(np.float64(0.1), BINARY_TENTH, id="numpy float64"),
    pytest.param(np.float32(0.1), BINARY_TENTH_32, id="numpy float32 is its own binary value"),
    pytest.param(np.float16(0.5), Fraction(1, 2), id="numpy float16"),
    pytest.param(np.array(0.25), Fraction(1, 4), id="numpy 0-d array"),
    pytest.param(sympy.Rational(3, 7), Fraction(3, 7), id="sympy Rational"),
    pytest.param(sympy.Integer(-4), Fraction(-4), id="sympy Integer"),
    pytest.param(sympy.Float(0.1), BINARY_TENTH, id="sympy Float from a float"),
    pytest.param(sympy.Float("0.375"), Fraction(3, 8), id="sympy Float from a string"),
]


@pytest.mark.parametrize("value, expected", EXACT_INPUTS)
def test_every_input_kind_is_converted_exactly(value, expected):
    q = to_rational(value)
    assert type(q) is Fraction
    assert q == expected
    assert to_vector([value, value]) == (expected, expected)
    assert to_matrix([[value], [1]]) == ((expected,), (Fraction(1),))
    assert to_rational(format_rational(q)) == q


NON_FINITE = [
    pytest.param(float("nan"), id="nan"),
    pytest.param(float("inf"), id="inf"),
    pytest.param(float("-inf"), id="-inf"),
    pytest.param("nan", id="'nan'"),
    pytest.param("NaN", id="'NaN'"),
    pytest.param("-Infinity", id="'-Infinity'"),
    pytest.param(Decimal("NaN"), id="Decimal NaN"),
    pytest.param(Decimal("-Infinity"), id="Decimal -inf"),
    pytest.param(np.float32("nan"), id="numpy float32 nan"),
    pytest.param(np.float64("inf"), id="numpy inf"),
    pytest.param(sympy.nan, id="sympy nan"),
    pytest.param(sympy.oo, id="sympy oo"),
    pytest.param(sympy.Float("inf"), id="sympy Float inf"),
]

NOT_NUMBERS = [
    pytest.param(True, id="True"),
    pytest.param(False, id="False"),
    pytest.param(np.bool_(True), id="numpy bool"),
    pytest.param(None, id="None"),
    pytest.param("abc", id="'abc'"),
    pytest.param("", id="empty string"),
    pytest.param("1/0", id="zero denominator"),
    pytest.param("1/2/3", id="'1/2/3'"),
    pytest.param([1], id="list"),
    pytest.param({}, id="dict"),
    pytest.param(1j, id="complex"),
    pytest.param(object(), id="object"),
    pytest.param(sympy.Symbol("x"), id="sympy symbol"),
    pytest.param(sympy.sqrt(2), id="sympy sqrt(2)"),
]


@pytest.mark.parametrize("value", NON_FINITE)
def test_non_finite_values_raise_naming_the_entry(value):
    with pytest.raises(NonFiniteError, match=r"^layer 0 \(dense\): weight\[1\]\[0\]: .* not a finite number"):
        to_rational(value, "layer 0 (dense): weight[1][0]")
    with pytest.raises(NonFiniteError, match=r"^point\[1\]: "):
        to_vector([0, value], "point")


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_non_numbers_raise_naming_the_entry(value):
    with pytest.raises(InvalidNumberError, match=r"^bias\[2\]: ") as info:
        to_rational(value, "bias[2]")
    assert not isinstance(info.value, NonFiniteError)
    with pytest.raises(InvalidNumberError, match=r"^point\[1\]: "):
        to_vector([0, value], "point")


def test_errors_are_value_errors_too():
    with pytest.raises(ValueError):
        to_rational("abc")
    assert issubclass(NonFiniteError, InvalidNumberError)


@pytest.mark.parametrize("value", ["abc", 3, None])
def test_to_vector_needs_a_sequence(value):
    with pytest.raises(InvalidNumberError, match=r"^point: expected a sequence of numbers"):
        to_vector(value, "point")


def test_to_vector_length_mismatch_names_the_vector():
    with pytest.raises(DimensionError, match=r"^point: expected 2 entries, got 3$"):
        to_vector([1, 2, 3], "point", length=2)


def test_to_vector_accepts_numpy_arrays():
    assert to_vector(np.array([0.5, 2.0])) == (Fraction(1, 2), Fraction(2))


def test_to_matrix_rejects_ragged_rows():
    with pytest.raises(DimensionError, match=r"^weight: rows of unequal lengths \[1, 2\]$"):
        to_matrix([[1, 2], [3]], "weight")
    with pytest.raises(DimensionError, match=r"unequal lengths \[2, 3\]"):
        to_matrix([[1, 2]], "weight", n_cols=3)


def test_to_matrix_names_the_entry():
    with pytest.raises(InvalidNumberError, match=r"^weight\[1\]\[0\]: "):
        to_matrix([[1], ["x"]], "weight")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1/2,0.5", (Fraction(1, 2), Fraction(1, 2))),
        (" -1 , 2 ", (Fraction(-1), Fraction(2))),
        ("3/7;1e-2", (Fraction(3, 7), Fraction(1, 100))),
        ("5", (Fraction(5),)),
    ],
)
def test_parse_point(text, expected):
    assert parse_point(text) == expected


@pytest.mark.parametrize("text", ["", "1,,2", "1,", " "])
def test_parse_point_rejects_empty_entries(text):
    with pytest.raises(InvalidNumberError, match=r"^point: .* is not a comma-separated list of numbers"):
        parse_point(text)


def test_parse_point_names_the_entry():
    with pytest.raises(InvalidNumberError, match=r"^point\[1\]: 'abc' is not a number"):
        parse_point("1,abc")
    with pytest.raises(NonFiniteError, match=r"^point\[0\]: "):
        parse_point("nan,1")


def test_format():
    assert format_rational(Fraction(-3, 7)) == "-3/7"
    assert format_rational(Fraction(4, 2)) == "2"
    assert format_vector([Fraction(1, 2), Fraction(0)]) == ["1/2", "0"]


fractions = st.fractions(max_denominator=10**6) | st.floats(-1e6, 1e6).map(Fraction)


@settings(max_examples=50)
@given(st.lists(st.tuples(fractions, fractions), max_size=12))
def test_dot_is_the_exact_sum_of_products(pairs):
    u = [a for a, _ in pairs]
    v = [b for _, b in pairs]
    expected = Fraction(0)
    for a, b in pairs:
        expected += a * b
    assert dot(u, v) == expected
    assert type(dot(u, v)) is Fraction


def test_sign_and_common_denominator():
    assert [sign(Fraction(-1, 3)), sign(0), sign(Fraction(2))] == [-1, 0, 1]
    assert common_denominator([Fraction(1, 4), Fraction(1, 6), Fraction(3)]) == 12
    assert common_denominator([]) == 1


@settings(max_examples=50)
@given(st.lists(fractions, min_size=1, max_size=5), fractions, st.fractions(min_value=Fraction(1, 100), max_value=100))
def test_primitive_row_is_invariant_under_positive_scaling(coefficients, rhs, scale):
    row, b = primitive_row(coefficients, rhs)
    assert all(isinstance(v, int) for v in row) and isinstance(b, int)
    assert primitive_row([scale * a for a in coefficients], scale * rhs) == (row, b)
    # the same halfspace: the row is a positive multiple of the input
    ratios = {Fraction(r) / a for r, a in zip(row + (b,), list(coefficients) + [rhs]) if a}
    assert len(ratios) <= 1 and all(r > 0 for r in ratios)
