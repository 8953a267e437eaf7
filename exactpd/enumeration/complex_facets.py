"""The facets of every cell of the complex engine's finished complex, with their exact rows, in numpy passes.

:func:`facet_table` reads, for all cells at once, which hyperplane ids are
facets of each cell and which of the cell's vertices lie on each (the bits of
``zero[v] & facets[c]`` over all (cell, vertex) pairs); ids of one cell with
the same vertex set are one facet (coinciding boundaries).  :func:`unit_rows`
gives every facet its exact primitive integer row, one row per (unit, parent
region) shared by the cells on both sides, for a complex whose units all have
two pieces.  :mod:`exactpd.enumeration.complex_regions` builds the regions
from these arrays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain

import numpy as np

from exactpd.enumeration.complex_engine import ComplexRun, LazyCut
from exactpd.errors import CertificationError

__all__ = ["FacetTable", "code_digits", "facet_table", "unit_rows"]


@dataclass(frozen=True)
class FacetTable:
    """Every facet of every cell of a finished complex (numpy arrays, one entry per facet).

    Attributes
    ----------
    cell : ndarray of int64
        The cell of each facet (facets in order of ``hid``, then of cell).
    hid : ndarray of int64
        The facet's lowest hyperplane id.
    hids : dict
        Facet -> all its hyperplane ids, ascending: only for the facets on
        several ids (coinciding boundaries).
    start, size : ndarray of int64
        The facet's vertices are ``vertices[start[f] : start[f] + size[f]]``,
        ascending (the cell's vertex order).
    vertices : ndarray of int64
        The vertex ids of all facets, one after the other.
    key : ndarray of uint64
        A hash of the facet's vertex set (equal sets give equal keys; equal
        keys are checked exactly where they are used).
    """

    cell: np.ndarray
    hid: np.ndarray
    hids: dict
    start: np.ndarray
    size: np.ndarray
    vertices: np.ndarray
    key: np.ndarray

    def vertex_ids(self, f: int) -> tuple:
        """The vertex ids of facet ``f`` (ascending)."""
        return tuple(self.vertices[self.start[f] : self.start[f] + self.size[f]].tolist())


def segment_positions(start: np.ndarray, size: np.ndarray) -> np.ndarray:
    """The positions ``start[i] .. start[i] + size[i] - 1`` of every segment i, one after the other.

    Parameters
    ----------
    start, size : ndarray of int64

    Returns
    -------
    ndarray of int64

    Examples
    --------
    >>> segment_positions(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    offsets = np.cumsum(size) - size
    return np.repeat(start - offsets, size) + np.arange(int(size.sum()))


def _facets_on(cx, hid: int, cell_size: np.ndarray) -> tuple:
    """The cells that have ``hid`` as a facet, the number of their vertices on it, and those vertices (by cell, ascending)."""
    word, bit = hid // 64, np.uint64(hid % 64)
    cells = np.flatnonzero((cx.facets[:, word] >> bit) & np.uint64(1))
    sizes = cell_size[cells]
    verts = cx.verts[segment_positions(cx.ptr[cells], sizes)]
    on = ((cx.zero[verts, word] >> bit) & np.uint64(1)).astype(np.int64)
    counts = np.add.reduceat(on, np.cumsum(sizes) - sizes)
    return cells, counts, verts[on.astype(bool)]


def facet_table(run: ComplexRun) -> FacetTable:
    """The :class:`FacetTable` of ``run``'s complex.

    One numpy pass per hyperplane id over the vertices of the cells that have
    it as a facet (so over every (cell facet, cell vertex) pair once).

    Parameters
    ----------
    run : ComplexRun
        From :func:`~exactpd.enumeration.complex_engine.build_complex`.

    Returns
    -------
    FacetTable

    Raises
    ------
    CertificationError
        A facet id of a cell holds none of its vertices (a bug in exactpd).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> table = facet_table(build_complex(net, box([-2, -2], [2, 2])))
    >>> len(table.cell), table.size.tolist()  # four squares of four edges of two vertices
    (16, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2])
    """
    cx = run.cells
    cell_size = np.diff(cx.ptr)
    present = np.flatnonzero(np.unpackbits(np.bitwise_or.reduce(cx.facets, axis=0).view(np.uint8), bitorder="little"))
    cells, hids, sizes, vertices = [], [], [], []
    for hid in present.tolist():
        c, n, v = _facets_on(cx, hid, cell_size)
        cells.append(c)
        hids.append(np.full(len(c), hid, dtype=np.int64))
        sizes.append(n)
        vertices.append(v)
    cell = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
    size = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
    if (size == 0).any():
        raise CertificationError("complex engine: a facet of a cell holds none of its vertices")
    vertices = np.concatenate(vertices) if vertices else np.zeros(0, dtype=np.int64)
    start = np.cumsum(size) - size
    weights = np.random.default_rng(0).integers(0, np.iinfo(np.int64).max, size=max(1, len(cx.X)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        key = np.add.reduceat(weights[vertices], start) if len(start) else np.zeros(0, dtype=np.uint64)
    hid = np.concatenate(hids) if hids else np.zeros(0, dtype=np.int64)
    return _merge_coinciding(FacetTable(cell, hid, {}, start, size, vertices, key))


def _merge_coinciding(table: FacetTable) -> FacetTable:
    """The table with the ids of one cell that have the same vertex set made one facet (its lowest id first)."""
    with np.errstate(over="ignore"):
        mixed = table.key ^ (table.cell.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))  # equal cell and key, equal mix
    mixed.sort()
    if not (mixed[1:] == mixed[:-1]).any():
        return table
    order = np.lexsort((table.key, table.size, table.cell))
    s_cell, s_size, s_key = table.cell[order], table.size[order], table.key[order]
    same = np.concatenate([[False], (s_cell[1:] == s_cell[:-1]) & (s_size[1:] == s_size[:-1]) & (s_key[1:] == s_key[:-1])])
    drop, hids = set(), {}
    candidates = np.unique(np.concatenate([order[np.flatnonzero(same)], order[np.flatnonzero(same) - 1]])).tolist()
    groups: dict = {}
    for f in candidates:  # exact: the same cell and the same vertex ids
        groups.setdefault((int(table.cell[f]), table.vertex_ids(f)), []).append(f)
    for facets in groups.values():
        if len(facets) > 1:
            facets.sort()  # by id (the table is in id order)
            hids[facets[0]] = sorted(int(table.hid[f]) for f in facets)
            drop.update(facets[1:])
    keep = np.array([f not in drop for f in range(len(table.cell))], dtype=bool)
    index = np.cumsum(keep) - 1
    return FacetTable(
        table.cell[keep], table.hid[keep], {int(index[f]): ids for f, ids in hids.items()},
        table.start[keep], table.size[keep], table.vertices, table.key[keep],
    )


def code_digits(run: ComplexRun) -> tuple[np.ndarray, list]:
    """Every cell's code as one int8 row over all units (layers one after the other), and the first column of each layer.

    Parameters
    ----------
    run : ComplexRun
        From :func:`~exactpd.enumeration.complex_engine.build_complex`.

    Returns
    -------
    digits : ndarray of int8 (int32 for units of more than 127 pieces), (cells, units)
    offsets : list of int
        ``offsets[l]``: the column of unit 0 of layer l (and the number of units last).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> digits, offsets = code_digits(build_complex(net, box([-2, -2], [2, 2])))
    >>> digits.shape, offsets
    ((4, 2), [0, 2])
    """
    widths = [len(ids) for ids in run.unit_ids]
    offsets = [0] + np.cumsum(widths).tolist()
    n = len(run.codes)
    # a unit of R pieces has R (R - 1) / 2 cut ids (one for R = 2), and its digits are below R
    widest = max((len(cuts) for layer in run.unit_ids for cuts in layer), default=1)
    dtype = np.int8 if widest <= 127 * 126 // 2 else np.int32
    if run.digits is not None and run.digits.dtype == dtype:  # kept by the cut
        return run.digits, offsets
    flat = np.fromiter(chain.from_iterable(chain.from_iterable(run.codes)), dtype=dtype, count=n * offsets[-1])
    return flat.reshape(n, offsets[-1]), offsets


def _parents(run: ComplexRun, cells: np.ndarray, layer: int) -> np.ndarray:
    """The region of layer ``layer - 1`` that holds each of ``cells`` (0, the domain, for layer 0)."""
    p = cells
    for l in range(len(run.ancestors) - 1, layer - 1, -1):
        p = run.ancestors[l][p]
    return p


def _exact_cut_rows(kept: list, parents: list, units: list, dim: int) -> np.ndarray:
    """The rows ``(g, c)`` of ``E_1 - E_0`` of each (parent, unit) pair, integers (object array, D + 1 columns).

    ``kept``: the layer's rows as the cut used them (``ComplexRun.cut_rows[l]``):
    an object array by parent, or for the last layer a :class:`LazyCut` with
    the rows the cut made (the rest in one object product).
    """
    P, K = np.asarray(parents, dtype=np.int64), np.asarray(units, dtype=np.int64)
    rows = np.empty((len(P), dim + 1), dtype=object)
    for k in np.unique(K).tolist():
        at = np.flatnonzero(K == k)
        cut = kept[k]
        if isinstance(cut, LazyCut):
            cut.fill(P[at])
            rows[at] = np.array([cut[p] for p in P[at].tolist()], dtype=object).reshape(len(at), dim + 1)
        else:
            rows[at] = cut[P[at]]
    return rows


def _primitive_rows(rows: np.ndarray, dim: int) -> np.ndarray:
    """``(-g, c)`` for every row ``(g, c)`` (the side ``E_1 >= E_0`` as ``a . x <= b``), each divided by its gcd."""
    up = np.concatenate([-rows[:, :dim], rows[:, dim:]], axis=1)
    g = np.array([math.gcd(*row) for row in up.tolist()], dtype=object)
    big = np.flatnonzero(g > 1)
    if len(big):
        up[big] //= g[big, None]
    return up


def _hid_units(run: ComplexRun) -> tuple[np.ndarray, np.ndarray]:
    """The layer and unit of every hyperplane id (-1 for the artificial box and domain rows)."""
    layer = np.array([-1 if p is None else p[0] for p in run.pieces_of], dtype=np.int64)
    unit = np.array([-1 if p is None else p[1] for p in run.pieces_of], dtype=np.int64)
    return layer, unit


def unit_rows(run: ComplexRun, dom, table: FacetTable, digits: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The exact primitive row of every facet of a complex of 2-piece units: the domain's rows, and one row per (unit, parent region).

    The cells on the two sides of a unit's facet lie in one region of the
    previous layers (the parent), so they share the unit's row there, with
    opposite signs: each such row is made (and divided by its gcd) once.

    Parameters
    ----------
    run : ComplexRun
        From :func:`~exactpd.enumeration.complex_engine.build_complex` (no unit of more than two pieces).
    dom : HPolytope
        The domain.
    table : FacetTable
        From :func:`facet_table`.
    digits : ndarray, optional
        :func:`code_digits` of ``run``, when already made.

    Returns
    -------
    rows : ndarray of object, (n, D + 1)
        Distinct primitive integer rows ``(a, b)``: the domain's rows first, then
        the units', each oriented to the side ``E_1 >= E_0``.
    which : ndarray of int64
        Per facet, its row (-1 for a facet of the artificial box).
    sign : ndarray of int64
        Per facet, +1 or -1: the cell is on the side ``sign * (a . x - b) <= 0``.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> dom = box([-2, -2], [2, 2])
    >>> run = build_complex(net, dom)
    >>> rows, which, sign = unit_rows(run, dom, facet_table(run))
    >>> rows[4:].tolist()  # the two units' rows, x_0 >= 0 and x_1 >= 0
    [[-1, 0, 0], [0, -1, 0]]
    """
    dim = run.cells.dim
    n_art, n_dom = run.n_artificial, run.n_domain
    blocks = [np.array([tuple(a) + (b,) for a, b in zip(dom.A, dom.b)], dtype=object).reshape(n_dom, dim + 1)]
    which = np.full(len(table.cell), -1, dtype=np.int64)
    sign = np.ones(len(table.cell), dtype=np.int64)
    on_domain = (table.hid >= n_art) & (table.hid < n_art + n_dom)
    which[on_domain] = table.hid[on_domain] - n_art
    offsets = [0] + np.cumsum([len(ids) for ids in run.unit_ids]).tolist()
    if digits is None:
        digits, _ = code_digits(run)
    hid_layer, hid_unit = _hid_units(run)
    count = n_dom
    for l in range(len(run.forms)):
        facets = np.flatnonzero(hid_layer[table.hid] == l)
        if not len(facets):
            continue
        n_units = offsets[l + 1] - offsets[l]
        units = hid_unit[table.hid[facets]]
        key = _parents(run, table.cell[facets], l) * n_units + units
        distinct, inverse = np.unique(key, return_inverse=True)
        blocks.append(_primitive_rows(_exact_cut_rows(run.cut_rows[l], (distinct // n_units).tolist(), (distinct % n_units).tolist(), dim), dim))
        which[facets] = count + inverse.reshape(-1)
        count += len(distinct)
        sign[facets] = np.where(digits[table.cell[facets], offsets[l] + units] == 1, 1, -1)
    return np.concatenate(blocks), which, sign
