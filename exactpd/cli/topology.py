"""``exactpd topology NET [--box LO HI] [--json] [--persistence [--logit K] [--field F]]``: exact Betti numbers and Euler characteristics of the decision sets, in a bounded domain or over all of R^D."""

from __future__ import annotations

import argparse
import json

from exactpd.cli.options import add_domain_options, domain_of, domain_text
from exactpd.enumeration import enumerate_regions
from exactpd.errors import InvalidOptionError
from exactpd.io import load_model
from exactpd.rational import format_rational
from exactpd.topology import (
    HOMOLOGY_FIELDS,
    decision_complex,
    decision_functions,
    decision_topology,
    level_functions,
    lowest_level,
    sublevel_persistence,
)

__all__ = ["add", "run"]


def add(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``exactpd topology NET [--box LO HI] [--json] [--persistence [--logit K] [--field F]]``.

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
    >>> args = parser.parse_args(["topology", "net.json", "--box", "-1 1", "--persistence"])
    >>> args.persistence, args.run is run
    (True, True)
    """
    parser = subparsers.add_parser(
        "topology",
        help="exact Betti numbers and Euler characteristics of {f>0}, {f>=0}, {f=0} (or of each class region)",
        description="Enumerate the partition over a bounded domain, build its polyhedral complex exactly, and "
        "print the homology (Betti numbers over Q and GF(2), Euler characteristic) of the decision sets: "
        "{f>0}, {f>=0}, {f=0}, {f<=0}, {f<0} for one output, 'class c' and 'class c closed' for several. "
        "Without --box or --domain, the sets are those of all of R^D, computed in a box proven to stand for it. "
        "See docs/topology.md.",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    add_domain_options(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text")
    parser.add_argument(
        "--persistence", action="store_true", help="also the barcode of the sublevel filtration {f <= t}"
    )
    parser.add_argument("--logit", type=int, metavar="K", help="with --persistence on a multi-logit network: f is output K")
    parser.add_argument("--field", choices=HOMOLOGY_FIELDS, default="Q", help="with --persistence: the coefficient field of the barcode (default Q)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the Betti numbers and Euler characteristics of the decision sets (text or JSON), and with ``--persistence`` the barcode.

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
        An unusable ``--box`` or ``--domain``, or an unbounded ``--domain``.
    InvalidOptionError
        ``--persistence`` on a multi-logit network without ``--logit``.

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from importlib.resources import files
    >>> from exactpd.cli.main import main
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["topology", demo, "--box", "-1", "1"])
    >>> status, out.getvalue().splitlines()[-2:]
    (0, ['f<=0: betti [1, 0, 0], euler 1', 'f<0: betti [1, 0, 0], euler 1'])
    """
    net = load_model(args.network)
    domain = domain_of(args, net)
    dc = decision_complex(enumerate_regions(net, domain, progress=False)) if domain is not None else _whole_space(net, args)
    document = decision_topology(dc)
    if domain is None:
        document["domain"] = "R^D"
    if args.persistence:
        if args.logit is None and dc.n_logits > 1:
            raise InvalidOptionError(f"--persistence: the network has {dc.n_logits} logits; say which one is f with --logit K")
        code = sublevel_persistence(dc, args.logit, args.field)
        document["persistence"] = {
            "field": code.field,
            "bars": [[bar.dim, _level(bar.birth), _level(bar.death)] for bar in code.bars],
            "critical_values": [format_rational(v) for v in code.critical_values],
        }
    if args.json:
        print(json.dumps(document))
        return 0
    _print_text(document, dc, domain_text(domain, args, net) if domain is not None else _whole_space_text(dc))
    return 0


def _whole_space(net, args):
    """The decision complex over R^D; with ``--persistence``, in one box for the sets and the barcode's lowest level."""
    functions = decision_functions(net.output_dim)
    k = 0 if args.logit is None else args.logit
    if args.persistence and (args.logit is not None or net.output_dim == 1) and 0 <= k < net.output_dim:
        functions += level_functions(net.output_dim, k, [lowest_level(net, k)])
    return decision_complex(net, functions)


def _level(value) -> str | None:
    """A bar's end as an exact rational string; None (JSON null) for an infinite end."""
    return None if value is None else format_rational(value)


def _whole_space_text(dc) -> str:
    """How the text output names R^D and the box that stands for it."""
    dim = dc.complex.dim
    digits = len(str(dc.whole_space))
    return f"R^{dim}, all of it (computed exactly in the box [-M, M]^{dim} proven to stand for it, M with {digits} digits)"


def _print_text(document: dict, dc, domain: str) -> None:
    """The text output: the domain, the complex's size, every set's Betti numbers, the bars."""
    print(f"domain: {domain}")
    where = "" if dc.whole_space is None else " (those of R^D: each meets the box)"
    faces = "faces by dimension" if dc.whole_space is None else "faces of the complex in the box"
    print(f"regions: {len(dc.partition)}{where}; {faces}: {list(dc.complex.counts)}")
    for name, entry in document.items():
        if name in ("persistence", "domain"):
            continue
        gf2 = "" if entry["betti_gf2"] == entry["betti"] else f" (over GF(2): {entry['betti_gf2']})"
        print(f"{name}: betti {entry['betti']}{gf2}, euler {entry['euler']}")
    if "persistence" in document:
        for dim, birth, death in document["persistence"]["bars"]:
            print(f"H{dim} bar: [{'-inf' if birth is None else birth}, {'inf' if death is None else death})")
