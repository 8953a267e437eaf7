"""Dense layers with constrained weights, and the cuts they make (paper App. A.2, Examples 1-2, Fig. 5).

Two regions of a layer's power diagram that differ in one unit k are
separated by a hyperplane with normal ``A_{k,r} - A_{k,r'}``; for a dense
unit with a two-piece activation (ReLU, leaky-ReLU, abs) that normal is
parallel to the unit's weight row.  So constraining the rows constrains the
cuts:

- :func:`rank_one_layer` — every row the same direction: parallel cuts,
  spaced by the biases (Fig. 5 left);
- :func:`orthogonal_layer` — rows from a few pairwise orthogonal directions:
  families of parallel cuts, orthogonal to each other (Fig. 5 middle; rank 2
  with two directions in the plane);
- :func:`axis_parallel_layer` — each row has one non-zero entry: cuts
  parallel to the coordinate axes (Example 1);
- :func:`diagonal_layer` — every entry is ``+c`` or ``-c``: "diagonal" cuts
  (Example 2).

These hold for the two-piece activations only; a unit with three or more
pieces on different coordinates makes oblique cuts (errata E7 of the spec).

Examples
--------
>>> rank_one_layer([1, 2], [0, "1/2"]).weight
((Fraction(1, 1), Fraction(2, 1)), (Fraction(1, 1), Fraction(2, 1)))
>>> diagonal_layer(3, [[1, -1]], [0]).weight
((Fraction(3, 1), Fraction(-3, 1)),)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from exactpd.errors import InvalidNetworkError
from exactpd.network.layers import Dense
from exactpd.rational import dot, to_rational, to_vector

__all__ = ["rank_one_layer", "orthogonal_layer", "axis_parallel_layer", "diagonal_layer"]


def orthogonal_layer(
    directions: Sequence[Any], biases: Sequence[Sequence[Any]], activation: str = "relu", negative_slope: Any = None
) -> Dense:
    """A dense layer whose rows come from pairwise orthogonal directions (Fig. 5 middle).

    Parameters
    ----------
    directions : sequence of vectors
        Pairwise orthogonal (checked exactly), non-zero.
    biases : sequence of sequences of numbers
        ``biases[i]`` lists the biases of the units with weight row
        ``directions[i]``: one family of parallel cuts per direction.
    activation, negative_slope
        As for :class:`~exactpd.network.layers.Dense`.

    Returns
    -------
    Dense

    Raises
    ------
    InvalidNetworkError
        Two directions are not orthogonal, a direction is zero, or
        ``biases`` does not have one list per direction.

    Examples
    --------
    >>> orthogonal_layer([[1, 1], [1, -1]], [[0, 1], [2]]).weight
    ((Fraction(1, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(-1, 1)))
    """
    rows = [to_vector(d, f"directions[{i}]") for i, d in enumerate(directions)]
    if len(biases) != len(rows):
        raise InvalidNetworkError(f"biases has {len(biases)} lists, there are {len(rows)} directions")
    for i, row in enumerate(rows):
        if not any(row):
            raise InvalidNetworkError(f"directions[{i}] is zero")
        for j in range(i):
            if dot(rows[j], row) != 0:
                raise InvalidNetworkError(f"directions[{j}] and directions[{i}] are not orthogonal")
    weight = [row for row, family in zip(rows, biases) for _ in family]
    bias = [c for family in biases for c in family]
    return Dense(weight, bias, activation, negative_slope)


def rank_one_layer(direction: Any, biases: Sequence[Any], activation: str = "relu", negative_slope: Any = None) -> Dense:
    """A dense layer whose rows all equal ``direction``: parallel cuts ``<direction, x> = -b_k`` (Fig. 5 left).

    Parameters
    ----------
    direction : vector
        Non-zero.
    biases : sequence of numbers
        One unit per bias.
    activation, negative_slope
        As for :class:`~exactpd.network.layers.Dense`.

    Returns
    -------
    Dense

    Raises
    ------
    InvalidNetworkError
        ``direction`` is zero.

    Examples
    --------
    >>> rank_one_layer([1, 2], [0, 1]).n_outputs
    2
    """
    return orthogonal_layer([direction], [biases], activation, negative_slope)


def axis_parallel_layer(
    dim: int, axes: Sequence[int], scales: Sequence[Any], biases: Sequence[Any], activation: str = "relu"
) -> Dense:
    """A dense layer on R^dim whose row k is ``scales[k] * e_{axes[k]}`` (paper Example 1).

    Every cut is ``x_{axes[k]} = -biases[k] / scales[k]``, parallel to the
    coordinate axes.

    Parameters
    ----------
    dim : int
    axes : sequence of int
        The coordinate of each unit.
    scales, biases : sequences of numbers
    activation : str
        As for :class:`~exactpd.network.layers.Dense`.

    Returns
    -------
    Dense

    Raises
    ------
    InvalidNetworkError
        An axis outside ``0 .. dim - 1``, a zero scale, or lists of different lengths.

    Examples
    --------
    >>> axis_parallel_layer(2, [1, 0], [3, 1], [0, 0]).weight
    ((Fraction(0, 1), Fraction(3, 1)), (Fraction(1, 1), Fraction(0, 1)))
    """
    if not len(axes) == len(scales) == len(biases):
        raise InvalidNetworkError(f"axes, scales and biases have lengths {len(axes)}, {len(scales)}, {len(biases)}")
    weight = []
    for k, (axis, scale) in enumerate(zip(axes, scales)):
        value = to_rational(scale, f"scales[{k}]")
        if not (isinstance(axis, int) and 0 <= axis < dim):
            raise InvalidNetworkError(f"axes[{k}] = {axis!r} is not a coordinate of R^{dim}")
        if value == 0:
            raise InvalidNetworkError(f"scales[{k}] is zero")
        weight.append([value if d == axis else Fraction(0) for d in range(dim)])
    return Dense(weight, biases, activation)


def diagonal_layer(c: Any, signs: Sequence[Sequence[int]], biases: Sequence[Any], activation: str = "relu") -> Dense:
    """A dense layer whose row k is ``c * signs[k]``, every entry ``+c`` or ``-c`` (paper Example 2).

    In the plane the cuts run along the two diagonals ``x1 = x2`` and ``x1 = -x2``.

    Parameters
    ----------
    c : number
        Non-zero.
    signs : sequence of sequences of 1 and -1
    biases : sequence of numbers
    activation : str
        As for :class:`~exactpd.network.layers.Dense`.

    Returns
    -------
    Dense

    Raises
    ------
    InvalidNetworkError
        ``c`` is zero, or a sign is not ``1`` or ``-1``.

    Examples
    --------
    >>> diagonal_layer(2, [[1, -1]], [0]).weight
    ((Fraction(2, 1), Fraction(-2, 1)),)
    """
    value = to_rational(c, "c")
    if value == 0:
        raise InvalidNetworkError("c is zero")
    for k, row in enumerate(signs):
        if any(s not in (1, -1) for s in row):
            raise InvalidNetworkError(f"signs[{k}] = {list(row)!r}: every sign must be 1 or -1")
    return Dense([[value * s for s in row] for row in signs], biases, activation)
