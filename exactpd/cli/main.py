"""The ``exactpd`` command line: a thin layer over the public API.

Every subcommand is one module of this package with ``add(subparsers)``, which
declares its arguments, and ``run(args) -> int``, which runs it; add a command
by writing the module and listing it in ``_COMMANDS``.  Errors of exactpd (and
unreadable files) print one line on stderr and exit with code 2.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Sequence

from exactpd import __version__
from exactpd.cli import boundary, count, demo, info, locate, plot, topology, verify
from exactpd.cli import enumerate as enumerate_command
from exactpd.errors import ExactpdError

__all__ = ["main"]

_COMMANDS = (locate, enumerate_command, count, info, plot, demo, verify, boundary, topology)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exactpd", description="Exact geometry of piecewise-affine neural networks (power diagram subdivision)."
    )
    parser.add_argument("--version", action="version", version=f"exactpd {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in _COMMANDS:
        command.add(subparsers)
    return parser


# Options whose value is a list of numbers, which may start with a minus sign.
_NUMBER_LIST_OPTIONS = ("--point",)
_NUMBER_PAIR_OPTIONS = ("--box",)
_NEGATIVE = re.compile(r"^-[\d.]")


def _attach_negative_values(argv: Sequence[str]) -> list[str]:
    """argparse reads ``--point -1,2`` as two options; hand it ``--point=-1,2`` (and ``--box="LO HI"``) instead."""
    result: list[str] = []
    tokens = list(argv)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if result and result[-1] in _NUMBER_LIST_OPTIONS and _NEGATIVE.match(token):
            result[-1] = f"{result[-1]}={token}"
        elif token in _NUMBER_PAIR_OPTIONS and i + 2 < len(tokens) + 1 and len(tokens) > i + 2:
            result.append(f"{token}={tokens[i + 1]} {tokens[i + 2]}")
            i += 2
        else:
            result.append(token)
        i += 1
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``exactpd`` command line; returns the exit code (2 on an error, with a one-line message).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``exactpd`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when ``verify`` finds a failing check, 2 on an error
        of exactpd or an unreadable file (one line on stderr), 130 on Ctrl-C.

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from importlib.resources import files
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["count", demo, "--box", "-1", "1"])
    >>> status, out.getvalue()
    (0, '41\\n')
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     status = main(["count", os.path.join(tempfile.mkdtemp(), "missing.json")])
    >>> status, err.getvalue().endswith("missing.json: No such file or directory\\n")
    (2, True)
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(_attach_negative_values(argv))
    args.argv = argv  # for the command that resumes an interrupted run
    try:
        return args.run(args)
    except KeyboardInterrupt:  # commands that save work say what they saved; the rest stop here
        print("exactpd: interrupted", file=sys.stderr)
        return 130
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
