"""The layer-by-layer subdivision Omega^(1), Omega^(1,2), ... (paper Theorem 3, eq. 15; Figs. 3, 7, 9)."""

from __future__ import annotations

from typing import Any

from exactpd.boundary.decision import decision_boundary
from exactpd.enumeration.partition import Partition
from exactpd.enumeration.region import DOMAIN
from exactpd.errors import DimensionError
from exactpd.network.maso import maso_layers
from exactpd.plot.boundary import draw_decision_boundary
from exactpd.plot.style import (
    BOUNDARY, CURRENT, EARLIER, HIGHLIGHT, fill, fill_colours, frame_axes, legend, lines, matplotlib_modules, omega,
    panel_figure, small_panel,
)
from exactpd.plot.view import cut_layer, pieces_in, sides_float, view_of

__all__ = ["plot_layers"]


def _units_per_layer(units: Any, n_layers: int, sides: list) -> list:
    """The unit to highlight in each layer (None: none); ``"auto"`` picks the unit that labels the most visible cut sides."""
    if units == "auto":
        counts: dict = {}
        for _, labels in sides:
            for label in labels:
                if label != DOMAIN:
                    counts[label] = counts.get(label, 0) + 1
        return [max((k for l, k in counts if l == layer), key=lambda k: (counts[(layer, k)], -k), default=None) for layer in range(n_layers)]
    if units is None or isinstance(units, int):
        return [units] * n_layers
    units = list(units)
    if len(units) != n_layers:
        raise DimensionError(f"units: {len(units)} entries for {n_layers} nonlinear layers")
    return units


def plot_layers(partition: Partition, *, units: Any = "auto", view: Any = None, unit_panels: bool = False):
    """The layer-by-layer subdivision (paper Theorem 3, eq. 15; Figs. 3, 7, 9).

    Panel l shows Omega^(1..l) (paper numbering): regions coloured by their
    code up to layer l, the cuts of layer l dark, those of earlier layers
    grey, and the cut of one unit of layer l highlighted in blue.  A facet
    is a cut of layer l when its labels name a unit of layer l (of the
    earliest layer if boundaries coincide).  For a network with one output a
    last panel shows the output layer's cut, the decision boundary, in red
    (:func:`plot_decision_boundary`).

    Parameters
    ----------
    partition : Partition
        Of a network with 2 inputs.
    units : "auto", int, sequence or None
        The unit to highlight: by default, in each layer the unit whose cut
        has the most sides in view; or the same index in every layer; or one
        entry per nonlinear layer (None for none); or None.
    view : (lows, highs), optional
        As for :func:`plot_partition`.
    unit_panels : bool
        Under each panel, a small panel with the highlighted unit's cut
        edge(k, l) alone (under the output panel: the decision boundary
        alone), linked to it by a dotted line (paper Figs. 7, 9).

    Returns
    -------
    exactpd.plot.figure.Figure
        One axes per nonlinear layer, each with a ``"regions"`` collection
        (one polygon per region of the final partition in view, coloured by
        code prefix), ``"earlier cuts"``, ``"new cuts"`` and ``"highlighted
        cut"`` line collections; then, for one output, an axes with a
        ``"decision boundary"`` collection.  With ``unit_panels``, after
        those: one small axes per panel with a highlighted cut, each with a
        ``"cut alone"`` line collection (the same segments), and one
        ``"unit link"`` dotted line per small panel whose cut is in view.

    Raises
    ------
    DimensionError
        The network does not have 2 inputs or has no nonlinear layer, or
        ``units`` has not one entry per nonlinear layer.
    MissingDependencyError
        matplotlib is not installed.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, -1, 1]], [0])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> len(plot_layers(part).axes)  # layer 1, then the output layer's decision boundary
    2
    """
    mpl = matplotlib_modules()
    frame = view_of(partition, view)
    pieces = pieces_in(partition, frame.polytope)
    n_layers = len(maso_layers(partition.network))
    if n_layers == 0:
        raise DimensionError("the network has no nonlinear layer: there is no subdivision to show")
    sides = list(sides_float(pieces))
    chosen = _units_per_layer(units, n_layers, sides)
    with_output = partition.network.output_dim == 1
    n_panels = n_layers + with_output
    fig, axes = panel_figure(mpl, frame, n_panels, min(n_panels, 4), under=0.6 if unit_panels else 0.0)
    alone = []  # (panel, segments, colour, title) of each small panel
    for layer, (ax, unit) in enumerate(zip(axes, chosen)):
        highlighted = _layer_panel(ax, mpl, partition, pieces, sides, frame, layer, unit)
        if unit is not None:
            alone.append((ax, highlighted, HIGHLIGHT, f"edge({unit}, {layer + 1}): unit {unit} of layer {layer + 1} alone"))
    proxies = [
        mpl.lines.Line2D([], [], color=EARLIER, linewidth=0.9, label="earlier layers"),
        mpl.lines.Line2D([], [], color=CURRENT, linewidth=1.3, label="the panel's layer"),
        mpl.lines.Line2D([], [], color=HIGHLIGHT, linewidth=2.6, label="one unit of it"),
    ]
    if with_output:
        handles = _output_panel(axes[-1], mpl, partition, pieces, sides, frame)
        proxies += handles
        alone.append((axes[-1], [tuple(map(tuple, s)) for s in handles[0].get_segments()], BOUNDARY, "the decision boundary alone"))
    if unit_panels:
        for ax, segments, colour, title in alone:
            small_panel(mpl, ax, frame, segments, colour, title)
    legend(axes[0], proxies, "cuts of")
    return fig


def _sorted_sides(sides: list, layer: int, unit: int | None) -> tuple[list, list, list, list]:
    """The sides' segments as (cuts of earlier layers, cuts of ``layer``, cuts of its ``unit``, the domain's)."""
    earlier, new, highlighted, domain = [], [], [], []
    for segment, labels in sides:
        cut = cut_layer(labels)
        if cut is None:
            domain.append(segment)
        elif cut < layer:
            earlier.append(segment)
        elif cut == layer:
            new.append(segment)
        if (layer, unit) in labels:
            highlighted.append(segment)
    return earlier, new, highlighted, domain


def _layer_panel(ax, mpl, partition: Partition, pieces: list, sides: list, frame, layer: int, unit: int | None) -> list:
    """Draw Omega^(1..layer+1) on ``ax``, ``unit``'s cut highlighted; return the highlighted segments."""
    colours = fill_colours(partition, layer + 1)
    fill(ax, mpl, pieces, [colours[piece.code[: layer + 1]] for piece in pieces])
    earlier, new, highlighted, domain = _sorted_sides(sides, layer, unit)
    lines(ax, mpl, earlier, EARLIER, 0.9, "earlier cuts")
    lines(ax, mpl, new, CURRENT, 1.3, "new cuts")
    if unit is not None:
        lines(ax, mpl, highlighted, HIGHLIGHT, 2.6, "highlighted cut", zorder=3)
    lines(ax, mpl, domain, "black", 1.0, "domain")
    regions = len({piece.code[: layer + 1] for piece in pieces})
    what = f"\nunit {unit} of layer {layer + 1} highlighted" if unit is not None else ""
    frame_axes(ax, frame, f"{omega(layer + 1)}: {regions} regions{what}")
    return highlighted


def _output_panel(ax, mpl, partition: Partition, pieces: list, sides: list, frame) -> list:
    """Draw the final partition, every cut grey, and the decision boundary on ``ax``; return its legend handles."""
    colours = fill_colours(partition)
    fill(ax, mpl, pieces, [colours[piece.code] for piece in pieces])
    lines(ax, mpl, [segment for segment, labels in sides if cut_layer(labels) is not None], EARLIER, 0.9, "earlier cuts")
    lines(ax, mpl, [segment for segment, labels in sides if cut_layer(labels) is None], "black", 1.0, "domain")
    drawn, handles = draw_decision_boundary(ax, mpl, decision_boundary(partition), pieces, frame, angles=False)
    frame_axes(ax, frame, f"output layer: {len(partition)} regions\nthe decision boundary, {drawn} pieces")
    return handles
