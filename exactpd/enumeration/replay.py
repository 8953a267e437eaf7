"""Exact checks of recorded work: the regions and seeds a journal replays, checked as strictly as fresh work.

A journal (:mod:`exactpd.io.checkpoint`) stores finished regions and open
seeds of the driver's work tree (:mod:`exactpd.enumeration.driver`) as
integers.  On a resume each record is checked again here, in exact integers,
against the network, before it is trusted.
"""

from __future__ import annotations

from operator import mul
from typing import NamedTuple, Sequence

from exactpd.enumeration.lp_engine import Cell, _cells_of_unit, _layer_pieces
from exactpd.enumeration.region import DOMAIN
from exactpd.errors import CertificationError
from exactpd.kernel.polytope import HPolytope, is_bounded
from exactpd.kernel.simplex import integer_point
from exactpd.network.maso import IntegerMap, apply_pieces

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


class RecordChecker:
    """Exact checks of recorded regions and seeds against the network, sharing work between equal code prefixes."""

    def __init__(self, layers: tuple, bounded: bool, domain: HPolytope) -> None:
        self._layers = layers
        self._bounded = bounded
        self._domain_rows = frozenset(zip(domain.A, domain.b))
        self._maps: dict = {(): None}
        self._units: dict = {}
        self._differences: dict = {}
        self._rows: dict = {}

    def _map(self, prefix: tuple) -> IntegerMap | None:
        found = self._maps.get(prefix, False)
        if found is False:
            found = apply_pieces(self._layers[len(prefix) - 1], prefix[-1], self._map(prefix[:-1]))
            self._maps[prefix] = found
        return found

    def _pieces(self, prefix: tuple) -> list:
        """The pieces of every unit of layer ``len(prefix)`` as integer affine functions of the input."""
        found = self._units.get(prefix)
        if found is None:
            found = self._units[prefix] = _layer_pieces(self._layers[len(prefix)], self._map(prefix))
        return found

    def _two_piece_differences(self, prefix: tuple) -> list:
        """For each unit of two pieces, ``(slope, offset, identical)`` of piece 1 minus piece 0; None for other units."""
        found = self._differences.get(prefix)
        if found is None:
            found = []
            for unit in self._pieces(prefix):
                if len(unit) != 2:
                    found.append(None)
                    continue
                (slope0, off0), (slope1, off1) = unit
                found.append((tuple(a - c for a, c in zip(slope1, slope0)), off1 - off0, unit[0] == unit[1]))
            self._differences[prefix] = found
        return found

    def _unit_rows(self, prefix: tuple, unit: int, piece: int) -> frozenset:
        key = (prefix, unit, piece)
        found = self._rows.get(key)
        if found is None:
            own = [rows for r, rows in _cells_of_unit(self._pieces(prefix)[unit]) if r == piece]
            found = self._rows[key] = frozenset(own[0]) if own else frozenset()
        return found

    def _check_code(self, code: tuple, partial: tuple, x: Sequence[int], den: int, where: str) -> None:
        """Every unit's piece in ``code`` (then ``partial``, the current layer's first units) wins at ``x / den``.

        Winning: the largest value, tied only with identical pieces of higher index
        (the forward pass's rule), so the witness lies on no unit boundary.
        """
        layers = (*code, partial) if partial else code
        for index, pieces in enumerate(layers):
            units = self._pieces(code[:index])
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
                    ok = (row, bj) in self._unit_rows(code[:layer], unit, layers[layer][unit])
                if not ok:
                    raise CertificationError(f"{where}: row {i} is not a boundary of {label!r} for this code")

    def region(self, facts: RegionFacts, where: str) -> None:
        """Check a recorded region as strictly as fresh work, in exact integers; raise CertificationError.

        The witness is strictly inside every row and has the region's code under
        the network; every facet point is on its row and strictly inside the
        others (so every row is a facet); every row is a domain row or a
        boundary of each unit its labels name, for that code; the boundedness
        flag is the domain's, or decided again.
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
        bounded = self._bounded or is_bounded(HPolytope.from_primitive(facts.A, facts.b, dim=len(x)))
        if facts.bounded is not bounded:
            raise CertificationError(f"{where}: the region is {'' if bounded else 'not '}bounded")

    def seed(self, seed: Cell, where: str) -> None:
        """Check a recorded seed (a cell not yet cut): witness strictly inside with the seed's code, facet points, rows justified."""
        if len(seed.code) > len(self._layers) or (len(seed.code) == len(self._layers) and seed.pieces):
            raise CertificationError(f"{where}: the seed's code is longer than the network")
        x, den = integer_point(seed.witness)
        _check_inside(seed.A, seed.b, x, den, where)
        for i, point in enumerate(seed.points):
            if point is not None:
                _check_facet_point(seed.A, seed.b, i, *integer_point(point), where)
        self._check_code(seed.code, seed.pieces, x, den, where)
        self._check_rows(seed.code, seed.pieces, seed.A, seed.b, tuple((label,) for label in seed.labels), where)
