"""Exact squared distances to region boundaries (paper eq. 20) and to the decision boundary.

Distances are kept squared, so they are rational: the squared distance from
x to the hyperplane ``<a, y> = b`` is ``(b - <a, x>)^2 / ||a||^2``.

- :func:`code_halfspaces` writes the region of a code as the intersection of
  the radical hyperplanes (:func:`exactpd.geometry.powerdiagram.chordale`) between
  each unit's site in the code and its other sites, pulled back to the input
  space (Theorems 2-3);
- :func:`boundary_distance` is eq. (20): the smallest squared distance from
  x to those hyperplanes over the layers ``1..l``, with the units ``(layer,
  unit)`` that attain it.  For x inside its region it is the exact squared
  distance to the region's boundary (a redundant row is never nearer than a
  facet);
- :func:`facet_distance` is the same minimum over the irredundant rows of an
  enumerated :class:`~exactpd.enumeration.region.Region`;
- :func:`decision_distance` is the exact squared distance to the decision
  boundary of :func:`exactpd.boundary.decision.decision_boundary`: the minimum over its
  pieces of the distance to the piece, a polytope inside a hyperplane.  The
  nearest point of a polytope is the projection of x onto the affine hull of
  the face whose relative interior contains it, so it is found exactly by
  projecting x onto the affine hull of every candidate face (the piece's
  hyperplane plus up to ``D - 1`` independent rows) and keeping the nearest
  projection that lies in the polytope.  No QP solver and no tolerance; the
  cost grows like ``C(facets, D - 1)`` per piece, fine in the low dimensions
  where one looks at decision boundaries, and pieces farther than the best so
  far (by the distance to their hyperplane) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, Sequence

from exactpd.boundary.decision import DecisionBoundary
from exactpd.network.forward_pass import code_at
from exactpd.network.maso import MasoLayer, maso_layers
from exactpd.network.layers import Network
from exactpd.kernel.polytope import HPolytope, contains
from exactpd.geometry.powerdiagram import chordale, input_power_diagram
from exactpd.rational import QVector, dot, to_vector
from exactpd.enumeration.region import DOMAIN, Region
from exactpd.kernel.simplex import solve_linear_system

__all__ = [
    "NearestFacet",
    "NearestPiece",
    "code_halfspaces",
    "boundary_distance",
    "facet_distance",
    "decision_distance",
    "polytope_distance",
]


@dataclass(frozen=True)
class NearestFacet:
    """The nearest boundary hyperplane of a point's region.

    Attributes
    ----------
    squared_distance : Fraction
    labels : tuple
        The units ``(layer, unit)`` (layer among the nonlinear layers, from 0)
        whose hyperplanes attain the minimum, or :data:`~exactpd.enumeration.region.DOMAIN`.
    foot : tuple of Fraction
        The nearest point on the first of those hyperplanes.

    Examples
    --------
    >>> from exactpd import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -4], "relu")])
    >>> boundary_distance(net, [1, 1])
    NearestFacet(squared_distance=Fraction(1, 1), labels=((0, 0),), foot=(Fraction(0, 1), Fraction(1, 1)))
    """

    squared_distance: Fraction
    labels: tuple
    foot: QVector


@dataclass(frozen=True)
class NearestPiece:
    """The nearest point of the decision boundary: ``squared_distance``, the ``piece`` index, and the ``point``.

    ``piece`` is an index into ``boundary.pieces``, or ``-1 - i`` for the flat
    region ``boundary.flat_regions[i]`` (where f vanishes identically).

    Attributes
    ----------
    squared_distance : Fraction
        The exact squared Euclidean distance.
    piece : int
        The nearest piece (or flat region, as above).
    point : tuple of Fraction
        The nearest point of the decision boundary.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, decision_boundary, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> b = decision_boundary(enumerate_regions(net, box([-2, -2], [2, 2])))
    >>> decision_distance(b, [1, 1])
    NearestPiece(squared_distance=Fraction(1, 2), piece=2, point=(Fraction(1, 2), Fraction(1, 2)))
    """

    squared_distance: Fraction
    piece: int
    point: QVector


def code_halfspaces(net_or_layers: Network | Sequence[MasoLayer], code, n_layers: int | None = None) -> tuple[tuple[Any, QVector, Fraction], ...]:
    """The halfspaces ``<normal, x> <= offset`` whose intersection is the region of ``code``.

    Parameters
    ----------
    net_or_layers : Network or sequence of MasoLayer
        The network, or its MASO layers (:func:`exactpd.network.maso.maso_layers`).
    code : Code
        A full code or a prefix.
    n_layers : int, optional
        Use the first ``n_layers`` nonlinear layers (default: as many as ``code`` has).

    Returns
    -------
    tuple of (label, normal, offset)
        For every layer l, unit k and piece s other than ``code[l][k]``:
        ``label = (l, k)`` and the chordale of unit k's input-space sites
        ``r = code[l][k]`` and s (Theorem 2, :func:`exactpd.geometry.powerdiagram.chordale`):
        the halfspace where r is at least as close as s, i.e. where piece r is at
        least as large as piece s.  Rows with a zero normal (pieces that differ
        by a constant on the region: no cut) are left out.

    Examples
    --------
    >>> from exactpd import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -4], "relu")])
    >>> code_halfspaces(net, ((1, 0),))
    (((0, 0), (Fraction(-2, 1), Fraction(0, 1)), Fraction(0, 1)), ((0, 1), (Fraction(2, 1), Fraction(2, 1)), Fraction(8, 1)))
    """
    layers = maso_layers(net_or_layers) if isinstance(net_or_layers, Network) else tuple(net_or_layers)
    n = len(code) if n_layers is None else n_layers
    rows = []
    for l in range(n):
        diagram = input_power_diagram(layers, l, code)
        for k, (factor, r) in enumerate(zip(diagram.factors, code[l])):
            for s, other in enumerate(factor):
                if s == r:
                    continue
                normal, offset = chordale(factor[r], other)
                if any(normal):
                    rows.append(((l, k), normal, offset))
    return tuple(rows)


def _nearest(x: QVector, rows) -> NearestFacet | None:
    """The nearest of the hyperplanes ``<normal, y> = offset`` of ``rows`` (each ``(labels, normal, offset)``)."""
    best, found, foot = None, [], None
    for labels, normal, offset in rows:
        slack = offset - dot(normal, x)
        norm2 = dot(normal, normal)
        squared = slack * slack / norm2
        if best is None or squared < best:
            best, found = squared, []
            foot = tuple(v + slack / norm2 * a for v, a in zip(x, normal))
        if squared == best:
            found += [label for label in labels if label not in found]
    return None if best is None else NearestFacet(best, tuple(found), foot)


def boundary_distance(net: Network, x: Any, n_layers: int | None = None) -> NearestFacet | None:
    """The squared distance from x to the boundary of its region of ``Omega^(1..l)`` (paper eq. 20).

    Parameters
    ----------
    net : Network
    x : point
    n_layers : int, optional
        l, the number of nonlinear layers (default all): the distance to the
        boundary of x's region of ``Omega^(1..l)``.

    Returns
    -------
    NearestFacet or None
        ``min_{j <= l} min_k |h^(j)_k(x)|^2 / ||grad h^(j)_k(x)||^2`` and the units
        attaining it; for R >= 3 pieces the pairwise gaps
        ``(E_{k,r_k} - E_{k,s})^2 / ||G^T (A_{k,r_k} - A_{k,s})||^2``.  Units
        with zero gradient on the region are skipped.  None when nothing cuts
        (the region is the whole space).

    Raises
    ------
    DimensionError
        x has not the input dimension.
    InvalidNumberError
        An entry of x is not a finite number.

    Notes
    -----
    x's code is the forward pass's (:func:`exactpd.network.forward_pass.code_at`); for x on
    a boundary the distance is 0.  The rows are :func:`code_halfspaces`.

    Examples
    --------
    >>> from exactpd.network.layers import Dense
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -4], "relu")])
    >>> d = boundary_distance(net, [1, 1])
    >>> d.squared_distance, d.labels
    (Fraction(1, 1), ((0, 0),))
    """
    point = to_vector(x, "point", length=net.input_dim)
    rows = code_halfspaces(net, code_at(net, point), n_layers)
    return _nearest(point, [((label,), normal, offset) for label, normal, offset in rows])


def facet_distance(region: Region, x: Any, include_domain: bool = False) -> NearestFacet | None:
    """The squared distance from x to the nearest facet hyperplane of an enumerated region.

    Rows made only by the domain are skipped unless ``include_domain``.  For
    x inside the region it is the squared distance to the region's boundary
    (within the domain).  None when no row is left.

    Parameters
    ----------
    region : Region
        A region of an enumerated partition.
    x : point
        Any exact-convertible vector of the input dimension (ints, ``"p/q"``
        strings, floats, Fractions).
    include_domain : bool, default False
        Also count the rows of the domain (labelled
        :data:`~exactpd.enumeration.region.DOMAIN`).

    Returns
    -------
    NearestFacet or None
        The exact squared distance, the labels of every row attaining it, and
        the foot of the perpendicular on the first one.

    Raises
    ------
    DimensionError
        x has not the region's dimension.
    InvalidNumberError
        An entry of x is not a finite number.

    Notes
    -----
    For x inside the region this is the paper's eq. (20) restricted to the
    region's own facets (an interior point's distance to a convex polytope's
    boundary is its distance to the nearest facet hyperplane).

    Examples
    --------
    >>> from exactpd import box, enumerate_regions
    >>> from exactpd import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -4], "relu")])
    >>> region = enumerate_regions(net, box([-2, -2], [2, 2])).locate([1, 1])
    >>> facet_distance(region, [1, 1]).labels
    ((0, 0),)
    >>> d = facet_distance(region, [1, 1], include_domain=True)
    >>> d.squared_distance, d.labels
    (Fraction(1, 1), ('domain', (0, 0)))
    """
    point = to_vector(x, "point", length=region.polytope.dim)
    rows = []
    for a, b, labels in zip(region.polytope.A, region.polytope.b, region.labels):
        kept = tuple(label for label in labels if include_domain or label != DOMAIN)
        if kept:
            rows.append((kept, tuple(Fraction(v) for v in a), Fraction(b)))
    return _nearest(point, rows)


def _projection(x: QVector, equations: Sequence[tuple[Sequence, Fraction]]) -> QVector | None:
    """The orthogonal projection of x onto ``{y : M y = c}`` for independent rows M, or None if they are dependent."""
    M = [tuple(Fraction(v) for v in normal) for normal, _ in equations]
    gram = [[dot(p, q) for q in M] for p in M]
    residual = [dot(p, x) - Fraction(c) for p, (_, c) in zip(M, equations)]
    multipliers = solve_linear_system(gram, residual, unique=True)
    if multipliers is None:
        return None
    return tuple(v - sum((t * p[i] for t, p in zip(multipliers, M)), Fraction(0)) for i, v in enumerate(x))


def polytope_distance(
    polytope: HPolytope, x: Any, equations: Sequence[tuple[Sequence, Fraction]] = ()
) -> tuple[Fraction, QVector] | None:
    """The exact squared distance from x to ``{y in polytope : <n_j, y> = c_j}`` and the nearest point.

    Parameters
    ----------
    polytope : HPolytope
    x : point
    equations : sequence of (normal, rhs)

    Returns
    -------
    (Fraction, point) or None
        None when the set is empty.

    Raises
    ------
    DimensionError
        x has not the input dimension.
    InvalidNumberError
        An entry of x is not a finite number.

    Notes
    -----
    By face enumeration (see the module doc): every set of up to
    ``dim - len(equations)`` rows, made tight together with the equations,
    whose rows are independent, gives an affine subspace; the projection of x
    onto it is a candidate when it lies in the polytope.  The nearest point
    lies in the relative interior of a face and is the projection onto that
    face's affine hull, which is among the candidates, so the smallest
    candidate is the exact answer.

    Examples
    --------
    >>> from exactpd.kernel.polytope import box
    >>> polytope_distance(box([0, 0], [1, 1]), [3, 2], [((1, -1), 0)])
    (Fraction(5, 1), (Fraction(1, 1), Fraction(1, 1)))
    """
    point = to_vector(x, "point", length=polytope.dim)
    equations = [(tuple(n), Fraction(c)) for n, c in equations]
    rows = [(a, Fraction(b)) for a, b in zip(polytope.A, polytope.b) if any(a)]
    best = None
    for size in range(polytope.dim - len(equations) + 1):
        for subset in combinations(rows, size):
            foot = _projection(point, equations + list(subset))
            if foot is None or not contains(polytope, foot):
                continue
            squared = sum(((u - v) ** 2 for u, v in zip(point, foot)), Fraction(0))
            if best is None or squared < best[0]:
                best = (squared, foot)
        if best is not None and size == 0:
            break
    return best


def decision_distance(boundary: DecisionBoundary, x: Any) -> NearestPiece | None:
    """The exact squared distance from x to the decision boundary, and its nearest point.

    Parameters
    ----------
    boundary : DecisionBoundary
    x : point

    Returns
    -------
    NearestPiece or None
        The minimum over the pieces (and flat regions) of
        :func:`polytope_distance` to the piece; None when the boundary has no
        piece.  The boundary is the one inside the partition's domain.

    Raises
    ------
    DimensionError
        x has not the input dimension.
    InvalidNumberError
        An entry of x is not a finite number.

    Notes
    -----
    Pieces are visited in increasing order of the squared distance from x to
    their hyperplane, ``(<a, x> + c)^2 / ||a||^2``, a lower bound; the search
    stops when it reaches the best distance found.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> from exactpd.boundary.decision import decision_boundary
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> b = decision_boundary(enumerate_regions(net, box([-2, -2], [2, 2])))
    >>> d = decision_distance(b, [2, 2])
    >>> d.squared_distance, d.point
    (Fraction(9, 2), (Fraction(1, 2), Fraction(1, 2)))
    """
    point = to_vector(x, "point", length=boundary.partition.network.input_dim)
    candidates = []
    for i, piece in enumerate(boundary.pieces):
        value = dot(piece.normal, point) + piece.offset
        bound = value * value / dot(piece.normal, piece.normal)
        candidates.append((bound, i, boundary.partition.regions[piece.region].polytope, [(piece.normal, -piece.offset)]))
    for j, region in enumerate(boundary.flat_regions):
        candidates.append((Fraction(0), -1 - j, boundary.partition.regions[region].polytope, []))
    candidates.sort(key=lambda c: (c[0], c[1]))
    best = None
    for bound, index, polytope, equations in candidates:
        if best is not None and bound >= best.squared_distance:
            break
        found = polytope_distance(polytope, point, equations)
        if found is not None and (best is None or found[0] < best.squared_distance):
            best = NearestPiece(found[0], index, found[1])
    return best
