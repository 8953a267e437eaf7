"""The exact topology of decision regions, boundaries and sublevel sets (issue 14).

Everything lives in the closed domain (a box, or any bounded polytope) and is
computed on the polyhedral complex K of the partition
(:mod:`exactpd.topology.faces`), on which the network's output f is affine on
every cell.

- ``{f >= t}``, ``{f <= t}``, ``{f = t}``: K is cut by the level set
  (:func:`~exactpd.topology.homology.slice_complex`: every cell that f - t
  crosses is split in its + part, - part and zero part); the set is then the
  subcomplex of the cells whose vertices all satisfy the relation
  (:func:`subcomplex`).
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

Homology without the cuts (:func:`betti_numbers`, :func:`euler_characteristic`,
:func:`decision_topology`).  Let g be affine on every cell of a polyhedral
complex K (``f - t`` on the partition's complex; ``g_c`` on the complex cut by
the ``f_i - f_j``), and ``L_op`` the subcomplex of the cells of K all of whose
vertices satisfy ``g op 0``.  Then the inclusions ``L_> ⊂ {g > 0}`` and
``L_>= ⊂ {g >= 0}`` (likewise ``<``, ``<=``) induce isomorphisms in homology,
with any coefficients, and ``{g = 0}`` follows from the other two; so only the
signs of g at the vertices of K are needed, and no cut is made.

(a) *Open sets.*  Take e > 0 below every positive value of g at a vertex of K,
and cut K by ``g = e``: a cell ρ crossed (vertex values above e and at most 0)
becomes ρ+, ρ- and ``ρ0 = ρ ∩ {g = e}``, a facet of ρ+, and the other cells are
kept.  ``{g >= e}`` is the subcomplex of the cells with every vertex value
``>= e``: the cells of ``L_>`` (the uncrossed cells with all vertex values
positive) and ρ+, ρ0 for every crossed ρ.  Remove the pairs (ρ0, ρ+) in order of
decreasing dim ρ: the cells of ``{g >= e}`` that have ρ0 as a face are ρ+ and the
σ+, σ0 of the crossed σ ⊋ ρ, removed before, so ρ0 is then a free facet of ρ+ and
each removal is an elementary collapse (a deformation retraction of regular
cell complexes).  So ``{g >= e}`` collapses onto ``L_>``.  The same holds for
every e' in (0, e] (the cut depends only on which vertex values exceed e'), the
inclusions ``{g >= e'} ⊂ {g >= e''}`` (e'' < e') are therefore isomorphisms in
homology, and ``{g > 0}`` is their increasing union, every compact subset lying
in one of them (g has a positive minimum on it): homology commutes with such
unions, and ``L_> ⊂ {g > 0}`` induces an isomorphism.
(b) *Closed sets.*  Take e > 0 below ``|g|`` at every vertex of K where g < 0.
``L_>=`` is ``L_>`` of ``g + e``, so by (a) ``L_>= ⊂ {g > -e}`` induces an
isomorphism.  So does ``{g >= 0} ⊂ {g > -e}``: apply (a) to ``g + e`` on K cut by
``g = 0``, whose cells have g of one sign, so that its ``L_>`` is the set
``{g >= 0}`` itself.  Hence ``L_>= ⊂ {g >= 0}`` induces an isomorphism.
(c) *The level set.*  ``A = {g >= 0}`` and ``B = {g <= 0}`` are subcomplexes of K
cut by ``g = 0``, their union is the domain (a convex polytope, or the box that
stands for R^D: contractible) and their intersection is ``{g = 0}``.  The
Mayer-Vietoris sequence in reduced homology gives
``H~_k({g = 0}) = H~_k(A) ⊕ H~_k(B)``: ``b_0 = b_0(A) + b_0(B) - 1``,
``b_k = b_k(A) + b_k(B)`` for k >= 1, and ``chi = chi(A) + chi(B) - 1`` (the
formulas hold when A or B is empty: then ``{g = 0}`` is empty and the other is the domain).
(d) *No rank in 3-D.*  The complement of ``{g > 0}`` in the domain is ``{g <= 0}``
(of ``{g >= 0}``, ``{g < 0}``; likewise for ``<=``, ``<``), and by (a), (b) its
components are those of ``L_<=``, each through the inclusion.  By Alexander duality
in ``S^D`` (applied to the compact ``{g >= e}`` of (a), whose complement in the
domain, ``{g < e}``, has the components of ``L_<=`` too),
``b_{D-1}({g > 0})`` is the number of components of the complement that do not
meet the domain's boundary, over any field; and a component meets it iff its
subcomplex has a vertex there (a point x of the boundary with ``g(x) <= 0`` lies in
a cell on the boundary, at one of whose vertices g is at most ``g(x)``, joined to x
by a segment in the set).  The boundary's vertices are those of the (D-1)-cells
that bound one D-cell only.  In D = 3, ``b_3 = 0``, ``b_0`` is a count of
components, ``b_2`` one of the complement's, and ``b_1 = b_0 + b_2 - chi``: no
rank is computed (and the Betti numbers are the same over Q and GF(2)).

The signs of ``f - t`` at the vertices come from a float filter with a proven
error bound, the exact forward pass deciding the vertices it leaves open
(:class:`~exactpd.topology.vertex_outputs.VertexOutputs`); the exact outputs
are computed only when a question needs them (a cut, persistence).

The domain's boundary is part of the domain: the sets are intersected with
the closed box, so ``{f >= 0}`` is compact and ``{f > 0}`` is open in the box
(not in R^D).  Betti numbers come from the cellular chain complex of the
subcomplex, with exact ranks over Q and over GF(2)
(:mod:`exactpd.topology.homology`).

Over all of R^D (a :class:`~exactpd.network.layers.Network`, or a partition
enumerated with ``domain=None``), the same computation runs in the box
``[-M, M]^D`` of :func:`~exactpd.topology.whole_space.whole_space_radius`,
proven there to give the homology of every set over R^D; a question whose
level cut needs a larger box (``f <= t`` for a large t) gets one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Sequence

from exactpd.enumeration.driver import enumerate_regions
from exactpd.enumeration.partition import Partition
from exactpd.errors import ExactpdError, InvalidOptionError
from exactpd.kernel.polytope import box
from exactpd.kernel.polytope import side as side_of
from exactpd.network.layers import Network
from exactpd.rational import QVector, Side, to_rational
from exactpd.topology.faces import FacePoset, _build, _Complex
from exactpd.topology.homology import (
    HOMOLOGY_FIELDS, CellComplex, _component_roots, cell_betti_numbers, cell_euler_characteristic, incidence_signs, slice_complex,
)
from exactpd.topology.vertex_outputs import VertexOutputs
from exactpd.topology.whole_space import decision_functions, level_functions, whole_space_radius

__all__ = [
    "DecisionComplex",
    "decision_complex",
    "subcomplex",
    "betti_numbers",
    "euler_characteristic",
    "Subcomplex",
    "ONE_LOGIT_SETS",
    "decision_topology",
    "Components",
    "set_components",
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
    logits : sequence of QVector
        The network output at each vertex (the exact forward pass; f is affine on each cell):
        from :func:`decision_complex`, a :class:`~exactpd.topology.vertex_outputs.VertexOutputs`
        that computes them on first access and gives their signs through a float filter.
    whole_space : int or None
        None: the sets are those of the partition's bounded domain.  An int M:
        the partition is over the box ``[-M, M]^D``, which stands for all of
        R^D (:mod:`exactpd.topology.whole_space`) for the sets cut by the
        functions it was built for.

    Examples
    --------
    >>> import exactpd
    >>> ring = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> part = exactpd.enumerate_regions(ring, exactpd.box([-1], [1]))
    >>> dc = decision_complex(part)
    >>> len(dc.points), dc.n_logits, dc.partition is part
    (3, 1, True)
    """

    partition: Partition
    complex: CellComplex
    points: tuple
    logits: tuple
    whole_space: int | None = None
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # the sets of the uncut complex, once

    @property
    def n_logits(self) -> int:
        if isinstance(self.logits, VertexOutputs):
            return self.logits.network.output_dim
        return len(self.logits[0]) if self.logits else self.partition.network.output_dim

    def signs(self, logit: int = 0, level=0) -> tuple[int, ...]:
        """The exact sign (-1, 0, 1) of ``f_logit - level`` at every vertex.

        Parameters
        ----------
        logit : int, default 0
            Which output is f.
        level : number, default 0
            The level t (exact).

        Returns
        -------
        tuple of int
            Filtered in floats with a proven bound, exact where the bound does not decide
            (:meth:`~exactpd.topology.vertex_outputs.VertexOutputs.signs`).

        Examples
        --------
        >>> import exactpd
        >>> ring = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
        >>> dc = decision_complex(exactpd.enumerate_regions(ring, exactpd.box([-1], [1])))
        >>> [(p[0], s) for p, s in sorted(zip(dc.points, dc.signs()))]
        [(Fraction(-1, 1), 1), (Fraction(0, 1), -1), (Fraction(1, 1), 1)]
        """
        if isinstance(self.logits, VertexOutputs):
            return self.logits.signs(logit, level)
        t = to_rational(level, "the level")
        return tuple((f[logit] > t) - (f[logit] < t) for f in self.logits)


@dataclass(frozen=True)
class Subcomplex:
    """A set of the domain as a subcomplex ``keep`` (per dimension, a flag per cell) of a refined complex.

    Attributes
    ----------
    complex : CellComplex
        The complex (the decision complex, cut by ``f = t`` when the set needs it).
    keep : tuple of tuple of bool
        Per dimension k, whether each k-cell belongs to the set.
    counts : tuple of int
        The number of kept cells of each dimension.

    Examples
    --------
    >>> import exactpd
    >>> ring = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> part = exactpd.enumerate_regions(ring, exactpd.box([-1], [1]))
    >>> subcomplex(part, "f>0").counts  # two open pieces: 4 vertices, 2 segments
    (4, 2)
    """

    complex: CellComplex
    keep: tuple

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(sum(level) for level in self.keep)


def decision_complex(source: Network | Partition | FacePoset | DecisionComplex, functions: Sequence[tuple] | None = None) -> DecisionComplex:
    """The complex of a partition (or of its face poset) with the network's outputs at the vertices.

    Parameters
    ----------
    source : Network, Partition, FacePoset or DecisionComplex
        A partition over a bounded domain, its face poset
        (:func:`~exactpd.topology.faces.face_poset`), or a decision complex
        (returned as it is).  A network, or a partition over all of R^D
        (``domain=None``): the sets are those of R^D, computed in a box proven
        to stand for it (:mod:`exactpd.topology.whole_space`; the partition's
        own unbounded regions are not used, so pass the network).
    functions : sequence of (weights, constant), optional
        Over R^D only: the affine functions ``w . f + c`` of the outputs whose
        zero sets the box must stand for (see
        :func:`~exactpd.topology.whole_space.whole_space_radius`); default
        ``f`` for one logit, every ``f_i - f_j`` for several (the sets of
        :func:`decision_topology`).

    Returns
    -------
    DecisionComplex
        ``whole_space`` is the box's half-width over R^D, None otherwise.

    Raises
    ------
    InvalidOptionError
        ``source`` is none of these.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> dc = decision_complex(exactpd.enumerate_regions(net, exactpd.box([-1], [1])))
    >>> sorted((p[0], f[0]) for p, f in zip(dc.points, dc.logits))
    [(Fraction(-1, 1), Fraction(1, 2)), (Fraction(0, 1), Fraction(-1, 2)), (Fraction(1, 1), Fraction(1, 2))]
    >>> over_r = decision_complex(net)  # all of R: the box [-M, M] stands for it
    >>> over_r.whole_space, betti_numbers(over_r, "f>0"), betti_numbers(over_r, "f<0")
    (8, (2, 0), (1, 0))
    """
    if isinstance(source, DecisionComplex):
        return source
    whole = _whole_space_network(source)
    if whole is not None:
        return _over_whole_space(whole, functions)
    if isinstance(source, FacePoset):
        partition = source.partition
        facets = tuple(tuple(face.facets for face in level) for level in source.faces)
        points = source.points
    elif isinstance(source, Partition):
        partition = source
        cx: _Complex = _build(source)
        facets, points = cx.facets, cx.points
    else:
        raise InvalidOptionError(f"expected a Partition, a FacePoset or a DecisionComplex, got {type(source).__name__}")
    return DecisionComplex(partition, CellComplex(*facets), tuple(points), VertexOutputs(partition.network, points))


def _whole_space_network(source) -> Network | None:
    """The network when ``source`` asks about all of R^D (a network, or a partition with no domain rows), else None."""
    if isinstance(source, Network):
        return source
    if isinstance(source, Partition) and source.domain.n_rows == 0:
        return source.network
    return None


def _over_whole_space(net: Network, functions: Sequence[tuple] | None) -> DecisionComplex:
    """The decision complex of the box that stands for R^D for ``functions`` (module docstring)."""
    functions = decision_functions(net.output_dim) if functions is None else list(functions)
    radius = whole_space_radius(net, functions)
    dim = net.input_dim
    part = enumerate_regions(net, box([-radius] * dim, [radius] * dim), progress=False)
    return replace(decision_complex(part), whole_space=radius)


def _covering(dc: DecisionComplex, functions: Sequence[tuple]) -> DecisionComplex:
    """``dc``, or over R^D a decision complex whose box stands for R^D for ``functions`` too."""
    if dc.whole_space is None:
        return dc
    net = dc.partition.network
    if whole_space_radius(net, functions) <= dc.whole_space:
        return dc
    return _over_whole_space(net, functions)


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

    Returns
    -------
    Subcomplex
        A refinement of the complex (cut by the level set, and for an open set
        by a second, infinitesimally higher one) and the flags of its cells in the set.

    Raises
    ------
    InvalidOptionError
        An unknown description, a class or logit out of range, or ``f`` on a
        multi-logit network without ``logit``.

    Examples
    --------
    >>> import exactpd
    >>> step = exactpd.Network(1, [exactpd.Dense([[1]], [0])])
    >>> sub = subcomplex(exactpd.enumerate_regions(step, exactpd.box([-1], [1])), "f>=0")
    >>> sub.counts, cell_euler_characteristic(sub.complex, sub.keep)
    ((2, 1), 1)
    """
    kind, dc, detail = _question(source, region, logit)
    if kind == "box":
        return Subcomplex(dc.complex, tuple(tuple(True for _ in level) for level in dc.complex.facets))
    if kind == "relation":
        op, k, t = detail
        return _relation(dc.complex, [f[k] - t for f in dc.logits], op)
    c, closed = detail
    refined, logits = _pairwise(dc)
    return _relation(refined, _class_margin(logits, c), ">=" if closed else ">")


def _question(source, region: str, logit: int | None) -> tuple:
    """Read a set's description: ``(kind, dc, detail)``, dc covering the set over R^D.

    ``("box", dc, None)``, ``("relation", dc, (op, k, t))`` for ``f_k op t``, or
    ``("class", dc, (c, closed))``.
    """
    dc = decision_complex(source)
    if region.strip() == "box":
        return "box", dc, None
    match = _RELATION.match(region)
    if match:
        op, number = match.groups()
        try:
            t = to_rational(number, f"the level in {region!r}")
        except ExactpdError as err:
            raise InvalidOptionError(f"{region!r}: {err}") from err
        k = _logit(dc, logit, repr(region))
        return "relation", _covering(dc, level_functions(dc.n_logits, k, [t])), (op, k, t)
    match = _CLASS.match(region)
    if match:
        c, closed = int(match.group(1)), bool(match.group(2))
        if dc.n_logits < 2 or c >= dc.n_logits:
            raise InvalidOptionError(f"{region!r}: the network has {dc.n_logits} logit(s); classes need 2 or more, numbered from 0")
        return "class", _covering(dc, decision_functions(dc.n_logits)), (c, closed)
    raise InvalidOptionError(
        f"unknown set {region!r}: expected 'f>t', 'f>=t', 'f=t', 'f<=t', 'f<t', 'box', 'class c' or 'class c closed'"
    )


def _class_margin(logits: Sequence, c: int) -> list:
    """``g_c = f_c - max_{j != c} f_j`` at every vertex (affine on each cell of the pairwise-cut complex)."""
    return [f[c] - max(v for j, v in enumerate(f) if j != c) for f in logits]


def _logit(dc: DecisionComplex, logit: int | None, where: str) -> int:
    """The index of the output that is f (``where`` names the question in the error)."""
    if logit is None:
        if dc.n_logits != 1:
            raise InvalidOptionError(f"{where}: the network has {dc.n_logits} logits; say which one is f (logit=k), or ask about 'class c'")
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
    """The subcomplex ``{g op 0}`` of ``cx`` cut by g (g affine on each cell, given at the vertices; open sets cut twice)."""
    cut, cut_values, _, side = slice_complex(cx, values)
    if op in (">", "<"):
        sign = 1 if op == ">" else -1
        strict = [1 if sign * v > 0 else -1 for v in cut_values]
        above, _, _, above_side = slice_complex(cut, strict)
        return Subcomplex(above, tuple(tuple(not n for p, n in level) for level in above_side))
    holds = {">=": lambda p, n: not n, "<=": lambda p, n: not p, "=": lambda p, n: not p and not n}[op]
    return Subcomplex(cut, tuple(tuple(holds(p, n) for p, n in level) for level in side))


_HOLDS = {">": lambda s: s > 0, ">=": lambda s: s >= 0, "<=": lambda s: s <= 0, "<": lambda s: s < 0}
_DUAL = {">": "<=", ">=": "<", "<=": ">", "<": ">="}  # the complement of {g op 0} in the domain


@dataclass(frozen=True)
class _SetHomology:
    """A set known through subcomplexes of ``complex`` with its homology (module docstring, (a) to (d)).

    ``parts`` holds one ``keep`` (a subcomplex with the set's homology) or two,
    ``L_>=`` and ``L_<=`` of the same function: the set is ``{g = 0}``, by Mayer-Vietoris.
    ``duals`` holds, for each part, the subcomplex with the homology of its complement in the
    domain (``L_<=`` for ``L_>``, ...), or None.
    """

    complex: CellComplex
    parts: tuple
    duals: tuple
    known: dict  # Betti numbers (and components) of the parts, by id: shared by the sets of one _vertex_sets call

    def betti(self, field: str, signs: tuple | None = None) -> tuple[int, ...]:
        """The Betti numbers over ``field`` (``signs``: :func:`incidence_signs` of the complex, when computed)."""
        if field not in HOMOLOGY_FIELDS:
            raise InvalidOptionError(f"unknown field {field!r}; expected one of {', '.join(HOMOLOGY_FIELDS)}")
        known = self.known
        found = []
        for keep, dual in zip(self.parts, self.duals):
            by_duality = self.complex.dim == 3 and dual is not None
            key = (id(keep), "any field" if by_duality else field)
            if key not in known:
                if by_duality:
                    known[key] = _betti_by_duality(self.complex, keep, dual, known)
                else:
                    known[key] = cell_betti_numbers(self.complex, keep, field, signs, embedded=True)
            found.append(known[key])
        if len(found) == 1:
            return found[0]
        return tuple(a + b - (k == 0) for k, (a, b) in enumerate(zip(*found)))

    def euler(self) -> int:
        """The Euler characteristic (``chi(A) + chi(B) - 1`` for ``{g = 0}``)."""
        return sum(cell_euler_characteristic(self.complex, keep) for keep in self.parts) - (len(self.parts) - 1)


def _betti_by_duality(cx: CellComplex, keep: tuple, dual: tuple, known: dict) -> tuple[int, ...]:
    """``(b_0, b_1, b_2, 0)`` of a subcomplex of a 3-D complex, with no rank: b_2 by Alexander duality, b_1 from chi (module docstring, (d))."""
    if ("boundary", id(cx)) not in known:
        known[("boundary", id(cx))] = _boundary_vertices(cx)
    boundary = known[("boundary", id(cx))]
    for part in (keep, dual):
        if ("roots", id(part)) not in known:
            known[("roots", id(part))] = _component_roots(cx, part)
    b0 = sum(1 for v, root in known[("roots", id(keep))].items() if v == root)
    roots = known[("roots", id(dual))]
    reaching = {root for v, root in roots.items() if v in boundary}
    b2 = sum(1 for v, root in roots.items() if v == root and root not in reaching)
    return (b0, b0 + b2 - cell_euler_characteristic(cx, keep), b2, 0)


def _boundary_vertices(cx: CellComplex) -> frozenset:
    """The vertices on the domain's boundary: those of the (D-1)-cells that bound one D-cell only."""
    top = cx.dim
    holders = [0] * len(cx.facets[top - 1])
    for cell in cx.facets[top]:
        for t in cell:
            holders[t] += 1
    cells = {t for t, n in enumerate(holders) if n == 1}
    for k in range(top - 1, 0, -1):
        cells = {rho for t in cells for rho in cx.facets[k][t]}
    return frozenset(cells)


def _flat_facets(cx: CellComplex) -> list:
    """Per dimension k >= 1, the facets of the k-cells as one index array and the start of each cell's."""
    import numpy as np

    flat = []
    for level in cx.facets[1:]:
        sizes = np.fromiter((len(cell) for cell in level), dtype=np.int64, count=len(level))
        starts = np.zeros(len(level), dtype=np.int64)
        np.cumsum(sizes[:-1], out=starts[1:])
        flat.append((np.fromiter((t for cell in level for t in cell), dtype=np.int64, count=int(sizes.sum())), starts))
    return flat


def _vertex_keep(flat: list, holds: Sequence[bool]) -> tuple:
    """Per dimension, whether each cell has all its vertices in ``holds`` (a flag per vertex): all its facets kept."""
    import numpy as np

    below = np.array(holds, dtype=bool)
    keep = [tuple(below.tolist())]
    for indices, starts in flat:  # every cell has facets (an edge two), so no segment is empty
        below = np.logical_and.reduceat(below[indices], starts) if len(starts) else np.zeros(0, dtype=bool)
        keep.append(tuple(below.tolist()))
    return tuple(keep)


def _vertex_sets(cx: CellComplex, signs: Sequence[int], ops: Sequence[str], flat: list | None = None) -> dict[str, _SetHomology]:
    """``{op: the set {g op 0}}`` from the signs of g at the vertices of ``cx`` alone, with no cut (module docstring).

    ``flat``: :func:`_flat_facets` of ``cx``, when already computed.  The sets share their subcomplexes and what is known of them.
    """
    keeps: dict[str, tuple] = {}
    known: dict = {}
    flat = _flat_facets(cx) if flat is None else flat

    def keep(op: str) -> tuple:
        if op not in keeps:
            holds = _HOLDS[op]
            keeps[op] = _vertex_keep(flat, [holds(s) for s in signs])
        return keeps[op]

    def dual(op: str) -> tuple | None:  # the duals serve Alexander duality, in 3-D only
        return keep(_DUAL[op]) if cx.dim == 3 else None

    return {
        op: _SetHomology(cx, (keep(">="), keep("<=")), (dual(">="), dual("<=")), known) if op == "=" else _SetHomology(cx, (keep(op),), (dual(op),), known)
        for op in ops
    }


def _relation_sets(dc: DecisionComplex, k: int, t) -> dict[str, _SetHomology]:
    """The five sets ``{f_k op t}`` of a decision complex, from its vertex signs, made once and kept in ``dc``."""
    key = ("relations", k, t)
    if key not in dc._memo:
        if "flat" not in dc._memo:
            dc._memo["flat"] = _flat_facets(dc.complex)
        dc._memo[key] = _vertex_sets(dc.complex, dc.signs(k, t), tuple(_HOLDS) + ("=",), dc._memo["flat"])
    return dc._memo[key]


def _set_homology(source, region: str, logit: int | None) -> _SetHomology:
    """The set ``region`` through subcomplexes of the decision complex (or of its pairwise cut), uncut."""
    kind, dc, detail = _question(source, region, logit)
    if kind == "box":
        return _SetHomology(dc.complex, (tuple(tuple(True for _ in level) for level in dc.complex.facets),), (None,), {})
    if kind == "relation":
        op, k, t = detail
        return _relation_sets(dc, k, t)[op]
    c, closed = detail
    refined, logits = _pairwise(dc)
    op = ">=" if closed else ">"
    return _vertex_sets(refined, [(g > 0) - (g < 0) for g in _class_margin(logits, c)], (op,))[op]


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
    return _set_homology(source, region, logit).betti(field)


def euler_characteristic(source, region: str = "f>0", logit: int | None = None) -> int:
    """The Euler characteristic of a set of the domain (see :func:`betti_numbers`), from its cell counts.

    Parameters
    ----------
    source : Partition, FacePoset or DecisionComplex
        Over a bounded domain; pass a :class:`DecisionComplex` to ask several questions of one partition.
    region : str, default "f>0"
        See :func:`subcomplex`: ``"f>0"``, ``"f>=0"``, ``"f=0"``, ``"f<=t"``, ``"class c"``, ``"box"``, ...
    logit : int, optional
        Which output is f, for a network of several outputs.

    Returns
    -------
    int
        ``sum_k (-1)^k c_k`` over the cells of a subcomplex with the set's
        homology (the cells whose vertices satisfy the relation, module
        docstring; for ``f = t``, ``chi(f >= t) + chi(f <= t) - 1``), which
        equals ``sum_k (-1)^k b_k``.

    Raises
    ------
    InvalidOptionError
        An unknown set, a logit out of range, or a source that is not a
        partition, face poset or decision complex.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(2, [exactpd.Dense([[1, 0]], [0])])
    >>> euler_characteristic(exactpd.enumerate_regions(net, exactpd.box([-1, -1], [1, 1])), "box")
    1
    """
    return _set_homology(source, region, logit).euler()


ONE_LOGIT_SETS = ("f>0", "f>=0", "f=0", "f<=0", "f<0")
"""The sets :func:`topology` reports for a one-logit network."""


def decision_topology(source, fields: Sequence[str] = ("Q", "GF2")) -> dict:
    """Betti numbers and Euler characteristics of the decision sets: the CLI's ``--json`` document.

    Parameters
    ----------
    source : Partition, FacePoset or DecisionComplex
        Over a bounded domain; pass a :class:`DecisionComplex` to ask several questions of one partition.
    fields : sequence of {"Q", "GF2"}, default ("Q", "GF2")
        The fields of the Betti numbers (``betti`` for Q, ``betti_gf2`` for GF(2)).

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
    dc = _covering(dc, decision_functions(dc.n_logits))
    if dc.n_logits == 1:
        relation = {name: _RELATION.match(name).group(1) for name in ONE_LOGIT_SETS}  # "f>=0" -> ">="
        found = _relation_sets(dc, 0, Fraction(0))
        sets = {name: found[op] for name, op in relation.items()}
    else:
        refined, logits = _pairwise(dc)
        sets = {}
        for c in range(dc.n_logits):
            found = _vertex_sets(refined, [(g > 0) - (g < 0) for g in _class_margin(logits, c)], (">", ">="))
            sets[f"class {c}"], sets[f"class {c} closed"] = found[">"], found[">="]
    signs: dict[int, tuple] = {}  # one orientation per distinct complex (sets share them)
    result = {}
    for name, entry_set in sets.items():
        cx = entry_set.complex
        if id(cx) not in signs:  # (in 3-D no rank is computed: module docstring, (d))
            signs[id(cx)] = incidence_signs(cx, cx.dim - 1) if cx.dim != 3 else None
        entry = {}
        for field in fields:
            key = "betti" if field == "Q" else f"betti_{field.lower()}"
            entry[key] = list(entry_set.betti(field, signs[id(cx)]))
        entry["euler"] = entry_set.euler()
        result[name] = entry
    return result


@dataclass(frozen=True)
class Components:
    """The connected pieces of a set ``{f op t}`` of the domain, drawn on the complex cut by ``f = t``.

    Attributes
    ----------
    count : int
        The number of connected components (b_0).
    cells : tuple of (int, tuple of QVector)
        For every D-dimensional cell of the cut complex that meets the set: its
        component and its exact vertices (unordered; the cell is their convex hull).
    holes : tuple of QVector
        One exact point in each component of the complement that does not
        reach the domain's boundary (in 2-D, the holes: their number is b_1):
        the centre of the cell of the hole nearest to the hole's middle.

    Examples
    --------
    >>> import exactpd
    >>> ring = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> part = exactpd.enumerate_regions(ring, exactpd.box([-1], [1]))
    >>> pieces = set_components(part, "f>0")  # f = |x| - 1/2 > 0: two pieces
    >>> pieces.count, [component for component, _ in pieces.cells]
    (2, [0, 1])
    """

    count: int
    cells: tuple
    holes: tuple


def set_components(source, region: str = "f>0", logit: int | None = None) -> Components:
    """The connected components of ``{f op t}`` and the holes of its complement, with exact coordinates.

    A component of an open set ``{f > t}`` is a class of the cells of the cut
    complex that meet it (those with a vertex where f > t), joined when one is a
    facet of the other; of a closed set, a component of the subcomplex.  The
    complement's components are found the same way; those that keep clear of
    the domain's boundary are the holes.

    Parameters
    ----------
    source : Partition, FacePoset or DecisionComplex
        Over a bounded domain; pass a :class:`DecisionComplex` to ask several questions of one partition.
    region : {"f>t", "f>=t", "f=t", "f<=t", "f<t"}, default "f>0"
        The set, for a number t.
    logit : int, optional
        Which output is f, for a network of several outputs.

    Returns
    -------
    Components

    Raises
    ------
    InvalidOptionError
        An unknown set, a logit out of range, or a source that is not a
        partition, face poset or decision complex.

    Examples
    --------
    >>> import exactpd
    >>> ring = exactpd.Network(2, [exactpd.Dense([[1, 0], [0, 1]], [0, 0], "abs"),
    ...                            exactpd.Dense([[1, 1]], ["-3/4"], "abs"), exactpd.Dense([[-1]], ["1/4"])])
    >>> pieces = set_components(exactpd.enumerate_regions(ring, exactpd.box([-1, -1], [1, 1])), "f>0")
    >>> pieces.count, pieces.holes
    (1, ((Fraction(-1, 6), Fraction(-1, 6)),))
    """
    dc = decision_complex(source)
    match = _RELATION.match(region)
    if not match:
        raise InvalidOptionError(f"set_components: expected 'f>t', 'f>=t', 'f=t', 'f<=t' or 'f<t', got {region!r}")
    op, number = match.groups()
    k = _logit(dc, logit, repr(region))
    t = to_rational(number, f"the level in {region!r}")
    dc = _covering(dc, level_functions(dc.n_logits, k, [t]))
    dim = dc.complex.dim
    coordinates = [[p[i] for p in dc.points] for i in range(dim)]
    cut, _, carried, side = slice_complex(dc.complex, [f[k] - t for f in dc.logits], coordinates)
    points = list(zip(*carried))
    inside = {
        ">": lambda p, n: p, "<": lambda p, n: n, ">=": lambda p, n: not n, "<=": lambda p, n: not p,
        "=": lambda p, n: not p and not n,
    }[op]
    member = [[inside(p, n) for p, n in level] for level in side]
    vertex_sets = [[frozenset((v,)) for v in range(len(cut.facets[0]))]]
    for level in cut.facets[1:]:
        below = vertex_sets[-1]
        vertex_sets.append([frozenset().union(*(below[t] for t in cell)) for cell in level])
    labels, count = _label(cut, member)
    cells = tuple(
        (labels[(dim, i)], tuple(points[v] for v in sorted(vertex_sets[dim][i])))
        for i in range(len(cut.facets[dim])) if member[dim][i]
    )
    outside = [[not m for m in level] for level in member]
    other, n_other = _label(cut, outside)
    domain = dc.partition.domain
    reaching = {
        other[(d, i)]
        for d in range(dim + 1)
        for i in range(len(cut.facets[d]))
        if outside[d][i] and any(side_of(domain, points[v]) is not Side.INSIDE for v in vertex_sets[d][i])
    }
    holes = []
    for c in range(n_other):
        if c in reaching:
            continue
        keys = [key for key, label in other.items() if label == c]
        top = max(d for d, _ in keys)
        centres = [_average([points[v] for v in vertex_sets[d][i]]) for d, i in keys if d == top]
        middle = _average(centres)
        holes.append(min(centres, key=lambda p: sum((a - b) ** 2 for a, b in zip(p, middle))))
    return Components(count, cells, tuple(holes))


def _average(points) -> QVector:
    return tuple(sum(column, Fraction(0)) / len(points) for column in zip(*points))


def _label(cx: CellComplex, member) -> tuple[dict, int]:
    """Connected classes of the member cells, joined through facet incidences between members."""
    parent: dict = {}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for d, level in enumerate(member):
        for i, m in enumerate(level):
            if m:
                parent[(d, i)] = (d, i)
    for d in range(1, cx.dim + 1):
        for i, facets in enumerate(cx.facets[d]):
            if not member[d][i]:
                continue
            for t in facets:
                if member[d - 1][t]:
                    a, b = find((d, i)), find((d - 1, t))
                    if a != b:
                        parent[a] = b
    roots: dict = {}
    labels = {key: roots.setdefault(find(key), len(roots)) for key in parent}
    return labels, len(roots)
