"""The ``exactpd`` command line: a thin layer over the public API.

Every subcommand is one ``_add_<name>(subparsers)`` function that declares its
arguments and one ``_<name>(args) -> int`` function that runs it; add a
command by writing both and listing the first in ``_COMMANDS``.  Errors of
exactpd (and unreadable files) print one line on stderr and exit with code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
import time
from typing import Sequence

from exactpd import __version__
from exactpd.boundary import bend_degrees_float, boundary_components, decision_boundary, save_boundary
from exactpd.enumeration import EnumerationStats, enumerate_regions
from exactpd.errors import ExactpdError, FileFormatError, InvalidDomainError
from exactpd.forward import layer_sites, trace
from exactpd.io import demo_network, load_model, load_partition, load_polytope, save_partition, write_graphml
from exactpd.maso import maso_layers
from exactpd.network import Dense, MaxPool, Network
from exactpd.partition import Partition
from exactpd.plot import (
    plot_decision_boundary,
    plot_graph,
    plot_layers,
    plot_lifting,
    plot_partition,
    plot_partition_polynomial,
    plot_power_diagram,
)
from exactpd.polytope import HPolytope, box
from exactpd.rational import QVector, format_rational, format_vector, parse_point
from exactpd.theorems import CheckResult, verify

__all__ = ["main"]


def _locate_report(net: Network, point: QVector) -> dict:
    """What ``exactpd locate`` reports about ``point``, as a JSON-ready dict of exact strings.

    Keys: ``point``, ``code``, ``on_boundary``, ``output``, and ``layers``: one
    entry per nonlinear layer with its network layer index, kind, and the
    centroid and power weight of the point's site (see
    :func:`exactpd.forward.layer_sites`).
    """
    point_trace = trace(net, point)
    layers = maso_layers(net)
    return {
        "point": format_vector(point_trace.point),
        "code": [list(pieces) for pieces in point_trace.code],
        "on_boundary": point_trace.on_boundary,
        "output": format_vector(point_trace.output),
        "layers": [
            {
                "layer": layer.source,
                "kind": layer.kind,
                "centroid": format_vector(site.centroid),
                "power_weight": format_rational(site.power_weight),
            }
            for layer, site in zip(layers, layer_sites(point_trace))
        ],
    }


def _vector_text(entries: Sequence[str]) -> str:
    return "(" + ", ".join(entries) + ")"


def _report_text(report: dict) -> str:
    lines = [
        f"point        {_vector_text(report['point'])}",
        f"code         {json.dumps(report['code'])}",
        f"on boundary  {'yes' if report['on_boundary'] else 'no'}",
    ]
    for entry in report["layers"]:
        lines.append(
            f"layer {entry['layer']} ({entry['kind']}): centroid {_vector_text(entry['centroid'])}, "
            f"power weight {entry['power_weight']}"
        )
    lines.append(f"output       {_vector_text(report['output'])}")
    return "\n".join(lines)


def _network_text(net: Network) -> str:
    lines = [f"input dimension {net.input_dim}"]
    width = net.input_dim
    for index, layer in enumerate(net.layers):
        if isinstance(layer, Dense):
            detail = layer.activation or "affine"
            if layer.negative_slope is not None:
                detail += f" (negative slope {layer.negative_slope})"
        elif isinstance(layer, MaxPool):
            detail = f"groups {json.dumps([list(g) for g in layer.groups])}"
        else:
            detail = f"pieces per unit {list(len(unit) for unit in layer.slopes)}"
        lines.append(f"layer {index}: {layer.kind} {width} -> {layer.n_outputs}, {detail}")
        width = layer.n_outputs
    return "\n".join(lines)


def _add_locate(subparsers: argparse._SubParsersAction) -> None:
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
    parser.set_defaults(run=_locate)


def _locate(args: argparse.Namespace) -> int:
    net = load_model(args.network)
    report = _locate_report(net, parse_point(args.point))
    print(json.dumps(report) if args.json else _report_text(report))
    return 0


_DEMO_POINTS = (("0", "0"), ("1/2", "3/2"), ("-1", "1/3"), ("5/4", "-1/3"))


def _box_text(text: str) -> tuple:
    lows_highs = parse_point(text, "--box")
    if len(lows_highs) != 2:
        raise InvalidDomainError(f"--box takes two numbers LO HI, got {text!r}")
    return lows_highs


def _domain(args: argparse.Namespace, net: Network) -> HPolytope | None:
    if args.box is not None and args.domain is not None:
        raise InvalidDomainError("give either --box or --domain, not both")
    if args.box is not None:
        low, high = args.box
        return box([low] * net.input_dim, [high] * net.input_dim)
    if args.domain is not None:
        return load_polytope(args.domain)
    return None


def _domain_text(domain: HPolytope | None, args: argparse.Namespace, net: Network) -> str:
    if domain is None:
        return f"R^{net.input_dim} (unbounded regions included)"
    if args.box is not None:
        low, high = args.box
        return f"box [{low}, {high}]^{net.input_dim}"
    return f"{args.domain} ({domain.n_rows} halfspaces)"


def _summary(partition: Partition, stats: EnumerationStats, seconds: float, domain_text: str) -> list[str]:
    net = partition.network
    widths = "-".join(str(layer.n_units) for layer in maso_layers(net))
    return [
        f"network: input_dim {net.input_dim}, nonlinear layers {widths or '(none)'}",
        f"domain: {domain_text}",
        f"regions: {len(partition)}",
        f"bounded: {sum(region.bounded for region in partition)}",
        f"edges: {len(partition.edges)}",
        f"certified LP calls: {stats.certified_calls + stats.facet_calls}, "
        f"found without an LP: {stats.free_witnesses + stats.settled_by_vertices}",
        f"time: {seconds:.2f} s",
    ]


def _add_domain_options(parser: argparse.ArgumentParser) -> None:
    """``--box LO HI`` or ``--domain POLY.json`` (read by :func:`_domain`)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--box", type=_box_text, metavar="LO HI", help="the domain [LO, HI]^D (default: all of R^D)")
    where.add_argument("--domain", metavar="POLY.json", help='a polytope file {"dim": D, "halfspaces": [{"a": [...], "b": ...}]}')


def _add_enumerate(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "enumerate",
        help="list every region of a network's partition, exactly, with the adjacency graph",
        description="Enumerate every full-dimensional region of the network's input-space partition inside the "
        "domain by power-diagram subdivision (paper Theorem 3), every region and edge certified in exact arithmetic.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    _add_domain_options(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.json", help="write the partition file here")
    parser.add_argument("--graphml", metavar="FILE", help="also write the adjacency graph as GraphML")
    parser.add_argument("--checkpoint", metavar="FILE", help="journal of finished work; a rerun resumes from it")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    parser.set_defaults(run=_enumerate)


def _enumerate(args: argparse.Namespace) -> int:
    net = load_model(args.network)
    domain = _domain(args, net)
    stats = EnumerationStats()
    start = time.perf_counter()
    partition = enumerate_regions(
        net, domain, jobs=args.jobs, checkpoint=args.checkpoint, progress=False if args.no_progress else None, stats=stats
    )
    seconds = time.perf_counter() - start
    save_partition(partition, args.output)
    if args.graphml:
        write_graphml(partition, args.graphml)
    for line in _summary(partition, stats, seconds, _domain_text(domain, args, net)):
        print(line)
    print(f"wrote: {args.output}" + (f", {args.graphml}" if args.graphml else ""))
    return 0


def _add_demo(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="run on the built-in example network",
        description="Enumerate every region of the built-in 2-6-6-1 ReLU network over all of R^2, exactly, "
        "and locate a few points.",
    )
    parser.add_argument("--plot", metavar="FIG.png", help="also draw the partition there (needs exactpd[plot])")
    parser.set_defaults(run=_demo)


def _demo(args: argparse.Namespace) -> int:
    net = demo_network()
    print("exactpd demo: the built-in example network")
    print(_network_text(net))
    stats = EnumerationStats()
    start = time.perf_counter()
    partition = enumerate_regions(net, stats=stats, progress=False)
    print()
    for line in _summary(partition, stats, time.perf_counter() - start, f"R^{net.input_dim} (unbounded regions included)"):
        print(line)
    if args.plot:
        _save_picture(partition, "partition", 0, args.plot)
    for point in _DEMO_POINTS:
        print()
        print(_report_text(_locate_report(net, parse_point(",".join(point)))))
    return 0


_PICTURES = ("partition", "layers", "powerdiagram", "boundary", "graph", "polynomial", "lifting")


def _save_picture(partition: Partition, kind: str, layer: int | None, path: str, *, unit: str | None = None, unit_panels: bool = False) -> None:
    """Draw one of the :mod:`exactpd.plot` pictures of ``partition`` and write it to ``path``."""
    if kind == "powerdiagram":
        fig = plot_power_diagram(partition, layer or 0)
    elif kind == "polynomial":
        fig = plot_partition_polynomial(partition, layer)
    elif kind == "lifting":
        fig = plot_lifting(partition.network, unit if unit in (None, "each") else int(unit), layer=layer or 0)
    elif kind == "layers":
        fig = plot_layers(partition, unit_panels=unit_panels)
    else:
        pictures = {"partition": plot_partition, "boundary": plot_decision_boundary, "graph": plot_graph}
        fig = pictures[kind](partition)
    try:
        fig.savefig(path, dpi=150)
    except ValueError as err:  # matplotlib: an unknown file extension
        raise FileFormatError(f"{path}: {err}") from None
    print(f"wrote: {path}")


def _unit_text(text: str) -> str:
    if text != "each" and not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a unit index or 'each', got {text!r}")
    return text


def _add_plot(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plot",
        help="draw a saved partition (needs matplotlib: pip install 'exactpd[plot]')",
        description="Draw a partition file written by 'exactpd enumerate' (a network with 2 inputs): the regions "
        "coloured by code (partition), the layer-by-layer subdivision (layers), a layer's power diagrams with "
        "centroids and circles (powerdiagram), the decision boundary with its bend angles (boundary; one output), "
        "the adjacency graph (graph), the partition polynomial |Pol_l|^0.2 with its zero set (polynomial), or the "
        "paraboloid lifting of a layer's power diagram (lifting; the layer's input must have 1 or 2 dimensions). "
        "Unbounded regions are clipped to a box around every region corner.",
    )
    parser.add_argument("partition", metavar="OUT.json", help="a partition file (see docs/partition-format.md)")
    parser.add_argument("-o", "--output", required=True, metavar="FIG.png", help="the picture (.png, .svg, .pdf, ...)")
    parser.add_argument("--kind", choices=_PICTURES, default="partition", help="which picture (default: partition)")
    parser.add_argument(
        "--layer", type=int, metavar="L",
        help="the nonlinear layer, 0 = layer 1 of the paper: for powerdiagram and lifting (default 0) and polynomial "
        "(default: one panel per layer)",
    )
    parser.add_argument(
        "--unit", type=_unit_text, metavar="K", help="for lifting: unit K alone, or 'each' (every unit, then the layer); default the layer"
    )
    parser.add_argument(
        "--unit-panels", action="store_true", help="for layers: each highlighted cut alone in a small panel below its layer"
    )
    parser.set_defaults(run=_plot)


def _plot(args: argparse.Namespace) -> int:
    _save_picture(load_partition(args.partition), args.kind, args.layer, args.output, unit=args.unit, unit_panels=args.unit_panels)
    return 0


def _add_verify(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check every result of the paper on a network, exactly, and show the errata on it",
        description="Run every lemma, theorem, proposition and equation of the paper that applies to the network "
        "on its exact partition, and show the spec's errata E1-E11 (printed vs corrected). Exit status 1 when a "
        "result fails. See docs/theory.md.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    _add_domain_options(parser)
    parser.add_argument("--json", action="store_true", help='print a JSON list of {"id", "statement", "holds", "evidence"}')
    parser.set_defaults(run=_verify)


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


def _verify(args: argparse.Namespace) -> int:
    net = load_model(args.network)
    results = verify(net, _domain(args, net))
    print(json.dumps([r.to_dict() for r in results], indent=1) if args.json else _verify_text(results))
    return 0 if all(r.holds for r in results) else 1


def _add_boundary(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "boundary",
        help="the exact decision boundary: pieces, bends (eq. 26) and components",
        description="Enumerate the partition, then write the decision boundary f = 0 (one output, or "
        "f = z_C - z_C' with --logits): its pieces with rational witnesses, the bends between pieces that meet "
        "across a facet (exact cos^2 and sign), and a summary. See docs/boundary-format.md.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    _add_domain_options(parser)
    parser.add_argument("--logits", type=int, nargs=2, metavar=("C", "C'"), help="the pair of outputs f = z_C - z_C'")
    parser.add_argument("-o", "--output", required=True, metavar="B.json", help="write the boundary file here")
    parser.set_defaults(run=_boundary)


def _boundary(args: argparse.Namespace) -> int:
    net = load_model(args.network)
    domain = _domain(args, net)
    boundary = decision_boundary(enumerate_regions(net, domain), args.logits)
    save_boundary(boundary, args.output)
    angles = [bend_degrees_float(bend) for bend in boundary.bends]
    print(f"domain: {_domain_text(domain, args, net)}")
    print(f"decision function: {'z_%d - z_%d' % tuple(args.logits) if args.logits else 'the output'}")
    print(f"pieces: {len(boundary.pieces)}")
    print(f"bends: {len(boundary.bends)}" + (f" (angles {min(angles):.2f} to {max(angles):.2f} degrees)" if angles else ""))
    print(f"components: {len(boundary_components(boundary))}")
    if boundary.flat_regions or boundary.facet_edges:
        print(f"degenerate: f = 0 on {len(boundary.flat_regions)} regions and along {len(boundary.facet_edges)} facets")
    print(f"wrote: {args.output}")
    return 0


_COMMANDS = (_add_locate, _add_enumerate, _add_plot, _add_demo, _add_verify, _add_boundary)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exactpd", description="Exact geometry of piecewise-affine neural networks (power diagram subdivision)."
    )
    parser.add_argument("--version", action="version", version=f"exactpd {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _COMMANDS:
        add(subparsers)
    return parser


# Options whose value is a list of numbers, which may start with a minus sign.
_NUMBER_LIST_OPTIONS = ("--point",)
_NUMBER_PAIR_OPTIONS = ("--box",)
_NEGATIVE = re.compile(r"^-[\d.]")


def _attach_negative_values(argv: Sequence[str]) -> list[str]:
    """argparse reads ``--point -1,2`` as two options; hand it ``--point=-1,2`` (and ``--box=LO,HI``) instead."""
    result: list[str] = []
    tokens = list(argv)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if result and result[-1] in _NUMBER_LIST_OPTIONS and _NEGATIVE.match(token):
            result[-1] = f"{result[-1]}={token}"
        elif token in _NUMBER_PAIR_OPTIONS and i + 2 < len(tokens) + 1 and len(tokens) > i + 2:
            result.append(f"{token}={tokens[i + 1]},{tokens[i + 2]}")
            i += 2
        else:
            result.append(token)
        i += 1
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``exactpd`` command line; returns the exit code (2 on an error, with a one-line message)."""
    args = _parser().parse_args(_attach_negative_values(sys.argv[1:] if argv is None else argv))
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader stopped early (``exactpd demo | head``): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as err:
        print(f"exactpd: error: {err.filename}: {err.strerror}" if err.filename else f"exactpd: error: {err}", file=sys.stderr)
        return 2
    except ExactpdError as err:
        print(f"exactpd: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
