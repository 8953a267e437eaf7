"""Tampered partition files: every kind of change is refused with one clear error naming the region or edge.

The reference is the untouched file, which loads back equal to the partition the
enumerator computed; each test changes one thing in it, the way a damaged file or
a hostile editor would, and expects :class:`~exactpd.errors.PartitionIntegrityError`
(or, for a malformed value, :class:`~exactpd.errors.FileFormatError`).
"""

from __future__ import annotations

import copy
import json

import pytest

import exactpd as epd
from exactpd.errors import FileFormatError, PartitionIntegrityError

BOX = epd.box([-3, -3], [3, 3])

# Degenerate: a duplicated unit, three concurrent cuts through the origin, a dead unit.
DEGENERATE = epd.Network(2, [
    epd.Dense([[1, 0], [1, 0], [0, 1], [1, 1], [0, 0]], [0, 0, 0, 0, 0], "relu"),
    epd.Dense([[1, -1, 1, 1, 0], [0, 1, -1, 0, 1]], [0, "1/2"], "relu"),
    epd.Dense([[1, 1]], [0]),
])


@pytest.fixture(scope="module")
def demo_dict():
    partition = epd.enumerate_regions(epd.demo_network(), BOX)
    return partition, epd.partition_to_dict(partition)


@pytest.fixture(scope="module")
def unbounded_dict():
    partition = epd.enumerate_regions(DEGENERATE)
    return partition, epd.partition_to_dict(partition)


def _tampered(d, change):
    d = copy.deepcopy(d)
    change(d)
    return d


def _refused(d, change, match, error=PartitionIntegrityError):
    with pytest.raises(error, match=match):
        epd.partition_from_dict(_tampered(d, change))


def _delete_region(d, k):
    """Remove region k as a careful editor would: ids renumbered, its edges removed, edge indices shifted."""
    del d["regions"][k]
    for i, r in enumerate(d["regions"]):
        r["id"] = i
    edges = []
    for e in d["edges"]:
        if k in (e["u"], e["v"]):
            continue
        e["u"] -= e["u"] > k
        e["v"] -= e["v"] > k
        edges.append(e)
    d["edges"] = edges


def _interior_region(d):
    """The index of a region none of whose facets is the domain's (all its neighbours are regions)."""
    return next(i for i, r in enumerate(d["regions"]) if all(h["labels"] != ["domain"] for h in r["halfspaces"]))


def test_untouched_files_load_back_equal(demo_dict, unbounded_dict, tmp_path):
    for partition, d in (demo_dict, unbounded_dict):
        path = tmp_path / "p.json"
        path.write_text(json.dumps(d))
        assert epd.load_partition(path) == partition
        assert epd.load_partition(path, verify=False) == partition


@pytest.mark.parametrize("fixture", ["demo_dict", "unbounded_dict"])
def test_a_flipped_code_is_refused(fixture, request):
    _, d = request.getfixturevalue(fixture)
    for k in (0, len(d["regions"]) // 2, len(d["regions"]) - 1):
        def flip(d, k=k):
            d["regions"][k]["code"][0][0] = 1 - d["regions"][k]["code"][0][0]
        _refused(d, flip, rf"regions\[{k}\]")


def test_swapped_codes_are_refused(demo_dict):
    _, d = demo_dict

    def swap(d):
        a, b = d["regions"][3], d["regions"][7]
        a["code"], b["code"] = b["code"], a["code"]

    _refused(d, swap, r"regions\[3\]")


def test_a_witness_moved_to_another_region_is_refused(demo_dict):
    _, d = demo_dict
    _refused(d, lambda d: d["regions"][2].update(witness=d["regions"][9]["witness"]), r"regions\[2\]", FileFormatError)


def test_a_changed_network_is_refused(demo_dict):
    _, d = demo_dict

    def change_weight(d):
        d["network"]["layers"][1]["weight"][2][3] = "7/3"

    def change_bias(d):
        d["network"]["layers"][0]["bias"][0] = "1/1000"

    _refused(d, change_weight, r"regions\[\d+\]")
    _refused(d, change_bias, r"regions\[\d+\]")


def test_a_changed_domain_is_refused(demo_dict):
    _, d = demo_dict
    _refused(d, lambda d: d.update(domain=epd.polytope_to_dict(epd.box([-4, -3], [3, 3]))), r"regions\[\d+\]")
    _refused(d, lambda d: d.update(domain=epd.polytope_to_dict(epd.box([-2, -2], [2, 2]))), r"regions\[\d+\]")


@pytest.mark.parametrize("fixture", ["demo_dict", "unbounded_dict"])
def test_a_dropped_facet_is_refused(fixture, request):
    _, d = request.getfixturevalue(fixture)
    k = len(d["regions"]) // 2
    _refused(d, lambda d: d["regions"][k]["halfspaces"].pop(0), rf"regions\[{k}\].*missing")


def test_a_rotated_facet_is_refused(demo_dict):
    _, d = demo_dict

    def rotate(d):
        h = d["regions"][4]["halfspaces"][0]
        h["a"] = [h["a"][1], -h["a"][0]]

    _refused(d, rotate, r"regions\[4\].*halfspace 0")


def test_a_redundant_row_added_is_refused(demo_dict):
    _, d = demo_dict

    def add(d):  # the domain row x <= 3 is a row of every cell, but not a facet of an interior region
        k = _interior_region(d)
        d["regions"][k]["halfspaces"].append({"a": [1, 0], "b": 3, "labels": ["domain"], "point": ["3", "0"]})

    _refused(d, add, r"regions\[\d+\]", FileFormatError)


def test_a_duplicated_facet_is_refused(demo_dict):
    _, d = demo_dict
    _refused(d, lambda d: d["regions"][6]["halfspaces"].append(d["regions"][6]["halfspaces"][0]), r"regions\[6\]", FileFormatError)


def test_wrong_labels_are_refused(demo_dict):
    _, d = demo_dict

    def relabel(d):
        for h in d["regions"][5]["halfspaces"]:
            if h["labels"] != ["domain"]:
                layer, unit = h["labels"][0]
                h["labels"] = [[layer, (unit + 1) % 6]]
                return

    _refused(d, relabel, r"regions\[5\].*labels")
    _refused(d, lambda d: d["regions"][5]["halfspaces"][0].update(labels=[]), r"regions\[5\].*labels")


@pytest.mark.parametrize("fixture", ["demo_dict", "unbounded_dict"])
def test_a_deleted_region_is_refused(fixture, request):
    _, d = request.getfixturevalue(fixture)
    k = _interior_region(d)
    _refused(d, lambda d: _delete_region(d, k), "do not cover the domain")
    _refused(d, lambda d: _delete_region(d, 0), "do not cover the domain")


def test_a_file_without_regions_is_refused(demo_dict):
    _, d = demo_dict
    _refused(d, lambda d: d.update(regions=[], edges=[]), "no regions")


def test_a_duplicated_region_is_refused(demo_dict):
    _, d = demo_dict

    def duplicate(d):
        d["regions"].insert(4, copy.deepcopy(d["regions"][4]))
        for i, r in enumerate(d["regions"]):
            r["id"] = i
        for e in d["edges"]:
            e["u"] += e["u"] > 4
            e["v"] += e["v"] > 4

    _refused(d, duplicate, r"regions\[5\].*sorted")


def test_regions_out_of_order_are_refused(demo_dict):
    _, d = demo_dict

    def reorder(d):
        d["regions"][1], d["regions"][2] = d["regions"][2], d["regions"][1]
        d["regions"][1]["id"], d["regions"][2]["id"] = 1, 2

    _refused(d, reorder, r"regions\[2\].*sorted")


@pytest.mark.parametrize("fixture", ["demo_dict", "unbounded_dict"])
def test_a_deleted_edge_is_refused(fixture, request):
    _, d = request.getfixturevalue(fixture)
    for k in (0, len(d["edges"]) - 1):
        e = d["edges"][k]
        _refused(d, lambda d, k=k: d["edges"].pop(k), rf"edge between regions {e['u']} and {e['v']} is missing")


def test_a_duplicated_edge_is_refused(demo_dict):
    _, d = demo_dict
    _refused(d, lambda d: d["edges"].insert(3, d["edges"][3]), r"edges\[4\]")


def test_an_invented_edge_is_refused(demo_dict):
    partition, d = demo_dict
    # two regions that are not adjacent, given the certificate of a real edge of the first one
    real = partition.edges[0]
    far = next(j for j in range(len(partition)) if j > real.u and all({e.u, e.v} != {real.u, j} for e in partition.edges))

    def invent(d):
        d["edges"].append({"u": real.u, "v": far, "flips": [], "hyperplane": {"a": list(real.hyperplane[0]), "b": real.hyperplane[1]},
                           "point": [str(x) for x in real.point]})

    _refused(d, invent, r"edges\[\d+\]", FileFormatError)


def test_edge_flips_and_hyperplane_are_checked(demo_dict):
    _, d = demo_dict
    _refused(d, lambda d: d["edges"][2].update(flips=[[0, 0], [1, 1]]), r"edges\[2\]", FileFormatError)
    _refused(d, lambda d: d["edges"][2].update(point=["0", "0"]), r"edges\[2\]", FileFormatError)


@pytest.mark.parametrize("fixture", ["demo_dict", "unbounded_dict"])
def test_tampered_sites_are_refused(fixture, request):
    _, d = request.getfixturevalue(fixture)

    def centroid(d):
        d["regions"][1]["sites"][0]["centroid"][0] += "1"

    def weight(d):
        d["regions"][1]["sites"][-1]["power_weight"] = "12345/7"

    _refused(d, centroid, r"regions\[1\]\.sites\[0\]")
    _refused(d, weight, r"regions\[1\]\.sites\[\d\]")
    _refused(d, lambda d: d["regions"][1]["sites"].pop(), r"regions\[1\].*sites")


@pytest.mark.parametrize("fixture", ["demo_dict", "unbounded_dict"])
def test_a_tampered_output_map_is_refused(fixture, request):
    _, d = request.getfixturevalue(fixture)
    _refused(d, lambda d: d["regions"][3]["output_map"]["h"].__setitem__(0, "99"), r"regions\[3\].*output map")
    _refused(d, lambda d: d["regions"][3]["output_map"]["G"][0].__setitem__(0, "99"), r"regions\[3\].*output map")


@pytest.mark.parametrize("fixture", ["demo_dict", "unbounded_dict"])
def test_a_flipped_bounded_flag_is_refused(fixture, request):
    _, d = request.getfixturevalue(fixture)
    _refused(d, lambda d: d["regions"][0].update(bounded=not d["regions"][0]["bounded"]), r"regions\[0\].*bounded")


@pytest.mark.parametrize("change, match", [
    (lambda d: d["edges"][0].update(flips=5), r"edges\[0\]\.flips: expected a list"),
    (lambda d: d["edges"][0].update(flips=[5]), r"edges\[0\]\.flips\[0\]: a label"),
    (lambda d: d["edges"][0].update(u="0"), r"edges\[0\]\.u"),
    (lambda d: d["edges"][0].update(u=True), r"edges\[0\]\.u: expected an integer"),
    (lambda d: d["edges"][0].update(v=10**6), r"edges\[0\]"),
    (lambda d: d["edges"][0].update(hyperplane=[1, 2]), r"edges\[0\]\.hyperplane"),
    (lambda d: d.update(edges={}), r"edges: expected a list"),
    (lambda d: d["regions"][0].update(bounded="yes"), r"regions\[0\]\.bounded"),
    (lambda d: d["regions"][0].update(id="0"), r"regions\[0\]: id"),
    (lambda d: d["regions"][0].update(code="[[0]]"), r"regions\[0\]\.code"),
    (lambda d: d["regions"][0].update(code=[[0, 1]]), r"regions\[0\].*code has 1 layers"),
    (lambda d: d["regions"][0]["code"][0].__setitem__(0, 7), r"regions\[0\].*no piece 7"),
    (lambda d: d["regions"][0].update(witness=5), r"regions\[0\]\.witness"),
    (lambda d: d["regions"][0].update(witness=["1"]), r"regions\[0\]\.witness"),
    (lambda d: d["regions"][0].update(halfspaces={}), r"regions\[0\]\.halfspaces"),
    (lambda d: d["regions"][0]["halfspaces"][0].update(a=["1/2", 0]), r"regions\[0\]\.halfspaces\[0\]\.a\[0\]"),
    (lambda d: d["regions"][0]["halfspaces"][0].update(labels="domain"), r"regions\[0\]\.halfspaces\[0\]\.labels"),
    (lambda d: d["regions"][0].update(sites=None), r"regions\[0\]\.sites"),
    (lambda d: d["regions"][0].update(output_map=[]), r"regions\[0\].*output_map"),
    (lambda d: d.update(regions=None), r"regions: expected a list"),
    (lambda d: d.update(format=True), r"unknown format version"),
    (lambda d: d.update(kind="exactpd.boundary"), r"kind"),
    (lambda d: d.update(domain=epd.polytope_to_dict(epd.box([-1], [1]))), r"R\^1"),
    (lambda d: d["domain"].update(dim=0), r"dim"),
])
def test_wrong_types_get_a_clear_error(demo_dict, change, match):
    _, d = demo_dict
    _refused(d, change, match, FileFormatError)


def test_verify_false_trusts_the_derived_data_but_not_the_certificates(demo_dict):
    partition, d = demo_dict
    tampered = _tampered(d, lambda d: d["regions"][0].update(bounded=False))
    assert epd.partition_from_dict(tampered, verify=False)[0].bounded is False
    with pytest.raises(FileFormatError, match=r"regions\[2\]"):
        epd.partition_from_dict(_tampered(d, lambda d: d["regions"][2].update(witness=["100", "100"])), verify=False)
    with pytest.raises(FileFormatError, match=r"edges\[0\]"):
        epd.partition_from_dict(_tampered(d, lambda d: d["edges"][0].update(point=["100", "100"])), verify=False)


def test_the_covering_test_finds_exactly_the_uncovered_part_of_a_facet():
    from exactpd.io.partition_file import _uncovered_point

    # 2-D: the facet -1 <= x1 <= 1 on x2 = 0
    segment, line = [((-1, 0), 1), ((1, 0), 1)], ((0, 1), 0)
    assert _uncovered_point(segment, [[((1, 0), 0)], [((-1, 0), 0)]], line, 2) is None
    gap = _uncovered_point(segment, [[((1, 0), 0)], [((-2, 0), -1)]], line, 2)
    assert gap is not None and gap[1] == 0 and 0 < gap[0] < epd.to_rational("1/2")
    assert _uncovered_point(segment, [], line, 2) is not None
    # 3-D: the unit square on x3 = 0, cut along its diagonal into two triangles
    square, plane = [((-1, 0, 0), 0), ((1, 0, 0), 1), ((0, -1, 0), 0), ((0, 1, 0), 1)], ((0, 0, 1), 0)
    below, above = [((-1, 1, 0), 0)], [((1, -1, 0), 0)]  # x2 <= x1, x2 >= x1
    assert _uncovered_point(square, [below, above], plane, 3) is None
    assert _uncovered_point(square, [above + [((1, 1, 0), 1)], below], plane, 3) is not None  # a corner left out
    point = _uncovered_point(square, [below], plane, 3)
    assert point is not None and point[1] > point[0] and point[2] == 0
