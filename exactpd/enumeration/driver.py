"""Every region of a network's partition: the enumeration driver (paper Theorem 3, eq. 15).

The work is a tree.  Its root is the domain; a node is a cell of the
subdivision under construction, and a node's children are its cut by the
next :data:`UNITS_PER_CUT` units of its layer (paper Theorem 2: inside the
cell the layer's unit boundaries are hyperplanes of the input space), so a
wide layer is cut a few units at a time (the domain itself by
:data:`ROOT_UNITS` units first, so that layer 0 is cut in parallel at
once).  A node whose code is complete is a
region of Omega^(1..L) and is finished by certifying its facets
(:func:`exactpd.enumeration.lp_engine.final_facets`).  Each cut is a pure
function of its node, so the partition is the same, region for region,
however the tree is walked.

A *seed* is a node not yet cut.  A *task* takes a few seeds and walks their
subtrees depth first until it has made :data:`TASK_CUTS` cuts; it returns its
finished regions as plain integers (:class:`RegionFacts`) and the seeds it did
not reach.  Tasks run in the calling process, in worker processes of our own
(``jobs=N``: they ignore Ctrl-C, which the parent handles, and exit when the
parent dies, whatever killed it), or in any ``concurrent.futures`` executor
(a dask ``Client`` too).  Seeds cross between processes packed as integers
(:func:`_pack_cell`), tasks and answers as bytes; the parent only passes
seeds on, and builds the :class:`Region` of each finished region.

The journal protocol (a file format implements it: :mod:`exactpd.io.checkpoint`)
records, for every finished task, the seeds it took, the regions it finished
and the seeds it left; a rerun replays the records (every region and seed is
checked again exactly, in integers), and
continues from the seeds still open.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import logging
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Iterator, NamedTuple, Sequence

from exactpd.enumeration.adjacency import adjacency_edges
from exactpd.enumeration.edge_journal import journaled_edges
from exactpd.hints.engine import DEFAULT_ENGINE, EngineLike, get_engine
from exactpd.enumeration.lp_engine import Cell, final_facets_encoded, root_cell, subdivide, with_maps
from exactpd.enumeration.partition import Partition
from exactpd.enumeration.region import Region
from exactpd.enumeration.replay import RecordChecker, RegionFacts
from exactpd.enumeration.stats import EnumerationStats
from exactpd.errors import CertificationError, FileFormatError, InvalidDomainError, InvalidNetworkError, InvalidOptionError, WorkerError
from exactpd.kernel.polytope import HPolytope, _polytope, is_bounded, whole_space
from exactpd.kernel.simplex import integer_point
from exactpd.kernel.vertex_hint import VertexHint
from exactpd.network.layers import Network
from exactpd.network.maso import AffineMap, IntegerLayer, IntegerMap, integer_layer, maso_layers, output_map

__all__ = ["enumerate_regions", "iter_regions", "register_journal_format"]

log = logging.getLogger("exactpd")

UNITS_PER_CUT = 8
"""A node of the work tree is cut by this many units of its layer at once (fewer at a layer's end)."""

ROOT_UNITS = 2
"""The domain's first cut is by this many units only: its few children spread over the workers at once, so layer 0 runs in parallel."""

TASK_CUTS = 48
"""A task stops after this many cuts and facet computations, and hands back the seeds it did not reach."""

QUEUED_PER_WORKER = 2
"""Tasks sent ahead to each of our worker processes (one running, the next waiting in its pipe)."""

TASK_SEEDS = 8
"""A task of a parallel run takes at most this many seeds (fewer when there are fewer per free slot)."""

DASK_TASK_SCALE = 8
"""Tasks on a dask Client take this many times :data:`TASK_SEEDS` and :data:`TASK_CUTS`: each task costs dask milliseconds."""


@dataclass(frozen=True)
class _Context:
    """What every task needs besides its seeds (picklable)."""

    layers: tuple  # IntegerLayer per nonlinear layer
    bounded: bool  # the domain is bounded
    lp: object = "highs"  # the LP hint engine (a registered name or an engine: exactpd.hints.engine)


class _TaskResult(NamedTuple):
    regions: tuple  # RegionFacts
    seeds: tuple  # Cell: seeds not reached
    stats: EnumerationStats


def _ints_over_den(point: Sequence[Fraction]) -> tuple:
    numerators, den = integer_point(point)
    return (*numerators, den)


def _point(encoded: Sequence[int]) -> tuple:
    den = encoded[-1]
    return tuple(Fraction(v, den) for v in encoded[:-1])


def _region_facts(context: _Context, cell: Cell) -> RegionFacts:
    A, b, labels, points, witness = final_facets_encoded(cell, context.lp)
    bounded = context.bounded or is_bounded(HPolytope.from_primitive(A, b, dim=len(cell.witness)), context.lp)
    return RegionFacts(cell.code, A, b, labels, points, witness, bounded)


@contextlib.contextmanager
def _collector_paused(keep: bool = False):
    """Pause the cyclic garbage collector (unless ``keep``), and resume it as it was, even on an error.

    The LP engine and the driver make only acyclic objects (ints, tuples,
    Fractions, regions): the collector's passes over a growing partition
    free nothing, and cost the calling process of a parallel run about half
    its CPU.  ``keep`` is for a process that runs other code meanwhile (a
    dask client's event loop).
    """
    collecting = gc.isenabled() and not keep
    if collecting:
        gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _next_stop(layer: IntegerLayer, cell: Cell) -> int:
    start = len(cell.pieces)
    if not cell.code and not start:  # the domain
        return min(len(layer.slopes), ROOT_UNITS)
    return min(len(layer.slopes), (start // UNITS_PER_CUT + 1) * UNITS_PER_CUT)


def run_task(context: _Context, seeds: Sequence[Cell], budget: int) -> _TaskResult:
    """Walk the subtrees of ``seeds`` depth first for ``budget`` cuts (see the module doc)."""
    stats = EnumerationStats()
    n_layers = len(context.layers)
    stack = list(reversed(seeds))
    regions = []
    done = 0
    while stack and done < budget:
        cell = stack.pop()
        done += 1
        if len(cell.code) == n_layers:
            stats.facet_calls += 1
            regions.append(_region_facts(context, cell))
            continue
        layer = context.layers[len(cell.code)]
        children, work = subdivide(context.layers, cell, _next_stop(layer, cell), context.lp)
        stats.add(work)
        stack.extend(reversed(children))
    return _TaskResult(tuple(regions), tuple(reversed(stack)), stats)


# --------------------------------------------------------------------------- tasks as integers


def _pack_cell(cell: Cell) -> bytes:
    """A cell pickled as nested tuples of integers, its maps, box bound and float vertex hint included.

    The form in which seeds cross between processes (and stay in the calling
    process, which only passes them on): a worker cuts the cell exactly as the
    calling process would, the vertex hint (which guides the choice of
    certificates) included.
    """
    points = tuple(None if p is None else _ints_over_den(p) for p in cell.points)
    maps = tuple((m.G, m.h, m.den) for m in cell.maps)
    hint = None if cell.hint is None else (cell.hint.vertices, cell.hint.incidence, cell.hint.n_rows)
    fields = (cell.code, cell.A, cell.b, cell.labels, _ints_over_den(cell.witness), maps, cell.pieces, points, cell.bound, hint)
    return pickle.dumps(fields, pickle.HIGHEST_PROTOCOL)


def _unpack_cell(blob: bytes) -> Cell:
    """The :class:`Cell` of :func:`_pack_cell`."""
    code, A, b, labels, witness, maps, pieces, points, bound, hint = pickle.loads(blob)
    points = tuple(None if p is None else _point(p) for p in points)
    hint = None if hint is None else VertexHint(*hint)
    return Cell(code, A, b, labels, _point(witness), tuple(IntegerMap(*m) for m in maps), pieces, points, bound, hint)


_CONTEXTS: dict = {}
"""The contexts this process has unpickled, by their pickle (a worker unpickles a run's context once)."""


def _context_of(blob: bytes) -> _Context:
    context = _CONTEXTS.get(blob)
    if context is None:
        if len(_CONTEXTS) >= 4:
            del _CONTEXTS[next(iter(_CONTEXTS))]
        context = _CONTEXTS[blob] = pickle.loads(blob)
    return context


def run_encoded_task(context_blob: bytes, task_blob: bytes) -> bytes:
    """:func:`run_task` on pickled integers: the function worker processes and executors run.

    ``task_blob`` pickles ``(seeds, budget)``, the seeds packed by
    :func:`_pack_cell`; the answer pickles ``(regions, seeds left, stats)``,
    the regions as :class:`RegionFacts` and the seeds packed: no Fraction
    crosses between processes, and the context is unpickled once per process.
    """
    seeds, budget = pickle.loads(task_blob)
    result = run_task(_context_of(context_blob), [_unpack_cell(s) for s in seeds], budget)
    return pickle.dumps((result.regions, tuple(map(_pack_cell, result.seeds)), result.stats), pickle.HIGHEST_PROTOCOL)


# --------------------------------------------------------------------------- regions from facts


def _region(layers: tuple, out: AffineMap | None, facts: RegionFacts) -> Region:
    """The :class:`Region` of checked facts (its maps, output map and sites are derived on first access).

    The rows are primitive already (made by the engine, or checked against the
    network's primitive boundary rows on replay), so the polytope is built as it is.
    """
    return Region(
        facts.code, _polytope(facts.A, facts.b, len(facts.witness) - 1), facts.labels,
        tuple(map(_point, facts.points)), _point(facts.witness), facts.bounded, layers, out,
    )


# --------------------------------------------------------------------------- where tasks run


def resolve_jobs(jobs: int | None) -> int:
    """The number of worker processes for ``jobs``: None or 1 is none (the calling process), -1 every core.

    Raises
    ------
    InvalidOptionError
        ``jobs`` is 0, below -1, or not an integer.
    """
    if jobs is None:
        return 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs == 0 or jobs < -1:
        raise InvalidOptionError(f"jobs must be a positive number of processes, or -1 for every core; got {jobs!r}")
    if jobs == -1:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return jobs


def _watch_parent(parent: int) -> None:
    """Exit this worker as soon as its parent is gone (SIGKILL included)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            threading.Event().wait(0.5)

    threading.Thread(target=watch, daemon=True, name="exactpd-parent-watch").start()


def _worker_start(parent: int) -> None:
    # a forked worker holds a copy of its parent's objects (a whole partition, perhaps): frozen, the
    # collector never walks them again, which would cost time and copy their pages
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _watch_parent(parent)


def _pickled_error(err: Exception) -> bytes:
    """``err`` pickled with the worker's traceback as a note (as text, when it does not pickle back)."""
    err.add_note("in a worker process:\n" + "".join(traceback.format_exception(err)).rstrip())
    try:
        blob = pickle.dumps(err)
        pickle.loads(blob)
    except Exception:
        blob = pickle.dumps(RuntimeError("".join(traceback.format_exception(err)).rstrip()))
    return blob


def _worker_loop(conn, parent: int, context_blob: bytes) -> None:
    """A worker process: answer the tasks that come down ``conn``, in order, until an empty one (or the parent's end)."""
    _worker_start(parent)
    tasks: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_read_tasks, args=(conn, tasks), daemon=True, name="exactpd-task-reader").start()
    while task := tasks.get():
        try:
            answer = b"r" + run_encoded_task(context_blob, task)
        except Exception as err:  # the parent raises it
            answer = b"e" + _pickled_error(err)
        conn.send_bytes(answer)


def _read_tasks(conn, tasks: queue.SimpleQueue) -> None:
    """Move the tasks that come down ``conn`` to ``tasks`` as they come (so the parent never waits to send); b"" at the end."""
    try:
        while task := conn.recv_bytes():
            tasks.put(task)
    except EOFError:
        pass
    tasks.put(b"")


class _Workers:
    """Worker processes of our own (``jobs=N``), tasks and answers as bytes on pipes.

    Each worker gets the run's context once, when it starts, and has up to
    :data:`QUEUED_PER_WORKER` tasks sent to it, so it starts the next one as
    soon as it sends an answer.  No thread of the parent takes part: the
    parent sends tasks and waits on the pipes of the workers that have some.
    """

    def __init__(self, workers: int, context_blob: bytes) -> None:
        import multiprocessing

        start = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.workers, self.slots = workers, QUEUED_PER_WORKER * workers
        self.task_seeds, self.task_cuts = TASK_SEEDS, TASK_CUTS
        self._sent: dict = {}  # connection -> the seeds of the tasks sent to it, oldest first
        self._processes: dict = {}  # connection -> its worker process
        for _ in range(workers):
            mine, theirs = start.Pipe()
            process = start.Process(target=_worker_loop, args=(theirs, os.getpid(), context_blob), name="exactpd-worker", daemon=True)
            process.start()
            theirs.close()
            self._sent[mine] = collections.deque()
            self._processes[mine] = process

    def submit(self, task_blob: bytes, seeds) -> None:
        conn = min(self._sent, key=lambda c: len(self._sent[c]))
        conn.send_bytes(task_blob)
        self._sent[conn].append(seeds)

    def next(self) -> tuple:
        """The seeds and the answer of the next task to finish; a task's error is raised here."""
        from multiprocessing.connection import wait

        ready: list = []
        while not ready:  # a wait with a timeout lets Ctrl-C through
            ready = wait([conn for conn, sent in self._sent.items() if sent], timeout=0.2)
        conn = ready[0]
        try:
            answer = conn.recv_bytes()
        except EOFError:
            process = self._processes[conn]
            process.join(1)
            raise WorkerError(f"a worker process died (exit code {process.exitcode}) before it answered its task") from None
        seeds = self._sent[conn].popleft()
        if answer[:1] == b"e":
            raise pickle.loads(answer[1:])
        return seeds, memoryview(answer)[1:]

    def close(self, interrupted: bool) -> None:
        """Stop the workers: at once after an interrupt or an error, else once they have read the end of work."""
        for conn, process in self._processes.items():
            if not interrupted:
                try:
                    conn.send_bytes(b"")
                    continue
                except OSError:  # a worker that is gone already
                    pass
            process.terminate()
        for conn, process in self._processes.items():
            process.join()
            conn.close()


class _ExecutorRunner:
    """Any ``concurrent.futures``-style executor (or a dask Client): tasks go in as bytes, answers come back as bytes."""

    def __init__(self, executor, context_blob: bytes) -> None:
        self._context, self.task_seeds, self.task_cuts = context_blob, TASK_SEEDS, TASK_CUTS
        if hasattr(executor, "get_executor"):  # a dask Client
            self._context = executor.scatter(context_blob, broadcast=True, hash=False)  # to each worker once, not with every task
            self.task_seeds, self.task_cuts = DASK_TASK_SCALE * TASK_SEEDS, DASK_TASK_SCALE * TASK_CUTS
            executor = executor.get_executor(pure=False)  # tasks are not pure functions of their arguments' hash
        self._executor = executor
        self.workers = max(1, _executor_workers(executor))
        self.slots = 2 * self.workers
        self._pending: set = set()
        self._finished: queue.Queue = queue.Queue()

    def submit(self, task_blob: bytes, seeds) -> None:
        future = self._executor.submit(run_encoded_task, self._context, task_blob)
        self._pending.add(future)
        future.add_done_callback(lambda f: self._finished.put((seeds, f)))

    def next(self) -> tuple:
        """The seeds and the answer of the next task to finish; a task's error is raised here."""
        while True:  # a wait with a timeout lets Ctrl-C through
            try:
                seeds, future = self._finished.get(timeout=0.2)
                break
            except queue.Empty:
                continue
        self._pending.discard(future)
        return seeds, future.result()

    def close(self, interrupted: bool) -> None:
        """On an interrupt, cancel the tasks not started (the executor is the caller's: it stays open)."""
        if interrupted:
            for future in list(self._pending):
                future.cancel()
        self._context = None


def _executor_workers(executor) -> int:
    workers = getattr(executor, "_max_workers", None)
    if workers is None:
        client = getattr(executor, "_client", None)
        if client is not None:
            workers = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())
    return workers or 2


# --------------------------------------------------------------------------- the driver


_JOURNAL_FORMATS: list = []
"""The journal file formats that open a checkpoint path (registered by :mod:`exactpd.io.checkpoint`)."""


def register_journal_format(opener) -> None:
    """Let ``opener(path, net, domain, units_per_cut=...)`` open the journals of checkpoint paths.

    The file format lives in :mod:`exactpd.io` (above this package), so it
    registers itself here when it is imported, which ``import exactpd`` does;
    the driver knows only the journal's protocol (``record_task``, ...).

    Parameters
    ----------
    opener : callable
        Returns an open, locked journal for a checkpoint path.

    Returns
    -------
    None

    Examples
    --------
    >>> import exactpd
    >>> from exactpd.io.checkpoint import Journal
    >>> _JOURNAL_FORMATS[-1] == Journal.open
    True
    """
    if opener not in _JOURNAL_FORMATS:
        _JOURNAL_FORMATS.append(opener)


def _open_journal(checkpoint, net: Network, domain: HPolytope):
    """The journal of ``checkpoint``: a path (opened by the registered file format) or an object with the protocol."""
    if hasattr(checkpoint, "record_task"):
        return checkpoint
    if not _JOURNAL_FORMATS:  # pragma: no cover - import exactpd registers exactpd.io.checkpoint
        raise InvalidOptionError("no journal file format is registered: import exactpd (exactpd.io.checkpoint)")
    return _JOURNAL_FORMATS[-1](checkpoint, net, domain, units_per_cut=UNITS_PER_CUT)


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


def _seed_key(cell: Cell) -> tuple:
    return (cell.code, cell.pieces)


def _progress_bar(enabled: bool | None, initial: int):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(desc="regions", unit="region", initial=initial, leave=False, dynamic_ncols=True)


class _Replay(NamedTuple):
    regions: list  # RegionFacts
    open: dict  # seed key -> Cell


def _replay(journal, context: _Context, domain: HPolytope, root: Cell) -> _Replay:
    """Replay a journal's records, checking each exactly; errors name the journal and the line."""
    check = RecordChecker(context.layers, context.bounded, domain, context.lp)
    regions: list = []
    open_seeds = {_seed_key(root): root}
    for line, taken, found, left in journal.records():
        where = f"{journal.path}: line {line}"
        try:
            for key in taken:
                if key not in open_seeds:
                    raise CertificationError(f"{where}: a task took a seed that is not open: {key!r}")
                del open_seeds[key]
            for facts in found:
                check.region(facts, where)
                regions.append(facts)
            for seed in left:
                check.seed(seed, where)
                open_seeds[_seed_key(seed)] = replace(with_maps(context.layers, seed), bound=root.bound)  # the domain's box, as fresh seeds have it
        except CertificationError as err:
            raise FileFormatError(f"{err} (the journal is damaged or was written by other software; remove it to start over)") from None
    return _Replay(regions, open_seeds)


def iter_regions(
    net: Network,
    domain: HPolytope | None = None,
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    checkpoint=None,
    progress: bool | None = None,
    stats: EnumerationStats | None = None,
    lp: EngineLike = DEFAULT_ENGINE,
) -> Iterator[Region]:
    """Yield every full-dimensional region of ``net``'s partition inside ``domain`` (Theorem 3, eq. 15).

    Regions come out in the order tasks finish them (replayed ones first);
    :func:`enumerate_regions` sorts them by code.  ``checkpoint`` is a path: work
    finished there is not redone, and new work is appended as it finishes.
    See :func:`enumerate_regions` for the parameters.

    Parameters
    ----------
    net : Network
        The network.
    domain : HPolytope, optional
        A full-dimensional polytope of the input dimension; default all of R^D.
    jobs : int, optional
        Worker processes, as for :func:`enumerate_regions`.
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Any executor instead of ``jobs``.
    checkpoint : path, optional
        A journal (:mod:`exactpd.io.checkpoint`) to resume from and append to.
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    stats : EnumerationStats, optional
        Filled with counts of the work done.
    lp : str or LPEngine, default "highs"
        The LP hint engine (:mod:`exactpd.hints.engine`).

    Yields
    ------
    Region
        Each region once, certified (the LP engine; edges are not computed).

    Raises
    ------
    InvalidDomainError
        The domain is not a polytope of the input dimension, or has no interior.
    FileFormatError
        The checkpoint is damaged, of an older format, or of another network or domain.
    JournalInUseError
        Another run holds the checkpoint.

    Notes
    -----
    Paper Theorem 3 / eq. (15): each region of Omega^(1..l-1) is subdivided by
    layer l's power diagram restricted to it (Theorem 2).

    While the regions are made (in this process or in ``jobs`` workers), the
    cyclic garbage collector is paused, also while the caller's loop body
    runs; it is resumed as it was when the iteration ends or stops.  With an
    ``executor`` it is left running (a dask client runs its event loop here).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> sorted(region.code for region in iter_regions(net, box([-2, -2], [2, 2])))
    [((0, 0),), ((0, 1),), ((1, 0),), ((1, 1),)]
    """
    dom = _domain_polytope(net, domain)
    workers = resolve_jobs(jobs)
    layers, out = maso_layers(net), output_map(net)
    context = _Context(tuple(integer_layer(layer) for layer in layers), is_bounded(dom, get_engine(lp)), lp)
    masos = tuple(layers)

    def build(facts: RegionFacts) -> Region:
        return _region(masos, out, facts)

    stats = stats if stats is not None else EnumerationStats()
    journal = _open_journal(checkpoint, net, dom) if checkpoint is not None else None
    runner = bar = None
    interrupted = True
    try:
        root = root_cell(dom, lp)
        if journal is not None:
            replayed = _replay(journal, context, dom, root)
            if replayed.regions or _seed_key(root) not in replayed.open:
                log.info(
                    "%s: reusing %d finished regions (checked again exactly); %d cells still to cut",
                    journal.path, len(replayed.regions), len(replayed.open),
                )
            open_seeds = list(replayed.open.values())
            for facts in replayed.regions:
                yield build(facts)
            initial = len(replayed.regions)
        else:
            open_seeds, initial = [root], 0
        bar = _progress_bar(progress, initial)
        if executor is not None:
            runner = _ExecutorRunner(executor, pickle.dumps(context, pickle.HIGHEST_PROTOCOL))
        elif workers > 1:
            runner = _Workers(workers, pickle.dumps(context, pickle.HIGHEST_PROTOCOL))
        with _collector_paused(isinstance(runner, _ExecutorRunner)):
            if runner is None:
                while open_seeds:
                    seeds = [open_seeds.pop()]
                    result = run_task(context, seeds, TASK_CUTS)
                    yield from _finish(result, seeds, journal, build, stats, bar, open_seeds)
            else:
                yield from _run_parallel(runner, open_seeds, journal, build, stats, bar)
        interrupted = False
    finally:
        if bar is not None:
            bar.close()
        if runner is not None:
            runner.close(interrupted)
        if journal is not None:
            journal.close()


def _finish(result: _TaskResult, seeds, journal, build, stats, bar, open_seeds: list):
    """Record one finished task, queue its seeds, yield its regions."""
    if journal is not None:
        journal.record_task([_seed_key(s) for s in seeds], result.regions, result.seeds)
    stats.add(result.stats)
    open_seeds.extend(result.seeds)
    if bar is not None:
        bar.update(len(result.regions))
        bar.set_postfix_str(f"{len(open_seeds)} cells to cut", refresh=False)
    for facts in result.regions:
        yield build(facts)


def _run_parallel(runner, open_seeds: list, journal, build, stats, bar):
    """Keep ``runner``'s slots busy with tasks of the open seeds; record each finished task, yield its regions.

    Seeds stay packed (:func:`_pack_cell`) in the parent: it only passes them
    on (and unpacks them for the journal, when there is one).
    """
    pending = [_pack_cell(seed) for seed in open_seeds]
    in_flight = _feed(runner, pending, 0)
    while in_flight:
        taken, answer = runner.next()
        regions, left, task_stats = pickle.loads(answer)
        pending.extend(left)
        in_flight = _feed(runner, pending, in_flight - 1)  # the idle worker first, the bookkeeping after
        if journal is not None:
            journal.record_task([_seed_key(_unpack_cell(s)) for s in taken], regions, [_unpack_cell(s) for s in left])
        stats.add(task_stats)
        if bar is not None:
            bar.update(len(regions))
            bar.set_postfix_str(f"{len(pending)} cells to cut", refresh=False)
        for facts in regions:
            yield build(facts)


def _feed(runner, pending: list, in_flight: int) -> int:
    """Submit tasks of pending seeds while ``runner`` has free slots; returns the number of tasks in flight.

    A task takes a share of the pending seeds (the deepest first) and
    ``runner.task_cuts`` cuts; while there is too little work to keep every
    worker busy, a task takes one seed, cuts it once and hands its children
    back, so the work spreads.
    """
    while pending and in_flight < runner.slots:
        share = max(1, min(runner.task_seeds, len(pending) // runner.slots))
        seeds = [pending.pop() for _ in range(share)]
        budget = runner.task_cuts if len(pending) + in_flight >= runner.workers else 1
        runner.submit(pickle.dumps((seeds, budget), pickle.HIGHEST_PROTOCOL), seeds)
        in_flight += 1
    return in_flight


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
    engine: str = "auto",
    lp: EngineLike | None = None,
    device=None,
):
    """Every full-dimensional region of the partition of ``net`` inside ``domain``, exactly.

    Parameters
    ----------
    net : Network
    domain : HPolytope, optional
        A box (:func:`exactpd.box`) or any full-dimensional polytope; default all of R^D
        (unbounded regions included).
    jobs : int, optional
        Worker processes: None or 1 runs in the calling process, N > 1 in N
        processes, -1 in one process per core.  Workers ignore Ctrl-C (the
        caller gets the KeyboardInterrupt; finished work is in the checkpoint)
        and exit when the calling process dies.
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Any executor instead of ``jobs`` (e.g. a ``Client(LocalCluster(...))``).
        The result is identical, region for region, whatever runs the tasks.
    checkpoint : path, optional
        A journal (:mod:`exactpd.io.checkpoint`): an interrupted run resumes from
        it without redoing finished work or losing any region.  One run at a
        time may use a journal.
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    edges : bool
        Also compute the certified adjacency edges (see :mod:`exactpd.enumeration.adjacency`).
    stats : EnumerationStats, optional
        Filled with counts of the work done; ``stats.engine`` says which engine ran.
    engine : {"auto", "complex", "lp"}
        ``"lp"``: the per-region LP engine (:mod:`exactpd.enumeration.lp_engine`);
        ``"complex"``: the exact polyhedral-complex engine
        (:mod:`exactpd.enumeration.complex_engine`, one process, no checkpoint;
        ``jobs`` and ``executor`` are not used); ``"auto"``: the complex engine
        unless a unit has more than two pieces or a checkpoint is given
        (:func:`exactpd.enumeration.complex_engine.choose_engine`).  Both return
        the same regions, rows, labels, bounded flags and edges.
    lp : str or LPEngine, optional
        The LP hint engine of the LP engine and of the edges: ``"highs"`` (the
        default), ``"cvxpy"``, ``"exact"`` (no float at all) or any registered
        engine (:mod:`exactpd.hints.engine`).  Given with ``engine="auto"``, it
        selects the LP engine.  Every LP engine gives the same partition.
    device : str or torch.device, optional
        The complex engine's float filter runs with torch in float64 on this
        device ("cpu", "cuda", ...; default None: numpy on the CPU); its exact
        stage runs on the CPU, and the partition is the same (docs/complex-engine.md).

    Returns
    -------
    Partition
        ``len()`` is the number of regions; regions are sorted by code.  With the
        complex engine, ``partition.complex`` is its exact polyhedral complex.

    Raises
    ------
    InvalidDomainError
        The domain is not a polytope of the input dimension, or has no interior.
    FileFormatError
        The checkpoint is damaged, of an older format, or of another network or domain.

    Notes
    -----
    Paper Theorem 3 / eq. (15): each region of Omega^(1..l-1) is subdivided by
    layer l's power diagram restricted to it (Theorem 2).

    Examples
    --------
    >>> import exactpd as epd
    >>> len(enumerate_regions(epd.demo_network(), epd.box([-1, -1], [1, 1]), edges=False))
    41
    """
    from exactpd.enumeration.complex_engine import choose_engine, enumerate_complex

    dom = _domain_polytope(net, domain)
    if lp is not None and engine == "auto":
        engine = "lp"
    lp = DEFAULT_ENGINE if lp is None else lp
    get_engine(lp)  # an unknown engine is refused before any work
    if choose_engine(net, engine, checkpoint=checkpoint is not None) == "complex":
        return enumerate_complex(net, dom, with_edges=edges, stats=stats, progress=progress, device=device)
    if stats is not None:
        stats.engine = "lp"
    regions = list(iter_regions(net, domain, jobs=jobs, executor=executor, checkpoint=checkpoint, progress=progress, stats=stats, lp=lp))
    return partition_from_regions(net, domain, regions, edges=edges, lp=lp, progress=progress, checkpoint=checkpoint)


def partition_from_regions(
    net: Network, domain: HPolytope | None, regions: Sequence[Region], *, edges: bool = True, lp: EngineLike = DEFAULT_ENGINE,
    progress: bool | None = None, checkpoint=None,
) -> Partition:
    """The :class:`Partition` of every region :func:`iter_regions` yielded: sorted by code, edges computed unless ``edges=False``.

    With ``checkpoint`` (the run's journal), the edges found are appended to it
    region by region and a rerun reuses them (:mod:`exactpd.enumeration.edge_journal`).
    """
    regions = sorted(regions, key=lambda r: r.code)
    dom = _domain_polytope(net, domain)
    if not edges:
        found: tuple = ()
    elif checkpoint is None:
        found = adjacency_edges(regions, net, engine=lp, progress=progress)
    else:
        journal = _open_journal(checkpoint, net, dom)
        try:
            found = journaled_edges(regions, net, journal, engine=lp, progress=progress)
        finally:
            if journal is not checkpoint:
                journal.close()
    return Partition(net, dom, tuple(regions), found)
