"""The paraboloid lifting of a unit's or a layer's power diagram (paper section 4, App. A.1; Fig. 2 type)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from exactpd.enumeration.partition import Partition
from exactpd.errors import DimensionError
from exactpd.geometry.lifting import paraboloid, piece_value, tangent_offset
from exactpd.geometry.powerdiagram import site_offset
from exactpd.kernel.polytope import HPolytope, side
from exactpd.network.layers import Maso, Network
from exactpd.network.maso import MasoLayer, maso_layers
from exactpd.plot.style import (
    CURRENT, EARLIER, FILLS, add_3d, darker, fill_colours, legend, lines, matplotlib_modules, new_figure, rgb,
)
from exactpd.plot.view import View, corners, given_view, partition_in_view, pieces_in, point_float, view_around
from exactpd.rational import QVector, Side

__all__ = ["plot_lifting"]


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
    return partition_in_view(net, None)


def interval_ends(P: HPolytope) -> tuple:
    """The ends ``(low, high)`` of a 1-D polytope ``{a x <= b}``, None where it is unbounded."""
    lows = [Fraction(b) / a for (a,), b in zip(P.A, P.b) if a < 0]
    highs = [Fraction(b) / a for (a,), b in zip(P.A, P.b) if a > 0]
    return (max(lows) if lows else None, min(highs) if highs else None)


def _lifting_view(partition: Partition, view: Any) -> View:
    """``view``, else a box around every corner of the diagram and every centroid of a non-empty cell."""
    dim = partition.network.input_dim
    if view is not None:
        return given_view(view, dim)
    if dim == 1:
        points = [(end,) for region in partition.regions for end in interval_ends(region.polytope) if end is not None]
    else:
        points = [p for region in partition.regions for p in corners(region.polytope)]
    return view_around(points + [region.sites[0].centroid for region in partition.regions])


def grid_points(low: Fraction, high: Fraction, n: int) -> list[Fraction]:
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
    grey = darker(rgb(FILLS[0]))
    return [
        mpl.lines.Line2D([], [], color="none", marker="o", markerfacecolor=grey, markeredgecolor="black", label=r"centroid $\mu$"),
        mpl.lines.Line2D([], [], color=grey, linewidth=1.4, label=sphere),
    ]


def _interval_cells(partition: Partition, low: Fraction, high: Fraction) -> list:
    """The 1-D cells meeting ``[low, high]``, clipped to it and sorted: ``(start, end, site, colour)`` each."""
    colours = fill_colours(partition)
    cells = []
    for region in partition.regions:
        start, end = interval_ends(region.polytope)
        start, end = low if start is None else max(start, low), high if end is None else min(end, high)
        if start < end:
            cells.append((start, end, region.sites[0], colours[region.code]))
    cells.sort(key=lambda cell: cell[0])
    return cells


def _curves_above(ax, mpl, cells: list, shown: list, curve: list, envelope: list, low: Fraction, high: Fraction) -> None:
    """1-D: draw the pieces across the view, U, the envelope P, the tangent lines and their points of contact."""
    pieces = [
        [(float(x), float(piece_value(site.centroid, site_offset(site), [x]))) for x in (low, high)] for _, _, site, _ in cells
    ]
    piece_colours = [darker(colour) for *_, colour in cells]
    lines(ax, mpl, pieces, piece_colours, 0.8, "pieces", zorder=2).set_alpha(0.7)
    (u_line,) = ax.plot([float(x) for x, _ in curve], [float(y) for _, y in curve], color="black", linewidth=1.2, zorder=3)
    u_line.set_gid("paraboloid")
    (p_line,) = ax.plot([float(x) for x, _ in envelope], [float(y) for _, y in envelope], color=CURRENT, linewidth=2.6, zorder=4)
    p_line.set_gid("max-affine")
    half = (high - low) / 8
    tangents = [[(float(x), float(y)) for x, y in _tangent_patch(site.centroid, half)] for site, _ in shown]
    tangent_lines = lines(ax, mpl, tangents, [darker(c) for _, c in shown], 1.4, "tangent planes", zorder=3)
    tangent_lines.set_linestyle("--")
    touches = ax.scatter([float(s.centroid[0]) for s, _ in shown], [float(paraboloid(s.centroid)) for s, _ in shown],
                         s=18, c=[darker(c) for _, c in shown], edgecolors="black", linewidths=0.5, zorder=5)
    touches.set_gid("tangent points")


def _curves_below(ax, mpl, cells: list, shown: list, envelope: list, floor: float, band: float) -> None:
    """1-D: draw the power diagram as a strip at ``floor``, the drops onto it, the centroids and the spheres."""
    bands = [
        mpl.patches.Rectangle((float(start), floor - band / 2), float(end - start), band) for start, end, _, _ in cells
    ]
    strip = mpl.collections.PatchCollection(bands, facecolors=[c for *_, c in cells], edgecolors="black", linewidths=0.6, zorder=2)
    strip.set_gid("power diagram")
    ax.add_collection(strip)
    drops = [((float(x), float(y)), (float(x), floor)) for x, y in envelope[1:-1:2]]
    lines(ax, mpl, drops, EARLIER, 0.8, "projection", zorder=1).set_linestyle(":")
    levels = [floor + band * (0.35 - 0.7 * i / max(len(shown) - 1, 1)) for i in range(len(shown))]  # one level per site
    dots = ax.scatter([float(s.centroid[0]) for s, _ in shown], levels, s=22,
                      c=[darker(c) for _, c in shown], edgecolors="black", linewidths=0.6, zorder=5)
    dots.set_gid("centroids")
    spheres = [
        [(float(site.centroid[0]) - radius, level), (float(site.centroid[0]) + radius, level)]
        for (site, _), level in zip(shown, levels)
        if site.power_weight > 0
        for radius in [math.sqrt(float(site.power_weight))]
    ]
    lines(ax, mpl, spheres, [darker(c) for s, c in shown if s.power_weight > 0], 1.4, "power circles", zorder=4)


def _lifting_curves(ax, mpl, partition: Partition, frame: View, title: str) -> list:
    """1-D input: U, the pieces, their upper envelope P, the tangent lines and, below, the power diagram; returns legend handles."""
    low, high = frame.lows[0], frame.highs[0]
    cells = _interval_cells(partition, low, high)
    shown = [(site, colour) for *_, site, colour in cells if low <= site.centroid[0] <= high]
    curve = [(x, paraboloid([x])) for x in grid_points(low, high, 200)]
    envelope = [(x, piece_value(site.centroid, site_offset(site), [x])) for start, end, site, _ in cells for x in (start, end)]
    heights = [float(y) for _, y in envelope] + [float(paraboloid(site.centroid)) for site, _ in shown]
    bottom, top = min(heights + [float(y) for _, y in curve]), max(heights)
    band = (top - bottom) * 0.16
    floor = bottom - 1.2 * band
    ax.set_ylim(floor - 0.55 * band, top + 0.6 * band)  # U grows fast: shown up to the top of P and the tangent points
    _curves_above(ax, mpl, cells, shown, curve, envelope, low, high)
    _curves_below(ax, mpl, cells, shown, envelope, floor, band)
    ax.set_xlim(float(low), float(high))
    ax.set_xlabel("$x$")
    ax.set_title(title, fontsize=10)
    return [
        mpl.lines.Line2D([], [], color="black", linewidth=1.2, label=r"paraboloid $U = \|x\|^2/2$"),
        mpl.lines.Line2D([], [], color=CURRENT, linewidth=2.6, label="max-affine $P$"),
        mpl.lines.Line2D([], [], color="#808080", linewidth=0.8, label=r"pieces $E_r$"),
        mpl.lines.Line2D([], [], color="#808080", linewidth=1.4, linestyle="--", label=r"tangent planes ($\rho = 0$)"),
        mpl.patches.Patch(facecolor=rgb(FILLS[0]), edgecolor="black", label="power diagram (projection)"),
        *_site_proxies(mpl, r"sphere $\mu \pm \sqrt{\rho}$ (joined)"),
    ]


def _surfaces_above(ax, frame: View, top: float, faces: list, face_colours: list) -> None:
    """2-D: draw U as a wireframe (cut at ``top``) and the graph of P, one face per cell."""
    import numpy
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    xs, ys = grid_points(frame.lows[0], frame.highs[0], 24), grid_points(frame.lows[1], frame.highs[1], 24)
    heights = numpy.array([[float(paraboloid((x, y))) for x in xs] for y in ys])
    heights[heights > top] = numpy.nan  # U grows fast: draw it up to the top of P and the tangent points
    grid_x, grid_y = numpy.meshgrid([float(x) for x in xs], [float(y) for y in ys])
    wire = ax.plot_wireframe(grid_x, grid_y, heights, rstride=2, cstride=2, color="#606060", linewidth=0.5, alpha=0.6, zorder=6)
    wire.set_gid("paraboloid")
    surface = Poly3DCollection(faces, facecolors=face_colours, edgecolors=CURRENT, linewidths=0.8, alpha=0.9, zorder=4)
    surface.set_gid("max-affine")
    add_3d(ax, surface, faces)


def _surfaces_tangents(ax, frame: View, shown: list) -> None:
    """2-D: draw the plane tangent to U at each shown centroid (a square patch) and its point of contact."""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    half = max(frame.highs[0] - frame.lows[0], frame.highs[1] - frame.lows[1]) / 10
    patches = [[tuple(map(float, p)) for p in _tangent_patch(site.centroid, half)] for site, _ in shown]
    planes = Poly3DCollection(
        patches,
        facecolors=[darker(c) for _, c in shown], edgecolors="none", alpha=0.6, zorder=5,
    )
    planes.set_gid("tangent planes")
    add_3d(ax, planes, patches)
    touches = ax.scatter([float(s.centroid[0]) for s, _ in shown], [float(s.centroid[1]) for s, _ in shown],
                         [float(paraboloid(s.centroid)) for s, _ in shown], s=14, c="black", depthshade=False, zorder=7)
    touches.set_gid("tangent points")


def _surfaces_floor(ax, frame: View, pieces: list, colours: dict, shown: list, floor: float) -> None:
    """2-D: draw the power diagram on the plane z = ``floor``, with the centroids and the power circles (clipped to the view)."""
    from mpl_toolkits.mplot3d.art3d import Line3DCollection, Poly3DCollection

    floor_cells = [[(*point_float(c), floor) for c in piece.corners] for piece in pieces]
    cells = Poly3DCollection(
        floor_cells,
        facecolors=[colours[p.code] for p in pieces], edgecolors=CURRENT, linewidths=0.6, alpha=0.9, zorder=1,
    )
    cells.set_gid("power diagram")
    add_3d(ax, cells, floor_cells)
    dots = ax.scatter([float(s.centroid[0]) for s, _ in shown], [float(s.centroid[1]) for s, _ in shown], [floor] * len(shown),
                      s=18, c=[darker(c) for _, c in shown], edgecolors="black", linewidths=0.5, depthshade=False, zorder=3)
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
    rings = Line3DCollection(circles, colors=[darker(c) for s, c in shown if s.power_weight > 0], linewidths=0.9, zorder=2)
    rings.set_gid("power circles")
    add_3d(ax, rings, circles)


def _lifting_surfaces(ax, mpl, partition: Partition, frame: View, title: str) -> list:
    """2-D input (3-D axes): U, P's faces, tangent planes and, on the floor, the power diagram; returns legend handles."""
    colours = fill_colours(partition)
    pieces = pieces_in(partition, frame.polytope)
    sites = [partition.regions[piece.index].sites[0] for piece in pieces]
    faces = [
        [(*point_float(c), float(piece_value(site.centroid, site_offset(site), c))) for c in piece.corners]
        for piece, site in zip(pieces, sites)
    ]
    shown = [(site, colours[piece.code]) for piece, site in zip(pieces, sites) if side(frame.polytope, site.centroid) is not Side.OUTSIDE]
    lifted = [z for face in faces for *_, z in face] + [float(paraboloid(site.centroid)) for site, _ in shown]
    bottom, top = min(lifted), max(lifted)
    top, floor = top + 0.15 * (top - bottom), bottom - 0.35 * (top - bottom)
    ax.computed_zorder = False  # seen from above: floor, then P, then U, whatever the depth sort would say
    _surfaces_above(ax, frame, top, faces, [colours[p.code] for p in pieces])
    _surfaces_tangents(ax, frame, shown)
    _surfaces_floor(ax, frame, pieces, colours, shown, floor)
    ax.set_xlim(float(frame.lows[0]), float(frame.highs[0]))
    ax.set_ylim(float(frame.lows[1]), float(frame.highs[1]))
    ax.set_zlim(floor, top)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.view_init(elev=22, azim=-62)
    ax.set_title(title, fontsize=10)
    return [
        mpl.lines.Line2D([], [], color="#606060", linewidth=0.6, label=r"paraboloid $U = \|x\|^2/2$"),
        mpl.patches.Patch(facecolor=rgb(FILLS[0]), edgecolor=CURRENT, label="max-affine $P$ (faces)"),
        mpl.patches.Patch(facecolor=darker(rgb(FILLS[0])), alpha=0.6, label=r"tangent planes ($\rho = 0$)"),
        mpl.patches.Patch(facecolor=rgb(FILLS[1]), edgecolor=CURRENT, label="power diagram (floor)"),
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
    exactpd.plot.figure.Figure
        One axes per panel (3-D axes for a 2-D input), each with a
        ``"paraboloid"`` artist, a ``"max-affine"`` artist (1-D: a line through
        the cells' ends; 2-D: one face per cell in view), a ``"pieces"`` line
        collection (1-D), a ``"tangent planes"`` collection, ``"tangent
        points"`` and ``"centroids"`` scatters (one per cell whose centroid is
        in view), a ``"power diagram"`` collection (one patch per cell in view)
        and a ``"power circles"`` collection (one per such cell with rho > 0).

    Raises
    ------
    DimensionError
        ``layer`` out of range, or the layer's input has more than 2 dimensions.
    MissingDependencyError
        matplotlib is not installed.

    Notes
    -----
    The cells and their sites are exact (the one-layer network's partition,
    :func:`exactpd.enumeration.enumerate_regions`); every height is exact
    (:func:`exactpd.geometry.lifting.paraboloid`, :func:`exactpd.geometry.lifting.piece_value`,
    :func:`exactpd.geometry.lifting.tangent_offset`) and turned into a float only to be
    drawn, like the radius sqrt(rho).  P is affine on each cell, so its graph
    is drawn exactly from the cells' corners.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, -1, 1]], [0])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> plot_lifting(net).axes[0].get_title().endswith("7 cells")
    True
    """
    mpl = matplotlib_modules()
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
    fig = new_figure((4.2 * ncols + 0.5, 3.8 * nrows + 0.3))
    for number, (k, diagram) in enumerate(zip(units, diagrams)):
        what = f"unit {k} of {where}: {len(maso.slopes[k])} pieces" if k is not None else f"{where}: " + r"$P = \sum_k P_k$"
        title = f"{what}, {len(diagram)} cells"
        if maso.input_dim == 1:
            ax = fig.add_subplot(nrows, ncols, number + 1)
            handles = _lifting_curves(ax, mpl, diagram, frame, title)
        else:
            ax = fig.add_subplot(nrows, ncols, number + 1, projection="3d")
            handles = _lifting_surfaces(ax, mpl, diagram, frame, title)
    legend(fig.axes[0], handles, "lifting (Prop. 4)")
    return fig
