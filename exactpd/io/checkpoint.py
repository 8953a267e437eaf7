"""The checkpoint journal of a long enumeration: framed JSON records, appended as tasks finish.

Every line is one record, framed as ``<length> <crc32> <json>\\n``: the byte
length of the JSON text in decimal, its CRC-32 in 8 hexadecimal digits, then
the text (compact JSON, one line).  Line 1 is the header::

    {"kind": "exactpd.checkpoint", "format": 3, "units_per_cut": 8,
     "network": {...network file...}, "domain": {"dim": 2, "halfspaces": [...]}}

and every later line is one finished task of the driver
(:mod:`exactpd.enumeration.driver`), or, once every region is found, the
edges of one region (:mod:`exactpd.enumeration.edge_journal`).  A task::

    {"took": [[code, pieces], ...],
     "regions": [[code, rows, labels, points, witness, bounded], ...],
     "seeds": [[code, pieces, rows, labels, witness, points, hint], ...]}

``took`` names the cells the task was given (a cell is named by its code
prefix and the pieces of its current layer's units cut so far); ``regions``
are the regions it finished: ``rows`` the facet rows ``[a_1, ..., a_D, b]``
(``a . x <= b``, primitive integers), ``labels`` per row the list of its labels
(``[layer, unit]`` or ``"domain"``), ``points`` per row a point of the facet's
relative interior and ``witness`` a point inside, each as integer numerators
followed by their common denominator; ``seeds`` are the cells it did not
reach (one label per row; ``points`` its known facet points, one per row or
``null`` when not known, or ``[]``; ``hint`` the seed's float vertex hint,
``[vertices, incidence, n_vertices]`` with the float64 vertices (little
endian) and the packed bits of the vertex-row incidence in base64, or
``null``).  The hint decides nothing (every decision made from it is checked
exactly); it is kept so that a resumed run picks the same certificate points
as an uninterrupted one, byte for byte.  The edges of region ``i`` (its index
among all the regions sorted by code), those to regions ``v > i``::

    {"edges_of": i, "edges": [[v, facet, flips, point], ...]}

``facet`` is the index of region i's row that the edge crosses, ``flips``
the units ``[layer, unit]`` whose pieces differ between the two codes, and
``point`` a point of the relative interior of the shared face (integers
then their common denominator).

What is guaranteed:

- a record is written whole or not at all as far as a reader can tell: a last
  line without its newline, or whose length or checksum does not match (a
  write torn by a kill or a full disk), is dropped and its task is redone;
  damage anywhere else is a :class:`~exactpd.errors.FileFormatError` naming
  the journal and the line;
- the driver checks every replayed region and cell again exactly
  (witness code, facet points, every row a boundary of the units it names, every
  other boundary row of the code implied by its rows), and every replayed edge
  (its point on the facet's row, in both closures and strictly inside every other
  row of both regions, its flips those of the two codes) and every replayed region's
  edges (all of them: each facet joined to the region beyond its facet point, which
  is its only neighbour, or else the region searched again), so a record that is
  well framed but wrong is refused too, with its line;
- one run at a time: the journal is locked (``fcntl.flock``) while a run uses
  it, and a second run gets :class:`~exactpd.errors.JournalInUseError`;
- a journal of format 1 (exactpd before the framed format) or 2 (before edge
  records) is refused with a clear message: it cannot be resumed, only removed.

Records are written unbuffered (a killed process loses nothing it wrote) and
the journal is synced to disk when it is closed.  A write that fails (a full
disk) cuts the journal back to its last whole record and raises ``OSError``
naming the journal; the run can be resumed once there is space.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import zlib
from fractions import Fraction
from typing import Any, Iterator

import numpy as np

from exactpd.enumeration.driver import register_journal_format
from exactpd.enumeration.replay import RegionFacts
from exactpd.enumeration.lp_engine import Cell
from exactpd.enumeration.region import DOMAIN
from exactpd.errors import FileFormatError, JournalInUseError
from exactpd.io.jsonio import network_to_dict
from exactpd.io.partition_file import polytope_to_dict
from exactpd.kernel.polytope import HPolytope
from exactpd.kernel.simplex import integer_point
from exactpd.kernel.vertex_hint import VertexHint
from exactpd.network.layers import Network

__all__ = ["JOURNAL_FORMAT", "Journal"]

_KIND = "exactpd.checkpoint"

JOURNAL_FORMAT = 3
"""The journal format this exactpd writes and reads (format 1 had no framing, format 2 no edge records)."""

_EDGE_RECORD = b'{"edges_of":'
"""How an edge record's JSON starts (the journal writes its keys in this order)."""


def frame(payload: bytes) -> bytes:
    """One journal line: ``<length> <crc32> <payload>\\n``."""
    return b"%d %08x " % (len(payload), zlib.crc32(payload)) + payload + b"\n"


def _unframe(line: bytes) -> bytes | None:
    """The payload of a well-framed line (without its newline), or None."""
    head, _, rest = line.partition(b" ")
    crc, _, payload = rest.partition(b" ")
    if not head.isdigit() or len(crc) != 8 or int(head) != len(payload):
        return None
    try:
        if int(crc, 16) != zlib.crc32(payload):
            return None
    except ValueError:
        return None
    return payload


# --------------------------------------------------------------------------- records as JSON


def _label_json(label) -> Any:
    return DOMAIN if label == DOMAIN else [label[0], label[1]]


def _region_json(facts: RegionFacts) -> list:
    return [
        [list(c) for c in facts.code],
        [[*row, bj] for row, bj in zip(facts.A, facts.b)],
        [[_label_json(label) for label in labels] for labels in facts.labels],
        [list(p) for p in facts.points],
        list(facts.witness),
        facts.bounded,
    ]


def _point_json(point) -> list | None:
    if point is None:
        return None
    numerators, den = integer_point(point)
    return [*numerators, den]


def _seed_json(cell: Cell) -> list:
    return [
        [list(c) for c in cell.code],
        list(cell.pieces),
        [[*row, bj] for row, bj in zip(cell.A, cell.b)],
        [_label_json(label) for label in cell.labels],
        _point_json(cell.witness),
        [_point_json(p) for p in cell.points],
        _hint_json(cell.hint),
    ]


def _hint_json(hint: VertexHint | None) -> list | None:
    if hint is None:
        return None
    vertices = base64.b64encode(np.ascontiguousarray(hint.vertices, dtype="<f8").tobytes()).decode("ascii")
    incidence = base64.b64encode(np.packbits(hint.incidence, axis=None).tobytes()).decode("ascii")
    return [vertices, incidence, len(hint.vertices)]


def _hint(value: Any, dim: int, n_rows: int) -> VertexHint | None:
    """A seed's vertex hint read back; a hint that does not have the documented shape is refused."""
    if value is None:
        return None
    vertices, incidence, n = _fields(value, 3)
    if not isinstance(vertices, str) or not isinstance(incidence, str) or type(n) is not int or n < 0:
        raise _Bad("a seed's vertex hint is [vertices, incidence, n_vertices]")
    try:
        V = np.frombuffer(base64.b64decode(vertices, validate=True), dtype="<f8")
        bits = np.unpackbits(np.frombuffer(base64.b64decode(incidence, validate=True), dtype=np.uint8))
    except ValueError:
        raise _Bad("a seed's vertex hint is not base64") from None
    columns = n_rows + 2 * dim
    if V.size != n * dim or bits.size < n * columns or bits.size >= n * columns + 8 or not np.isfinite(V).all():
        raise _Bad("a seed's vertex hint does not have its vertices' shape")
    return VertexHint(V.astype(float).reshape(n, dim), bits[: n * columns].reshape(n, columns).astype(bool), n_rows)


_INT = {int}


class _Bad(Exception):
    """A record that does not have the documented shape (the message says where)."""


def _ints(value: Any, length: int | None = None) -> tuple:
    if (
        not isinstance(value, list)
        or (length is not None and len(value) != length)
        or (value and set(map(type, value)) != _INT)
    ):
        raise _Bad(f"expected a list of {length if length is not None else 'some'} integers, got {value!r:.80}")
    return tuple(value)


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise _Bad(f"expected a list, got {value!r}")
    return value


def _label(value: Any):
    if value == DOMAIN:
        return DOMAIN
    layer, unit = _ints(value, 2)
    return (layer, unit)


def _code(value: Any) -> tuple:
    return tuple(_ints(c) for c in _list(value))


def _rows(value: Any, dim: int) -> tuple[tuple, tuple]:
    rows = [_ints(r, dim + 1) for r in _list(value)]
    return tuple(r[:-1] for r in rows), tuple(r[-1] for r in rows)


def _region(value: Any, dim: int) -> RegionFacts:
    code, rows, labels, points, witness, bounded = _fields(value, 6)
    A, b = _rows(rows, dim)
    labels = tuple(tuple(_label(l) for l in _list(names)) for names in _list(labels))
    points = tuple(_ints(p, dim + 1) for p in _list(points))
    if len(labels) != len(A) or len(points) != len(A) or not isinstance(bounded, bool):
        raise _Bad("a region needs one label list and one point per row, and a bounded flag")
    return RegionFacts(_code(code), A, b, labels, points, _ints(witness, dim + 1), bounded)


def _rational_point(value: Any, dim: int) -> tuple:
    point = _ints(value, dim + 1)
    if point[-1] <= 0:
        raise _Bad("a denominator must be positive")
    return tuple(Fraction(v, point[-1]) for v in point[:-1])


def _seed(value: Any, dim: int) -> Cell:
    code, pieces, rows, labels, witness, points, hint = _fields(value, 7)
    A, b = _rows(rows, dim)
    labels = tuple(_label(l) for l in _list(labels))
    points = tuple(None if p is None else _rational_point(p, dim) for p in _list(points))
    if len(labels) != len(A) or (points and len(points) != len(A)):
        raise _Bad("a seed needs one label per row, and one facet point per row or none")
    return Cell(_code(code), A, b, labels, _rational_point(witness, dim), pieces=_ints(pieces), points=points, hint=_hint(hint, dim, len(A)))


def _fields(value: Any, n: int) -> list:
    if not isinstance(value, list) or len(value) != n:
        raise _Bad(f"expected a list of {n} entries, got {value!r:.80}")
    return value


def _edge_entry(value: Any, dim: int) -> tuple:
    v, f, flips, point = _fields(value, 4)
    (v, f) = _ints([v, f], 2)
    point = _ints(point, dim + 1)
    if point[-1] <= 0:
        raise _Bad("a denominator must be positive")
    return (v, f, tuple(_ints(u, 2) for u in _list(flips)), point)


def _key(value: Any) -> tuple:
    code, pieces = _fields(value, 2)
    return (_code(code), _ints(pieces))


# --------------------------------------------------------------------------- the journal


class Journal:
    """An open, locked checkpoint file (see the module doc); use :meth:`open`, then :meth:`close`.

    Attributes
    ----------
    path : str or path-like
        The journal file.

    Examples
    --------
    >>> import os, tempfile
    >>> from exactpd import Dense, Network, box
    >>> net = Network(1, [Dense([[1]], [0], "relu")])
    >>> path = os.path.join(tempfile.mkdtemp(), "run.jsonl")
    >>> journal = Journal.open(path, net, box([-1], [1]), units_per_cut=1)
    >>> list(journal.records())  # a new journal: its header only
    []
    >>> Journal.open(path, net, box([-1], [1]), units_per_cut=1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    exactpd.errors.JournalInUseError: ...run.jsonl: another exactpd run is using this checkpoint; wait for it to finish
    >>> journal.close()
    """

    def __init__(self, path, handle, dim: int, lines: list, valid_end: int) -> None:
        self.path = path
        self._handle = handle
        self._dim = dim
        self._lines = [line for line in lines if not line[1].startswith(_EDGE_RECORD)]  # (line number, payload): tasks
        self._edge_lines = [line for line in lines if line[1].startswith(_EDGE_RECORD)]
        self._valid_end = valid_end
        self._trimmed = False

    @classmethod
    def open(cls, path, net: Network, domain: HPolytope, *, units_per_cut: int) -> "Journal":
        """Open (creating it if needed) and lock the journal at ``path`` for ``net`` over ``domain``.

        Parameters
        ----------
        path : str or path-like
            The journal file.
        net : Network
            The network of the run (written in the header, compared on reopening).
        domain : HPolytope
            The domain of the run (likewise).
        units_per_cut : int
            The driver's setting (likewise).

        Returns
        -------
        Journal
            Locked until :meth:`close`; its :meth:`records` are those already in the file.

        Raises
        ------
        JournalInUseError
            Another run holds the journal.
        FileFormatError
            The file is not a journal, is of format 1, was written for another
            network, domain or driver setting, or is damaged before its last line.

        Examples
        --------
        >>> import os, tempfile
        >>> from exactpd import Dense, Network, box
        >>> net = Network(1, [Dense([[1]], [0], "relu")])
        >>> path = os.path.join(tempfile.mkdtemp(), "run.jsonl")
        >>> Journal.open(path, net, box([-1], [1]), units_per_cut=1).close()
        >>> Journal.open(path, net, box([-2], [2]), units_per_cut=1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        exactpd.errors.FileFormatError: ...run.jsonl: ...
        """
        import fcntl

        handle = open(path, "a+b", buffering=0)  # unbuffered: a record is in the file once written
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise JournalInUseError(f"{path}: another exactpd run is using this checkpoint; wait for it to finish") from None
        try:
            header = {
                "kind": _KIND,
                "format": JOURNAL_FORMAT,
                "units_per_cut": units_per_cut,
                "network": network_to_dict(net),
                "domain": polytope_to_dict(domain),
            }
            handle.seek(0)
            data = handle.read()
            lines, valid_end = cls._read(path, data, header)
            journal = cls(path, handle, net.input_dim, lines, valid_end)
            if valid_end == 0:
                journal._write(frame(json.dumps(header, separators=(",", ":")).encode()))
            return journal
        except BaseException:
            handle.close()
            raise

    @staticmethod
    def _read(path, data: bytes, header: dict) -> tuple[list, int]:
        lines: list = []
        offset = 0
        number = 0
        while offset < len(data):
            number += 1
            end = data.find(b"\n", offset)
            raw = data[offset:] if end < 0 else data[offset:end]
            payload = _unframe(raw) if end >= 0 else None
            if payload is None:
                if end < 0 or data[end + 1 :].strip() == b"":
                    if number == 1 and raw.lstrip().startswith(b"{"):
                        _refuse_old(path, raw)
                    break  # a last record torn by a kill or a full disk: dropped, its work redone
                if number == 1 and raw.lstrip().startswith(b"{"):
                    _refuse_old(path, raw)
                raise FileFormatError(f"{path}: line {number}: the record is damaged (its length or checksum does not match)")
            if number == 1:
                _check_header(path, payload, header)
            else:
                lines.append((number, payload))
            offset = end + 1
        return lines, offset if number else 0

    def records(self) -> Iterator[tuple[int, list, list, list]]:
        """Every task record: ``(line number, cells taken, RegionFacts, seed Cells)``, decoded (not yet checked).

        Yields
        ------
        (int, list, list, list)
            The records read when the journal was opened, once: a second pass yields nothing.

        Raises
        ------
        FileFormatError
            A record that is not of the schema (the message names the line).

        Examples
        --------
        >>> import os, tempfile
        >>> from exactpd import Dense, Network, box
        >>> net = Network(1, [Dense([[1]], [0], "relu")])
        >>> path = os.path.join(tempfile.mkdtemp(), "run.jsonl")
        >>> journal = Journal.open(path, net, box([-1], [1]), units_per_cut=1)
        >>> journal.record_task([], [], [])
        >>> journal.close()
        >>> journal = Journal.open(path, net, box([-1], [1]), units_per_cut=1)
        >>> [(taken, regions, seeds) for _, taken, regions, seeds in journal.records()]
        [([], [], [])]
        >>> journal.close()
        """
        for number, payload in self._lines:
            try:
                record = json.loads(payload)
                if not isinstance(record, dict) or set(record) != {"took", "regions", "seeds"}:
                    raise _Bad('a task record has the keys "took", "regions" and "seeds"')
                taken = [_key(k) for k in _list(record["took"])]
                found = [_region(r, self._dim) for r in _list(record["regions"])]
                left = [_seed(s, self._dim) for s in _list(record["seeds"])]
            except (_Bad, ValueError, TypeError) as err:
                raise FileFormatError(f"{self.path}: line {number}: {err}") from None
            yield number, taken, found, left
        self._lines = []

    def edge_records(self) -> Iterator[tuple[int, int, list]]:
        """Every edge record: ``(line number, region index, [(v, facet, flips, point), ...])``, decoded (not yet checked).

        ``flips`` is a tuple of ``(layer, unit)``, ``point`` integers then their
        common denominator (see the module doc).

        Yields
        ------
        (int, int, list)
            The edge records read when the journal was opened, once.

        Raises
        ------
        FileFormatError
            A record that is not of the schema (the message names the line).

        Examples
        --------
        >>> import os, tempfile
        >>> from exactpd import Dense, Network, box
        >>> net = Network(1, [Dense([[1]], [0], "relu")])
        >>> path = os.path.join(tempfile.mkdtemp(), "run.jsonl")
        >>> journal = Journal.open(path, net, box([-1], [1]), units_per_cut=1)
        >>> journal.record_edges(0, [(1, 0, ((0, 0),), (0, 1))])
        >>> journal.close()
        >>> journal = Journal.open(path, net, box([-1], [1]), units_per_cut=1)
        >>> list(journal.edge_records()), list(journal.records())
        ([(2, 0, [(1, 0, ((0, 0),), (0, 1))])], [])
        >>> journal.close()
        """
        for number, payload in self._edge_lines:
            try:
                record = json.loads(payload)
                if not isinstance(record, dict) or set(record) != {"edges_of", "edges"}:
                    raise _Bad('an edge record has the keys "edges_of" and "edges"')
                (i,) = _ints([record["edges_of"]], 1)
                yield number, i, [_edge_entry(e, self._dim) for e in _list(record["edges"])]
            except (_Bad, ValueError, TypeError) as err:
                raise FileFormatError(f"{self.path}: line {number}: {err}") from None
        self._edge_lines = []

    def record_edges(self, i: int, entries) -> None:
        """Append the edges of region ``i`` (see the module doc and :meth:`edge_records` for an example).

        Parameters
        ----------
        i : int
            The region's index (regions sorted by code).
        entries : sequence of (int, int, tuple, tuple)
            Per edge ``(v, facet, flips, point)``: the other region's index,
            region i's row, the flipped units, the point as integers then
            their common denominator.

        Returns
        -------
        None

        Raises
        ------
        OSError
            The write failed (a full disk): the journal is cut back to its last
            whole record, and the error names it.
        """
        record = {"edges_of": i, "edges": [[v, f, [list(u) for u in flips], list(point)] for v, f, flips, point in entries]}
        self._write(frame(json.dumps(record, separators=(",", ":")).encode()))

    def record_task(self, taken, regions, seeds) -> None:
        """Append one finished task (see the module doc).

        Parameters
        ----------
        taken : sequence of (Code, pieces)
            The keys of the cells the task took.
        regions : sequence of RegionFacts
            The regions it finished.
        seeds : sequence of Cell
            The cells it left to cut.

        Returns
        -------
        None

        Raises
        ------
        OSError
            The write failed (a full disk): the journal is cut back to its last
            whole record, and the error names it (see :meth:`records` for an example).
        """
        record = {
            "took": [[[list(c) for c in code], list(pieces)] for code, pieces in taken],
            "regions": [_region_json(r) for r in regions],
            "seeds": [_seed_json(s) for s in seeds],
        }
        self._write(frame(json.dumps(record, separators=(",", ":")).encode()))

    def _write(self, line: bytes) -> None:
        """Append one framed record; on a failed write (a full disk) cut the file back to its last whole record."""
        try:
            if not self._trimmed:  # drop a torn last record before appending after it
                self._handle.truncate(self._valid_end)
                self._trimmed = True
            view = memoryview(line)
            while view:
                view = view[self._handle.write(view) :]
        except OSError as err:
            with contextlib.suppress(OSError):
                self._handle.truncate(self._valid_end)
            raise OSError(err.errno, err.strerror, str(self.path)) from None
        self._valid_end += len(line)

    def close(self) -> None:
        """Sync the journal to disk, release the lock and close it.

        Returns
        -------
        None
            A second call does nothing.

        Examples
        --------
        >>> import os, tempfile
        >>> from exactpd import Dense, Network, box
        >>> net = Network(1, [Dense([[1]], [0], "relu")])
        >>> path = os.path.join(tempfile.mkdtemp(), "run.jsonl")
        >>> journal = Journal.open(path, net, box([-1], [1]), units_per_cut=1)
        >>> journal.close(); journal.close()
        """
        if self._handle.closed:
            return
        try:
            os.fsync(self._handle.fileno())
        except OSError:
            pass  # a journal on a file system that cannot sync is still whole as far as it was written
        finally:
            self._handle.close()  # closing the file releases the lock


def _refuse_old(path, raw: bytes) -> None:
    try:
        record = json.loads(raw)
    except ValueError:
        return
    if isinstance(record, dict) and record.get("kind") == _KIND:
        raise FileFormatError(
            f"{path}: a checkpoint of format {record.get('format', 1)!r}, written by an older exactpd; this exactpd "
            f"reads format {JOURNAL_FORMAT} only and cannot resume it: remove the file to start the run over"
        )


def _check_header(path, payload: bytes, header: dict) -> None:
    try:
        found = json.loads(payload)
    except ValueError:
        found = None
    if not isinstance(found, dict) or found.get("kind") != _KIND:
        raise FileFormatError(f"{path}: line 1: not an exactpd checkpoint")
    if found.get("format") != JOURNAL_FORMAT:
        older = isinstance(found.get("format"), int) and found["format"] < JOURNAL_FORMAT
        raise FileFormatError(
            f"{path}: checkpoint format {found.get('format')!r}"
            + (", written by an older exactpd" if older else "")
            + f"; this exactpd reads format {JOURNAL_FORMAT} only and cannot resume it: remove the file to start the run over"
        )
    if found.get("units_per_cut") != header["units_per_cut"]:
        raise FileFormatError(f"{path}: this checkpoint was written by an exactpd that cuts cells differently; remove it to start over")
    if found.get("network") != header["network"] or found.get("domain") != header["domain"]:
        raise FileFormatError(f"{path}: this checkpoint was written for another network or domain")


register_journal_format(Journal.open)
