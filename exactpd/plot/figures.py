"""Pictures of exact partitions: the paper's 2-D figures (matplotlib, the extra ``exactpd[plot]``).

Every picture is drawn from an exact :class:`~exactpd.enumeration.partition.Partition` of
a network with two inputs (for more inputs, slice first:
:func:`exactpd.network.slicing.slice_network`).  The geometry is exact up to the
last step: the visible part of a region is the exact polygon
``region ∩ view`` (:func:`exactpd.kernel.polytope.vertices`), each of its sides
carries the labels ``(layer, unit)`` of the facet it lies on, and only then
are the corners turned into floats for matplotlib.  Nothing computed here
flows back into exactpd.  Two pictures go further: :func:`plot_lifting`
draws a layer's power diagram in the layer's own input space (1 or 2
dimensions) lifted onto the paraboloid, every height exact until drawn
(:mod:`exactpd.geometry.lifting`); :func:`plot_partition_polynomial` draws a value
at every pixel, from exact per-region factors multiplied in floats.

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot: no screen and no global figure registry are needed, and
``fig.savefig("out.png")`` writes the file.  Layers are numbered as in the
paper in titles and legends (nonlinear layer index ``l`` is layer ``l + 1``).

Colours: regions are filled by code, adjacent codes in different colours (a
greedy colouring of the graph of codes; a region of ``Omega^(1..l)`` uses its
code prefix), cuts are coloured by the layer that makes them, the decision
boundary is red.
Artists carry a ``gid`` (``"regions"``, ``"cuts layer 1"``, ``"centroids"``,
``"power circles"``, ``"graph edges"``, ...) so that they can be found again.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from exactpd.boundary.decision import DecisionBoundary, bend_degrees_float, boundary_components, decision_boundary
from exactpd.enumeration import enumerate_regions
from exactpd.errors import DimensionError, MissingDependencyError
from exactpd.enumeration.adjacency import adjacency_edges, adjacency_graph
from exactpd.geometry.lifting import paraboloid, piece_value, tangent_offset
from exactpd.network.maso import MasoLayer, maso_layers
from exactpd.network.layers import Maso, Network
from exactpd.enumeration.partition import Partition
from exactpd.kernel.polytope import HPolytope, box, intersect, is_bounded, is_full_dimensional, side, vertices
from exactpd.geometry.powerdiagram import input_power_diagram, site_offset
from exactpd.rational import QVector, Side, dot, to_vector
from exactpd.enumeration.region import DOMAIN

__all__ = [
    "plot_partition",
    "plot_partitions",
    "plot_layers",
    "plot_power_diagram",
    "plot_decision_boundary",
    "plot_graph",
    "plot_lifting",
    "plot_partition_polynomial",
]

PIXEL_SLACK_FLOAT = 1e-9
"""Relative slack when colouring heat-map pixels by region (drawing only; nothing exact depends on it)."""

_FILLS = ("#a6dcd3", "#fff2ae", "#cbc9e6", "#fdcdac", "#b3cde3", "#d4ecb0", "#f4cae4", "#e6d5b8")
_LAYER_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
_EARLIER = "#a0a0a0"  # cuts of earlier layers
_CURRENT = "#202020"  # cuts of the layer a panel is about
_HIGHLIGHT = "#1f77b4"  # the highlighted unit's cut
_BOUNDARY = "#d62728"  # the decision boundary
_ZERO_SET = "#ff5fa2"  # the partition polynomial's zero set, over viridis
_PANEL_INCHES = 3.6


def _matplotlib():
    """The matplotlib modules exactpd draws with, or MissingDependencyError naming the extra."""
    try:
        import matplotlib
        import matplotlib.collections
        import matplotlib.colors
        import matplotlib.figure
        import matplotlib.lines
        import matplotlib.patches
    except ImportError as err:
        raise MissingDependencyError(
            "plotting needs matplotlib, which is not installed: pip install 'exactpd[plot]'"
        ) from err
    return matplotlib


# --------------------------------------------------------------------------- exact geometry of a view


@dataclass(frozen=True)
class _Piece:
    """The visible part of one region: exact corners (counter-clockwise) and what each side lies on.

    ``sides[i]`` is ``(row, labels)`` for the side from ``corners[i]`` to
    ``corners[i + 1]``: the primitive row ``(a, b)`` it lies on and the labels
    of that facet of the region, or ``()`` on the edge of the view.
    """

    index: int
    code: tuple
    corners: tuple
    sides: tuple


def _sides(piece: _Piece):
    """Yield ``(p, q, row, labels)`` for each side of the piece, from corner p to corner q."""
    corners = piece.corners
    for p, q, (row, labels) in zip(corners, corners[1:] + corners[:1], piece.sides):
        yield p, q, row, labels


@dataclass(frozen=True)
class _View:
    """The rectangle drawn, exact: ``lows <= x <= highs``."""

    lows: QVector
    highs: QVector
    polytope: HPolytope


def _view(partition: Partition, view: Any) -> _View:
    """The view box: ``view = (lows, highs)``, else the domain's bounding box, else a box around every certificate point."""
    if partition.network.input_dim != 2:
        raise DimensionError(
            f"pictures need a network with 2 inputs, this one has {partition.network.input_dim}: "
            "slice it first (exactpd.network.slicing.slice_network)"
        )
    if view is not None:
        return _given_view(view, 2)
    if is_bounded(partition.domain):
        return _view_around(vertices(partition.domain), margin=Fraction(0))
    points = [p for region in partition.regions for p in _corners(region.polytope)]
    points = points or [p for region in partition.regions for p in region.facet_points] or [partition.regions[0].witness]
    return _view_around(points)


def _given_view(view: Any, dim: int) -> _View:
    lows, highs = to_vector(view[0], "view lows", length=dim), to_vector(view[1], "view highs", length=dim)
    return _View(lows, highs, box(lows, highs))


def _view_around(points: Sequence[QVector], margin: Fraction | None = None) -> _View:
    """The bounding box of the points, widened by ``margin`` (default: a quarter of the largest span, at least 1)."""
    dims = range(len(points[0]))
    if margin is None:
        margin = max(max(max(p[d] for p in points) - min(p[d] for p in points) for d in dims) / 4, Fraction(1))
    lows = tuple(min(p[d] for p in points) - margin for d in dims)
    highs = tuple(max(p[d] for p in points) + margin for d in dims)
    return _View(lows, highs, box(lows, highs))


def _corners(P: HPolytope) -> list[QVector]:
    """The vertices of a 2-D polygon, bounded or not: the points of P where two of its rows meet."""
    found = []
    for i, (u, bu) in enumerate(zip(P.A, P.b)):
        for v, bv in zip(P.A[i + 1 :], P.b[i + 1 :]):
            det = u[0] * v[1] - u[1] * v[0]
            if det != 0:
                point = (Fraction(bu * v[1] - bv * u[1], det), Fraction(u[0] * bv - v[0] * bu, det))
                if side(P, point) is not Side.OUTSIDE:
                    found.append(point)
    return found


def _pieces(partition: Partition, view: HPolytope) -> tuple[_Piece, ...]:
    """The visible part of every region that meets the view's interior, in region order."""
    found = []
    for index, region in enumerate(partition.regions):
        clipped = intersect(region.polytope, view)
        if not is_full_dimensional(clipped):
            continue
        corners = vertices(clipped)
        rows = list(zip(zip(region.polytope.A, region.polytope.b), region.labels))
        rows += [(row, ()) for row in zip(view.A, view.b)]
        sides = tuple(
            next((row, labels) for row, labels in rows if dot(row[0], p) == row[1] == dot(row[0], q))
            for p, q in zip(corners, corners[1:] + corners[:1])
        )
        found.append(_Piece(index, region.code, corners, sides))
    return tuple(found)


def _section(piece: _Piece, normal: QVector, offset: Fraction) -> tuple | None:
    """The exact segment ``{x in piece : <normal, x> + offset = 0}`` (its two ends), or None if it is not a segment."""
    corners = piece.corners
    values = [dot(normal, p) + offset for p in corners]
    points = set()
    for p, q, fp, fq in zip(corners, corners[1:] + corners[:1], values, values[1:] + values[:1]):
        if fp == 0:
            points.add(p)
        elif fq != 0 and (fp < 0) != (fq < 0):
            t = fp / (fp - fq)
            points.add(tuple(a + t * (b - a) for a, b in zip(p, q)))
    ends = sorted(points)  # collinear points: lexicographic order is the order along the line
    return (ends[0], ends[-1]) if len(ends) >= 2 else None


def _shared_side(piece_u: _Piece, piece_v: _Piece, row: tuple) -> tuple | None:
    """The exact common part of the side of ``piece_u`` on ``row`` and the side of ``piece_v`` on its opposite."""
    opposite = (tuple(-a for a in row[0]), -row[1])
    ends = []
    for piece, wanted in ((piece_u, row), (piece_v, opposite)):
        found = [sorted((p, q)) for p, q, r, _ in _sides(piece) if r == wanted]
        if not found:
            return None
        ends.append(found[0])
    low, high = max(ends[0][0], ends[1][0]), min(ends[0][1], ends[1][1])
    return (low, high) if low < high else None


# --------------------------------------------------------------------------- floats, for drawing only


def _point_float(p: QVector) -> tuple[float, float]:
    return (float(p[0]), float(p[1]))


def _fill_colours(partition: Partition, depth: int | None = None) -> dict:
    """A light fill colour per code (or code prefix of ``depth`` layers), different for adjacent regions.

    Codes are visited in order; each takes, among the palette colours that no
    adjacent code has yet, the least used one (so the whole palette is used,
    evenly, and the colours are reproducible).  Two codes are adjacent when
    two of their regions share a facet (the partition's edges, computed here
    when it has none).
    """
    def key(region):
        return region.code if depth is None else region.code[:depth]

    neighbours: dict = {key(region): set() for region in partition.regions}
    for edge in partition.edges or adjacency_edges(partition.regions, partition.network):
        u, v = key(partition.regions[edge.u]), key(partition.regions[edge.v])
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    used = [0] * len(_FILLS)
    chosen: dict = {}
    for code in sorted(neighbours):
        taken = {chosen[other] for other in neighbours[code] if other in chosen}
        index = min((i for i in range(len(_FILLS)) if i not in taken), key=lambda i: (used[i], i), default=0)
        chosen[code] = index
        used[index] += 1
    return {code: _rgb(_FILLS[index]) for code, index in chosen.items()}


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _darker(colour: tuple[float, float, float]) -> tuple[float, float, float]:
    hue, lightness, saturation = colorsys.rgb_to_hls(*colour)
    return colorsys.hls_to_rgb(hue, lightness * 0.45, min(1.0, saturation + 0.2))


def _layer_colour(layer: int) -> str:
    return _LAYER_COLOURS[layer % len(_LAYER_COLOURS)]


def _cut_layer(labels: tuple) -> int | None:
    """The earliest layer whose unit makes a facet, or None for a domain facet."""
    layers = [label[0] for label in labels if label != DOMAIN]
    return min(layers) if layers and DOMAIN not in labels else None


def _sides_float(pieces: Sequence[_Piece]):
    """Yield ``(segment, labels)`` for every cut once and every domain side, as float segments.

    A cut is a side of the two regions it separates, with opposite
    orientations; it is drawn from the region where the first non-zero
    coefficient of its row is positive.  Sides on the view's edge are skipped.
    """
    for piece in pieces:
        for p, q, row, labels in _sides(piece):
            if not labels:
                continue
            if DOMAIN in labels or next(a for a in row[0] if a) > 0:
                yield (_point_float(p), _point_float(q)), labels


# --------------------------------------------------------------------------- matplotlib pieces


def _figure(mpl, frame: _View, n_panels: int, ncols: int | None = None, under: float = 0.0):
    """A constrained-layout figure with ``n_panels`` axes shaped like the view (:func:`_legend` widens it).

    ``under > 0`` leaves a row of that relative height under each row of
    panels, for small panels (:func:`_small_panel`).
    """
    ncols = ncols or min(n_panels, 3)
    nrows = math.ceil(n_panels / ncols)
    ratio = float((frame.highs[0] - frame.lows[0]) / (frame.highs[1] - frame.lows[1]))
    width = _PANEL_INCHES * min(max(ratio, 0.6), 1.8)
    size = (width * ncols + 0.5, _PANEL_INCHES * nrows + 0.4 + (_PANEL_INCHES * under + 1.0) * nrows * (under > 0))
    fig = mpl.figure.Figure(figsize=size, layout="compressed")
    step = 2 if under else 1
    grid = fig.add_gridspec(step * nrows, ncols, height_ratios=[1, under] * nrows if under else None)
    return fig, [fig.add_subplot(grid[step * (i // ncols), i % ncols]) for i in range(n_panels)]


def _small_panel(mpl, ax, frame: _View, segments: list, colour: str, title: str):
    """Under ``ax``: a small panel of the view with ``segments`` alone, the middle of the longest linked to itself in ``ax`` by a dotted line."""
    spec = ax.get_subplotspec()
    grid = spec.get_gridspec()
    small = ax.figure.add_subplot(grid[spec.rowspan.start + 1, spec.colspan.start])
    small.set_xlim(float(frame.lows[0]), float(frame.highs[0]))
    small.set_ylim(float(frame.lows[1]), float(frame.highs[1]))
    small.set_aspect("equal")
    small.set_xticks([])
    small.set_yticks([])
    small.set_xlabel(title, fontsize=8)
    _lines(small, mpl, segments, colour, 1.6, "cut alone")
    if segments:
        (x0, y0), (x1, y1) = max(segments, key=lambda s: (s[1][0] - s[0][0]) ** 2 + (s[1][1] - s[0][1]) ** 2)
        middle = ((x0 + x1) / 2, (y0 + y1) / 2)
        link = mpl.patches.ConnectionPatch(
            middle, middle, coordsA="data", coordsB="data", axesA=ax, axesB=small,
            color=colour, linestyle=":", linewidth=1.2, zorder=5,
        )
        link.set_gid("unit link")
        ax.figure.add_artist(link)
    return small


def _frame(ax, frame: _View, title: str) -> None:
    ax.set_xlim(float(frame.lows[0]), float(frame.highs[0]))
    ax.set_ylim(float(frame.lows[1]), float(frame.highs[1]))
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title, fontsize=10)


def _fill(ax, mpl, pieces: Sequence[_Piece], colours: Sequence, gid: str = "regions", alpha: float = 1.0):
    """One polygon per piece; the thin edge in the face colour hides antialiasing seams."""
    polygons = mpl.collections.PolyCollection(
        [[_point_float(c) for c in piece.corners] for piece in pieces],
        facecolors=colours,
        edgecolors=colours,
        linewidths=0.4,
        alpha=alpha,
        zorder=1,
    )
    polygons.set_gid(gid)
    ax.add_collection(polygons)
    return polygons


def _lines(ax, mpl, segments: list, colour, width: float, gid: str, label: str | None = None, zorder: float = 2):
    """A LineCollection of float segments (also when empty, so that a legend entry always exists)."""
    lines = mpl.collections.LineCollection(
        segments, colors=colour, linewidths=width, label=label, zorder=zorder, capstyle="round"
    )
    lines.set_gid(gid)
    ax.add_collection(lines)
    return lines


def _draw_partition(ax, mpl, partition: Partition, pieces: Sequence[_Piece]) -> list:
    """Regions coloured by code, cuts coloured by layer, the domain outlined; returns the legend handles."""
    colours = _fill_colours(partition)
    _fill(ax, mpl, pieces, [colours[piece.code] for piece in pieces])
    by_layer: dict[int | None, list] = {}
    for segment, labels in _sides_float(pieces):
        by_layer.setdefault(_cut_layer(labels), []).append(segment)
    handles = []
    for layer in sorted(key for key in by_layer if key is not None):
        handles.append(_lines(ax, mpl, by_layer[layer], _layer_colour(layer), 1.3, f"cuts layer {layer + 1}", f"layer {layer + 1}"))
    _lines(ax, mpl, by_layer.get(None, []), "black", 1.0, "domain")
    return handles


def _legend(ax, handles: list, title: str, outside: bool = True) -> None:
    """The legend: outside on the right of a figure exactpd made (widened to hold it), inside a caller's axes."""
    if not handles:
        return
    if not outside:
        ax.legend(handles=handles, title=title, loc="lower left", fontsize=7, title_fontsize=7, framealpha=0.85)
        return
    fig = ax.figure
    if len(fig.axes) == 1:
        ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.03, 1), borderaxespad=0, fontsize=8, title_fontsize=8, frameon=False)
    else:
        fig.legend(handles=handles, title=title, loc="outside right upper", fontsize=8, title_fontsize=8, frameon=False)
    longest = max(len(text) for text in [*title.split("\n"), *(h.get_label() for h in handles)])
    width, height = fig.get_size_inches()
    fig.set_size_inches(width + 0.3 + 0.06 * longest, height)


def _omega(upto: int) -> str:
    """Omega^(1..upto) in the paper's notation, as mathtext."""
    layers = ",".join(str(i) for i in range(1, upto + 1)) if upto <= 4 else f"1..{upto}"
    return rf"$\Omega^{{({layers})}}$"


# --------------------------------------------------------------------------- the pictures


def plot_partition(partition: Partition, *, view: Any = None, ax: Any = None, title: str | None = None):
    """The partition: each region's exact polygon coloured by its code, cuts coloured by layer.

    Parameters
    ----------
    partition : Partition
        Of a network with 2 inputs.
    view : (lows, highs), optional
        The rectangle ``lows <= x <= highs`` to draw; unbounded regions are
        clipped to it.  Default: the domain's bounding box, or for an
        unbounded domain a box around every witness and facet point.
    ax : matplotlib Axes, optional
        Draw into it instead of a new figure.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One ``PolyCollection`` (gid ``"regions"``) with one polygon per region
        that meets the view, one ``LineCollection`` per layer
        (gid ``"cuts layer l"``), and the domain's sides (gid ``"domain"``).

    Raises
    ------
    MissingDependencyError
        matplotlib is not installed (``pip install 'exactpd[plot]'``).
    DimensionError
        The network does not have 2 inputs.
    """
    mpl = _matplotlib()
    frame = _view(partition, view)
    pieces = _pieces(partition, frame.polytope)
    outside = ax is None
    if outside:
        fig, (ax,) = _figure(mpl, frame, 1)
    handles = _draw_partition(ax, mpl, partition, pieces)
    shown = f"{len(pieces)} of {len(partition)} regions in view" if len(pieces) != len(partition) else f"{len(partition)} regions"
    _frame(ax, frame, title if title is not None else shown)
    _legend(ax, handles, "cuts of", outside)
    return ax.figure


def plot_partitions(partitions: Sequence[Partition], titles: Sequence[str] | None = None, *, view: Any = None, ncols: int = 3):
    """Several partitions side by side (e.g. the weight-constraint panels of paper Fig. 5).

    Each panel is :func:`plot_partition`'s picture; ``view`` is shared.
    Returns the Figure.
    """
    mpl = _matplotlib()
    fig, axes = _figure(mpl, _view(partitions[0], view), len(partitions), min(ncols, len(partitions)))
    titles = list(titles) if titles is not None else [None] * len(partitions)
    handles: dict[str, Any] = {}
    for ax, partition, title in zip(axes, partitions, titles):
        frame = _view(partition, view)
        pieces = _pieces(partition, frame.polytope)
        for handle in _draw_partition(ax, mpl, partition, pieces):
            handles.setdefault(handle.get_label(), handle)
        _frame(ax, frame, f"{title}: {len(pieces)} regions" if title else f"{len(pieces)} regions")
    _legend(axes[0], [handles[k] for k in sorted(handles)], "cuts of")
    return fig


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
    matplotlib.figure.Figure
        One axes per nonlinear layer, each with a ``"regions"`` collection
        (one polygon per region of the final partition in view, coloured by
        code prefix), ``"earlier cuts"``, ``"new cuts"`` and ``"highlighted
        cut"`` line collections; then, for one output, an axes with a
        ``"decision boundary"`` collection.  With ``unit_panels``, after
        those: one small axes per panel with a highlighted cut, each with a
        ``"cut alone"`` line collection (the same segments), and one
        ``"unit link"`` dotted line per small panel whose cut is in view.
    """
    mpl = _matplotlib()
    frame = _view(partition, view)
    pieces = _pieces(partition, frame.polytope)
    n_layers = len(maso_layers(partition.network))
    if n_layers == 0:
        raise DimensionError("the network has no nonlinear layer: there is no subdivision to show")
    sides = list(_sides_float(pieces))
    chosen = _units_per_layer(units, n_layers, sides)
    with_output = partition.network.output_dim == 1
    n_panels = n_layers + with_output
    fig, axes = _figure(mpl, frame, n_panels, min(n_panels, 4), under=0.6 if unit_panels else 0.0)
    alone = []  # (panel, segments, colour, title) of each small panel
    for layer, (ax, unit) in enumerate(zip(axes, chosen)):
        colours = _fill_colours(partition, layer + 1)
        _fill(ax, mpl, pieces, [colours[piece.code[: layer + 1]] for piece in pieces])
        earlier, new, highlighted, domain = [], [], [], []
        for segment, labels in sides:
            cut = _cut_layer(labels)
            if cut is None:
                domain.append(segment)
            elif cut < layer:
                earlier.append(segment)
            elif cut == layer:
                new.append(segment)
            if (layer, unit) in labels:
                highlighted.append(segment)
        _lines(ax, mpl, earlier, _EARLIER, 0.9, "earlier cuts")
        _lines(ax, mpl, new, _CURRENT, 1.3, "new cuts")
        if unit is not None:
            _lines(ax, mpl, highlighted, _HIGHLIGHT, 2.6, "highlighted cut", zorder=3)
            alone.append((ax, highlighted, _HIGHLIGHT, f"edge({unit}, {layer + 1}): unit {unit} of layer {layer + 1} alone"))
        _lines(ax, mpl, domain, "black", 1.0, "domain")
        regions = len({piece.code[: layer + 1] for piece in pieces})
        what = f"\nunit {unit} of layer {layer + 1} highlighted" if unit is not None else ""
        _frame(ax, frame, f"{_omega(layer + 1)}: {regions} regions{what}")
    proxies = [
        mpl.lines.Line2D([], [], color=_EARLIER, linewidth=0.9, label="earlier layers"),
        mpl.lines.Line2D([], [], color=_CURRENT, linewidth=1.3, label="the panel's layer"),
        mpl.lines.Line2D([], [], color=_HIGHLIGHT, linewidth=2.6, label="one unit of it"),
    ]
    if with_output:
        ax = axes[-1]
        colours = _fill_colours(partition)
        _fill(ax, mpl, pieces, [colours[piece.code] for piece in pieces])
        _lines(ax, mpl, [segment for segment, labels in sides if _cut_layer(labels) is not None], _EARLIER, 0.9, "earlier cuts")
        _lines(ax, mpl, [segment for segment, labels in sides if _cut_layer(labels) is None], "black", 1.0, "domain")
        drawn, handles = _draw_decision_boundary(ax, mpl, decision_boundary(partition), pieces, frame, angles=False)
        _frame(ax, frame, f"output layer: {len(partition)} regions\nthe decision boundary, {drawn} pieces")
        proxies += handles
        alone.append((ax, [tuple(map(tuple, s)) for s in handles[0].get_segments()], _BOUNDARY, "the decision boundary alone"))
    if unit_panels:
        for ax, segments, colour, title in alone:
            _small_panel(mpl, ax, frame, segments, colour, title)
    _legend(axes[0], proxies, "cuts of")
    return fig


def _one_layer_network(diagram) -> Network:
    """The network of one MASO layer whose pieces are the diagram's factor sites (Lemma 1 read backwards)."""
    slopes = [[site.centroid for site in factor] for factor in diagram.factors]
    offsets = [[site_offset(site) for site in factor] for factor in diagram.factors]
    return Network(2, [Maso(slopes, offsets)])


def _draw_sites(ax, mpl, sites_and_colours: list) -> None:
    """Centroids as dots and, where the power weight is positive, the circle of radius sqrt(rho)."""
    if not sites_and_colours:
        return
    xy = [_point_float(site.centroid) for site, _ in sites_and_colours]
    colours = [_darker(colour) for _, colour in sites_and_colours]
    dots = ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=22, c=colours, edgecolors="black", linewidths=0.6, zorder=5)
    dots.set_gid("centroids")
    circles = [
        mpl.patches.Circle(_point_float(site.centroid), math.sqrt(float(site.power_weight)))
        for site, _ in sites_and_colours
        if site.power_weight > 0
    ]
    edge_colours = [_darker(colour) for site, colour in sites_and_colours if site.power_weight > 0]
    ring = mpl.collections.PatchCollection(circles, facecolors="none", edgecolors=edge_colours, linewidths=1.0, zorder=4)
    ring.set_gid("power circles")
    ax.add_collection(ring)


def _layer_panel(ax, mpl, pieces: Sequence[_Piece], layer: int, frame: _View, partition: Partition, with_sites: bool) -> None:
    """Omega^(1..layer+1): earlier cuts black, the layer's cuts in its colour, and optionally each region's site."""
    colours = _fill_colours(partition, layer + 1)
    _fill(ax, mpl, pieces, [colours[piece.code[: layer + 1]] for piece in pieces])
    earlier, new = [], []
    for segment, labels in _sides_float(pieces):
        cut = _cut_layer(labels)
        if cut is not None and cut < layer:
            earlier.append(segment)
        elif cut == layer:
            new.append(segment)
    _lines(ax, mpl, earlier, _CURRENT, 1.6, "earlier cuts")
    _lines(ax, mpl, new, _layer_colour(layer), 1.0, "new cuts")
    sites = {}
    for piece in pieces:
        prefix = piece.code[: layer + 1]
        sites.setdefault(prefix, (partition.regions[piece.index].sites[layer], colours[prefix]))
    if with_sites:
        _draw_sites(ax, mpl, list(sites.values()))
        _frame(ax, frame, f"{_omega(layer + 1)}: {len(sites)} regions and their sites")
    else:
        _frame(ax, frame, f"the union, {_omega(layer + 1)}: {len(sites)} regions")


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
    matplotlib.figure.Figure
        Every panel has a ``"regions"`` collection; every panel of a power
        diagram a ``"centroids"`` scatter (one dot per site whose cell meets
        the view) and a ``"power circles"`` collection (one circle per such
        site with rho > 0).

    Notes
    -----
    The whole-view diagram of omega is computed exactly: it is the partition
    of the one-layer network whose pieces are the pieces of layer l pulled
    back through omega's affine map (the factor sites of
    :func:`exactpd.geometry.powerdiagram.input_power_diagram`), enumerated in the view.
    """
    mpl = _matplotlib()
    frame = _view(partition, view)
    pieces = _pieces(partition, frame.polytope)
    layers = maso_layers(partition.network)
    if not 0 <= layer < len(layers):
        raise DimensionError(f"layer {layer}: the network has {len(layers)} nonlinear layers")
    if layer == 0:
        fig, (ax,) = _figure(mpl, frame, 1)
        _layer_panel(ax, mpl, pieces, 0, frame, partition, with_sites=True)
        return fig
    parents = sorted({piece.code[:layer] for piece in pieces})[:max_panels]
    fig, axes = _figure(mpl, frame, len(parents) + 1, min(len(parents) + 1, 3))
    for number, (ax, parent) in enumerate(zip(axes, parents)):
        diagram = input_power_diagram(layers, layer, parent)
        whole = enumerate_regions(_one_layer_network(diagram), frame.polytope)
        cells = _pieces(whole, frame.polytope)
        by_cell = {code[0]: colour for code, colour in _fill_colours(whole).items()}
        colours = [by_cell[cell.code[0]] for cell in cells]
        _fill(ax, mpl, cells, colours, gid="diagram cells", alpha=0.5)
        _lines(ax, mpl, [segment for segment, _ in _sides_float(cells)], _layer_colour(layer), 0.8, "diagram cuts")
        inside = [piece for piece in pieces if piece.code[:layer] == parent]
        _fill(ax, mpl, inside, [by_cell[piece.code[layer]] for piece in inside])
        outline = [
            (_point_float(p), _point_float(q))
            for piece in inside
            for p, q, _, labels in _sides(piece)
            if DOMAIN in labels or (_cut_layer(labels) is not None and _cut_layer(labels) < layer)
        ]
        _lines(ax, mpl, outline, "black", 2.0, "region outline", zorder=3)
        _draw_sites(ax, mpl, [(diagram.cell(cell.code[0]), colour) for cell, colour in zip(cells, colours)])
        _frame(ax, frame, rf"$\omega_{{{number}}}$ of {_omega(layer)}: layer-{layer + 1} diagram")
    _layer_panel(axes[-1], mpl, pieces, layer, frame, partition, with_sites=False)
    return fig


def _draw_decision_boundary(ax, mpl, boundary: DecisionBoundary, pieces: Sequence[_Piece], frame: _View, angles: bool) -> tuple:
    """The boundary in red (pieces, facets along which f vanishes, regions where it does), bends marked and labelled.

    Returns the number of pieces drawn and the legend handles.
    """
    visible = {piece.index: piece for piece in pieces}
    segments = []
    for part in boundary.pieces:
        if part.region in visible:
            ends = _section(visible[part.region], part.normal, part.offset)
            if ends is not None:
                segments.append(tuple(_point_float(p) for p in ends))
    drawn = len(segments)
    for index in boundary.facet_edges:
        edge = boundary.partition.edges[index]
        if edge.u in visible and edge.v in visible:
            ends = _shared_side(visible[edge.u], visible[edge.v], edge.hyperplane)
            if ends is not None:
                segments.append(tuple(_point_float(p) for p in ends))
    handles = [_lines(ax, mpl, segments, _BOUNDARY, 2.4, "decision boundary", "decision boundary", zorder=4)]
    flat = [visible[i] for i in boundary.flat_regions if i in visible]
    shaded = _fill(ax, mpl, flat, [_rgb(_BOUNDARY)] * len(flat), gid="flat regions", alpha=0.35)
    if flat:
        shaded.set_label("f = 0 on a whole region")
        handles.append(shaded)
    shown = [bend for bend in boundary.bends if side(frame.polytope, bend.point) is not Side.OUTSIDE]
    xy = [_point_float(bend.point) for bend in shown]
    marks = ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=16, c="white", edgecolors=_BOUNDARY, linewidths=1.2, zorder=5)
    marks.set_gid("bends")
    if angles:
        for bend, (x, y) in zip(shown, xy):
            text = ax.annotate(
                f"{bend_degrees_float(bend):.0f}°", (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7,
                color=_BOUNDARY, bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
                zorder=6,
            )
            text.set_gid("bend angle")
    return drawn, handles


def plot_decision_boundary(partition: Partition, *, logits: Sequence[int] | None = None, view: Any = None, angles: bool = True):
    """The decision boundary in red over the partition, with its bend angles (paper section 5, eq. 26).

    The boundary comes from :func:`exactpd.boundary.decision.decision_boundary`: on
    each region the decision function is affine, ``f(x) = <a, x> + c``, and
    its zero set there is one straight piece, clipped exactly to the region's
    visible polygon.  Where two pieces meet across a facet the bend is marked
    and labelled with its angle theta, ``cos theta = <a_u, a_v> / (||a_u|| ||a_v||)``
    (0 degrees: no bend).  Facets along which f vanishes are drawn red too,
    and regions where f is identically 0 are shaded red.

    Parameters
    ----------
    partition : Partition
        Of a network with 2 inputs, with its edges (the bends are found across them).
    logits : (c, c'), optional
        For a network with several outputs: the boundary of ``f = z_c - z_c'``.
    view : (lows, highs), optional
        As for :func:`plot_partition`.
    angles : bool
        Label every bend with its angle in degrees.

    Returns
    -------
    matplotlib.figure.Figure
        With the ``"regions"`` and cut collections of :func:`plot_partition`,
        a ``"decision boundary"`` line collection (one segment per boundary
        piece in view, then one per facet along which f vanishes), a
        ``"flat regions"`` collection (one polygon per region in view where
        f is identically 0), a ``"bends"`` scatter (one mark per bend in view) and one ``"bend angle"``
        text per mark when ``angles``.
    """
    mpl = _matplotlib()
    frame = _view(partition, view)
    pieces = _pieces(partition, frame.polytope)
    boundary = decision_boundary(partition, logits)
    fig, (ax,) = _figure(mpl, frame, 1)
    handles = _draw_partition(ax, mpl, partition, pieces)
    for handle in handles:
        handle.set_alpha(0.6)
    drawn, boundary_handles = _draw_decision_boundary(ax, mpl, boundary, pieces, frame, angles)
    components = len(boundary_components(boundary))
    what = "" if logits is None else f" $z_{logits[0]} = z_{logits[1]}$"
    counts = f"{len(boundary.pieces)} pieces" if drawn == len(boundary.pieces) else f"{drawn} of {len(boundary.pieces)} pieces in view"
    parts = f"{components} connected part" + ("s" if components != 1 else "")
    _frame(ax, frame, f"decision boundary{what}\n{counts}, {parts}")
    _legend(ax, handles + boundary_handles, "cuts of")
    return fig


def plot_graph(partition: Partition, *, view: Any = None):
    """The adjacency graph (:func:`exactpd.enumeration.adjacency.adjacency_graph`) drawn over the partition.

    A node sits at its region's witness (or, when the witness is outside the
    view, at the mean of the region's visible corners); an edge runs from one
    node through its certificate point on the shared face (when in view) to
    the other, coloured by the earliest layer among the flipped units.

    Returns
    -------
    matplotlib.figure.Figure
        With a faded ``"regions"`` collection, a ``"graph nodes"`` scatter
        (one dot per region in view) and one ``"graph edges layer l"`` line
        collection per layer (one polyline per edge between two nodes in view).
    """
    mpl = _matplotlib()
    frame = _view(partition, view)
    pieces = _pieces(partition, frame.polytope)
    graph = adjacency_graph(partition)
    fig, (ax,) = _figure(mpl, frame, 1)
    colours = _fill_colours(partition)
    _fill(ax, mpl, pieces, [colours[piece.code] for piece in pieces], alpha=0.45)
    _lines(ax, mpl, [segment for segment, _ in _sides_float(pieces)], "#808080", 0.6, "cuts")
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
            path = [_point_float(p) for p in [position[u], *via, position[v]]]
            by_layer.setdefault(min(layer for layer, _ in data["flips"]), []).append(path)
    handles = [
        _lines(ax, mpl, by_layer[layer], _layer_colour(layer), 1.4, f"graph edges layer {layer + 1}", f"layer {layer + 1}")
        for layer in sorted(by_layer)
    ]
    xy = [_point_float(position[piece.index]) for piece in pieces]
    nodes = ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=14, c="black", zorder=5)
    nodes.set_gid("graph nodes")
    n_edges = sum(len(paths) for paths in by_layer.values())
    _frame(ax, frame, f"adjacency graph: {len(pieces)} regions, {n_edges} edges in view")
    _legend(ax, handles, "edges flip\na unit of")
    return fig


# --------------------------------------------------------------------------- the paraboloid lifting (Fig. 2 type)


def _lifted_layer(source: Network | MasoLayer, layer: int) -> MasoLayer:
    """The MASO layer to lift: ``source`` itself, or the network's nonlinear layer ``layer``."""
    if isinstance(source, MasoLayer):
        return source
    layers = maso_layers(source)
    if not 0 <= layer < len(layers):
        raise DimensionError(f"layer {layer}: the network has {len(layers)} nonlinear layers")
    return layers[layer]


def _diagram_partition(maso: MasoLayer, unit: int | None) -> Partition:
    """The power diagram of one unit (Lemma 1) or of the layer (Theorem 1) in the layer's input space, over all of R^d.

    It is the partition of the one-layer network made of those units; the
    site of each cell is ``region.sites[0]`` (centroid ``mu_r = sum_k A_{k, r_k}``,
    power weight ``rho_r = ||mu_r||^2 + 2 beta_r``).
    """
    units = range(maso.n_units) if unit is None else [unit]
    net = Network(maso.input_dim, [Maso([maso.slopes[k] for k in units], [maso.offsets[k] for k in units])])
    return enumerate_regions(net, progress=False)


def _interval(P: HPolytope) -> tuple:
    """The ends ``(low, high)`` of a 1-D polytope ``{a x <= b}``, None where it is unbounded."""
    lows = [Fraction(b) / a for (a,), b in zip(P.A, P.b) if a < 0]
    highs = [Fraction(b) / a for (a,), b in zip(P.A, P.b) if a > 0]
    return (max(lows) if lows else None, min(highs) if highs else None)


def _lifting_view(partition: Partition, view: Any) -> _View:
    """``view``, else a box around every corner of the diagram and every centroid of a non-empty cell."""
    dim = partition.network.input_dim
    if view is not None:
        return _given_view(view, dim)
    if dim == 1:
        points = [(end,) for region in partition.regions for end in _interval(region.polytope) if end is not None]
    else:
        points = [p for region in partition.regions for p in _corners(region.polytope)]
    return _view_around(points + [region.sites[0].centroid for region in partition.regions])


def _grid(low: Fraction, high: Fraction, n: int) -> list[Fraction]:
    """``n + 1`` exact, evenly spaced points from low to high."""
    return [low + (high - low) * i / n for i in range(n + 1)]


def _tangent_patch(centroid: QVector, half_width: Fraction) -> list:
    """The exact points of the plane tangent to U at the centroid (power weight 0, eq. 27), over a square (a segment in 1-D)."""
    offset = tangent_offset(centroid)
    if len(centroid) == 1:
        corners = [(centroid[0] - half_width,), (centroid[0] + half_width,)]
    else:
        corners = [(centroid[0] + sx * half_width, centroid[1] + sy * half_width) for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    return [(*corner, piece_value(centroid, offset, corner)) for corner in corners]


def _site_proxies(mpl, sphere: str) -> list:
    """Legend entries for the centroids and the spheres of the lifting pictures."""
    grey = _darker(_rgb(_FILLS[0]))
    return [
        mpl.lines.Line2D([], [], color="none", marker="o", markerfacecolor=grey, markeredgecolor="black", label=r"centroid $\mu$"),
        mpl.lines.Line2D([], [], color=grey, linewidth=1.4, label=sphere),
    ]


def _lifting_curves(ax, mpl, partition: Partition, frame: _View, title: str) -> list:
    """1-D input: U, the pieces, their upper envelope P, the tangent lines and, below, the power diagram; returns legend handles."""
    low, high = frame.lows[0], frame.highs[0]
    colours = _fill_colours(partition)
    cells = []
    for region in partition.regions:
        start, end = _interval(region.polytope)
        start, end = low if start is None else max(start, low), high if end is None else min(end, high)
        if start < end:
            cells.append((start, end, region.sites[0], colours[region.code]))
    cells.sort(key=lambda cell: cell[0])
    shown = [(site, colour) for *_, site, colour in cells if low <= site.centroid[0] <= high]
    curve = [(x, paraboloid([x])) for x in _grid(low, high, 200)]
    envelope = [(x, piece_value(site.centroid, site_offset(site), [x])) for start, end, site, _ in cells for x in (start, end)]
    heights = [float(y) for _, y in envelope] + [float(paraboloid(site.centroid)) for site, _ in shown]
    bottom, top = min(heights + [float(y) for _, y in curve]), max(heights)
    band = (top - bottom) * 0.16
    floor = bottom - 1.2 * band
    ax.set_ylim(floor - 0.55 * band, top + 0.6 * band)  # U grows fast: shown up to the top of P and the tangent points
    pieces = [
        [(float(x), float(piece_value(site.centroid, site_offset(site), [x]))) for x in (low, high)] for _, _, site, _ in cells
    ]
    piece_colours = [_darker(colour) for *_, colour in cells]
    _lines(ax, mpl, pieces, piece_colours, 0.8, "pieces", zorder=2).set_alpha(0.7)
    (u_line,) = ax.plot([float(x) for x, _ in curve], [float(y) for _, y in curve], color="black", linewidth=1.2, zorder=3)
    u_line.set_gid("paraboloid")
    (p_line,) = ax.plot([float(x) for x, _ in envelope], [float(y) for _, y in envelope], color=_CURRENT, linewidth=2.6, zorder=4)
    p_line.set_gid("max-affine")
    half = (high - low) / 8
    tangents = [[(float(x), float(y)) for x, y in _tangent_patch(site.centroid, half)] for site, _ in shown]
    tangent_lines = _lines(ax, mpl, tangents, [_darker(c) for _, c in shown], 1.4, "tangent planes", zorder=3)
    tangent_lines.set_linestyle("--")
    touches = ax.scatter([float(s.centroid[0]) for s, _ in shown], [float(paraboloid(s.centroid)) for s, _ in shown],
                         s=18, c=[_darker(c) for _, c in shown], edgecolors="black", linewidths=0.5, zorder=5)
    touches.set_gid("tangent points")
    bands = [
        mpl.patches.Rectangle((float(start), floor - band / 2), float(end - start), band) for start, end, _, _ in cells
    ]
    strip = mpl.collections.PatchCollection(bands, facecolors=[c for *_, c in cells], edgecolors="black", linewidths=0.6, zorder=2)
    strip.set_gid("power diagram")
    ax.add_collection(strip)
    drops = [((float(x), float(y)), (float(x), floor)) for x, y in envelope[1:-1:2]]
    _lines(ax, mpl, drops, _EARLIER, 0.8, "projection", zorder=1).set_linestyle(":")
    levels = [floor + band * (0.35 - 0.7 * i / max(len(shown) - 1, 1)) for i in range(len(shown))]  # one level per site
    dots = ax.scatter([float(s.centroid[0]) for s, _ in shown], levels, s=22,
                      c=[_darker(c) for _, c in shown], edgecolors="black", linewidths=0.6, zorder=5)
    dots.set_gid("centroids")
    spheres = [
        [(float(site.centroid[0]) - radius, level), (float(site.centroid[0]) + radius, level)]
        for (site, _), level in zip(shown, levels)
        if site.power_weight > 0
        for radius in [math.sqrt(float(site.power_weight))]
    ]
    _lines(ax, mpl, spheres, [_darker(c) for s, c in shown if s.power_weight > 0], 1.4, "power circles", zorder=4)
    ax.set_xlim(float(low), float(high))
    ax.set_xlabel("$x$")
    ax.set_title(title, fontsize=10)
    return [
        mpl.lines.Line2D([], [], color="black", linewidth=1.2, label=r"paraboloid $U = \|x\|^2/2$"),
        mpl.lines.Line2D([], [], color=_CURRENT, linewidth=2.6, label="max-affine $P$"),
        mpl.lines.Line2D([], [], color="#808080", linewidth=0.8, label=r"pieces $E_r$"),
        mpl.lines.Line2D([], [], color="#808080", linewidth=1.4, linestyle="--", label=r"tangent planes ($\rho = 0$)"),
        mpl.patches.Patch(facecolor=_rgb(_FILLS[0]), edgecolor="black", label="power diagram (projection)"),
        *_site_proxies(mpl, r"sphere $\mu \pm \sqrt{\rho}$ (joined)"),
    ]


def _add_3d(ax, collection, items: list) -> None:
    """Add a 3-D collection of ``items`` unless there are none (recent matplotlib cannot autoscale to an empty one)."""
    if items:
        ax.add_collection3d(collection)


def _lifting_surfaces(ax, mpl, partition: Partition, frame: _View, title: str) -> list:
    """2-D input (3-D axes): U, P's faces, tangent planes and, on the floor, the power diagram; returns legend handles."""
    import numpy
    from mpl_toolkits.mplot3d.art3d import Line3DCollection, Poly3DCollection

    colours = _fill_colours(partition)
    pieces = _pieces(partition, frame.polytope)
    sites = [partition.regions[piece.index].sites[0] for piece in pieces]
    faces = [
        [(*_point_float(c), float(piece_value(site.centroid, site_offset(site), c))) for c in piece.corners]
        for piece, site in zip(pieces, sites)
    ]
    shown = [(site, colours[piece.code]) for piece, site in zip(pieces, sites) if side(frame.polytope, site.centroid) is not Side.OUTSIDE]
    lifted = [z for face in faces for *_, z in face] + [float(paraboloid(site.centroid)) for site, _ in shown]
    bottom, top = min(lifted), max(lifted)
    top, floor = top + 0.15 * (top - bottom), bottom - 0.35 * (top - bottom)
    xs, ys = _grid(frame.lows[0], frame.highs[0], 24), _grid(frame.lows[1], frame.highs[1], 24)
    heights = numpy.array([[float(paraboloid((x, y))) for x in xs] for y in ys])
    heights[heights > top] = numpy.nan  # U grows fast: draw it up to the top of P and the tangent points
    ax.computed_zorder = False  # seen from above: floor, then P, then U, whatever the depth sort would say
    grid_x, grid_y = numpy.meshgrid([float(x) for x in xs], [float(y) for y in ys])
    wire = ax.plot_wireframe(grid_x, grid_y, heights, rstride=2, cstride=2, color="#606060", linewidth=0.5, alpha=0.6, zorder=6)
    wire.set_gid("paraboloid")
    surface = Poly3DCollection(faces, facecolors=[colours[p.code] for p in pieces], edgecolors=_CURRENT, linewidths=0.8, alpha=0.9, zorder=4)
    surface.set_gid("max-affine")
    _add_3d(ax, surface, faces)
    half = max(frame.highs[0] - frame.lows[0], frame.highs[1] - frame.lows[1]) / 10
    patches = [[tuple(map(float, p)) for p in _tangent_patch(site.centroid, half)] for site, _ in shown]
    planes = Poly3DCollection(
        patches,
        facecolors=[_darker(c) for _, c in shown], edgecolors="none", alpha=0.6, zorder=5,
    )
    planes.set_gid("tangent planes")
    _add_3d(ax, planes, patches)
    touches = ax.scatter([float(s.centroid[0]) for s, _ in shown], [float(s.centroid[1]) for s, _ in shown],
                         [float(paraboloid(s.centroid)) for s, _ in shown], s=14, c="black", depthshade=False, zorder=7)
    touches.set_gid("tangent points")
    floor_cells = [[(*_point_float(c), floor) for c in piece.corners] for piece in pieces]
    cells = Poly3DCollection(
        floor_cells,
        facecolors=[colours[p.code] for p in pieces], edgecolors=_CURRENT, linewidths=0.6, alpha=0.9, zorder=1,
    )
    cells.set_gid("power diagram")
    _add_3d(ax, cells, floor_cells)
    dots = ax.scatter([float(s.centroid[0]) for s, _ in shown], [float(s.centroid[1]) for s, _ in shown], [floor] * len(shown),
                      s=18, c=[_darker(c) for _, c in shown], edgecolors="black", linewidths=0.5, depthshade=False, zorder=3)
    dots.set_gid("centroids")
    angles = [2 * math.pi * i / 96 for i in range(97)]
    lows, highs = [float(v) for v in frame.lows], [float(v) for v in frame.highs]

    def on_floor(x: float, y: float) -> tuple:  # 3-D axes do not clip: a point off the floor is a gap (NaN)
        inside = lows[0] <= x <= highs[0] and lows[1] <= y <= highs[1]
        return (x, y, floor) if inside else (math.nan, math.nan, math.nan)

    circles = [
        [on_floor(float(s.centroid[0]) + r * math.cos(t), float(s.centroid[1]) + r * math.sin(t)) for t in angles]
        for s, _ in shown
        if s.power_weight > 0
        for r in [math.sqrt(float(s.power_weight))]
    ]
    rings = Line3DCollection(circles, colors=[_darker(c) for s, c in shown if s.power_weight > 0], linewidths=0.9, zorder=2)
    rings.set_gid("power circles")
    _add_3d(ax, rings, circles)
    ax.set_xlim(float(frame.lows[0]), float(frame.highs[0]))
    ax.set_ylim(float(frame.lows[1]), float(frame.highs[1]))
    ax.set_zlim(floor, top)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.view_init(elev=22, azim=-62)
    ax.set_title(title, fontsize=10)
    return [
        mpl.lines.Line2D([], [], color="#606060", linewidth=0.6, label=r"paraboloid $U = \|x\|^2/2$"),
        mpl.patches.Patch(facecolor=_rgb(_FILLS[0]), edgecolor=_CURRENT, label="max-affine $P$ (faces)"),
        mpl.patches.Patch(facecolor=_darker(_rgb(_FILLS[0])), alpha=0.6, label=r"tangent planes ($\rho = 0$)"),
        mpl.patches.Patch(facecolor=_rgb(_FILLS[1]), edgecolor=_CURRENT, label="power diagram (floor)"),
        *_site_proxies(mpl, r"sphere $\|x - \mu\|^2 = \rho$"),
    ]


def plot_lifting(source: Network | MasoLayer, unit: int | str | None = None, *, layer: int = 0, view: Any = None):
    """The paraboloid lifting of a unit's or a layer's power diagram (paper section 4, App. A.1; the Fig. 2-type plots).

    For the unit's max-affine function ``P_k(x) = max_r E_{k,r}(x)`` (or the
    layer's ``P = sum_k P_k``, Lemma 2) each panel shows the paraboloid
    ``U(x) = ||x||^2 / 2``, the graph of P (the upper envelope of the pieces,
    one face per cell), for each cell the plane tangent to U at its centroid
    mu (power weight 0, eq. 27: the piece lowered by rho / 2) and, projected
    below, the power diagram (Lemma 1, Theorem 1) with its centroids and, for
    rho > 0, the sphere ``||x - mu||^2 = rho`` above which the piece cuts U
    (Prop. 4).  Only the pieces of non-empty cells are drawn.  A 1-D input
    gives curves (the pieces drawn across the view, the sphere's two points
    ``mu +- sqrt(rho)`` joined on the strip below); a 2-D input a 3-D
    picture (mplot3d) with the diagram on the floor.

    Parameters
    ----------
    source : Network or MasoLayer
        The layer's input space must have 1 or 2 dimensions.
    unit : None, int or "each"
        None: the whole layer; k: unit k alone; ``"each"``: one panel per
        unit, then the layer.
    layer : int
        For a Network, its nonlinear layer (0 is layer 1 in the paper); the
        picture lives in that layer's input space.
    view : (lows, highs), optional
        The interval or rectangle drawn; default a box around every corner of
        the diagram and every centroid of a non-empty cell.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per panel (3-D axes for a 2-D input), each with a
        ``"paraboloid"`` artist, a ``"max-affine"`` artist (1-D: a line through
        the cells' ends; 2-D: one face per cell in view), a ``"pieces"`` line
        collection (1-D), a ``"tangent planes"`` collection, ``"tangent
        points"`` and ``"centroids"`` scatters (one per cell whose centroid is
        in view), a ``"power diagram"`` collection (one patch per cell in view)
        and a ``"power circles"`` collection (one per such cell with rho > 0).

    Notes
    -----
    The cells and their sites are exact (the one-layer network's partition,
    :func:`exactpd.enumeration.enumerate_regions`); every height is exact
    (:func:`exactpd.geometry.lifting.paraboloid`, :func:`exactpd.geometry.lifting.piece_value`,
    :func:`exactpd.geometry.lifting.tangent_offset`) and turned into a float only to be
    drawn, like the radius sqrt(rho).  P is affine on each cell, so its graph
    is drawn exactly from the cells' corners.
    """
    mpl = _matplotlib()
    maso = _lifted_layer(source, layer)
    if maso.input_dim not in (1, 2):
        raise DimensionError(f"the lifting is drawn for a layer with 1 or 2 inputs, this one has {maso.input_dim}")
    if unit == "each":
        units = [*range(maso.n_units), None]
    elif unit is None or 0 <= unit < maso.n_units:
        units = [unit]
    else:
        raise DimensionError(f"unit {unit}: the layer has {maso.n_units} units")
    diagrams = [_diagram_partition(maso, k) for k in units]
    whole = _diagram_partition(maso, None) if units[-1] is not None else diagrams[-1]
    frame = _lifting_view(whole, view)
    where = f"layer {layer + 1}" if isinstance(source, Network) else "the layer"
    ncols = 2 if len(units) == 4 else min(len(units), 3)
    nrows = math.ceil(len(units) / ncols)
    fig = mpl.figure.Figure(figsize=(4.2 * ncols + 0.5, 3.8 * nrows + 0.3), layout="compressed")
    for number, (k, diagram) in enumerate(zip(units, diagrams)):
        what = f"unit {k} of {where}: {len(maso.slopes[k])} pieces" if k is not None else f"{where}: " + r"$P = \sum_k P_k$"
        title = f"{what}, {len(diagram)} cells"
        if maso.input_dim == 1:
            ax = fig.add_subplot(nrows, ncols, number + 1)
            handles = _lifting_curves(ax, mpl, diagram, frame, title)
        else:
            ax = fig.add_subplot(nrows, ncols, number + 1, projection="3d")
            handles = _lifting_surfaces(ax, mpl, diagram, frame, title)
    _legend(fig.axes[0], handles, "lifting (Prop. 4)")
    return fig


# --------------------------------------------------------------------------- the partition polynomial (Fig. 3 top)


def _polynomial_factors(layers: Sequence[MasoLayer], region, n_layers: int) -> list[tuple[QVector, Fraction]]:
    """``Pol_l`` on one region as a product of exact affine functions ``<gradient, x> + constant`` (eq. 23, Theorem 4).

    Layer j's input is ``z^(j-1)(x) = G x + h`` on the region (``region.maps``).
    A unit whose pieces are not all the same affine function of that input
    contributes ``E_1 - E_0`` (two pieces: the pre-activation up to a positive
    factor) or the gaps ``E_r - E_s`` from the region's piece r to every other
    piece (R >= 3): the factors of :func:`exactpd.checks.symbolic.region_polynomial`.
    """
    dim = len(region.witness)
    factors = []
    for j, layer in enumerate(layers[:n_layers]):
        G, h = (region.maps[j - 1].G, region.maps[j - 1].h) if j else (None, (Fraction(0),) * dim)
        for k, (slopes, offsets) in enumerate(zip(layer.slopes, layer.offsets)):
            if len(set(zip(slopes, offsets))) == 1:
                continue
            r = region.code[j][k]
            pairs = [(1, 0)] if len(slopes) == 2 else [(r, s) for s in range(len(slopes)) if s != r]
            for p, q in pairs:
                difference = tuple(a - b for a, b in zip(slopes[p], slopes[q]))
                gradient = difference if G is None else tuple(dot(column, difference) for column in zip(*G))
                factors.append((gradient, dot(difference, h) + offsets[p] - offsets[q]))
    return factors


def _polynomial_image(partition: Partition, pieces: Sequence[_Piece], frame: _View, n_layers: int, resolution: int, power: float):
    """``|Pol_l|^power`` on a ``resolution`` x ``resolution`` grid of pixel centres (NaN outside every region).

    Each region's exact factors are turned into floats and multiplied (as a
    sum of logarithms) at the pixels of the region's bounding box that satisfy
    its inequalities; a pixel on a shared side gets the value of one of the
    regions, which agree there (Pol is continuous).
    """
    import numpy

    layers = maso_layers(partition.network)
    lows, highs = [float(v) for v in frame.lows], [float(v) for v in frame.highs]
    steps = [(high - low) / resolution for low, high in zip(lows, highs)]
    centres = [low + step * (numpy.arange(resolution) + 0.5) for low, step in zip(lows, steps)]
    image = numpy.full((resolution, resolution), numpy.nan)
    for piece in pieces:
        region = partition.regions[piece.index]
        spans = []
        for d in (0, 1):
            coordinates = [float(c[d]) for c in piece.corners]
            first = max(int((min(coordinates) - lows[d]) / steps[d]) - 1, 0)
            spans.append(slice(first, min(int((max(coordinates) - lows[d]) / steps[d]) + 2, resolution)))
        x, y = numpy.meshgrid(centres[0][spans[0]], centres[1][spans[1]])
        inside = numpy.ones(x.shape, dtype=bool)
        for (a0, a1), b in zip(region.polytope.A, region.polytope.b):
            inside &= a0 * x + a1 * y <= b + PIXEL_SLACK_FLOAT * (abs(b) + 1)
        logs = numpy.zeros(x.shape)
        with numpy.errstate(divide="ignore"):
            for gradient, constant in _polynomial_factors(layers, region, n_layers):
                logs += numpy.log(numpy.abs(float(gradient[0]) * x + float(gradient[1]) * y + float(constant)))
        block = image[spans[1], spans[0]]
        block[inside] = numpy.exp(power * logs[inside])
        image[spans[1], spans[0]] = block
    return image


def plot_partition_polynomial(partition_or_net: Partition | Network, layer: int | None = None, *, view: Any = None,
                              resolution: int = 300, surface: bool = False, power: float = 0.2):
    """The partition polynomial ``|Pol_l(x)|^0.2`` over the view, its zero set the boundaries of Omega^(1..l) (eq. 23, Theorem 4; paper Fig. 3 top).

    ``Pol_l(x) = prod_{j <= l} prod_k h^(j)_k(x)``, the product of the
    pre-activations of every unit of layers 1..l (paper numbering; for a unit
    with R >= 3 pieces the gaps from its winning piece to the others, as in
    :func:`exactpd.checks.symbolic.partition_polynomial`).  Each panel is a heat map
    (or, with ``surface``, a 3-D surface as in the paper) of ``|Pol_l|^0.2``
    with a colour bar.  The colour scale is logarithmic, from the 2nd to the
    95th percentile of the positive values (higher ones get the top colour),
    so that the zero set shows as dark valleys at every height; the exact
    cuts of layers 1..l are drawn over it as thin lines.

    Parameters
    ----------
    partition_or_net : Partition or Network
        Of a network with 2 inputs; a Network is enumerated first, in ``view``
        when it is given, else over all of R^2.
    layer : int, optional
        Draw ``Pol_{layer + 1}`` only (0 is layer 1 of the paper); default one
        panel per nonlinear layer, ``Pol_1, ..., Pol_L``.
    view : (lows, highs), optional
        As for :func:`plot_partition`.
    resolution : int
        Pixels (grid points) per side.
    surface : bool
        Draw 3-D surfaces (mplot3d) instead of heat maps.
    power : float
        The exponent, 0.2 as in the paper (it flattens the fast growth of a
        product of many factors).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per polynomial, each with a ``"polynomial"`` artist (an
        image, or a surface) and a ``"zero set"`` line collection: one segment
        per cut side of layers 1..l in view (the partition's facets, exact).

    Notes
    -----
    The values are not computed point by point in exact arithmetic: on each
    region of the partition Pol_l is a product of affine functions of x whose
    coefficients are computed exactly (from the region's code and affine
    maps), and these factors are converted to floats and multiplied at the
    pixel centres inside the region (the float inequalities of its rows
    decide which pixels).  The zero set drawn over the picture is exact up to
    the final conversion of its end points.  The exact polynomial is
    :func:`exactpd.checks.symbolic.partition_polynomial`.
    """
    mpl = _matplotlib()
    if isinstance(partition_or_net, Network):
        partition = enumerate_regions(partition_or_net, None if view is None else _given_view(view, 2).polytope, progress=False)
    else:
        partition = partition_or_net
    frame = _view(partition, view)
    pieces = _pieces(partition, frame.polytope)
    n_layers = len(maso_layers(partition.network))
    if layer is None:
        chosen = list(range(n_layers))
    elif 0 <= layer < n_layers:
        chosen = [layer]
    else:
        raise DimensionError(f"layer {layer}: the network has {n_layers} nonlinear layers")
    if not chosen:
        raise DimensionError("the network has no nonlinear layer: its partition polynomial is 1")
    import numpy
    from mpl_toolkits.mplot3d.art3d import Line3DCollection

    sides = list(_sides_float(pieces))
    if surface:
        ncols = min(len(chosen), 3)
        nrows = math.ceil(len(chosen) / ncols)
        fig = mpl.figure.Figure(figsize=(4.2 * ncols + 0.3, 3.9 * nrows + 0.3), layout="compressed")
        axes = [fig.add_subplot(nrows, ncols, i + 1, projection="3d") for i in range(len(chosen))]
    else:
        fig, axes = _figure(mpl, frame, len(chosen), min(len(chosen), 3))
        width, height = fig.get_size_inches()
        fig.set_size_inches(width + 0.9 * min(len(chosen), 3), height)  # room for the colour bars
    extent = [float(frame.lows[0]), float(frame.highs[0]), float(frame.lows[1]), float(frame.highs[1])]
    for ax, l in zip(axes, chosen):
        image = _polynomial_image(partition, pieces, frame, l + 1, resolution, power)
        positive = image[image > 0]
        top = float(numpy.percentile(positive, 95)) if positive.size else 1.0
        bottom = min(float(numpy.percentile(positive, 2)) if positive.size else 0.01, top / 10)
        scale = mpl.colors.LogNorm(vmin=bottom, vmax=top, clip=True)  # a logarithmic scale: the valleys show at every height
        shown = numpy.where(image == 0, bottom, image)  # NaN (outside the domain) stays NaN
        cuts = [segment for segment, labels in sides if _cut_layer(labels) is not None and _cut_layer(labels) <= l]
        what = rf"$|\mathrm{{Pol}}_{{{l + 1}}}(x)|^{{{power:.3g}}}$, zero set: the cuts of {_omega(l + 1)}"
        if surface:
            x, y = numpy.meshgrid(*(low + (high - low) * (numpy.arange(resolution) + 0.5) / resolution for low, high in (extent[:2], extent[2:])))
            drawn = ax.plot_surface(x, y, image, cmap="viridis", norm=scale, linewidth=0, antialiased=False, rcount=resolution, ccount=resolution)
            zero = Line3DCollection([[(*p, 0.0) for p in segment] for segment in cuts], colors=_ZERO_SET, linewidths=0.5)
            _add_3d(ax, zero, cuts)
            ax.set_xlabel("$x_1$")
            ax.set_ylabel("$x_2$")
            ax.view_init(elev=35, azim=-60)
            ax.set_title(what, fontsize=9)
        else:
            drawn = ax.imshow(shown, extent=extent, origin="lower", cmap="viridis", norm=scale, interpolation="nearest", zorder=0)
            zero = _lines(ax, mpl, cuts, _ZERO_SET, 0.5, "zero set")
            _lines(ax, mpl, [segment for segment, labels in sides if _cut_layer(labels) is None], "black", 1.0, "domain")
            _frame(ax, frame, what)
        fig.colorbar(drawn, ax=ax, shrink=0.7, pad=0.03, extend="max")
        drawn.set_gid("polynomial")
        zero.set_gid("zero set")
    return fig
