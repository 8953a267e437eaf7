"""What every picture shares: matplotlib (an optional extra), colours, figures, panels, legends.

Colours: regions are filled by code, adjacent codes in different colours (a
greedy colouring of the graph of codes; a region of ``Omega^(1..l)`` uses its
code prefix), cuts are coloured by the layer that makes them, the decision
boundary is red.  Figures are built without pyplot (no screen, no global
figure registry); they are :class:`exactpd.plot.figure.Figure`, which a
Jupyter notebook shows inline.
"""

from __future__ import annotations

import colorsys
import math
from typing import Sequence

from exactpd.enumeration.adjacency import adjacency_edges
from exactpd.enumeration.partition import Partition
from exactpd.errors import MissingDependencyError
from exactpd.plot.view import Piece, View, point_float

__all__: list[str] = []  # drawing helpers of the plot package, not part of the public API

FILLS = ("#a6dcd3", "#fff2ae", "#cbc9e6", "#fdcdac", "#b3cde3", "#d4ecb0", "#f4cae4", "#e6d5b8")
LAYER_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
EARLIER = "#a0a0a0"  # cuts of earlier layers
CURRENT = "#202020"  # cuts of the layer a panel is about
HIGHLIGHT = "#1f77b4"  # the highlighted unit's cut
BOUNDARY = "#d62728"  # the decision boundary
ZERO_SET = "#ff5fa2"  # the partition polynomial's zero set, over viridis
PANEL_INCHES = 3.6


def matplotlib_modules():
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
            "plotting needs matplotlib, which is not installed: pip install matplotlib "
            "(the extra exactpd[plot]: pip install 'exactpd[plot]', or pip install '.[plot]' in a clone)"
        ) from err
    return matplotlib


def fill_colours(partition: Partition, depth: int | None = None) -> dict:
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
    used = [0] * len(FILLS)
    chosen: dict = {}
    for code in sorted(neighbours):
        taken = {chosen[other] for other in neighbours[code] if other in chosen}
        index = min((i for i in range(len(FILLS)) if i not in taken), key=lambda i: (used[i], i), default=0)
        chosen[code] = index
        used[index] += 1
    return {code: rgb(FILLS[index]) for code, index in chosen.items()}


def rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def darker(colour: tuple[float, float, float]) -> tuple[float, float, float]:
    hue, lightness, saturation = colorsys.rgb_to_hls(*colour)
    return colorsys.hls_to_rgb(hue, lightness * 0.45, min(1.0, saturation + 0.2))


def layer_colour(layer: int) -> str:
    return LAYER_COLOURS[layer % len(LAYER_COLOURS)]


def new_figure(size: tuple[float, float]):
    """A constrained-layout :class:`exactpd.plot.figure.Figure` (inline in Jupyter) of ``size`` inches, without pyplot."""
    matplotlib_modules()
    from exactpd.plot.figure import Figure

    return Figure(figsize=size, layout="compressed")


def panel_figure(mpl, frame: View, n_panels: int, ncols: int | None = None, under: float = 0.0):
    """A constrained-layout figure with ``n_panels`` axes shaped like the view (:func:`legend` widens it).

    ``under > 0`` leaves a row of that relative height under each row of
    panels, for small panels (:func:`small_panel`).
    """
    ncols = ncols or min(n_panels, 3)
    nrows = math.ceil(n_panels / ncols)
    ratio = float((frame.highs[0] - frame.lows[0]) / (frame.highs[1] - frame.lows[1]))
    width = PANEL_INCHES * min(max(ratio, 0.6), 1.8)
    size = (width * ncols + 0.5, (PANEL_INCHES * (1 + under) + 0.5 * (under > 0)) * nrows + 0.4)
    fig = new_figure(size)
    step = 2 if under else 1
    grid = fig.add_gridspec(step * nrows, ncols, height_ratios=[1, under] * nrows if under else None)
    return fig, [fig.add_subplot(grid[step * (i // ncols), i % ncols]) for i in range(n_panels)]


def small_panel(mpl, ax, frame: View, segments: list, colour: str, title: str):
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
    lines(small, mpl, segments, colour, 1.6, "cut alone")
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


def frame_axes(ax, frame: View, title: str) -> None:
    ax.set_xlim(float(frame.lows[0]), float(frame.highs[0]))
    ax.set_ylim(float(frame.lows[1]), float(frame.highs[1]))
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title, fontsize=10)


def fill(ax, mpl, pieces: Sequence[Piece], colours: Sequence, gid: str = "regions", alpha: float = 1.0):
    """One polygon per piece; the thin edge in the face colour hides antialiasing seams."""
    polygons = mpl.collections.PolyCollection(
        [[point_float(c) for c in piece.corners] for piece in pieces],
        facecolors=colours,
        edgecolors=colours,
        linewidths=0.4,
        alpha=alpha,
        zorder=1,
    )
    polygons.set_gid(gid)
    ax.add_collection(polygons)
    return polygons


def lines(ax, mpl, segments: list, colour, width: float, gid: str, label: str | None = None, zorder: float = 2):
    """A LineCollection of float segments (also when empty, so that a legend entry always exists)."""
    collection = mpl.collections.LineCollection(
        segments, colors=colour, linewidths=width, label=label, zorder=zorder, capstyle="round"
    )
    collection.set_gid(gid)
    ax.add_collection(collection)
    return collection


def legend(ax, handles: list, title: str, outside: bool = True) -> None:
    """The legend: for a figure exactpd made, on the right of a single panel (the figure widened to hold it) or in
    compact rows under several panels (as many entries a row as the width holds); inside a caller's axes otherwise."""
    if not handles:
        return
    if not outside:
        ax.legend(handles=handles, title=title, loc="lower left", fontsize=7, title_fontsize=7, framealpha=0.85)
        return
    fig = ax.figure
    if len(fig.axes) == 1:
        ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.03, 1), borderaxespad=0, fontsize=8, title_fontsize=8, frameon=False)
        longest = max(len(text) for text in [*title.split("\n"), *(h.get_label() for h in handles)])
        width, height = fig.get_size_inches()
        fig.set_size_inches(width + 0.3 + 0.06 * longest, height)
        return
    width, height = fig.get_size_inches()
    entry = max(0.065 * len(h.get_label()) + 0.55 for h in handles)  # inches, at font size 8
    ncols = max(1, min(len(handles), int(width // entry)))
    fig.legend(handles=handles, title=title.replace("\n", " "), loc="outside lower center", ncols=ncols,
               fontsize=8, title_fontsize=8, frameon=False, columnspacing=1.2, handlelength=1.6)
    fig.set_size_inches(width, height + 0.25 + 0.2 * math.ceil(len(handles) / ncols))


def omega(upto: int) -> str:
    """Omega^(1..upto) in the paper's notation, as mathtext."""
    layers = ",".join(str(i) for i in range(1, upto + 1)) if upto <= 4 else f"1..{upto}"
    return rf"$\Omega^{{({layers})}}$"


def add_3d(ax, collection, items: list) -> None:
    """Add a 3-D collection of ``items`` unless there are none (recent matplotlib cannot autoscale to an empty one)."""
    if items:
        ax.add_collection3d(collection)

