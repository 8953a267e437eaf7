"""The adjacency graph of a partition: regions whose closures share a (D-1)-dimensional face.

Edges are found exactly and each carries a certificate: a rational point in
the relative interior of the shared face (on the common hyperplane, strictly
inside every other halfspace of both regions).

How: for every facet of every region that is not a domain facet, the region
just beyond its relative-interior point is found by exact symbolic
perturbation (:func:`exactpd.network.forward_pass.code_toward`).  When that region's
face on the hyperplane provably contains the whole facet (each of its other
halfspaces, restricted to the hyperplane, is implied by one of ours:
``a' = lam a_i + mu a_H`` with ``lam >= 0`` and ``b' >= lam b_i + mu b_H``), the
facet has exactly that one neighbour.  Otherwise (coinciding or dead units
make a facet border several regions) every pair of facets on that hyperplane
is tested by an exact relative-interior certificate.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Sequence


from exactpd.errors import CertificationError
from exactpd.network.maso import maso_layers
from exactpd.network.layers import Network
from exactpd.enumeration.partition import Edge, Partition
from exactpd.network.forward_pass import code_toward
from exactpd.kernel.polytope import HPolytope, section_witness
from exactpd.rational import dot
from exactpd.enumeration.region import DOMAIN, Region

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["adjacency_edges", "adjacency_graph", "check_edge", "flips_between"]


def flips_between(code_u, code_v) -> tuple:
    """The units ``(layer, unit)`` whose pieces differ between two codes."""
    return tuple((l, k) for l, (cu, cv) in enumerate(zip(code_u, code_v)) for k, (a, b) in enumerate(zip(cu, cv)) if a != b)


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
    return all(
        dot(row, point) < bj for row, bj in zip(region.polytope.A, region.polytope.b) if (row, bj) != skip
    )


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


def _face_point(ru: Region, rv: Region, row: tuple, rhs: int):
    """A point in the relative interior of the common face of ru (row . x <= rhs) and rv on that hyperplane, or None."""
    skip_u, skip_v = (row, rhs), (tuple(-a for a in row), -rhs)
    others = [(r, b) for r, b in zip(ru.polytope.A, ru.polytope.b) if (r, b) != skip_u]
    others += [(r, b) for r, b in zip(rv.polytope.A, rv.polytope.b) if (r, b) != skip_v]
    rest = HPolytope.from_primitive([r for r, _ in others], [b for _, b in others], dim=len(row))
    return section_witness(rest, [(row, rhs)])


def adjacency_edges(regions: Sequence[Region], net: Network) -> tuple[Edge, ...]:
    """Every pair of regions whose closures share a (D-1)-dimensional face, certified (see the module doc)."""
    by_code = {r.code: i for i, r in enumerate(regions)}
    found: dict[tuple[int, int], Edge] = {}
    facets_on: dict[tuple, list[tuple[int, int, int]]] = defaultdict(list)
    unsure: set[tuple] = set()

    def record(i: int, j: int, row: tuple, rhs: int, point) -> None:
        u, v = min(i, j), max(i, j)
        if (u, v) not in found:
            hyper = (row, rhs) if i == u else (tuple(-a for a in row), -rhs)
            found[(u, v)] = Edge(u, v, flips_between(regions[u].code, regions[v].code), hyper, point)

    n_pieces = [layer.n_pieces for layer in maso_layers(net)]
    for i, region in enumerate(regions):
        for f, (row, rhs, labels, point) in enumerate(
            zip(region.polytope.A, region.polytope.b, region.labels, region.facet_points)
        ):
            if DOMAIN in labels:
                continue
            key, orientation = _key(row, rhs)
            facets_on[key].append((i, f, orientation))
            opposite = (tuple(-a for a in row), -rhs)
            # In general position the neighbour differs exactly in the facet's units (2-piece units flip).
            j = by_code.get(_flipped(region.code, labels, n_pieces))
            if j is None or not _strictly_inside_except(regions[j], point, opposite):
                j = by_code.get(code_toward(net, point, row))
            if j is None:
                raise CertificationError(f"no region beyond facet {f} of region {i} ({region.code})")
            other = regions[j]
            inside = _strictly_inside_except(other, point, opposite)
            if inside:
                record(i, j, row, rhs, point)
            covered = inside and all(
                _implied_on_hyperplane(r2, b2, region, f, row, rhs, hint=l2)
                for r2, b2, l2 in zip(other.polytope.A, other.polytope.b, other.labels)
                if (r2, b2) != opposite
            )
            if not covered:
                unsure.add(key)
    for key in unsure:
        entries = facets_on[key]
        for i, f, orientation in entries:
            if orientation != 1:
                continue
            for j, g, other_orientation in entries:
                if other_orientation != -1 or (min(i, j), max(i, j)) in found:
                    continue
                row, rhs = regions[i].polytope.A[f], regions[i].polytope.b[f]
                point = _face_point(regions[i], regions[j], row, rhs)
                if point is not None:
                    record(i, j, row, rhs, point)
    return tuple(found[k] for k in sorted(found))


def check_edge(ru: Region, rv: Region, edge: Edge) -> bool:
    """Exact check of an edge certificate: the point is on the hyperplane, in both closures, strictly inside all other rows."""
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
    """
    import networkx as nx

    G = nx.Graph()
    for i, region in enumerate(partition.regions):
        G.add_node(i, code=region.code, witness=region.witness)
    for e in partition.edges:
        G.add_edge(e.u, e.v, flips=e.flips, hyperplane=e.hyperplane, point=e.point)
    return G
