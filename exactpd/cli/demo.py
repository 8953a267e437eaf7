"""``exactpd demo``: the built-in example network, enumerated and a few points located."""

from __future__ import annotations

import argparse
import time

from exactpd.cli.options import check_outputs
from exactpd.cli.plot import save_figure
from exactpd.cli.report import locate_report, network_text, report_text, summary
from exactpd.enumeration import EnumerationStats, enumerate_regions
from exactpd.io import demo_network, save_network
from exactpd.plot import plot_partitions
from exactpd.rational import parse_point

__all__ = ["add", "run"]


_DEMO_POINTS = (("0", "0"), ("1/2", "3/2"), ("-1", "1/3"), ("5/4", "-1/3"))

_ZOOM = ((-2, -2), (2, 2))
"""The second panel of ``--plot``: where most regions of the demo network are."""


def add(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``exactpd demo [--plot FIG.png] [--save NET.json]``.

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
    >>> args = parser.parse_args(["demo", "--save", "net.json"])
    >>> args.save, args.run is run
    ('net.json', True)
    """
    parser = subparsers.add_parser(
        "demo",
        help="run on the built-in example network",
        description="Enumerate every region of the built-in 2-6-6-1 ReLU network over all of R^2, exactly, "
        "and locate a few points.",
    )
    parser.add_argument("--plot", metavar="FIG.png", help="also draw the partition there, whole and zoomed on [-2, 2]^2 (needs exactpd[plot])")
    parser.add_argument(
        "--save", metavar="NET.json", help="also write the demo network there, a network file for the other commands"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Enumerate the built-in network over all of R^2, print the summary and locate a few points.

    Parameters
    ----------
    args : argparse.Namespace
        From the parser :func:`add` declares.

    Returns
    -------
    int
        The exit status, 0.

    Raises
    ------
    InvalidOptionError
        A ``--plot`` or ``--save`` path that cannot be written.
    MissingDependencyError
        ``--plot`` without matplotlib.

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from exactpd.cli.main import main
    >>> folder = tempfile.mkdtemp()
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["demo", "--save", os.path.join(folder, "net.json")])
    >>> status, out.getvalue().splitlines()[9:12], os.path.exists(os.path.join(folder, "net.json"))
    (0, ['regions: 65', 'bounded: 43', 'edges: 113'], True)
    """
    check_outputs([("--plot", args.plot), ("--save", args.save)])
    net = demo_network()
    print("exactpd demo: the built-in example network")
    print(network_text(net))
    if args.save:
        save_network(net, args.save)
        print(f"wrote: {args.save}")
    stats = EnumerationStats()
    start = time.perf_counter()
    partition = enumerate_regions(net, stats=stats, progress=False)
    print()
    for line in summary(partition, stats, time.perf_counter() - start, f"R^{net.input_dim} (unbounded regions included)"):
        print(line)
    if args.plot:
        save_figure(plot_partitions([partition, partition], ["all of R²", "zoom on [-2, 2]²"],
                                    views=[None, _ZOOM], ncols=2), args.plot)
    for point in _DEMO_POINTS:
        print()
        print(report_text(locate_report(net, parse_point(",".join(point)))))
    return 0
