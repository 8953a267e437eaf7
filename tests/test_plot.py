"""Pictures, slices and weight-constrained layers.

The pictures are checked through their artists (found by gid): one polygon
per region in view, one segment per cut, one dot per site, ...; the counts
come from the exact partition, computed independently here.  Slices are
checked against the original network's exact forward pass at the lifted
witnesses; constrained layers by the directions of every cut they make.
"""

from __future__ import annotations

import io
import math
import sys
from fractions import Fraction

import pytest

from exactpd.network.constraint import axis_parallel_layer, diagonal_layer, orthogonal_layer, rank_one_layer
from exactpd.enumeration import enumerate_regions
from exactpd.errors import DimensionError, InvalidDomainError, InvalidNetworkError, MissingDependencyError
from exactpd.network.forward_pass import code_at
from exactpd.network.maso import maso_layers
from exactpd.network.layers import Dense, Maso, MaxPool, Network
from exactpd.geometry.lifting import max_affine, paraboloid
from exactpd.plot import (
    plot_decision_boundary,
    plot_graph,
    plot_layers,
    plot_lifting,
    plot_partition,
    plot_partition_polynomial,
    plot_partitions,
    plot_power_diagram,
)
from exactpd.boundary.decision import decision_boundary
from exactpd.kernel.polytope import box, intersect, is_full_dimensional, vertices
from exactpd.plot.polynomial import _polynomial_factors
from exactpd.plot.style import matplotlib_modules
from exactpd.rational import dot
from exactpd.enumeration.region import DOMAIN
from exactpd.network.slicing import lift, plane_through, slice_network
from exactpd.io import demo_network, load_network

matplotlib = pytest.importorskip("matplotlib")

VIEW = ([-2, -2], [2, 2])


@pytest.fixture(scope="module")
def small():
    """A 2-3-2-1 ReLU network, enumerated on the whole plane (unbounded regions included)."""
    net = Network(
        2,
        [
            Dense([[1, 0], [0, 1], [1, 1]], [0, "-1/2", "1/2"], "relu"),
            Dense([[1, -1, 1], [-1, 2, "1/2"]], ["-1/4", "1/3"], "relu"),
            Dense([[1, -1]], [0]),
        ],
    )
    return enumerate_regions(net)


def artists(fig, gid):
    return [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]


def in_view(partition, view=VIEW):
    frame = box(*view)
    return [r for r in partition if is_full_dimensional(intersect(r.polytope, frame))]


def test_figures_are_built_without_pyplot_or_a_screen(small):
    fig = plot_partition(small, view=VIEW)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert fig.canvas.manager is None  # not registered with pyplot: no window, nothing to close


def test_every_picture_is_a_figure_a_notebook_shows(small):
    from exactpd.plot.figure import Figure

    figures = [
        plot_partition(small, view=VIEW), plot_partitions([small, small], view=VIEW), plot_layers(small, view=VIEW),
        plot_power_diagram(small, view=VIEW), plot_decision_boundary(small, view=VIEW), plot_graph(small, view=VIEW),
        plot_lifting(small.network), plot_partition_polynomial(small, view=VIEW, resolution=20),
    ]
    for fig in figures:
        assert isinstance(fig, Figure) and fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_partition_draws_one_polygon_per_region_in_view(small, tmp_path):
    fig = plot_partition(small, view=VIEW)
    (regions,) = artists(fig, "regions")
    assert len(regions.get_paths()) == len(in_view(small))
    fig.savefig(tmp_path / "p.png")
    assert (tmp_path / "p.png").stat().st_size > 1000


def test_partition_default_view_shows_every_region(small):
    (regions,) = artists(plot_partition(small), "regions")
    assert len(regions.get_paths()) == len(small)


def test_cuts_are_drawn_once_and_coloured_by_layer():
    # three lines of layer 1 (x = 0, y = 0, x + y = 1) in the box [-2, 2]^2
    net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, 1, 1]], [0])])
    part = enumerate_regions(net, box(*VIEW))
    fig = plot_partition(part)
    (layer1,) = artists(fig, "cuts layer 1")
    # every cut side appears in exactly two regions; the picture draws it once
    sides = sum(1 for r in part for labels in r.labels if DOMAIN not in labels)
    assert len(layer1.get_segments()) == sides // 2
    assert artists(fig, "cuts layer 2") == []
    (domain,) = artists(fig, "domain")
    assert len(domain.get_segments()) == sum(1 for r in part for labels in r.labels if DOMAIN in labels)


def test_layers_panel_per_layer_and_highlighted_unit(small):
    n_layers = len(maso_layers(small.network))
    fig = plot_layers(small, units=[1, 0], view=VIEW)
    assert len(fig.axes) == n_layers + 1  # and the output layer's panel: one output
    for ax in fig.axes:
        (regions,) = [a for a in ax.get_children() if a.get_gid() == "regions"]
        assert len(regions.get_paths()) == len(in_view(small))
    first, second, output = fig.axes
    assert [a for a in output.get_children() if a.get_gid() == "decision boundary"]
    new_first = [a for a in first.get_children() if a.get_gid() == "new cuts"][0]
    earlier_first = [a for a in first.get_children() if a.get_gid() == "earlier cuts"][0]
    assert len(new_first.get_segments()) > 0 and len(earlier_first.get_segments()) == 0
    earlier_second = [a for a in second.get_children() if a.get_gid() == "earlier cuts"][0]
    assert len(earlier_second.get_segments()) == len(new_first.get_segments())
    for ax in (first, second):
        (highlight,) = [a for a in ax.get_children() if a.get_gid() == "highlighted cut"]
        assert len(highlight.get_segments()) > 0


def test_layers_units_must_match_layers(small):
    with pytest.raises(DimensionError):
        plot_layers(small, units=[0, 0, 0])


def test_power_diagram_first_layer_sites_and_circles():
    # one unit with 3 pieces: a power diagram of 3 sites (Lemma 1), two of positive weight
    sites = [((0, 0), 1), ((1, 0), -1), ((0, 1), "1/4")]
    slopes = [[list(c) for c, _ in sites]]
    offsets = [[(Fraction(w) - sum(x * x for x in c)) / 2 for c, w in sites]]
    part = enumerate_regions(Network(2, [Maso(slopes, offsets)]), box(*VIEW))
    fig = plot_power_diagram(part, 0)
    (dots,) = artists(fig, "centroids")
    assert len(dots.get_offsets()) == len(part)
    (circles,) = artists(fig, "power circles")
    assert len(circles.get_paths()) == sum(1 for r in part if r.sites[0].power_weight > 0)


def test_power_diagram_later_layer_one_panel_per_parent_and_the_union(small):
    fig = plot_power_diagram(small, 1, view=VIEW, max_panels=3)
    parents = {r.code[:1] for r in in_view(small)}
    assert len(fig.axes) == min(3, len(parents)) + 1
    for ax in fig.axes[:-1]:
        assert [a for a in ax.get_children() if a.get_gid() == "centroids"]
    with pytest.raises(DimensionError):
        plot_power_diagram(small, 5)


def test_decision_boundary_pieces_and_bend_angles():
    # errata E1's counter-example: W1 = I, W2 = (1, 1); the boundary x + y = 1 bends by 45 degrees twice
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    part = enumerate_regions(net, box(*VIEW))
    fig = plot_decision_boundary(part)
    (red,) = artists(fig, "decision boundary")
    ends = sorted(tuple(map(tuple, segment)) for segment in red.get_segments())
    assert ends == [((-2.0, 1.0), (0.0, 1.0)), ((0.0, 1.0), (1.0, 0.0)), ((1.0, -2.0), (1.0, 0.0))]
    (bends,) = artists(fig, "bends")
    assert sorted(map(tuple, bends.get_offsets())) == [(0.0, 1.0), (1.0, 0.0)]
    assert sorted(t.get_text() for t in artists(fig, "bend angle")) == ["45°", "45°"]
    assert "3 pieces, 1 connected part" in fig.axes[0].get_title()


def _rendered_boxes(fig, gid):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    return [a.get_window_extent(renderer) for a in artists(fig, gid)], renderer


def test_bend_labels_one_per_bending_point_none_for_straight_bends_and_no_overlap():
    import json
    from pathlib import Path

    from exactpd.io import network_from_dict

    # examples/network.json bends 8 times in [-2, 2]^2, four of them close together near the origin
    root = Path(__file__).resolve().parent.parent
    net = network_from_dict(json.loads((root / "examples" / "network.json").read_text()))
    part = enumerate_regions(net, box(*VIEW))
    boundary = decision_boundary(part)
    bending = {}
    for bend in boundary.bends:
        if not (bend.sign == 1 and bend.cos2 == 1):
            cos = bend.sign * math.sqrt(bend.cos2)
            bending.setdefault(bend.point, []).append(math.degrees(math.acos(cos)))
    fig = plot_decision_boundary(part)
    texts = sorted(t.get_text() for t in artists(fig, "bend angle"))
    assert texts == sorted(", ".join(f"{d:.0f}°" for d in sorted(ds)) for ds in bending.values())
    boxes, _ = _rendered_boxes(fig, "bend angle")
    assert not [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes) if i < j and a.overlaps(b)]


def test_straight_bends_are_marked_but_not_labelled():
    from exactpd.io import demo_network

    part = enumerate_regions(demo_network(), box([-3, -3], [3, 3]))
    straight = [b for b in decision_boundary(part).bends if b.sign == 1 and b.cos2 == 1]
    assert straight  # the demo's boundary crosses a facet without bending
    fig = plot_decision_boundary(part)
    (marks,) = artists(fig, "bends")
    labelled = {tuple(t.xy) for t in artists(fig, "bend angle")}
    for bend in straight:
        point = (float(bend.point[0]), float(bend.point[1]))
        assert point in {tuple(p) for p in marks.get_offsets()} and point not in labelled
    assert all("0°" != t.get_text() for t in artists(fig, "bend angle"))


def test_default_view_of_an_unbounded_partition_frames_the_bounded_regions(small):
    bounded = [p for r in small if r.bounded for p in vertices(r.polytope)]
    assert bounded and any(not r.bounded for r in small)
    ax = plot_partition(small).axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert all(x0 <= float(p[0]) <= x1 and y0 <= float(p[1]) <= y1 for p in bounded)
    span = max(max(float(p[d]) for p in bounded) - min(float(p[d]) for p in bounded) for d in (0, 1))
    assert max(x1 - x0, y1 - y0) <= 1.5 * span + 2  # the bounded regions fill the picture


def test_layers_legend_is_one_row_inside_the_figure(small):
    fig = plot_layers(small, view=VIEW)
    (legend,) = fig.legends
    _, renderer = _rendered_boxes(fig, "regions")
    box_ = legend.get_window_extent(renderer)
    page = fig.bbox
    assert page.x0 <= box_.x0 and box_.x1 <= page.x1 and page.y0 <= box_.y0 and box_.y1 <= page.y1
    assert not any(box_.overlaps(ax.get_window_extent(renderer)) for ax in fig.axes)
    assert box_.height < 0.2 * page.height


def test_decision_boundary_along_a_facet_and_flat_regions():
    # f = |y - 1| vanishes exactly on the facet y = 1 between its two regions
    net = Network(2, [Dense([[0, 1]], [-1], "abs"), Dense([[1]], [0])])
    fig = plot_decision_boundary(enumerate_regions(net, box(*VIEW)))
    (red,) = artists(fig, "decision boundary")
    assert [tuple(map(tuple, s)) for s in red.get_segments()] == [((-2.0, 1.0), (2.0, 1.0))]
    # f = relu(y - 1) is identically 0 on the region y <= 1
    net = Network(2, [Dense([[0, 1]], [-1], "relu"), Dense([[1]], [0])])
    fig = plot_decision_boundary(enumerate_regions(net, box(*VIEW)))
    (flat,) = artists(fig, "flat regions")
    assert len(flat.get_paths()) == 1


def test_graph_nodes_and_edges(small):
    fig = plot_graph(small, view=VIEW)
    (nodes,) = artists(fig, "graph nodes")
    shown = {small.index_of(r.code) for r in in_view(small)}
    assert len(nodes.get_offsets()) == len(shown)
    drawn = sum(len(a.get_segments()) for a in fig.axes[0].get_children() if str(a.get_gid()).startswith("graph edges"))
    assert drawn == sum(1 for e in small.edges if e.u in shown and e.v in shown)


def test_partitions_side_by_side(small):
    fig = plot_partitions([small, small], ["a", "b"], view=VIEW)
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == [f"a: {len(in_view(small))} regions", f"b: {len(in_view(small))} regions"]


def test_three_inputs_need_a_slice():
    net = Network(3, [Dense([[1, 0, 0]], [0], "relu")])
    with pytest.raises(DimensionError, match="slice"):
        plot_partition(enumerate_regions(net))


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"exactpd\[plot\]"):
        matplotlib_modules()
    assert issubclass(MissingDependencyError, ImportError)


# --------------------------------------------------------------------------- slices


@pytest.mark.parametrize(
    "first",
    [
        Dense([[1, -1, 2], [0, 1, 1], [2, 1, -1]], ["1/2", 0, -1], "relu"),
        Maso([[[1, 0, 1], [0, 1, 0], [-1, 1, 1]], [[0, 0, 1], [1, 1, 1]]], [[0, 1, "-1/2"], [0, "1/3"]]),
        MaxPool([[0, 1], [1, 2]]),
    ],
    ids=["dense", "maso", "maxpool"],
)
def test_slice_codes_agree_with_the_network_at_lifted_witnesses(first):
    width = first.n_outputs
    net = Network(3, [first, Dense([[1] * width, [1, -1] + [0] * (width - 2)], [0, "1/4"], "abs"), Dense([[1, 1]], [0])])
    origin, directions = plane_through([0, 0, "1/3"], [1, "1/2", 0], [-1, 1, 1])
    flat = slice_network(net, origin, directions)
    assert flat.input_dim == 2
    part = enumerate_regions(flat, box([-3, -3], [3, 3]), edges=False)
    assert len(part) > 1
    for region in part:
        assert code_at(net, lift(origin, directions, region.witness)) == region.code


def test_slice_of_the_coordinate_plane_is_the_restriction():
    net = Network(3, [Dense([[1, 2, 5], [3, 4, 6]], [1, 2], "relu")])
    flat = slice_network(net, [0, 0, 0], [[1, 0, 0], [0, 1, 0]])
    assert flat.layers[0].weight == ((1, 2), (3, 4)) and flat.layers[0].bias == (1, 2)


def test_slice_rejects_parallel_directions_and_wrong_lengths():
    net = Network(3, [Dense([[1, 0, 0]], [0], "relu")])
    with pytest.raises(InvalidDomainError):
        slice_network(net, [0, 0, 0], [[1, 2, 3], [2, 4, 6]])
    with pytest.raises(InvalidDomainError):
        plane_through([0, 0, 0], [1, 1, 1], [2, 2, 2])
    with pytest.raises(DimensionError):
        slice_network(net, [0, 0], [[1, 0], [0, 1]])
    with pytest.raises(DimensionError):
        slice_network(net, [0, 0, 0], [[1, 0, 0]])


# --------------------------------------------------------------------------- weight constraints (Fig. 5, Examples 1-2)


def cut_rows(layer):
    """The normal directions of every cut of the one-layer network (primitive, first entry positive)."""
    part = enumerate_regions(Network(2, [layer]), box(*VIEW), edges=False)
    rows = set()
    for region in part:
        for row, labels in zip(region.polytope.A, region.labels):
            if DOMAIN not in labels:
                g = math.gcd(*row) * (1 if next(a for a in row if a) > 0 else -1)
                rows.add(tuple(a // g for a in row))
    return rows, part


def test_rank_one_layer_makes_parallel_cuts():
    rows, part = cut_rows(rank_one_layer([2, 1], ["-21/10", -1, "-3/10", 1, "8/5", 2], "relu"))
    assert rows == {(2, 1)}
    assert len(part) == 7


def test_orthogonal_layer_makes_two_orthogonal_families():
    rows, part = cut_rows(orthogonal_layer([[1, 2], [-4, 2]], [[0, 1, -1], ["1/2", -2, 3]]))
    assert rows == {(1, 2), (2, -1)}
    assert len(part) == 16
    with pytest.raises(InvalidNetworkError, match="orthogonal"):
        orthogonal_layer([[1, 2], [1, 1]], [[0], [0]])


def test_axis_parallel_and_diagonal_layers():
    rows, _ = cut_rows(axis_parallel_layer(2, [0, 1, 0, 1], [1, -2, "1/3", 5], [0, 1, "1/5", -1]))
    assert rows == {(1, 0), (0, 1)}
    rows, _ = cut_rows(diagonal_layer("3/2", [[1, 1], [1, -1], [-1, 1]], [0, 1, "1/2"], "abs"))
    assert rows == {(1, 1), (1, -1)}
    with pytest.raises(InvalidNetworkError):
        axis_parallel_layer(2, [2], [1], [0])
    with pytest.raises(InvalidNetworkError):
        diagonal_layer(1, [[1, 2]], [0])


# --------------------------------------------------------------------------- command line


def test_cli_plot_every_kind_from_a_partition_file(tmp_path, capsys, small):
    from exactpd.cli.main import main
    from exactpd.io import save_partition

    saved = tmp_path / "part.json"
    save_partition(small, saved)
    for kind in ("partition", "layers", "powerdiagram", "boundary", "graph", "polynomial", "lifting"):
        out = tmp_path / f"{kind}.png"
        assert main(["plot", str(saved), "-o", str(out), "--kind", kind]) == 0
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for options in (["--kind", "lifting", "--unit", "each"], ["--kind", "polynomial", "--layer", "1"], ["--kind", "layers", "--unit-panels"]):
        assert main(["plot", str(saved), "-o", str(tmp_path / "more.png"), *options]) == 0
    assert main(["plot", str(saved), "-o", str(tmp_path / "more.png"), "--kind", "lifting", "--layer", "1"]) == 2
    assert "1 or 2 inputs" in capsys.readouterr().err  # layer 2's input has 3 dimensions
    assert main(["plot", str(saved), "-o", str(tmp_path / "fig.nope")]) == 2
    assert "fig.nope" in capsys.readouterr().err


def test_cli_demo_writes_its_picture(tmp_path, capsys):
    from exactpd.cli.main import main

    out, saved = tmp_path / "demo.png", tmp_path / "net.json"
    assert main(["demo", "--plot", str(out), "--save", str(saved)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote: {out}" in printed and f"wrote: {saved}" in printed
    assert out.stat().st_size > 1000
    assert load_network(saved) == demo_network()


def test_views_one_per_panel(small):
    fig = plot_partitions([small, small], views=[None, VIEW])
    whole, zoom = fig.axes
    assert zoom.get_xlim() == (-2.0, 2.0) and whole.get_xlim() != zoom.get_xlim()
    assert len(artists(fig, "regions")) == 2
    with pytest.raises(DimensionError, match="views"):
        plot_partitions([small, small], views=[VIEW])


def test_adjacent_regions_get_different_fills(small):
    from exactpd.plot.style import fill_colours as _fill_colours

    colours = _fill_colours(small)
    assert set(colours) == {r.code for r in small}
    assert all(colours[small[e.u].code] != colours[small[e.v].code] for e in small.edges)
    prefixes = _fill_colours(small, 1)
    for e in small.edges:
        a, b = small[e.u].code[:1], small[e.v].code[:1]
        assert a == b or prefixes[a] != prefixes[b]


# --------------------------------------------------------------------------- unit panels (Figs. 7, 9)


def test_layers_unit_panels_show_each_highlighted_cut_alone(small):
    fig = plot_layers(small, units=[1, 0], view=VIEW, unit_panels=True)
    big, small_axes = fig.axes[:3], fig.axes[3:]
    assert len(small_axes) == 3  # one per layer with a highlighted unit, one for the decision boundary
    for panel, alone in zip(big, small_axes):
        (cut,) = [a for a in alone.get_children() if a.get_gid() == "cut alone"]
        wanted = "decision boundary" if panel is big[-1] else "highlighted cut"
        (drawn,) = [a for a in panel.get_children() if a.get_gid() == wanted]
        assert [s.tolist() for s in cut.get_segments()] == [s.tolist() for s in drawn.get_segments()]
        assert [a for a in alone.get_children() if a.get_gid() == "regions"] == []
    links = [a for a in fig.artists if a.get_gid() == "unit link"]
    assert len(links) == 3 and all(link.get_linestyle() == ":" for link in links)
    without = plot_layers(small, units=[None, 0], view=VIEW, unit_panels=True)
    assert len(without.axes) == 3 + 2


# --------------------------------------------------------------------------- the paraboloid lifting (Fig. 2 type)


def test_lifting_of_a_1d_unit_draws_its_envelope_tangents_and_diagram():
    # one unit, three pieces: sites (mu, rho) = (-1, 1), (1, 1/4), (0, 0) (Lemma 1: slope mu, offset (rho - mu^2) / 2)
    slopes, offsets = [[-1], [1], [0]], [0, Fraction(-3, 8), 0]
    net = Network(1, [Maso([slopes], [offsets])])
    fig = plot_lifting(net, 0, view=([-3], [3]))
    (ax,) = fig.axes
    part = enumerate_regions(net)
    (u_line,) = artists(fig, "paraboloid")
    assert all(math.isclose(y, x * x / 2) for x, y in u_line.get_xydata())
    (p_line,) = artists(fig, "max-affine")
    corners = p_line.get_xydata()
    assert corners[0][0] == -3 and corners[-1][0] == 3 and len(corners) == 2 * len(part)
    for x, y in corners:  # the envelope at each cell end, against the exact max-affine function
        assert y == float(max_affine(slopes, offsets, [Fraction(x)]))
    (tangents,) = artists(fig, "tangent planes")
    assert len(tangents.get_segments()) == len(part) == 3
    for (x0, y0), (x1, y1) in tangents.get_segments():  # tangent to U at mu: slope mu, touching U at its middle
        mu = (x0 + x1) / 2
        assert math.isclose((y1 - y0) / (x1 - x0), mu, abs_tol=1e-12)
        assert math.isclose((y0 + y1) / 2, float(paraboloid([Fraction(mu)])))
    (diagram,) = artists(fig, "power diagram")
    assert len(diagram.get_paths()) == 3
    (circles,) = artists(fig, "power circles")
    radii = sorted((b[0] - a[0]) / 2 for a, b in circles.get_segments())
    assert radii == pytest.approx([0.5, 1.0])  # rho = 1/4 and 1; the site of rho = 0 has no sphere
    (dots,) = artists(fig, "centroids")
    assert sorted(x for x, _ in dots.get_offsets()) == [-1, 0, 1]


def test_lifting_of_a_2d_layer_has_one_face_per_cell_and_a_panel_per_unit():
    layer = Maso([[[1, 0], [0, 1], [-1, -1]], [[1, 1], [0, 0]]], [[0, 0, "1/2"], ["-1/2", 0]])
    net = Network(2, [layer])
    fig = plot_lifting(net, "each", view=VIEW)
    fig.savefig(io.BytesIO(), format="png")  # 3-D collections get their (projected) paths when drawn
    assert len(fig.axes) == 3 and all(ax.name == "3d" for ax in fig.axes)
    alone = [enumerate_regions(Network(2, [Maso([layer.slopes[k]], [layer.offsets[k]])]), box(*VIEW)) for k in (0, 1)]
    whole = enumerate_regions(net, box(*VIEW))
    for ax, part in zip(fig.axes, alone + [whole]):
        children = {a.get_gid(): a for a in ax.get_children() if a.get_gid()}
        assert {"paraboloid", "max-affine", "tangent planes", "tangent points", "power diagram", "centroids", "power circles"} <= set(children)
        assert len(children["max-affine"].get_paths()) == len(children["power diagram"].get_paths()) == len(part)
        in_view = {r.sites[0].centroid for r in part if all(-2 <= c <= 2 for c in r.sites[0].centroid)}
        assert len(children["tangent planes"].get_paths()) == len(in_view)
    assert "2 pieces" in fig.axes[1].get_title() and r"\sum_k" in fig.axes[2].get_title()


def test_lifting_needs_one_or_two_inputs_and_a_unit_of_the_layer(small):
    with pytest.raises(DimensionError, match="1 or 2 inputs"):
        plot_lifting(Network(3, [Dense([[1, 0, 0]], [0], "relu")]))
    with pytest.raises(DimensionError, match="unit 7"):
        plot_lifting(small.network, 7)
    with pytest.raises(DimensionError, match="layer 4"):
        plot_lifting(small.network, layer=4)
    fig = plot_lifting(maso_layers(small.network)[0])  # a MasoLayer works too
    assert len(fig.axes) == 1


# --------------------------------------------------------------------------- the partition polynomial (Fig. 3 top)


def exact_polynomial(net, point, n_layers=None):
    """Pol_l at a rational point, from the sympy expression of exactpd.checks.symbolic (independent of the plot)."""
    from exactpd.checks.symbolic import partition_polynomial, rational, symbolic_vector

    x = symbolic_vector("x", 2)
    return partition_polynomial(net, x, n_layers).subs({x[0]: rational(point[0]), x[1]: rational(point[1])})


def factor_product(partition, region, point, n_layers):
    layers = maso_layers(partition.network)
    value = Fraction(1)
    for gradient, constant in _polynomial_factors(layers, region, n_layers):
        value *= dot(gradient, point) + constant
    return value


def test_polynomial_factors_vanish_exactly_at_the_facets_and_match_the_symbolic_polynomial(small):
    net = small.network
    for region in small.regions[:6]:
        assert factor_product(small, region, region.witness, 2) == exact_polynomial(net, region.witness) != 0
        for point, labels in zip(region.facet_points, region.labels):
            if DOMAIN not in labels:
                assert factor_product(small, region, point, 2) == 0
                assert exact_polynomial(net, point) == 0
        for point, labels in zip(region.facet_points, region.labels):  # Pol_1 vanishes only on layer-1 cuts
            if labels == ((1, 0),) or labels == ((1, 1),):
                assert factor_product(small, region, point, 1) == exact_polynomial(net, point, 1) != 0


def test_polynomial_factors_of_a_three_piece_unit():
    # R = 3: the gaps from the winning piece, a piecewise product (unit_factor of exactpd.checks.symbolic)
    net = Network(2, [Maso([[[1, 0], [0, 1], [-1, -1]]], [[0, "1/3", 0]]), Dense([[1]], [0])])
    part = enumerate_regions(net, box(*VIEW))
    for region in part:
        assert factor_product(part, region, region.witness, 1) == exact_polynomial(net, region.witness) > 0


def test_polynomial_heat_map_pixels_and_zero_set(small):
    fig = plot_partition_polynomial(small, view=VIEW, resolution=40)
    images = artists(fig, "polynomial")
    assert len(images) == 2  # Pol_1 and Pol_2
    zero_sets = artists(fig, "zero set")
    cut_sides = [
        sum(1 for r in in_view(small) for labels in r.labels if DOMAIN not in labels and min(l for l, _ in labels) <= layer)
        for layer in (0, 1)
    ]
    # every cut is a side of the two regions it separates and is drawn once (sides cut by the view's edge may differ)
    assert [len(z.get_segments()) for z in zero_sets] == [n // 2 for n in cut_sides]
    values = images[1].get_array()  # row i, column j: the pixel centred at (-2 + (j + 1/2) / 10, -2 + (i + 1/2) / 10)
    for i, j in ((3, 5), (20, 20), (33, 11), (39, 0)):
        point = (Fraction(-2) + Fraction(2 * j + 1, 20), Fraction(-2) + Fraction(2 * i + 1, 20))
        exact = abs(float(exact_polynomial(small.network, point))) ** 0.2
        assert values[i, j] == pytest.approx(exact, rel=1e-9, abs=1e-12)
    one = plot_partition_polynomial(small, layer=1, view=VIEW, resolution=20, surface=True)
    assert len(artists(one, "polynomial")) == 1 and one.axes[0].name == "3d"
    with pytest.raises(DimensionError):
        plot_partition_polynomial(small, layer=2)


def test_polynomial_of_a_network_is_enumerated_in_the_view():
    net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    fig = plot_partition_polynomial(net, view=VIEW, resolution=20)
    (image,) = artists(fig, "polynomial")
    (zero,) = artists(fig, "zero set")
    # Pol_1 = x_1 x_2: its zero set is the two axes, each cut in two at the origin
    segments = {frozenset(map(tuple, segment.tolist())) for segment in zero.get_segments()}
    assert segments == {frozenset({(0.0, 0.0), end}) for end in ((-2.0, 0.0), (2.0, 0.0), (0.0, -2.0), (0.0, 2.0))}
    assert image.get_array().shape == (20, 20)


def test_cli_plot_no_verify_skips_the_network_check(tmp_path, capsys, small):
    import json

    from exactpd.cli.main import main
    from exactpd.io import save_partition

    saved = tmp_path / "part.json"
    save_partition(small, saved)
    data = json.loads(saved.read_text())
    data["network"]["layers"][0]["bias"][0] = "12345"  # no longer the network of these regions
    saved.write_text(json.dumps(data))
    assert main(["plot", str(saved), "-o", str(tmp_path / "a.png")]) == 2
    assert "region" in capsys.readouterr().err
    assert main(["plot", str(saved), "-o", str(tmp_path / "b.png"), "--no-verify"]) == 0
