"""A region in floats (numpy), for plotting and numerical work outside exactpd: ``Region.as_float()``.

Nothing computed from a float view flows back into exactpd; every fact stays
with the exact :class:`~exactpd.enumeration.region.Region`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from exactpd.kernel.polytope import vertices

__all__ = ["RegionFloat"]


def to_float(q: Any) -> float:
    """The float nearest to an exact number, or +-inf beyond the float range (display only).

    Examples
    --------
    >>> from fractions import Fraction
    >>> to_float(Fraction(1, 3)), to_float(Fraction(-10**400, 3))
    (0.3333333333333333, -inf)
    """
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


@dataclass(frozen=True)
class RegionFloat:
    """The float64 view of a region.

    Attributes
    ----------
    code : Code
        The activation code (exact: it is made of ints).
    A, b : numpy.ndarray
        The facets ``A x <= b``, shapes ``(n_facets, dim)`` and ``(n_facets,)``.
    witness : numpy.ndarray
        The witness, shape ``(dim,)``.
    bounded : bool
    vertices : numpy.ndarray or None
        For a bounded region in 2 or 3 dimensions, its vertices, shape
        ``(n_vertices, dim)`` (counter-clockwise in 2-D); else None.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> view = enumerate_regions(net, box([-2, -2], [2, 2])).regions[3].as_float()
    >>> view.code, view.b.tolist(), view.vertices.tolist()
    (((1, 1),), [2.0, 2.0, 0.0, 0.0], [[2.0, 2.0], [0.0, 2.0], [0.0, 0.0], [2.0, 0.0]])
    """

    code: tuple
    A: Any
    b: Any
    witness: Any
    bounded: bool
    vertices: Any


def region_float(region: Any) -> RegionFloat:
    """The float64 view of ``region`` (see :class:`RegionFloat`).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> view = region_float(enumerate_regions(Network(2, [Dense([[1, -1]], [0], "relu")]), box([0, 0], [1, 1]))[1])
    >>> view.A.shape, view.vertices.tolist()
    ((3, 2), [[1.0, 1.0], [0.0, 0.0], [1.0, 0.0]])
    """
    import numpy

    P = region.polytope
    corners = vertices(P) if region.bounded and P.dim in (2, 3) else None
    return RegionFloat(
        code=region.code,
        A=numpy.array([[to_float(v) for v in row] for row in P.A]).reshape(len(P.A), P.dim),
        b=numpy.array([to_float(v) for v in P.b]),
        witness=numpy.array([to_float(v) for v in region.witness]),
        bounded=region.bounded,
        vertices=None if corners is None else numpy.array([[to_float(v) for v in p] for p in corners]),
    )
