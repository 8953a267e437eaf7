"""Exact checks of recorded work: the regions and seeds a journal replays, checked as strictly as fresh work.

A journal (:mod:`exactpd.io.checkpoint`) stores finished regions and open
seeds of the driver's work tree (:mod:`exactpd.enumeration.driver`) as
integers.  On a resume each record is checked again here, in exact integers,
against the network, before it is trusted: its witness has its code, its
facet points are on their rows, its rows are boundaries of the units they
name, and its rows are all of the cell's: every candidate row of the code (a
boundary row of every unit it cuts, and the domain's rows) that the record
does not hold is proved implied by the rows it holds.

The implication proofs are cheap (:func:`_rows_implied`), from one float
vertex computation of the recorded polytope (in a bounded domain, with few
rows, every D of them solved in one batched call; else one qhull call, up to
:data:`~exactpd.kernel.polytope.VERTEX_HINT_MAX_DIM` dimensions).  In a
bounded domain, the proofs may also use a box strictly around the domain
(:class:`RecordChecker` says why): first an integer box around the cell
(its 2 D sides proved as below, in the same batched proposal as the rows
near it) settles every absent row that clears it in
D integer products; then float multipliers at the vertex maximising the
row, scaled to integers, with their rounding absorbed by the domain's box
(:func:`~exactpd.kernel.certificate.box_bound_holds`: integers, no linear
solve).  Otherwise a fraction-free solve on the proposed basis (or one
from a hot-started batch of LP hints): D recorded rows ``B`` with
``a = y A_B``, ``y >= 0`` and ``y . b_B <= beta`` prove ``a . x <= beta`` on
the recorded polytope (the basis' vertex need not be feasible).  A row that
none settles gets the kernel's certified LP maximum
(:func:`~exactpd.kernel.polytope.maximize_certified`).
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from math import comb
from operator import mul
from typing import NamedTuple, Sequence

import numpy as np

from exactpd.enumeration.code_rows import CodeRows
from exactpd.enumeration.lp_engine import Cell, root_cell
from exactpd.enumeration.region import DOMAIN
from exactpd.errors import CertificationError
from exactpd.hints.engine import DEFAULT_ENGINE, EngineLike, get_engine
from exactpd.hints.lp import maximize_hints, rows_hint
from exactpd.kernel.polytope import VERTEX_HINT_MAX_DIM, HPolytope, is_bounded, maximize_certified
from exactpd.kernel.simplex import LPStatus, independent_rows, integer_point
from exactpd.kernel.certificate import box_bound_holds
from exactpd.kernel.vertex_hint import VertexHint, _incidence, box_multipliers_hint, vertex_hint

__all__: list[str] = []


class RegionFacts(NamedTuple):
    """A finished region as integers: what workers send back and journals keep.

    ``A``, ``b`` are the facet rows (primitive integers, ``A x <= b``);
    ``labels[i]`` the labels of row i; ``points[i]`` and ``witness`` rational
    points written as their integer numerators followed by one common
    denominator; ``bounded`` the region's boundedness.
    """

    code: tuple
    A: tuple
    b: tuple
    labels: tuple
    points: tuple
    witness: tuple
    bounded: bool


def _check_inside(A, b, x: Sequence[int], den: int, where: str, on: int | None = None) -> None:
    """``x / den`` strictly inside every row (on row ``on`` exactly, when given); integers only."""
    for i, (row, bj) in enumerate(zip(A, b)):
        slack = bj * den - sum(map(mul, row, x))
        if i == on:
            if slack != 0:
                raise CertificationError(f"{where}: facet point {i} is not on its row")
        elif slack <= 0:
            what = "the witness" if on is None else f"facet point {on}"
            raise CertificationError(f"{where}: {what} is not strictly inside row {i}")


def _check_facet_point(A, b, i: int, x: Sequence[int], den: int, where: str) -> None:
    """``x / den`` is on row i, and strictly inside every row not identical to it."""
    key = (A[i], b[i])
    for j, (row, bj) in enumerate(zip(A, b)):
        slack = bj * den - sum(map(mul, row, x))
        if (row, bj) == key:
            if slack != 0:
                raise CertificationError(f"{where}: facet point {i} is not on its row")
        elif slack <= 0:
            raise CertificationError(f"{where}: facet point {i} is not strictly inside row {j}")


def _scaled_solutions(matrix: Sequence[Sequence[int]], columns: Sequence[Sequence[int]]) -> tuple[int, list] | None:
    """``(d, [Z_1, ...])`` with ``matrix Z_j = d r_j`` for each column ``r_j`` and ``d != 0``, in integers; None when singular.

    Fraction-free (Bareiss) elimination of the square integer matrix with all
    the columns at once; ``d`` is the last pivot (the determinant up to sign),
    so every ``Z_j = d M^-1 r_j`` is integral (Cramer) and each division exact.
    """
    n = len(matrix)
    rows = [list(matrix[i]) + [c[i] for c in columns] for i in range(n)]
    prev = 1
    for col in range(n):
        pivot = next((i for i in range(col, n) if rows[i][col]), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        top = rows[col]
        p = top[col]
        for i in range(col + 1, n):
            f = rows[i][col]
            rows[i] = [(v * p - f * w) // prev for v, w in zip(rows[i], top)]
        prev = p
    solutions = []
    for j in range(len(columns)):
        Z = [0] * n
        for i in range(n - 1, -1, -1):
            row = rows[i]
            Z[i] = (row[n + j] * prev - sum(row[k] * Z[k] for k in range(i + 1, n))) // row[i]
        solutions.append(Z)
    return prev, solutions


def _proved_on_basis(A, b, basis: Sequence[int], targets: Sequence[tuple]) -> list[bool]:
    """For each target ``(a, beta)``: whether ``a = y A_basis`` with ``y >= 0`` and ``y . b_basis <= beta`` (exact, integers)."""
    solved = _scaled_solutions([[A[s][d] for s in basis] for d in range(len(A[0]))], [a for a, _ in targets])
    if solved is None:
        return [False] * len(targets)
    d, solutions = solved
    sign = 1 if d > 0 else -1
    bounds = [b[s] for s in basis]
    return [
        all(sign * z >= 0 for z in Z) and sign * sum(map(mul, Z, bounds)) <= beta * d * sign
        for (_, beta), Z in zip(targets, solutions)
    ]


_SUBSETS_MAX = 120
"""Up to this many D-subsets of a bounded record's rows, its float vertices come from solving them all (:func:`_subset_vertex_hint`), not qhull."""


def _vertices_hint(A, b, witness, engine, bounded: bool):
    """The recorded polytope's float vertices, or None (no floats, D = 1 or above the kernel's limit).

    For a polytope meant to be bounded (``bounded``) with few rows, every D
    of its rows are solved at once (:func:`_subset_vertex_hint`, several times
    cheaper than qhull there); else one qhull call.
    """
    dim = len(witness)
    if not engine.uses_floats or dim < 2 or not A:
        return None
    if bounded and comb(len(A), dim) <= _SUBSETS_MAX:
        found = _subset_vertex_hint(A, b)
        if found is not None:
            return found
    return vertex_hint(A, b, witness) if dim <= VERTEX_HINT_MAX_DIM else None


@lru_cache(maxsize=64)
def _subsets(n: int, dim: int) -> np.ndarray:
    """Every ``dim``-subset of ``range(n)``, one per row (increasing)."""
    return np.array(list(combinations(range(n), dim)), dtype=np.intp)


def _subset_vertex_hint(A, b) -> VertexHint | None:
    """The float vertices of ``{A x <= b}`` without qhull: every D rows solved at once (a hint), or None.

    Each D-subset of rows that meet in one point which every row holds (up to
    rounding) gives a vertex with exactly those D rows active (a degenerate
    vertex appears once per subset, as in qhull's simplicial answer).  No
    artificial box: an unbounded polytope gets only its finite vertices (the
    exact proofs then fail, and the certified LP decides).
    """
    rows, rhs = rows_hint(A, b)
    subsets = _subsets(len(A), rows.shape[1])
    matrices = rows[subsets]
    regular = np.abs(np.linalg.det(matrices)) > 1e-12
    if not regular.any():
        return None
    subsets = subsets[regular]
    vertices = np.linalg.solve(matrices[regular], rhs[subsets][:, :, None])[:, :, 0]
    feasible = np.all(vertices @ rows.T <= rhs + 1e-9 * (1.0 + np.abs(vertices).max(axis=1))[:, None], axis=1)
    if not feasible.any():
        return None
    active = tuple(map(tuple, subsets[feasible].tolist()))
    hint = VertexHint(vertices[feasible], _incidence(active, len(A) + 2 * rows.shape[1]), len(A))
    hint.__dict__["active"] = active
    return hint


_GRID = 1 << 20
"""The box around a recorded cell has its sides on the grid ``2^-20 Z``."""


@lru_cache(maxsize=16)
def _side_rows(dim: int) -> tuple:
    """The rows ``2^20 e_0, -2^20 e_0, 2^20 e_1, ...`` of a box's sides on the grid."""
    return tuple(tuple(sign * _GRID * (j == k) for j in range(dim)) for k in range(dim) for sign in (1, -1))


def _cell_box_sides(hint) -> list[tuple] | None:
    """The sides ``(c, bound)`` (``c = +-2^20 e_k``) of the float vertices' bounding box rounded outward, or None (unbounded)."""
    if hint.incidence[:, hint.n_rows:].any():  # a vertex of the artificial box: unbounded
        return None
    tops = np.floor(hint.vertices.max(axis=0) * _GRID) + 1
    bottoms = np.floor(-hint.vertices.min(axis=0) * _GRID) + 1
    bounds = np.column_stack([tops, bottoms]).ravel()
    if not np.all(np.isfinite(bounds)):
        return None
    return list(zip(_side_rows(len(tops)), map(int, bounds.tolist())))


def _box_proofs(A, b, hint, targets: Sequence[tuple], pending: list, box, found: list) -> list:
    """Prove pending targets on ``{A x <= b}`` within the box ``|x_k| <= box_k``, in integers; return the rest.

    Float multipliers at the vertex maximising each objective, scaled to
    integers over a power of two, are tested by
    :func:`~exactpd.kernel.certificate.box_bound_holds` (their rounding is
    absorbed by the box; no linear solve): the 2 D sides of a box around the
    cell (:func:`_cell_box_sides`), which once proved settle every target
    ``a . x <= beta`` with ``sum_k max(a_k hi_k, a_k lo_k) <= beta`` in D
    integer products (:func:`_clear_of_box`), and each target that does not
    clear the box.  All the multipliers come from one batched proposal.
    """
    sides = _cell_box_sides(hint)
    if sides is None:
        return _multiplier_proofs(A, b, hint, [targets[k] for k in pending], pending, box, found)
    clear = _clear_of_box(targets, pending, [bound for _, bound in sides])
    near = [k for k, ok in zip(pending, clear) if not ok]
    proofs = _multipliers_hold(A, b, hint, sides + [targets[k] for k in near], box)
    if not all(proofs[: len(sides)]):  # the box is not proved: every target on its own multipliers
        return _multiplier_proofs(A, b, hint, [targets[k] for k in pending], pending, box, found)
    for k in (k for k, ok in zip(pending, clear) if ok):
        found[k] = True
    left = []
    for k, ok in zip(near, proofs[len(sides):]):
        if ok:
            found[k] = True
        else:
            left.append(k)
    return left


def _clear_of_box(targets: Sequence[tuple], pending: list, reach: list) -> list[bool]:
    """Per pending target ``(a, beta)``: whether ``a . x <= beta`` on the box ``-reach[2k+1] <= G x_k <= reach[2k]`` (exact)."""
    tops, bottoms = reach[0::2], [-v for v in reach[1::2]]
    return [
        sum(map(max, map(mul, targets[k][0], tops), map(mul, targets[k][0], bottoms))) <= targets[k][1] * _GRID
        for k in pending
    ]


def _multipliers_hold(A, b, hint, objectives: list, box) -> list[bool]:
    """Per objective ``(c, bound)``: whether the proposed multipliers prove ``c . x <= bound`` within the box (exact test)."""
    if not objectives:
        return []
    try:
        proposals = box_multipliers_hint(hint, A, [c for c, _ in objectives])
    except (OverflowError, ValueError):  # integers beyond the float range: no proposal
        return [False] * len(objectives)
    return [p is not None and box_bound_holds(A, b, p[0], p[1], c, bound, box) for p, (c, bound) in zip(proposals, objectives)]


def _multiplier_proofs(A, b, hint, objectives: list, pending: list, box, found: list) -> list:
    """Mark the pending targets whose multipliers prove them (:func:`_multipliers_hold`); return the others."""
    left = []
    for k, ok in zip(pending, _multipliers_hold(A, b, hint, objectives, box)):
        if ok:
            found[k] = True
        else:
            left.append(k)
    return left


def _bases_hint(A, b, witness, hint, objectives: Sequence[tuple], engine) -> list:
    """Per objective, D rows of ``A x <= b`` proposed as an optimal basis of ``max a . x`` (floats), or None."""
    dim = len(witness)
    found: list = [None] * len(objectives)
    if not engine.uses_floats:
        return found
    if hint is not None:
        C_hint, _ = rows_hint(objectives, [0] * len(objectives))
        for k, best in enumerate(np.argmax(hint.vertices @ C_hint.T, axis=0).tolist()):
            active = hint.active[best]
            if len(active) == dim and max(active) < hint.n_rows:
                found[k] = active
    rest = [k for k, basis in enumerate(found) if basis is None]
    if rest:
        for k, lp_hint in zip(rest, maximize_hints([objectives[k] for k in rest], A, b, engine, center=witness)):
            if lp_hint is not None:
                chosen = independent_rows(A, lp_hint.active_hint)
                found[k] = tuple(chosen) if len(chosen) == dim else None
    return found


def _basis_proofs(A, b, witness, hint, targets: Sequence[tuple], pending: list, engine, found: list) -> list:
    """Prove pending targets by multipliers on a proposed basis, solved fraction-free (:func:`_proved_on_basis`); the rest."""
    by_basis: dict = {}
    for k, basis in zip(pending, _bases_hint(A, b, witness, hint, [targets[k][0] for k in pending], engine)):
        by_basis.setdefault(basis, []).append(k)
    left = by_basis.pop(None, [])
    for basis, group in by_basis.items():
        for k, ok in zip(group, _proved_on_basis(A, b, basis, [targets[k] for k in group])):
            if ok:
                found[k] = True
            else:
                left.append(k)
    return left


def _rows_implied(A, b, witness: Sequence[Fraction], targets: Sequence[tuple], engine, box=None) -> list[bool]:
    """Per target ``(a, beta)``: whether ``a . x <= beta`` holds on ``{A x <= b}`` (within ``box``, if given), decided exactly.

    ``box``: integer half-widths of a box that the proofs may also use (see
    :class:`RecordChecker`).  ``witness`` is a point strictly inside.  Cheap
    proofs first (module doc), then certified LP maxima.
    """
    found: list = [False] * len(targets)
    lowest: dict = {}
    for row, bj in zip(A, b):  # a parallel row with a lower bound implies a target alone
        lowest[row] = min(bj, lowest.get(row, bj))
    pending = [k for k, (a, beta) in enumerate(targets) if not (a in lowest and lowest[a] <= beta)]
    for k in set(range(len(targets))) - set(pending):
        found[k] = True
    hint = _vertices_hint(A, b, witness, engine, box is not None) if pending else None
    if hint is not None and box is not None:
        pending = _box_proofs(A, b, hint, targets, pending, box, found)
    left = _basis_proofs(A, b, witness, hint, targets, pending, engine, found) if pending else []
    if left:
        P = HPolytope.from_primitive(A, b, dim=len(witness), checked=False)
        for k, solution in zip(left, maximize_certified(P, [targets[k][0] for k in left], witness, engine)):
            found[k] = solution.status is LPStatus.OPTIMAL and solution.value <= targets[k][1]
    return found


class RecordChecker:
    """Exact checks of recorded regions and seeds against the network, sharing work between equal code prefixes.

    In a bounded domain the proofs that absent rows are implied may use a box
    ``|x_k| <= M_k`` that holds strictly on the domain: each absent row is then
    proved on the recorded polytope ``Q`` within the box, so ``Q`` within the
    box lies in the cell ``C`` of the code (the domain's rows are candidates
    too), hence strictly inside the box; ``Q`` is convex and meets ``C``, so it
    cannot reach beyond the box, and ``Q = C``.
    """

    def __init__(self, layers: tuple, bounded: bool, domain: HPolytope, engine: EngineLike = DEFAULT_ENGINE) -> None:
        self._layers = layers
        self._bounded = bounded
        self._domain_rows = frozenset(zip(domain.A, domain.b))
        self._engine = get_engine(engine)
        self._rows = CodeRows(layers, self._domain_rows)
        self._box = root_cell(domain, engine).bound  # |x_k| < box_k on the domain; None when it is unbounded
        self._differences: dict = {}

    def _two_piece_differences(self, prefix: tuple) -> list:
        """For each unit of two pieces, ``(slope, offset, identical)`` of piece 1 minus piece 0; None for other units."""
        found = self._differences.get(prefix)
        if found is None:
            found = []
            for unit in self._rows.pieces(prefix):
                if len(unit) != 2:
                    found.append(None)
                    continue
                (slope0, off0), (slope1, off1) = unit
                found.append((tuple(a - c for a, c in zip(slope1, slope0)), off1 - off0, unit[0] == unit[1]))
            self._differences[prefix] = found
        return found

    def _check_complete(self, code: tuple, partial: tuple, A, b, witness: Sequence[Fraction], where: str) -> None:
        """Every candidate row of the cell that the record does not hold is implied by the rows it holds (exact)."""
        candidates = self._rows.candidates(code, partial)
        held = set(zip(A, b))
        absent = [key for key in candidates if key not in held]
        if not absent:
            return
        for (row, bj), proved in zip(absent, _rows_implied(A, b, witness, absent, self._engine, self._box)):
            if not proved:
                label = candidates[(row, bj)]
                name = "the domain" if label == DOMAIN else f"layer {label[0]} unit {label[1]}"
                raise CertificationError(
                    f"{where}: the row {list(row)} . x <= {bj} of {name} cuts the recorded cell, and the record does not hold it"
                )

    def _check_code(self, code: tuple, partial: tuple, x: Sequence[int], den: int, where: str) -> None:
        """Every unit's piece in ``code`` (then ``partial``, the current layer's first units) wins at ``x / den``.

        Winning: the largest value, tied only with identical pieces of higher index
        (the forward pass's rule), so the witness lies on no unit boundary.
        """
        layers = (*code, partial) if partial else code
        for index, pieces in enumerate(layers):
            units = self._rows.pieces(code[:index])
            if len(pieces) > len(units) or (index < len(code) and len(pieces) != len(units)):
                raise CertificationError(f"{where}: layer {index} of the code has {len(pieces)} units, the network {len(units)}")
            differences = self._two_piece_differences(code[:index])
            for k, r in enumerate(pieces):
                if differences[k] is not None:  # two pieces: the sign of their difference decides
                    slope, offset, identical = differences[k]
                    v = sum(map(mul, slope, x)) + offset * den
                    if v == 0 and not identical:
                        raise CertificationError(f"{where}: layer {index} unit {k}: the witness lies on a unit boundary")
                    if r != (1 if v > 0 else 0):
                        raise CertificationError(f"{where}: layer {index} unit {k}: the witness does not have this code")
                    continue
                values = [sum(map(mul, slope, x)) + off * den for slope, off in units[k]]
                best = max(values)
                if not 0 <= r < len(values) or values[r] != best:
                    raise CertificationError(f"{where}: layer {index} unit {k}: the witness does not have this code")
                for s, v in enumerate(values):
                    if v == best and s != r and (s < r or units[k][s] != units[k][r]):
                        raise CertificationError(f"{where}: layer {index} unit {k}: the witness lies on a unit boundary")

    def _check_rows(self, code: tuple, partial: tuple, A, b, labels, where: str) -> None:
        """Every row is a domain row, or a boundary row of each unit its labels name for this code (exact)."""
        layers = (*code, partial) if partial else code
        for i, (row, bj, names) in enumerate(zip(A, b, labels)):
            if not names:
                raise CertificationError(f"{where}: row {i} has no label")
            for label in names:
                if label == DOMAIN:
                    ok = (row, bj) in self._domain_rows
                else:
                    layer, unit = label
                    if not 0 <= layer < len(layers) or not 0 <= unit < len(layers[layer]):
                        raise CertificationError(f"{where}: row {i} names unit {label}, which this code does not cut")
                    ok = (row, bj) in self._rows.unit_rows(code[:layer], unit, layers[layer][unit])
                if not ok:
                    raise CertificationError(f"{where}: row {i} is not a boundary of {label!r} for this code")

    def region(self, facts: RegionFacts, where: str) -> None:
        """Check a recorded region as strictly as fresh work, in exact integers; raise CertificationError.

        The witness is strictly inside every row and has the region's code under
        the network; every facet point is on its row and strictly inside the
        others (so every row is a facet); every row is a domain row or a
        boundary of each unit its labels name, for that code, and every other
        candidate row of the code is implied by the rows (so the rows are the
        cell's); the boundedness flag is the domain's, or decided again.
        """
        if len(facts.code) != len(self._layers):
            raise CertificationError(f"{where}: the code has {len(facts.code)} layers, the network {len(self._layers)}")
        x, den = facts.witness[:-1], facts.witness[-1]
        if den <= 0 or len(facts.points) != len(facts.A) or any(len(p) != len(facts.witness) or p[-1] <= 0 for p in facts.points):
            raise CertificationError(f"{where}: malformed points")
        _check_inside(facts.A, facts.b, x, den, where)
        for i, p in enumerate(facts.points):
            _check_inside(facts.A, facts.b, p[:-1], p[-1], where, on=i)
        self._check_code(facts.code, (), x, den, where)
        self._check_rows(facts.code, (), facts.A, facts.b, facts.labels, where)
        self._check_complete(facts.code, (), facts.A, facts.b, tuple(Fraction(v, den) for v in x), where)
        bounded = self._bounded or is_bounded(HPolytope.from_primitive(facts.A, facts.b, dim=len(x)))
        if facts.bounded is not bounded:
            raise CertificationError(f"{where}: the region is {'' if bounded else 'not '}bounded")

    def seed(self, seed: Cell, where: str) -> None:
        """Check a recorded seed (a cell not yet cut): witness strictly inside with the seed's code, facet points, rows justified and complete."""
        if len(seed.code) > len(self._layers) or (len(seed.code) == len(self._layers) and seed.pieces):
            raise CertificationError(f"{where}: the seed's code is longer than the network")
        x, den = integer_point(seed.witness)
        _check_inside(seed.A, seed.b, x, den, where)
        for i, point in enumerate(seed.points):
            if point is not None:
                _check_facet_point(seed.A, seed.b, i, *integer_point(point), where)
        self._check_code(seed.code, seed.pieces, x, den, where)
        self._check_rows(seed.code, seed.pieces, seed.A, seed.b, tuple((label,) for label in seed.labels), where)
        self._check_complete(seed.code, seed.pieces, seed.A, seed.b, seed.witness, where)
