"""Planar slices of a network's input space, exact.

A plane of R^D is ``{p + U t : t in R^2}`` for an origin ``p`` and two
linearly independent directions (the columns of ``U``).  The network seen on
that plane is again a network, with two inputs: its first layer composed with
``t -> p + U t``.  Its partition (:func:`exactpd.enumerate_regions`) is the
exact partition of the slice, in the plane's own coordinates ``t``, and a
region with code c there is the trace on the plane of the region with code c
of the original network.

Examples
--------
>>> from exactpd.network.layers import Dense, Network
>>> net = Network(3, [Dense([[1, 0, 0], [0, 1, 1]], [0, -1], "relu"), Dense([[1, 1]], [0])])
>>> origin, directions = plane_through([0, 0, 0], [1, 0, 0], [0, 1, 0])
>>> flat = slice_network(net, origin, directions)
>>> flat.input_dim, flat.layers[0].weight
(2, ((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1))))
>>> lift(origin, directions, [2, "1/2"])
(Fraction(2, 1), Fraction(1, 2), Fraction(0, 1))
"""

from __future__ import annotations

from typing import Any, Sequence

from exactpd.errors import DimensionError, InvalidDomainError
from exactpd.network.layers import Dense, Maso, Network
from exactpd.rational import QVector, dot, to_vector

__all__ = ["plane_through", "lift", "slice_network"]


def _plane(origin: Any, directions: Any, dim: int | None = None) -> tuple[QVector, tuple[QVector, QVector]]:
    """``origin`` and the two ``directions`` as exact vectors, checked to span a plane of R^dim."""
    p = to_vector(origin, "origin", length=dim)
    if len(directions) != 2:
        raise DimensionError(f"a plane needs exactly 2 directions, got {len(directions)}")
    u = to_vector(directions[0], "directions[0]", length=len(p))
    v = to_vector(directions[1], "directions[1]", length=len(p))
    if not any(u[i] * v[j] != u[j] * v[i] for i in range(len(p)) for j in range(i + 1, len(p))):
        raise InvalidDomainError("the two directions are parallel (or zero): they span no plane")
    return p, (u, v)


def plane_through(a: Any, b: Any, c: Any) -> tuple[QVector, tuple[QVector, QVector]]:
    """The plane through three points: origin ``a``, directions ``b - a`` and ``c - a``.

    Parameters
    ----------
    a, b, c : sequences of numbers
        Three points of R^D, not collinear.

    Returns
    -------
    (QVector, (QVector, QVector))
        The origin and the two directions, for :func:`slice_network` and :func:`lift`.

    Raises
    ------
    DimensionError
        The points have different lengths.
    InvalidDomainError
        The points are collinear.

    Examples
    --------
    >>> plane_through([0, 0, 1], [1, 0, 1], [0, 2, 1])[1]
    ((Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(2, 1), Fraction(0, 1)))
    """
    a = to_vector(a, "a")
    b = to_vector(b, "b", length=len(a))
    c = to_vector(c, "c", length=len(a))
    return _plane(a, (tuple(y - x for x, y in zip(a, b)), tuple(y - x for x, y in zip(a, c))))


def lift(origin: Any, directions: Sequence[Any], t: Any) -> QVector:
    """The point ``p + U t`` of R^D at plane coordinates ``t = (t1, t2)``, exact.

    Parameters
    ----------
    origin : sequence of numbers
        p.
    directions : pair of sequences of numbers
        The columns of U.
    t : pair of numbers

    Returns
    -------
    QVector

    Raises
    ------
    DimensionError
        ``t`` does not have two entries, or the plane is malformed.
    InvalidDomainError
        The directions are parallel.

    Examples
    --------
    >>> lift([1, 1], [[1, 0], [0, 1]], ["1/2", -1])
    (Fraction(3, 2), Fraction(0, 1))
    """
    p, (u, v) = _plane(origin, directions)
    t1, t2 = to_vector(t, "t", length=2)
    return tuple(pi + t1 * ui + t2 * vi for pi, ui, vi in zip(p, u, v))


def slice_network(net: Network, origin: Any, directions: Sequence[Any]) -> Network:
    """The 2-input network ``t -> net(p + U t)``, exact.

    Parameters
    ----------
    net : Network
    origin : sequence of numbers
        ``p``, a point of R^D (D = ``net.input_dim``).
    directions : pair of sequences of numbers
        The two columns of ``U``, linearly independent.

    Returns
    -------
    Network
        A network with ``input_dim == 2`` and the same codes: its first layer
        is ``net``'s composed with ``t -> p + U t`` (a :class:`Dense` layer
        ``W -> W U``, ``b -> W p + b``; a :class:`Maso` layer likewise per
        piece); a first max-pooling layer, which has no weights, is preceded
        by the affine layer ``t -> p + U t``.

    Raises
    ------
    DimensionError
        The origin or a direction does not have D entries, or there are not
        two directions.
    InvalidDomainError
        The directions are parallel.

    Examples
    --------
    >>> from exactpd import Dense, code_at
    >>> net = Network(3, [Dense([[1, 0, 1]], [-1], "relu")])
    >>> flat = slice_network(net, [0, 0, 1], [[1, 0, 0], [0, 1, 0]])
    >>> flat.layers[0].bias, code_at(flat, [1, 0]) == code_at(net, lift([0, 0, 1], [[1, 0, 0], [0, 1, 0]], [1, 0]))
    ((Fraction(0, 1),), True)
    """
    p, (u, v) = _plane(origin, directions, net.input_dim)
    first, rest = (net.layers[0], net.layers[1:]) if net.layers else (None, ())

    def pulled(row: QVector) -> QVector:
        return (dot(row, u), dot(row, v))

    if isinstance(first, Dense):
        weight = tuple(pulled(w) for w in first.weight)
        bias = tuple(dot(w, p) + c for w, c in zip(first.weight, first.bias))
        return Network(2, (Dense(weight, bias, first.activation, first.negative_slope),) + rest)
    if isinstance(first, Maso):
        slopes = tuple(tuple(pulled(a) for a in unit) for unit in first.slopes)
        offsets = tuple(
            tuple(dot(a, p) + c for a, c in zip(unit_a, unit_b)) for unit_a, unit_b in zip(first.slopes, first.offsets)
        )
        return Network(2, (Maso(slopes, offsets),) + rest)
    return Network(2, (Dense(tuple(zip(u, v)), p),) + net.layers)
