"""``exactpd verify NET``: every result of the paper checked on the network, and the errata."""

from __future__ import annotations

import argparse
import json
import textwrap
from typing import Sequence

from exactpd.checks import CheckResult, verify
from exactpd.cli.options import add_domain_options, domain_of
from exactpd.io import load_model

__all__ = ["add", "run"]


def add(subparsers: argparse._SubParsersAction) -> None:
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


def _verify_text(results: Sequence[CheckResult]) -> str:
    wrap = textwrap.TextWrapper(width=110, initial_indent=" " * 21, subsequent_indent=" " * 21)
    lines = [f"{'id':<14} {'holds':<5}  statement / evidence"]
    for result in results:
        holds = "n/a" if not result.applicable else "yes" if result.holds else "NO"
        lines.append(f"{result.id:<14} {holds:<5}  " + wrap.fill(result.statement)[21:])
        lines.append(wrap.fill("evidence: " + result.evidence))
    failed = sum(not r.holds for r in results)
    skipped = sum(not r.applicable for r in results)
    lines.append(f"{len(results)} results: {len(results) - failed - skipped} hold, {skipped} not applicable, {failed} fail")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    net = load_model(args.network)
    results = verify(net, domain_of(args, net))
    print(json.dumps([r.to_dict() for r in results], indent=1) if args.json else _verify_text(results))
    return 0 if all(r.holds for r in results) else 1
