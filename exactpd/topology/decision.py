"""The exact topology of decision regions, boundaries and sublevel sets (issue 14).

Everything lives in the closed domain (a box, or any bounded polytope) and is
computed on the polyhedral complex K of the partition
(:mod:`exactpd.topology.faces`), on which the network's output f is affine on
every cell.

- ``{f >= t}``, ``{f <= t}``, ``{f = t}``: K is cut by the level set
  (:func:`~exactpd.topology.homology.slice_complex`: every cell that f - t
  crosses is split in its + part, - part and zero part); the set is then the
  subcomplex of the cells whose vertices all satisfy the relation.
- ``{f > t}`` (open in the domain): for ``eps`` below every positive value of
  f - t at a vertex of the cut complex, ``{f > t}`` deformation-retracts onto
  ``{f >= t + eps}`` (no vertex value lies in ``(t, t + eps]``, so the
  straight-line flow down the cells of the cut complex moves one onto the
  other).  That second cut needs only the side of each vertex (f - t > 0 or
  not), never eps itself, so it is made combinatorially.  ``{f < t}`` alike.
- class regions of a multi-logit network: K is cut by every ``f_i - f_j``
  (i < j), so that on each cell the logits are in a fixed order and
  ``g_c = f_c - max_{j != c} f_j`` is affine; ``class c`` is the open set
  ``{g_c > 0}`` (the points whose class is c without a tie), ``class c
  closed`` the set ``{g_c >= 0}``.

The domain's boundary is part of the domain: the sets are intersected with
the closed box, so ``{f >= 0}`` is compact and ``{f > 0}`` is open in the box
(not in R^D).  Betti numbers come from the cellular chain complex of the
subcomplex, with exact ranks over Q and over GF(2)
(:mod:`exactpd.topology.homology`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from exactpd.enumeration.partition import Partition
from exactpd.errors import ExactpdError, InvalidOptionError
from exactpd.rational import QVector, to_rational
from exactpd.topology.faces import FacePoset, _build, _Complex
from exactpd.topology.homology import CellComplex, cell_betti_numbers, cell_euler_characteristic, incidence_signs, slice_complex

__all__ = [
    "DecisionComplex",
    "decision_complex",
    "subcomplex",
    "betti_numbers",
    "euler_characteristic",
    "Subcomplex",
    "ONE_LOGIT_SETS",
    "decision_topology",
]


@dataclass(frozen=True)
class DecisionComplex:
    """The polyhedral complex of a partition with the exact network outputs at its vertices.

    Attributes
    ----------
    partition : Partition
    complex : CellComplex
        The face poset's incidences: ``complex.facets[D][i]`` are the facets of region i.
    points : tuple of QVector
        The vertices' exact coordinates.
    logits : tuple of QVector
        The network output at each vertex (exact; f is affine on each cell).
    """

    partition: Partition
    complex: CellComplex
    points: tuple
    logits: tuple

    @property
    def n_logits(self) -> int:
        return len(self.logits[0]) if self.logits else self.partition.network.output_dim


@dataclass(frozen=True)
class Subcomplex:
    """A set of the domain as a subcomplex ``keep`` (per dimension, a flag per cell) of a refined complex."""

    complex: CellComplex
    keep: tuple

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(sum(level) for level in self.keep)


def decision_complex(source: Partition | FacePoset | DecisionComplex) -> DecisionComplex:
    """The complex of a partition (or of its face poset) with the network's outputs at the vertices.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> dc = decision_complex(exactpd.enumerate_regions(net, exactpd.box([-1], [1])))
    >>> sorted((p[0], f[0]) for p, f in zip(dc.points, dc.logits))
    [(Fraction(-1, 1), Fraction(1, 2)), (Fraction(0, 1), Fraction(-1, 2)), (Fraction(1, 1), Fraction(1, 2))]
    """
    if isinstance(source, DecisionComplex):
        return source
    if isinstance(source, FacePoset):
        partition = source.partition
        facets = tuple(tuple(face.facets for face in level) for level in source.faces)
        holders = [face.regions[0] for face in source.faces[0]]
        points = source.points
    elif isinstance(source, Partition):
        partition = source
        cx: _Complex = _build(source)
        facets, points = cx.facets, cx.points
        holders = [regions[0] for regions in cx.regions[0]]
    else:
        raise InvalidOptionError(f"expected a Partition, a FacePoset or a DecisionComplex, got {type(source).__name__}")
    logits = tuple(partition[r].output_map(p) for r, p in zip(holders, points))
    return DecisionComplex(partition, CellComplex(*facets), tuple(points), logits)


_RELATION = re.compile(r"^\s*f\s*(>=|<=|>|<|=)\s*(\S+)\s*$")
_CLASS = re.compile(r"^\s*class\s+(\d+)(\s+closed)?\s*$")


def subcomplex(source, region: str = "f>0", logit: int | None = None) -> Subcomplex:
    """The set ``region`` of the domain as a subcomplex of an exact refinement of the partition's complex.

    Parameters
    ----------
    source : Partition, FacePoset or DecisionComplex
    region : str
        ``"f>t"``, ``"f>=t"``, ``"f=t"``, ``"f<=t"``, ``"f<t"`` (t any exact
        number: ``0``, ``"-1/3"``, ``"0.25"``), ``"box"`` (the whole domain), or for a
        multi-logit network ``"class c"`` (``{f_c > f_j for all j != c}``) and
        ``"class c closed"`` (``{f_c >= f_j for all j}``).
    logit : int, optional
        Which output is f for the ``f`` relations (needed when there are several).

    Raises
    ------
    InvalidOptionError
        An unknown description, a class or logit out of range, or ``f`` on a
        multi-logit network without ``logit``.
    """
    dc = decision_complex(source)
    cx = dc.complex
    if region.strip() == "box":
        return Subcomplex(cx, tuple(tuple(True for _ in level) for level in cx.facets))
    match = _RELATION.match(region)
    if match:
        op, number = match.groups()
        try:
            t = to_rational(number, f"the level in {region!r}")
        except ExactpdError as err:
            raise InvalidOptionError(f"{region!r}: {err}") from err
        k = _logit(dc, logit, region)
        values = [f[k] - t for f in dc.logits]
        return _relation(cx, values, op)
    match = _CLASS.match(region)
    if match:
        c, closed = int(match.group(1)), bool(match.group(2))
        if dc.n_logits < 2 or c >= dc.n_logits:
            raise InvalidOptionError(f"{region!r}: the network has {dc.n_logits} logit(s); classes need 2 or more, numbered from 0")
        refined, logits = _pairwise(dc)
        g = [f[c] - max(v for j, v in enumerate(f) if j != c) for f in logits]
        return _relation(refined, g, ">=" if closed else ">")
    raise InvalidOptionError(
        f"unknown set {region!r}: expected 'f>t', 'f>=t', 'f=t', 'f<=t', 'f<t', 'box', 'class c' or 'class c closed'"
    )


def _logit(dc: DecisionComplex, logit: int | None, region: str) -> int:
    if logit is None:
        if dc.n_logits != 1:
            raise InvalidOptionError(f"{region!r}: the network has {dc.n_logits} logits; pass logit=k, or use 'class c'")
        return 0
    if not 0 <= logit < dc.n_logits:
        raise InvalidOptionError(f"logit {logit} is out of range: the network has {dc.n_logits} logit(s)")
    return logit


def _pairwise(dc: DecisionComplex) -> tuple[CellComplex, list]:
    """The complex cut by every ``f_i - f_j``, with the logits at its vertices."""
    cx, logits = dc.complex, [list(f) for f in dc.logits]
    n = dc.n_logits
    for i in range(n):
        for j in range(i + 1, n):
            carried = [[f[k] for f in logits] for k in range(n)]
            cx, _, carried, _ = slice_complex(cx, [f[i] - f[j] for f in logits], carried)
            logits = [list(column) for column in zip(*carried)]
    return cx, logits


def _relation(cx: CellComplex, values: Sequence, op: str) -> Subcomplex:
    """The subcomplex ``{g op 0}`` of ``cx`` cut by g (g affine on each cell, given at the vertices)."""
    cut, cut_values, _, side = slice_complex(cx, values)
    if op in (">", "<"):
        sign = 1 if op == ">" else -1
        strict = [1 if sign * v > 0 else -1 for v in cut_values]
        cut, _, _, side = slice_complex(cut, strict)
        return Subcomplex(cut, tuple(tuple(not n for p, n in level) for level in side))
    if op == ">=":
        keep = tuple(tuple(not n for p, n in level) for level in side)
    elif op == "<=":
        keep = tuple(tuple(not p for p, n in level) for level in side)
    else:
        keep = tuple(tuple(not p and not n for p, n in level) for level in side)
    return Subcomplex(cut, keep)


def betti_numbers(source, region: str = "f>0", field: str = "Q", logit: int | None = None) -> tuple[int, ...]:
    """The Betti numbers ``(b_0, ..., b_D)`` of a set of the domain, exactly.

    Parameters
    ----------
    source : Partition, FacePoset or DecisionComplex
        Over a bounded domain; pass a :class:`DecisionComplex` to ask several questions of one partition.
    region : str
        See :func:`subcomplex`: ``"f>0"``, ``"f>=0"``, ``"f=0"``, ``"f<=t"``, ``"class c"``, ...
    field : {"Q", "GF2"}
    logit : int, optional

    Returns
    -------
    tuple of int
        ``b_k`` is the rank of the k-th homology group over ``field``; an empty
        set has all zeros.

    Examples
    --------
    >>> import exactpd
    >>> ring = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> part = exactpd.enumerate_regions(ring, exactpd.box([-1], [1]))
    >>> betti_numbers(part, "f>0"), betti_numbers(part, "f=0"), betti_numbers(part, "f<=0")
    ((2, 0), (2, 0), (1, 0))
    """
    sub = subcomplex(source, region, logit)
    return cell_betti_numbers(sub.complex, sub.keep, field)


def euler_characteristic(source, region: str = "f>0", logit: int | None = None) -> int:
    """The Euler characteristic of a set of the domain (see :func:`betti_numbers`), from its cell counts.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(2, [exactpd.Dense([[1, 0]], [0])])
    >>> euler_characteristic(exactpd.enumerate_regions(net, exactpd.box([-1, -1], [1, 1])), "box")
    1
    """
    sub = subcomplex(source, region, logit)
    return cell_euler_characteristic(sub.complex, sub.keep)


ONE_LOGIT_SETS = ("f>0", "f>=0", "f=0", "f<=0", "f<0")
"""The sets :func:`topology` reports for a one-logit network."""


def decision_topology(source, fields: Sequence[str] = ("Q", "GF2")) -> dict:
    """Betti numbers and Euler characteristics of the decision sets: the CLI's ``--json`` document.

    Returns
    -------
    dict
        One-logit network: ``{"f>0": {"betti": [b0, ...], "betti_gf2": [...], "euler": chi}, "f>=0": ...,
        "f=0": ..., "f<=0": ..., "f<0": ...}``.  Multi-logit network: one entry
        ``"class c"`` (the open set ``{f_c > f_j, j != c}``) and one ``"class c closed"``
        per class.  ``betti`` is over Q, ``betti_gf2`` over GF(2).

    Examples
    --------
    >>> import exactpd
    >>> ring = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> decision_topology(exactpd.enumerate_regions(ring, exactpd.box([-1], [1])))["f=0"]
    {'betti': [2, 0], 'betti_gf2': [2, 0], 'euler': 2}
    """
    dc = decision_complex(source)
    if dc.n_logits == 1:
        names = ONE_LOGIT_SETS
    else:
        names = [name for c in range(dc.n_logits) for name in (f"class {c}", f"class {c} closed")]
    result = {}
    for name in names:
        sub = subcomplex(dc, name)
        entry = {}
        signs = incidence_signs(sub.complex)
        for field in fields:
            key = "betti" if field == "Q" else f"betti_{field.lower()}"
            entry[key] = list(cell_betti_numbers(sub.complex, sub.keep, field, signs))
        entry["euler"] = cell_euler_characteristic(sub.complex, sub.keep)
        result[name] = entry
    return result
