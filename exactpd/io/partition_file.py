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

Halfspaces are ``a . x <= b`` with primitive integer ``a`` and ``b`` (an integer
too long for a JSON number is written as a string of digits); every other
number is an exact string ``"p/q"``.  A label is ``[layer, unit]`` (layer = index
among the nonlinear layers) or ``"domain"``.  Region ``id`` is its index in the
file; regions are sorted by code, edges by ``(u, v)``.

Loading verifies the file against its own network and domain, exactly
(:func:`partition_from_dict`); any difference raises
:class:`~exactpd.errors.PartitionIntegrityError` naming the region or edge.
"""

from __future__ import annotations

import json
import math
import os
from operator import mul
from typing import Any

from exactpd.enumeration.adjacency import _implied_on_hyperplane, check_edge
from exactpd.enumeration.partition import Edge, Partition
from exactpd.enumeration.region import DOMAIN, build_region
from exactpd.errors import ExactpdError, FileFormatError, NumberLimitError, PartitionIntegrityError
from exactpd.io.atomic import atomic_write
from exactpd.io.jsonio import network_from_dict, network_to_dict, read_json
from exactpd.kernel.polytope import HPolytope, facet_report, is_bounded, section_witness, side, whole_space
from exactpd.network.forward_pass import code_at, code_toward
from exactpd.network.maso import apply_pieces, maso_layers, output_map
from exactpd.rational import Side, format_rational, format_vector, parse_integer_text, to_rational, to_vector

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

_JSON_INTEGER_BITS = 1800
"""Integers up to this size are written as JSON integers, longer ones as strings of digits (Python's json cannot write them)."""


_FLOAT_SAFE = 2**1000
"""Points with coordinates below this size (far inside the float range) are passed to the kernel as hints."""


def label_to_json(label) -> Any:
    """The JSON form of a halfspace label: ``[layer, unit]``, or ``"domain"``.

    Parameters
    ----------
    label : (int, int) or DOMAIN
        A unit (layer among the nonlinear layers, from 0; unit) or
        :data:`~exactpd.enumeration.region.DOMAIN`.

    Returns
    -------
    list of int or str

    Examples
    --------
    >>> label_to_json((0, 1)), label_to_json(DOMAIN)
    ([0, 1], 'domain')
    """
    return DOMAIN if label == DOMAIN else [label[0], label[1]]


def label_from_json(value: Any, where: str):
    """The halfspace label of :func:`label_to_json`'s JSON form.

    Parameters
    ----------
    value : object
        As read from JSON.
    where : str
        Names the place in error messages.

    Returns
    -------
    (int, int) or DOMAIN

    Raises
    ------
    FileFormatError
        Neither ``[layer, unit]`` (two integers) nor ``"domain"``.

    Examples
    --------
    >>> label_from_json([0, 1], "region 3"), label_from_json("domain", "region 3")
    ((0, 1), 'domain')
    >>> label_from_json([0], "region 3")
    Traceback (most recent call last):
    ...
    exactpd.errors.FileFormatError: region 3: a label is [layer, unit] or "domain", got [0]
    """
    if value == DOMAIN:
        return DOMAIN
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return (value[0], value[1])
    raise FileFormatError(f"{where}: a label is [layer, unit] or \"domain\", got {_shown(value)}")


def _shown(value: Any) -> str:
    """A short description of a JSON value for a message."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}... ({type(value).__name__})"


def _int_to_json(n: int) -> int | str:
    return n if n.bit_length() <= _JSON_INTEGER_BITS else format_rational(n)


def _int(value: Any, where: str) -> int:
    if isinstance(value, str) and len(value) > _JSON_INTEGER_BITS // 4:  # a long integer, written as its digits
        try:
            n = parse_integer_text(value, where)
        except NumberLimitError:
            raise
        except ExactpdError:
            n = 0
        if n.bit_length() > _JSON_INTEGER_BITS:
            return n
    if isinstance(value, bool) or not isinstance(value, int):
        raise FileFormatError(f"{where}: expected an integer, got {_shown(value)}")
    return value


def _ints(value: Any, where: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise FileFormatError(f"{where}: expected a list of integers, got {_shown(value)}")
    return tuple(_int(v, f"{where}[{i}]") for i, v in enumerate(value))


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise FileFormatError(f"{where}: expected a list, got {_shown(value)}")
    return value


def _get(d: Any, key: str, where: str) -> Any:
    if not isinstance(d, dict):
        raise FileFormatError(f"{where}: expected an object, got {_shown(d)}")
    if key not in d:
        raise FileFormatError(f"{where}: missing key {key!r}")
    return d[key]


def polytope_to_dict(P: HPolytope) -> dict:
    """``{"dim": D, "halfspaces": [{"a": [...], "b": ...}, ...]}`` with primitive integer rows.

    Parameters
    ----------
    P : HPolytope
        The polytope (a domain or a region).

    Returns
    -------
    dict
        JSON-ready; integers too long for JSON are written as digit strings.

    Examples
    --------
    >>> from exactpd import box
    >>> polytope_to_dict(box([0, "-1/2"], [1, "1/2"]))["halfspaces"][2:]
    [{'a': [0, 2], 'b': 1}, {'a': [0, -2], 'b': 1}]
    """
    return {
        "dim": P.dim,
        "halfspaces": [{"a": [_int_to_json(v) for v in row], "b": _int_to_json(bj)} for row, bj in zip(P.A, P.b)],
    }


def polytope_from_dict(d: Any, where: str = "domain") -> HPolytope:
    """The polytope of :func:`polytope_to_dict`; ``a`` and ``b`` may also be exact strings or numbers.

    Parameters
    ----------
    d : dict
        As read from JSON.
    where : str, default "domain"
        Names the polytope in error messages.

    Returns
    -------
    HPolytope
        Rows made primitive.

    Raises
    ------
    FileFormatError
        Not of the schema (a missing key, a dimension below 1, rows of the
        wrong length, an entry that is not a number).

    Examples
    --------
    >>> P = polytope_from_dict({"dim": 1, "halfspaces": [{"a": ["1/2"], "b": "1/4"}, {"a": [-1], "b": 0}]})
    >>> P.A, P.b
    (((2,), (-1,)), (1, 0))
    """
    dim = _int(_get(d, "dim", where), f"{where}.dim")
    if dim < 1:
        raise FileFormatError(f"{where}.dim: a dimension is a positive integer, got {dim}")
    rows = _list(_get(d, "halfspaces", where), f"{where}.halfspaces")
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


def _vector(value: Any, where: str, dim: int | None) -> tuple:
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
            {"a": [_int_to_json(v) for v in row], "b": _int_to_json(bj), "labels": [label_to_json(l) for l in labels],
             "point": format_vector(point)}
            for row, bj, labels, point in zip(region.polytope.A, region.polytope.b, region.labels, region.facet_points)
        ],
        "sites": [{"centroid": format_vector(s.centroid), "power_weight": format_rational(s.power_weight)} for s in region.sites],
        "output_map": {"G": [format_vector(row) for row in region.output_map.G], "h": format_vector(region.output_map.h)},
    }


def cell_fields_from_dict(d: Any, where: str, dim: int) -> tuple:
    """(code, A, b, labels, witness, facet points) of a region or checkpoint cell dict."""
    code = _code_from_json(_get(d, "code", where), f"{where}.code")
    witness = _vector(_get(d, "witness", where), f"{where}.witness", dim)
    rows = _list(_get(d, "halfspaces", where), f"{where}.halfspaces")
    A, b, labels, points = [], [], [], []
    for i, h in enumerate(rows):
        w = f"{where}.halfspaces[{i}]"
        row = _ints(_get(h, "a", w), f"{w}.a")
        if len(row) != dim:
            raise FileFormatError(f"{w}.a: expected {dim} entries, got {len(row)}")
        A.append(row)
        b.append(_int(_get(h, "b", w), f"{w}.b"))
        raw = _list(_get(h, "labels", w), f"{w}.labels")
        labels.append(tuple(label_from_json(v, f"{w}.labels[{j}]") for j, v in enumerate(raw)))
        points.append(_vector(h["point"], f"{w}.point", dim) if "point" in h else None)
    return code, tuple(A), tuple(b), tuple(labels), witness, tuple(points)


def edge_to_dict(edge) -> dict:
    return {
        "u": edge.u,
        "v": edge.v,
        "flips": [list(f) for f in edge.flips],
        "hyperplane": {"a": [_int_to_json(v) for v in edge.hyperplane[0]], "b": _int_to_json(edge.hyperplane[1])},
        "point": format_vector(edge.point),
    }


def load_polytope(path) -> HPolytope:
    """Read a polytope file ``{"dim": D, "halfspaces": [{"a": [...], "b": ...}, ...]}`` (numbers exact).

    Parameters
    ----------
    path : str or path-like
        The polytope file (e.g. a domain for ``exactpd enumerate --domain``).

    Returns
    -------
    HPolytope

    Raises
    ------
    FileFormatError
        The file cannot be read, is not JSON (an object with a repeated key
        included), or not of this schema.
    NumberLimitError
        A number past :func:`~exactpd.rational.number_limits`.

    Examples
    --------
    >>> import json, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "domain.json")
    >>> with open(path, "w") as f:
    ...     json.dump({"dim": 1, "halfspaces": [{"a": [1], "b": "1/2"}, {"a": [-1], "b": 0}]}, f)
    >>> load_polytope(path).A, load_polytope(path).b
    (((2,), (-1,)), (1, 0))
    """
    return polytope_from_dict(_read_json(path), os.fspath(path))


def _read_json(path) -> Any:
    try:
        return read_json(path)
    except OSError as err:
        raise FileFormatError(f"{os.fspath(path)}: cannot read: {err.strerror}") from None


def partition_to_dict(partition) -> dict:
    """The whole partition as a JSON-ready dict: it embeds its network and domain, so it stands alone.

    Parameters
    ----------
    partition : Partition
        An enumerated partition.

    Returns
    -------
    dict
        ``format``, ``kind``, ``network``, ``domain``, ``regions`` (code,
        witness, halfspaces with their labels, sites, output map) and
        ``edges``, every rational an exact string (``docs/partition-format.md``).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> d = partition_to_dict(part)
    >>> sorted(d), len(d["regions"]), d["regions"][0]["code"], d["regions"][0]["witness"]
    (['domain', 'edges', 'format', 'kind', 'network', 'regions'], 4, [[0, 0]], ['-1', '-1'])
    """
    return {
        "format": PARTITION_FORMAT,
        "kind": "exactpd.partition",
        "network": network_to_dict(partition.network),
        "domain": polytope_to_dict(partition.domain),
        "regions": [region_to_dict(r, i) for i, r in enumerate(partition.regions)],
        "edges": [edge_to_dict(e) for e in partition.edges],
    }


# --------------------------------------------------------------------------- verification


def _integrity(message: str) -> PartitionIntegrityError:
    return PartitionIntegrityError(f"partition file: {message}")


def _code_rows(net, code, where: str) -> list[tuple[tuple, object]]:
    """The primitive rows of the cell of ``code`` (before the domain), each with its label ``(layer, unit)``.

    Unit k of nonlinear layer l with piece r contributes ``E_s(x) <= E_r(x)`` for every
    other piece s, where ``E_s(x) = <A_{k,s}, z^(l-1)(x)> + B_{k,s}`` and ``z^(l-1)`` is the
    previous layer's map at the code (paper Theorem 2), in integers (every piece of
    a layer scaled by the same positive integer).  A piece with the same input-space
    slope as r compares by its offset alone (r must be larger, or equal with a higher
    index: ties go to the lowest piece, as in the forward pass).
    """
    rows = []
    inner = None
    for l, (layer, pieces) in enumerate(zip(net.maso.integer_layers, code)):
        columns = tuple(zip(*inner.G)) if inner is not None else None
        for k, r in enumerate(pieces):
            def in_input(s: int) -> tuple:
                slope, offset = layer.slopes[k][s], layer.offsets[k][s]
                if inner is None:
                    return slope, offset
                return tuple(sum(map(mul, slope, col)) for col in columns), sum(map(mul, slope, inner.h)) + offset * inner.den

            slope_r, offset_r = in_input(r)
            for s in range(len(layer.slopes[k])):
                if s == r:
                    continue
                slope_s, offset_s = in_input(s)
                normal = tuple(u - v for u, v in zip(slope_s, slope_r))
                rhs = offset_r - offset_s
                if not any(normal):
                    if rhs < 0 or (rhs == 0 and s < r):
                        raise _integrity(f"{where}: piece {r} of unit {k} of layer {l} wins nowhere (piece {s} beats it everywhere)")
                    continue
                g = math.gcd(*normal, rhs)
                rows.append(((tuple(v // g for v in normal), rhs // g), (l, k)))
        inner = apply_pieces(layer, pieces, inner)
    return rows


def _check_code_shape(layers, code, where: str) -> None:
    if len(code) != len(layers):
        raise _integrity(f"{where}: the code has {len(code)} layers, the network has {len(layers)} nonlinear layers")
    for l, (layer, pieces) in enumerate(zip(layers, code)):
        if len(pieces) != layer.n_units:
            raise _integrity(f"{where}: layer {l} of the code has {len(pieces)} units, the network has {layer.n_units}")
        for k, (r, n) in enumerate(zip(pieces, layer.n_pieces)):
            if not 0 <= r < n:
                raise _integrity(f"{where}: unit {k} of layer {l} has no piece {r} (it has {n})")


def _verify_cell(net, layers, domain: HPolytope, where: str, code, A, b, labels, witness) -> None:
    """Check that the stored rows and labels are the irredundant rows of the cell of ``code`` in ``domain``."""
    _check_code_shape(layers, code, where)
    candidates = [(row, DOMAIN) for row in zip(domain.A, domain.b)] + _code_rows(net, code, where)
    cell = HPolytope.from_primitive([row for (row, _), _ in candidates], [bj for (_, bj), _ in candidates], dim=domain.dim)
    if side(cell, witness) is not Side.INSIDE:
        raise _integrity(f"{where}: the witness is not strictly inside the cell of its code")
    if code_at(net, witness) != code:
        raise _integrity(f"{where}: the network gives the witness the code {code_at(net, witness)}, not {code}")
    label_sets: dict[tuple, list] = {}
    for key, label in candidates:
        found = label_sets.setdefault(key, [])
        if label not in found:
            found.append(label)
    # The witness starts the kernel's float hints, which cannot take a coordinate beyond the float range.
    hint = witness if all(abs(v) < _FLOAT_SAFE for v in witness) else None
    irredundant = {(cell.A[i], cell.b[i]) for i in facet_report(cell, hint=hint).facets}
    stored = list(zip(A, b))
    if len(set(stored)) != len(stored):
        raise _integrity(f"{where}: a halfspace is stored twice")
    for j, (key, stored_labels) in enumerate(zip(stored, labels)):
        if key not in label_sets:
            raise _integrity(f"{where}: halfspace {j} ({_row_text(key)}) is not a boundary of the cell of its code")
        if key not in irredundant:
            raise _integrity(f"{where}: halfspace {j} ({_row_text(key)}) is redundant: it is not a facet of the region")
        wrong = [label for label in stored_labels if label not in label_sets[key]]
        if wrong or not stored_labels:
            raise _integrity(
                f"{where}: halfspace {j} has the labels {list(stored_labels)}; the units (or domain) whose "
                f"boundary it is are {label_sets[key]}"
            )
    missing = sorted(irredundant - set(stored))
    if missing:
        raise _integrity(f"{where}: the facet {_row_text(missing[0])} of the region is missing")


def _row_text(key: tuple) -> str:
    row, rhs = key
    text = f"{list(row)} . x <= {rhs}"
    return text if len(text) <= 80 else text[:60] + "..."


def _verify_derived(region, r: dict, where: str) -> None:
    """The stored bounded flag, sites and output map equal what the network gives at the region."""
    if _get(r, "bounded", where) is not region.bounded:
        raise _integrity(f"{where}: bounded is {r['bounded']!r}, the region is {'bounded' if region.bounded else 'unbounded'}")
    sites = _list(_get(r, "sites", where), f"{where}.sites")
    if len(sites) != len(region.sites):
        raise _integrity(f"{where}: {len(sites)} sites stored, the network has {len(region.sites)} nonlinear layers")
    for l, (s, site) in enumerate(zip(sites, region.sites)):
        w = f"{where}.sites[{l}]"
        centroid = _vector(_get(s, "centroid", w), f"{w}.centroid", None)
        weight = _vector([_get(s, "power_weight", w)], f"{w}.power_weight", None)[0]
        if centroid != site.centroid or weight != site.power_weight:
            raise _integrity(f"{w}: the stored site is not the region's power-diagram site of layer {l}")
    stored = _get(r, "output_map", where)
    G = tuple(_vector(row, f"{where}.output_map.G[{i}]", None) for i, row in enumerate(_list(_get(stored, "G", f"{where}.output_map"), f"{where}.output_map.G")))
    h = _vector(_get(stored, "h", f"{where}.output_map"), f"{where}.output_map.h", None)
    if G != region.output_map.G or h != region.output_map.h:
        raise _integrity(f"{where}: the stored output map is not the network's map on the region")


def _opposite(key: tuple) -> tuple:
    row, rhs = key
    return tuple(-v for v in row), -rhs


def _uncovered_point(rows: list, pieces: list, hyperplane: tuple, dim: int):
    """A point of the relative interior of ``{x : rows} ∩ H`` strictly outside every piece, or None (exact).

    ``H`` is the hyperplane ``a . x = b`` of ``hyperplane = (a, b)``; ``pieces`` are lists
    of rows.  The set minus the first piece is the union, over the piece's rows t,
    of the set with the rows before t and row t reversed (up to a set of lower
    dimension); each part with a relative interior on ``H`` is handed on to the
    other pieces (:func:`~exactpd.kernel.polytope.section_witness` decides).
    """
    P = HPolytope.from_primitive([row for row, _ in rows], [rhs for _, rhs in rows], dim=dim)
    point = section_witness(P, [hyperplane])
    if point is None or not pieces:
        return point
    first, rest = pieces[0], pieces[1:]
    for t, row in enumerate(first):
        found = _uncovered_point(rows + first[:t] + [_opposite(row)], rest, hyperplane, dim)
        if found is not None:
            return found
    return None


def _verify_coverage(net, domain: HPolytope, regions, edges) -> None:
    """Every facet that is not the domain's is covered by the faces of the regions the edges put across it.

    Each edge's certificate is already checked (a point in the relative interior of
    a common face), so the edges are adjacencies; this checks that there are no
    others and that nothing beyond a facet is missing.  A facet with one neighbour
    whose face provably contains it (each other row of the neighbour implied, on the
    hyperplane, by one row of the region) is settled in integers; the others by
    :func:`_uncovered_point`.  With at least one region this proves that the regions
    cover the domain: the boundary of their union inside the domain is empty.
    """
    domain_rows = set(zip(domain.A, domain.b))
    across: dict[tuple, list[int]] = {}
    for edge in edges:
        across.setdefault((edge.u, edge.hyperplane), []).append(edge.v)
        across.setdefault((edge.v, _opposite(edge.hyperplane)), []).append(edge.u)
    for i, region in enumerate(regions):
        facets = list(zip(region.polytope.A, region.polytope.b))
        for f, key in enumerate(facets):
            if key in domain_rows:
                continue
            neighbours = across.get((i, key), [])
            faces = [[row for row in zip(regions[j].polytope.A, regions[j].polytope.b) if row != _opposite(key)] for j in neighbours]
            if len(neighbours) == 1 and all(
                _implied_on_hyperplane(row, rhs, region, f, key[0], key[1]) for row, rhs in faces[0]
            ):
                continue
            point = _uncovered_point(facets[:f] + facets[f + 1:], faces, key, region.polytope.dim)
            if point is None:
                continue
            code = code_toward(net, point, key[0])
            beyond = next((j for j, other in enumerate(regions) if other.code == code), None)
            where = f"regions[{i}] (code {_shown(list(map(list, region.code)))}), facet {f} ({_row_text(key)})"
            if beyond is None:
                raise _integrity(
                    f"the regions do not cover the domain: beyond {where}, near {_shown(format_vector(point))}, "
                    f"the region of code {_shown(list(map(list, code)))} is missing"
                )
            raise _integrity(f"the edge between regions {min(i, beyond)} and {max(i, beyond)} is missing (across {where})")


# --------------------------------------------------------------------------- reading


def _network_and_domain(d: Any):
    """The network and domain of a partition file's object, after its format version and kind are checked."""
    if not isinstance(d, dict):
        raise FileFormatError(f"partition file: expected an object, got {_shown(d)}")
    version = d.get("format", 1)
    if isinstance(version, bool) or version != PARTITION_FORMAT:
        raise FileFormatError(f"partition file: unknown format version {_shown(version)} (this exactpd reads {PARTITION_FORMAT})")
    if d.get("kind", "exactpd.partition") != "exactpd.partition":
        raise FileFormatError(f"partition file: kind is {_shown(d['kind'])}, not 'exactpd.partition'")
    try:
        net = network_from_dict(_get(d, "network", "partition file"))
    except FileFormatError:
        raise
    except ExactpdError as err:
        raise FileFormatError(f"partition file: network: {err}") from None
    domain = polytope_from_dict(_get(d, "domain", "partition file"), "domain")
    if domain.dim != net.input_dim:
        raise FileFormatError(f"partition file: the domain lives in R^{domain.dim}, the network's input in R^{net.input_dim}")
    return net, domain


def _region_from_dict(r: Any, i: int, net, layers, out, domain: HPolytope, before: list, verify: bool, bounded):
    """Region ``i`` of the file, after ``before`` (the regions read so far); with ``verify``, checked against the network.

    ``bounded`` is the flag every region gets when verified (True in a bounded
    domain, else None, to be decided); without ``verify`` the stored flag is taken.
    """
    where = f"regions[{i}]"
    code, A, b, labels, witness, points = cell_fields_from_dict(r, where, net.input_dim)
    if r.get("id", i) != i or isinstance(r.get("id"), bool):
        raise FileFormatError(f"{where}: id is {_shown(r['id'])}, not its index {i}")
    if any(p is None for p in points):
        raise FileFormatError(f"{where}: every halfspace needs its facet point")
    stored_bounded = _get(r, "bounded", where)
    if not isinstance(stored_bounded, bool):
        raise FileFormatError(f"{where}.bounded: expected true or false, got {_shown(stored_bounded)}")
    if verify:
        _verify_cell(net, layers, domain, f"{where} (code {_shown(list(map(list, code)))})", code, A, b, labels, witness)
        if before and not before[-1].code < code:
            raise _integrity(f"{where}: its code is not after the code of regions[{i - 1}] (regions are sorted by code, each once)")
    try:
        region = build_region(
            layers, out, code, HPolytope.from_primitive(A, b, dim=net.input_dim), labels, points, witness,
            bounded=bounded if verify else stored_bounded,
        )
    except ExactpdError as err:
        raise FileFormatError(f"{where}: {err}") from None
    if verify:
        _verify_derived(region, r, where)
    return region


def _edge_from_dict(e: Any, i: int, dim: int, regions: list, before: list, verify: bool) -> Edge:
    """Edge ``i`` of the file, after ``before`` (the edges read so far), its certificate checked on ``regions``."""
    w = f"edges[{i}]"
    u, v = _int(_get(e, "u", w), f"{w}.u"), _int(_get(e, "v", w), f"{w}.v")
    if not 0 <= u < v < len(regions):
        raise FileFormatError(f"{w}: u = {u} and v = {v} must be region indices with u < v")
    flips = tuple(label_from_json(f, f"{w}.flips[{j}]") for j, f in enumerate(_list(_get(e, "flips", w), f"{w}.flips")))
    hyper = _get(e, "hyperplane", w)
    a = _ints(_get(hyper, "a", f"{w}.hyperplane"), f"{w}.hyperplane.a")
    b = _int(_get(hyper, "b", f"{w}.hyperplane"), f"{w}.hyperplane.b")
    point = _vector(_get(e, "point", w), f"{w}.point", dim)
    edge = Edge(u, v, flips, (a, b), point)
    if len(a) != dim or not check_edge(regions[u], regions[v], edge):
        raise FileFormatError(f"{w}: its certificate does not check")
    if verify and before and not (before[-1].u, before[-1].v) < (u, v):
        raise _integrity(f"{w}: not after edges[{i - 1}] (edges are sorted by (u, v), each once)")
    return edge


def partition_from_dict(d: Any, verify: bool = True):
    """Rebuild a :class:`~exactpd.enumeration.partition.Partition` from :func:`partition_to_dict`'s output.

    Parameters
    ----------
    d : dict
        As read from JSON.
    verify : bool
        Verify the content against the embedded network and domain (default).
        With False, only the format and the certificates in the file
        (witnesses strictly inside their rows, facet points, edge points) are
        checked: the file is trusted to hold the network's regions, and the
        stored ``bounded`` flags are taken as written.

    Returns
    -------
    Partition

    Raises
    ------
    FileFormatError
        Not of the schema, or a certificate that does not check.
    PartitionIntegrityError
        (A FileFormatError.)  With ``verify``: the file is not the partition its
        network gives on its domain.  The message names the region or edge.

    Notes
    -----
    What ``verify`` checks, exactly, region by region and edge by edge:

    1. each code is a code of the network, its witness is strictly inside the
       cell of that code (the rows of :func:`_code_rows` and the domain's) and
       the exact forward pass gives the witness that code;
    2. the stored halfspaces are the irredundant rows of that cell, all of
       them, each once (:func:`~exactpd.kernel.polytope.facet_report`,
       certified), and each label of a halfspace is a unit (or the domain)
       whose boundary at the code is that row (the enumerator labels a row with
       the units whose cut made it, which may be fewer than all coinciding ones);
    3. the ``bounded`` flag, the sites and the output map are those the network
       gives on the region;
    4. the codes are distinct and sorted;
    5. each edge's point is in the relative interior of a common face of its two
       regions, on its hyperplane, with the flips of the two codes (so every edge
       is an adjacency), and every facet that is not the domain's is covered,
       exactly, by the faces of the regions its edges put across it
       (:func:`_verify_coverage`): no edge is missing, no region beyond a facet is
       missing, and so the regions cover the domain.

    The work is one facet computation per region and a covering test per facet
    (in integers when one neighbour's face visibly contains the facet, else a few
    exact LPs): linear in the size of the file.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> again = partition_from_dict(partition_to_dict(part))
    >>> [r.code for r in again.regions] == [r.code for r in part.regions], len(again.edges)
    (True, 4)
    """
    net, domain = _network_and_domain(d)
    raw_regions = _list(_get(d, "regions", "partition file"), "partition file: regions")
    if verify and not raw_regions:
        raise _integrity("no regions: a domain has at least one")
    layers, out = maso_layers(net), output_map(net)
    bounded = (True if is_bounded(domain) else None) if verify else None
    regions: list = []
    for i, r in enumerate(raw_regions):
        regions.append(_region_from_dict(r, i, net, layers, out, domain, regions, verify, bounded))
    edges: list = []
    for i, e in enumerate(_list(d.get("edges", []), "partition file: edges")):
        edges.append(_edge_from_dict(e, i, net.input_dim, regions, edges, verify))
    if verify:
        _verify_coverage(net, domain, regions, edges)
    return Partition(net, domain, tuple(regions), tuple(edges))


def save_partition(partition, path) -> None:
    """Write the partition file (see the module doc; atomic, see :mod:`exactpd.io.atomic`).

    Parameters
    ----------
    partition : Partition
        An enumerated partition.
    path : str or path-like
        The JSON file (:func:`partition_to_dict`), replaced whole only once
        the new one is complete.

    Returns
    -------
    None

    Examples
    --------
    >>> import os, tempfile
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> path = os.path.join(tempfile.mkdtemp(), "regions.json")
    >>> save_partition(part, path)
    >>> len(load_partition(path).regions)
    4
    """
    with atomic_write(path) as fh:
        json.dump(partition_to_dict(partition), fh, indent=1)
        fh.write("\n")


def load_partition(path, verify: bool = True):
    """Read a partition file written by :func:`save_partition`, and verify it.

    Parameters
    ----------
    path : str or path-like
        The partition file.
    verify : bool
        Verify every region and edge against the embedded network and domain
        (the default; see :func:`partition_from_dict`).  ``verify=False``
        checks only the format and the certificates in the file, and says so:
        the partition is then as trustworthy as the file.

    Returns
    -------
    Partition
        The regions and edges of the file, with its network and domain.

    Raises
    ------
    FileFormatError
        The file cannot be read, is not JSON (an object with a repeated key
        included) or not of the schema.
    PartitionIntegrityError
        The content is not the partition of its network on its domain (see
        :func:`partition_from_dict`); the message names the region or edge.
    NumberLimitError
        A number past :func:`~exactpd.rational.number_limits`.

    Examples
    --------
    >>> import os, tempfile
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> path = os.path.join(tempfile.mkdtemp(), "regions.json")
    >>> save_partition(part, path)
    >>> [r.code for r in load_partition(path).regions]
    [((0, 0),), ((0, 1),), ((1, 0),), ((1, 1),)]
    """
    return partition_from_dict(_read_json(path), verify=verify)
