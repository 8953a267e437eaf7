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
    """Declare ``exactpd boundary NET [--box LO HI | --domain POLY.json] [--logits C C'] -o B.json``.

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
    >>> args = parser.parse_args(["boundary", "net.json", "--logits", "0", "1", "-o", "b.json"])
    >>> args.logits, args.run is run
    ([0, 1], True)
    """
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
    """Enumerate the partition, write the decision boundary file (``docs/boundary-format.md``) and print a summary.

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
    InvalidDomainError
        An unusable ``--box`` or ``--domain``.
    DimensionError
        Several outputs and no ``--logits``, or logits out of range.

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from importlib.resources import files
    >>> from exactpd.cli.main import main
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["boundary", demo, "--box", "-2", "2", "-o", os.path.join(tempfile.mkdtemp(), "b.json")])
    >>> status, out.getvalue().splitlines()[2:5]
    (0, ['pieces: 3', 'bends: 2 (angles 0.00 to 53.13 degrees)', 'components: 1'])
    """
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
