"""A layer's power diagrams, their centroids and circles (paper Fig. 1 for layer 1, Fig. 8 for a later layer)."""

from __future__ import annotations

import math
from typing import Any, Sequence

from exactpd.enumeration.partition import Partition
from exactpd.enumeration.region import DOMAIN
from exactpd.errors import DimensionError
from exactpd.geometry.powerdiagram import input_power_diagram, site_offset
from exactpd.network.layers import Maso, Network
from exactpd.network.maso import maso_layers
from exactpd.plot.style import (
    CURRENT, darker, fill, fill_colours, frame_axes, layer_colour, lines, matplotlib_modules, omega, panel_figure,
)
from exactpd.plot.view import (
    Piece, View, cut_layer, partition_in_view, piece_sides, pieces_in, point_float, sides_float, view_of,
)

__all__ = ["plot_power_diagram"]


def _one_layer_network(diagram) -> Network:
    """The network of one MASO layer whose pieces are the diagram's factor sites (Lemma 1 read backwards)."""
    slopes = [[site.centroid for site in factor] for factor in diagram.factors]
    offsets = [[site_offset(site) for site in factor] for factor in diagram.factors]
    return Network(2, [Maso(slopes, offsets)])


def draw_sites(ax, mpl, sites_and_colours: list) -> None:
    """Centroids as dots and, where the power weight is positive, the circle of radius sqrt(rho)."""
    if not sites_and_colours:
        return
    xy = [point_float(site.centroid) for site, _ in sites_and_colours]
    colours = [darker(colour) for _, colour in sites_and_colours]
    dots = ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=22, c=colours, edgecolors="black", linewidths=0.6, zorder=5)
    dots.set_gid("centroids")
    circles = [
        mpl.patches.Circle(point_float(site.centroid), math.sqrt(float(site.power_weight)))
        for site, _ in sites_and_colours
        if site.power_weight > 0
    ]
    edge_colours = [darker(colour) for site, colour in sites_and_colours if site.power_weight > 0]
    ring = mpl.collections.PatchCollection(circles, facecolors="none", edgecolors=edge_colours, linewidths=1.0, zorder=4)
    ring.set_gid("power circles")
    ax.add_collection(ring)


def _layer_panel(ax, mpl, pieces: Sequence[Piece], layer: int, frame: View, partition: Partition, with_sites: bool) -> None:
    """Omega^(1..layer+1): earlier cuts black, the layer's cuts in its colour, and optionally each region's site."""
    colours = fill_colours(partition, layer + 1)
    fill(ax, mpl, pieces, [colours[piece.code[: layer + 1]] for piece in pieces])
    earlier, new = [], []
    for segment, labels in sides_float(pieces):
        cut = cut_layer(labels)
        if cut is not None and cut < layer:
            earlier.append(segment)
        elif cut == layer:
            new.append(segment)
    lines(ax, mpl, earlier, CURRENT, 1.6, "earlier cuts")
    lines(ax, mpl, new, layer_colour(layer), 1.0, "new cuts")
    sites = {}
    for piece in pieces:
        prefix = piece.code[: layer + 1]
        sites.setdefault(prefix, (partition.regions[piece.index].sites[layer], colours[prefix]))
    if with_sites:
        draw_sites(ax, mpl, list(sites.values()))
        frame_axes(ax, frame, f"{omega(layer + 1)}: {len(sites)} regions and their sites")
    else:
        frame_axes(ax, frame, f"the union, {omega(layer + 1)}: {len(sites)} regions")


def plot_power_diagram(partition: Partition, layer: int = 0, *, view: Any = None, max_panels: int = 5):
    """The power diagrams of one layer (paper Fig. 1 for the first layer, Fig. 8 for a later one).

    For ``layer = 0`` (layer 1 of the paper) one panel: the layer's power
    diagram (Theorem 1) with every centroid mu of a non-empty cell as a dot
    and, where the power weight rho is positive, the circle of radius
    sqrt(rho) (the radius is computed as a float, for drawing only).

    For a later layer l, one panel per region omega of Omega^(1..l-1) (paper
    numbering; at most ``max_panels``, in code order): the power diagram
    that subdivides omega (Theorem 2), over the whole view and faded, with
    its sites; omega outlined in black and its subdivision opaque.  A last
    panel shows the union, Omega^(1..l).

    Parameters
    ----------
    partition : Partition
        Of a network with 2 inputs.
    layer : int
        The nonlinear layer (0 is layer 1 in the paper).
    view : (lows, highs), optional
        As for :func:`plot_partition`.  Centroids outside it are not shown.
    max_panels : int
        The largest number of regions omega drawn.

    Returns
    -------
    exactpd.plot.figure.Figure
        Every panel has a ``"regions"`` collection; every panel of a power
        diagram a ``"centroids"`` scatter (one dot per site whose cell meets
        the view) and a ``"power circles"`` collection (one circle per such
        site with rho > 0).

    Raises
    ------
    DimensionError
        The network does not have 2 inputs, or ``layer`` is out of range.
    MissingDependencyError
        matplotlib is not installed.

    Notes
    -----
    The whole-view diagram of omega is computed exactly: it is the partition
    of the one-layer network whose pieces are the pieces of layer l pulled
    back through omega's affine map (the factor sites of
    :func:`exactpd.geometry.powerdiagram.input_power_diagram`), enumerated in the view.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, -1, 1]], [0])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> plot_power_diagram(part).axes[0].get_title().endswith("7 regions and their sites")
    True
    """
    mpl = matplotlib_modules()
    frame = view_of(partition, view)
    pieces = pieces_in(partition, frame.polytope)
    layers = maso_layers(partition.network)
    if not 0 <= layer < len(layers):
        raise DimensionError(f"layer {layer}: the network has {len(layers)} nonlinear layers")
    if layer == 0:
        fig, (ax,) = panel_figure(mpl, frame, 1)
        _layer_panel(ax, mpl, pieces, 0, frame, partition, with_sites=True)
        return fig
    parents = sorted({piece.code[:layer] for piece in pieces})[:max_panels]
    fig, axes = panel_figure(mpl, frame, len(parents) + 1, min(len(parents) + 1, 3))
    for number, (ax, parent) in enumerate(zip(axes, parents)):
        diagram = input_power_diagram(layers, layer, parent)
        whole = partition_in_view(_one_layer_network(diagram), frame.polytope)
        cells = pieces_in(whole, frame.polytope)
        by_cell = {code[0]: colour for code, colour in fill_colours(whole).items()}
        colours = [by_cell[cell.code[0]] for cell in cells]
        fill(ax, mpl, cells, colours, gid="diagram cells", alpha=0.5)
        lines(ax, mpl, [segment for segment, _ in sides_float(cells)], layer_colour(layer), 0.8, "diagram cuts")
        inside = [piece for piece in pieces if piece.code[:layer] == parent]
        fill(ax, mpl, inside, [by_cell[piece.code[layer]] for piece in inside])
        outline = [
            (point_float(p), point_float(q))
            for piece in inside
            for p, q, _, labels in piece_sides(piece)
            if DOMAIN in labels or (cut_layer(labels) is not None and cut_layer(labels) < layer)
        ]
        lines(ax, mpl, outline, "black", 2.0, "region outline", zorder=3)
        draw_sites(ax, mpl, [(diagram.cell(cell.code[0]), colour) for cell, colour in zip(cells, colours)])
        frame_axes(ax, frame, rf"$\omega_{{{number}}}$ of {omega(layer)}: layer-{layer + 1} diagram")
    _layer_panel(axes[-1], mpl, pieces, layer, frame, partition, with_sites=False)
    return fig
