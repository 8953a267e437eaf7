"""The decision boundary in red over the partition, with its bend angles (paper section 5, eq. 26)."""

from __future__ import annotations

from typing import Any, Sequence

from exactpd.boundary.decision import DecisionBoundary, bend_degrees_float, boundary_components, decision_boundary
from exactpd.enumeration.partition import Partition
from exactpd.kernel.polytope import side
from exactpd.plot.partition import draw_partition
from exactpd.plot.style import BOUNDARY, fill, frame_axes, legend, lines, matplotlib_modules, panel_figure, rgb
from exactpd.plot.view import Piece, View, pieces_in, point_float, section, shared_side, view_of
from exactpd.rational import Side

__all__ = ["plot_decision_boundary"]


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
        for bend, (x, y) in zip(shown, xy):
            text = ax.annotate(
                f"{bend_degrees_float(bend):.0f}°", (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7,
                color=BOUNDARY, bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
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
    exactpd.plot.figure.Figure
        With the ``"regions"`` and cut collections of :func:`plot_partition`,
        a ``"decision boundary"`` line collection (one segment per boundary
        piece in view, then one per facet along which f vanishes), a
        ``"flat regions"`` collection (one polygon per region in view where
        f is identically 0), a ``"bends"`` scatter (one mark per bend in view) and one ``"bend angle"``
        text per mark when ``angles``.
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
