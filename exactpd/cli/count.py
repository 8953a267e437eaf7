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
    """Declare ``exactpd count NET [--box LO HI | --domain POLY.json] [run options]``.

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
    >>> args = parser.parse_args(["count", "net.json", "--box", "-1 1"])
    >>> args.network, args.run is run
    ('net.json', True)
    """
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
    """Enumerate the regions (no edges) and print their exact number.

    Parameters
    ----------
    args : argparse.Namespace
        From the parser :func:`add` declares.

    Returns
    -------
    int
        The exit status: 0, or 130 when interrupted.

    Raises
    ------
    FileFormatError, InvalidNetworkError
        An unreadable model (the command line prints the message and exits with 2).
    InvalidDomainError
        An unusable ``--box`` or ``--domain``.

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from importlib.resources import files
    >>> from exactpd.cli.main import main
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["count", demo, "--box", "-1", "1"])
    >>> status, out.getvalue()
    (0, '41\\n')
    """
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
