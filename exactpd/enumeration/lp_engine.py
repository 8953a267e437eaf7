"""The LP engine's cell splitting: power-diagram subdivision of one cell by one layer (paper Theorem 3, eq. 15).

The partition Omega^(1..l) is built layer by layer: each region omega of
Omega^(1..l-1) is cut by layer l's power diagram restricted to omega
(Theorem 2: inside omega the layer acts on x through the affine map
``x -> G_omega x + h_omega``, so its unit boundaries are hyperplanes of the
input space).  Inside omega the layer's diagram is cut unit by unit: the cell
of unit k's piece r is ``{x : E_{k,r}(x) >= E_{k,s}(x) for all s}`` with
``E_{k,r}(x) = <G^T A_{k,r}, x> + <A_{k,r}, h> + B_{k,r}``, so work is spent
only on cells that exist, never on the R^K candidate codes.

Every decision is exact:

- a cell is kept only with a rational witness strictly inside it, found
  without any LP when the parent's witness or a point on an exact ray from it
  proves it, and otherwise by :func:`exactpd.kernel.polytope.interior_certificate`
  (an LP hint checked exactly, or an exact LP);
- a cell is discarded only with a certificate that it has no interior
  (a Farkas certificate checked exactly), or when the unit's pieces make it
  empty identically (a dominated or duplicated piece: exact comparison).

The scheduling of cells (executors, progress, the journal) is in
:mod:`exactpd.enumeration.driver`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from operator import mul
from typing import Sequence

from exactpd.enumeration.region import DOMAIN, Region, build_region
from exactpd.enumeration.stats import EnumerationStats
from exactpd.errors import CertificationError, InvalidDomainError
from exactpd.kernel.certificate import InteriorWitness, NoInteriorCertificate, check
from exactpd.kernel.polytope import HPolytope, facets_certified, interior_certificate
from exactpd.rational import integer_point
from exactpd.kernel.vertex_hint import support_multipliers_hint, vertex_hint
from exactpd.network.maso import AffineMap, IntegerLayer, IntegerMap, apply_pieces
from exactpd.rational import QVector, dot, primitive_row

__all__ = ["Cell", "final_facets", "finalize", "root_cell", "subdivide", "with_maps"]


@dataclass(frozen=True)
class Cell:
    """A region of Omega^(1..layer) under construction: exact rows, labels, witness, code prefix."""

    code: tuple
    A: tuple  # primitive integer rows
    b: tuple
    labels: tuple  # one label per row: (layer, unit) or DOMAIN
    witness: QVector
    maps: tuple = field(default=(), compare=False)  # IntegerMap x -> z^(l)(x) for each layer l of the code prefix
    pieces: tuple = ()  # the pieces of the current layer's first units, for a cell cut part way (subdivide's stop)


# --------------------------------------------------------------------------- exact helpers


def _slacks(A: Sequence[Sequence[int]], b: Sequence[int], x: Sequence[Fraction]) -> list[int]:
    """``den * (b - A x)`` for the common denominator den of x: signs are the exact slack signs."""
    X, den = integer_point(x)
    return [bj * den - sum(a * v for a, v in zip(row, X)) for row, bj in zip(A, b)]


def _step_inside(A, b, x, direction, limit: Fraction | None) -> Fraction | None:
    """The largest t (capped by ``limit``) with x + s*direction strictly inside for 0 <= s < t; None if unlimited."""
    X, den = integer_point(x)
    best = limit
    for row, bj in zip(A, b):
        rate = sum(a * d for a, d in zip(row, direction))
        if rate > 0:
            slack = bj * den - sum(a * v for a, v in zip(row, X))
            t = Fraction(slack, rate * den)
            if best is None or t < best:
                best = t
    return best


def _ray_witness(A, b, x, a_cut, b_cut) -> QVector | None:
    """A point strictly inside {A y < b, a_cut y < b_cut}, found on the ray from x along -a_cut, or None.

    ``x`` is strictly inside {A y < b} and a_cut x > b_cut.  The ray meets the cut at
    t* = (a_cut x - b_cut) / |a_cut|^2; if it is still strictly inside {A y < b} a bit
    beyond, the midpoint between t* and the exit is a witness (exact arithmetic).
    """
    norm2 = sum(a * a for a in a_cut)
    t_star = (dot(a_cut, x) - b_cut) / norm2
    direction = tuple(-a for a in a_cut)
    exit_t = _step_inside(A, b, x, direction, None)
    if exit_t is not None and exit_t <= t_star:
        return None
    t = (t_star + (exit_t if exit_t is not None else 2 * t_star + 1)) / 2
    return tuple(xi + t * di for xi, di in zip(x, direction))


# --------------------------------------------------------------------------- one unit, one layer


def _layer_pieces(layer: IntegerLayer, current: IntegerMap | None) -> list[list[tuple[tuple[int, ...], int]]]:
    """Every unit's pieces as affine functions of the network input, in integers.

    Piece r of unit k on the cell is ``E_{k,r}(x) = <G^T A_{k,r}, x> + <A_{k,r}, h> + B_{k,r}``
    (paper Theorem 2, with ``z^(l-1) = G x + h`` on the cell).  All pieces of the layer
    are returned scaled by one common positive integer, which changes no comparison
    between them and no halfspace they define.
    """
    if current is None:
        return [list(zip(rows, offsets)) for rows, offsets in zip(layer.slopes, layer.offsets)]
    columns = tuple(zip(*current.G))
    return [
        [
            (tuple(sum(map(mul, a, col)) for col in columns), sum(map(mul, a, current.h)) + c * current.den)
            for a, c in zip(rows, offsets)
        ]
        for rows, offsets in zip(layer.slopes, layer.offsets)
    ]


def _cells_of_unit(pieces) -> list[tuple[int, list[tuple[tuple[int, ...], int]]]]:
    """For each piece r that can win on a full-dimensional set: (r, rows of {E_r >= E_s}).

    Pieces s with the same slope as r compare by offset alone (exact): r never wins
    against a larger offset, nor against an identical piece of lower index.
    """
    cells = []
    for r, (slope_r, off_r) in enumerate(pieces):
        rows = []
        possible = True
        for s, (slope_s, off_s) in enumerate(pieces):
            if s == r:
                continue
            normal = tuple(vs - vr for vs, vr in zip(slope_s, slope_r))
            rhs = off_r - off_s
            if not any(normal):
                if rhs < 0 or (rhs == 0 and s < r):
                    possible = False
                    break
                continue
            rows.append(primitive_row(normal, rhs))
        if possible:
            cells.append((r, rows))
    return cells


def _split(cell_rows, cell: Cell, label, stats: EnumerationStats) -> list[tuple[int, Cell]]:
    """Cut ``cell`` by the cells of one unit: the (piece, sub-cell) pairs that have interior."""
    if len(cell_rows) == 1:  # the unit is affine on this cell: no cut
        r, _ = cell_rows[0]
        return [(r, cell)]
    out = []
    wit_slacks = {}
    for r, rows in cell_rows:
        for row in rows:
            if row not in wit_slacks:
                wit_slacks[row] = _slacks([row[0]], [row[1]], cell.witness)[0]
    two = len(cell_rows) == 2 and all(len(rows) == 1 for _, rows in cell_rows)
    for r, rows in cell_rows:
        stats.candidates += 1
        A = cell.A + tuple(row for row, _ in rows)
        b = cell.b + tuple(rhs for _, rhs in rows)
        labels = cell.labels + tuple(label for _ in rows)
        witness = None
        if all(wit_slacks[row] > 0 for row in rows):
            witness = cell.witness
        elif two and wit_slacks[rows[0]] == 0:
            witness = _nudge(cell, rows[0])
        elif two:
            (a_cut, b_cut), = rows
            witness = _ray_witness(cell.A, cell.b, cell.witness, a_cut, b_cut)
        if witness is not None:
            stats.free_witnesses += 1
        else:
            stats.certified_calls += 1
            cert = interior_certificate(HPolytope.from_primitive(A, b, dim=len(cell.witness)), hint=cell.witness)
            if not isinstance(cert, InteriorWitness):
                stats.discarded += 1
                continue
            witness = cert.point
        if any(s <= 0 for s in _slacks(A, b, witness)):
            raise CertificationError(f"witness {witness} is not strictly inside the cell of piece {r}")
        out.append((r, Cell(cell.code, A, b, labels, witness)))
    return out


def _nudge(cell: Cell, row) -> QVector:
    """A point strictly on the negative side of ``row`` near the cell's witness, which lies on it."""
    a_cut, _ = row
    direction = tuple(-a for a in a_cut)
    t = _step_inside(cell.A, cell.b, cell.witness, direction, Fraction(1))
    return tuple(xi + (t / 2) * di for xi, di in zip(cell.witness, direction))


def _winner_at(pieces, x) -> int | None:
    """The piece that is strictly largest at x, or None on a tie between different values."""
    values = [dot(slope, x) + offset for slope, offset in pieces]
    best = max(values)
    winners = [r for r, v in enumerate(values) if v == best]
    return winners[0] if len(winners) == 1 else None


def _units_missing_cell(cell: Cell, units, stats: EnumerationStats) -> dict[int, int]:
    """Units whose boundaries provably miss the interior of ``cell``, with their constant piece.

    For each unit, the piece r winning strictly at the witness wins on the whole cell
    when, for every other piece s, ``E_r - E_s >= 0`` on the cell: an exact
    certificate ``y >= 0, A^T y = -(a_r - a_s)`` (no interior of the cell on the
    side where piece s wins), proposed from one float vertex computation of the
    cell (:mod:`exactpd.kernel.vertex_hint`) and checked by :func:`exactpd.kernel.certificate.check`.
    Units not settled here are cut part by part by :func:`_split`.
    """
    fixed: dict[int, int] = {}
    hint = None
    for k, pieces in enumerate(units):
        r = _winner_at(pieces, cell.witness)
        if r is None:
            continue
        settled = True
        for s, (slope_s, off_s) in enumerate(pieces):
            if s == r:
                continue
            normal = tuple(vr - vs for vr, vs in zip(pieces[r][0], slope_s))
            if not any(normal):
                continue  # same slope: r is larger by its offset everywhere
            if hint is None:
                hint = vertex_hint(cell.A, cell.b, cell.witness) or False
            if hint is False:
                return fixed
            row, rhs = primitive_row(normal, off_s - pieces[r][1])
            y = support_multipliers_hint(hint, cell.A, row)
            if y is None or not check(
                NoInteriorCertificate(y + (Fraction(1),)), HPolytope.from_primitive(cell.A + (row,), cell.b + (rhs,))
            ):
                settled = False
                break
        if settled:
            fixed[k] = r
            stats.settled_by_vertices += 1
    return fixed


def subdivide(layers: Sequence[IntegerLayer], cell: Cell, stop: int | None = None) -> tuple[list[Cell], EnumerationStats]:
    """Cut a region of Omega^(1..l-1) by layer l's power diagram restricted to it (Theorems 2 and 3).

    ``l = len(cell.code)`` (index among the nonlinear layers).  Returns the
    sub-cells with interior, codes extended by layer l's code.  With ``stop``,
    only the units ``len(cell.pieces) .. stop - 1`` cut: the children keep the
    code and carry the pieces of the units cut so far in ``Cell.pieces``, and
    the cut that reaches the layer's last unit completes their code (the
    driver cuts wide layers a few units at a time).
    """
    stats = EnumerationStats()
    index = len(cell.code)
    layer = layers[index]
    start, n_units = len(cell.pieces), len(layer.slopes)
    stop = n_units if stop is None else stop
    maps = cell.maps
    current = maps[-1] if maps else None
    units = _layer_pieces(IntegerLayer(layer.slopes[start:stop], layer.offsets[start:stop], layer.den), current)
    fixed = _units_missing_cell(cell, units, stats)
    parts = [(cell.pieces, cell)]
    for j, pieces_k in enumerate(units):
        if j in fixed:
            parts = [(pieces + (fixed[j],), part) for pieces, part in parts]
            continue
        cell_rows = _cells_of_unit(pieces_k)
        new_parts = []
        for pieces, part in parts:
            for r, sub in _split(cell_rows, part, (index, start + j), stats):
                new_parts.append((pieces + (r,), sub))
        parts = new_parts
    if stop < n_units:
        return [Cell(cell.code, sub.A, sub.b, sub.labels, sub.witness, maps, pieces) for pieces, sub in parts], stats
    children = [
        Cell(cell.code + (pieces,), sub.A, sub.b, sub.labels, sub.witness, maps + (apply_pieces(layer, pieces, current),))
        for pieces, sub in parts
    ]
    return children, stats


# --------------------------------------------------------------------------- final regions


def final_facets(cell: Cell) -> tuple[tuple, tuple, tuple, tuple]:
    """The facets of a cell of the last layer as ``(A, b, labels, facet points)``, every row certified.

    Keeps the irredundant rows (facets, each with a relative-interior point) and
    merges the labels of identical rows (coinciding boundaries).
    """
    kept = facets_certified(HPolytope.from_primitive(cell.A, cell.b, dim=len(cell.witness)))
    labels = []
    for c in kept:
        key = (cell.A[c.index], cell.b[c.index])
        merged = []
        for row, bj, label in zip(cell.A, cell.b, cell.labels):
            if (row, bj) == key and label not in merged:
                merged.append(label)
        labels.append(tuple(merged))
    return tuple(cell.A[c.index] for c in kept), tuple(cell.b[c.index] for c in kept), tuple(labels), tuple(c.point for c in kept)


def finalize(integer_layers: Sequence[IntegerLayer], out: AffineMap | None, bounded: bool, cell: Cell) -> Region:
    """The certified :class:`~exactpd.enumeration.region.Region` of a cell of the last layer (:func:`final_facets`).

    ``bounded`` is True when the domain is bounded (then so is every region);
    otherwise each region's boundedness is decided on its own.
    """
    A, b, labels, points = final_facets(cell)
    return build_region(
        (), out, cell.code, HPolytope.from_primitive(A, b, dim=len(cell.witness)), labels, points, cell.witness,
        tuple(m.as_affine() for m in with_maps(integer_layers, cell).maps),
        bounded=True if bounded else None,
    )


def with_maps(layers: Sequence[IntegerLayer], cell: Cell) -> Cell:
    """The cell with its integer layer maps (recomputed for cells read back from a checkpoint)."""
    if len(cell.maps) == len(cell.code):
        return cell
    maps: list[IntegerMap] = []
    for layer, pieces in zip(layers, cell.code):
        maps.append(apply_pieces(layer, pieces, maps[-1] if maps else None))
    return replace(cell, maps=tuple(maps))


def root_cell(domain: HPolytope) -> Cell:
    cert = interior_certificate(domain, hint=None)
    if not isinstance(cert, InteriorWitness):
        raise InvalidDomainError("the domain has no interior (it is empty or lower-dimensional)")
    return Cell((), tuple(domain.A), tuple(domain.b), tuple(DOMAIN for _ in domain.A), cert.point)

