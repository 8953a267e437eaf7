"""Codes of points pushed off a boundary by an infinitesimal, exact perturbation.

A point on a boundary belongs to the closures of several regions.  The
region "just beyond it in direction n" is the region containing
``x + eps n + eps^2 e_1 + ... + eps^(D+1) e_D`` for every small enough
``eps > 0``.  Its code is computed exactly, without choosing eps, by
comparing the pieces of each unit lexicographically: first by value at x,
then by directional derivative along n, then along e_1, ..., e_D
(symbolic perturbation).  Pieces that tie in all of these are the same
affine function near x, and the lowest index wins, as in the forward pass.
Because n, e_1, ..., e_D span R^D, the perturbed point lies in the
interior of exactly one full-dimensional region.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from exactpd.maso import AffineMap, MasoLayer, compose, piece_map
from exactpd.rational import QVector, dot

__all__ = ["code_near"]


def _directions(dim: int, towards: Sequence[Fraction] | None) -> list[tuple]:
    basis = [tuple(Fraction(int(i == j)) for j in range(dim)) for i in range(dim)]
    return ([tuple(towards)] if towards is not None else []) + basis


def code_near(layers: Sequence[MasoLayer], x: Sequence[Fraction], towards: Sequence[Fraction] | None = None) -> tuple:
    """The code of the full-dimensional region containing ``x + eps*towards + ...`` (see the module doc).

    Parameters
    ----------
    layers : the network's :class:`~exactpd.maso.MasoLayer` sequence
    x : exact point
    towards : exact direction, or None (then only the coordinate directions break ties)

    Returns
    -------
    Code
        For a point strictly inside a region, its ordinary code.
    """
    dim = len(x)
    directions = _directions(dim, towards)
    current: AffineMap | None = None
    code = []
    for layer in layers:
        value = current(x) if current is not None else tuple(x)
        # Derivatives of the layer input along every direction: G d.
        derivs = directions if current is None else [tuple(dot(row, d) for row in current.G) for d in directions]
        pieces = []
        for k in range(layer.n_units):
            best_r, best_key = 0, None
            for r, (a, c) in enumerate(zip(layer.slopes[k], layer.offsets[k])):
                key = (dot(a, value) + c,) + tuple(dot(a, dv) for dv in derivs)
                if best_key is None or key > best_key:
                    best_r, best_key = r, key
            pieces.append(best_r)
        pieces = tuple(pieces)
        code.append(pieces)
        own = piece_map(layer, pieces)
        current = own if current is None else compose(own, current)
    return tuple(code)
