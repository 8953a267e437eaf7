"""``exactpd locate NET --point P``: the code, boundary status and per-layer sites of one point."""

from __future__ import annotations

import argparse
import json

from exactpd.cli.report import locate_report, report_text
from exactpd.io import load_model
from exactpd.rational import parse_point

__all__ = ["add", "run"]


def add(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``exactpd locate NET --point P [--json]``.

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
    >>> args = parser.parse_args(["locate", "net.json", "--point", "1/2,-1"])
    >>> args.point, args.run is run
    ('1/2,-1', True)
    """
    parser = subparsers.add_parser(
        "locate",
        help="the code, boundary status and per-layer power-diagram sites of one point",
        description="Locate one input point exactly: its activation code, whether it lies on a region "
        "boundary, and for every nonlinear layer the centroid and power weight of its power-diagram site.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (see docs/network-format.md)")
    parser.add_argument(
        "--point", required=True, help='the point, "p1,p2,...", each an exact number such as 3, -1/2 or 0.1',
    )
    parser.add_argument("--json", action="store_true", help="print JSON; every number is an exact string")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the code, boundary status, per-layer sites and output of the point (text or JSON).

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
    FileFormatError, InvalidNetworkError
        An unreadable model (the command line prints the message and exits with 2).
    InvalidNumberError
        A ``--point`` that is not a list of numbers.

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from importlib.resources import files
    >>> from exactpd.cli.main import main
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["locate", demo, "--point", "1/2,-1"])
    >>> status, out.getvalue().splitlines()[1]
    (0, 'code         [[1, 0, 1, 1, 0, 0], [1, 0, 0, 0, 1, 0]]')
    """
    net = load_model(args.network)
    report = locate_report(net, parse_point(args.point))
    print(json.dumps(report) if args.json else report_text(report))
    return 0
