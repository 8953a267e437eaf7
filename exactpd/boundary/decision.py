"""The decision boundary of a network, exactly: its pieces, where they meet, and how they bend (paper section 5, eq. 26).

For a network with one output the decision function is ``f = z^(L)``; for a
chosen pair of logits ``(c, c')`` it is ``f = z^(L)_c - z^(L)_{c'}`` (the
boundary between those two classes, whatever the other logits do).  On every
region omega of the partition ``f(x) = <a_omega, x> + c_omega`` (``a_omega``
is the gradient of f there), so the decision boundary ``{f = 0}`` is made of

- *pieces*: ``{x in omega : <a_omega, x> + c_omega = 0}`` for the regions
  where that hyperplane meets the interior of omega, each certified by a
  rational witness on the hyperplane and strictly inside omega (a point of
  the relative interior of the piece);
- *bends*: two pieces whose regions are adjacent across a facet (an edge of
  the partition) and which meet in a (D-2)-dimensional set on that facet,
  certified by a rational point on the facet hyperplane and on both
  hyperplanes of f, strictly inside every other row of both regions.  The bend
  angle is given by eq. (26), ``cos theta = <a_u, a_v> / (||a_u|| ||a_v||)``,
  stored exactly as ``cos^2 theta`` (a rational) and its sign;
- degenerate parts, reported but not pieces: regions where f is identically 0
  (``flat_regions``) and shared facets along which f vanishes
  (``facet_edges``: the boundary runs along a region boundary).

Pieces that meet only in a set of lower dimension than a facet's relative
interior (e.g. a 2-D boundary through a vertex of the partition) are not
joined by a bend, so :func:`boundary_components` may split such a boundary.

Every decision is exact; the only LP is :func:`exactpd.kernel.polytope.interior_certificate`,
whose answers are certified.  The file format of :func:`boundary_to_dict` is
described in ``docs/boundary-format.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence


from exactpd.errors import CertificationError, DimensionError
from exactpd.enumeration.partition import Partition
from exactpd.hints.engine import DEFAULT_ENGINE, EngineLike
from exactpd.kernel.polytope import HPolytope, section_witness
from exactpd.rational import QVector, dot, sign

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "BoundaryPiece",
    "Bend",
    "DecisionBoundary",
    "decision_function",
    "decision_boundary",
    "boundary_graph",
    "boundary_components",
    "bend_degrees_float",
]



@dataclass(frozen=True)
class BoundaryPiece:
    """The decision boundary inside one region: ``{x in region : <normal, x> + offset = 0}``.

    Attributes
    ----------
    region : int
        The region's index in the partition.
    code : Code
        The region's code.
    normal : tuple of Fraction
        ``a_omega``, the gradient of f on the region (never zero).
    offset : Fraction
        ``c_omega``: ``f(x) = <normal, x> + offset`` on the region.
    witness : tuple of Fraction
        A rational point with ``f(witness) = 0`` strictly inside the region.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, decision_boundary, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> piece = decision_boundary(enumerate_regions(net, box([-2, -2], [2, 2]))).pieces[2]
    >>> piece.code, piece.normal, piece.offset, piece.witness
    (((1, 1),), (Fraction(1, 1), Fraction(1, 1)), Fraction(-1, 1), (Fraction(1, 2), Fraction(1, 2)))
    """

    region: int
    code: tuple
    normal: QVector
    offset: Fraction
    witness: QVector


@dataclass(frozen=True)
class Bend:
    """Two pieces that meet across a facet, and the angle between them (eq. 26).

    Attributes
    ----------
    u, v : int
        Piece indices, ``u < v``.
    edge : int
        The index in ``partition.edges`` of the facet they meet across.
    cos2 : Fraction
        ``cos^2 theta = <a_u, a_v>^2 / (||a_u||^2 ||a_v||^2)``, exact.
    sign : int
        The sign of ``cos theta`` (of ``<a_u, a_v>``): 1, -1 (a bend over 90
        degrees), or 0 (exactly 90 degrees).
    point : tuple of Fraction
        A rational point on the facet and on both pieces' hyperplanes,
        strictly inside every other row of both regions (the certificate).

    Notes
    -----
    The angle is the paper's eq. (26), ``cos theta = <a_u, a_v> / (||a_u|| ||a_v||)``,
    kept as the exact pair ``(sign, cos2)`` so that no square root is taken.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, decision_boundary, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> bend = decision_boundary(enumerate_regions(net, box([-2, -2], [2, 2]))).bends[0]
    >>> bend.u, bend.v, bend.cos2, bend.sign, bend.point
    (0, 2, Fraction(1, 2), 1, (Fraction(0, 1), Fraction(1, 1)))
    """

    u: int
    v: int
    edge: int
    cos2: Fraction
    sign: int
    point: QVector


@dataclass(frozen=True)
class DecisionBoundary:
    """The decision boundary of a partition's network (see the module doc).

    Attributes
    ----------
    partition : Partition
    logits : tuple of int or None
        ``(c, c')`` for ``f = z_c - z_c'``, or None for a single output.
    pieces : tuple of BoundaryPiece
        In region order.
    bends : tuple of Bend
        Sorted by ``(u, v)``.
    flat_regions : tuple of int
        Regions on which f is identically 0.
    facet_edges : tuple of int
        Edges of the partition along whose shared facet f vanishes.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, decision_boundary, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> b = decision_boundary(enumerate_regions(net, box([-2, -2], [2, 2])))
    >>> len(b.pieces), len(b.bends), b.flat_regions, b.facet_edges, b.logits
    (3, 2, (), (), None)
    """

    partition: Partition
    logits: tuple | None
    pieces: tuple
    bends: tuple
    flat_regions: tuple = ()
    facet_edges: tuple = ()


def decision_function(partition: Partition, region: int, logits: Sequence[int] | None = None) -> tuple[QVector, Fraction]:
    """``(a, c)`` with ``f(x) = <a, x> + c`` on region ``region`` (f = the output, or ``z_c - z_c'``).

    Parameters
    ----------
    partition : Partition
        An enumerated partition (its regions carry their output maps).
    region : int
        The region's index in ``partition.regions``.
    logits : (c, c'), optional
        For a network with several outputs: ``f = z_c - z_c'``.  Leave out
        for a single output.

    Returns
    -------
    a : tuple of Fraction
        ``a_omega``, the gradient of f on the region.
    c : Fraction
        ``c_omega``, the value of f at the origin of the region's affine map.

    Raises
    ------
    DimensionError
        The network has several outputs and no logits are given, or the
        logits are not two different output indices.

    Notes
    -----
    On a region omega, ``a_omega = G_omega^T W^(L)T`` (paper section 5, the
    decision boundary); the decision boundary is ``{f = 0}``.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> part.regions[3].code
    ((1, 1),)
    >>> decision_function(part, 3)
    ((Fraction(1, 1), Fraction(1, 1)), Fraction(-1, 1))
    """
    out = partition.regions[region].output_map
    n_out = out.out_dim
    if logits is None:
        if n_out != 1:
            raise DimensionError(f"the network has {n_out} outputs: choose a pair of logits (c, c')")
        return out.G[0], out.h[0]
    c, c2 = logits
    if not (0 <= c < n_out and 0 <= c2 < n_out) or c == c2:
        raise DimensionError(f"logits {tuple(logits)}: expected two different output indices below {n_out}")
    return tuple(p - q for p, q in zip(out.G[c], out.G[c2])), out.h[c] - out.h[c2]


def _rows_except(polytope: HPolytope, skip: tuple) -> list[tuple[tuple[int, ...], int]]:
    return [(row, b) for row, b in zip(polytope.A, polytope.b) if (row, b) != skip]


def _along(normal: QVector, offset: Fraction, row: Sequence[int], rhs: int) -> bool:
    """Whether ``<normal, x> + offset = 0`` is the hyperplane ``<row, x> = rhs``."""
    pivot = next(i for i, v in enumerate(row) if v != 0)
    scale = normal[pivot] / row[pivot]
    return scale != 0 and all(n == scale * r for n, r in zip(normal, row)) and -offset == scale * rhs


def decision_boundary(partition: Partition, logits: Sequence[int] | None = None, engine: EngineLike = DEFAULT_ENGINE) -> DecisionBoundary:
    """The decision boundary ``{f = 0}`` of a partition's network, exactly (paper section 5).

    Parameters
    ----------
    partition : Partition
        From :func:`exactpd.enumerate_regions` (with its edges).
    logits : (c, c'), optional
        For a network with several outputs: ``f = z_c - z_c'``.
    engine : str or LPEngine
        The LP hint engine of the section LPs (:mod:`exactpd.hints.engine`);
        every engine gives the same boundary.

    Returns
    -------
    DecisionBoundary
        Pieces (one per region crossed by ``{f = 0}``), bends between
        pieces that meet across a facet (eq. 26), flat regions and facet
        edges (see the module doc).

    Raises
    ------
    DimensionError
        See :func:`decision_function`.
    CertificationError
        f is not continuous across a facet (a bug).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> b = decision_boundary(enumerate_regions(net, box([-2, -2], [2, 2])))
    >>> [p.normal for p in b.pieces]
    [(Fraction(0, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(1, 1))]
    >>> [(bend.u, bend.v, bend.cos2, bend.sign) for bend in b.bends]
    [(0, 2, Fraction(1, 2), 1), (1, 2, Fraction(1, 2), 1)]
    """
    logits = None if logits is None else tuple(logits)
    functions = [decision_function(partition, i, logits) for i in range(len(partition.regions))]
    pieces, flat, piece_of = [], [], {}
    for i, (region, (a, c)) in enumerate(zip(partition.regions, functions)):
        if not any(a):
            if c == 0:
                flat.append(i)
            continue
        point = section_witness(region.polytope, [(a, -c)], engine)
        if point is not None:
            piece_of[i] = len(pieces)
            pieces.append(BoundaryPiece(i, region.code, a, c, point))
    bends, facet_edges = [], []
    for index, edge in enumerate(partition.edges):
        row, rhs = edge.hyperplane
        a_u, c_u = functions[edge.u]
        a_v, c_v = functions[edge.v]
        # f is continuous: it vanishes along the facet when either side's zero set is the facet's hyperplane
        if any(_along(a, c, row, rhs) for a, c in ((a_u, c_u), (a_v, c_v)) if any(a)):
            facet_edges.append(index)
        if edge.u not in piece_of or edge.v not in piece_of:
            continue
        ru, rv = partition.regions[edge.u], partition.regions[edge.v]
        others = _rows_except(ru.polytope, (row, rhs)) + _rows_except(rv.polytope, (tuple(-v for v in row), -rhs))
        rest = HPolytope.from_primitive([r for r, _ in others], [b for _, b in others], dim=len(row))
        point = section_witness(rest, [(row, rhs), (a_u, -c_u)], engine)
        if point is None:
            continue
        if dot(a_v, point) + c_v != 0:
            raise CertificationError(f"f is not continuous across edge {index} ({edge.u}, {edge.v}): a bug in exactpd")
        inner = dot(a_u, a_v)
        cos2 = inner * inner / (dot(a_u, a_u) * dot(a_v, a_v))
        pu, pv = piece_of[edge.u], piece_of[edge.v]
        bends.append(Bend(min(pu, pv), max(pu, pv), index, cos2, sign(inner), point))
    bends.sort(key=lambda bend: (bend.u, bend.v))
    return DecisionBoundary(partition, logits, tuple(pieces), tuple(bends), tuple(flat), tuple(facet_edges))


def boundary_graph(boundary: DecisionBoundary) -> nx.Graph:
    """The pieces as nodes (attributes ``region``, ``code``) and the bends as edges (``cos2``, ``sign``, ``edge``).

    Parameters
    ----------
    boundary : DecisionBoundary
        From :func:`decision_boundary`.

    Returns
    -------
    networkx.Graph
        Node ``i`` is ``boundary.pieces[i]``; an edge ``(u, v)`` is the bend
        between pieces u and v, with its exact ``cos2`` (eq. 26), ``sign`` and
        the partition ``edge`` it crosses.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, decision_boundary, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> G = boundary_graph(decision_boundary(enumerate_regions(net, box([-2, -2], [2, 2]))))
    >>> sorted(G.edges(data="cos2"))
    [(0, 2, Fraction(1, 2)), (1, 2, Fraction(1, 2))]
    """
    import networkx as nx

    G = nx.Graph()
    for i, piece in enumerate(boundary.pieces):
        G.add_node(i, region=piece.region, code=piece.code)
    for bend in boundary.bends:
        G.add_edge(bend.u, bend.v, cos2=bend.cos2, sign=bend.sign, edge=bend.edge)
    return G


def boundary_components(boundary: DecisionBoundary) -> list[tuple[int, ...]]:
    """The connected components of the pieces joined by bends, each a sorted tuple, sorted by first piece.

    Parameters
    ----------
    boundary : DecisionBoundary
        From :func:`decision_boundary`.

    Returns
    -------
    list of tuple of int
        Piece indices; pieces that meet only in a set of lower dimension
        than a facet are in different components (see the module doc).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, decision_boundary, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> boundary_components(decision_boundary(enumerate_regions(net, box([-2, -2], [2, 2]))))
    [(0, 1, 2)]
    """
    import networkx as nx

    return sorted(tuple(sorted(c)) for c in nx.connected_components(boundary_graph(boundary)))


def bend_degrees_float(bend: Bend) -> float:
    """The bend angle in degrees, as a float (for display; exact forms in :func:`exactpd.checks.symbolic.bend_angle`).

    Parameters
    ----------
    bend : Bend
        A bend of a :class:`DecisionBoundary`.

    Returns
    -------
    float
        ``theta`` in degrees, in ``[0, 180]``: 0 is no bend, over 90 when
        ``bend.sign`` is -1.  A float view only: never decide from it.

    Notes
    -----
    ``theta = arccos(sign * sqrt(cos2))``, the paper's eq. (26).

    Examples
    --------
    >>> from fractions import Fraction
    >>> round(bend_degrees_float(Bend(0, 1, 0, Fraction(1, 2), 1, (Fraction(0), Fraction(0)))), 9)
    45.0
    >>> round(bend_degrees_float(Bend(0, 1, 0, Fraction(1, 4), -1, (Fraction(0), Fraction(0)))), 9)
    120.0
    """
    return math.degrees(math.acos(bend.sign * math.sqrt(float(bend.cos2))))
