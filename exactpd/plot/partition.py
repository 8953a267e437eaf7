"""The partition itself: each region's exact polygon coloured by its code, cuts coloured by layer."""

from __future__ import annotations

from typing import Any, Sequence

from exactpd.enumeration.partition import Partition
from exactpd.errors import DimensionError
from exactpd.plot.style import fill, fill_colours, frame_axes, layer_colour, legend, lines, matplotlib_modules, panel_figure
from exactpd.plot.view import Piece, cut_layer, pieces_in, sides_float, view_of

__all__ = ["plot_partition", "plot_partitions"]


def draw_partition(ax, mpl, partition: Partition, pieces: Sequence[Piece]) -> list:
    """Regions coloured by code, cuts coloured by layer, the domain outlined; returns the legend handles."""
    colours = fill_colours(partition)
    fill(ax, mpl, pieces, [colours[piece.code] for piece in pieces])
    by_layer: dict[int | None, list] = {}
    for segment, labels in sides_float(pieces):
        by_layer.setdefault(cut_layer(labels), []).append(segment)
    handles = []
    for layer in sorted(key for key in by_layer if key is not None):
        handles.append(lines(ax, mpl, by_layer[layer], layer_colour(layer), 1.3, f"cuts layer {layer + 1}", f"layer {layer + 1}"))
    lines(ax, mpl, by_layer.get(None, []), "black", 1.0, "domain")
    return handles


def plot_partition(partition: Partition, *, view: Any = None, ax: Any = None, title: str | None = None):
    """The partition: each region's exact polygon coloured by its code, cuts coloured by layer.

    Parameters
    ----------
    partition : Partition
        Of a network with 2 inputs.
    view : (lows, highs), optional
        The rectangle ``lows <= x <= highs`` to draw; unbounded regions are
        clipped to it.  Default: the domain's bounding box, or for an
        unbounded domain the box around the bounded regions' vertices,
        widened by a quarter of its largest span.
    ax : matplotlib Axes, optional
        Draw into it instead of a new figure.
    title : str, optional

    Returns
    -------
    exactpd.plot.figure.Figure
        One ``PolyCollection`` (gid ``"regions"``) with one polygon per region
        that meets the view, one ``LineCollection`` per layer
        (gid ``"cuts layer l"``), and the domain's sides (gid ``"domain"``).

    Raises
    ------
    MissingDependencyError
        matplotlib is not installed (``pip install 'exactpd[plot]'``, or ``pip install '.[plot]'`` in a clone).
    DimensionError
        The network does not have 2 inputs.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, -1, 1]], [0])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> fig = plot_partition(part)
    >>> fig.axes[0].get_title(), [c.get_gid() for c in fig.axes[0].collections]
    ('7 regions', ['regions', 'cuts layer 1', 'domain'])
    """
    mpl = matplotlib_modules()
    frame = view_of(partition, view)
    pieces = pieces_in(partition, frame.polytope)
    outside = ax is None
    if outside:
        fig, (ax,) = panel_figure(mpl, frame, 1)
    handles = draw_partition(ax, mpl, partition, pieces)
    shown = f"{len(pieces)} of {len(partition)} regions in view" if len(pieces) != len(partition) else f"{len(partition)} regions"
    frame_axes(ax, frame, title if title is not None else shown)
    legend(ax, handles, "cuts of", outside)
    return ax.figure


def plot_partitions(partitions: Sequence[Partition], titles: Sequence[str] | None = None, *, view: Any = None,
                    ncols: int = 3, views: Sequence[Any] | None = None):
    """Several partitions side by side (e.g. the weight-constraint panels of paper Fig. 5).

    Each panel is :func:`plot_partition`'s picture, in ``view`` (every
    panel), or in its entry of ``views``, or in its partition's default view.

    Parameters
    ----------
    partitions : sequence of Partition
        Of networks with 2 inputs.
    titles : sequence of str, optional
        One per partition; each panel's title adds its region count.
    view : (lows, highs), optional
        As for :func:`plot_partition`.
    ncols : int
        Panels per row.
    views : sequence, optional
        One view per partition (None for its default), instead of ``view``:
        e.g. the same partition whole and zoomed.

    Returns
    -------
    exactpd.plot.figure.Figure
        One axes per partition, each with the artists of :func:`plot_partition`.

    Raises
    ------
    DimensionError
        ``views`` has not one entry per partition.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, -1, 1]], [0])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> fig = plot_partitions([part, part], ["a", "b"])
    >>> len(fig.axes), fig.axes[1].get_title()
    (2, 'b: 7 regions')
    """
    mpl = matplotlib_modules()
    views = list(views) if views is not None else [view] * len(partitions)
    if len(views) != len(partitions):
        raise DimensionError(f"views: {len(views)} entries for {len(partitions)} partitions")
    frames = [view_of(partition, v) for partition, v in zip(partitions, views)]
    fig, axes = panel_figure(mpl, frames[0], len(partitions), min(ncols, len(partitions)))
    titles = list(titles) if titles is not None else [None] * len(partitions)
    handles: dict[str, Any] = {}
    for ax, partition, title, frame in zip(axes, partitions, titles, frames):
        pieces = pieces_in(partition, frame.polytope)
        for handle in draw_partition(ax, mpl, partition, pieces):
            handles.setdefault(handle.get_label(), handle)
        frame_axes(ax, frame, f"{title}: {len(pieces)} regions" if title else f"{len(pieces)} regions")
    legend(axes[0], [handles[k] for k in sorted(handles)], "cuts of")
    return fig
