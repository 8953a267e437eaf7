"""The adjacency graph of a partition: regions whose closures share a (D-1)-dimensional face.

Edges are found exactly and each carries a certificate: a rational point in
the relative interior of the shared face (on the common hyperplane, strictly
inside every other halfspace of both regions).

How, region by region (:func:`region_edges`), at a cost linear in the facets:

1. for every facet F of a region that is not a domain facet, the region beyond
   it is the one whose code differs in the facet's units (2-piece units flip)
   when its rows hold strictly at F's relative-interior point, and otherwise
   the region reached by exact symbolic perturbation from that point
   (:func:`exactpd.network.forward_pass.code_toward`);
2. F has that region as its only neighbour when the neighbour's face G on the
   hyperplane contains F, proved row by row: a row of G is a domain row, or
   holds at both ends of F (in the plane, F is a segment between two exact
   corners), or restricted to the hyperplane is implied by one row ``a_i``
   (``a' = lam a_i + mu a_H``, ``lam >= 0``, ``b' >= lam b_i + mu b_H``:
   integers), first a boundary row of the same unit for the region's code
   (facet or not, it holds on the region: the units not flipped agree on
   the hyperplane, so in general position this settles every row without
   an LP, :mod:`exactpd.enumeration.code_rows`), then one of F's; or has an exact LP
   maximum over F that stays below its bound
   (:func:`exactpd.kernel.polytope.maximize_certified`, one hot-started batch per facet);
3. only a facet whose containment fails (coinciding or dead units make it
   border several regions) is paired with the facets on the same hyperplane
   from the other side, and each pair is decided first by exact interval
   arguments on the hyperplane: two rows that restrict to opposite
   half-spaces of the hyperplane with disjoint interiors separate the faces;
   a facet point strictly inside the other region's rows joins them; an
   exact relative-interior LP certificate decides what is left.

Each region's edges depend only on the regions, so the edge phase can be
journaled and resumed region by region (``known`` and ``record`` of
:func:`adjacency_edges`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from operator import mul
from typing import TYPE_CHECKING, Callable, Iterator, Mapping, Sequence

from exactpd.enumeration.code_rows import CodeRows
from exactpd.enumeration.partition import Edge, Partition
from exactpd.enumeration.region import DOMAIN, Region
from exactpd.errors import CertificationError
from exactpd.hints.engine import DEFAULT_ENGINE, EngineLike, get_engine
from exactpd.kernel.polytope import VERTEX_HINT_MAX_DIM, HPolytope, maximize_certified, polygon_corners, section_witness
from exactpd.kernel.simplex import LPStatus
from exactpd.kernel.vertex_hint import support_multipliers_hint, vertex_hint
from exactpd.network.forward_pass import code_toward
from exactpd.network.layers import Network
from exactpd.network.maso import maso_layers
from exactpd.rational import common_denominator, dot, integer_point

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["AdjacencyIndex", "adjacency_index", "regions_beyond", "region_edges", "missing_edges", "adjacency_edges", "adjacency_graph", "check_edge", "flips_between"]


def flips_between(code_u, code_v) -> tuple:
    """The units ``(layer, unit)`` whose pieces differ between two codes.

    Parameters
    ----------
    code_u, code_v : Code
        Two codes of the same network (one tuple per nonlinear layer).

    Returns
    -------
    tuple of (int, int)
        ``(layer, unit)`` pairs in order (layer among the nonlinear layers, from 0).

    Examples
    --------
    >>> flips_between(((0, 1), (1,)), ((1, 1), (0,)))
    ((0, 0), (1, 0))
    """
    return tuple((l, k) for l, (cu, cv) in enumerate(zip(code_u, code_v)) if cu != cv for k, (a, b) in enumerate(zip(cu, cv)) if a != b)


def _flipped(code, labels, n_pieces):
    """The code with the 2-piece units of ``labels`` switched to their other piece (None if one has more pieces)."""
    layers = [list(c) for c in code]
    for layer, unit in labels:
        if n_pieces[layer][unit] != 2:
            return None
        layers[layer][unit] = 1 - layers[layer][unit]
    return tuple(tuple(c) for c in layers)


def _key(row: tuple, rhs: int) -> tuple[tuple, int]:
    """The hyperplane of a primitive row, oriented so that its first non-zero coefficient is positive, and the orientation."""
    first = next(a for a in row if a != 0)
    if first > 0:
        return (row, rhs), 1
    return (tuple(-a for a in row), -rhs), -1


def _strictly_inside_except(region: Region, point, skip: tuple) -> bool:
    """Whether ``point`` satisfies every row of the region but ``skip`` strictly (integers over one denominator)."""
    return _inside_ints(region, *integer_point(point), skip)


def _inside_ints(region: Region, X: Sequence[int], den: int, skip: tuple) -> bool:
    """Whether ``X / den`` satisfies every row of the region but ``skip`` strictly."""
    return all(sum(map(mul, row, X)) < bj * den for row, bj in zip(region.polytope.A, region.polytope.b) if (row, bj) != skip)


def _facet_ints(index: "AdjacencyIndex", i: int, f: int) -> tuple:
    """The facet point of facet ``f`` of region ``i`` as ``(numerators, denominator)``, converted once."""
    key = (i, f)
    found = index.point_ints.get(key)
    if found is None:
        found = index.point_ints[key] = integer_point(index.regions[i].facet_points[f])
    return found


def _implied_on_hyperplane(target: tuple, rhs: int, source: Region, skip: int, normal: tuple, offset: int, hint=()) -> bool:
    """Whether ``target . x <= rhs`` holds on the facet ``skip`` of ``source`` (hyperplane ``normal . x = offset``).

    Sufficient condition checked exactly, in integers: ``den * target = lam * a_i + mu * normal``
    for one row i of source (or the zero row), with ``den > 0``, ``lam >= 0`` and
    ``den * rhs >= lam * b_i + mu * offset``.  Rows whose labels are in ``hint`` are tried first.
    """
    rows = [(row, bj) for i, (row, bj) in enumerate(zip(source.polytope.A, source.polytope.b)) if i != skip]
    if hint:
        labels = [labels for i, labels in enumerate(source.labels) if i != skip]
        order = sorted(range(len(rows)), key=lambda i: not any(l in hint for l in labels[i]))
        rows = [rows[i] for i in order]
    for row, bj in [(tuple(0 for _ in normal), 0)] + rows:
        combination = _combination(target, row, normal)
        if combination is not None:
            lam, mu, den = combination
            if lam >= 0 and rhs * den >= lam * bj + mu * offset:
                return True
    return False


def _combination(target, u, w) -> tuple[int, int, int] | None:
    """Integers (lam, mu, den), den > 0, with den * target = lam * u + mu * w exactly, or None (w is non-zero)."""
    dim = len(target)
    for i in range(dim):
        for j in range(i + 1, dim):
            det = u[i] * w[j] - u[j] * w[i]
            if det != 0:
                lam = target[i] * w[j] - target[j] * w[i]
                mu = u[i] * target[j] - u[j] * target[i]
                if det < 0:
                    lam, mu, det = -lam, -mu, -det
                ok = all(det * t == lam * a + mu * c for t, a, c in zip(target, u, w))
                return (lam, mu, det) if ok else None
    # u is zero or parallel to w: target must be a multiple of w (lam = 0)
    p = next(i for i in range(dim) if w[i] != 0)
    den, mu = abs(w[p]), target[p] * (1 if w[p] > 0 else -1)
    return (0, mu, den) if all(den * t == mu * c for t, c in zip(target, w)) else None


def _opposite(row: tuple, rhs: int) -> tuple[tuple, int]:
    return tuple(-a for a in row), -rhs


def _face_point(ru: Region, rv: Region, row: tuple, rhs: int, engine=DEFAULT_ENGINE):
    """A point in the relative interior of the common face of ru (row . x <= rhs) and rv on that hyperplane, or None."""
    skip_u, skip_v = (row, rhs), _opposite(row, rhs)
    others = [(r, b) for r, b in zip(ru.polytope.A, ru.polytope.b) if (r, b) != skip_u]
    others += [(r, b) for r, b in zip(rv.polytope.A, rv.polytope.b) if (r, b) != skip_v]
    rest = HPolytope.from_primitive([r for r, _ in others], [b for _, b in others], dim=len(row), checked=False)
    return section_witness(rest, [(row, rhs)], engine=engine)


@dataclass(frozen=True)
class AdjacencyIndex:
    """What the edge search of every region needs, built once without any LP (:func:`adjacency_index`).

    Attributes
    ----------
    regions : tuple of Region
        Sorted by code (the partition's order; edges name regions by index).
    net : Network
    by_code : dict
        Region index of each code.
    facets_on : dict
        For each hyperplane (oriented so its first non-zero coefficient is
        positive), the ``(region, facet, orientation)`` of the facets on it.
    n_pieces : tuple
        Pieces of each unit, layer by layer.
    engine : LPEngine
    code_rows : CodeRows
        The candidate rows of the regions' codes (:mod:`exactpd.enumeration.code_rows`), computed as needed.
    point_ints : dict
        ``(region, facet)`` -> its facet point as integers over one denominator, filled as needed.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> index = adjacency_index(part.regions, net)
    >>> index.n_pieces, index.by_code[((1, 0),)]
    (((2, 2),), 2)
    """

    regions: tuple
    net: Network
    by_code: dict
    facets_on: dict
    n_pieces: tuple
    engine: object
    code_rows: CodeRows
    point_ints: dict = field(default_factory=dict, compare=False)


def adjacency_index(regions: Sequence[Region], net: Network, engine: EngineLike = DEFAULT_ENGINE) -> AdjacencyIndex:
    """The :class:`AdjacencyIndex` of a partition's regions (sorted by code).

    Parameters
    ----------
    regions : sequence of Region
        Sorted by code.
    net : Network
        Their network.
    engine : str or LPEngine, default "highs"
        The LP hint engine for the searches (:mod:`exactpd.hints.engine`).

    Returns
    -------
    AdjacencyIndex

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> sorted(adjacency_index(part.regions, net).facets_on)  # the cuts y = 0 and x = 0 (not the domain's sides)
    [((0, 1), 0), ((1, 0), 0)]
    """
    facets_on: dict = {}
    for i, region in enumerate(regions):
        for f, (row, rhs, labels) in enumerate(zip(region.polytope.A, region.polytope.b, region.labels)):
            if DOMAIN not in labels:
                key, orientation = _key(row, rhs)
                facets_on.setdefault(key, []).append((i, f, orientation))
    return AdjacencyIndex(
        tuple(regions), net, {r.code: i for i, r in enumerate(regions)}, facets_on,
        tuple(layer.n_pieces for layer in maso_layers(net)), get_engine(engine), CodeRows(net.maso.integer_layers),
    )


def _facet_on(region: Region, row: tuple, rhs: int) -> int | None:
    for g, key in enumerate(zip(region.polytope.A, region.polytope.b)):
        if key == (row, rhs):
            return g
    return None


def _edge(index: AdjacencyIndex, u: int, v: int, row: tuple, rhs: int) -> Edge | None:
    """The canonical edge of regions ``u < v`` across ``row . x = rhs`` (u's outward row), or None when their faces do not meet.

    The certificate is u's facet point when it lies strictly inside v's other
    rows, else v's when it lies strictly inside u's, else an exact
    relative-interior point of the common face (None when there is none).
    """
    ru, rv = index.regions[u], index.regions[v]
    opposite = _opposite(row, rhs)
    fu, fv = _facet_on(ru, row, rhs), _facet_on(rv, *opposite)
    if fu is None or fv is None:
        return None
    point = ru.facet_points[fu]
    if not _inside_ints(rv, *_facet_ints(index, u, fu), opposite):
        point = rv.facet_points[fv]
        if not _inside_ints(ru, *_facet_ints(index, v, fv), (row, rhs)):
            point = _face_point(ru, rv, row, rhs, index.engine)
            if point is None:
                return None
    return Edge(u, v, flips_between(ru.code, rv.code), (row, rhs), point)


def _ends(region: Region, corners, f: int):
    """In the plane, the two corners that end facet ``f`` of a region, as ``(X, den)`` (from :func:`polygon_corners`), or None."""
    if corners is None:
        return None
    for k, (i, c) in enumerate(corners):
        if i == f:
            return corners[k - 1][1], c
    return None


def _bounded_on_face(hint, region: Region, f: int, target: tuple, bound: int) -> bool:
    """Whether ``target . x <= bound`` on facet ``f`` of the region, from multipliers at the facet's vertex maximising it.

    Exact check: ``y`` (zero but on D rows, f among them) with
    ``A^T y = target``, ``y >= 0`` off row f (whose multiplier may have any
    sign, the face being ``a_f x = b_f``) and ``b . y <= bound``.
    """
    if hint is None:
        return False
    y = support_multipliers_hint(hint, region.polytope.A, tuple(-v for v in target), face=f)
    if y is None:
        return False
    A, b = region.polytope.A, region.polytope.b
    support = [(k, q) for k, q in enumerate(y) if q]
    if any(q < 0 for k, q in support if k != f):
        return False
    den = common_denominator(q for _, q in support)
    weights = [(k, q.numerator * (den // q.denominator)) for k, q in support]
    combination = [sum(w * A[k][d] for k, w in weights) for d in range(len(target))]
    return combination == [den * v for v in target] and sum(w * b[k] for k, w in weights) <= den * bound


def _implied_by_unit_rows(index: AdjacencyIndex, region: Region, r2: tuple, b2: int, labels, normal: tuple, offset: int) -> bool:
    """Whether ``r2 . x <= b2`` holds on the region's face on ``normal . x = offset``, from one boundary row of a unit of ``labels``.

    Every boundary row of a unit for the region's code holds on the region
    (facet or not).  Across a facet the units not flipped agree on the
    hyperplane, so the neighbour's row of such a unit is, there, the
    region's row of the same unit: ``den r2 = lam u + mu normal``, ``lam >= 0``,
    ``den b2 >= lam b_u + mu offset`` (integers, exact).
    """
    code = region.code
    for label in labels:
        layer, unit = label
        for u, bu in index.code_rows.unit_rows(code[:layer], unit, code[layer][unit]):
            combination = _combination(r2, u, normal)
            if combination is not None:
                lam, mu, den = combination
                if lam >= 0 and b2 * den >= lam * bu + mu * offset:
                    return True
    return False


def _contained(index: AdjacencyIndex, region: Region, f: int, other: Region, corners, vertices=None) -> bool:
    """Whether the neighbour's face on facet ``f``'s hyperplane provably contains the whole facet (module doc, step 2)."""
    row, rhs = region.polytope.A[f], region.polytope.b[f]
    opposite = _opposite(row, rhs)
    ends = _ends(region, corners, f)
    own = set(zip(region.polytope.A, region.polytope.b))
    pending = []
    for r2, b2, l2 in zip(other.polytope.A, other.polytope.b, other.labels):
        if (r2, b2) == opposite or (r2, b2) in own or DOMAIN in l2:  # a domain row holds on all the domain
            continue
        if ends is not None:  # in the plane the facet is the segment between its two corners
            if all(sum(map(mul, r2, X)) <= b2 * den for X, den in ends):
                continue
            return False
        if _implied_by_unit_rows(index, region, r2, b2, l2, row, rhs):
            continue
        if not _implied_on_hyperplane(r2, b2, region, f, row, rhs, hint=l2):
            pending.append((r2, b2))
    if vertices is not None:
        pending = [(r2, b2) for r2, b2 in pending if not _bounded_on_face(vertices(), region, f, r2, b2)]
    if not pending:
        return True
    face = HPolytope.from_primitive(region.polytope.A + (opposite[0],), region.polytope.b + (opposite[1],), checked=False)
    for (r2, b2), solution in zip(pending, maximize_certified(face, [r2 for r2, _ in pending], region.facet_points[f], index.engine)):
        if solution.status is not LPStatus.OPTIMAL or solution.value > b2:
            return False
    return True


def _separated(ru: Region, fu: int, rv: Region, fv: int) -> bool:
    """Exact interval argument on the common hyperplane: a row of each region bounds the faces apart.

    Rows ``r`` of ru and ``s`` of rv with ``s = -lam r + mu a_H`` (``lam > 0``)
    restrict to opposite half-spaces of the hyperplane; when
    ``lam * b_r + b_s <= mu * b_H`` their interiors are disjoint, so the faces
    have no common relative-interior point.
    """
    row, rhs = ru.polytope.A[fu], ru.polytope.b[fu]
    for i, (r, br) in enumerate(zip(ru.polytope.A, ru.polytope.b)):
        if i == fu:
            continue
        for j, (s, bs) in enumerate(zip(rv.polytope.A, rv.polytope.b)):
            if j == fv:
                continue
            combination = _combination(s, tuple(-a for a in r), row)
            if combination is not None:
                lam, mu, den = combination  # den * s = lam * (-r) + mu * row
                if lam > 0 and lam * br + den * bs <= mu * rhs:
                    return True
    return False


def regions_beyond(index: AdjacencyIndex, i: int) -> Iterator[tuple[int, int]]:
    """For each facet ``f`` of region ``i`` that is not the domain's, ``(f, j)``: region ``j`` lies beyond f's facet point.

    Region j is the one that contains the points just beyond the facet point
    (module doc, step 1): exact, without an LP.

    Parameters
    ----------
    index : AdjacencyIndex
        From :func:`adjacency_index`.
    i : int
        The region's index.

    Yields
    ------
    (int, int)
        The facet's row index in region i, and the index of the region beyond it.

    Raises
    ------
    CertificationError
        No region lies beyond a facet (the regions are not a partition).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> sorted(j for _, j in regions_beyond(adjacency_index(part.regions, net), 0))
    [1, 2]
    """
    regions = index.regions
    region = regions[i]
    for f, (row, rhs, labels, point) in enumerate(zip(region.polytope.A, region.polytope.b, region.labels, region.facet_points)):
        if DOMAIN in labels:
            continue
        # In general position the neighbour differs exactly in the facet's units (2-piece units flip).
        j = index.by_code.get(_flipped(region.code, labels, index.n_pieces))
        if j is None or not _inside_ints(regions[j], *_facet_ints(index, i, f), _opposite(row, rhs)):
            j = index.by_code.get(code_toward(index.net, point, row))
        if j is None:
            raise CertificationError(f"no region beyond facet {f} of region {i} ({region.code})")
        yield f, j


def region_edges(index: AdjacencyIndex, i: int) -> tuple[Edge, ...]:
    """The edges ``(i, v)``, ``v > i``, of region ``i``, each certified, sorted by ``v``.

    Region ``i`` finds every region across each of its facets (module doc),
    so the edges of all regions together are the partition's edges, each
    once.  The edges of a region depend only on the regions, so they can be
    recorded as soon as they are found and read back on a later run
    (:func:`adjacency_edges` ``known`` / ``record``).

    Parameters
    ----------
    index : AdjacencyIndex
        From :func:`adjacency_index`.
    i : int
        The region's index.

    Returns
    -------
    tuple of Edge
        Each with a certificate point on the shared face.

    Raises
    ------
    CertificationError
        No region lies beyond a facet (the regions are not a partition).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> [(e.u, e.v, e.flips) for e in region_edges(adjacency_index(part.regions, net), 0)]
    [(0, 1, ((0, 1),)), (0, 2, ((0, 0),))]
    """
    regions = index.regions
    region = regions[i]
    found: dict = {}
    corners = polygon_corners(region.polytope.A, region.polytope.b, homogeneous=True) if region.polytope.dim == 2 else None
    cache: list = []

    def vertices():
        """The region's float vertices (one qhull call, made when a containment first needs it), or None."""
        if not cache:
            usable = index.engine.uses_floats and 3 <= region.polytope.dim <= VERTEX_HINT_MAX_DIM
            cache.append(vertex_hint(region.polytope.A, region.polytope.b, region.witness) if usable else None)
        return cache[0]

    def add(j: int, row: tuple, rhs: int) -> None:
        if j > i and (i, j) not in found:  # an edge (u, v) is made by region u, which always finds it
            edge = _edge(index, i, j, row, rhs)
            if edge is not None:
                found[(i, j)] = edge

    for f, j in regions_beyond(index, i):
        row, rhs, point = region.polytope.A[f], region.polytope.b[f], region.facet_points[f]
        opposite = _opposite(row, rhs)
        other = regions[j]
        inside = _inside_ints(other, *_facet_ints(index, i, f), opposite)
        if inside:
            add(j, row, rhs)
            if _contained(index, region, f, other, corners, vertices):
                continue
        key, orientation = _key(row, rhs)
        for k, g, other_orientation in index.facets_on.get(key, ()):
            if other_orientation == orientation or k <= i or (i, k) in found:
                continue
            if not _separated(region, f, regions[k], g):
                add(k, row, rhs)
    return tuple(found[key] for key in sorted(found))


def missing_edges(index: AdjacencyIndex, i: int, edges: Sequence[Edge], joined: set) -> str | None:
    """Why ``edges`` are not all the edges ``(i, v)``, ``v > i``, of region ``i``; None when they are (exact).

    Each edge is taken as already checked (:func:`check_edge`).  Every facet
    that is not the domain's must be joined (in ``joined``, the pairs
    ``(u, v)`` of every edge of the partition) to the region beyond its facet
    point; a facet contained in that region's face (module doc, step 2) has
    no other neighbour, and a region with a facet that is not is searched
    again (:func:`region_edges`) and compared.

    Parameters
    ----------
    index : AdjacencyIndex
        From :func:`adjacency_index`.
    i : int
        The region's index.
    edges : sequence of Edge
        Region i's edges to regions of higher index, sorted.
    joined : set of (int, int)
        The ``(u, v)`` of every edge of the partition.

    Returns
    -------
    str or None
        What is missing, or None.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> index = adjacency_index(part.regions, net)
    >>> missing_edges(index, 0, part.edges[:2], {(e.u, e.v) for e in part.edges}) is None
    True
    >>> missing_edges(index, 0, part.edges[:1], {(e.u, e.v) for e in part.edges[1:]})
    'the edge to region 1 across facet 3'
    """
    region = index.regions[i]
    corners = polygon_corners(region.polytope.A, region.polytope.b, homogeneous=True) if region.polytope.dim == 2 else None
    searched = False
    for f, j in regions_beyond(index, i):
        if (min(i, j), max(i, j)) not in joined:
            return f"the edge to region {j} across facet {f}"
        if not searched and not _contained(index, region, f, index.regions[j], corners):
            if tuple(edges) != region_edges(index, i):  # a facet with several neighbours: search them again
                return f"an edge across facet {f}, which borders several regions"
            searched = True
    return None


def adjacency_edges(
    regions: Sequence[Region],
    net: Network,
    *,
    engine: EngineLike = DEFAULT_ENGINE,
    progress: bool | None = None,
    known: Mapping[int, Sequence[Edge]] | None = None,
    record: Callable[[int, tuple], None] | None = None,
) -> tuple[Edge, ...]:
    """Every pair of regions whose closures share a (D-1)-dimensional face, certified (see the module doc).

    Parameters
    ----------
    regions : sequence of Region
        Sorted by code; edges name regions by their index here.
    net : Network
        Their network.
    engine : str or LPEngine
        The LP hint engine (:mod:`exactpd.hints.engine`).
    progress : bool, optional
        Show a progress bar over the regions (default: when stderr is a terminal).
    known : mapping, optional
        Region index -> its edges (:func:`region_edges`) from an earlier run:
        those regions are not searched again (the edge phase resumes).
    record : callable, optional
        Called as ``record(i, edges)`` after region ``i``'s edges are found
        (e.g. to append them to a journal).

    Returns
    -------
    tuple of Edge
        Sorted by ``(u, v)``.

    Raises
    ------
    CertificationError
        No region lies beyond a facet (the regions are not a partition).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> [(e.u, e.v, e.flips, e.hyperplane) for e in adjacency_edges(part.regions, net)]
    [(0, 1, ((0, 1),), ((0, 1), 0)), (0, 2, ((0, 0),), ((1, 0), 0)), (1, 3, ((0, 0),), ((1, 0), 0)), (2, 3, ((0, 1),), ((0, 1), 0))]
    """
    index = adjacency_index(regions, net, engine)
    known = known or {}
    bar = _progress_bar(progress, len(regions))
    found: dict = {}
    try:
        for i in range(len(regions)):
            edges = known.get(i)
            if edges is None:
                edges = region_edges(index, i)
                if record is not None:
                    record(i, edges)
            for edge in edges:
                found.setdefault((edge.u, edge.v), edge)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return tuple(found[key] for key in sorted(found))


def _progress_bar(enabled: bool | None, total: int):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="edges", unit="region", leave=False, dynamic_ncols=True)


def check_edge(ru: Region, rv: Region, edge: Edge) -> bool:
    """Exact check of an edge certificate: the point is on the hyperplane, in both closures, strictly inside all other rows.

    Parameters
    ----------
    ru, rv : Region
        The edge's two regions (``edge.u`` and ``edge.v``).
    edge : Edge
        The edge.

    Returns
    -------
    bool
        True when the certificate proves that the closures share a
        (D-1)-dimensional face on ``edge.hyperplane``.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from fractions import Fraction
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> edge = part.edges[0]
    >>> check_edge(part.regions[0], part.regions[1], edge)
    True
    >>> check_edge(part.regions[0], part.regions[1], replace(edge, point=(Fraction(0), Fraction(0))))  # a vertex
    False
    """
    row, rhs = edge.hyperplane
    if dot(row, edge.point) != rhs:
        return False
    if (row, rhs) not in zip(ru.polytope.A, ru.polytope.b):
        return False
    opposite = (tuple(-a for a in row), -rhs)
    if opposite not in zip(rv.polytope.A, rv.polytope.b):
        return False
    if edge.flips != flips_between(ru.code, rv.code):
        return False
    return _strictly_inside_except(ru, edge.point, (row, rhs)) and _strictly_inside_except(rv, edge.point, opposite)


def adjacency_graph(partition: Partition) -> nx.Graph:
    """The adjacency graph as a :class:`networkx.Graph`.

    One node per region (its index in the partition) with attributes ``code``
    and ``witness``; one edge per pair of regions whose closures share a
    (D-1)-dimensional face, with attributes ``flips`` (the units
    ``(layer, unit)`` whose pieces differ), ``hyperplane`` (``(a, b)``, primitive
    integer row, ``a . x <= b`` on the smaller-indexed region) and ``point``
    (a rational point in the relative interior of the shared face).

    Parameters
    ----------
    partition : Partition
        An enumerated partition (with its edges).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> G = adjacency_graph(part)
    >>> G.number_of_nodes(), G.number_of_edges(), G.edges[0, 1]["flips"], G.nodes[3]["code"]
    (4, 4, ((0, 1),), ((1, 1),))
    """
    import networkx as nx

    G = nx.Graph()
    for i, region in enumerate(partition.regions):
        G.add_node(i, code=region.code, witness=region.witness)
    for e in partition.edges:
        G.add_edge(e.u, e.v, flips=e.flips, hyperplane=e.hyperplane, point=e.point)
    return G
