"""``exactpd count NET``: the exact number of regions, nothing else computed (no edges) and nothing written."""

from __future__ import annotations

import argparse
import sys
import time

from exactpd.cli.enumerate import collect
from exactpd.cli.options import add_domain_options, add_run_options, check_outputs, domain_of, domain_text, setup_logging
from exactpd.cli.report import summary
from exactpd.enumeration import EnumerationStats
from exactpd.io import load_model

__all__ = ["add", "run"]


def add(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "count",
        help="the exact number of regions (no edges, nothing written)",
        description="Count every full-dimensional region of the network's partition inside the domain, exactly "
        "(each region certified as in 'exactpd enumerate'), and print the number. No edges are computed and "
        "nothing is written, except the journal of --checkpoint if given. -v also prints a summary on stderr.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    add_domain_options(parser)
    add_run_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    setup_logging(args)
    net = load_model(args.network)
    domain = domain_of(args, net)
    check_outputs([("--checkpoint", args.checkpoint)], [args.network])
    stats = EnumerationStats()
    start = time.perf_counter()
    partition = collect(args, net, domain, stats, edges=False)
    if partition is None:
        return 130
    print(len(partition))
    if args.verbose:
        for line in summary(partition, stats, time.perf_counter() - start, domain_text(domain, args, net)):
            print(line, file=sys.stderr)
    return 0
