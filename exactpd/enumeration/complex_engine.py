"""The complex engine: the partition as an exact polyhedral complex, cut unit by unit (edge subdivision).

The LP engine (:mod:`exactpd.enumeration.lp_engine`) certifies every region
with linear programs.  This engine never solves an LP: it keeps the whole
polyhedral complex of the current partition -- vertices, edges and, for every
cell, its vertices and facets -- and cuts it by one unit at a time, layer by
layer, as edge subdivision does (Berzins, ICML 2023), in exact arithmetic.

The complex
-----------
Every function that cuts is continuous on the input space: the difference
``d = E_1 - E_0`` of a 2-piece unit's pieces (relu, leaky_relu, abs; paper
eq. 1) is affine on each region of the previous layers and continuous across
them.  A vertex's side of a unit is therefore one global sign, whichever cell
it is read from.  The engine stores

- vertices: exact homogeneous integer vectors ``(X, den)`` (the point
  ``X / den``) with correctly rounded float copies for the filter, and for
  each vertex the set of hyperplanes through it (a bitset over *hyperplane
  ids*: the artificial box rows, the domain rows, then the units in order);
- edges: pairs of vertex indices;
- cells: for each cell its vertex indices and its facets (a bitset of
  hyperplane ids: a facet is a hyperplane id whose zero set contains a
  (D-1)-face of the cell; coinciding hyperplanes, e.g. duplicated units, are
  several ids on one facet).  A vertex lies on facet ``f`` of a cell iff ``f``
  is in its bitset.

Cutting by a unit
-----------------
The sign of ``d`` at every vertex is decided by the filtered exact predicate
of :mod:`exactpd.enumeration.complex_filter` (float with a rigorous error
bound, integers when the bound cannot decide).  A cell whose vertices are all
``>= 0`` or all ``<= 0`` is not cut (a vertex with sign 0 stays a vertex; if
the zero vertices fill a facet, the unit's id joins that facet: coinciding
boundaries).  A mixed cell is split in two: every edge with strictly opposite
signs gets one new vertex (exact: :func:`~exactpd.enumeration.complex_filter.crossing`),
the children keep the vertices of their side plus the zero and new vertices,
a facet survives in a child iff one of its vertices is strictly on the
child's side, and the new facet is the unit's.  The new edges are those of
the (D-1)-polytope ``Q = cell ∩ {d = 0}``: in 2-D its two points; in
D >= 3, when every point of Q is a new vertex on an edge lying on exactly
D - 1 facets, the pairs of points on a common 2-face (keyed by the cell and
D - 2 of the tight facets, as in edge subdivision); otherwise the exact
combinatorial adjacency test of the double description method (Fukuda and
Prodon 1996): two points of Q are adjacent iff no third point is tight on
every facet tight at both.  Everything above runs on numpy arrays over all
vertices, edges and cells at once; only exact evaluations where the filter
fails and the construction of new vertices loop in Python.

Domains
-------
A box is the initial cell.  Any other polytope, and all of R^D
(``domain=None``), start from an artificial box ``[-M-1, M+1]^D``, where
``M = (sqrt(D) N)^D`` and ``N`` bounds every coefficient of every integer row
that can bound a region (the domain rows, and the cut rows of every unit
under every activation pattern, bounded layer by layer).  Every minimal face
of the partition is a flat ``{A_I x = b_I}`` of such rows, and it contains the
solution of a nonsingular square subsystem with the other coordinates 0,
whose entries are at most ``M`` by Cramer's rule and Hadamard's inequality.
So every face of the true partition meets the open box: the regions, their
facets and their shared (D-1)-faces are exactly those found inside the box
(rows of the artificial box dropped), and a region is unbounded iff the box
is one of its facets.  The domain rows then clip the box.
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass, field
from fractions import Fraction
from operator import sub
from typing import Sequence

import numpy as np

from exactpd.enumeration.complex_matmul import exact_matmul
from exactpd.enumeration.complex_filter import crossing, exact_value, filter_device, float_row, float_vertex, signs_float_filter
from exactpd.errors import CertificationError, InvalidDomainError, InvalidOptionError
from exactpd.kernel.polytope import HPolytope
from exactpd.network.maso import IntegerLayer, integer_layer, maso_layers

__all__ = ["ENGINES", "ComplexRun", "artificial_box_bound", "build_complex", "choose_engine", "enumerate_complex"]

ENGINES = ("auto", "complex", "lp")
"""The values of ``enumerate_regions(..., engine=)``."""

_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


# --------------------------------------------------------------------------- the working complex


@dataclass
class _Cells:
    """The mutable complex during the cutting (internal)."""

    dim: int
    words: int
    X: list  # exact homogeneous vertices
    xf: np.ndarray  # (V, D) float copies
    zero: np.ndarray  # (V, W) uint64: hyperplane ids through each vertex
    edges: np.ndarray  # (E, 2) int64
    ptr: np.ndarray  # (C + 1,) cell -> range in verts
    verts: np.ndarray  # (I,) vertex ids, ascending within each cell
    facets: np.ndarray  # (C, W) uint64
    parent: np.ndarray  # (C,) the region of the previous layer containing the cell
    home: np.ndarray = field(default=None)  # (V,) a parent containing each vertex
    radius: np.ndarray = field(default=None)  # (V,) a bound on |xf - X| per coordinate beyond rounding (0: xf correctly rounded)

    @property
    def n_cells(self) -> int:
        return len(self.ptr) - 1


def hyperplane_bit(hid: int) -> tuple[int, np.uint64]:
    return hid // 64, np.uint64(1 << (hid % 64))


def _box_cells(lows: Sequence[Fraction], highs: Sequence[Fraction], ids: Sequence[int], words: int) -> _Cells:
    """The box as one cell; ``ids[2k]`` is the id of ``x_k <= highs[k]``, ``ids[2k+1]`` of ``x_k >= lows[k]``."""
    dim = len(lows)
    den = math.lcm(*(q.denominator for q in list(lows) + list(highs)))
    X, zero = [], np.zeros((1 << dim, words), dtype=np.uint64)
    for v in range(1 << dim):
        coords = []
        for k in range(dim):
            top = (v >> k) & 1
            q = highs[k] if top else lows[k]
            coords.append(int(q * den))
            word, mask = hyperplane_bit(ids[2 * k] if top else ids[2 * k + 1])
            zero[v, word] |= mask
        g = math.gcd(den, *coords)
        X.append(tuple(c // g for c in coords) + (den // g,))
    edges = np.array([(v, v | (1 << k)) for v in range(1 << dim) for k in range(dim) if not (v >> k) & 1], dtype=np.int64)
    facets = np.zeros((1, words), dtype=np.uint64)
    for hid in ids:
        word, mask = hyperplane_bit(hid)
        facets[0, word] |= mask
    return _Cells(
        dim, words, Vertices(X), np.array([float_vertex(x) for x in X]), zero, edges.reshape(-1, 2),
        np.array([0, 1 << dim], dtype=np.int64), np.arange(1 << dim, dtype=np.int64), facets,
        np.zeros(1, dtype=np.int64), np.zeros(1 << dim, dtype=np.int64), np.zeros(1 << dim),
    )


def _home(cx: _Cells) -> np.ndarray:
    """For every vertex, the parent region of one cell containing it."""
    home = np.zeros(len(cx.X), dtype=np.int64)
    home[cx.verts] = cx.parent[np.repeat(np.arange(cx.n_cells), np.diff(cx.ptr))]
    return home


def _python_bits(row: np.ndarray) -> int:
    return int.from_bytes(row.tobytes(), "little")


def _vertex_signs(cx: _Cells, rows_float: np.ndarray, rows_exact: Sequence, errors: np.ndarray | None, device=None) -> tuple[np.ndarray, int]:
    """The exact sign of the cut function at every vertex (filter first, on ``device``); and how many needed integers."""
    signs, proved = signs_float_filter(
        rows_float[cx.home], cx.xf, None if errors is None else errors[cx.home], device=device, radius=cx.radius
    )
    unsure = np.flatnonzero(~proved)
    for i in unsure.tolist():
        e = exact_value(rows_exact[cx.home[i]], cx.X[i])
        signs[i] = (e > 0) - (e < 0)
    return signs, len(unsure)


@dataclass(frozen=True)
class _Mixed:
    """The incidences of the cells a cut splits (internal): ``cells`` ascending; per incidence its vertex,
    the cut's sign there, its vertex's zero set and the index in ``cells`` of its cell; ``starts`` per cell."""

    cells: np.ndarray
    positions: np.ndarray
    verts: np.ndarray
    signs: np.ndarray
    zero: np.ndarray
    owner: np.ndarray
    starts: np.ndarray
    facets: np.ndarray  # (M, W) the cells' facets before the cut


def _ranges(ptr: np.ndarray, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The positions in ``verts`` of the incidences of ``cells``, concatenated; each one's index in ``cells``; each cell's start."""
    lengths = ptr[cells + 1] - ptr[cells]
    starts = np.cumsum(lengths) - lengths
    positions = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(ptr[cells] - starts, lengths)
    return positions, np.repeat(np.arange(len(cells), dtype=np.int64), lengths), starts


def _rank_in_runs(values: np.ndarray) -> np.ndarray:
    """For a sorted array, each entry's position within its run of equal values."""
    index = np.arange(len(values), dtype=np.int64)
    first = np.ones(len(values), dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return index - np.maximum.accumulate(np.where(first, index, 0))


def _mixed_cells(cx: _Cells, si: np.ndarray, mixed: np.ndarray) -> _Mixed:
    cells = np.flatnonzero(mixed)
    positions, owner, starts = _ranges(cx.ptr, cells)
    verts = cx.verts[positions]
    return _Mixed(cells, positions, verts, si[positions], cx.zero[verts], owner, starts, cx.facets[cells])


def _cells_of_edges(n_vertices: int, sub: _Mixed, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (m, j) with both ends ``a[j]``, ``b[j]`` vertices of the split cell ``sub.cells[m]`` (= the edge is the cell's)."""
    order = np.argsort(sub.verts, kind="stable")
    by_vertex = sub.verts[order]
    start = np.searchsorted(by_vertex, a)
    count = np.searchsorted(by_vertex, a, side="right") - start
    j = np.repeat(np.arange(len(a), dtype=np.int64), count)
    offsets = np.arange(len(j), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    cand = sub.owner[order][np.repeat(start, count) + offsets]
    keys = sub.owner * n_vertices + sub.verts  # ascending: cells in order, vertices ascending within a cell
    want = cand * n_vertices + b[j]
    pos = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
    hit = keys[pos] == want
    return cand[hit], j[hit]


def _popcount(bits: np.ndarray) -> np.ndarray:
    return np.bitwise_count(bits).sum(axis=1)


def _bit_positions(bits: np.ndarray, per_row: int) -> np.ndarray:
    unpacked = np.unpackbits(bits.view(np.uint8), axis=1, bitorder="little")
    return np.nonzero(unpacked)[1].reshape(-1, per_row)


def _cross_edges_2faces(cells: np.ndarray, points: np.ndarray, tight: np.ndarray, dim: int):
    """Edges of Q from the 2-faces of simple points (each point tight on exactly D - 1 facets).

    Returns (edges, bad_cells): the pairs found, and the cells where some
    2-face key did not come out exactly twice (to be redone exactly).
    """
    pos = _bit_positions(tight, dim - 1)
    others = np.array([[j for j in range(dim - 1) if j != q] for q in range(dim - 1)], dtype=np.int64).reshape(dim - 1, dim - 2)
    faces = pos[:, others].transpose(1, 0, 2).reshape(-1, dim - 2)  # per q, per point: its facets but the q-th
    keys = np.column_stack([np.tile(cells, dim - 1), faces])
    owners = np.tile(points, dim - 1)
    packed = _packed_keys(keys, tight.shape[1] * 64)
    order = np.argsort(packed) if packed is not None else np.lexsort(keys.T[::-1])
    keys, owners = keys[order], owners[order]
    new_group = np.ones(len(keys), dtype=bool)
    new_group[1:] = (keys[1:] != keys[:-1]).any(axis=1)
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, len(keys)))
    bad = np.unique(keys[starts[sizes != 2], 0])
    good = starts[sizes == 2]
    good = good[~np.isin(keys[good, 0], bad)]
    return np.column_stack([owners[good], owners[good + 1]]), bad


def _packed_keys(keys: np.ndarray, n_ids: int) -> np.ndarray | None:
    """Rows (cell, hyperplane id, ...) as one int64 each, in the same order as the rows (None if they do not fit in 63 bits)."""
    id_bits = max(1, (n_ids - 1).bit_length())
    if int(keys[:, 0].max(initial=0)).bit_length() + id_bits * (keys.shape[1] - 1) > 63:
        return None
    packed = keys[:, 0].astype(np.int64)
    for column in range(1, keys.shape[1]):
        packed = (packed << id_bits) | keys[:, column]
    return packed


def _unique_pairs(pairs: np.ndarray, n_vertices: int) -> np.ndarray:
    """The distinct unordered pairs of vertex ids, each as (low, high), sorted."""
    low, high = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    keys = np.unique(low * n_vertices + high)
    return np.column_stack([keys // n_vertices, keys % n_vertices])


def _cross_edges_exact(cell_points: dict, existing: np.ndarray, n_vertices_before: int) -> list:
    """Edges of Q by the combinatorial adjacency test, cell by cell (degenerate cells)."""
    found = []
    existing_keys = None
    for points in cell_points.values():
        for i in range(len(points)):
            p, tp = points[i]
            for j in range(i + 1, len(points)):
                q, tq = points[j]
                common = tp & tq
                if any((common & ~tr) == 0 for r, (_, tr) in enumerate(points) if r != i and r != j):
                    continue
                if p < n_vertices_before and q < n_vertices_before:
                    if existing_keys is None:
                        lo, hi = existing.min(axis=1), existing.max(axis=1)
                        existing_keys = set((lo * n_vertices_before + hi).tolist())
                    if min(p, q) * n_vertices_before + max(p, q) in existing_keys:
                        continue
                found.append((min(p, q), max(p, q)))
    return found


def _cut(cx: _Cells, hid: int, rows_float: np.ndarray, rows_exact: Sequence, clip: bool = False, errors: np.ndarray | None = None, device=None):
    """Cut every cell by the hyperplane ``hid`` of the cut function (rows per parent region).

    Returns the new complex, the sign of the function on each new cell
    (+1, -1, or 0 where it vanishes on the whole cell), the old cell each new
    cell comes from, and the number of vertex signs decided in integers.  With ``clip``, the parts where the
    function is negative are dropped (a domain row).  ``rows_exact[p]`` is the
    exact row on parent p (an array, or computed on demand: :class:`LazyForms`);
    ``errors`` bound ``|rows_float - rows_exact|`` when the float rows were computed.
    The arrays of ``cx`` are reused (its zero sets and facets are updated in place).
    Only the cells the cut splits are visited beyond one pass of signs over the incidences.
    """
    n_vertices, n_cells = len(cx.X), cx.n_cells
    s, n_exact = _vertex_signs(cx, rows_float, rows_exact, errors, device)
    si = s[cx.verts]
    mixed, cell_sign = _cell_signs(cx, si)
    _mark_zeros(cx, s, si, mixed, hid)
    if not mixed.any():
        origin = np.arange(n_cells, dtype=np.int64)
        if clip and (cell_sign < 0).any():
            cx = _keep_cells(cx, cell_sign >= 0)
            origin, cell_sign = origin[cell_sign >= 0], cell_sign[cell_sign >= 0]
        return cx, cell_sign, origin, n_exact

    sub = _mixed_cells(cx, si, mixed)
    split, a, b, pair_m, pair_edge, owner_parent = _split_edges(cx, s, sub)
    new_xf, new_radius = _crossing_vertices(cx, a, b, owner_parent, rows_exact)
    new_ids = n_vertices + np.arange(len(a), dtype=np.int64)
    word, mask = hyperplane_bit(hid)
    new_zero = cx.zero[a] & cx.zero[b]
    new_zero[:, word] |= mask

    # the edges inside the cut cells (read the facets before the children change them)
    cross = _cut_polygon_edges(cx, sub, new_zero, pair_m, pair_edge, new_ids, n_vertices)
    keep_edge = np.ones(len(cx.edges), dtype=bool)
    keep_edge[split] = False
    edges = np.concatenate([cx.edges[keep_edge], np.column_stack([a, new_ids]), np.column_stack([new_ids, b]), cross]).astype(np.int64)

    facets, parent, cell_sign = _children(cx, sub, word, mask, cell_sign)
    ptr, verts = _child_incidences(cx, sub, pair_m, new_ids[pair_edge])
    out = _Cells(
        cx.dim, cx.words, cx.X, np.vstack([cx.xf, new_xf]), np.vstack([cx.zero, new_zero]), edges, ptr, verts, facets, parent,
        np.concatenate([cx.home, owner_parent]), np.concatenate([cx.radius, new_radius]),
    )
    origin = np.concatenate([np.arange(n_cells), sub.cells]).astype(np.int64)
    if clip:
        out = _keep_cells(out, cell_sign >= 0)
        origin, cell_sign = origin[cell_sign >= 0], cell_sign[cell_sign >= 0]
    return out, cell_sign, origin, n_exact


def _cell_signs(cx: _Cells, si: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which cells the cut splits (vertices of both strict signs), and the sign of the cut on each (+1, -1, 0)."""
    starts = cx.ptr[:-1]
    hi = np.maximum.reduceat(si, starts)
    lo = np.minimum.reduceat(si, starts)
    mixed = (hi > 0) & (lo < 0)
    return mixed, np.where(hi > 0, 1, np.where(lo < 0, -1, 0)).astype(np.int8)


def _mark_zeros(cx: _Cells, s: np.ndarray, si: np.ndarray, mixed: np.ndarray, hid: int) -> None:
    """In place: the hyperplane ``hid`` joins the zero set of the vertices on it, and the facets of unsplit cells that its zero vertices fill."""
    word, mask = hyperplane_bit(hid)
    at_zero = np.flatnonzero(si == 0)
    if len(at_zero):
        cells = np.unique(np.searchsorted(cx.ptr, at_zero, side="right") - 1)
        cells = cells[~mixed[cells]]
        positions, _, starts = _ranges(cx.ptr, cells)
        zero = cx.zero[cx.verts[positions]]
        nonzero = (si[positions] != 0)[:, None]
        if len(cells):
            common = np.bitwise_and.reduceat(np.where(nonzero, _ALL, zero), starts)
            touched = np.bitwise_or.reduceat(np.where(nonzero, zero, np.uint64(0)), starts)
            filled = (common & ~touched & cx.facets[cells]).any(axis=1)
            cx.facets[cells[filled], word] |= mask
    cx.zero[s == 0, word] |= mask


def _split_edges(cx: _Cells, s: np.ndarray, sub: _Mixed) -> tuple:
    """The edges whose ends have strictly opposite signs, their ends, the (split cell, edge) pairs that hold them, and the parent region of each."""
    ea, eb = cx.edges[:, 0], cx.edges[:, 1]
    split = np.flatnonzero(s[ea].astype(np.int16) * s[eb] < 0)
    a, b = ea[split], eb[split]
    pair_m, pair_edge = _cells_of_edges(len(cx.X), sub, a, b)
    first = np.flatnonzero(_rank_in_runs(pair_edge) == 0)  # pair_edge is ascending
    if len(first) != len(split):
        raise CertificationError("complex engine: an edge of the complex lies in no cell")
    return split, a, b, pair_m, pair_edge, cx.parent[sub.cells[pair_m[first]]]


def _child_incidences(cx: _Cells, sub: _Mixed, pair_m: np.ndarray, pair_new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The CSR incidences (``ptr``, ``verts``) after the cut, vertices ascending within each cell, without sorting the incidences.

    An unsplit cell keeps its block; a split cell keeps its + and zero vertices
    then its new ones, its - side (appended) its - and zero vertices then the new ones.
    """
    n_cells, n_mixed = cx.n_cells, len(sub.cells)
    counts = np.diff(cx.ptr)
    plus, minus = sub.signs >= 0, sub.signs <= 0
    n_plus = np.add.reduceat(plus.astype(np.int64), sub.starts)
    n_minus = np.add.reduceat(minus.astype(np.int64), sub.starts)
    n_new = np.bincount(pair_m, minlength=n_mixed)
    new_counts = np.concatenate([counts, n_minus + n_new])
    new_counts[sub.cells] = n_plus + n_new
    ptr = np.zeros(n_cells + n_mixed + 1, dtype=np.int64)
    np.cumsum(new_counts, out=ptr[1:])
    verts = np.empty(int(ptr[-1]), dtype=np.int64)
    unchanged = np.ones(len(cx.verts), dtype=bool)
    unchanged[sub.positions] = False
    kept = np.flatnonzero(unchanged)
    verts[kept + np.repeat(ptr[:n_cells] - cx.ptr[:-1], counts)[kept]] = cx.verts[kept]
    for side, base in ((plus, ptr[sub.cells]), (minus, ptr[n_cells : n_cells + n_mixed])):
        ranks = np.cumsum(side) - 1
        ranks -= (ranks + 1 - side)[sub.starts][sub.owner]
        verts[base[sub.owner[side]] + ranks[side]] = sub.verts[side]
    order = np.argsort(pair_m, kind="stable")  # the new ids of a cell stay ascending
    m, new = pair_m[order], pair_new[order]
    rank = _rank_in_runs(m)
    verts[ptr[sub.cells[m]] + n_plus[m] + rank] = new
    verts[ptr[n_cells + m] + n_minus[m] + rank] = new
    return ptr, verts


def _crossing_vertices(cx: _Cells, a: np.ndarray, b: np.ndarray, owner_parent: np.ndarray, rows_exact: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """Append to ``cx.X`` the vertex where each split edge ``(a[i], b[i])`` crosses the zero set of its parent's exact row; their floats and radii.

    The new vertex ``(f_b a - f_a b) / (f_b - f_a)`` is made on first access
    (:class:`Vertices`; about half of them never are: they never end a split
    edge).  Its ends are made exact now (their floats then correctly rounded),
    the exact values ``f_a``, ``f_b`` are kept, and its float is
    ``a + t (b - a)`` with ``t = f(a) / (f(a) - f(b))`` within ``8.1 u t``
    (:func:`_crossing_parameters`), so within ``13 u (|a| + |b| + |x|)`` of the
    exact point in every coordinate (``u = 2^-53``; ``0 < t < 1``: the roundings
    of a and b, the error of t, the difference, the product and the sum, about
    ``(1 + 8.1 + 2 + 1) u``), the ``radius`` the filter adds to its bound.
    """
    if isinstance(rows_exact, LazyCut):
        rows_exact.fill(owner_parent)
    X = cx.X
    ends = np.unique(np.concatenate([a, b]))
    pending = ends[cx.radius[ends] > 0].tolist()
    if pending:  # made exact: their floats become correctly rounded
        cx.xf[pending] = [float_vertex(X[i]) for i in pending]
        cx.radius[pending] = 0.0
    fa, fb, da, db = _end_values(X, a, b, owner_parent, rows_exact)
    X.add_crossings(a.tolist(), b.tolist(), fa.tolist(), fb.tolist())
    t = _crossing_parameters(fa, fb, da, db)
    xa, xb = cx.xf[a], cx.xf[b]
    with np.errstate(all="ignore"):  # an infinite coordinate gives an infinite radius: its signs are then decided exactly
        xf = xa + t[:, None] * (xb - xa)
        radius = 13 * 2.0**-53 * (np.abs(xa) + np.abs(xb) + np.abs(xf)).max(axis=1, initial=0.0) + 2.0**-1000
    radius[~np.isfinite(radius)] = np.inf
    return xf.reshape(len(a), cx.dim), radius


def _end_values(X, a: np.ndarray, b: np.ndarray, parents: np.ndarray, rows_exact: Sequence) -> tuple:
    """The exact values ``g . X + c den`` at both ends of each split edge, on its parent's row; and the ends' denominators.

    A vertex ends several split edges of one parent: each (vertex, parent) value is computed once.
    """
    n = len(a)
    ends, owners = np.concatenate([a, b]), np.concatenate([parents, parents])
    key = ends * (int(owners.max(initial=0)) + 1) + owners
    distinct, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    values = np.empty(len(distinct), dtype=object)
    dens = np.empty(len(distinct), dtype=object)
    for i, (j, p) in enumerate(zip(ends[first].tolist(), owners[first].tolist())):
        x = X[j]
        values[i], dens[i] = exact_value(rows_exact[p], x), x[-1]
    f, d = values[inverse.reshape(-1)], dens[inverse.reshape(-1)]
    return f[:n], f[n:], d[:n], d[n:]


def _crossing_parameters(fa: np.ndarray, fb: np.ndarray, da: np.ndarray, db: np.ndarray) -> np.ndarray:
    """``t = f(a) / (f(a) - f(b))`` for each split edge as a float within ``8.1 u t`` (``f(v) = value / den_v``).

    From the floats of ``w_a = f_a den_b`` and ``w_b = f_b den_a`` (each within
    3u: two roundings and a product), of strictly opposite signs, so their
    difference has no cancellation (4u) and the quotient is within 8u; where a
    float overflows, the exact quotient (correctly rounded).
    """
    try:
        with np.errstate(all="raise"):
            wa, wb = fa.astype(float) * db.astype(float), fb.astype(float) * da.astype(float)
            return wa / (wa - wb)
    except (OverflowError, FloatingPointError):
        exact = [va * vdb / (va * vdb - vb * vda) for va, vb, vda, vdb in zip(fa.tolist(), fb.tolist(), da.tolist(), db.tolist())]
        return np.array(exact, dtype=float)


class Vertices:
    """The exact vertices of the complex, ``X[i]`` a homogeneous integer tuple; a crossing vertex is made on first access.

    ``len``, indexing and iteration as a list of tuples.  A vertex added by
    :meth:`add_crossings` keeps its recipe ``(a, b, f_a, f_b)`` (two exact
    vertices and the exact values of the cut function there) until it is read.
    """

    def __init__(self, exact: list) -> None:
        self._exact = exact
        self._recipes: dict = {}

    def __len__(self) -> int:
        return len(self._exact)

    def __getitem__(self, i) -> tuple:
        x = self._exact[i]
        if x is None:
            a, b, fa, fb = self._recipes.pop(i)
            x = self._exact[i] = crossing(self[a], self[b], fa, 1, fb, 1)
        return x

    def __iter__(self):
        return (self[i] for i in range(len(self._exact)))

    def add_crossings(self, a: list, b: list, fa: list, fb: list) -> None:
        start = len(self._exact)
        self._exact.extend([None] * len(a))
        self._recipes.update(zip(range(start, start + len(a)), zip(a, b, fa, fb)))


def _children(cx: _Cells, sub: _Mixed, word: int, mask, cell_sign) -> tuple:
    """The facets, parents and signs of the cells after a cut: a split cell keeps its id for its + side, its - side is appended.

    A facet survives in a child iff one of its vertices is strictly on the child's side; the cut's id is a facet of both.
    """
    pos_or = np.bitwise_or.reduceat(np.where((sub.signs > 0)[:, None], sub.zero, np.uint64(0)), sub.starts)
    neg_or = np.bitwise_or.reduceat(np.where((sub.signs < 0)[:, None], sub.zero, np.uint64(0)), sub.starts)
    facets_minus = sub.facets & neg_or
    facets_minus[:, word] |= mask
    cx.facets[sub.cells] = sub.facets & pos_or
    cx.facets[sub.cells, word] |= mask
    facets = np.vstack([cx.facets, facets_minus])
    parent = np.concatenate([cx.parent, cx.parent[sub.cells]])
    cell_sign = np.concatenate([cell_sign, -np.ones(len(sub.cells), dtype=np.int8)])
    return facets, parent, cell_sign


def _cut_polygon_edges(cx: _Cells, sub: _Mixed, new_zero, pair_m, pair_edge, new_ids, n_vertices: int) -> np.ndarray:
    """The new edges inside the cut cells: the edges of the cut polygon Q in each split cell (its points: the cell's zero vertices and new vertices)."""
    dim, n_mixed = cx.dim, len(sub.cells)
    parts: list = []
    at_zero = sub.signs == 0
    q_cells = np.concatenate([sub.owner[at_zero], pair_m])
    q_points = np.concatenate([sub.verts[at_zero], new_ids[pair_edge]])
    if dim == 2:
        order = np.argsort(q_cells, kind="stable")
        if len(order) != 2 * n_mixed:
            raise CertificationError("complex engine: a cut polygon does not meet the line in two points")
        parts.append(q_points[order].reshape(-1, 2))
    elif dim >= 3:
        q_tight = np.concatenate([sub.zero[at_zero], new_zero[pair_edge]]) & sub.facets[q_cells]
        slow = np.zeros(n_mixed, dtype=bool)
        slow[sub.owner[at_zero]] = True
        simple = _popcount(q_tight) == dim - 1
        slow[q_cells[~simple]] = True
        fast = ~slow[q_cells]
        found, bad = _cross_edges_2faces(q_cells[fast], q_points[fast], q_tight[fast], dim)
        parts.append(found)
        slow[bad] = True
        if slow.any():
            cell_points: dict = {}
            for c, p, t in zip(q_cells.tolist(), q_points.tolist(), q_tight):
                if slow[c]:
                    cell_points.setdefault(c, []).append((p, _python_bits(t)))
            exact = _cross_edges_exact(cell_points, cx.edges, n_vertices)
            parts.append(np.array(exact, dtype=np.int64).reshape(-1, 2))
    cross = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
    if dim >= 3 and len(cross):
        cross = _unique_pairs(cross.astype(np.int64), n_vertices + len(new_ids))
    return cross


def _keep_cells(cx: _Cells, keep: np.ndarray) -> _Cells:
    """The complex of the kept cells only, vertices and edges of no kept cell removed."""
    counts = np.diff(cx.ptr)
    inc_keep = np.repeat(keep, counts)
    verts = cx.verts[inc_keep]
    alive = np.zeros(len(cx.X), dtype=bool)
    alive[verts] = True
    renumber = np.cumsum(alive) - 1
    edges = cx.edges[alive[cx.edges[:, 0]] & alive[cx.edges[:, 1]]]
    ptr = np.concatenate([[0], np.cumsum(counts[keep])]).astype(np.int64)
    X = Vertices([x for x, ok in zip(cx.X, alive.tolist()) if ok])  # every vertex made exact (the domain's clipping, before any unit)
    return _Cells(
        cx.dim, cx.words, X, cx.xf[alive], cx.zero[alive], renumber[edges], ptr, renumber[verts],
        cx.facets[keep], cx.parent[keep], cx.home[alive], cx.radius[alive],
    )


# --------------------------------------------------------------------------- the network's cut functions


def choose_engine(net, engine: str, *, checkpoint: bool = False) -> str:
    """The engine that runs for ``enumerate_regions(net, ..., engine=engine)``: "lp" or "complex".

    ``"auto"`` picks the complex engine (tens to thousands of times faster:
    docs/complex-engine.md) unless a checkpoint journal is asked for; then the LP engine.

    Parameters
    ----------
    net : Network
        The network.
    engine : {"auto", "complex", "lp"}
        The engine asked for.
    checkpoint : bool, default False
        Whether a checkpoint journal is asked for (only the LP engine keeps one).

    Returns
    -------
    str
        ``"lp"`` or ``"complex"``.

    Raises
    ------
    InvalidOptionError
        ``engine`` is not one of :data:`ENGINES`, or ``engine="complex"`` with a checkpoint.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> choose_engine(Network(1, [Dense([[1]], [0], "relu")]), "auto")
    'complex'
    """
    if engine not in ENGINES:
        raise InvalidOptionError(f"engine must be one of {', '.join(map(repr, ENGINES))}, not {engine!r}")
    if engine == "complex" and checkpoint:
        raise InvalidOptionError("engine='complex' keeps no checkpoint journal; use engine='lp' to resume runs")
    if engine == "auto":
        return "lp" if checkpoint else "complex"
    return engine


def _layer_arrays(layer: IntegerLayer) -> tuple[np.ndarray, np.ndarray]:
    """The layer's piece slopes (R, n_units, n_in) and offsets (R, n_units) as integer object arrays.

    R is the largest number of pieces of a unit; a unit with fewer pieces repeats
    its last one (the repeats are never compared: see :func:`_unit_pairs`).
    """
    n_pieces = max(len(unit) for unit in layer.slopes)
    slopes = [[unit[min(r, len(unit) - 1)] for unit in layer.slopes] for r in range(n_pieces)]
    offsets = [[unit[min(r, len(unit) - 1)] for unit in layer.offsets] for r in range(n_pieces)]
    return np.array(slopes, dtype=object), np.array(offsets, dtype=object)


def _unit_pairs(n_pieces: int) -> list[tuple[int, int]]:
    """The cut functions ``E_r - E_s`` of a unit: (1, 0) for two pieces, every r < s for more, none for one."""
    if n_pieces == 2:
        return [(1, 0)]
    return [(r, s) for r in range(n_pieces) for s in range(r + 1, n_pieces)]


def _winners(pair_signs: np.ndarray, pairs: list[tuple[int, int]], n_pieces: int) -> np.ndarray:
    """The code of each cell for one unit: the lowest piece r with ``E_r >= E_s`` for every s (ties to the lowest)."""
    if n_pieces == 1:
        return np.zeros(len(pair_signs), dtype=np.int8)
    if n_pieces == 2:
        return (pair_signs[:, 0] > 0).astype(np.int8)
    column = {pair: j for j, pair in enumerate(pairs)}
    winner = np.full(len(pair_signs), -1, dtype=np.int8)
    for r in range(n_pieces - 1, -1, -1):
        ok = np.ones(len(pair_signs), dtype=bool)
        for t in range(n_pieces):
            if t != r:
                ok &= (pair_signs[:, column[(r, t)]] >= 0) if r < t else (pair_signs[:, column[(t, r)]] <= 0)
        winner[ok] = r
    if (winner < 0).any():
        raise CertificationError("complex engine: a cell where no piece of a unit is largest")
    return winner


def _piece_forms(slopes: np.ndarray, offsets: np.ndarray, maps: np.ndarray, dens: np.ndarray) -> np.ndarray:
    """Every piece of every unit on every parent region as an integer affine row of the input.

    ``maps[p]`` is ``[G | h]`` (object, n_in x (D + 1)) of the map ``x -> (G x + h) / dens[p]``
    into the layer on parent region p; returns ``forms[p, r, k] = A_kr [G | h] + B_kr * dens[p] e_D``
    (the piece ``E_kr`` times ``layer.den * dens[p]``), one exact product for all parents
    (:func:`~exactpd.enumeration.complex_matmul.exact_matmul`).
    """
    n_pieces, n_units = offsets.shape
    n_parents, n_in, width = maps.shape
    forms = np.zeros((n_parents, n_pieces, n_units, width), dtype=object)
    columns = maps.transpose(1, 0, 2).reshape(n_in, n_parents * width)  # every parent's map side by side
    for r in range(n_pieces):
        if slopes[r].any():  # a piece that is zero for every unit (relu's) stays zero: no products
            forms[:, r] = exact_matmul(slopes[r], columns).reshape(n_units, n_parents, width).transpose(1, 0, 2)
        if offsets[r].any():
            forms[:, r, :, -1] += offsets[None, r, :] * dens[:, None]
    return forms


def _child_maps(forms: np.ndarray, parent: np.ndarray, digits: np.ndarray, dens: np.ndarray, layer_den: int, floats: bool = False):
    """The maps ``[G | h]`` and denominators into the next layer on every cell; with ``floats``, also the maps' correctly rounded floats, transposed (cells, D + 1, n) (or None on overflow).

    Not reduced by their gcd: on float-born weights the common factor of a map
    is a few bits (a power of two) and the reduction cost a gcd and a division
    per entry; rows and vertices are made primitive where they are used.  The
    floats are read from the forms' floats (one conversion per parent, not per cell).
    """
    index = (parent[:, None], digits.astype(np.int64), np.arange(digits.shape[1])[None, :])
    if not floats:
        return forms[index], dens[parent] * layer_den, None
    try:  # maps_float[c, d, j] = float of entry (j, d) of cell c's map: gathered straight into the (cells, D + 1, n) layout
        floats_t = np.ascontiguousarray(forms.astype(float).transpose(0, 1, 3, 2))  # (parents, pieces, D + 1, units)
        width, n_units = forms.shape[3], digits.shape[1]
        maps_float = floats_t[parent[:, None, None], digits.astype(np.int64)[:, None, :], np.arange(width)[None, :, None], np.arange(n_units)[None, None, :]]
    except OverflowError:
        maps_float = None
    return GatheredMaps(forms, parent, digits), dens[parent] * layer_den, maps_float


class GatheredMaps:
    """The maps into the last layer, read from the previous layer's forms on access: ``maps[p]`` (``(n, D + 1)``) or ``maps[list]``.

    The last layer needs a map only where an exact row is asked for, so the
    object array of every cell's map (a pointer per entry) is never built.
    """

    def __init__(self, forms: np.ndarray, parent: np.ndarray, digits: np.ndarray) -> None:
        self.forms, self.parent, self.digits = forms, parent, digits.astype(np.int64)
        self.units = np.arange(digits.shape[1])
        self.shape = (len(parent), digits.shape[1], forms.shape[3])

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, cells):
        cells = np.asarray(cells)
        return self.forms[self.parent[cells][..., None], self.digits[cells], self.units]

    def astype(self, dtype):
        return self[np.arange(len(self))].astype(dtype)


def _float_rows(rows: np.ndarray) -> np.ndarray:
    """Float copies of integer object rows (n, D + 1), each scaled by a power of two if it would overflow."""
    try:
        return rows.astype(float)
    except OverflowError:
        return np.array([float_row(row) for row in rows.tolist()])


class LazyForms:
    """The last layer's pieces on every parent: float rows with error bounds at once, exact rows on demand.

    After the last layer no map is propagated, so an exact row ``A_kr [G | h] + B_kr den``
    is needed only where the complex asks for it (a new vertex, a sign the filter
    cannot prove, a facet's row); it is computed then and kept.  The float rows of a
    cut are one float matrix-vector product over all parents (numpy, or torch on
    ``device``), with the bound ``(n + 4) u (|a|_1 max_j |M_j| + |b den|)`` on their
    error (``a``, ``b``: the cut's slope and offset; n products per entry, summed in
    any order, with or without fused multiply-adds).
    """

    def __init__(self, slopes: np.ndarray, offsets: np.ndarray, maps: np.ndarray, dens: np.ndarray, device=None, maps_float=None) -> None:
        self.slopes, self.offsets, self.maps, self.dens = slopes, offsets, maps, dens
        n_parents, n_in, width = maps.shape
        if maps_float is None:  # else given as (parents, D + 1, n): correctly rounded, either way
            maps_float = maps.astype(float).transpose(0, 2, 1)
        columns = np.ascontiguousarray(maps_float).reshape(n_parents * width, n_in)  # row p (D + 1) + d: column d of map p
        self._peaks = np.abs(columns).max(axis=1, initial=0.0)  # max_j |M_pjd|
        self._columns = columns if device is None else _on_device(columns, device)
        self.device = device
        self.dens_float = dens.astype(float)
        self._rows: dict = {}

    def row(self, p: int, r: int, k: int) -> tuple:
        key = (p, r, k)
        if key not in self._rows:
            values = np.dot(self.slopes[r, k], self.maps[p]) if self.slopes[r, k].any() else np.zeros(self.maps.shape[2], dtype=object)
            values = [int(v) for v in values]
            values[-1] += int(self.offsets[r, k]) * int(self.dens[p])
            self._rows[key] = tuple(values)
        return self._rows[key]

    def cut_float(self, r: int, t: int, k: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Float rows of ``E_r - E_t`` of unit k on every parent, and bounds on their errors.

        If a weight is too large for a float, the exact rows of every parent,
        rounded once and scaled (:func:`_float_rows`; no error rows needed).
        """
        try:
            slope = (self.slopes[r, k] - self.slopes[t, k]).astype(float)
            offset = float(self.offsets[r, k] - self.offsets[t, k])
        except OverflowError:
            cut = LazyCut(self, r, t, k)
            return _float_rows(np.array([cut[p] for p in range(len(self.maps))], dtype=object)), None
        n_parents, width = len(self.maps), self.maps.shape[2]
        with np.errstate(all="ignore"):  # an overflow gives an infinite bound: the sign is then decided exactly
            if self.device is None:
                rows = self._columns @ slope
            else:
                rows = (self._columns @ _on_device(slope, self.device)).cpu().numpy()
            rows = rows.reshape(n_parents, width)
            rows[:, -1] += offset * self.dens_float
            size = (float(np.abs(slope).sum()) * self._peaks).reshape(n_parents, width)
            size[:, -1] += abs(offset) * self.dens_float
            errors = (len(slope) + 4) * 2.0**-53 * 1.01 * size + 2.0**-1000
        return rows, errors


def _on_device(values: np.ndarray, device):
    """A float64 torch copy of ``values`` on ``device``."""
    import torch

    return torch.as_tensor(values, dtype=torch.float64).to(device)


class LazyCut:
    """``rows[p]``: the exact row of ``E_r - E_t`` of unit k on parent p, from :class:`LazyForms`."""

    def __init__(self, forms: LazyForms, r: int, t: int, k: int) -> None:
        self.forms, self.r, self.t, self.k = forms, r, t, k
        self._rows: dict = {}  # parent -> its row (the new vertices of one parent share it)

    def __getitem__(self, p) -> tuple:
        p = int(p)
        row = self._rows.get(p)
        if row is None:
            row = self._rows[p] = tuple(map(sub, self.forms.row(p, self.r, self.k), self.forms.row(p, self.t, self.k)))
        return row

    def fill(self, parents: np.ndarray) -> None:
        """Compute the rows of all ``parents`` not known yet at once (one object product over them)."""
        todo = [p for p in np.unique(parents).tolist() if p not in self._rows]
        if not todo:
            return
        forms, r, t, k = self.forms, self.r, self.t, self.k
        values = np.matmul(forms.slopes[r, k] - forms.slopes[t, k], forms.maps[todo])  # (len(todo), D + 1)
        values[:, -1] += int(forms.offsets[r, k] - forms.offsets[t, k]) * forms.dens[todo]
        self._rows.update(zip(todo, map(tuple, values.tolist())))


def _last_forms(slopes: np.ndarray, offsets: np.ndarray, maps: np.ndarray, dens: np.ndarray, device=None, maps_float=None) -> LazyForms | None:
    """:class:`LazyForms` for the last layer, or None when a map entry is too large for a float."""
    try:
        return LazyForms(slopes, offsets, maps, dens, device, maps_float)
    except OverflowError:
        return None


def piece_row(forms, p: int, r: int, k: int) -> list[int]:
    """Piece r of unit k on parent p as Python ints, from an exact form array or :class:`LazyForms`."""
    if isinstance(forms, LazyForms):
        return list(forms.row(p, r, k))
    return [int(v) for v in forms[p, r, k]]


def _coefficient_bound(layers: Sequence[IntegerLayer]) -> int:
    """An integer bound on every entry of every integer cut row, over all activation patterns."""
    bound, entries = 1, 1  # entries: bound on |G|, |h| and den of the map into the layer
    for layer in layers:
        for rows, offs in zip(layer.slopes, layer.offsets):
            for r in range(len(rows)):
                for s in range(r):
                    diff = sum(abs(p - q) for p, q in zip(rows[r], rows[s])) + abs(offs[r] - offs[s])
                    bound = max(bound, diff * entries)
        widest = max(sum(abs(v) for v in a) + abs(c) for rows, offs in zip(layer.slopes, layer.offsets) for a, c in zip(rows, offs))
        entries = max(widest, layer.den) * entries
    return bound


def artificial_box_bound(layers: Sequence[IntegerLayer], dom: HPolytope) -> int:
    """An integer ``M`` such that the open box ``(-M, M)^D`` meets every minimal face of the partition of ``layers`` in ``dom``.

    Parameters
    ----------
    layers : sequence of IntegerLayer
        The network's nonlinear layers over common denominators
        (:func:`~exactpd.network.maso.integer_layer` of
        :func:`~exactpd.network.maso.maso_layers`).
    dom : HPolytope
        The domain (no rows for all of R^D).

    Returns
    -------
    int
        ``M = floor((sqrt(D) N)^D) + 2``, where ``N`` bounds every entry of the
        domain rows and of every unit's integer cut row under every
        activation pattern.

    Notes
    -----
    Every minimal face of the partition (of any refinement of it by such
    rows) is a flat ``{A_I x = b_I}`` of integer rows with entries at most
    ``N``.  Take r independent rows of I and r columns with a nonsingular
    minor, set the other coordinates to 0 and solve: by Cramer's rule each
    coordinate is a ratio of two integer determinants, the denominator at
    least 1 in absolute value, the numerator at most ``(sqrt(r) N)^r`` by
    Hadamard's inequality.  So the face holds a point with every coordinate
    below ``M - 1`` in absolute value.  The topology over R^D
    (:mod:`exactpd.topology.whole_space`) uses the same bound.

    Examples
    --------
    >>> from exactpd import Dense, Network
    >>> from exactpd.kernel.polytope import whole_space
    >>> from exactpd.network.maso import integer_layer, maso_layers
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, -3], "relu"), Dense([[1, 1]], [-1])])
    >>> artificial_box_bound([integer_layer(layer) for layer in maso_layers(net)], whole_space(2))  # N = 4: (sqrt(2) 4)^2 + 2
    34
    """
    dim = dom.dim
    n_bound = max([_coefficient_bound(layers)] + [abs(v) for row in dom.A for v in row] + [abs(v) for v in dom.b])
    return math.isqrt(dim**dim * n_bound ** (2 * dim)) + 2


def _axis_box(dom: HPolytope):
    """(lows, highs) when the domain's rows are exactly the 2D faces of a box (row order any), else None."""
    dim = dom.dim
    if dom.n_rows != 2 * dim:
        return None
    lows, highs, ids = [None] * dim, [None] * dim, [None] * (2 * dim)
    for i, (row, rhs) in enumerate(zip(dom.A, dom.b)):
        nz = [k for k, v in enumerate(row) if v]
        if len(nz) != 1 or abs(row[nz[0]]) != 1:
            return None
        k = nz[0]
        if row[k] == 1 and highs[k] is None:
            highs[k], ids[2 * k] = Fraction(rhs), i
        elif row[k] == -1 and lows[k] is None:
            lows[k], ids[2 * k + 1] = Fraction(-rhs), i
        else:
            return None
    if any(lo >= hi for lo, hi in zip(lows, highs)):
        return None
    return lows, highs, ids


# --------------------------------------------------------------------------- the run


@dataclass
class ComplexRun:
    """The finished complex of one network and domain, with what is needed to read regions from it.

    Attributes
    ----------
    cells : _Cells
        The final complex (one cell per region, in no particular order).
    codes : list of Code
        The code of each cell.
    ancestors : list of ndarray
        ``ancestors[l][c]``: the index of the layer-l region containing cell c.
    forms : list of ndarray
        ``forms[l][p, r, k]``: piece r of unit k of layer l on region p of
        layer l - 1, an integer affine row ``(g, c)`` of the input (object
        array; all pieces of a layer on one region share a positive scale).
    n_artificial : int
        The hyperplane ids below this are the artificial box (domain=None or
        a non-box domain); ``n_domain`` ids follow for the domain rows, then
        ``unit_ids[l][k]``, the ids of unit k's cut functions ``E_r - E_s``
        (``pieces_of[id] = (l, k, r, s)``; one cut, (1, 0), for a 2-piece unit).
    exact_signs : int
        Vertex signs the float filter could not prove (decided in integers).
    cuts : int
        The cuts made (domain rows and comparisons ``E_r - E_s``).
    digits : ndarray of int8, optional
        Every cell's code as one row over all units (layers one after the
        other): ``digits[c]`` is ``codes[c]`` flattened.
    cut_rows : list, optional
        ``cut_rows[l][k]``: the exact rows ``E_1 - E_0`` of 2-piece unit k of
        layer l on every parent region, as the cut used them (an object array
        indexed by parent, or for the last layer a
        :class:`LazyCut` holding the rows it made); None for a unit of more pieces.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> run = build_complex(net, box([-2, -2], [2, 2]))
    >>> sorted(run.codes), run.exact_signs
    ([((0, 0),), ((0, 1),), ((1, 0),), ((1, 1),)], 0)
    """

    cells: _Cells
    codes: list
    ancestors: list
    forms: list
    n_artificial: int
    n_domain: int
    unit_ids: list
    labels: list
    pieces_of: list
    exact_signs: int = 0
    cuts: int = 0
    digits: np.ndarray | None = None
    cut_rows: list | None = None

    @property
    def refined(self) -> bool:
        """Whether some unit has more than two pieces (cells are then finer than regions)."""
        return any(len(ids) > 1 for layer in self.unit_ids for ids in layer)


def progress_bar(total: int, enabled: bool | None, desc: str = "complex: units cut", unit: str = "unit"):
    """A tqdm bar of ``total`` steps on stderr, or None when not ``enabled`` (None: when stderr is a terminal)."""
    import sys

    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False)


def _hyperplane_labels(mlayers, n_artificial: int, n_domain: int) -> tuple:
    """The label of every hyperplane id (artificial box rows, domain rows, then one per unit and pair of pieces), its pieces ``(layer, unit, r, s)`` and each unit's ids."""
    labels = ["box"] * n_artificial + ["domain"] * n_domain
    pieces_of = [None] * len(labels)  # for a unit's hyperplane id: (layer, unit, r, s) of its cut E_r - E_s
    unit_ids = []
    for l, layer in enumerate(mlayers):
        ids = []
        for k, n in enumerate(layer.n_pieces):
            ids.append(list(range(len(labels), len(labels) + len(_unit_pairs(n)))))
            for r, t in _unit_pairs(n):
                labels.append((l, k))
                pieces_of.append((l, k, r, t))
        unit_ids.append(ids)
    return labels, pieces_of, unit_ids


def _start_cells(dom: HPolytope, axis, layers, n_artificial: int, words: int) -> tuple:
    """The complex of the domain before any unit: its box, or the exact bounding box cut by the domain's rows; with the signs decided in integers and the cuts made."""
    if axis is not None:
        lows, highs, ids = axis
        return _box_cells(lows, highs, ids, words), 0, 0
    dim = dom.dim
    M = artificial_box_bound(layers, dom)
    cx = _box_cells([Fraction(-M)] * dim, [Fraction(M)] * dim, list(range(2 * dim)), words)
    exact_signs = cuts = 0
    for i, (row, rhs) in enumerate(zip(dom.A, dom.b)):
        exact = tuple(-v for v in row) + (rhs,)
        cx, _, _, n = _cut(cx, n_artificial + i, np.array([float_row(exact)]), [exact], clip=True)
        exact_signs += n
        cuts += 1
        if cx.n_cells == 0:
            break
    return cx, exact_signs, cuts


def _cut_layer(cx: _Cells, forms, mlayer, unit_ids: list, bar, device=None) -> tuple:
    """Cut the complex by every unit of one layer (each comparison ``E_r - E_s`` of its pieces).

    Returns the new complex, each cell's winning pieces, the exact rows of each
    2-piece unit's cut as used (``ComplexRun.cut_rows``), and the counts.
    """
    digits = np.zeros((cx.n_cells, mlayer.n_units), dtype=np.int8)
    exact_signs = cuts = 0
    kept: list = [None] * mlayer.n_units
    for k, n_pieces in enumerate(mlayer.n_pieces):
        pairs = _unit_pairs(n_pieces)
        pair_signs = np.zeros((cx.n_cells, len(pairs)), dtype=np.int8)
        for j, (r, t) in enumerate(pairs):
            if isinstance(forms, LazyForms):
                rows_float, errors = forms.cut_float(r, t, k)
                rows_exact = LazyCut(forms, r, t, k)
            else:
                rows_exact = forms[:, r, k] - forms[:, t, k]
                rows_float, errors = _float_rows(rows_exact), None
            if n_pieces == 2:
                kept[k] = rows_exact
            cx, sign, origin, n = _cut(cx, unit_ids[k][j], rows_float, rows_exact, errors=errors, device=device)
            exact_signs += n
            cuts += 1
            digits, pair_signs = digits[origin], pair_signs[origin]
            pair_signs[:, j] = sign
        digits[:, k] = _winners(pair_signs, pairs, n_pieces)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(cells=cx.n_cells, vertices=len(cx.X), refresh=False)
    return cx, digits, kept, exact_signs, cuts


def build_complex(net, dom: HPolytope, progress: bool | None = None, device=None) -> ComplexRun:
    """Cut the domain by every unit of ``net``, layer by layer (see the module doc).

    A unit of R > 2 pieces is cut by each comparison ``E_r - E_s`` (r < s) of its
    pieces, so the cells refine the partition (:func:`regions_of` merges them).

    Parameters
    ----------
    net : Network
        The network.
    dom : HPolytope
        The domain, already checked (full-dimensional, of the input dimension).
    progress : bool, optional
        Show a tqdm bar of the units cut.
    device : str or torch.device, optional
        Run the float filter (the vertex signs and the last layer's float rows)
        with torch in float64 on this device; None: numpy.  The exact stage runs
        on the CPU either way, and the result is the same.

    Returns
    -------
    ComplexRun

    Raises
    ------
    InvalidDomainError
        The domain has no interior.
    InvalidOptionError
        ``device`` is not a device torch can use.

    Notes
    -----
    Layer by layer, every region of ``Omega^(1..l-1)`` is cut by the units of
    layer l (the paper's PD subdivision, Theorem 3 and eq. 15).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> len(build_complex(net, box([-2, -2], [2, 2])).codes)
    4
    """
    device = filter_device(device)
    dim = net.input_dim
    mlayers = maso_layers(net)
    layers = [integer_layer(layer) for layer in mlayers]
    axis = _axis_box(dom)
    n_artificial = 0 if axis is not None else 2 * dim
    n_domain = dom.n_rows
    labels, pieces_of, unit_ids = _hyperplane_labels(mlayers, n_artificial, n_domain)
    words = max(1, (len(labels) + 63) // 64)
    cx, exact_signs, cuts = _start_cells(dom, axis, layers, n_artificial, words)
    if cx.n_cells == 0:
        raise InvalidDomainError("the domain has no interior (it is empty or lower-dimensional)")
    codes, ancestors, all_forms, cut_rows = [()], [], [], []
    all_digits = np.zeros((1, 0), dtype=np.int8)
    maps = np.array([[[int(i == j) for j in range(dim)] + [0] for i in range(dim)]], dtype=object)
    dens, maps_float = np.array([1], dtype=object), None
    bar = progress_bar(sum(layer.n_units for layer in mlayers), progress)
    for l, (layer, mlayer) in enumerate(zip(layers, mlayers)):
        n_parents = cx.n_cells
        cx.parent = np.arange(n_parents, dtype=np.int64)
        cx.home = _home(cx)
        slopes, offsets = _layer_arrays(layer)
        last = l == len(layers) - 1
        forms = _last_forms(slopes, offsets, maps, dens, device, maps_float) if last else None
        if forms is None:  # not last, or a map entry too large for a float
            maps = maps[np.arange(len(maps))] if isinstance(maps, GatheredMaps) else maps
            forms = _piece_forms(slopes, offsets, maps, dens)  # (parents, pieces, units, D + 1)
        cx, digits, kept, n_signs, n_cuts = _cut_layer(cx, forms, mlayer, unit_ids[l], bar, device)
        exact_signs, cuts = exact_signs + n_signs, cuts + n_cuts
        ancestors.append(cx.parent.copy())
        all_forms.append(forms)
        cut_rows.append(kept)
        all_digits = np.concatenate([all_digits[cx.parent], digits], axis=1)
        parent_codes = codes
        codes = [parent_codes[p] + (tuple(row),) for p, row in zip(cx.parent.tolist(), digits.tolist())]
        if not last:
            maps, dens, maps_float = _child_maps(forms, cx.parent, digits, dens, layer.den, floats=l == len(layers) - 2)
    if bar is not None:
        bar.close()
    return ComplexRun(cx, codes, ancestors, all_forms, n_artificial, n_domain, unit_ids, labels, pieces_of, exact_signs, cuts, all_digits, cut_rows)


def enumerate_complex(net, dom: HPolytope, *, with_edges: bool = True, stats=None, progress: bool | None = None, device=None):
    """The :class:`~exactpd.enumeration.partition.Partition` of ``net`` in the (checked) polytope ``dom``, by the complex engine.

    The driver (:func:`exactpd.enumeration.driver.enumerate_regions` with
    ``engine="complex"``) validates the domain and calls this.  The partition's
    ``complex`` is the :class:`~exactpd.enumeration.cell_complex.PolyhedralComplex`.

    Parameters
    ----------
    net : Network
        The network.
    dom : HPolytope
        The domain, already checked.
    with_edges : bool, default True
        Also list the adjacencies (``partition.edges``).
    stats : EnumerationStats, optional
        Filled with counts of the work done.
    progress : bool, optional
        Show a progress bar.
    device : str or torch.device, optional
        Where the float filter runs (:func:`build_complex`); None: numpy.

    Returns
    -------
    Partition
        Regions sorted by code, with ``partition.complex``.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_complex(net, box([-2, -2], [2, 2]))
    >>> len(part.regions), len(part.edges), part.complex
    (4, 4, PolyhedralComplex(dim=2, 9 vertices, 12 edges, 4 regions))
    """
    from exactpd.enumeration.cell_complex import PolyhedralComplex
    from exactpd.enumeration.complex_regions import regions_of
    from exactpd.enumeration.partition import Partition

    collecting = gc.isenabled()
    gc.disable()
    try:
        run = build_complex(net, dom, progress, device)
        regions, edges, order, facet_vertices = regions_of(run, net, dom, with_edges, progress)
        complex_ = None if run.refined else PolyhedralComplex(run, order, facet_vertices)
        partition = Partition(net, dom, tuple(regions), edges, complex_)
    finally:
        _resume_collector(collecting)
    if stats is not None:
        stats.engine = "complex"
        stats.exact_signs += run.exact_signs
        stats.cuts += run.cuts
        stats.facet_calls += len(regions)
    return partition


def _resume_collector(collecting: bool) -> None:
    """Resume the cyclic collector paused by :func:`enumerate_complex` (if it was running), its new objects handed to the oldest generation.

    The engine makes millions of small acyclic objects (ints, tuples, Fractions,
    the regions): the collector's passes over them free nothing (about a third of
    the time when it runs), so it is paused while they are made.  Resumed as is,
    its first pass of the youngest generation would walk all of them (20 to 30 ms
    on the 2-D, 3-D and 5-D benchmark rows); ``gc.freeze()`` then
    ``gc.unfreeze()`` moves every tracked object to the oldest generation without
    a pass instead (the caller's young objects too: they are then collected by the
    next full collection).  Not done when the caller has frozen objects itself
    (``gc.unfreeze`` would release them).
    """
    if not collecting:
        return
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
    gc.enable()
