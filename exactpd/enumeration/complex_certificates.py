"""Witnesses and facet points of the complex engine's regions: proved in one numpy pass, kept as integers.

Every region's witness is the dyadic point nearest (24 bits) to the float
centroid of its vertices; every facet's point is the dyadic point near the
float centroid of the facet's vertices, moved along one coordinate exactly
onto the facet's hyperplane (one exact integer computation per facet, shared
by its two regions).  A filter over all (point, row) pairs of all regions at
once proves them strictly inside: the float slack ``b - a . x`` exceeds a
rigorous bound on its rounding error (the rows are rounded once to floats,
the points are exact floats but for the moved coordinate, correctly rounded).
A point the filter does not prove is checked in integers, and replaced by an
exact centroid of the face's vertices if it fails.

:class:`CertificatePoints` keeps the points as integers (numerators over a
power of two; the moved coordinate as one exact quotient) and makes their
Fractions only when a region's ``witness`` or ``facet_points`` (or an edge's
``point``) is read.
"""

from __future__ import annotations

import math
from fractions import Fraction
from operator import mul
from typing import Sequence

import numpy as np

from exactpd.enumeration.complex_facets import segment_positions
from exactpd.errors import CertificationError

__all__ = ["CertificatePoints", "certificate_points", "dyadic_centres"]

_U = 2.0**-53


class CertificatePoints:
    """The witness and facet points of every region of one partition, as integers; Fractions on access.

    A point is either dyadic (``numerators / 2^shift``) with, for a facet
    point, one coordinate ``j`` replaced by the exact value that puts it on
    its row ``a . x = b`` (computed on access), or (where the float filter
    failed) a homogeneous integer vector.

    Parameters
    ----------
    first_row : sequence of int
        Region i's facets are the rows ``first_row[i]`` to ``first_row[i + 1] - 1``.
    witnesses : tuple
        ``(numerators (R, D) int64, shifts (R,), exact)``: ``exact`` maps a
        region to a homogeneous integer witness replacing the dyadic one.
    facet_points : tuple
        ``(point_of (T,), numerators (Q, D) int64, shifts (Q,), j (Q,), rows, row_of (Q,), exact)``:
        row t's point is point ``point_of[t]`` (shared by the two regions of a
        facet), on the integer row ``rows[row_of[q]]`` (``a..., b``; either
        sign), unless ``exact`` maps t to a homogeneous integer vector.

    Examples
    --------
    >>> import numpy as np
    >>> rows = np.array([[0, 3, 5]], dtype=object)  # the line 3 y = 5
    >>> book = CertificatePoints([0, 1], (np.array([[1, 3]]), [2], {}), (np.array([0]), np.array([[1, 0]]), [1], [1], rows, [0], {}))
    >>> book.witness(0), book.facet_points(0)
    ((Fraction(1, 4), Fraction(3, 4)), ((Fraction(1, 2), Fraction(5, 3)),))
    """

    def __init__(self, first_row: Sequence[int], witnesses: tuple, facet_points: tuple) -> None:
        self.first_row = first_row
        self.witnesses = witnesses
        self.points = facet_points
        self._made: dict = {}

    def witness(self, i: int) -> tuple:
        """Region i's witness, exact rational coordinates."""
        numerators, shifts, exact = self.witnesses
        if i in exact:
            return _fractions(exact[i])
        den = 1 << int(shifts[i])
        return tuple(Fraction(v, den) for v in numerators[i].tolist())

    def point(self, t: int) -> tuple:
        """The facet point of row t (of the flat rows of all regions)."""
        point_of, numerators, shifts, js, rows, row_of, exact = self.points
        if t in exact:
            return _fractions(exact[t])
        q = int(point_of[t])
        made = self._made.get(q)
        if made is None:
            s, j, point, row = int(shifts[q]), int(js[q]), numerators[q].tolist(), rows[row_of[q]].tolist()
            made = [Fraction(v, 1 << s) for v in point]
            made[j] = Fraction((row[-1] << s) - sum(map(mul, row, point)) + row[j] * point[j], row[j] << s)  # zip stops before b
            made = self._made[q] = tuple(made)
        return made

    def facet_points(self, i: int) -> tuple:
        """Region i's facet points, one per row."""
        return tuple(self.point(t) for t in range(self.first_row[i], self.first_row[i + 1]))


def _fractions(point: Sequence[int]) -> tuple:
    return tuple(Fraction(v, point[-1]) for v in point[:-1])


def dyadic_centres(centres: np.ndarray, bits: int = 24) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each float row rounded to ``bits`` bits below its largest entry.

    Parameters
    ----------
    centres : ndarray of float, (n, D)
    bits : int, default 24

    Returns
    -------
    numerators : ndarray of int64, (n, D)
    shifts : ndarray of int64, (n,)
        The point is ``numerators / 2^shift`` (0 where not usable).
    usable : ndarray of bool, (n,)
        Finite, not all zero, and ``0 <= shift < 1000``.

    Examples
    --------
    >>> n, s, ok = dyadic_centres(np.array([[0.5, 0.25], [0.0, 0.0]]), bits=4)
    >>> n.tolist(), s.tolist(), ok.tolist()
    ([[8, 4], [0, 0]], [4, 0], [True, False])
    """
    with np.errstate(all="ignore"):
        largest = np.abs(centres).max(axis=1) if centres.shape[1] else np.zeros(len(centres))
        shift = bits - np.frexp(largest)[1]
        ok = np.isfinite(centres).all(axis=1) & (largest > 0) & (shift >= 0) & (shift < 1000)
        shift = np.where(ok, shift, 0)
        scaled = np.where(ok[:, None], np.round(centres * np.exp2(shift)[:, None]), 0)
    return scaled.astype(np.int64), shift.astype(np.int64), ok


def _float_centres(xf: np.ndarray, flat: np.ndarray, start: np.ndarray, size: np.ndarray) -> np.ndarray:
    """The float centroid of each segment's vertices (inf or nan where the vertices are beyond the float range)."""
    positions = segment_positions(start, size)
    firsts = np.cumsum(size) - size
    with np.errstate(all="ignore"):
        sums = np.add.reduceat(xf[flat[positions]], firsts, axis=0) if len(positions) else np.zeros((len(size), xf.shape[1]))
        return sums / size[:, None]


def _float_rows(rows: np.ndarray) -> np.ndarray:
    """Float copies of integer object rows; nan rows where an entry is beyond the float range."""
    try:
        return rows.astype(float)
    except OverflowError:
        out = np.full(rows.shape, np.nan)
        for i, row in enumerate(rows.tolist()):
            try:
                out[i] = [float(v) for v in row]
            except OverflowError:
                pass
        return out


def _proved(Af: np.ndarray, bf: np.ndarray, first_row: np.ndarray, witnesses: np.ndarray, points: np.ndarray, errors: np.ndarray, chunk: int = 1 << 20) -> tuple:
    """Whether the float filter proves each witness strictly inside its region, and each row's point strictly inside every other row.

    Regions with the same number n of rows are done together: the slacks
    ``b - A X^T`` of all n rows at all n facet points (and at the witness) of
    each region are one batched matrix product.  The rows are rounded once
    (relative error u), the points exact or correctly rounded, and a dot
    product of D terms (any order, with or without fused multiply-adds) and
    the subtraction from b add at most ``(D + 1) u (|b| + sum |a_i x_i|)`` to
    first order, so the error is below ``(D + 5) u`` times that sum; the bound
    taken is ``2 (D + 4) u`` times it (computed in floats), plus ``2^-1000``
    for underflow.  A facet point's coordinates are known within ``errors``
    (:func:`_moved_coordinates`), which adds ``|A| errors`` to the bound.  A
    row is never checked at its own point (it is tight there by construction);
    a non-finite entry proves nothing.

    Returns
    -------
    (ndarray of bool, ndarray of bool)
        Per region (its witness), per row (its facet point).
    """
    dim = witnesses.shape[1]
    scale = 2 * (dim + 4) * _U
    counts = np.diff(first_row)
    w_ok = np.isfinite(witnesses).all(axis=1)
    f_ok = np.isfinite(points).all(axis=1) & np.isfinite(errors).all(axis=1)
    with np.errstate(all="ignore"):
        for n in np.unique(counts[counts > 0]).tolist():
            regions = np.flatnonzero(counts == n)
            step = max(1, chunk // (n * n))
            for lo in range(0, len(regions), step):
                batch = regions[lo : lo + step]
                rows = first_row[batch][:, None] + np.arange(n)
                A, b = Af[rows], bf[rows]
                x = witnesses[batch][:, :, None]
                slack = b - (A @ x)[:, :, 0]
                w_ok[batch] &= (slack > scale * (np.abs(b) + (np.abs(A) @ np.abs(x))[:, :, 0]) + 2.0**-1000).all(axis=1)
                X = points[rows].transpose(0, 2, 1)
                slack = b[:, :, None] - A @ X
                ok = slack > scale * np.abs(b)[:, :, None] + np.abs(A) @ (scale * np.abs(X) + errors[rows].transpose(0, 2, 1)) + 2.0**-1000
                f_ok[rows] &= (ok | np.eye(n, dtype=bool)).all(axis=1)
    return w_ok, f_ok


def _moved_coordinates(rows_float: np.ndarray, numerators: np.ndarray, shifts: np.ndarray, usable: np.ndarray) -> tuple:
    """Each dyadic point moved along its coordinate j (largest |a_j|) onto its row ``a . x = b``: floats, and a bound on their error.

    The exact coordinate ``x_j = (b - sum_{i != j} a_i x_i) / a_j`` is made
    only when the point is read (:class:`CertificatePoints`); here its float
    ``fl(N / a_j)``, N summed in floats from the rows rounded once, is within
    ``delta = 2 (D + 4) u (|b| + sum_{i != j} |a_i x_i|) / |a_j| + 4 u |x_j| + 2^-1000``
    of it (N's error is below ``(D + 1) u`` times that sum, the division
    adds ``2 u |x_j|``; the factor 2 covers the rounding of the bound).

    Returns
    -------
    j, the points X (floats, coordinate j moved), their errors (zero but at j), and the usable flags
    (a row beyond the float range is not).
    """
    dim = numerators.shape[1]
    n = np.arange(len(numerators))
    usable = usable & np.isfinite(rows_float).all(axis=1)
    A, b = np.nan_to_num(rows_float[:, :dim]), rows_float[:, dim]
    js = np.argmax(np.abs(A), axis=1)
    X = numerators * np.exp2(-shifts)[:, None]
    with np.errstate(all="ignore"):
        terms = A * X
        terms[n, js] = 0
        size = np.abs(b) + np.abs(terms).sum(axis=1)
        moved = (b - terms.sum(axis=1)) / A[n, js]
        errors = np.zeros_like(X)
        errors[n, js] = 2 * (dim + 4) * _U * size / np.abs(A[n, js]) + 4 * _U * np.abs(moved) + 2.0**-1000
    X[n, js] = moved
    return js, X, errors, usable & np.isfinite(errors).all(axis=1)


def certificate_points(cx, region_rows: tuple, region_vertices: tuple, facet_vertices: tuple, point_of: np.ndarray) -> CertificatePoints:
    """Every region's witness and facet points, proved in their relative interiors (see the module doc).

    Parameters
    ----------
    cx : _Cells
        The finished complex (``xf``, the float vertices; ``X``, the exact ones).
    region_rows : tuple
        ``(rows, which, sign, first_row)``: distinct integer rows ``(a, b)``
        (object array), and per row t of the regions (region i has rows
        ``first_row[i]`` to ``first_row[i + 1] - 1``) its row ``which[t]`` and
        orientation ``sign[t]`` (the row is ``sign * (a, b)``).
    region_vertices : tuple
        ``(flat, start, size)``: region i's vertex ids are ``flat[start[i] : start[i] + size[i]]``.
    facet_vertices : tuple
        ``(flat, start, size)``: the same for the facet on each row t.
    point_of : ndarray of int64
        Per row t, a key of its facet point: the two rows of one facet (its
        two regions) share one (the first row's index, say).

    Returns
    -------
    CertificatePoints

    Raises
    ------
    CertificationError
        A face's exact centroid is not in its relative interior (a bug in exactpd).

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> from exactpd.enumeration.complex_engine import build_complex
    >>> from exactpd.enumeration.complex_regions import regions_of
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> regions, _, _, _ = regions_of(build_complex(net, box([-2, -2], [2, 2])), net, box([-2, -2], [2, 2]))
    >>> regions[3].witness, regions[3].facet_points[2]  # the square [0, 2]^2: its centre, the middle of its side x = 0
    ((Fraction(1, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1)))
    """
    rows, which, sign, first_row = region_rows
    first_row = np.asarray(first_row, dtype=np.int64)
    rows_float = _float_rows(rows)
    Af, bf = rows_float[which, : cx.dim] * sign[:, None], rows_float[which, cx.dim] * sign
    region = np.repeat(np.arange(len(first_row) - 1), np.diff(first_row))
    wn, ws, w_usable = dyadic_centres(_float_centres(cx.xf, *region_vertices))
    _, rep, point_of = np.unique(point_of, return_index=True, return_inverse=True)
    point_of = point_of.reshape(-1)
    flat, start, size = facet_vertices
    pn, ps, p_usable = dyadic_centres(_float_centres(cx.xf, flat, start[rep], size[rep]))
    js, X, errors, p_ok = _moved_coordinates(rows_float[which[rep]], pn, ps, p_usable)
    w_ok, f_ok = _proved(Af, bf, first_row, wn * np.exp2(-ws)[:, None], X[point_of], errors[point_of])
    w_ok &= w_usable
    f_ok &= p_ok[point_of]
    exact_w, exact_f = {}, {}
    for i in np.flatnonzero(~w_ok).tolist():
        candidate = tuple(wn[i].tolist()) + (1 << int(ws[i]),) if w_usable[i] else None
        exact_w[i] = _exact_point(cx, region_rows, i, None, candidate, _vertex_ids(region_vertices, i))
    for t in np.flatnonzero(~f_ok).tolist():
        q = int(point_of[t])
        candidate = tuple(pn[q].tolist()) + (1 << int(ps[q]),) if p_usable[q] else None
        exact_f[t] = _exact_point(cx, region_rows, int(region[t]), t, candidate, _vertex_ids(facet_vertices, t))
    return CertificatePoints(first_row.tolist(), (wn, ws.tolist(), exact_w), (point_of, pn, ps.tolist(), js.tolist(), rows, which[rep], exact_f))


def _vertex_ids(segments: tuple, i: int) -> list:
    flat, start, size = segments
    return flat[start[i] : start[i] + size[i]].tolist()


def _exact_point(cx, region_rows: tuple, i: int, t: int | None, candidate: tuple | None, vertex_ids: list) -> tuple:
    """Region i's witness (``t`` None) or the point of its row t, checked in integers: the candidate (moved onto row t), else an exact centroid."""
    rows, which, sign, first_row = region_rows
    lo, hi = int(first_row[i]), int(first_row[i + 1])
    A, b = [], []
    for r in range(lo, hi):
        s, row = int(sign[r]), rows[which[r]].tolist()
        A.append(tuple(s * v for v in row[:-1]))
        b.append(s * row[-1])
    on = None if t is None else t - lo
    if candidate is not None and on is not None:
        candidate = _onto(candidate, A[on], b[on])
    if candidate is None or not _placed(candidate, A, b, on):
        candidate = _weighted_centroid(_covering([cx.X[v] for v in vertex_ids], A, b, on))
        if not _placed(candidate, A, b, on):
            raise CertificationError("complex engine: the centroid of a face is not in its relative interior")
    return candidate


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
