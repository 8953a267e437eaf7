"""Options several commands share: the domain (``--box LO HI`` or ``--domain POLY.json``)."""

from __future__ import annotations

import argparse

from exactpd.errors import InvalidDomainError
from exactpd.io import load_polytope
from exactpd.kernel.polytope import HPolytope, box
from exactpd.network.layers import Network
from exactpd.rational import parse_point

__all__ = ["add_domain_options", "box_text", "domain_of", "domain_text"]


def box_text(text: str) -> tuple:
    lows_highs = parse_point(text, "--box")
    if len(lows_highs) != 2:
        raise InvalidDomainError(f"--box takes two numbers LO HI, got {text!r}")
    return lows_highs


def domain_of(args: argparse.Namespace, net: Network) -> HPolytope | None:
    if args.box is not None and args.domain is not None:
        raise InvalidDomainError("give either --box or --domain, not both")
    if args.box is not None:
        low, high = args.box
        return box([low] * net.input_dim, [high] * net.input_dim)
    if args.domain is not None:
        return load_polytope(args.domain)
    return None


def domain_text(domain: HPolytope | None, args: argparse.Namespace, net: Network) -> str:
    if domain is None:
        return f"R^{net.input_dim} (unbounded regions included)"
    if args.box is not None:
        low, high = args.box
        return f"box [{low}, {high}]^{net.input_dim}"
    return f"{args.domain} ({domain.n_rows} halfspaces)"


def add_domain_options(parser: argparse.ArgumentParser) -> None:
    """``--box LO HI`` or ``--domain POLY.json`` (read by :func:`domain_of`)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--box", type=box_text, metavar="LO HI", help="the domain [LO, HI]^D (default: all of R^D)")
    where.add_argument("--domain", metavar="POLY.json", help='a polytope file {"dim": D, "halfspaces": [{"a": [...], "b": ...}]}')
