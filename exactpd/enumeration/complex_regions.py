"""Regions, edges and certificates read from the complex engine's finished complex.

:func:`regions_of` turns the cells of :func:`exactpd.enumeration.complex_engine.build_complex`
into certified :class:`~exactpd.enumeration.region.Region` objects (sorted by
code) and the adjacency :class:`~exactpd.enumeration.partition.Edge` list, in
exactly the LP engine's conventions (rows, their order, labels, bounded flags,
edge orientation), from numpy arrays over all facets of all cells at once
(:mod:`exactpd.enumeration.complex_facets`, :mod:`exactpd.enumeration.complex_certificates`);
:func:`vertex_sign_vectors` and :func:`affine_rank` serve
:class:`~exactpd.enumeration.cell_complex.PolyhedralComplex`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import partial

import numpy as np

from exactpd.enumeration.complex_certificates import certificate_points
from exactpd.enumeration.complex_engine import ComplexRun, LazyForms, hyperplane_bit, piece_row, progress_bar
from exactpd.enumeration.complex_facets import FacetTable, code_digits, facet_table, segment_positions, unit_rows
from exactpd.enumeration.complex_filter import exact_value
from exactpd.errors import CertificationError
from exactpd.kernel.polytope import HPolytope
from exactpd.network.maso import maso_layers, output_map

__all__ = ["affine_rank", "cell_facets", "facet_row", "regions_of", "vertex_sign_vectors"]


def _bits_of(row: np.ndarray) -> list[int]:
    return np.flatnonzero(np.unpackbits(row.view(np.uint8), bitorder="little")).tolist()


def cell_facets(run: ComplexRun, c: int) -> list[tuple[tuple[int, ...], list[int]]]:
    """The facets of cell ``c``: (its vertex ids, the hyperplane ids on it), in hyperplane-id order.

    Parameters
    ----------
    run : ComplexRun
        From :func:`~exactpd.enumeration.complex_engine.build_complex`.
    c : int
        A cell of ``run.cells``.

    Returns
    -------
    list of (tuple of int, list of int)

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> dom = box([-2, -2], [2, 2])
    >>> run = build_complex(net, dom)
    >>> c = run.codes.index(((1, 1),))
    >>> [len(vertices) for vertices, _ in cell_facets(run, c)]  # a square: four facets of two vertices
    [2, 2, 2, 2]
    """
    cx = run.cells
    vs = cx.verts[cx.ptr[c] : cx.ptr[c + 1]]
    zero = cx.zero[vs]
    groups: dict[tuple, list[int]] = {}
    for hid in _bits_of(cx.facets[c]):
        word, mask = hyperplane_bit(hid)
        on = tuple(vs[(zero[:, word] & mask) != 0].tolist())
        groups.setdefault(on, []).append(hid)
    return sorted(groups.items(), key=lambda item: item[1][0])


def _primitive(row: Sequence[int], rhs: int) -> tuple[tuple[int, ...], int]:
    g = math.gcd(*row, rhs)
    return tuple(v // g for v in row), rhs // g


def facet_row(run: ComplexRun, dom: HPolytope, c: int, hid: int, cache: dict | None = None) -> tuple[tuple[int, ...], int]:
    """The primitive integer row ``a . x <= b`` of hyperplane ``hid`` (domain or unit) as a facet of cell ``c``.

    None for the cut ``E_r - E_s`` of a unit whose piece on the cell is neither r nor s
    (a face inside the unit's cell, see :func:`regions_of`).

    Parameters
    ----------
    run : ComplexRun
        From :func:`~exactpd.enumeration.complex_engine.build_complex`.
    dom : HPolytope
        The domain.
    c : int
        A cell.
    hid : int
        A hyperplane id on one of its facets (:func:`cell_facets`).
    cache : dict, optional
        Rows already made, keyed by (hid, parent region): the cells of one parent
        share a unit's row up to its sign (pass one dict for all cells of a run).

    Returns
    -------
    (tuple of int, int) or None
        Oriented so that the cell is on the side ``a . x <= b``.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> dom = box([-2, -2], [2, 2])
    >>> run = build_complex(net, dom)
    >>> c = run.codes.index(((1, 1),))
    >>> sorted(facet_row(run, dom, c, hids[0]) for _, hids in cell_facets(run, c))
    [((-1, 0), 0), ((0, -1), 0), ((0, 1), 2), ((1, 0), 2)]
    """
    if hid < run.n_artificial + run.n_domain:
        i = hid - run.n_artificial
        return dom.A[i], dom.b[i]
    layer, unit, r, t = run.pieces_of[hid]
    winner = run.codes[c][layer][unit]
    if winner not in (r, t):
        return None
    p = _ancestor(run, c, layer - 1) if cache is None else _ancestors(run, layer - 1, cache)[c]
    key = (hid, p)
    if cache is None or key not in cache:
        forms = run.forms[layer]
        row = [a - b for a, b in zip(piece_row(forms, p, r, unit), piece_row(forms, p, t, unit))]
        dim = run.cells.dim
        up = _primitive([-v for v in row[:dim]], row[dim])  # the side of piece r
        down = (tuple(-v for v in up[0]), -up[1])
        if cache is None:
            return up if winner == r else down
        cache[key] = (up, down)
    up, down = cache[key]
    return up if winner == r else down


def _ancestor(run: ComplexRun, c: int, layer: int) -> int:
    """The index of the layer-``layer`` region containing final cell ``c`` (layer -1: the domain, 0)."""
    p = c
    for l in range(len(run.ancestors) - 1, layer, -1):
        p = int(run.ancestors[l][p])
    return p


def _ancestors(run: ComplexRun, layer: int, cache: dict) -> list:
    """:func:`_ancestor` of every final cell at ``layer``, one numpy pass, kept in ``cache`` under ``("ancestors", layer)``."""
    key = ("ancestors", layer)
    if key not in cache:
        p = np.arange(run.cells.n_cells)
        for l in range(len(run.ancestors) - 1, layer, -1):
            p = run.ancestors[l][p]
        cache[key] = p.tolist()
    return cache[key]


@dataclass(frozen=True)
class _Parts:
    """The regions before they are objects: arrays over the regions (code order) and over their rows, one after the other.

    Region i is cell ``cells[i]`` (a refined complex: the first of its cells)
    and has rows ``first_row[i]`` to ``first_row[i + 1] - 1``; row t is
    ``sign[t] * rows[which[t]]`` with labels ``labels[t]``; ``point_of[t]``
    its facet point (shared by the two rows of a facet); ``pairs`` the rows
    (t_u, t_v) of the facets shared by two regions, ``region(t_u) < region(t_v)``.
    """

    cells: np.ndarray
    rows: np.ndarray
    which: np.ndarray
    sign: np.ndarray
    first_row: np.ndarray
    labels: list
    bounded: list
    region_vertices: tuple
    facet_vertices: tuple
    point_of: np.ndarray
    pairs: np.ndarray


def regions_of(run: ComplexRun, net, dom: HPolytope, with_edges: bool = True, progress: bool | None = False):
    """The certified regions (sorted by code) and adjacency edges read from the complex.

    Each region's rows are its facets (artificial box rows dropped), in the LP
    engine's row order (domain rows first, then units in order).  Its witness
    and facet points are short dyadic points near the centroid of its vertices
    (of the facet's vertices, moved exactly onto the facet's hyperplane),
    proved strictly inside by the float filter over all regions at once or
    else checked in integers; a point that fails is replaced by an exact
    centroid (strictly inside, as the region and its facets are
    full-dimensional).  They are kept as integers and made into Fractions when
    read (:class:`~exactpd.enumeration.complex_certificates.CertificatePoints`).
    Two regions are adjacent iff they share a facet with the same vertex set
    (the complex is face to face).  Maps, output maps and sites are derived
    on first access.

    A network with units of more than two pieces is cut by every comparison
    ``E_r - E_s`` of their pieces, a refinement of the partition; the cells of
    one code are then merged into their region: its facets are the cell
    facets not shared with a cell of the same code, grouped by row.

    Parameters
    ----------
    run : ComplexRun
        From :func:`~exactpd.enumeration.complex_engine.build_complex`.
    net : Network
        The network.
    dom : HPolytope
        The domain.
    with_edges : bool, default True
        Also read the adjacency edges.
    progress : bool, optional
        Show a tqdm bar of the steps (facets, rows and labels, certificate
        points, regions, edges); None: when stderr is a terminal.

    Returns
    -------
    regions : tuple of Region
        Sorted by code.
    edges : tuple of Edge
        Sorted by ``(u, v)`` (empty without ``with_edges``).
    order : tuple of int
        The cell of each region.
    facet_vertices : tuple
        Per region, the vertex ids of each facet.

    Raises
    ------
    CertificationError
        The complex is not a valid partition (a bug in exactpd).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> dom = box([-2, -2], [2, 2])
    >>> run = build_complex(net, dom)
    >>> regions, edges, order, _ = regions_of(run, net, dom)
    >>> [r.code for r in regions], [(e.u, e.v) for e in edges]
    ([((0, 0),), ((0, 1),), ((1, 0),), ((1, 1),)], [(0, 1), (0, 2), (1, 3), (2, 3)])
    """
    bar = progress_bar(5, progress, "complex: regions", "step")
    step = partial(_step, bar)
    table = step("facets", facet_table, run)
    digits, offsets = code_digits(run)
    parts = step("rows and labels", _merged_parts if run.refined else _cell_parts, run, dom, table, digits, with_edges)
    region_rows = (parts.rows, parts.which, parts.sign, parts.first_row)
    book = step("certificate points", certificate_points, run.cells, region_rows, parts.region_vertices, parts.facet_vertices, parts.point_of)
    oriented = _oriented_rows(parts)
    regions = step("regions", _regions, run, net, parts, oriented, book)
    edges = step("edges", _edges, run, parts, oriented, digits, book) if with_edges else ()
    if bar is not None:
        bar.close()
    return regions, edges, tuple(parts.cells.tolist()), FacetVertexLists(parts.facet_vertices, parts.first_row)


def _step(bar, name: str, function, *args):
    """``function(*args)``, shown on ``bar`` (if any) as the step running, then counted."""
    if bar is None:
        return function(*args)
    bar.set_postfix_str(name)
    result = function(*args)
    bar.update(1)
    return result


class FacetVertexLists(Sequence):
    """Per region, the vertex ids of each of its facets (row order), made as tuples on first access.

    A read-only sequence (``len``, indexing, iteration, ``==`` with a tuple)
    over the engine's flat arrays: ``lists[i][k]`` is the tuple of vertex ids,
    ascending, of the facet on row k of region i.

    Parameters
    ----------
    facet_vertices : tuple
        ``(flat, start, size)``: the vertex ids of row t are ``flat[start[t] : start[t] + size[t]]``.
    first_row : ndarray of int64
        Region i has rows ``first_row[i]`` to ``first_row[i + 1] - 1``.

    Examples
    --------
    >>> import numpy as np
    >>> lists = FacetVertexLists((np.array([0, 1, 1, 2, 0, 2]), np.array([0, 2, 4]), np.array([2, 2, 2])), np.array([0, 3]))
    >>> len(lists), lists[0], lists == (((0, 1), (1, 2), (0, 2)),)
    (1, ((0, 1), (1, 2), (0, 2)), True)
    """

    def __init__(self, facet_vertices: tuple, first_row: np.ndarray) -> None:
        self._arrays, self._first_row = facet_vertices, first_row
        self._made: tuple | None = None

    def _lists(self) -> tuple:
        if self._made is None:
            flat, start, size = self._arrays
            listed = flat.tolist()
            rows = [tuple(listed[a:b]) for a, b in zip(start.tolist(), (start + size).tolist())]
            bounds = self._first_row.tolist()
            self._made = tuple(tuple(rows[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:]))
        return self._made

    def __len__(self) -> int:
        return len(self._first_row) - 1

    def __getitem__(self, i):
        return self._lists()[i]

    def __eq__(self, other) -> bool:
        return self._lists() == (other._lists() if isinstance(other, FacetVertexLists) else other)

    def __hash__(self) -> int:
        return hash(self._lists())

    def __repr__(self) -> str:
        return f"FacetVertexLists({len(self)} regions)"


def _packed_codes(digits: np.ndarray) -> np.ndarray:
    """Each cell's code digits as one opaque byte string (unsigned, big-endian): byte order is code order."""
    rows = np.ascontiguousarray(digits, dtype=np.uint8 if digits.dtype == np.int8 else ">u4")
    return rows.view(np.dtype((np.void, rows.shape[1] * rows.itemsize))).reshape(len(rows))


def _code_order(digits: np.ndarray) -> np.ndarray:
    """The cells sorted by code (lexicographic over the flattened digits, as tuples of tuples compare)."""
    if digits.shape[1] == 0:
        return np.arange(len(digits))
    return np.argsort(_packed_codes(digits), kind="stable")


def _cell_parts(run: ComplexRun, dom: HPolytope, table: FacetTable, digits: np.ndarray, with_edges: bool) -> _Parts:
    """:class:`_Parts` of a complex of 2-piece units: one region per cell, numpy passes over all facets."""
    cx = run.cells
    order = _code_order(digits)
    packed = _packed_codes(digits)[order] if digits.shape[1] else None
    if len(order) > 1 and (packed is None or (packed[1:] == packed[:-1]).any()):
        raise CertificationError("complex engine: two cells of the complex have the same code")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    rows, which, sign = unit_rows(run, dom, table, digits)
    kept = np.flatnonzero(which >= 0)
    unbounded = np.zeros(len(order), dtype=bool)
    unbounded[table.cell[which < 0]] = True
    facets = kept[np.lexsort((table.hid[kept], rank[table.cell[kept]]))]  # by region, each region's by hyperplane id
    first_row = np.concatenate([[0], np.cumsum(np.bincount(rank[table.cell[facets]], minlength=len(order)))])
    cache: dict = {}
    single = _single_labels(run, cache)
    labels = _objects(single)[table.hid[facets]].tolist()
    for t in np.flatnonzero(np.isin(facets, list(table.hids))).tolist() if table.hids else ():  # coinciding boundaries
        labels[t] = _label_names(run, tuple(table.hids[int(facets[t])]), cache)
    region_vertices = (cx.verts, cx.ptr[:-1][order], np.diff(cx.ptr)[order])
    facet_vertices = (table.vertices, table.start[facets], table.size[facets])
    pairs = _shared_facets(run, table, facets, which[facets], sign[facets]) if with_edges else np.zeros((0, 2), dtype=np.int64)
    point_of = np.arange(len(facets))
    point_of[pairs[:, 1]] = pairs[:, 0]
    region_of_row = np.repeat(np.arange(len(order)), np.diff(first_row))
    swap = region_of_row[pairs[:, 0]] > region_of_row[pairs[:, 1]]
    pairs[swap] = pairs[swap][:, ::-1]
    return _Parts(order, rows, which[facets], sign[facets], first_row, labels, (~unbounded[order]).tolist(), region_vertices, facet_vertices, point_of, pairs)


def _shared_facets(run: ComplexRun, table: FacetTable, facets: np.ndarray, which: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """The pairs (t, t') of rows (indices into ``facets``) of one unit facet with the same vertex set in two cells, t < t'.

    Candidates are the rows with equal vertex-set keys and sizes, checked
    exactly (the same vertex ids); keys held by more than two rows, or by two
    rows with different vertex ids (a collision of the hash), are grouped by
    their exact vertex ids instead.  The two rows of a shared facet must be one
    row with opposite signs (the cells lie on its two sides).
    """
    rows_ = np.flatnonzero(table.hid[facets] >= run.n_artificial + run.n_domain)  # the lowest id a unit's: all are
    key, size = table.key[facets[rows_]], table.size[facets[rows_]]
    order = np.lexsort((rows_, key, size))
    rows_, key, size = rows_[order], key[order], size[order]
    same = (key[1:] == key[:-1]) & (size[1:] == size[:-1])
    run_start = np.flatnonzero(np.concatenate([[True], ~same]))
    run_size = np.diff(np.concatenate([run_start, [len(rows_)]]))
    a, b = rows_[run_start[run_size == 2]], rows_[run_start[run_size == 2] + 1]
    fa, fb = facets[a], facets[b]
    equal = np.ones(len(a), dtype=bool)
    if len(a):
        differ = table.vertices[segment_positions(table.start[fa], table.size[fa])] != table.vertices[segment_positions(table.start[fb], table.size[fb])]
        equal[np.repeat(np.arange(len(a)), table.size[fa])[differ]] = False
    pairs = np.stack([a, b], axis=1) if (run_size <= 2).all() and equal.all() else _shared_exactly(table, facets, rows_)
    if not ((which[pairs[:, 0]] == which[pairs[:, 1]]) & (sign[pairs[:, 0]] == -sign[pairs[:, 1]])).all():
        raise CertificationError("complex engine: two cells share a facet but not its row")
    return pairs


def _shared_exactly(table: FacetTable, facets: np.ndarray, rows_: np.ndarray) -> np.ndarray:
    """The shared facets' pairs of rows, grouped by their exact vertex ids (see :func:`_shared_facets`)."""
    groups: dict = {}
    for t in rows_.tolist():
        groups.setdefault(table.vertex_ids(int(facets[t])), []).append(t)
    pairs = []
    for ts in groups.values():
        if len(ts) > 2:
            raise CertificationError("complex engine: a facet is shared by more than two regions")
        if len(ts) == 2:
            pairs.append(sorted(ts))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _objects(items: list) -> np.ndarray:
    """A 1-D object array holding ``items`` as they are (tuples stay elements)."""
    return np.fromiter(items, dtype=object, count=len(items))


def _oriented_rows(parts: _Parts) -> tuple[list, list, list]:
    """Every region row as ``a`` (a tuple of ints), ``b`` and ``(a, b)``: one object per distinct row and sign."""
    key = 2 * parts.which + (parts.sign < 0)
    distinct = np.unique(key)
    chosen = np.where((distinct % 2 == 0)[:, None], parts.rows[distinct // 2], -parts.rows[distinct // 2]).tolist()
    rows = [tuple(row[:-1]) for row in chosen]
    rhs = [row[-1] for row in chosen]
    at = np.searchsorted(distinct, key)
    return _objects(rows)[at].tolist(), _objects(rhs)[at].tolist(), _objects(list(zip(rows, rhs)))[at].tolist()


def _regions(run: ComplexRun, net, parts: _Parts, oriented: tuple, book) -> list:
    """The :class:`Region` objects, their certificates made from ``book`` on first access."""
    from exactpd.enumeration.region import deferred_region

    dim = run.cells.dim
    A, b, _ = oriented
    mlayers, out = tuple(maso_layers(net)), output_map(net)
    bounds = parts.first_row.tolist()
    spans = list(zip(bounds[:-1], bounds[1:]))
    labels = parts.labels
    polytopes = [HPolytope.from_primitive(A[lo:hi], b[lo:hi], dim=dim, checked=False) for lo, hi in spans]  # primitive (the domain's rows, unit_rows)
    codes = [run.codes[c] for c in parts.cells.tolist()]
    return [
        deferred_region(code, polytope, tuple(labels[lo:hi]), bounded, mlayers, out, book, i)
        for i, (code, polytope, (lo, hi), bounded) in enumerate(zip(codes, polytopes, spans, parts.bounded))
    ]


def _edges(run: ComplexRun, parts: _Parts, oriented: tuple, digits: np.ndarray, book) -> tuple:
    """The adjacency edges, sorted by ``(u, v)``, from the shared facets' rows: flips read from the codes' digits."""
    from exactpd.enumeration.partition import deferred_edge

    region_of_row = np.repeat(np.arange(len(parts.cells)), np.diff(parts.first_row))
    tu, tv = parts.pairs[:, 0], parts.pairs[:, 1]
    u, v = region_of_row[tu], region_of_row[tv]
    order = np.lexsort((tu, v, u))
    tu, u, v = tu[order], u[order], v[order]
    first = np.concatenate([[True], (u[1:] != u[:-1]) | (v[1:] != v[:-1])]) if len(u) else np.zeros(0, dtype=bool)
    tu, u, v = tu[first], u[first], v[first]
    if not len(tu):
        return ()
    names = [name for l, ids in enumerate(run.unit_ids) for name in ((l, k) for k in range(len(ids)))]
    flips: list = []
    for lo in range(0, len(u), 1 << 16):  # (edges x units) flags, a chunk at a time
        differ = digits[parts.cells[u[lo : lo + (1 << 16)]]] != digits[parts.cells[v[lo : lo + (1 << 16)]]]
        chunk = [(names[k],) for k in np.argmax(differ, axis=1).tolist()]
        for n in np.flatnonzero(differ.sum(axis=1) != 1).tolist():  # coinciding boundaries: several units flip
            chunk[n] = tuple(names[k] for k in np.flatnonzero(differ[n]).tolist())
        flips += chunk
    planes = oriented[2]
    return tuple([deferred_edge(i, j, f, planes[t], book, t) for t, i, j, f in zip(tu.tolist(), u.tolist(), v.tolist(), flips)])


def _merged_parts(run: ComplexRun, dom: HPolytope, table: FacetTable, digits: np.ndarray, with_edges: bool) -> _Parts:
    """:class:`_Parts` of a refined complex (units of more than two pieces): the cells of one code merged into their region."""
    from exactpd.enumeration.region import DOMAIN

    cx = run.cells
    facets_of: dict = {c: [] for c in range(cx.n_cells)}
    for f, c in enumerate(table.cell.tolist()):
        facets_of[c].append((table.vertex_ids(f), table.hids.get(f, [int(table.hid[f])])))
    owners: dict = {}
    for c, groups in facets_of.items():
        for on, _ in groups:
            owners.setdefault(on, []).append(c)
    by_code: dict = {}
    for c in _code_order(digits).tolist():
        by_code.setdefault(run.codes[c], []).append(c)
    cache: dict = {}
    rows, labels, bounded, region_vertices, facet_vertices, shared, first_row = [], [], [], [], [], {}, [0]
    for index, cells in enumerate(by_code.values()):
        r_rows, r_rhs, r_labels, r_vertices, pieces, is_bounded = _region_facets(run, dom, cells, facets_of, owners, cache)
        for i, (names, on_list) in enumerate(zip(r_labels, pieces)):
            if DOMAIN not in names:
                for on in on_list:
                    shared.setdefault(on, []).append(len(rows) + i)
        rows += [row + (rhs,) for row, rhs in zip(r_rows, r_rhs)]
        labels += r_labels
        facet_vertices += r_vertices
        first_row.append(len(rows))
        bounded.append(is_bounded)
        region_vertices.append(sorted({v for c in cells for v in cx.verts[cx.ptr[c] : cx.ptr[c + 1]].tolist()}))
    pairs = []
    for ts in shared.values():
        if len(ts) > 2:
            raise CertificationError("complex engine: a facet is shared by more than two regions")
        if len(ts) == 2:
            pairs.append(ts)
    n_rows = len(rows)
    return _Parts(
        np.array([cells[0] for cells in by_code.values()], dtype=np.int64),
        np.array(rows, dtype=object).reshape(n_rows, cx.dim + 1), np.arange(n_rows), np.ones(n_rows, dtype=np.int64),
        np.array(first_row, dtype=np.int64), labels, bounded, _segments_of(region_vertices), _segments_of(facet_vertices),
        np.arange(n_rows), np.array(pairs, dtype=np.int64).reshape(-1, 2),
    )


def _segments_of(lists: list) -> tuple:
    """``(flat, start, size)`` of lists of vertex ids."""
    size = np.array([len(x) for x in lists], dtype=np.int64)
    flat = np.array([v for x in lists for v in x], dtype=np.int64)
    return flat, np.cumsum(size) - size, size


def _region_facets(run: ComplexRun, dom: HPolytope, cells: list, facets_of: dict, owners: dict | None, cache: dict):
    """The facets of the region made of ``cells`` (one cell, or the cells of one code in a refined complex).

    Returns ``(rows, rhs, labels, facet vertex lists, cell facets per row,
    bounded)``.  With ``owners`` (vertex set -> the cells having that facet), a
    cell facet shared with a cell of the same code lies inside the region and is
    skipped; the other cell facets on one row make one facet of the region.
    ``cache`` keeps the rows (:func:`facet_row`) and label tuples made so far.
    """
    code = run.codes[cells[0]]
    merged: dict = {}
    kept = []  # (row, the ids bounding the region on it, the facet's vertex ids) per cell facet
    bounded = True
    n_artificial = run.n_artificial
    for c in cells:
        for on, hids in facets_of[c]:
            if owners is not None and any(d != c and run.codes[d] == code for d in owners[on]):
                continue
            if hids[0] < n_artificial:
                bounded = False
                continue
            # a cut E_r - E_s of a unit whose piece here is neither r nor s is not its boundary: no label
            if len(hids) == 1:
                row = facet_row(run, dom, c, hids[0], cache)
                bounding = hids if row is not None else ()
            else:
                found = [(h, facet_row(run, dom, c, h, cache)) for h in hids]
                bounding = [h for h, r in found if r is not None]
                row = next((r for _, r in found if r is not None), None)
            if not bounding:
                raise CertificationError(f"complex engine: region {code} has a facet that no unit of its code bounds")
            kept.append((row, bounding, on))
    if len(cells) == 1 and len({row for row, _, _ in kept}) == len(kept):
        # one cell, one facet per row (the usual case): the merging below, without its sets
        kept.sort(key=lambda facet: facet[1][0])  # ids ascending (cell_facets), each id on one facet
        return (
            [row for (row, _), _, _ in kept],
            [b for (_, b), _, _ in kept],
            [_label_names(run, tuple(bounding), cache) if len(bounding) > 1 else _single_labels(run, cache)[bounding[0]] for _, bounding, _ in kept],
            [tuple(sorted(on)) for _, _, on in kept],
            [[on] for _, _, on in kept],
            bounded,
        )
    for row, bounding, on in kept:
        entry = merged.get(row)
        if entry is None:
            merged[row] = [set(bounding), set(on), [on]]
        else:
            entry[0].update(bounding)
            entry[1].update(on)
            entry[2].append(on)
    rows, rhs, labels, vertices, parts = [], [], [], [], []
    for (row, b), (hids, verts, pieces) in sorted(merged.items(), key=lambda item: min(item[1][0])):
        rows.append(row)
        rhs.append(b)
        labels.append(_label_names(run, tuple(sorted(hids)), cache))
        vertices.append(tuple(sorted(verts)))
        parts.append(pieces)
    return rows, rhs, labels, vertices, parts, bounded


def _single_labels(run: ComplexRun, cache: dict) -> list:
    """:func:`_label_names` of each single hyperplane id, kept in ``cache`` under ``"single labels"``."""
    names = cache.get("single labels")
    if names is None:
        names = cache["single labels"] = [_label_names(run, (hid,), cache) for hid in range(len(run.labels))]
    return names


def _label_names(run: ComplexRun, hids: tuple, cache: dict) -> tuple:
    """The labels of hyperplane ids (sorted), each once, in order; kept in ``cache`` under ``("labels", hids)``."""
    from exactpd.enumeration.region import DOMAIN

    key = ("labels", hids)
    names = cache.get(key)
    if names is None:
        names = []
        for hid in hids:
            name = DOMAIN if run.labels[hid] == "domain" else run.labels[hid]
            if name not in names:
                names.append(name)
        names = cache[key] = tuple(names)
    return names


def vertex_sign_vectors(run: ComplexRun, order: Sequence[int]) -> tuple:
    """Each vertex's exact sign of every unit's ``E_1 - E_0``, one tuple per layer (zeros included).

    Parameters
    ----------
    run : ComplexRun
        From :func:`~exactpd.enumeration.complex_engine.build_complex`.
    order : sequence of int
        The cell of each region (from :func:`regions_of`).

    Returns
    -------
    tuple
        Per vertex, per nonlinear layer, a tuple of -1, 0 or 1.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> dom = box([-2, -2], [2, 2])
    >>> run = build_complex(net, dom)
    >>> _, _, order, _ = regions_of(run, net, dom)
    >>> sorted(vertex_sign_vectors(run, order))[:2]  # the corner (-2, -2) and the edge point (-2, 0)
    [((-1, -1),), ((-1, 0),)]
    """
    cx = run.cells
    home = np.zeros(len(cx.X), dtype=np.int64)
    home[cx.verts] = np.repeat(np.arange(cx.n_cells), np.diff(cx.ptr))
    out = []
    for v, c in enumerate(home.tolist()):
        signs = []
        for layer in range(len(run.forms)):
            p, forms = _ancestor(run, c, layer - 1), run.forms[layer]
            n_units = forms.slopes.shape[1] if isinstance(forms, LazyForms) else forms.shape[2]
            values = [
                exact_value([a - b for a, b in zip(piece_row(forms, p, 1, k), piece_row(forms, p, 0, k))], cx.X[v]) for k in range(n_units)
            ]
            signs.append(tuple((e > 0) - (e < 0) for e in values))
        out.append(tuple(signs))
    return tuple(out)


def affine_rank(points: Sequence[Sequence[Fraction]]) -> int:
    """The exact dimension of the affine hull of the points (Gaussian elimination in Fractions).

    Parameters
    ----------
    points : sequence of sequences of Fraction
        At least one point.

    Returns
    -------
    int

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> affine_rank([(Q(0), Q(0)), (Q(1), Q(1)), (Q(2), Q(2))]), affine_rank([(Q(0), Q(0)), (Q(1), Q(0)), (Q(0), Q(1))])
    (1, 2)
    """
    base = points[0]
    rows = [[Fraction(p) - Fraction(q) for p, q in zip(point, base)] for point in points[1:]]
    rank, col, n_cols = 0, 0, len(base)
    while rows and col < n_cols:
        pivot = next((r for r in rows if r[col] != 0), None)
        if pivot is None:
            col += 1
            continue
        rows.remove(pivot)
        rows = [[a - r[col] / pivot[col] * b for a, b in zip(r, pivot)] for r in rows]
        rank += 1
        col += 1
    return rank
