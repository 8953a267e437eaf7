"""``exactpd boundary NET -o B.json``: the exact decision boundary, its bends and components."""

from __future__ import annotations

import argparse

from exactpd.boundary.decision import bend_degrees_float, boundary_components, decision_boundary
from exactpd.cli.options import add_domain_options, domain_of, domain_text
from exactpd.enumeration import enumerate_regions
from exactpd.io import load_model
from exactpd.io.boundary_file import save_boundary

__all__ = ["add", "run"]


def add(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "boundary",
        help="the exact decision boundary: pieces, bends (eq. 26) and components",
        description="Enumerate the partition, then write the decision boundary f = 0 (one output, or "
        "f = z_C - z_C' with --logits): its pieces with rational witnesses, the bends between pieces that meet "
        "across a facet (exact cos^2 and sign), and a summary. See docs/boundary-format.md.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    add_domain_options(parser)
    parser.add_argument("--logits", type=int, nargs=2, metavar=("C", "C'"), help="the pair of outputs f = z_C - z_C'")
    parser.add_argument("-o", "--output", required=True, metavar="B.json", help="write the boundary file here")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    net = load_model(args.network)
    domain = domain_of(args, net)
    boundary = decision_boundary(enumerate_regions(net, domain), args.logits)
    save_boundary(boundary, args.output)
    angles = [bend_degrees_float(bend) for bend in boundary.bends]
    print(f"domain: {domain_text(domain, args, net)}")
    print(f"decision function: {'z_%d - z_%d' % tuple(args.logits) if args.logits else 'the output'}")
    print(f"pieces: {len(boundary.pieces)}")
    print(f"bends: {len(boundary.bends)}" + (f" (angles {min(angles):.2f} to {max(angles):.2f} degrees)" if angles else ""))
    print(f"components: {len(boundary_components(boundary))}")
    if boundary.flat_regions or boundary.facet_edges:
        print(f"degenerate: f = 0 on {len(boundary.flat_regions)} regions and along {len(boundary.facet_edges)} facets")
    print(f"wrote: {args.output}")
    return 0
