"""The adjacency-edge phase with a journal: edges found are kept, and a resumed run checks them again exactly.

The edges of region ``i`` (those to regions ``v > i``, :func:`~exactpd.enumeration.adjacency.region_edges`)
depend only on the regions, so the journal of the enumeration
(:mod:`exactpd.io.checkpoint`) records them region by region as they are
found, after the regions.  A rerun replays them and computes only the
regions not recorded; the result is the same, edge for edge.

Before it is trusted, every replayed edge is checked exactly
(:func:`~exactpd.enumeration.adjacency.check_edge`): its point is on the
facet's row, in both closures and strictly inside every other row of both
regions, and its flips are those of the two codes; and the edges of each
replayed region are all of its edges, as fresh work would prove them
(:func:`~exactpd.enumeration.adjacency.missing_edges`): every facet that is
not the domain's is joined to the region beyond its facet point, and has no
other neighbour, its neighbour's face containing it (exact, without an LP
in general position), or else the region is searched again and compared.
"""

from __future__ import annotations

import logging
from fractions import Fraction
from typing import Sequence

from exactpd.enumeration.adjacency import adjacency_edges, adjacency_index, check_edge, missing_edges
from exactpd.enumeration.partition import Edge
from exactpd.enumeration.region import DOMAIN, Region
from exactpd.errors import CertificationError, FileFormatError
from exactpd.hints.engine import DEFAULT_ENGINE, EngineLike
from exactpd.network.layers import Network
from exactpd.rational import integer_point

__all__ = ["journaled_edges"]

log = logging.getLogger("exactpd")


def _entries(region: Region, edges: Sequence[Edge]) -> list[tuple]:
    """The journal entries ``(v, facet, flips, point)`` of one region's edges."""
    rows = {key: f for f, key in enumerate(zip(region.polytope.A, region.polytope.b))}
    entries = []
    for edge in edges:
        numerators, den = integer_point(edge.point)
        entries.append((edge.v, rows[edge.hyperplane], edge.flips, (*numerators, den)))
    return entries


def _replayed_edges(regions: Sequence[Region], i: int, entries: Sequence[tuple], where: str) -> tuple[Edge, ...]:
    """The recorded edges of region ``i``, each checked exactly; CertificationError names what is wrong."""
    if not 0 <= i < len(regions):
        raise CertificationError(f"{where}: there is no region {i}")
    region = regions[i]
    edges = []
    for v, f, flips, point in entries:
        if not i < v < len(regions) or (edges and v <= edges[-1].v):
            raise CertificationError(f"{where}: the edges of region {i} name regions out of order or that do not exist ({v})")
        if not 0 <= f < len(region.labels) or DOMAIN in region.labels[f]:
            raise CertificationError(f"{where}: edge ({i}, {v}) crosses no facet {f} of region {i} between two regions")
        den = point[-1]
        edge = Edge(i, v, flips, (region.polytope.A[f], region.polytope.b[f]), tuple(Fraction(x, den) for x in point[:-1]))
        if not check_edge(region, regions[v], edge):
            raise CertificationError(f"{where}: edge ({i}, {v}) is not certified: its point or flips do not prove the adjacency")
        edges.append(edge)
    return tuple(edges)


def _check_complete(index, known: dict, replayed: dict, joined: set, path) -> None:
    """The replayed edges of every region are all of its edges (:func:`missing_edges`); FileFormatError naming the line."""
    for i, line in replayed.items():
        missing = missing_edges(index, i, known[i], joined)
        if missing is not None:
            raise FileFormatError(
                f"{path}: line {line}: the edges of region {i} lack {missing} "
                "(the journal is damaged or was written by other software; remove it to start over)"
            )


def journaled_edges(
    regions: Sequence[Region], net: Network, journal, *, engine: EngineLike = DEFAULT_ENGINE, progress: bool | None = None
) -> tuple[Edge, ...]:
    """Every adjacency edge of the regions, as :func:`~exactpd.enumeration.adjacency.adjacency_edges`, kept in ``journal``.

    Parameters
    ----------
    regions : sequence of Region
        Sorted by code.
    net : Network
        Their network.
    journal : object
        An open journal (:class:`exactpd.io.checkpoint.Journal`): its
        ``edge_records()`` are replayed (each checked, see the module doc) and
        the edges of every other region are appended by ``record_edges``.
    engine : str or LPEngine
        The LP hint engine (:mod:`exactpd.hints.engine`).
    progress : bool, optional
        Show a progress bar over the regions (default: when stderr is a terminal).

    Returns
    -------
    tuple of Edge
        Sorted by ``(u, v)``; the same as without a journal.

    Raises
    ------
    FileFormatError
        A replayed record is wrong (the message names the journal and the line).

    Examples
    --------
    >>> import os, tempfile
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> from exactpd.io.checkpoint import Journal
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> domain = box([-2, -2], [2, 2])
    >>> part = enumerate_regions(net, domain, engine="lp")
    >>> path = os.path.join(tempfile.mkdtemp(), "run.jsonl")
    >>> journal = Journal.open(path, net, domain, units_per_cut=8)
    >>> journaled_edges(part.regions, net, journal, progress=False) == part.edges
    True
    >>> journal.close()
    >>> journal = Journal.open(path, net, domain, units_per_cut=8)
    >>> [i for _, i, _ in journal.edge_records()]  # the edges of regions 0 to 3, one record each
    [0, 1, 2, 3]
    >>> journal.close()
    """
    known: dict = {}
    replayed: dict = {}
    for line, i, entries in journal.edge_records():
        where = f"{journal.path}: line {line}"
        try:
            if i in known:
                raise CertificationError(f"{where}: the edges of region {i} are recorded twice")
            known[i] = _replayed_edges(regions, i, entries, where)
        except CertificationError as err:
            raise FileFormatError(f"{err} (the journal is damaged or was written by other software; remove it to start over)") from None
        replayed[i] = line
    if known:
        log.info("%s: reusing the edges of %d of %d regions (checked again exactly)", journal.path, len(known), len(regions))

    def record(i: int, edges: tuple) -> None:
        journal.record_edges(i, _entries(regions[i], edges))

    edges = adjacency_edges(regions, net, engine=engine, progress=progress, known=known, record=record)
    _check_complete(adjacency_index(regions, net, engine), known, replayed, {(e.u, e.v) for e in edges}, journal.path)
    return edges
