"""Filtered exact predicates of the complex engine: signs of affine functions at exact vertices.

The complex engine (:mod:`exactpd.enumeration.complex_engine`) keeps every
vertex twice: exactly, as a homogeneous integer vector ``(X_1, ..., X_D, den)``
with ``den > 0`` (the point ``X / den``), and as the correctly rounded float
copy ``X / den``.  An affine function is an integer row ``(g_1, ..., g_D, c)``
(the function ``x -> g . x + c`` times a positive constant).

:func:`signs_float_filter` decides the sign of such a function at many vertices
at once in float64 and says which signs it *proved*: the float value is
compared with a rigorous bound on its rounding error (CGAL's filtered
predicates, see ../shared/style.md).  Every sign it cannot prove, and above all
every zero, is decided by :func:`exact_value` in integers.

The bound: with inputs rounded to nearest (relative error ``u = 2^-53`` each:
the row entries and the coordinates) and ``D + 1`` products summed in float64,
``|fl(v) - v| <= ((D + 3) u + O(u^2)) * sum |g_i x_i| + |c|``; the filter uses
``2 (D + 4) u`` times the float sum of absolute terms, plus an absolute
``2^-1000`` for underflow, and proves nothing where a value is not finite.
"""

from __future__ import annotations

import math
from operator import mul
from typing import Sequence

import numpy as np

from exactpd.errors import InvalidOptionError, MissingDependencyError

__all__ = ["crossing", "exact_value", "filter_device", "float_row", "float_vertex", "signs_float_filter"]

_U = 2.0**-53
_TINY = 2.0**-1000
_MAX_BITS = 1000  # float rows are scaled by a power of two so that no entry overflows


def float_row(row: Sequence[int]) -> list[float]:
    """The float copy of an integer row, scaled by one power of two if an entry would overflow.

    Each entry is correctly rounded (relative error at most 2^-53, or below
    2^-1074 in absolute value); a positive scale does not change a sign.

    Parameters
    ----------
    row : sequence of int
        Integers of any size.

    Returns
    -------
    list of float
        The entries, all divided by the same power of two when the largest
        has more than about 1000 bits.

    Examples
    --------
    >>> float_row((1, -3, 2))
    [1.0, -3.0, 2.0]
    >>> row = float_row((1, -3, 2**2000))  # scaled: the signs and ratios are kept
    >>> row[0] > 0 > row[1], row[1] / row[0]
    (True, -3.0)
    """
    bits = max((abs(v).bit_length() for v in row), default=0)
    shift = max(0, bits - _MAX_BITS)
    if shift == 0:
        return [float(v) for v in row]
    scale = 1 << shift
    return [v / scale for v in row]


def float_vertex(point: Sequence[int]) -> list[float]:
    """The correctly rounded float coordinates ``X_i / den`` of a homogeneous integer vertex (inf if too large).

    Parameters
    ----------
    point : sequence of int
        ``(X_1, ..., X_D, den)`` with ``den > 0``.

    Returns
    -------
    list of float
        D coordinates (a float hint only).

    Examples
    --------
    >>> float_vertex((1, 3, 2)), float_vertex((1, 2**1100, 1))
    ([0.5, 1.5], [1.0, inf])
    """
    den = point[-1]
    out = []
    for v in point[:-1]:
        try:
            out.append(v / den)
        except OverflowError:
            out.append(math.inf if v > 0 else -math.inf)
    return out


def filter_device(device):
    """The torch device the float filter runs on, checked: None (numpy) stays None.

    Parameters
    ----------
    device : None, str or torch.device
        E.g. "cpu", "cuda", "cuda:1", "mps".

    Returns
    -------
    torch.device or None

    Raises
    ------
    InvalidOptionError
        Torch cannot allocate a float64 tensor on ``device`` (unknown name, no such GPU).
    MissingDependencyError
        A device is given and torch is not installed.

    Examples
    --------
    >>> filter_device(None) is None
    True
    >>> filter_device("cpu")
    device(type='cpu')
    """
    if device is None:
        return None
    try:
        import torch
    except ImportError:
        raise MissingDependencyError("device= runs the float filter on torch: pip install 'exactpd[torch]' (in a clone: pip install '.[torch]')") from None
    try:
        found = torch.device(device)
        torch.zeros(1, dtype=torch.float64, device=found)
    except (RuntimeError, TypeError, ValueError, AssertionError) as exc:
        raise InvalidOptionError(f"device {device!r} is not usable by torch for float64: {exc}") from None
    return found


def signs_float_filter(
    rows: np.ndarray, points: np.ndarray, errors: np.ndarray | None = None, device=None, radius: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Signs of ``rows[i] . (points[i], 1)``, and which of them the float evaluation proves.

    Parameters
    ----------
    rows : ndarray, shape (n, D + 1)
        Float copies (:func:`float_row`) of integer affine rows.
    points : ndarray, shape (n, D)
        Float copies (:func:`float_vertex`) of exact vertices.
    errors : ndarray, shape (n, D + 1), optional
        Bounds on ``|rows - exact rows|`` entry by entry, when the float rows were
        computed (e.g. by a float matrix product) rather than rounded once; the
        bound then grows by ``sum errors_i |x_i| + errors_D`` (with a 1% margin
        for the rounding of the points).
    radius : ndarray, shape (n,), optional
        For points that are not correctly rounded: a bound on ``|points[i] - exact|``
        in every coordinate beyond the rounding (0 for a correctly rounded point);
        the bound then grows by ``1.01 radius_i sum |rows_i|``.
    device : str or torch.device, optional
        Evaluate with torch in float64 on this device ("cpu", "cuda", ...)
        instead of numpy; the same IEEE float64 operations, so the same bound
        (see the Notes).

    Returns
    -------
    signs : ndarray of int8
        The sign of the float value (meaningful where ``proved``).
    proved : ndarray of bool
        True where the error bound proves the sign (never for a zero).

    Notes
    -----
    The bound holds for any order of the D + 1 additions and with or without
    fused multiply-adds (the classical bound on a rounded dot product), so it
    holds for torch's reductions on a CPU or a GPU: every operand is float64
    (TF32 concerns float32 products only), rounded to nearest; the absolute
    term 2^-1000 covers underflow, flushed or not.

    Examples
    --------
    >>> s, ok = signs_float_filter(np.array([[1.0, -1.0, 0.0]]), np.array([[0.5, 0.5]]))
    >>> bool(ok[0])
    False
    >>> s, ok = signs_float_filter(np.array([[1.0, -1.0, 0.0]]), np.array([[0.75, 0.5]]), device="cpu")
    >>> int(s[0]), bool(ok[0])
    (1, True)
    """
    if device is None:
        with np.errstate(all="ignore"):
            signs, proved = _filter_float(np, rows, points, errors, radius)
        return signs.astype(np.int8), proved
    import torch

    def put(a):
        return None if a is None else torch.as_tensor(a, dtype=torch.float64).to(device)

    signs, proved = _filter_float(torch, put(rows), put(points), put(errors), put(radius))
    return signs.to(torch.int8).cpu().numpy(), proved.cpu().numpy()


def _filter_float(xp, rows, points, errors, radius=None):
    """The filter's float64 arithmetic in the array module ``xp`` (numpy or torch): the signs and which are proved."""
    dim = points.shape[1]
    terms = rows[:, :dim] * points
    value = terms.sum(axis=1) + rows[:, dim]
    magnitude = xp.abs(terms).sum(axis=1) + xp.abs(rows[:, dim])
    bound = (2 * (dim + 4) * _U) * magnitude + _TINY
    if errors is not None:
        bound = bound + 1.01 * ((errors[:, :dim] * xp.abs(points)).sum(axis=1) + errors[:, dim])
    if radius is not None:
        bound = bound + 1.01 * radius * xp.abs(rows[:, :dim]).sum(axis=1)
    proved = (xp.abs(value) > bound) & xp.isfinite(bound)
    return xp.sign(xp.where(proved, value, 0.0)), proved


def exact_value(row: Sequence[int], point: Sequence[int]) -> int:
    """``g . X + c * den``: ``den`` times the function's value at the vertex, so its exact sign.

    Parameters
    ----------
    row : sequence of int
        The affine function ``(g_1, ..., g_D, c)``.
    point : sequence of int
        A homogeneous vertex ``(X_1, ..., X_D, den)``, ``den > 0``.

    Returns
    -------
    int
        Of the sign of the function at ``X / den``.

    Examples
    --------
    >>> exact_value((1, -1, 0), (1, 1, 2))
    0
    """
    return sum(map(mul, row, point))


def crossing(a: Sequence[int], b: Sequence[int], value_a: int, scale_a: int, value_b: int, scale_b: int) -> tuple[int, ...]:
    """The exact point where an affine function vanishes on the segment from vertex ``a`` to vertex ``b``.

    ``value_a / (scale_a * a[-1])`` is the function at ``a`` (likewise at
    ``b``) and the two values have strictly opposite signs.  The point is
    ``(f_b a - f_a b) / (f_b - f_a)``, returned as a primitive homogeneous
    integer vector with a positive last entry.

    Parameters
    ----------
    a, b : sequence of int
        Homogeneous integer vertices ``(X_1, ..., X_D, den)``, ``den > 0``.
    value_a, scale_a, value_b, scale_b : int
        The function's values at ``a`` and ``b`` as above (``scale > 0``).

    Returns
    -------
    tuple of int
        The crossing point, homogeneous and primitive.

    Examples
    --------
    >>> crossing((0, 1), (2, 1), -1, 1, 1, 1)
    (1, 1)
    """
    wa, wb = value_b * scale_a, value_a * scale_b
    point = [wa * x - wb * y for x, y in zip(a, b)]
    g = math.gcd(*point)
    if point[-1] < 0:
        g = -g
    return tuple([v // g for v in point])
