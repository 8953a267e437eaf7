"""``exactpd verify NET``: every result of the paper checked on the network, and the errata."""

from __future__ import annotations

import argparse
import json
import textwrap
from typing import Sequence

from exactpd.checks import CheckResult, Status, verify
from exactpd.cli.options import add_domain_options, domain_of
from exactpd.io import load_model

__all__ = ["add", "run"]


def add(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``exactpd verify NET [--box LO HI] [--json]``.

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
    >>> parser.parse_args(["verify", "net.json", "--json"]).json
    True
    """
    parser = subparsers.add_parser(
        "verify",
        help="check every result of the paper on a network, exactly, and show the errata on it",
        description="Run every lemma, theorem, proposition and equation of the paper that applies to the network "
        "on its exact partition, and show the spec's errata E1-E11 (printed vs corrected). Exit status 1 when a "
        "result fails. See docs/theory.md.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    add_domain_options(parser)
    parser.add_argument("--json", action="store_true", help='print a JSON list of {"id", "statement", "holds", "evidence"}')
    parser.set_defaults(run=run)


_SHOWN = {Status.HOLDS: "yes", Status.FAILS: "NO", Status.NOT_APPLICABLE: "n/a"}
"""How the ``holds`` column shows each status."""


def _verify_text(results: Sequence[CheckResult]) -> str:
    """The table ``exactpd verify`` prints: id, status, statement and evidence per check, then the counts."""
    wrap = textwrap.TextWrapper(width=110, initial_indent=" " * 21, subsequent_indent=" " * 21)
    lines = [f"{'id':<14} {'holds':<5}  statement / evidence"]
    for result in results:
        lines.append(f"{result.id:<14} {_SHOWN[result.status]:<5}  " + wrap.fill(result.statement)[21:])
        lines.append(wrap.fill("evidence: " + result.evidence))
    counts = {status: sum(r.status is status for r in results) for status in Status}
    lines.append(
        f"{len(results)} results: {counts[Status.HOLDS]} hold, {counts[Status.NOT_APPLICABLE]} not applicable, "
        f"{counts[Status.FAILS]} fail"
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run every check of :func:`exactpd.checks.verify` on the network and print the table (or JSON).

    Parameters
    ----------
    args : argparse.Namespace
        From the parser :func:`add` declares.

    Returns
    -------
    int
        The exit status: 0 when no result fails (a result that does not apply is not a failure), else 1.

    Raises
    ------
    FileFormatError, InvalidNetworkError, InvalidDomainError
        An unreadable model or an unusable ``--box`` (the command line prints the message).

    Examples
    --------
    >>> import contextlib, io
    >>> from importlib.resources import files
    >>> from exactpd.cli.main import main
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["verify", demo, "--box", "-1", "1"])
    >>> status, out.getvalue().splitlines()[-1]
    (0, '25 results: 22 hold, 3 not applicable, 0 fail')
    """
    net = load_model(args.network)
    results = verify(net, domain_of(args, net))
    print(json.dumps([r.to_dict() for r in results], indent=1) if args.json else _verify_text(results))
    return 0 if all(r.holds for r in results) else 1
