"""The adjacency graph drawn over the partition."""

from __future__ import annotations

from typing import Any

from exactpd.enumeration.adjacency import adjacency_graph
from exactpd.enumeration.partition import Partition
from exactpd.kernel.polytope import side
from exactpd.plot.style import fill, fill_colours, frame_axes, layer_colour, legend, lines, matplotlib_modules, panel_figure
from exactpd.plot.view import pieces_in, point_float, sides_float, view_of
from exactpd.rational import Side

__all__ = ["plot_graph"]


def plot_graph(partition: Partition, *, view: Any = None):
    """The adjacency graph (:func:`exactpd.enumeration.adjacency.adjacency_graph`) drawn over the partition.

    A node sits at its region's witness (or, when the witness is outside the
    view, at the mean of the region's visible corners); an edge runs from one
    node through its certificate point on the shared face (when in view) to
    the other, coloured by the earliest layer among the flipped units.

    Parameters
    ----------
    partition : Partition
        Of a network with 2 inputs.
    view : (lows, highs), optional
        As for :func:`exactpd.plot.partition.plot_partition`.

    Returns
    -------
    exactpd.plot.figure.Figure
        With a faded ``"regions"`` collection, a ``"graph nodes"`` scatter
        (one dot per region in view) and one ``"graph edges layer l"`` line
        collection per layer (one polyline per edge between two nodes in view).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, -1, 1]], [0])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> plot_graph(part).axes[0].get_title()
    'adjacency graph: 7 regions, 9 edges in view'
    """
    mpl = matplotlib_modules()
    frame = view_of(partition, view)
    pieces = pieces_in(partition, frame.polytope)
    graph = adjacency_graph(partition)
    fig, (ax,) = panel_figure(mpl, frame, 1)
    colours = fill_colours(partition)
    fill(ax, mpl, pieces, [colours[piece.code] for piece in pieces], alpha=0.45)
    lines(ax, mpl, [segment for segment, _ in sides_float(pieces)], "#808080", 0.6, "cuts")
    position = {}
    for piece in pieces:
        witness = partition.regions[piece.index].witness
        if side(frame.polytope, witness) is not Side.INSIDE:
            witness = tuple(sum(c[d] for c in piece.corners) / len(piece.corners) for d in (0, 1))
        position[piece.index] = witness
    by_layer: dict[int, list] = {}
    for u, v, data in graph.edges(data=True):
        if u in position and v in position:
            via = [data["point"]] if side(frame.polytope, data["point"]) is not Side.OUTSIDE else []
            path = [point_float(p) for p in [position[u], *via, position[v]]]
            by_layer.setdefault(min(layer for layer, _ in data["flips"]), []).append(path)
    handles = [
        lines(ax, mpl, by_layer[layer], layer_colour(layer), 1.4, f"graph edges layer {layer + 1}", f"layer {layer + 1}")
        for layer in sorted(by_layer)
    ]
    xy = [point_float(position[piece.index]) for piece in pieces]
    nodes = ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=14, c="black", zorder=5)
    nodes.set_gid("graph nodes")
    n_edges = sum(len(paths) for paths in by_layer.values())
    frame_axes(ax, frame, f"adjacency graph: {len(pieces)} regions, {n_edges} edges in view")
    legend(ax, handles, "edges flip\na unit of")
    return fig
