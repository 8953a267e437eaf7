"""The decision boundary in red over the partition, with its bend angles (paper section 5, eq. 26)."""

from __future__ import annotations

from typing import Any, Sequence

from exactpd.boundary.decision import DecisionBoundary, bend_degrees_float, boundary_components, decision_boundary
from exactpd.enumeration.partition import Partition
from exactpd.kernel.polytope import side
from exactpd.plot.partition import draw_partition
from exactpd.plot.style import BOUNDARY, PANEL_INCHES, fill, frame_axes, legend, lines, matplotlib_modules, panel_figure, rgb
from exactpd.plot.view import Piece, View, pieces_in, point_float, section, shared_side, view_of
from exactpd.rational import Side

__all__ = ["plot_decision_boundary"]


ANGLE_FONT_POINTS = 7
"""Font size of the bend-angle labels (points)."""

_LABEL_OFFSETS = ((4, 4), (4, -11), (-6, 4), (-6, -11), (4, 14), (-6, 14), (4, -21), (-6, -21))
"""Candidate offsets (points) of a label from its bend, tried in order; a negative x puts the label's right end there."""


def _is_straight(bend) -> bool:
    """An exact 0-degree bend: the two pieces are parallel and point the same way (cos theta = 1)."""
    return bend.sign == 1 and bend.cos2 == 1


def _overlap(b: tuple, c: tuple) -> float:
    """The area common to two boxes ``(left, bottom, right, top)``."""
    return max(0.0, min(b[2], c[2]) - max(b[0], c[0])) * max(0.0, min(b[3], c[3]) - max(b[1], c[1]))


def _angle_labels(bends: Sequence, frame: View) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    """``(text, point, offset)`` for the bend-angle labels, placed so that they do not overlap.

    Straight (0 degree) bends get no label; bends at the same exact point get
    one label listing their angles.  Labels are placed greedily, each at the
    first candidate offset whose estimated box stays in the view and meets no
    box placed before (else the least crowded one).  Sizes are
    estimated in points from the font size and the view's scale on a panel
    of :data:`~exactpd.plot.style.PANEL_INCHES`; nothing exact depends on them.
    """
    at: dict = {}
    for bend in bends:
        if not _is_straight(bend):
            at.setdefault(bend.point, []).append(bend_degrees_float(bend))
    span = max(float(frame.highs[0] - frame.lows[0]), float(frame.highs[1] - frame.lows[1]))
    scale = PANEL_INCHES * 72 / span  # points per unit of x
    frame_box = tuple(float(v) * scale for v in (*frame.lows, *frame.highs))
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    for point in sorted(at):
        text = ", ".join(f"{degrees:.0f}°" for degrees in sorted(at[point]))
        x, y = point_float(point)
        width, height = 0.62 * ANGLE_FONT_POINTS * len(text) + 3, 1.3 * ANGLE_FONT_POINTS + 2

        def box(offset, x=x, y=y, width=width, height=height):
            left = x * scale + (offset[0] if offset[0] >= 0 else offset[0] - width)
            bottom = y * scale + offset[1]
            return (left, bottom, left + width, bottom + height)

        def crowding(offset):
            b = box(offset)
            outside = sum(max(0.0, edge) for edge in (frame_box[0] - b[0], frame_box[1] - b[1], b[2] - frame_box[2], b[3] - frame_box[3]))
            return outside * height + sum(_overlap(b, c) for c in placed)

        offset = min(_LABEL_OFFSETS, key=lambda o: (crowding(o) > 0, crowding(o)))  # the first free one, else the least crowded
        placed.append(box(offset))
        labels.append((text, (x, y), (offset[0] if offset[0] >= 0 else offset[0] - width, offset[1])))
    return labels


def draw_decision_boundary(ax, mpl, boundary: DecisionBoundary, pieces: Sequence[Piece], frame: View, angles: bool) -> tuple:
    """The boundary in red (pieces, facets along which f vanishes, regions where it does), bends marked and labelled.

    Returns the number of pieces drawn and the legend handles.
    """
    visible = {piece.index: piece for piece in pieces}
    segments = []
    for part in boundary.pieces:
        if part.region in visible:
            ends = section(visible[part.region], part.normal, part.offset)
            if ends is not None:
                segments.append(tuple(point_float(p) for p in ends))
    drawn = len(segments)
    for index in boundary.facet_edges:
        edge = boundary.partition.edges[index]
        if edge.u in visible and edge.v in visible:
            ends = shared_side(visible[edge.u], visible[edge.v], edge.hyperplane)
            if ends is not None:
                segments.append(tuple(point_float(p) for p in ends))
    handles = [lines(ax, mpl, segments, BOUNDARY, 2.4, "decision boundary", "decision boundary", zorder=4)]
    flat = [visible[i] for i in boundary.flat_regions if i in visible]
    shaded = fill(ax, mpl, flat, [rgb(BOUNDARY)] * len(flat), gid="flat regions", alpha=0.35)
    if flat:
        shaded.set_label("f = 0 on a whole region")
        handles.append(shaded)
    shown = [bend for bend in boundary.bends if side(frame.polytope, bend.point) is not Side.OUTSIDE]
    xy = [point_float(bend.point) for bend in shown]
    marks = ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=16, c="white", edgecolors=BOUNDARY, linewidths=1.2, zorder=5)
    marks.set_gid("bends")
    if angles:
        for text, (x, y), offset in _angle_labels(shown, frame):
            label = ax.annotate(
                text, (x, y), xytext=offset, textcoords="offset points", fontsize=ANGLE_FONT_POINTS,
                color=BOUNDARY, bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
                zorder=6,
            )
            label.set_gid("bend angle")
    return drawn, handles


def plot_decision_boundary(partition: Partition, *, logits: Sequence[int] | None = None, view: Any = None, angles: bool = True):
    """The decision boundary in red over the partition, with its bend angles (paper section 5, eq. 26).

    The boundary comes from :func:`exactpd.boundary.decision.decision_boundary`: on
    each region the decision function is affine, ``f(x) = <a, x> + c``, and
    its zero set there is one straight piece, clipped exactly to the region's
    visible polygon.  Where two pieces meet across a facet the bend is marked
    and labelled with its angle theta, ``cos theta = <a_u, a_v> / (||a_u|| ||a_v||)``
    (0 degrees, decided exactly from ``cos^2 theta = 1``: no bend, marked but not labelled).  Facets along which f vanishes are drawn red too,
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
        Label every bend with its angle in degrees (not the 0-degree ones).

    Returns
    -------
    exactpd.plot.figure.Figure
        With the ``"regions"`` and cut collections of :func:`plot_partition`,
        a ``"decision boundary"`` line collection (one segment per boundary
        piece in view, then one per facet along which f vanishes), a
        ``"flat regions"`` collection (one polygon per region in view where
        f is identically 0), a ``"bends"`` scatter (one mark per bend in view)
        and, when ``angles``, one ``"bend angle"`` text per point where the
        boundary really bends (bends at one point share a label), placed so
        that labels do not overlap.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, -1, 1]], [0])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> [t.get_text() for t in plot_decision_boundary(part).axes[0].texts]
    ['45°']
    """
    mpl = matplotlib_modules()
    frame = view_of(partition, view)
    pieces = pieces_in(partition, frame.polytope)
    boundary = decision_boundary(partition, logits)
    fig, (ax,) = panel_figure(mpl, frame, 1)
    handles = draw_partition(ax, mpl, partition, pieces)
    for handle in handles:
        handle.set_alpha(0.6)
    drawn, boundary_handles = draw_decision_boundary(ax, mpl, boundary, pieces, frame, angles)
    components = len(boundary_components(boundary))
    what = "" if logits is None else f" $z_{logits[0]} = z_{logits[1]}$"
    counts = f"{len(boundary.pieces)} pieces" if drawn == len(boundary.pieces) else f"{drawn} of {len(boundary.pieces)} pieces in view"
    parts = f"{components} connected part" + ("s" if components != 1 else "")
    frame_axes(ax, frame, f"decision boundary{what}\n{counts}, {parts}")
    legend(ax, handles + boundary_handles, "cuts of")
    return fig
