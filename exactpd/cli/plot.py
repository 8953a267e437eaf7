"""``exactpd plot OUT.json -o FIG.png --kind ...``: draw a saved partition."""

from __future__ import annotations

import argparse

from exactpd.cli.options import check_outputs
from exactpd.enumeration.partition import Partition
from exactpd.errors import FileFormatError
from exactpd.io import load_partition
from exactpd.plot import (
    plot_decision_boundary,
    plot_graph,
    plot_layers,
    plot_lifting,
    plot_partition,
    plot_partition_polynomial,
    plot_power_diagram,
)

__all__ = ["add", "run", "save_figure", "save_picture"]


_PICTURES = ("partition", "layers", "powerdiagram", "boundary", "graph", "polynomial", "lifting")


def save_picture(partition: Partition, kind: str, layer: int | None, path: str, *, unit: str | None = None, unit_panels: bool = False) -> None:
    """Draw one of the :mod:`exactpd.plot` pictures of ``partition`` and write it to ``path``.

    Parameters
    ----------
    partition : Partition
        Of a network with 2 inputs.
    kind : {"partition", "layers", "powerdiagram", "boundary", "graph", "polynomial", "lifting"}
        The picture (see ``exactpd plot --help``).
    layer : int or None
        The nonlinear layer for powerdiagram, polynomial and lifting.
    path : str
        The picture file.
    unit : str, optional
        For lifting: a unit index or ``"each"``.
    unit_panels : bool, default False
        For layers: each highlighted cut in a small panel.

    Returns
    -------
    None

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from exactpd import box, demo_network, enumerate_regions
    >>> path = os.path.join(tempfile.mkdtemp(), "partition.svg")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     save_picture(enumerate_regions(demo_network(), box([-1, -1], [1, 1])), "partition", None, path)
    >>> out.getvalue() == f"wrote: {path}\\n"
    True
    """
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
    save_figure(fig, path)


def save_figure(fig, path: str) -> None:
    """Write a figure to ``path`` (the format from its extension) and say so.

    Parameters
    ----------
    fig : matplotlib Figure
        The picture.
    path : str
        The file; its extension names the format (.png, .svg, .pdf, ...).

    Returns
    -------
    None

    Raises
    ------
    FileFormatError
        An extension matplotlib does not know.

    Examples
    --------
    >>> import os, tempfile
    >>> from exactpd import box, demo_network, enumerate_regions, plot_partition
    >>> fig = plot_partition(enumerate_regions(demo_network(), box([-1, -1], [1, 1])))
    >>> save_figure(fig, os.path.join(tempfile.mkdtemp(), "partition.xyz"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    exactpd.errors.FileFormatError: ...partition.xyz: Format 'xyz' is not supported (supported formats: ...)
    """
    try:
        fig.savefig(path, dpi=150)
    except ValueError as err:  # matplotlib: an unknown file extension
        raise FileFormatError(f"{path}: {err}") from None
    print(f"wrote: {path}")


def _unit_text(text: str) -> str:
    if text != "each" and not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a unit index or 'each', got {text!r}")
    return text


def add(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``exactpd plot OUT.json -o FIG.png [--kind KIND] [--layer L] [--unit K] [--unit-panels] [--no-verify]``.

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
    >>> args = parser.parse_args(["plot", "regions.json", "-o", "fig.png", "--kind", "graph"])
    >>> args.kind, args.run is run
    ('graph', True)
    """
    parser = subparsers.add_parser(
        "plot",
        help="draw a saved partition (needs matplotlib: pip install 'exactpd[plot]', or '.[plot]' in a clone)",
        description="Draw a partition file written by 'exactpd enumerate' (a network with 2 inputs): the regions "
        "coloured by code (partition), the layer-by-layer subdivision (layers), a layer's power diagrams with "
        "centroids and circles (powerdiagram), the decision boundary with its bend angles (boundary; one output), "
        "the adjacency graph (graph), the partition polynomial |Pol_l|^0.2 with its zero set (polynomial), or the "
        "paraboloid lifting of a layer's power diagram (lifting; the layer's input must have 1 or 2 dimensions). "
        "Over an unbounded domain the picture frames the bounded regions (unbounded ones are clipped to it).",
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
    parser.add_argument(
        "--no-verify", action="store_true",
        help="read the partition file without re-checking it against its network (faster; only the stored certificates are checked)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read a partition file and write the picture ``--kind`` asks for.

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
    FileFormatError
        An unreadable partition file, or a picture format matplotlib does not know.
    PartitionIntegrityError
        A partition file that is not its network's partition.
    InvalidOptionError
        An output path that cannot be written.
    DimensionError
        A network without 2 inputs (or, for lifting, a layer input of more than 2).
    MissingDependencyError
        matplotlib is not installed.

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from exactpd.cli.main import main
    >>> folder = tempfile.mkdtemp()
    >>> from importlib.resources import files
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> regions, picture = os.path.join(folder, "regions.json"), os.path.join(folder, "graph.png")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     _ = main(["enumerate", demo, "--box", "-1", "1", "-o", regions, "--quiet"])
    ...     status = main(["plot", regions, "-o", picture, "--kind", "graph"])
    >>> status, os.path.getsize(picture) > 0
    (0, True)
    """
    check_outputs([("-o", args.output)], [args.partition])
    save_picture(load_partition(args.partition, verify=not args.no_verify), args.kind, args.layer, args.output, unit=args.unit, unit_panels=args.unit_panels)
    return 0
