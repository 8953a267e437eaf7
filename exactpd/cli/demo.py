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
