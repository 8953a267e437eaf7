"""Regions, edges and certificates read from the complex engine's finished complex.

:func:`regions_of` turns the cells of :func:`exactpd.enumeration.complex_engine.build_complex`
into certified :class:`~exactpd.enumeration.region.Region` objects (sorted by
code) and the adjacency :class:`~exactpd.enumeration.partition.Edge` list, in
exactly the LP engine's conventions (rows, their order, labels, bounded flags,
edge orientation); :func:`vertex_sign_vectors` and :func:`affine_rank` serve
:class:`~exactpd.enumeration.cell_complex.PolyhedralComplex`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import chain
from operator import mul
from typing import Sequence

import numpy as np

from exactpd.enumeration.complex_engine import ComplexRun, LazyForms, hyperplane_bit, piece_row
from exactpd.enumeration.complex_filter import exact_value
from exactpd.errors import CertificationError
from exactpd.kernel.polytope import HPolytope
from exactpd.network.maso import maso_layers, output_map

__all__ = ["affine_rank", "all_cell_facets", "cell_facets", "facet_row", "regions_of", "vertex_sign_vectors"]


def _centroid(points: Sequence[tuple]) -> tuple[int, ...]:
    """The exact centroid of homogeneous integer points, as a homogeneous integer vector."""
    den = math.lcm(*(p[-1] for p in points))
    sums = [0] * len(points[0])
    for p in points:
        scale = den // p[-1]
        for i, v in enumerate(p):
            sums[i] += v * scale
    g = math.gcd(*sums)
    return tuple(v // g for v in sums)


def _fractions(point: tuple[int, ...]) -> tuple[Fraction, ...]:
    return tuple(Fraction(v, point[-1]) for v in point[:-1])


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


def all_cell_facets(run: ComplexRun, chunk: int = 1 << 16) -> dict:
    """:func:`cell_facets` of every cell, from numpy passes over all (cell, vertex) pairs.

    The bits of ``zero[v] & facets[c]`` over the pairs of ``chunk`` cells at a
    time give, per (cell, hyperplane id), the cell's vertices on it (in the
    cell's vertex order); ids with equal vertex sets are one facet.  A cell
    with a facet id on none of its vertices is read by :func:`cell_facets`.

    Parameters
    ----------
    run : ComplexRun
        From :func:`~exactpd.enumeration.complex_engine.build_complex`.
    chunk : int, default 65536
        Cells per numpy pass (bounds the memory: pairs x hyperplanes bits).

    Returns
    -------
    dict
        Cell -> :func:`cell_facets` of it.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, 1, 1]], [-1])])
    >>> run = build_complex(net, box([-2, -2], [2, 2]))
    >>> facets = all_cell_facets(run, chunk=3)
    >>> all(facets[c] == cell_facets(run, c) for c in range(run.cells.n_cells))
    True
    """
    cx = run.cells
    out: dict = {}
    n_bits = cx.facets.shape[1] * 64
    for lo in range(0, cx.n_cells, chunk):
        hi = min(cx.n_cells, lo + chunk)
        start, stop = int(cx.ptr[lo]), int(cx.ptr[hi])
        cell_of = np.repeat(np.arange(lo, hi), np.diff(cx.ptr[lo : hi + 1]))
        verts = cx.verts[start:stop]
        on = cx.zero[verts] & cx.facets[cell_of]
        pair, hid = np.nonzero(np.unpackbits(on.view(np.uint8), axis=1, bitorder="little"))
        order = np.lexsort((pair, hid, cell_of[pair]))  # by cell, then id, then the cell's vertex order
        pair, hid = pair[order], hid[order]
        cell = cell_of[pair]
        key = cell * n_bits + hid
        cut = np.flatnonzero(key[1:] != key[:-1]) + 1
        starts = np.concatenate([[0], cut]).tolist()
        ends = np.concatenate([cut, [len(key)]]).tolist()
        vertex_list = verts[pair].tolist()
        group_cell, group_hid = cell[starts].tolist(), hid[starts].tolist()
        expected = np.unpackbits(cx.facets[lo:hi].view(np.uint8), axis=1, bitorder="little").sum(axis=1)
        found = np.bincount(np.asarray(group_cell, dtype=np.int64) - lo, minlength=hi - lo)
        out.update((c, []) for c in range(lo, hi))
        groups: dict = {}
        current = None
        for c, h, a, b in zip(group_cell, group_hid, starts, ends):
            if c != current:
                if current is not None:
                    out[current] = list(groups.items())
                current, groups = c, {}
            groups.setdefault(tuple(vertex_list[a:b]), []).append(h)
        if current is not None:
            out[current] = list(groups.items())
        for c in np.flatnonzero(expected != found).tolist():  # an id on no vertex (not expected): the plain reading
            out[lo + c] = cell_facets(run, lo + c)
    return out


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


def _placed(point: tuple[int, ...], rows, rhs, on: int | None) -> bool:
    """Whether the homogeneous point is strictly inside every row, except on row ``on`` where it is tight."""
    for j, (row, b) in enumerate(zip(rows, rhs)):
        slack = b * point[-1] - sum(a * v for a, v in zip(row, point))
        if slack < 0 or (slack == 0) != (j == on):
            return False
    return True


def _weighted_centroid(points: list) -> tuple[int, ...]:
    """A positive combination of homogeneous points, each weighted by about 1 / its magnitude (a power of 2).

    Strictly inside every row one of the points is strictly inside (all weights
    are positive), and about as large as the smallest point, not the largest
    (a vertex of a huge artificial box counts for little).
    """
    sizes = [max(0, max(abs(v) for v in p[:-1]).bit_length() - p[-1].bit_length()) for p in points]
    top = max(sizes)
    den = math.lcm(*(p[-1] for p in points))
    sums = [0] * len(points[0])
    for p, size in zip(points, sizes):
        scale = (den // p[-1]) << (top - size)
        for i, v in enumerate(p):
            sums[i] += v * scale
    g = math.gcd(*sums)
    return tuple(v // g for v in sums)


def _covering(points: list, rows, rhs, on: int | None) -> list:
    """Few of the face's vertices, shortest first, such that every row but ``on`` is strict at one of them.

    Their centroid is then strictly inside every row but ``on`` (and on it, when
    all the points are): a relative-interior point with far fewer digits than the
    centroid of all the vertices (vertices on a huge artificial box have many).
    """
    open_rows = [j for j in range(len(rows)) if j != on]
    chosen = []
    for point in sorted(points, key=lambda p: sum(abs(v).bit_length() for v in p)):
        strict = [j for j in open_rows if rhs[j] * point[-1] - sum(a * v for a, v in zip(rows[j], point)) > 0]
        if strict or not chosen:
            chosen.append(point)
            open_rows = [j for j in open_rows if j not in strict]
        if not open_rows:
            break
    return chosen


def _onto(point: tuple[int, ...], row: Sequence[int], rhs: int) -> tuple[int, ...]:
    """The point moved along its coordinate j (largest |row[j]|) onto ``row . x = rhs``, homogeneous integers."""
    j = max(range(len(row)), key=lambda i: abs(row[i]))
    den = point[-1]
    rest = rhs * den - sum(a * v for i, (a, v) in enumerate(zip(row, point)) if i != j)
    scale = row[j]
    moved = [v * scale for v in point[:-1]]
    moved[j] = rest
    out = moved + [den * scale]
    if scale < 0:
        out = [-v for v in out]
    g = math.gcd(*out)
    return tuple(v // g for v in out)


def _dyadic_centres(centres: np.ndarray, bits: int = 24) -> tuple[list, list, np.ndarray]:
    """Each float row rounded to ``bits`` bits below its largest entry.

    Returns the integer numerators, the power-of-two exponents (the point is
    ``numerators / 2^shift``) and which rows are usable (finite, not all zero).
    """
    with np.errstate(all="ignore"):
        top = np.frexp(np.abs(centres).max(axis=1))[1]
        shift = bits - top
        ok = np.isfinite(centres).all(axis=1) & (np.abs(centres).max(axis=1) > 0) & (shift >= 0) & (shift < 1000)
        scaled = np.where(ok[:, None], np.round(centres * np.exp2(np.where(ok, shift, 0))[:, None]), 0)
    return scaled.astype(np.int64).tolist(), np.where(ok, shift, 0).tolist(), ok


def _proved_inside(rows: list, rhs: list, first_row: list, X: np.ndarray, region_of_point: list, on: list, dim: int) -> np.ndarray:
    """For every point (float coordinates ``X``, exact values), whether the float filter proves it strictly inside
    every row of its region but ``on``.

    One numpy pass over all (point, row) pairs of all regions; a point it does
    not prove is checked in integers by the caller.
    """
    proved = np.zeros(len(X), dtype=bool)
    try:
        A = np.array(rows, dtype=float).reshape(-1, dim)
        B = np.array(rhs, dtype=float)
    except OverflowError:
        return proved
    starts = np.asarray(first_row, dtype=np.int64)
    reg = np.asarray(region_of_point, dtype=np.int64)
    counts = starts[reg + 1] - starts[reg]
    P = np.repeat(np.arange(len(X)), counts)
    J = np.repeat(starts[reg], counts) + np.arange(len(P)) - np.repeat(np.cumsum(counts) - counts, counts)
    with np.errstate(all="ignore"):
        terms = A[J] * X[P]
        slack = B[J] - terms.sum(axis=1)
        bound = (2 * (dim + 4) * 2.0**-53) * (np.abs(B[J]) + np.abs(terms).sum(axis=1)) + 2.0**-1000
        ok = (slack > bound) | (J == np.asarray(on, dtype=np.int64)[P])
    bad = np.zeros(len(X), dtype=bool)
    np.logical_or.at(bad, P[~ok], True)
    proved[:] = ~bad & np.isfinite(X).all(axis=1)
    return proved


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


def regions_of(run: ComplexRun, net, dom: HPolytope, with_edges: bool = True):
    """The certified regions (sorted by code) and adjacency edges read from the complex.

    Each region's rows are its facets (artificial box rows dropped), in the LP
    engine's row order (domain rows first, then units in order).  Its witness
    and facet points are short dyadic points near the centroid of its vertices
    (of the facet's vertices, moved exactly onto the facet's hyperplane),
    proved strictly inside by the float filter over all regions at once or
    else checked in integers; a point that fails is replaced by the exact
    centroid (strictly inside, as the region and its facets are
    full-dimensional).  Two regions are adjacent iff they share a facet with
    the same vertex set (the complex is face to face).  Maps, output maps and
    sites are derived on first access.

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
    from exactpd.enumeration.region import Region

    cx = run.cells
    dim = cx.dim
    mlayers = tuple(maso_layers(net))
    out = output_map(net)
    refined = run.refined
    by_code: dict = {}
    for c in range(cx.n_cells):
        by_code.setdefault(run.codes[c], []).append(c)
    if not refined and len(by_code) != cx.n_cells:
        raise CertificationError("complex engine: two cells of the complex have the same code")
    codes = sorted(by_code)
    facets_of = all_cell_facets(run)
    owners = None
    if refined:
        owners = {}
        for c, groups in facets_of.items():
            for on, _ in groups:
                owners.setdefault(on, []).append(c)
    rows, rhs, labels, facet_vertices, bounded, region_vertices, shared, first_row = _region_rows(
        run, dom, codes, by_code, facets_of, owners, with_edges
    )
    points = _exact_points(run, rows, rhs, first_row, _candidate_points(run, rows, rhs, first_row, region_vertices, facet_vertices))
    regions, n = [], 0
    for index, code in enumerate(codes):
        lo, hi = first_row[index], first_row[index + 1]
        witness = points[n]
        fpoints = tuple(points[n + 1 : n + 1 + hi - lo])
        n += 1 + hi - lo
        polytope = HPolytope.from_primitive(rows[lo:hi], rhs[lo:hi], dim=dim, checked=False)  # primitive int rows (dom.A, _primitive)
        regions.append(Region(code, polytope, labels[index], fpoints, witness, bounded[index], mlayers, out))
    edges = _region_edges(regions, shared)
    order = tuple(by_code[code][0] for code in codes)
    return regions, edges, order, tuple(facet_vertices)


def _region_rows(run: ComplexRun, dom: HPolytope, codes, by_code: dict, facets_of: dict, owners, with_edges: bool):
    """Per region, in code order: its facet rows and right-hand sides (flat, region i from ``first_row[i]``), labels, facet vertex ids, bounded flag and vertex ids; and, for edges, the regions and rows of each facet."""
    from exactpd.enumeration.region import DOMAIN

    cx = run.cells
    row_cache: dict = {}
    rows, rhs, labels, facet_vertices, bounded, region_vertices, shared, first_row = [], [], [], [], [], [], {}, []
    for index, code in enumerate(codes):
        cells = by_code[code]
        first_row.append(len(rows))
        r_rows, r_rhs, r_labels, r_vertices, parts, is_bounded = _region_facets(run, dom, cells, facets_of, owners, row_cache)
        if with_edges:
            for i, (names, pieces) in enumerate(zip(r_labels, parts)):
                if DOMAIN not in names:
                    for on in pieces:
                        shared.setdefault(on, []).append((index, i))
        rows += r_rows
        rhs += r_rhs
        labels.append(tuple(r_labels))
        facet_vertices.append(tuple(r_vertices))
        bounded.append(is_bounded)
        if len(cells) == 1:
            region_vertices.append(cx.verts[cx.ptr[cells[0]] : cx.ptr[cells[0] + 1]].tolist())
        else:
            region_vertices.append(sorted({v for c in cells for v in cx.verts[cx.ptr[c] : cx.ptr[c + 1]].tolist()}))
    first_row.append(len(rows))
    return rows, rhs, labels, facet_vertices, bounded, region_vertices, shared, first_row


def _candidate_points(run: ComplexRun, rows: list, rhs: list, first_row: list, region_vertices: list, facet_vertices: list) -> tuple:
    """Every region's witness, then its facet points, as short dyadic guesses near their vertices' centroid (facet points moved exactly onto their hyperplane)."""
    cx = run.cells
    dim = cx.dim
    # candidate points: the witness of every region, then its facet points (float centroids, rounded)
    point_vertices, point_region, point_on = [], [], []
    for index in range(len(region_vertices)):
        point_vertices.append(region_vertices[index])
        point_region.append(index)
        point_on.append(-1)
        for i, on in enumerate(facet_vertices[index]):
            point_vertices.append(on)
            point_region.append(index)
            point_on.append(first_row[index] + i)
    sizes = np.array([len(v) for v in point_vertices], dtype=np.int64)
    flat = np.fromiter(chain.from_iterable(point_vertices), dtype=np.int64, count=int(sizes.sum()))
    with np.errstate(all="ignore"):  # vertices beyond the float range give inf/nan centres: not usable, exact instead
        centres = np.add.reduceat(cx.xf[flat], np.concatenate([[0], np.cumsum(sizes)[:-1]]), axis=0) / sizes[:, None]
    numerators, shifts, usable = _dyadic_centres(centres)
    X = np.array(numerators, dtype=float).reshape(-1, dim) * np.exp2(-np.array(shifts, dtype=float))[:, None]
    moved: dict = {}  # facet point n -> (row, rhs, coordinate j, its exact value, float): on the facet's hyperplane
    # a facet of two regions has one vertex set, so one hyperplane (its row up to sign) and one
    # dyadic centre: its moved point is the same for both regions (made once, checked for each)
    key_of: dict = {}  # facet point n -> its facet's vertex ids
    made: dict = {}  # vertex ids -> its entry of moved
    fit = usable.tolist()
    for n, j_row in enumerate(point_on):
        if j_row >= 0 and fit[n]:
            row, b = rows[j_row], rhs[j_row]
            key = key_of[n] = point_vertices[n]
            known = made.get(key)
            if known is None or not (known[0] == row and known[1] == b or known[1] == -b and all(u == -w for u, w in zip(known[0], row))):
                sizes_j = [abs(a) for a in row]
                j = sizes_j.index(max(sizes_j))  # the first largest |row[j]|
                point, shift = numerators[n], shifts[n]
                numerator = (b << shift) - (sum(map(mul, row, point)) - row[j] * point[j])
                known = made[key] = (row, b, j, Fraction(numerator, row[j] << shift), numerator / (row[j] << shift))
            moved[n] = known
    if moved:
        X[list(moved), [entry[2] for entry in moved.values()]] = [entry[4] for entry in moved.values()]
    return point_vertices, point_region, point_on, numerators, shifts, usable, X, moved, key_of


def _exact_points(run: ComplexRun, rows: list, rhs: list, first_row: list, candidates: tuple) -> list:
    """The candidates proved in their relative interiors (by the float filter over all at once, else in integers), exact centroids where they fail."""
    point_vertices, point_region, point_on, numerators, shifts, usable, X, moved, key_of = candidates
    cx = run.cells
    dim = cx.dim
    points: list = [None] * len(numerators)
    proved = _proved_inside(rows, rhs, first_row, X, point_region, point_on, dim)
    shared_points: dict = {}  # vertex ids -> (entry of moved, the proved point): a point proved again for each region
    good = (usable & proved).tolist()
    coordinates = X.tolist()
    for n, region in enumerate(point_region):
        if good[n]:
            entry = moved.get(n)
            if entry is not None:  # the same vertex ids and entry give the same point (X[n] is a function of them)
                known = shared_points.get(key_of[n])
                if known is not None and known[0] is entry:
                    points[n] = known[1]
                    continue
            if entry is None:
                point = [Fraction(*v.as_integer_ratio()) for v in coordinates[n]]  # exact: dyadic floats
            else:
                j = entry[2]
                point = [entry[3] if i == j else Fraction(*v.as_integer_ratio()) for i, v in enumerate(coordinates[n])]
                shared_points[key_of[n]] = (entry, tuple(point))
            points[n] = tuple(point)
            continue
        lo, hi = first_row[region], first_row[region + 1]
        on = point_on[n] - lo if point_on[n] >= 0 else None
        exact = tuple(numerators[n]) + (1 << shifts[n],) if usable[n] else None
        if exact is not None and on is not None:
            exact = _onto(exact, rows[point_on[n]], rhs[point_on[n]])
        if exact is None or not _placed(exact, rows[lo:hi], rhs[lo:hi], on):
            exact = _weighted_centroid(_covering([cx.X[v] for v in point_vertices[n]], rows[lo:hi], rhs[lo:hi], on))
            if not _placed(exact, rows[lo:hi], rhs[lo:hi], on):
                raise CertificationError("complex engine: the centroid of a face is not in its relative interior")
        points[n] = _fractions(exact)
    return points


def _region_edges(regions: list, shared: dict) -> tuple:
    """The adjacency edges, sorted by ``(u, v)``: the two regions on each facet that holds two (the complex is face to face)."""
    from exactpd.enumeration.adjacency import flips_between
    from exactpd.enumeration.partition import Edge

    found: dict = {}
    for sides in shared.values():
        if len(sides) == 1:
            continue
        if len(sides) != 2:
            raise CertificationError("complex engine: a facet is shared by more than two regions")
        (i, f), (j, _) = sorted(sides)
        if (i, j) not in found:
            r = regions[i]
            found[(i, j)] = Edge(i, j, flips_between(r.code, regions[j].code), (r.polytope.A[f], r.polytope.b[f]), r.facet_points[f])
    return tuple(found[key] for key in sorted(found))


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
