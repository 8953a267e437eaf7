"""Working in a notebook: short reprs, HTML tables, records and DataFrames, region measures, inline figures in a real kernel."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import pytest

from exactpd.enumeration import enumerate_regions
from exactpd.errors import InvalidDomainError, MissingDependencyError
from exactpd.io import demo_network
from exactpd.kernel.polytope import area, box, contains, vertices
from exactpd.network.layers import Conv2d, Dense, MaxPool, Network

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo():
    return enumerate_regions(demo_network(), box([-2, -2], [2, 2]))


def test_short_reprs_and_longer_str(demo):
    assert repr(demo) == "Partition(2-6-6-1 relu, box [-2, 2]^2, 54 regions, 91 edges)"
    assert repr(demo.network) == "Network(2 -> 6 relu -> 6 relu -> 1)"
    assert repr(demo.network.layers[0]) == "Dense(2 -> 6, relu)"
    assert repr(demo.domain) == "HPolytope(box [-2, 2]^2)"
    region = demo[12]
    code = "|".join("".join(map(str, layer)) for layer in region.code)
    assert repr(region) == f"Region(code {code}, {len(region.polytope.b)} facets, bounded)"
    for thing in (demo, demo.network, region):
        assert str(thing) != repr(thing) and str(thing).startswith(repr(thing).split("(")[0])
    assert "54 bounded, 0 unbounded" in str(demo) and "67 parameters" in str(demo.network)
    assert repr(enumerate_regions(demo_network())) == "Partition(2-6-6-1 relu, R^2, 65 regions, 113 edges)"


def test_a_convolutional_network_has_a_one_line_repr():
    weight = [[[[1, 0, -1], [0, 1, 0], [-1, 0, 1]]] for _ in range(4)]
    conv = Conv2d(weight, [0, "1/2", -1, 0], input_shape=(1, 6, 6), padding=1, activation="leaky_relu")
    net = Network(36, [conv, MaxPool([[i, i + 1] for i in range(0, 144, 2)]), Dense([[1] * 72, [-1] * 72], [0, 0])])
    assert repr(net) == "Network(36 -> conv 4x6x6 leaky_relu -> maxpool 72 -> 2)"
    assert repr(conv) == "Conv2d(1x6x6 -> 4x6x6, kernel 3x3, leaky_relu 1/100)"
    assert "layer 1  MaxPool  144 -> 72, groups of 2" in str(net)
    assert "<table>" in net._repr_html_()


def test_long_codes_are_cut():
    net = Network(1, [Dense([[1]] * 60, list(range(60)), "relu")])
    part = enumerate_regions(net, box([-100], [100]))
    assert len(part) == 61 and all(len(repr(region)) < 100 for region in part) and "(60 units)" in repr(part[0])


def test_html_tables(demo):
    text = demo._repr_html_()
    assert text.count("<tr>") == 1 + 12 and "42 more regions" in text
    assert demo[0]._repr_html_().count("<tr>") == 1 + len(demo[0].polytope.b)


def test_records_and_dataframe(demo):
    records = demo.to_records()
    assert [r["index"] for r in records] == list(range(len(demo)))
    assert sum(r["volume"] for r in records) == 16  # the regions tile [-2, 2]^2
    for record, region in zip(records, demo):
        assert record["volume"] == area(region.polytope)  # the shoelace area of the exact polygon
        assert record["witness"] == tuple(float(v) for v in region.witness)
        assert record["n_facets"] == len(region.polytope.b) and record["bounded"]
    assert all(r["volume"] is None for r in demo.to_records(volumes=False))
    frame = demo.to_dataframe()
    assert list(frame.index) == list(range(len(demo))) and list(frame.columns) == ["code", "n_facets", "bounded", "volume", "witness"]
    assert frame.loc[3, "volume"] == records[3]["volume"]


def test_dataframe_without_pandas_names_the_extra(demo, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"exactpd\[table\]"):
        demo.to_dataframe()


def test_region_measures_and_predicates(demo):
    whole = enumerate_regions(demo_network())
    unbounded = next(r for r in whole if not r.bounded)
    assert unbounded.volume() is None and unbounded.area() is None
    with pytest.raises(InvalidDomainError):
        unbounded.vertices()
    region = demo[5]
    assert region.area() == region.volume() == area(region.polytope)
    assert region.vertices() == vertices(region.polytope)
    corner = region.vertices()[0]
    assert region.contains(corner) and region.contains(region.witness) and not region.contains([5, 5])
    assert region.contains(corner) == contains(region.polytope, corner)
    view = region.as_float()
    assert view.A.shape == (len(region.polytope.b), 2) and view.vertices.shape == (len(region.vertices()), 2)
    assert view.witness.tolist() == [float(v) for v in region.witness] and view.code == region.code
    assert isinstance(region.volume(), Fraction)


def test_a_fresh_kernel_shows_reprs_html_and_figures_inline():
    pytest.importorskip("matplotlib")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    cells = [
        "import exactpd as epd\n"
        "part = epd.enumerate_regions(epd.demo_network(), epd.box([-2, -2], [2, 2]))",
        "part",
        "part[0]",
        "part.network",
        "epd.plot_partition(part)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [cell.outputs for cell in notebook.cells]
    assert outputs[0] == []
    shown = [out[0]["data"] for out in outputs[1:]]
    assert shown[0]["text/plain"] == "Partition(2-6-6-1 relu, box [-2, 2]^2, 54 regions, 91 edges)"
    assert "<table>" in shown[0]["text/html"]
    assert shown[1]["text/plain"].startswith("Region(code ") and "<table>" in shown[1]["text/html"]
    assert shown[2]["text/plain"] == "Network(2 -> 6 relu -> 6 relu -> 1)"
    assert shown[3]["image/png"].startswith("iVBORw0KGgo")  # a PNG, base64: the figure is drawn, not "<Figure size ...>"


def test_displays_survive_numbers_beyond_the_float_range():
    from exactpd.enumeration.partition import Partition
    from exactpd.enumeration.region import DOMAIN, Region
    from exactpd.kernel.polytope import HPolytope

    big = 10**400
    net = Network(1, [Dense([[1]], [-big], "relu")])
    cell = HPolytope([[1], [-1]], [3 * big, -big])
    region = Region(code=((1,),), polytope=cell, labels=((DOMAIN,), ((0, 0),)), facet_points=((3 * big,), (big,)),
                    witness=(Fraction(2 * big),), bounded=True)
    part = Partition(net, HPolytope([[1], [-1]], [3 * big, 0]), (region,))
    assert "witness ~ (inf)" in str(region) and "<table>" in part._repr_html_()
    (record,) = part.to_records()
    assert record["witness"] == (float("inf"),) and record["volume"] == 2 * big  # exact, though no float holds it
    assert region.as_float().b.tolist() == [float("inf"), float("-inf")]
