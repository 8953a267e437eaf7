"""``exactpd enumerate NET -o OUT.json``: every region, exactly, with the adjacency graph; made for long runs.

Every output path is checked before any work; ``-o -`` writes the partition
JSON to stdout (the summary then goes to stderr); files are written atomically
(:mod:`exactpd.io.atomic`).  With ``--checkpoint FILE`` finished work is
journaled as it is done and a rerun of the same command resumes from it.
Ctrl-C stops the run and every worker, prints one line (what is saved and the
command that resumes) and exits with status 130.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import shlex
import signal
import sys
import time

from exactpd.cli.options import add_domain_options, add_run_options, check_outputs, domain_of, domain_text, progress_of, setup_logging
from exactpd.cli.report import summary
from exactpd.enumeration import EnumerationStats
from exactpd.enumeration.complex_engine import choose_engine
from exactpd.enumeration.driver import enumerate_regions, iter_regions, partition_from_regions, resolve_jobs
from exactpd.hints.engine import DEFAULT_ENGINE, ENGINES as LP_ENGINES
from exactpd.enumeration.partition import Partition
from exactpd.errors import InvalidOptionError, MissingDependencyError
from exactpd.io import load_model, partition_to_dict, save_partition, write_graphml
from exactpd.kernel.polytope import HPolytope
from exactpd.network.layers import Network

__all__ = ["add", "collect", "run"]

log = logging.getLogger("exactpd")


def add(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``exactpd enumerate NET [domain options] -o OUT.json [--graphml FILE] [--no-edges] [--lp ENGINE] [run options]``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``exactpd`` parser's subcommands.

    Returns
    -------
    None
        The subcommand's parser has ``run`` (:func:`run`) as its default.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add(parser.add_subparsers())
    >>> args = parser.parse_args(["enumerate", "net.json", "-o", "regions.json", "--no-edges"])
    >>> args.no_edges, args.run is run
    (True, True)
    """
    parser = subparsers.add_parser(
        "enumerate",
        help="list every region of a network's partition, exactly, with the adjacency graph",
        description="Enumerate every full-dimensional region of the network's input-space partition inside the "
        "domain by power-diagram subdivision (paper Theorem 3), every region and edge certified in exact arithmetic. "
        "Output paths are checked before the work starts; an existing output file is replaced whole when the new one "
        "is complete. Ctrl-C stops cleanly (exit status 130) and, with --checkpoint, the same command resumes.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    add_domain_options(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.json", help="write the partition file here ('-': stdout)")
    parser.add_argument("--graphml", metavar="FILE", help="also write the adjacency graph as GraphML")
    parser.add_argument("--no-edges", action="store_true", help="regions only: skip the adjacency edges")
    parser.add_argument(
        "--lp", choices=list(LP_ENGINES), default=None,
        help="the LP hint engine of the LP engine and of the edges (default highs; exact: no float at all); "
        "selects the LP engine when --engine is auto. Every choice gives the same partition",
    )
    parser.add_argument(
        "--device", default=None, metavar="DEVICE",
        help="the complex engine's float filter runs with torch in float64 on this device (cpu, cuda, cuda:1, ...); "
        "default: numpy on the CPU. The exact stage runs on the CPU; the partition is the same",
    )
    add_run_options(parser)
    parser.set_defaults(run=run)


@contextlib.contextmanager
def _executor(args: argparse.Namespace):
    """A dask Client on a LocalCluster of --jobs workers with --dask, else None (the driver's own processes)."""
    if not args.dask:
        yield None
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise MissingDependencyError(
            "--dask needs dask.distributed: pip install 'exactpd[distributed]' (in a clone: pip install '.[distributed]')"
        ) from None
    workers = resolve_jobs(args.jobs)
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker processes start ignoring Ctrl-C: it is ours
    try:  # CRITICAL: a worker that outlives the scheduler on Ctrl-C logs its failed heartbeat at ERROR, with a traceback
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
        )
    finally:
        signal.signal(signal.SIGINT, handler)
    with cluster, Client(cluster) as client:
        yield client


def _engine(args: argparse.Namespace, net: Network) -> str:
    """The engine that runs: --engine, where "auto" means the LP engine for --checkpoint, --jobs N > 1 or --dask."""
    checkpoint = getattr(args, "checkpoint", None) is not None
    if args.engine == "auto" and (args.dask or resolve_jobs(args.jobs) > 1 or getattr(args, "lp", None) is not None):
        return "lp"  # the complex engine runs in one process and solves no LP
    return choose_engine(net, args.engine, checkpoint=checkpoint)


def _lp(args: argparse.Namespace) -> str:
    """The LP hint engine of ``--lp`` (default highs)."""
    return getattr(args, "lp", None) or DEFAULT_ENGINE


def collect(args: argparse.Namespace, net: Network, domain: HPolytope | None, stats: EnumerationStats, *, edges: bool) -> Partition | None:
    """Run the enumeration the options describe; on Ctrl-C print what is saved and return None.

    Parameters
    ----------
    args : argparse.Namespace
        The options of :func:`~exactpd.cli.options.add_run_options` (``--lp`` too, for ``enumerate``).
    net : Network
        The network.
    domain : HPolytope or None
        The domain (None: all of R^D).
    stats : EnumerationStats
        Filled with counts of the work done.
    edges : bool
        Also compute the adjacency edges.

    Returns
    -------
    Partition or None
        None when interrupted by Ctrl-C.

    Examples
    --------
    >>> import argparse
    >>> import exactpd as epd
    >>> from exactpd.cli.options import add_run_options
    >>> parser = argparse.ArgumentParser()
    >>> add_run_options(parser)
    >>> args = parser.parse_args(["--quiet"])
    >>> stats = epd.EnumerationStats()
    >>> len(collect(args, epd.demo_network(), epd.box([-1, -1], [1, 1]), stats, edges=False)), stats.engine
    (41, 'complex')
    """
    regions: list = []
    phase = "regions"
    try:
        engine = _engine(args, net)
        log.debug("engine: %s", engine)
        if engine == "complex":
            return enumerate_regions(
                net, domain, engine="complex", edges=edges, stats=stats, progress=progress_of(args), device=getattr(args, "device", None)
            )
        with _executor(args) as executor:
            found = iter_regions(
                net, domain, jobs=None if executor is not None else args.jobs, executor=executor,
                checkpoint=getattr(args, "checkpoint", None), progress=progress_of(args), stats=stats, lp=_lp(args),
            )
            with contextlib.closing(found):
                regions.extend(found)
        phase = "edges"
        if edges:
            log.debug("computing the adjacency edges of %d regions", len(regions))
        return partition_from_regions(
            net, domain, regions, edges=edges, lp=_lp(args), progress=progress_of(args), checkpoint=getattr(args, "checkpoint", None)
        )
    except KeyboardInterrupt:
        print(_interrupted(args, len(regions), phase), file=sys.stderr)
        return None


def _interrupted(args: argparse.Namespace, n_regions: int, phase: str) -> str:
    checkpoint = getattr(args, "checkpoint", None)
    if checkpoint is None:
        return f"exactpd: interrupted: nothing was saved ({n_regions} regions found); add --checkpoint FILE to make the run resumable"
    again = {"edges": " with the edges found so far", "writing": "; the output files were not all written"}.get(phase, "")
    return (
        f"exactpd: interrupted: {n_regions} regions are saved in {checkpoint}{again}; "
        f"resume with: {shlex.join(['exactpd', *getattr(args, 'argv', [])])}"
    )


def _write(args: argparse.Namespace, partition) -> None:
    """Write the partition file (``-o -``: JSON on stdout) and the GraphML file ``--graphml`` asks for."""
    if args.output == "-":
        json.dump(partition_to_dict(partition), sys.stdout, indent=1)
        sys.stdout.write("\n")
        sys.stdout.flush()
    else:
        save_partition(partition, args.output)
    if args.graphml:
        write_graphml(partition, args.graphml)


def run(args: argparse.Namespace) -> int:
    """Enumerate the partition, write the partition file (and GraphML), and print a summary.

    Parameters
    ----------
    args : argparse.Namespace
        From the parser :func:`add` declares.

    Returns
    -------
    int
        The exit status: 0, or 130 when interrupted (what was saved is printed on stderr).

    Raises
    ------
    FileFormatError, InvalidNetworkError
        An unreadable model (the command line prints the message and exits with 2).
    InvalidDomainError
        An unusable ``--box`` or ``--domain``.
    InvalidOptionError
        ``--graphml`` with ``--no-edges``, or an output path that cannot be written.

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from importlib.resources import files
    >>> from exactpd.cli.main import main
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["enumerate", demo, "--box", "-1", "1", "-o", os.path.join(tempfile.mkdtemp(), "regions.json")])
    >>> status, out.getvalue().splitlines()[2:5]
    (0, ['regions: 41', 'bounded: 41', 'edges: 65'])
    """
    setup_logging(args)
    if args.no_edges and args.graphml:
        raise InvalidOptionError("--graphml needs the edges: drop --no-edges")
    net = load_model(args.network)
    domain = domain_of(args, net)
    check_outputs([("-o", args.output), ("--graphml", args.graphml), ("--checkpoint", args.checkpoint)], [args.network])
    stats = EnumerationStats()
    start = time.perf_counter()
    partition = collect(args, net, domain, stats, edges=not args.no_edges)
    if partition is None:
        return 130
    seconds = time.perf_counter() - start
    try:
        _write(args, partition)
    except KeyboardInterrupt:  # the files are written atomically: each is whole, old or new
        print(_interrupted(args, len(partition), "writing"), file=sys.stderr)
        return 130
    if not args.quiet:
        text = sys.stderr if args.output == "-" else sys.stdout
        for line in summary(partition, stats, seconds, domain_text(domain, args, net)):
            print(line, file=text)
        written = [p for p in (args.output, args.graphml) if p not in (None, "-")]
        if written:
            print("wrote: " + ", ".join(written), file=text)
    return 0
