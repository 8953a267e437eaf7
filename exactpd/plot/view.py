"""The exact geometry of a picture: the view rectangle and the visible polygon of each region.

The visible part of a region is the exact polygon ``region ∩ view``
(:func:`exactpd.kernel.polytope.vertices`), each of its sides labelled with
the ``(layer, unit)`` labels of the facet it lies on; only :func:`point_float`
and :func:`sides_float` turn corners into floats, for drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from exactpd.enumeration.driver import enumerate_regions
from exactpd.enumeration.partition import Partition
from exactpd.enumeration.region import DOMAIN
from exactpd.errors import DimensionError
from exactpd.kernel.polytope import HPolytope, box, intersect, is_bounded, is_full_dimensional, side, vertices
from exactpd.network.layers import Network
from exactpd.rational import QVector, Side, dot, to_vector

__all__: list[str] = []  # drawing helpers of the plot package, not part of the public API


@dataclass(frozen=True)
class Piece:
    """The visible part of one region: exact corners (counter-clockwise) and what each side lies on.

    ``sides[i]`` is ``(row, labels)`` for the side from ``corners[i]`` to
    ``corners[i + 1]``: the primitive row ``(a, b)`` it lies on and the labels
    of that facet of the region, or ``()`` on the edge of the view.
    """

    index: int
    code: tuple
    corners: tuple
    sides: tuple


def piece_sides(piece: Piece):
    """Yield ``(p, q, row, labels)`` for each side of the piece, from corner p to corner q."""
    corners = piece.corners
    for p, q, (row, labels) in zip(corners, corners[1:] + corners[:1], piece.sides):
        yield p, q, row, labels


@dataclass(frozen=True)
class View:
    """The rectangle drawn, exact: ``lows <= x <= highs``."""

    lows: QVector
    highs: QVector
    polytope: HPolytope


def view_of(partition: Partition, view: Any) -> View:
    """The view box: ``view = (lows, highs)``, else the domain's bounding box, else a box around the bounded regions.

    For an unbounded domain the default frame is the bounding box of every
    bounded region's vertices, widened by a tenth of its largest span (at
    least 1/2), so that the bounded regions fill the picture and the unbounded
    ones show as the strips around them; with no bounded region, the box
    around every corner of every region widened by a quarter of its span
    (else around every certificate point).
    """
    if partition.network.input_dim != 2:
        raise DimensionError(
            f"pictures need a network with 2 inputs, this one has {partition.network.input_dim}: "
            "slice it first (exactpd.network.slicing.slice_network)"
        )
    if view is not None:
        return given_view(view, 2)
    if is_bounded(partition.domain):
        return view_around(vertices(partition.domain), margin=Fraction(0))
    points = [p for region in partition.regions if region.bounded for p in corners(region.polytope)]
    if points:
        span = max(max(p[d] for p in points) - min(p[d] for p in points) for d in (0, 1))
        return view_around(points, margin=max(span / 10, Fraction(1, 2)))
    points = [p for region in partition.regions for p in corners(region.polytope)]
    points = points or [p for region in partition.regions for p in region.facet_points] or [partition.regions[0].witness]
    return view_around(points)


def given_view(view: Any, dim: int) -> View:
    lows, highs = to_vector(view[0], "view lows", length=dim), to_vector(view[1], "view highs", length=dim)
    return View(lows, highs, box(lows, highs))


def view_around(points: Sequence[QVector], margin: Fraction | None = None) -> View:
    """The bounding box of the points, widened by ``margin`` (default: a quarter of the largest span, at least 1)."""
    dims = range(len(points[0]))
    if margin is None:
        margin = max(max(max(p[d] for p in points) - min(p[d] for p in points) for d in dims) / 4, Fraction(1))
    lows = tuple(min(p[d] for p in points) - margin for d in dims)
    highs = tuple(max(p[d] for p in points) + margin for d in dims)
    return View(lows, highs, box(lows, highs))


def corners(P: HPolytope) -> list[QVector]:
    """The vertices of a 2-D polygon, bounded or not: the points of P where two of its rows meet."""
    found = []
    for i, (u, bu) in enumerate(zip(P.A, P.b)):
        for v, bv in zip(P.A[i + 1 :], P.b[i + 1 :]):
            det = u[0] * v[1] - u[1] * v[0]
            if det != 0:
                point = (Fraction(bu * v[1] - bv * u[1], det), Fraction(u[0] * bv - v[0] * bu, det))
                if side(P, point) is not Side.OUTSIDE:
                    found.append(point)
    return found


def pieces_in(partition: Partition, view: HPolytope) -> tuple[Piece, ...]:
    """The visible part of every region that meets the view's interior, in region order."""
    found = []
    for index, region in enumerate(partition.regions):
        clipped = intersect(region.polytope, view)
        if not is_full_dimensional(clipped):
            continue
        corners = vertices(clipped)
        rows = list(zip(zip(region.polytope.A, region.polytope.b), region.labels))
        rows += [(row, ()) for row in zip(view.A, view.b)]
        sides = tuple(
            next((row, labels) for row, labels in rows if dot(row[0], p) == row[1] == dot(row[0], q))
            for p, q in zip(corners, corners[1:] + corners[:1])
        )
        found.append(Piece(index, region.code, corners, sides))
    return tuple(found)


def section(piece: Piece, normal: QVector, offset: Fraction) -> tuple | None:
    """The exact segment ``{x in piece : <normal, x> + offset = 0}`` (its two ends), or None if it is not a segment."""
    corners = piece.corners
    values = [dot(normal, p) + offset for p in corners]
    points = set()
    for p, q, fp, fq in zip(corners, corners[1:] + corners[:1], values, values[1:] + values[:1]):
        if fp == 0:
            points.add(p)
        elif fq != 0 and (fp < 0) != (fq < 0):
            t = fp / (fp - fq)
            points.add(tuple(a + t * (b - a) for a, b in zip(p, q)))
    ends = sorted(points)  # collinear points: lexicographic order is the order along the line
    return (ends[0], ends[-1]) if len(ends) >= 2 else None


def shared_side(piece_u: Piece, piece_v: Piece, row: tuple) -> tuple | None:
    """The exact common part of the side of ``piece_u`` on ``row`` and the side of ``piece_v`` on its opposite."""
    opposite = (tuple(-a for a in row[0]), -row[1])
    ends = []
    for piece, wanted in ((piece_u, row), (piece_v, opposite)):
        found = [sorted((p, q)) for p, q, r, _ in piece_sides(piece) if r == wanted]
        if not found:
            return None
        ends.append(found[0])
    low, high = max(ends[0][0], ends[1][0]), min(ends[0][1], ends[1][1])
    return (low, high) if low < high else None


def point_float(p: QVector) -> tuple[float, float]:
    """The float view of an exact 2-D point, for drawing only."""
    return (float(p[0]), float(p[1]))


def cut_layer(labels: tuple) -> int | None:
    """The earliest layer whose unit makes a facet, or None for a domain facet."""
    layers = [label[0] for label in labels if label != DOMAIN]
    return min(layers) if layers and DOMAIN not in labels else None


def sides_float(pieces: Sequence[Piece]):
    """Yield ``(segment, labels)`` for every cut once and every domain side, as float segments.

    A cut is a side of the two regions it separates, with opposite
    orientations; it is drawn from the region where the first non-zero
    coefficient of its row is positive.  Sides on the view's edge are skipped.
    """
    for piece in pieces:
        for p, q, row, labels in piece_sides(piece):
            if not labels:
                continue
            if DOMAIN in labels or next(a for a in row[0] if a) > 0:
                yield (point_float(p), point_float(q)), labels


def partition_in_view(net: Network, view: HPolytope | None) -> Partition:
    """The partition of ``net`` inside ``view`` (all of R^d when None): the one enumeration the pictures run.

    A picture draws a partition it is given; this helper is for the pictures
    of derived networks (a layer's power diagram pulled back into a region,
    one unit's diagram for the lifting) and for callers that pass a Network.
    """
    return enumerate_regions(net, view, progress=False)
