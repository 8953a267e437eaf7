"""Options several commands share: the domain, and those of long runs (jobs, checkpoint, output checks, verbosity).

The domain is ``--box LO HI`` or ``--domain POLY.json``.  ``LO`` and ``HI``
are each one number (the same interval on every axis: ``--box -2 2`` is
[-2, 2]^D) or a comma-separated list with one number per axis
(``--box -1,-2 1,2`` is [-1, 1] x [-2, 2]).  One option with two values was
chosen over one ``--box`` per axis so that the common case stays as short as
it was and both forms read the same way.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from exactpd.enumeration.complex_engine import ENGINES
from exactpd.enumeration.driver import resolve_jobs
from exactpd.errors import ExactpdError, InvalidDomainError, InvalidOptionError
from exactpd.io import load_polytope
from exactpd.kernel.polytope import HPolytope, box
from exactpd.network.layers import Network
from exactpd.rational import format_rational, parse_point

__all__ = [
    "add_domain_options",
    "add_run_options",
    "box_text",
    "check_outputs",
    "domain_of",
    "domain_text",
    "jobs_text",
    "progress_of",
    "setup_logging",
]


def box_text(text: str) -> tuple[tuple, tuple]:
    """``(lows, highs)`` of a ``--box`` value: ``"LO HI"`` (each a number or a comma-separated list) or ``"LO,HI"``.

    Parameters
    ----------
    text : str
        The option's value (:mod:`exactpd.cli.main` joins ``--box LO HI`` into one).

    Returns
    -------
    lows, highs : tuple of Fraction
        One number each (the same for every axis) or one per axis.

    Raises
    ------
    argparse.ArgumentTypeError
        Not two numbers or two lists of the same length (argparse prints the message).

    Examples
    --------
    >>> box_text("-1 1")
    ((Fraction(-1, 1),), (Fraction(1, 1),))
    >>> box_text("-1,-2 1,2")
    ((Fraction(-1, 1), Fraction(-2, 1)), (Fraction(1, 1), Fraction(2, 1)))
    """
    try:
        parts = text.split()
        if len(parts) == 1:
            values = parse_point(parts[0], "--box")
            if len(values) != 2:
                raise InvalidDomainError(f"--box takes LO HI (two numbers, or two comma-separated lists), got {text!r}")
            return (values[0],), (values[1],)
        if len(parts) != 2:
            raise InvalidDomainError(f"--box takes LO HI (two numbers, or two comma-separated lists), got {text!r}")
        lows, highs = parse_point(parts[0], "--box LO"), parse_point(parts[1], "--box HI")
        if len(lows) != len(highs):
            raise InvalidDomainError(f"--box: LO has {len(lows)} numbers and HI has {len(highs)}")
        return lows, highs
    except ExactpdError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def domain_of(args: argparse.Namespace, net: Network) -> HPolytope | None:
    """The domain the options name, or None for all of R^D.

    Parameters
    ----------
    args : argparse.Namespace
        With the options of :func:`add_domain_options`.
    net : Network
        The network (its input dimension).

    Returns
    -------
    HPolytope or None

    Raises
    ------
    InvalidDomainError
        Both options, a box of the wrong dimension or empty.
    FileFormatError
        An unreadable ``--domain`` file.

    Examples
    --------
    >>> import exactpd as epd
    >>> parser = argparse.ArgumentParser()
    >>> add_domain_options(parser)
    >>> domain_of(parser.parse_args(["--box", "-1 1"]), epd.demo_network()).b
    (1, 1, 1, 1)
    >>> domain_of(parser.parse_args([]), epd.demo_network()) is None
    True
    """
    if args.box is not None and args.domain is not None:
        raise InvalidDomainError("give either --box or --domain, not both")
    if args.box is not None:
        lows, highs = args.box
        if len(lows) == 1:
            lows, highs = lows * net.input_dim, highs * net.input_dim
        elif len(lows) != net.input_dim:
            raise InvalidDomainError(f"--box has {len(lows)} numbers per side, the network has {net.input_dim} inputs")
        try:
            return box(lows, highs)
        except InvalidDomainError as err:
            raise InvalidDomainError(f"--box: {err}".replace("box: ", "", 1)) from None
    if args.domain is not None:
        return load_polytope(args.domain)
    return None


def domain_text(domain: HPolytope | None, args: argparse.Namespace, net: Network) -> str:
    """The domain in words, e.g. ``box [-2, 2]^2`` or ``box [-1, 1] x [-2, 2]``.

    Parameters
    ----------
    domain : HPolytope or None
        From :func:`domain_of`.
    args : argparse.Namespace
        The options it came from.
    net : Network
        The network.

    Returns
    -------
    str

    Examples
    --------
    >>> import exactpd as epd
    >>> parser = argparse.ArgumentParser()
    >>> add_domain_options(parser)
    >>> net = epd.demo_network()
    >>> args = parser.parse_args(["--box", "-1,-2 1,2"])
    >>> domain_text(domain_of(args, net), args, net)
    'box [-1, 1] x [-2, 2]'
    >>> domain_text(None, parser.parse_args([]), net)
    'R^2 (unbounded regions included)'
    """
    if domain is None:
        return f"R^{net.input_dim} (unbounded regions included)"
    if args.box is not None:
        lows, highs = args.box
        if len(lows) == 1:
            return f"box [{format_rational(lows[0])}, {format_rational(highs[0])}]^{net.input_dim}"
        return "box " + " x ".join(f"[{format_rational(lo)}, {format_rational(hi)}]" for lo, hi in zip(lows, highs))
    return f"{args.domain} ({domain.n_rows} halfspaces)"


def add_domain_options(parser: argparse.ArgumentParser) -> None:
    """``--box LO HI`` or ``--domain POLY.json`` (read by :func:`domain_of`).

    Parameters
    ----------
    parser : argparse.ArgumentParser
        A command's parser.

    Returns
    -------
    None

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_domain_options(parser)
    >>> args = parser.parse_args(["--domain", "poly.json"])
    >>> args.box, args.domain
    (None, 'poly.json')
    """
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--box", type=box_text, metavar="LO HI",
        help="the domain: [LO, HI]^D, or per axis with comma-separated lists, e.g. --box -1,-2 1,2 (default: all of R^D)",
    )
    where.add_argument("--domain", metavar="POLY.json", help='a polytope file {"dim": D, "halfspaces": [{"a": [...], "b": ...}]}')


def jobs_text(text: str) -> int:
    """A ``--jobs`` value: N >= 1, or -1 for one worker per core.

    Parameters
    ----------
    text : str
        The option's value.

    Returns
    -------
    int

    Raises
    ------
    argparse.ArgumentTypeError
        Not a whole number, or below 1 and not -1.

    Examples
    --------
    >>> jobs_text("4"), jobs_text("-1")
    (4, -1)
    >>> jobs_text("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --jobs must be at least 1, or -1 for every core; got 0
    """
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number (N >= 1, or -1 for every core), got {text!r}") from None
    try:
        resolve_jobs(jobs)
    except InvalidOptionError:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1, or -1 for every core; got {jobs}") from None
    return jobs


def add_run_options(parser: argparse.ArgumentParser, *, checkpoint: bool = True) -> None:
    """``--jobs``, ``--engine``, ``--dask``, ``--checkpoint``, ``--no-progress``, ``--quiet`` and ``-v`` of a long run.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        A command's parser.
    checkpoint : bool, default True
        Also declare ``--checkpoint``.

    Returns
    -------
    None

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_run_options(parser)
    >>> args = parser.parse_args(["--jobs", "2", "--engine", "lp"])
    >>> args.jobs, args.engine, args.checkpoint, args.quiet
    (2, 'lp', None, False)
    """
    parser.add_argument(
        "--jobs", type=jobs_text, default=1, metavar="N", help="worker processes: N >= 1, or -1 for one per core (default 1)"
    )
    parser.add_argument(
        "--engine", choices=ENGINES, default="auto",
        help="complex: the polyhedral-complex engine (one process, fastest); lp: the per-region LP engine (any "
        "unit, --jobs, --dask, --checkpoint); auto (default): complex unless one of those needs lp",
    )
    parser.add_argument(
        "--dask", action="store_true",
        help="run the work on a dask LocalCluster of --jobs worker processes (needs the 'distributed' extra)",
    )
    if checkpoint:
        parser.add_argument(
            "--checkpoint", metavar="FILE",
            help="journal of finished work: an interrupted run given the same FILE resumes where it stopped",
        )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print only the result and errors: no progress, no notes")
    talk.add_argument("-v", "--verbose", action="store_true", help="also print details of the work (logging level DEBUG)")


def progress_of(args: argparse.Namespace) -> bool | None:
    """The ``progress`` argument: off with --quiet or --no-progress, else on a terminal.

    Parameters
    ----------
    args : argparse.Namespace
        With the options of :func:`add_run_options`.

    Returns
    -------
    bool or None
        False, or None (the enumerator decides: on when stderr is a terminal).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_run_options(parser)
    >>> progress_of(parser.parse_args(["--quiet"])), progress_of(parser.parse_args([]))
    (False, None)
    """
    return False if args.quiet or args.no_progress else None


_HANDLER: list[logging.Handler] = []


def setup_logging(args: argparse.Namespace) -> None:
    """Send the ``exactpd`` logger to stderr: notes (INFO) by default, nothing below WARNING with --quiet, DEBUG with -v.

    Parameters
    ----------
    args : argparse.Namespace
        With the options of :func:`add_run_options`.

    Returns
    -------
    None

    Examples
    --------
    >>> logger = logging.getLogger("exactpd")
    >>> saved = logger.handlers[:], logger.propagate, logger.level
    >>> parser = argparse.ArgumentParser()
    >>> add_run_options(parser)
    >>> setup_logging(parser.parse_args(["--quiet"]))
    >>> logging.getLevelName(logger.level), logger.propagate
    ('WARNING', False)
    >>> logger.handlers[:], logger.propagate, logger.level = saved  # put the logger back
    """
    logger = logging.getLogger("exactpd")
    for handler in _HANDLER:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("exactpd: %(message)s"))
    _HANDLER[:] = [handler]
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO)


def check_outputs(outputs: Sequence[tuple[str, str | None]], inputs: Sequence[str] = ()) -> None:
    """Refuse, before any work, an output path that cannot be written: ``outputs`` are ``(option, path)`` pairs.

    A path is refused when its folder does not exist or is not writable, when
    it is a folder, when it exists and is not writable, when two options name
    the same file, or when it is one of the ``inputs``.  ``-`` (stdout) and
    None are skipped.

    Parameters
    ----------
    outputs : sequence of (str, str or None)
        ``(option, path)`` pairs.
    inputs : sequence of str, optional
        The command's input files.

    Returns
    -------
    None

    Raises
    ------
    InvalidOptionError
        A path that cannot be written; the message names the option and the reason.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> check_outputs([("-o", os.path.join(folder, "regions.json")), ("--graphml", None)])
    >>> check_outputs([("-o", os.path.join(folder, "no such folder", "regions.json"))])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidOptionError: -o ...regions.json: the folder '...no such folder' does not exist
    """
    seen: dict = {}
    read = {os.path.realpath(p) for p in inputs}
    for option, path in outputs:
        if path is None or path == "-":
            continue
        target = Path(path)
        folder = target.parent
        real = os.path.realpath(target)
        if real in read:
            raise InvalidOptionError(f"{option} {path}: this is an input of the command; choose another file")
        if real in seen:
            raise InvalidOptionError(f"{option} {path}: the same file as {seen[real]}")
        seen[real] = option
        if target.is_dir():
            raise InvalidOptionError(f"{option} {path}: is a folder, not a file")
        if not folder.is_dir():
            raise InvalidOptionError(f"{option} {path}: the folder {str(folder)!r} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InvalidOptionError(f"{option} {path}: cannot write in the folder {str(folder)!r}")
        if target.exists() and not os.access(target, os.W_OK):
            raise InvalidOptionError(f"{option} {path}: the file exists and is not writable")
