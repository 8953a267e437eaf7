"""``exactpd enumerate NET -o OUT.json``: every region, exactly, with the adjacency graph."""

from __future__ import annotations

import argparse
import time

from exactpd.cli.options import add_domain_options, domain_of, domain_text
from exactpd.cli.report import summary
from exactpd.enumeration import EnumerationStats, enumerate_regions
from exactpd.io import load_model, save_partition, write_graphml

__all__ = ["add", "run"]


def add(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "enumerate",
        help="list every region of a network's partition, exactly, with the adjacency graph",
        description="Enumerate every full-dimensional region of the network's input-space partition inside the "
        "domain by power-diagram subdivision (paper Theorem 3), every region and edge certified in exact arithmetic.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    add_domain_options(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.json", help="write the partition file here")
    parser.add_argument("--graphml", metavar="FILE", help="also write the adjacency graph as GraphML")
    parser.add_argument("--checkpoint", metavar="FILE", help="journal of finished work; a rerun resumes from it")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    net = load_model(args.network)
    domain = domain_of(args, net)
    stats = EnumerationStats()
    start = time.perf_counter()
    partition = enumerate_regions(
        net, domain, jobs=args.jobs, checkpoint=args.checkpoint, progress=False if args.no_progress else None, stats=stats
    )
    seconds = time.perf_counter() - start
    save_partition(partition, args.output)
    if args.graphml:
        write_graphml(partition, args.graphml)
    for line in summary(partition, stats, seconds, domain_text(domain, args, net)):
        print(line)
    print(f"wrote: {args.output}" + (f", {args.graphml}" if args.graphml else ""))
    return 0
