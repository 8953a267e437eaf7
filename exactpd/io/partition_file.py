"""The partition file: every region and edge of a :class:`~exactpd.enumeration.partition.Partition`, exact, standalone.

Schema (``"format": 1``; see ``docs/partition-format.md``)::

    {"format": 1, "kind": "exactpd.partition",
     "network": {...network file...},
     "domain": {"dim": 2, "halfspaces": [{"a": [-1, 0], "b": 2}, ...]},
     "regions": [{"id": 0, "code": [[1, 0, 1], [0]], "witness": ["1/2", "-3"], "bounded": true,
                  "halfspaces": [{"a": [1, -2], "b": 3, "labels": [[0, 1]], "point": ["1", "-1"]}, ...],
                  "sites": [{"centroid": ["1", "2"], "power_weight": "5"}, ...],
                  "output_map": {"G": [["1", "0"]], "h": ["0"]}}, ...],
     "edges": [{"u": 0, "v": 3, "flips": [[0, 1]], "hyperplane": {"a": [1, -2], "b": 3},
                "point": ["1", "-1"]}, ...]}

Halfspaces are ``a . x <= b`` with primitive integer ``a`` and ``b``; every other
number is an exact string ``"p/q"``.  A label is ``[layer, unit]`` (layer = index
among the nonlinear layers) or ``"domain"``.  Region ``id`` is its index in the
file; regions are sorted by code.  Loading rebuilds the exact partition (maps and
sites are recomputed from the codes and checked against the file).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from exactpd.errors import ExactpdError, FileFormatError
from exactpd.enumeration.adjacency import check_edge
from exactpd.io.jsonio import network_from_dict, network_to_dict
from exactpd.network.maso import maso_layers, output_map
from exactpd.enumeration.partition import Edge, Partition
from exactpd.kernel.polytope import HPolytope, whole_space
from exactpd.rational import format_vector, to_rational, to_vector
from exactpd.enumeration.region import DOMAIN, build_region

__all__ = [
    "PARTITION_FORMAT",
    "polytope_to_dict",
    "polytope_from_dict",
    "partition_to_dict",
    "partition_from_dict",
    "save_partition",
    "load_partition",
    "load_polytope",
    "label_to_json",
    "label_from_json",
]

PARTITION_FORMAT = 1


def label_to_json(label) -> Any:
    return DOMAIN if label == DOMAIN else [label[0], label[1]]


def label_from_json(value: Any, where: str):
    if value == DOMAIN:
        return DOMAIN
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return (value[0], value[1])
    raise FileFormatError(f"{where}: a label is [layer, unit] or \"domain\", got {value!r}")


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FileFormatError(f"{where}: expected an integer, got {value!r}")
    return value


def _ints(value: Any, where: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise FileFormatError(f"{where}: expected a list of integers, got {value!r}")
    return tuple(_int(v, f"{where}[{i}]") for i, v in enumerate(value))


def _get(d: Any, key: str, where: str) -> Any:
    if not isinstance(d, dict):
        raise FileFormatError(f"{where}: expected an object, got {type(d).__name__}")
    if key not in d:
        raise FileFormatError(f"{where}: missing key {key!r}")
    return d[key]


def polytope_to_dict(P: HPolytope) -> dict:
    """``{"dim": D, "halfspaces": [{"a": [...], "b": ...}, ...]}`` with primitive integer rows."""
    return {"dim": P.dim, "halfspaces": [{"a": list(row), "b": bj} for row, bj in zip(P.A, P.b)]}


def polytope_from_dict(d: Any, where: str = "domain") -> HPolytope:
    """The polytope of :func:`polytope_to_dict`; ``a`` and ``b`` may also be exact strings or numbers."""
    dim = _int(_get(d, "dim", where), f"{where}.dim")
    rows = _get(d, "halfspaces", where)
    if not isinstance(rows, list):
        raise FileFormatError(f"{where}.halfspaces: expected a list")
    try:
        A = [to_vector(_get(h, "a", f"{where}.halfspaces[{i}]"), f"{where}.halfspaces[{i}].a", length=dim) for i, h in enumerate(rows)]
        b = [to_rational(_get(h, "b", f"{where}.halfspaces[{i}]"), f"{where}.halfspaces[{i}].b") for i, h in enumerate(rows)]
    except FileFormatError:
        raise
    except ExactpdError as err:
        raise FileFormatError(str(err)) from None
    if not A:
        return whole_space(dim)
    return HPolytope(A, b)


def _code_from_json(value: Any, where: str) -> tuple:
    if not isinstance(value, list):
        raise FileFormatError(f"{where}: a code is a list of lists of piece indices")
    return tuple(_ints(v, f"{where}[{i}]") for i, v in enumerate(value))


def _vector(value: Any, where: str, dim: int) -> tuple:
    try:
        return to_vector(value, where, length=dim)
    except ExactpdError as err:
        raise FileFormatError(str(err)) from None


def region_to_dict(region, index: int) -> dict:
    """One region as a JSON-ready dict (see the module doc)."""
    return {
        "id": index,
        "code": [list(c) for c in region.code],
        "witness": format_vector(region.witness),
        "bounded": region.bounded,
        "halfspaces": [
            {"a": list(row), "b": bj, "labels": [label_to_json(l) for l in labels], "point": format_vector(point)}
            for row, bj, labels, point in zip(region.polytope.A, region.polytope.b, region.labels, region.facet_points)
        ],
        "sites": [{"centroid": format_vector(s.centroid), "power_weight": str(s.power_weight)} for s in region.sites],
        "output_map": {"G": [format_vector(row) for row in region.output_map.G], "h": format_vector(region.output_map.h)},
    }


def cell_fields_from_dict(d: Any, where: str, dim: int) -> tuple:
    """(code, A, b, labels, witness, facet points) of a region or checkpoint cell dict."""
    code = _code_from_json(_get(d, "code", where), f"{where}.code")
    witness = _vector(_get(d, "witness", where), f"{where}.witness", dim)
    rows = _get(d, "halfspaces", where)
    if not isinstance(rows, list):
        raise FileFormatError(f"{where}.halfspaces: expected a list")
    A, b, labels, points = [], [], [], []
    for i, h in enumerate(rows):
        w = f"{where}.halfspaces[{i}]"
        row = _ints(_get(h, "a", w), f"{w}.a")
        if len(row) != dim:
            raise FileFormatError(f"{w}.a: expected {dim} entries, got {len(row)}")
        A.append(row)
        b.append(_int(_get(h, "b", w), f"{w}.b"))
        raw = _get(h, "labels", w)
        if not isinstance(raw, list):
            raise FileFormatError(f"{w}.labels: expected a list")
        labels.append(tuple(label_from_json(v, f"{w}.labels[{j}]") for j, v in enumerate(raw)))
        points.append(_vector(h["point"], f"{w}.point", dim) if "point" in h else None)
    return code, tuple(A), tuple(b), tuple(labels), witness, tuple(points)


def edge_to_dict(edge) -> dict:
    return {
        "u": edge.u,
        "v": edge.v,
        "flips": [list(f) for f in edge.flips],
        "hyperplane": {"a": list(edge.hyperplane[0]), "b": edge.hyperplane[1]},
        "point": format_vector(edge.point),
    }


def load_polytope(path) -> HPolytope:
    """Read a polytope file ``{"dim": D, "halfspaces": [{"a": [...], "b": ...}, ...]}`` (numbers exact)."""
    return polytope_from_dict(_read_json(path), str(path))


def _read_json(path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh, parse_float=Decimal)  # JSON numbers as the decimals they spell, as in network files
    except OSError as err:
        raise FileFormatError(f"{path}: cannot read: {err.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise FileFormatError(f"{path}: not valid JSON: {err}") from None


def partition_to_dict(partition) -> dict:
    """The whole partition as a JSON-ready dict: it embeds its network and domain, so it stands alone."""
    return {
        "format": PARTITION_FORMAT,
        "kind": "exactpd.partition",
        "network": network_to_dict(partition.network),
        "domain": polytope_to_dict(partition.domain),
        "regions": [region_to_dict(r, i) for i, r in enumerate(partition.regions)],
        "edges": [edge_to_dict(e) for e in partition.edges],
    }


def partition_from_dict(d: Any):
    """Rebuild a :class:`~exactpd.enumeration.partition.Partition` from :func:`partition_to_dict`'s output.

    Every certificate in the file is checked again exactly (witnesses strictly
    inside, facet points on their facets, edge points on both regions), and the
    maps and sites are recomputed from the codes; a file that fails raises
    :class:`~exactpd.errors.FileFormatError`.
    """
    version = d.get("format", 1) if isinstance(d, dict) else None
    if version != PARTITION_FORMAT:
        raise FileFormatError(f"partition file: unknown format version {version!r} (this exactpd reads {PARTITION_FORMAT})")
    try:
        net = network_from_dict(_get(d, "network", "partition file"))
    except FileFormatError:
        raise
    except ExactpdError as err:
        raise FileFormatError(f"partition file: network: {err}") from None
    domain = polytope_from_dict(_get(d, "domain", "partition file"), "domain")
    raw_regions = _get(d, "regions", "partition file")
    if not isinstance(raw_regions, list):
        raise FileFormatError("partition file: regions must be a list")
    layers, out = maso_layers(net), output_map(net)
    regions = []
    for i, r in enumerate(raw_regions):
        code, A, b, labels, witness, points = cell_fields_from_dict(r, f"regions[{i}]", net.input_dim)
        if any(p is None for p in points):
            raise FileFormatError(f"regions[{i}]: every halfspace needs its facet point")
        try:
            regions.append(build_region(layers, out, code, HPolytope.from_primitive(A, b), labels, points, witness))
        except ExactpdError as err:
            raise FileFormatError(f"regions[{i}]: {err}") from None
    raw_edges = d.get("edges", [])
    if not isinstance(raw_edges, list):
        raise FileFormatError("partition file: edges must be a list")
    edges = []
    for i, e in enumerate(raw_edges):
        w = f"edges[{i}]"
        u, v = _int(_get(e, "u", w), f"{w}.u"), _int(_get(e, "v", w), f"{w}.v")
        if not (0 <= u < len(regions) and 0 <= v < len(regions)):
            raise FileFormatError(f"{w}: region index out of range")
        flips = tuple(label_from_json(f, f"{w}.flips") for f in _get(e, "flips", w))
        hyper = _get(e, "hyperplane", w)
        a = _ints(_get(hyper, "a", f"{w}.hyperplane"), f"{w}.hyperplane.a")
        b = _int(_get(hyper, "b", f"{w}.hyperplane"), f"{w}.hyperplane.b")
        point = _vector(_get(e, "point", w), f"{w}.point", net.input_dim)
        edges.append(Edge(u, v, flips, (a, b), point))
    for i, edge in enumerate(edges):
        if not check_edge(regions[edge.u], regions[edge.v], edge):
            raise FileFormatError(f"edges[{i}]: its certificate does not check")
    return Partition(net, domain, tuple(regions), tuple(edges))


def save_partition(partition, path) -> None:
    """Write the partition file (see the module doc)."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(partition_to_dict(partition), fh, indent=1)
        fh.write("\n")


def load_partition(path):
    """Read a partition file written by :func:`save_partition`."""
    return partition_from_dict(_read_json(path))
