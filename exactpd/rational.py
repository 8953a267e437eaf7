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

Vectors are tuples of Fractions (:data:`QVector`); matrices tuples of them.
Halfspaces are stored as *primitive integer rows* (:func:`primitive_row`).
"""

from __future__ import annotations

import enum
import math
import numbers
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Iterable, Sequence

from exactpd.errors import DimensionError, InvalidNumberError, NonFiniteError

__all__ = [
    "integer_point",
    "QVector",
    "QMatrix",
    "Side",
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

_INT_RE = re.compile(r"^[+-]?\d+$")
_FRACTION_RE = re.compile(r"^([+-]?\d+)\s*/\s*([+-]?\d+)$")
_NONFINITE_WORDS = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


class Side(enum.Enum):
    """Where a point lies with respect to a closed set (three-valued, as CGAL's Oriented_side)."""

    INSIDE = "inside"
    BOUNDARY = "boundary"
    OUTSIDE = "outside"


def _where(where: str) -> str:
    return f"{where}: " if where else ""


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
        if not value.is_finite():
            raise NonFiniteError(f"{_where(where)}{value} is not a finite number")
        return Fraction(value)
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


def _from_string(text: str, where: str) -> Fraction:
    s = text.strip()
    if s.lower() in _NONFINITE_WORDS:
        raise NonFiniteError(f"{_where(where)}{text!r} is not a finite number")
    if _INT_RE.match(s):
        return Fraction(int(s))
    m = _FRACTION_RE.match(s)
    if m:
        den = int(m.group(2))
        if den == 0:
            raise InvalidNumberError(f"{_where(where)}{text!r} has a zero denominator")
        return Fraction(int(m.group(1)), den)
    try:
        d = Decimal(s)
    except (InvalidOperation, ValueError):
        raise InvalidNumberError(f"{_where(where)}{text!r} is not a number") from None
    if not d.is_finite():
        raise NonFiniteError(f"{_where(where)}{text!r} is not a finite number")
    return Fraction(d)


def _from_sympy(value: Any, where: str) -> Fraction:
    if getattr(value, "is_Float", False):
        if not value.is_finite:
            raise NonFiniteError(f"{_where(where)}{value} is not a finite number")
        mantissa, exponent = value._mpf_[1], value._mpf_[2]
        sign_bit = value._mpf_[0]
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
    """
    seq = _as_list(rows, where, "a matrix (a sequence of rows)")
    matrix = tuple(to_vector(row, f"{where}[{i}]") for i, row in enumerate(seq))
    widths = {len(r) for r in matrix}
    if n_cols is not None:
        widths.add(n_cols)
    if len(widths) > 1:
        raise DimensionError(f"{_where(where)}rows of unequal lengths {sorted(widths)}")
    return matrix


def format_rational(q: Fraction) -> str:
    """The exact string form used in every file and CLI output: ``"3/7"`` or ``"-2"``."""
    return str(q)


def format_vector(v: Iterable[Fraction]) -> list[str]:
    """A list of exact strings, one per entry."""
    return [str(q) for q in v]


def parse_point(text: str, where: str = "point") -> QVector:
    """Parse ``"p1,p2,..."`` (each entry a number as :func:`to_rational` accepts) into a vector."""
    parts = [p for p in text.replace(";", ",").split(",")]
    if not text.strip() or any(not p.strip() for p in parts):
        raise InvalidNumberError(f"{where}: {text!r} is not a comma-separated list of numbers")
    return tuple(to_rational(p, f"{where}[{i}]") for i, p in enumerate(parts))


def dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    """Exact inner product <u, v>.

    The sum is kept as one integer fraction and reduced once at the end, which
    is several times faster than adding Fractions term by term.

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
    """-1, 0 or 1."""
    return (q > 0) - (q < 0)


def common_denominator(values: Iterable[Fraction]) -> int:
    """The least common multiple of the denominators."""
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
    """
    den = common_denominator(point)
    return [q.numerator * (den // q.denominator) for q in point], den
