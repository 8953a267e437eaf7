"""Every region of a network's partition: the enumeration driver (paper Theorem 3, eq. 15).

The driver runs an engine's per-cell work layer by layer: the subdivisions of
different parent regions are independent, so they run through any
``concurrent.futures``-style executor; finished work can be recorded in a
checkpoint journal and a later run resumes from it; the adjacency edges are
computed last (:mod:`exactpd.enumeration.adjacency`).
"""

from __future__ import annotations

import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterator

from exactpd.enumeration.adjacency import adjacency_edges
from exactpd.enumeration.lp_engine import Cell, with_maps, finalize, root_cell, subdivide
from exactpd.enumeration.partition import Partition
from exactpd.enumeration.region import Region
from exactpd.enumeration.stats import EnumerationStats
from exactpd.errors import InvalidDomainError, InvalidNetworkError
from exactpd.kernel.polytope import HPolytope, is_bounded, whole_space
from exactpd.network.layers import Network
from exactpd.network.maso import integer_layer, maso_layers, output_map

__all__ = ["enumerate_regions", "iter_regions"]


def _open_journal(checkpoint, net: Network, domain: HPolytope):
    """The journal of ``checkpoint``: a path (a JSON-lines file, :mod:`exactpd.io.checkpoint`) or an open journal."""
    if hasattr(checkpoint, "record_region"):
        return checkpoint
    from exactpd.io.checkpoint import Journal  # the file format lives in io; the driver only needs its protocol

    return Journal.open(checkpoint, net, domain)


def _domain_polytope(net: Network, domain) -> HPolytope:
    if not isinstance(net, Network):
        raise InvalidNetworkError(f"expected a Network (see exactpd.load_network), got {type(net).__name__}")
    if domain is None:
        return whole_space(net.input_dim)
    if not isinstance(domain, HPolytope):
        raise InvalidDomainError(f"domain must be an HPolytope (see exactpd.box), got {type(domain).__name__}")
    if domain.dim != net.input_dim:
        raise InvalidDomainError(f"the domain has dimension {domain.dim}, the network input has {net.input_dim}")
    return domain


@dataclass(frozen=True)
class _Task:
    """A picklable ``cell -> fn(*args, cell)`` for process pools."""

    fn: object
    layers_args: tuple

    def __call__(self, cell: Cell):
        return self.fn(*self.layers_args, cell)


def _progress_bar(total: int, desc: str, enabled: bool | None):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="region", leave=False)


def _map_cells(fn, cells: list[Cell], executor: Executor | None, on_result) -> None:
    """Apply ``fn`` to every cell, through ``executor`` if given, calling ``on_result(cell, result)`` in order."""
    if executor is None or len(cells) < 2:
        for cell in cells:
            on_result(cell, fn(cell))
        return
    chunk = 256  # results are recorded (checkpoint, progress) batch by batch
    for start in range(0, len(cells), chunk):
        batch = cells[start : start + chunk]
        for cell, result in zip(batch, executor.map(fn, batch, chunksize=8)):
            on_result(cell, result)


def iter_regions(
    net: Network,
    domain: HPolytope | None = None,
    *,
    executor: Executor | None = None,
    checkpoint=None,
    progress: bool | None = None,
    stats: EnumerationStats | None = None,
) -> Iterator[Region]:
    """Yield every full-dimensional region of ``net``'s partition inside ``domain`` (Theorem 3, eq. 15).

    Regions come out in the order the subdivision finishes them;
    :func:`enumerate_regions` sorts them by code.  ``checkpoint`` is a path: work
    finished there is not redone, and new work is appended as it finishes.
    """
    dom = _domain_polytope(net, domain)
    layers, out = maso_layers(net), output_map(net)
    int_layers = tuple(integer_layer(layer) for layer in layers)
    stats = stats if stats is not None else EnumerationStats()
    journal = _open_journal(checkpoint, net, dom) if checkpoint is not None else None
    try:
        frontier = [root_cell(dom)]
        for index in range(len(layers)):
            bar = _progress_bar(len(frontier), f"layer {index}", progress)
            done: dict[tuple, list[Cell]] = {}
            todo = []
            for cell in frontier:
                recorded = journal.children(cell.code) if journal is not None else None
                if recorded is None:
                    todo.append(cell)
                else:
                    done[cell.code] = [with_maps(int_layers, Cell(*fields)) for fields in recorded]

            def keep(cell: Cell, result) -> None:
                children, work = result
                stats.add(work)
                done[cell.code] = children
                if journal is not None:
                    journal.record_children(cell.code, children)
                if bar is not None:
                    bar.update(1)

            if bar is not None:
                bar.update(len(frontier) - len(todo))
            _map_cells(_Task(subdivide, (int_layers,)), todo, executor, keep)
            if bar is not None:
                bar.close()
            frontier = [child for cell in frontier for child in done[cell.code]]
        bar = _progress_bar(len(frontier), "regions", progress)
        pending = []
        for cell in frontier:
            region = journal.region(cell.code) if journal is not None else None
            if region is None:
                pending.append(cell)
            else:
                if bar is not None:
                    bar.update(1)
                yield region
        finished: list[Region] = []

        def keep_region(cell: Cell, region: Region) -> None:
            stats.facet_calls += 1
            if journal is not None:
                journal.record_region(region)
            if bar is not None:
                bar.update(1)
            finished.append(region)

        bounded = is_bounded(dom)
        _map_cells(_Task(finalize, (int_layers, out, bounded)), pending, executor, keep_region)
        if bar is not None:
            bar.close()
        yield from finished
    finally:
        if journal is not None:
            journal.close()


def enumerate_regions(
    net: Network,
    domain: HPolytope | None = None,
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    checkpoint=None,
    progress: bool | None = None,
    edges: bool = True,
    stats: EnumerationStats | None = None,
):
    """Every full-dimensional region of the partition of ``net`` inside ``domain``, exactly.

    Parameters
    ----------
    net : Network
    domain : HPolytope, optional
        A box (:func:`exactpd.box`) or any full-dimensional polytope; default all of R^D
        (unbounded regions included).
    jobs : int, optional
        Run the subdivisions of different parent regions in this many processes.
    executor : concurrent.futures.Executor, optional
        Any executor instead (e.g. ``dask.distributed.Client(...).get_executor()``).
        The result is identical, region for region, whatever the executor.
    checkpoint : path, optional
        A JSON-lines journal: an interrupted run resumes from it without redoing
        finished work or losing any region.
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    edges : bool
        Also compute the certified adjacency edges (see :mod:`exactpd.enumeration.adjacency`).
    stats : EnumerationStats, optional
        Filled with counts of the work done.

    Returns
    -------
    Partition
        ``len()`` is the number of regions; regions are sorted by code.

    Raises
    ------
    InvalidDomainError
        The domain is not a polytope of the input dimension, or has no interior.

    Notes
    -----
    Paper Theorem 3 / eq. (15): each region of Omega^(1..l-1) is subdivided by
    layer l's power diagram restricted to it (Theorem 2).
    """
    own = ProcessPoolExecutor(max_workers=jobs) if executor is None and jobs is not None and jobs > 1 else None
    try:
        regions = list(
            iter_regions(net, domain, executor=executor or own, checkpoint=checkpoint, progress=progress, stats=stats)
        )
    finally:
        if own is not None:
            own.shutdown()
    regions.sort(key=lambda r: r.code)
    dom = _domain_polytope(net, domain)
    found = adjacency_edges(regions, net) if edges else ()
    return Partition(net, dom, tuple(regions), found)
