"""The number boundary: every number enters exactpd here, exactly, once.

Accepted inputs and what they become (a :class:`fractions.Fraction`):

- ``int`` (not ``bool``): itself;
- ``float``: its exact binary value (``0.1`` is ``3602879701896397/36028797018963968``);
- ``str``: ``"3/7"``, ``"-2"``, decimal strings ``"0.1"`` (= 1/10) and ``"1e-3"``;
- :class:`fractions.Fraction`, :class:`decimal.Decimal`;
- numpy integer and floating scalars (a ``float32`` gives its exact binary value);
- sympy ``Rational``/``Integer`` (anything with integer ``p`` and ``q``), and
  sympy ``Float`` (its exact binary value);
- a torch scalar tensor (through ``.item()``).

NaN and infinities raise :class:`~exactpd.errors.NonFiniteError`; anything
else raises :class:`~exactpd.errors.InvalidNumberError`.  Nothing here ever
guesses (no ``nsimplify``, no ``limit_denominator``).

A number written in decimal (a string, a :class:`~decimal.Decimal`, a JSON
number) is refused with :class:`~exactpd.errors.NumberLimitError` *before any
arithmetic* when it has more digits than ``max_digits`` or an exponent beyond
``max_exponent`` (:class:`NumberLimits`; 20000 each by default): ``"1e999999999"``
would otherwise be a billion-digit integer.  :func:`set_number_limits` raises
the limits for those who need more, for good or inside a ``with`` block.

Vectors are tuples of Fractions (:data:`QVector`); matrices tuples of them.
Halfspaces are stored as *primitive integer rows* (:func:`primitive_row`).
"""

from __future__ import annotations

import enum
import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable, Sequence

from exactpd.errors import DimensionError, InvalidNumberError, NonFiniteError, NumberLimitError

__all__ = [
    "integer_point",
    "QVector",
    "QMatrix",
    "Side",
    "NumberLimits",
    "number_limits",
    "set_number_limits",
    "parse_integer_text",
    "parse_decimal_text",
    "to_rational",
    "to_vector",
    "to_matrix",
    "format_rational",
    "format_vector",
    "parse_point",
    "dot",
    "primitive_row",
    "common_denominator",
    "sign",
]

QVector = tuple  # tuple[Fraction, ...]
QMatrix = tuple  # tuple[tuple[Fraction, ...], ...]

_INT_RE = re.compile(r"^([+-]?)([0-9]+)$")
_FRACTION_RE = re.compile(r"^([+-]?[0-9]+)\s*/\s*([+-]?[0-9]+)$")
_DECIMAL_RE = re.compile(r"^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?)([0-9]+))?$")
_SAFE_DIGITS = 600  # below the smallest limit Python may put on int <-> str conversion (640 digits)
_NONFINITE_WORDS = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


class Side(enum.Enum):
    """Where a point lies with respect to a closed set (three-valued, as CGAL's Oriented_side).

    Attributes
    ----------
    INSIDE, BOUNDARY, OUTSIDE
        In the interior, on the boundary, or outside the closed set.

    Examples
    --------
    >>> from exactpd import box, side
    >>> [side(box([0, 0], [1, 1]), p) for p in ([1, 1], ["1/2", "1/2"], [2, 0])]
    [<Side.BOUNDARY: 'boundary'>, <Side.INSIDE: 'inside'>, <Side.OUTSIDE: 'outside'>]
    """

    INSIDE = "inside"
    BOUNDARY = "boundary"
    OUTSIDE = "outside"


def _where(where: str) -> str:
    return f"{where}: " if where else ""


@dataclass(frozen=True)
class NumberLimits:
    """The largest numbers exactpd reads from decimal text (strings, Decimals, JSON numbers).

    Attributes
    ----------
    max_digits : int
        The most significant decimal digits a number may have: those of an
        integer, of ``p`` and of ``q`` in ``"p/q"``, of a decimal's mantissa
        (leading zeros not counted).
    max_exponent : int
        The largest ``|e|`` of a decimal ``m * 10**e`` with an integer mantissa
        ``m`` (``"1.5e3"`` is ``15 * 10**2``; ``"0.001"`` is ``1 * 10**-3``).

    Notes
    -----
    A decimal's exact value is an integer of up to ``max_digits + max_exponent``
    digits; both checks are made on the text, before any arithmetic, so
    ``"1e999999999"`` is refused at once instead of computing ``10**999999999``.
    The default, 20000, reads and writes a number in milliseconds and is
    beyond Python's own limit on int/str conversion (4300 digits), which
    exactpd's parsers and writers never run into: they convert long integers
    in pieces.  Files exactpd writes can hold numbers of several thousand
    digits (the witnesses of regions of networks with float weights).

    Examples
    --------
    >>> NumberLimits()
    NumberLimits(max_digits=20000, max_exponent=20000)
    >>> with set_number_limits(max_digits=3):
    ...     to_rational("1234")
    Traceback (most recent call last):
    ...
    exactpd.errors.NumberLimitError: '1234' has 4 digits, more than the limit of 3 (exactpd.set_number_limits(max_digits=...) raises it)
    """

    max_digits: int = 20000
    max_exponent: int = 20000


_limits = NumberLimits()


def number_limits() -> NumberLimits:
    """The limits in force (see :class:`NumberLimits` and :func:`set_number_limits`).

    Returns
    -------
    NumberLimits
        The current ``max_digits`` and ``max_exponent``.

    Examples
    --------
    >>> number_limits()
    NumberLimits(max_digits=20000, max_exponent=20000)
    """
    return _limits


class _LimitsRestorer:
    """What :func:`set_number_limits` returns: a context manager that puts the previous limits back on exit."""

    def __init__(self, previous: NumberLimits) -> None:
        self.previous = previous

    def __enter__(self) -> NumberLimits:
        return _limits

    def __exit__(self, *exc_info: Any) -> None:
        global _limits
        _limits = self.previous


def set_number_limits(max_digits: int | None = None, max_exponent: int | None = None) -> _LimitsRestorer:
    """Set the limits on numbers read from decimal text, for good or for a ``with`` block.

    Parameters
    ----------
    max_digits, max_exponent : int, optional
        New values (positive integers) of the :class:`NumberLimits` fields;
        a field left out keeps its value.

    Returns
    -------
    context manager
        Used in a ``with`` statement, it restores the previous limits on
        exit; a plain call keeps the new limits.

    Raises
    ------
    InvalidNumberError
        A limit that is not a positive integer.

    Examples
    --------
    >>> with set_number_limits(max_exponent=10**5):
    ...     to_rational("1e50000") == 10**50000
    True
    >>> number_limits().max_exponent
    20000
    """
    global _limits
    for name, value in (("max_digits", max_digits), ("max_exponent", max_exponent)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise InvalidNumberError(f"set_number_limits: {name} must be a positive integer, got {value!r}")
    previous = _limits
    _limits = NumberLimits(
        previous.max_digits if max_digits is None else max_digits,
        previous.max_exponent if max_exponent is None else max_exponent,
    )
    return _LimitsRestorer(previous)


def _shown(text: str) -> str:
    """The text of a number for a message, shortened when long."""
    return repr(text) if len(text) <= 40 else f"{text[:20]!r}...{text[-8:]!r} ({len(text)} characters)"


def _check_digits(n_digits: int, text: str, where: str) -> None:
    if n_digits > _limits.max_digits:
        raise NumberLimitError(
            f"{_where(where)}{_shown(text)} has {n_digits} digits, more than the limit of {_limits.max_digits} "
            "(exactpd.set_number_limits(max_digits=...) raises it)"
        )


def _check_exponent(exponent: int, text: str, where: str) -> None:
    if abs(exponent) > _limits.max_exponent:
        raise NumberLimitError(
            f"{_where(where)}{_shown(text)} has the exponent {exponent}, beyond the limit of "
            f"+-{_limits.max_exponent} (exactpd.set_number_limits(max_exponent=...) raises it)"
        )


def _digits_value(digits: str) -> int:
    """The integer of a string of ASCII digits, converted in pieces (never hits Python's int/str limit)."""
    if len(digits) <= _SAFE_DIGITS:
        return int(digits)
    low = len(digits) // 2
    return _digits_value(digits[:-low]) * 10**low + _digits_value(digits[-low:])


def _digits_text(n: int) -> str:
    """The decimal digits of ``n >= 0``, converted in pieces (never hits Python's int/str limit)."""
    if n.bit_length() <= 3 * _SAFE_DIGITS:
        return str(n)
    low = n.bit_length() * 3 // 20  # about half the digits (log10 2 > 0.3)
    high, rest = divmod(n, 10**low)
    return _digits_text(high) + _digits_text(rest).rjust(low, "0")


def parse_integer_text(text: str, where: str = "") -> int:
    """The integer written in ``text`` (optional sign, ASCII digits), within :func:`number_limits`.

    Parameters
    ----------
    text : str
        The digits, with an optional sign and surrounding blanks.
    where : str, optional
        Names the place in error messages (``"layer 0 (dense): bias[1]"``).

    Returns
    -------
    int

    Raises
    ------
    NumberLimitError
        More than ``max_digits`` significant digits (checked before converting).
    InvalidNumberError
        Not an integer.

    Examples
    --------
    >>> parse_integer_text("-0012")
    -12
    """
    m = _INT_RE.match(text.strip())
    if not m:
        raise InvalidNumberError(f"{_where(where)}{_shown(text)} is not an integer")
    digits = m.group(2).lstrip("0") or "0"
    _check_digits(len(digits), text, where)
    value = _digits_value(digits)
    return -value if m.group(1) == "-" else value


def parse_decimal_text(text: str, where: str = "") -> Fraction:
    """The exact value of a decimal ``text`` (``"-1.5e-3"``, ``".5"``, ``"7"``), within :func:`number_limits`.

    The digits and the exponent are checked on the text, before any arithmetic.

    Parameters
    ----------
    text : str
        A decimal number: sign, digits, optional point and exponent.
    where : str, optional
        Names the place in error messages (``"layer 0 (dense): bias[1]"``).

    Returns
    -------
    Fraction
        Its exact value (``"0.1"`` is 1/10).

    Raises
    ------
    NumberLimitError
        More than ``max_digits`` significant digits, or an exponent beyond ``max_exponent``.
    InvalidNumberError
        Not a decimal number.

    Examples
    --------
    >>> parse_decimal_text("-1.5e-3")
    Fraction(-3, 2000)
    """
    m = _DECIMAL_RE.match(text.strip())
    if not m or not (m.group(2) or m.group(3)):
        raise InvalidNumberError(f"{_where(where)}{_shown(text)} is not a number")
    sign, whole, fraction, exp_sign, exp_digits = m.groups()
    fraction = fraction or ""
    exp_digits = (exp_digits or "0").lstrip("0") or "0"
    if len(exp_digits) > max(30, len(str(_limits.max_exponent)) + 1):
        raise NumberLimitError(
            f"{_where(where)}{_shown(text)} has an exponent of {len(exp_digits)} digits, beyond the limit of "
            f"+-{_limits.max_exponent} (exactpd.set_number_limits(max_exponent=...) raises it)"
        )
    exponent = (-1 if exp_sign == "-" else 1) * int(exp_digits) - len(fraction)
    digits = (whole + fraction).lstrip("0")
    _check_digits(len(digits), text, where)
    _check_exponent(exponent, text, where)
    mantissa = -_digits_value(digits or "0") if sign == "-" else _digits_value(digits or "0")
    return Fraction(mantissa * 10**exponent) if exponent >= 0 else Fraction(mantissa, 10**-exponent)


def to_rational(value: Any, where: str = "") -> Fraction:
    """Convert one number to an exact :class:`~fractions.Fraction`.

    Parameters
    ----------
    value : int, float, str, Fraction, Decimal, numpy scalar, sympy Rational or Float
        The number.  Floats are taken at their exact binary value; strings
        ``"p/q"`` and decimal strings are exact (``"0.1"`` is 1/10).
    where : str
        A description of the place (``"layer 0 (dense): weight[1][0]"``) put
        at the start of any error message.

    Returns
    -------
    Fraction

    Raises
    ------
    NonFiniteError
        The value is NaN or infinite.
    InvalidNumberError
        The value is not a number.

    Examples
    --------
    >>> to_rational("3/7")
    Fraction(3, 7)
    >>> to_rational("0.1")
    Fraction(1, 10)
    >>> to_rational(0.5)
    Fraction(1, 2)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise InvalidNumberError(f"{_where(where)}expected a number, got the boolean {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return _from_float(value, where)
    if isinstance(value, str):
        return _from_string(value, where)
    if isinstance(value, Decimal):
        return _from_decimal(value, where)
    # sympy Rational / Integer: exact integer numerator and denominator.
    p, q = getattr(value, "p", None), getattr(value, "q", None)
    if isinstance(p, int) and isinstance(q, int) and q != 0:
        return Fraction(p, q)
    if type(value).__module__.startswith("sympy"):
        return _from_sympy(value, where)
    if isinstance(value, numbers.Integral):  # numpy integers
        return Fraction(int(value))
    if isinstance(value, numbers.Real):  # numpy floating scalars (float16/32/64)
        return _from_float(float(value), where)
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", 0) == 0 and getattr(value, "shape", ()) in ((), None):
        return to_rational(item(), where)
    raise InvalidNumberError(f"{_where(where)}expected a number, got {type(value).__name__} {value!r}")


def _from_float(value: float, where: str) -> Fraction:
    if not math.isfinite(value):
        raise NonFiniteError(f"{_where(where)}{value} is not a finite number")
    return Fraction(value)


def _from_decimal(value: Decimal, where: str) -> Fraction:
    if not value.is_finite():
        raise NonFiniteError(f"{_where(where)}{value} is not a finite number")
    _, digits, exponent = value.as_tuple()
    _check_digits(len(digits), str(value), where)
    _check_exponent(exponent, str(value), where)
    return Fraction(value)


def _from_string(text: str, where: str) -> Fraction:
    s = text.strip()
    if s.lower() in _NONFINITE_WORDS:
        raise NonFiniteError(f"{_where(where)}{_shown(text)} is not a finite number")
    if _INT_RE.match(s):
        return Fraction(parse_integer_text(s, where))
    m = _FRACTION_RE.match(s)
    if m:
        num, den = parse_integer_text(m.group(1), where), parse_integer_text(m.group(2), where)
        if den == 0:
            raise InvalidNumberError(f"{_where(where)}{_shown(text)} has a zero denominator")
        return Fraction(num, den)
    return parse_decimal_text(s, where)


def _from_sympy(value: Any, where: str) -> Fraction:
    if getattr(value, "is_Float", False):
        if not value.is_finite:
            raise NonFiniteError(f"{_where(where)}{value} is not a finite number")
        sign_bit, mantissa, exponent = value._mpf_[0], value._mpf_[1], value._mpf_[2]
        # its exact value needs an integer of about this many bits: held to max_digits at 3.33 bits per digit
        bits = mantissa.bit_length() + abs(exponent)
        if bits * 3 > _limits.max_digits * 10:
            raise NumberLimitError(
                f"{_where(where)}the sympy Float {value} is exactly a ratio of integers of {bits} bits, more than "
                f"the limit of {_limits.max_digits} digits (exactpd.set_number_limits(max_digits=...) raises it)"
            )
        result = Fraction(mantissa) * (Fraction(2) ** exponent)
        return -result if sign_bit else result
    if getattr(value, "is_infinite", False) or value.__class__.__name__ in {"NaN", "ComplexInfinity"}:
        raise NonFiniteError(f"{_where(where)}{value} is not a finite number")
    raise InvalidNumberError(f"{_where(where)}the sympy expression {value} is not a rational number")


def _as_list(value: Any, where: str, expected: str) -> Sequence:
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):  # numpy arrays, torch tensors
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return value
    raise InvalidNumberError(f"{_where(where)}expected {expected}, got {type(value).__name__}")


def to_vector(values: Any, where: str = "", length: int | None = None) -> QVector:
    """Convert a sequence of numbers to a tuple of Fractions (see :func:`to_rational`).

    ``where`` names the vector in messages; entry ``i`` is reported as ``where[i]``.
    If ``length`` is given, a vector of another length raises
    :class:`~exactpd.errors.DimensionError`.

    Parameters
    ----------
    values : sequence, numpy array or torch tensor
        The entries, each as :func:`to_rational` accepts.
    where : str, optional
        Names the vector in error messages.
    length : int, optional
        The required number of entries.

    Returns
    -------
    tuple of Fraction

    Raises
    ------
    DimensionError
        Not ``length`` entries.
    InvalidNumberError
        Not a sequence, or an entry that is not a number (NonFiniteError for
        NaN or an infinity).

    Examples
    --------
    >>> to_vector([1, "1/3", 0.5])
    (Fraction(1, 1), Fraction(1, 3), Fraction(1, 2))
    >>> to_vector([1, "x"], "point")
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidNumberError: point[1]: 'x' is not a number
    """
    seq = _as_list(values, where, "a sequence of numbers")
    vec = tuple(to_rational(v, f"{where}[{i}]") for i, v in enumerate(seq))
    if length is not None and len(vec) != length:
        raise DimensionError(f"{_where(where)}expected {length} entries, got {len(vec)}")
    return vec


def to_matrix(rows: Any, where: str = "", n_cols: int | None = None) -> QMatrix:
    """Convert a sequence of rows to a tuple of tuples of Fractions.

    Every row must have the same length (``n_cols`` if given); entry ``(i, j)``
    is reported as ``where[i][j]`` in messages.

    Parameters
    ----------
    rows : sequence of sequences, numpy array or torch tensor
        The rows, each as :func:`to_vector` accepts.
    where : str, optional
        Names the matrix in error messages.
    n_cols : int, optional
        The required row length.

    Returns
    -------
    tuple of tuple of Fraction

    Raises
    ------
    DimensionError
        Rows of different lengths, or not ``n_cols`` long.
    InvalidNumberError
        Not a sequence of rows, or an entry that is not a number.

    Examples
    --------
    >>> to_matrix([[1, 0], ["1/2", 2]])
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 2), Fraction(2, 1)))
    >>> to_matrix([[1, 0], [1]], "weight")
    Traceback (most recent call last):
    ...
    exactpd.errors.DimensionError: weight: rows of unequal lengths [1, 2]
    """
    seq = _as_list(rows, where, "a matrix (a sequence of rows)")
    matrix = tuple(to_vector(row, f"{where}[{i}]") for i, row in enumerate(seq))
    widths = {len(r) for r in matrix}
    if n_cols is not None:
        widths.add(n_cols)
    if len(widths) > 1:
        raise DimensionError(f"{_where(where)}rows of unequal lengths {sorted(widths)}")
    return matrix


def format_rational(q: Fraction | int) -> str:
    """The exact string form used in every file and CLI output: ``"3/7"`` or ``"-2"``.

    Long numerators and denominators are converted in pieces, so Python's
    limit on int/str conversion (4300 digits) is never hit.

    Parameters
    ----------
    q : Fraction or int
        The number.

    Returns
    -------
    str
        ``"p/q"`` in lowest terms, or ``"p"`` for an integer.

    Examples
    --------
    >>> format_rational(Fraction(-3, 7)), len(format_rational(Fraction(10**5000)))
    ('-3/7', 5001)
    """
    q = Fraction(q)
    text = ("-" if q < 0 else "") + _digits_text(abs(q.numerator))
    return text if q.denominator == 1 else f"{text}/{_digits_text(q.denominator)}"


def format_vector(v: Iterable[Fraction]) -> list[str]:
    """A list of exact strings, one per entry.

    Parameters
    ----------
    v : iterable of Fraction or int
        The entries.

    Returns
    -------
    list of str
        :func:`format_rational` of each entry.

    Examples
    --------
    >>> format_vector([Fraction(1, 2), 3, Fraction(-4, 6)])
    ['1/2', '3', '-2/3']
    """
    return [format_rational(q) for q in v]


def parse_point(text: str, where: str = "point") -> QVector:
    """Parse ``"p1,p2,..."`` (each entry a number as :func:`to_rational` accepts) into a vector.

    Parameters
    ----------
    text : str
        Entries separated by commas (or semicolons).
    where : str, default "point"
        Names the point in error messages.

    Returns
    -------
    tuple of Fraction

    Raises
    ------
    InvalidNumberError
        An empty text or entry, or an entry that is not a number.

    Examples
    --------
    >>> parse_point("1/2, -3, 0.25")
    (Fraction(1, 2), Fraction(-3, 1), Fraction(1, 4))
    >>> parse_point("1,,2")
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidNumberError: point: '1,,2' is not a comma-separated list of numbers
    """
    parts = [p for p in text.replace(";", ",").split(",")]
    if not text.strip() or any(not p.strip() for p in parts):
        raise InvalidNumberError(f"{where}: {text!r} is not a comma-separated list of numbers")
    return tuple(to_rational(p, f"{where}[{i}]") for i, p in enumerate(parts))


def dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    """Exact inner product <u, v>.

    The sum is kept as one integer fraction and reduced once at the end, which
    is several times faster than adding Fractions term by term.

    Parameters
    ----------
    u, v : sequence of Fraction
        Vectors of the same length (ints are accepted too).

    Returns
    -------
    Fraction

    Examples
    --------
    >>> dot([Fraction(1, 2), Fraction(1, 3)], [Fraction(2), Fraction(3, 4)])
    Fraction(5, 4)
    """
    num, den = 0, 1
    for a, b in zip(u, v):
        if a and b:
            n, d = a.numerator * b.numerator, a.denominator * b.denominator
            if d == den:
                num += n
            else:
                g = math.gcd(den, d)
                num, den = num * (d // g) + n * (den // g), den // g * d
    return Fraction(num, den)


def sign(q: Fraction | int) -> int:
    """-1, 0 or 1.

    Parameters
    ----------
    q : Fraction or int

    Returns
    -------
    int
        The sign of q.

    Examples
    --------
    >>> sign(Fraction(-1, 3)), sign(0), sign(7)
    (-1, 0, 1)
    """
    return (q > 0) - (q < 0)


def common_denominator(values: Iterable[Fraction]) -> int:
    """The least common multiple of the denominators.

    Parameters
    ----------
    values : iterable of Fraction

    Returns
    -------
    int
        1 for an empty iterable or integers only.

    Examples
    --------
    >>> common_denominator([Fraction(1, 4), Fraction(5, 6), Fraction(2)])
    12
    """
    den = 1
    for q in values:
        d = q.denominator
        if d != 1:
            den = den * d // math.gcd(den, d)
    return den


def primitive_row(coefficients: Sequence[Fraction], rhs: Fraction) -> tuple[tuple[int, ...], int]:
    """The halfspace ``<a, x> <= rhs`` as a primitive integer row.

    Denominators are cleared and the gcd of all entries (the right-hand side
    included) divided out; the direction of the inequality is kept, so two
    rows describe the same halfspace exactly when their primitive forms are
    equal, and are parallel exactly when their coefficient parts are
    proportional.

    Parameters
    ----------
    coefficients : sequence of Fraction
        ``a``.
    rhs : Fraction
        The right-hand side.

    Returns
    -------
    row : tuple of int
    b : int
        ``<row, x> <= b`` is the same halfspace, with ``gcd(row, b) = 1``.

    Examples
    --------
    >>> primitive_row([Fraction(1, 2), Fraction(1, 4)], Fraction(3, 4))
    ((2, 1), 3)
    """
    den = common_denominator(list(coefficients) + [rhs])
    ints = [int(q * den) for q in coefficients]
    b = int(rhs * den)
    g = 0
    for v in ints:
        g = math.gcd(g, v)
    g = math.gcd(g, b)
    if g > 1:
        ints = [v // g for v in ints]
        b //= g
    return tuple(ints), b


def integer_point(point: Sequence[Fraction]) -> tuple[list[int], int]:
    """Write a rational point as integers over one positive denominator.

    Returns ``(X, D)`` with ``point[k] == X[k] / D`` and ``D`` the least common
    denominator, so that ``a . point <= beta`` becomes the integer comparison
    ``a . X <= beta * D``.

    Parameters
    ----------
    point : sequence of Fraction

    Returns
    -------
    X : list of int
    D : int
        The least common denominator, positive.

    Examples
    --------
    >>> integer_point([Fraction(1, 2), Fraction(-2, 3), Fraction(1)])
    ([3, -4, 6], 6)
    """
    den = common_denominator(point)
    return [q.numerator * (den // q.denominator) for q in point], den
