"""The candidate rows of a code's cell: the boundary rows of every unit it cuts, in integers, shared between codes.

The cell of a code (paper Theorem 2 / eq. 15) is the domain cut, for every
unit of every layer the code covers, by the rows that make the code's piece
the unit's maximum: ``E_s(x) <= E_r(x)`` for every other piece s, where
``E_s`` is piece s of the unit as an affine function of the network input
on the cell (the previous layers' maps at the code).  These are the cell's
*candidate rows*; its facets are some of them, the others are implied.

:class:`CodeRows` computes them in integers (primitive rows, as the LP
engine makes them: :mod:`exactpd.enumeration.lp_engine`) and caches the
layer maps and pieces by code prefix, so codes that share a prefix share the
work.  Replayed journal records (:mod:`exactpd.enumeration.replay`) and the
adjacency edges (:mod:`exactpd.enumeration.adjacency`) use it.
"""

from __future__ import annotations

from exactpd.enumeration.lp_engine import _cells_of_unit, _layer_pieces
from exactpd.enumeration.region import DOMAIN
from exactpd.network.maso import IntegerMap, apply_pieces

__all__: list[str] = []


class CodeRows:
    """Candidate rows of cells by code, cached by code prefix (see the module doc).

    Parameters
    ----------
    layers : tuple of IntegerLayer
        The network's nonlinear layers with integer rows.
    domain_rows : iterable of (row, rhs), optional
        The domain's rows (part of every cell's candidates).

    Examples
    --------
    >>> from exactpd import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu")])
    >>> rows = CodeRows(net.maso.integer_layers)
    >>> sorted(rows.unit_rows((), 0, 1)), rows.candidates(((1, 0),))
    ([((-1, 0), 0)], {((-1, 0), 0): (0, 0), ((0, 1), 0): (0, 1)})
    """

    def __init__(self, layers: tuple, domain_rows=()) -> None:
        self.layers = layers
        self._maps: dict = {(): None}
        self._units: dict = {}
        self._rows: dict = {}  # prefix -> {(unit, piece): rows}
        self._candidates: dict = {(): {key: DOMAIN for key in domain_rows}}

    def layer_map(self, prefix: tuple) -> IntegerMap | None:
        """The integer map ``x -> z^(l)(x)`` on the cell of the code ``prefix`` (None for the empty prefix)."""
        found = self._maps.get(prefix, False)
        if found is False:
            found = apply_pieces(self.layers[len(prefix) - 1], prefix[-1], self.layer_map(prefix[:-1]))
            self._maps[prefix] = found
        return found

    def pieces(self, prefix: tuple) -> list:
        """The pieces of every unit of layer ``len(prefix)`` as integer affine functions of the input, on the cell of ``prefix``."""
        found = self._units.get(prefix)
        if found is None:
            found = self._units[prefix] = _layer_pieces(self.layers[len(prefix)], self.layer_map(prefix))
        return found

    def unit_rows(self, prefix: tuple, unit: int, piece: int) -> frozenset:
        """The rows ``(row, rhs)`` that make ``piece`` the maximum of ``unit`` of layer ``len(prefix)`` (empty: it wins nowhere)."""
        table = self._table(prefix)
        found = table.get((unit, piece))
        return self._unit_rows_new(prefix, table, unit, piece) if found is None else found

    def _table(self, prefix: tuple) -> dict:
        """The rows found so far of layer ``len(prefix)``'s units on the cell of ``prefix``, by ``(unit, piece)``."""
        table = self._rows.get(prefix)
        if table is None:
            table = self._rows[prefix] = {}
        return table

    def _unit_rows_new(self, prefix: tuple, table: dict, unit: int, piece: int) -> frozenset:
        own = [rows for r, rows in _cells_of_unit(self.pieces(prefix)[unit]) if r == piece]
        found = table[unit, piece] = frozenset(own[0]) if own else frozenset()
        return found

    def candidates(self, code: tuple, partial: tuple = ()) -> dict:
        """Every candidate row of the cell of ``code`` (then ``partial``, the next layer's first units), with one label each.

        The label is ``DOMAIN`` or the first ``(layer, unit)`` whose boundary the row is.
        """
        found = self._candidates.get(code)
        if found is None:
            found = dict(self.candidates(code[:-1]))
            self._add_units(found, code[:-1], code[-1])
            if len(code) < len(self.layers):  # a prefix of later cells: kept (a full code is one region's)
                self._candidates[code] = found
        if partial:
            found = dict(found)
            self._add_units(found, code, partial)
        return found

    def _add_units(self, rows: dict, prefix: tuple, pieces: tuple) -> None:
        layer, table = len(prefix), self._table(prefix)
        for unit, piece in enumerate(pieces):
            found = table.get((unit, piece))
            for key in self._unit_rows_new(prefix, table, unit, piece) if found is None else found:
                if key not in rows:
                    rows[key] = (layer, unit)
