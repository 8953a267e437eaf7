"""Cellular homology of regular cell complexes, exactly: boundary matrices, ranks, Betti numbers.

A :class:`CellComplex` is a regular cell complex given by its facet
incidences only: ``facets[k][i]`` lists the (k-1)-cells on the boundary of
k-cell ``i``.  The polyhedral complexes of :mod:`exactpd.topology.faces` (and
their refinements by level sets, :func:`slice_complex`) are regular, so their
cellular chain complexes compute singular homology.

Incidence numbers ``[sigma : tau] = +-1`` are found combinatorially, with no
coordinates: an edge is oriented from its first vertex to its second, and for a
k-cell (k >= 2) the signs of its facets are propagated across its ridges, each
of which lies in exactly two of its facets (the diamond property of regular
complexes), so that the two contributions cancel.  This is the classical
construction that makes ``d o d = 0`` (checked), and any such choice gives the
cellular chain complex up to the orientation of each cell.

Ranks are exact.  By default, sparse elimination in Python: over GF(2) the
columns are Python integers used as bit sets (elimination by XOR), over Q a
fraction-free elimination on integer columns ``{row: entry}`` (pivot on the
highest row, so the entries of these +-1 matrices stay small).  python-flint
(``fmpz_mat``, ``nmod_mat``) and sympy's ``DomainMatrix`` are available as
backends; benchmarks/bench_topology.py measures all of them on the real
boundary matrices and checks that they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from exactpd.errors import CertificationError, InvalidOptionError, MissingDependencyError

__all__ = [
    "CellComplex",
    "HOMOLOGY_FIELDS",
    "incidence_signs",
    "boundary_matrix",
    "exact_rank",
    "cell_betti_numbers",
    "cell_euler_characteristic",
    "slice_complex",
]

HOMOLOGY_FIELDS = ("Q", "GF2")
"""The coefficient fields: the rationals and the field with two elements."""


@dataclass(frozen=True)
class CellComplex:
    """A regular cell complex by its facet incidences.

    Attributes
    ----------
    facets : tuple of tuple of tuple of int
        ``facets[k][i]``: the indices of the (k-1)-cells on the boundary of
        k-cell ``i`` (``facets[0][i] == ()`` for every vertex).  An edge has
        exactly two facets.

    Examples
    --------
    >>> square = CellComplex(((), (), (), ()), ((0, 1), (1, 2), (2, 3), (0, 3)), ((0, 1, 2, 3),))
    >>> square.counts, cell_betti_numbers(square)
    ((4, 4, 1), (1, 0, 0))
    """

    facets: tuple

    def __init__(self, *levels) -> None:
        object.__setattr__(self, "facets", tuple(tuple(tuple(f) for f in level) for level in levels))

    @property
    def dim(self) -> int:
        return len(self.facets) - 1

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(len(level) for level in self.facets)


def incidence_signs(cx: CellComplex, top: int | None = None) -> tuple:
    """``signs[k][i][j] = [cell (k, i) : its j-th facet]``, each +1 or -1, with ``d o d = 0``.

    Parameters
    ----------
    cx : CellComplex
        The complex.
    top : int, optional
        Orient the cells of dimension up to ``top`` only (default: all).

    Returns
    -------
    tuple
        ``signs[0]`` is empty per vertex; ``signs[k][i]`` has one sign per
        entry of ``cx.facets[k][i]``, for k up to ``top``.

    Raises
    ------
    CertificationError
        An edge without two vertices, or a ridge of a cell lying in other
        than two of its facets: the complex is not regular.

    Examples
    --------
    >>> disc = CellComplex(((), (), ()), ((0, 1), (1, 2), (0, 2)), ((0, 1, 2),))
    >>> incidence_signs(disc)[1:]
    (((-1, 1), (-1, 1), (-1, 1)), ((1, 1, -1),))
    """
    signs: list = [tuple(() for _ in cx.facets[0])]
    if cx.dim >= 1:
        for i, pair in enumerate(cx.facets[1]):
            if len(pair) != 2 or pair[0] == pair[1]:
                raise CertificationError(f"edge {i} has facets {pair}: the complex is not regular")
        signs.append(tuple((-1, 1) for _ in cx.facets[1]))
    for k in range(2, (cx.dim if top is None else top) + 1):
        lower_facets, lower_signs = cx.facets[k - 1], signs[k - 1]
        level = []
        for i, facets in enumerate(cx.facets[k]):
            by_ridge: dict[int, list] = {}
            for j, tau in enumerate(facets):
                for rho, s in zip(lower_facets[tau], lower_signs[tau]):
                    by_ridge.setdefault(rho, []).append((j, s))
            eps = [0] * len(facets)
            eps[0] = 1
            stack = [0]
            neighbours: dict[int, list] = {}
            for rho, pair in by_ridge.items():
                if len(pair) != 2:
                    raise CertificationError(f"a ridge of cell ({k}, {i}) lies in {len(pair)} of its facets: the complex is not regular")
                (a, sa), (b, sb) = pair
                neighbours.setdefault(a, []).append((b, -sa * sb))
                neighbours.setdefault(b, []).append((a, -sa * sb))
            while stack:
                a = stack.pop()
                for b, relation in neighbours.get(a, ()):
                    want = eps[a] * relation
                    if eps[b] == 0:
                        eps[b] = want
                        stack.append(b)
                    elif eps[b] != want:
                        raise CertificationError(f"cell ({k}, {i}) cannot be oriented: the complex is not regular")
            if 0 in eps:
                raise CertificationError(f"the boundary of cell ({k}, {i}) is not connected: the complex is not regular")
            level.append(tuple(eps))
        signs.append(tuple(level))
    return tuple(signs)


def boundary_matrix(cx: CellComplex, k: int, signs: tuple | None = None, keep: Sequence[Sequence[bool]] | None = None):
    """The boundary map d_k: C_k -> C_{k-1} as sparse columns ``{row: entry}``.

    Parameters
    ----------
    cx : CellComplex
    k : int
        1..dim.
    signs : tuple, optional
        :func:`incidence_signs` (computed when missing); entries over GF(2) are the same mod 2.
    keep : per dimension, a boolean per cell, optional
        Restrict to a subcomplex: columns of kept k-cells, rows renumbered over kept (k-1)-cells.

    Returns
    -------
    (columns, n_rows)
        One dict ``{row: +-1}`` per kept k-cell, and the number of kept (k-1)-cells.

    Raises
    ------
    CertificationError
        ``keep`` holds a cell without one of its facets (it is not a subcomplex).

    Examples
    --------
    >>> circle = CellComplex(((), (), ()), ((0, 1), (1, 2), (0, 2)))
    >>> boundary_matrix(circle, 1)
    ([{0: -1, 1: 1}, {1: -1, 2: 1}, {0: -1, 2: 1}], 3)
    """
    if signs is None:
        signs = incidence_signs(cx)
    rows_of = _renumber(keep[k - 1] if keep else [True] * len(cx.facets[k - 1]))
    columns = []
    for i, (facets, eps) in enumerate(zip(cx.facets[k], signs[k])):
        if keep and not keep[k][i]:
            continue
        column = {}
        for tau, s in zip(facets, eps):
            if rows_of[tau] < 0:
                raise CertificationError(f"cell ({k}, {i}) is kept but its facet ({k - 1}, {tau}) is not: not a subcomplex")
            column[rows_of[tau]] = s
        columns.append(column)
    return columns, sum(1 for r in rows_of if r >= 0)


def _renumber(mask: Sequence[bool]) -> list[int]:
    out, n = [], 0
    for m in mask:
        out.append(n if m else -1)
        n += bool(m)
    return out


def exact_rank(columns: Sequence[dict], n_rows: int, field: str = "Q", backend: str = "auto") -> int:
    """The exact rank of an integer matrix given by sparse columns ``{row: entry}``.

    Parameters
    ----------
    columns : sequence of dict
        One ``{row: integer entry}`` per column.
    n_rows : int
        The number of rows.
    field : {"Q", "GF2"}
        The field the rank is taken over (integers reduced mod 2 for GF(2)).
    backend : {"auto", "flint", "sympy", "elimination"}
        ``"elimination"`` (the ``"auto"`` choice): sparse elimination in
        Python, fraction-free over Z for Q, XOR of bit sets for GF(2).
        ``"flint"``: python-flint's dense ``fmpz_mat.rank`` / ``nmod_mat.rank``.
        ``"sympy"``: sympy's sparse ``DomainMatrix`` over ZZ (Q only).  On
        boundary matrices (a few nonzeros per column) the sparse elimination
        is 30-130 times faster than either (benchmarks/bench_topology.py), since
        flint pays for a dense matrix.

    Returns
    -------
    int
        The rank, exact.

    Raises
    ------
    InvalidOptionError
        An unknown field or backend.
    MissingDependencyError
        ``backend="flint"`` without python-flint installed.

    Examples
    --------
    >>> triangle = [{0: 1, 1: 1}, {1: 1, 2: 1}, {0: 1, 2: 1}]  # determinant 2
    >>> exact_rank(triangle, 3, "GF2"), exact_rank(triangle, 3, "Q")
    (2, 3)
    """
    if field not in HOMOLOGY_FIELDS:
        raise InvalidOptionError(f"unknown field {field!r}; expected one of {', '.join(HOMOLOGY_FIELDS)}")
    columns = [c for c in columns if any(v % 2 if field == "GF2" else v for v in c.values())]
    if not columns or not n_rows:
        return 0
    if backend == "auto":  # measured fastest on boundary matrices (benchmarks/bench_topology.py)
        backend = "elimination"
    if backend == "flint":
        flint = _flint()
        if flint is None:
            raise MissingDependencyError('backend "flint" needs python-flint: pip install "exactpd[flint]" (from a clone: pip install ".[flint]")')
        entries = [0] * (len(columns) * n_rows)
        for j, column in enumerate(columns):
            for i, v in column.items():
                entries[j * n_rows + i] = v
        if field == "GF2":
            return flint.nmod_mat(len(columns), n_rows, [v % 2 for v in entries], 2).rank()
        return flint.fmpz_mat(len(columns), n_rows, entries).rank()
    if field == "GF2":
        return _rank_gf2(columns)
    if backend == "sympy":
        from sympy.polys.domains import ZZ
        from sympy.polys.matrices import DomainMatrix
        from sympy.polys.matrices.sdm import SDM

        sdm = SDM({j: {i: ZZ(v) for i, v in c.items() if v} for j, c in enumerate(columns)}, (len(columns), n_rows), ZZ)
        return DomainMatrix.from_rep(sdm).rank()
    if backend == "elimination":
        return _rank_integer(columns)
    raise InvalidOptionError(f"unknown rank backend {backend!r}; expected auto, flint, sympy or elimination")


def _flint():
    try:
        import flint
    except ImportError:  # pragma: no cover - python-flint is optional
        return None
    return flint


def _rank_gf2(columns: Sequence[dict]) -> int:
    pivots: dict[int, int] = {}
    for column in columns:
        bits = 0
        for i, v in column.items():
            if v % 2:
                bits ^= 1 << i
        while bits:
            top = bits.bit_length() - 1
            other = pivots.get(top)
            if other is None:
                pivots[top] = bits
                break
            bits ^= other
    return len(pivots)


def _rank_integer(columns: Sequence[dict]) -> int:
    """Fraction-free sparse elimination over Z (rank over Q), pivots of smallest absolute value first."""
    pivots: dict[int, dict] = {}
    for column in columns:
        v = {i: x for i, x in column.items() if x}
        while v:
            top = max(v)
            p = pivots.get(top)
            if p is None:
                pivots[top] = v
                break
            a, c = p[top], v[top]
            w = {i: a * x for i, x in v.items()}
            for i, x in p.items():
                y = w.get(i, 0) - c * x
                if y:
                    w[i] = y
                else:
                    w.pop(i, None)
            v = w
    return len(pivots)


def _full_keep(cx: CellComplex) -> list:
    return [[True] * n for n in cx.counts]


def cell_betti_numbers(
    cx: CellComplex, keep: Sequence[Sequence[bool]] | None = None, field: str = "Q", signs: tuple | None = None, backend: str = "auto",
    embedded: bool = False,
) -> tuple[int, ...]:
    """The Betti numbers ``(b_0, ..., b_dim)`` of a cell complex (or of its subcomplex ``keep``).

    ``b_k = n_k - rank d_k - rank d_{k+1}``, ranks exact over ``field``
    (``rank d_1`` = vertices - connected components of the 1-skeleton, over any
    field, unless a ``backend`` other than ``"auto"`` is asked for; with
    ``embedded``, ``rank d_dim`` = the number of dim-cells).

    Parameters
    ----------
    cx : CellComplex
        The complex.
    keep : per dimension, a boolean per cell, optional
        Restrict to that subcomplex (default: the whole complex).
    field : {"Q", "GF2"}, default "Q"
        The coefficient field.
    signs : tuple, optional
        :func:`incidence_signs` of ``cx``, when already computed.
    backend : {"auto", "flint", "sympy", "elimination"}
        As for :func:`exact_rank`.
    embedded : bool, default False
        The complex is a polyhedral complex in R^dim (dim its top dimension),
        as the complexes of :mod:`exactpd.topology.decision` are: then
        ``H_dim = 0`` over every field, so ``d_dim`` is injective and its rank
        is not computed (nor are the dim-cells oriented).

    Returns
    -------
    tuple of int
        ``b_0, ..., b_dim``, exact.

    Notes
    -----
    ``H_dim(X; F) = 0`` for a subcomplex X of a polyhedral complex in R^dim:
    a ray from inside a cell of a nonzero dim-chain, in a generic direction,
    leaves the (bounded) support of the chain for the last time through the
    relative interior of a facet that lies in one cell of the chain only (a
    facet lies in at most two cells, and beyond it the ray stays outside), so
    that facet's coefficient in the boundary is not 0 (Alexander duality says
    the same: ``H~_dim(X) = H~^-1(S^dim - X) = 0``).

    Raises
    ------
    CertificationError
        The complex is not regular, or ``keep`` is not a subcomplex.
    InvalidOptionError
        An unknown field or backend.

    Examples
    --------
    >>> circle = CellComplex(((), (), ()), ((0, 1), (1, 2), (0, 2)))
    >>> cell_betti_numbers(circle), cell_betti_numbers(circle, field="GF2")
    ((1, 1), (1, 1))
    """
    if field not in HOMOLOGY_FIELDS:
        raise InvalidOptionError(f"unknown field {field!r}; expected one of {', '.join(HOMOLOGY_FIELDS)}")
    top = cx.dim - 1 if embedded else cx.dim
    if signs is None and field == "Q":
        signs = incidence_signs(cx, top)
    if signs is None:
        signs = _unsigned(cx)
    counts = [sum(level) for level in keep] if keep else list(cx.counts)
    ranks = [0] * (cx.dim + 2)
    for k in range(1, cx.dim + 1):
        if counts[k] and counts[k - 1]:
            if k == cx.dim and embedded:  # H_dim = 0 (Notes): d_dim is injective
                ranks[k] = counts[k]
                continue
            if k == 1 and backend == "auto":  # a graph's incidence matrix: rank = vertices - components, over any field
                ranks[1] = counts[0] - _components(cx, keep)
                continue
            columns, n_rows = boundary_matrix(cx, k, signs, keep)
            ranks[k] = exact_rank(columns, n_rows, field, backend)
    return tuple(counts[k] - ranks[k] - ranks[k + 1] for k in range(cx.dim + 1))


def _components(cx: CellComplex, keep) -> int:
    """The number of connected components of the 1-skeleton of the subcomplex ``keep``."""
    roots = _component_roots(cx, keep)
    return sum(1 for v, root in roots.items() if v == root)


def _component_roots(cx: CellComplex, keep) -> dict[int, int]:
    """``{vertex: the root of its component}`` over the kept vertices, components of the kept 1-skeleton."""
    parent = {v: v for v in range(len(cx.facets[0])) if keep is None or keep[0][v]}

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for i, (u, w) in enumerate(cx.facets[1]):
        if keep is None or keep[1][i]:
            a, b = find(u), find(w)
            if a != b:
                parent[a] = b
    return {v: find(v) for v in parent}


def _unsigned(cx: CellComplex) -> tuple:
    return tuple(tuple(tuple(1 for _ in f) for f in level) for level in cx.facets)


def cell_euler_characteristic(cx: CellComplex, keep: Sequence[Sequence[bool]] | None = None) -> int:
    """The alternating sum of the cell counts (of the subcomplex ``keep``).

    Parameters
    ----------
    cx : CellComplex
        The complex.
    keep : per dimension, a boolean per cell, optional
        Restrict to that subcomplex (default: the whole complex).

    Returns
    -------
    int
        ``sum_k (-1)^k n_k``.

    Examples
    --------
    >>> circle = CellComplex(((), (), ()), ((0, 1), (1, 2), (0, 2)))
    >>> cell_euler_characteristic(circle), cell_euler_characteristic(circle, [[True, True, False], [True, False, False]])
    (0, 1)
    """
    counts = [sum(level) for level in keep] if keep else cx.counts
    return sum((-1) ** k * n for k, n in enumerate(counts))


def slice_complex(cx: CellComplex, values: Sequence, carried: Sequence[Sequence] = ()):
    """Cut every cell of ``cx`` by the zero set of a function affine on each cell.

    Parameters
    ----------
    cx : CellComplex
    values : sequence of numbers
        The function at each vertex (only the signs decide the cut).
    carried : sequence of per-vertex sequences
        Other functions affine on each cell (coordinates, logits): their values at
        the new vertices are interpolated exactly along the cut edges.

    Returns
    -------
    (CellComplex, values, carried, side)
        The refined complex (``cx`` itself when no cell is crossed), the
        function at its vertices (0 at the new ones), the carried functions at
        its vertices, and for every cell the pair ``(has_positive,
        has_negative)`` of its vertex values.

    Raises
    ------
    CertificationError
        A facet of a crossed cell lies in the cutting hyperplane: the function
        is not affine on that cell.

    Notes
    -----
    A cell sigma whose vertices take both signs becomes sigma+ = sigma ∩ {g >= 0},
    sigma- and sigma0 = sigma ∩ {g = 0} (one dimension lower); one with no
    vertex of one sign is kept.  The facets of sigma+ are the + parts of the
    facets of sigma that reach g > 0, and sigma0; the facets of sigma0 are the
    zero parts of the crossed facets of sigma and the faces of sigma of
    dimension dim(sigma) - 2 on which g vanishes.  New vertices lie on the
    crossed edges, at the exact point where g interpolates to 0.

    Examples
    --------
    >>> from fractions import Fraction
    >>> triangle = CellComplex(((), (), ()), ((0, 1), (1, 2), (0, 2)), ((0, 1, 2),))
    >>> cut, values, (xs,), side = slice_complex(triangle, [-1, 1, 1], [[Fraction(0), Fraction(1), Fraction(0)]])
    >>> cut.counts, values[3:], xs[3:]
    ((5, 6, 2), [0, 0], [Fraction(1, 2), Fraction(0, 1)])
    >>> [s for s in side[2]]
    [(True, False), (False, True)]
    """
    dim = cx.dim
    flags = _sign_flags(cx, values)
    if not any(p and n for level in flags[1:] for p, n in level):  # nothing is crossed (a square may be, through two zero corners)
        return cx, list(values), [list(c) for c in carried], tuple(tuple(level) for level in flags)
    new = _Refinement(dim, flags[0], values, carried)
    whole: list[list] = [list(range(len(values)))]  # per k: per old cell, new index or None
    parts: list[list] = [[None] * len(values)]  # per k: per old crossed cell, (plus, minus, zero) new indices
    for k in range(1, dim + 1):
        w_level, p_level = [], []
        for i, facets in enumerate(cx.facets[k]):
            pos, neg = flags[k][i]
            if not (pos and neg):
                w_level.append(new.add(k, [whole[k - 1][t] for t in facets], (pos, neg)))
                p_level.append(None)
                continue
            w_level.append(None)
            p_level.append(new.cut_edge(facets) if k == 1 else _cut_cell(cx, k, facets, flags, whole, parts, new))
        whole.append(w_level)
        parts.append(p_level)
    return CellComplex(*new.facets), new.values, new.carried, new.side


def _sign_flags(cx: CellComplex, values: Sequence) -> list[list[tuple[bool, bool]]]:
    """Per dimension, per cell of ``cx``: (some vertex of the cell has a positive value, some has a negative one)."""
    flags = [[(v > 0, v < 0) for v in values]]
    for k in range(1, cx.dim + 1):
        level = []
        for facets in cx.facets[k]:
            pos = neg = False
            for tau in facets:
                p, n = flags[k - 1][tau]
                pos, neg = pos or p, neg or n
            level.append((pos, neg))
        flags.append(level)
    return flags


class _Refinement:
    """The refined complex being built by :func:`slice_complex`: its cells' facets and sides, its vertices' values."""

    def __init__(self, dim: int, vertex_flags: Sequence, values: Sequence, carried: Sequence[Sequence]) -> None:
        """Start from the old vertices (kept, with their values, carried values and sign flags)."""
        self.facets: list[list] = [[() for _ in values]] + [[] for _ in range(dim)]
        self.side: list[list] = [list(vertex_flags)] + [[] for _ in range(dim)]
        self.old_values, self.old_carried = values, carried
        self.values = list(values)
        self.carried = [list(c) for c in carried]

    def add(self, k: int, facets: Sequence[int], side: tuple[bool, bool]) -> int:
        """Append a k-cell with the given facets and side; return its new index."""
        self.facets[k].append(tuple(facets))
        self.side[k].append(side)
        return len(self.facets[k]) - 1

    def cut_edge(self, edge: Sequence[int]) -> tuple[int, int, int]:
        """Split the crossed edge at the exact zero of the function: the new (plus edge, minus edge, zero vertex)."""
        u, w = edge
        gu, gw = self.old_values[u], self.old_values[w]
        lam = Fraction(gu) / (gu - gw)  # exact, whatever number type the values have
        zero = len(self.facets[0])
        self.facets[0].append(())
        self.side[0].append((False, False))
        self.values.append(0)
        for src, dst in zip(self.old_carried, self.carried):
            dst.append(src[u] + lam * (src[w] - src[u]))
        ends = (u, w) if gu > 0 else (w, u)
        plus = self.add(1, (ends[0], zero), (True, False))
        minus = self.add(1, (zero, ends[1]), (False, True))
        return plus, minus, zero


def _cut_cell(cx: CellComplex, k: int, facets: Sequence[int], flags: list, whole: list, parts: list,
              new: _Refinement) -> tuple[int, int, int]:
    """Split a crossed k-cell (k >= 2) from its facets' parts: the new (plus, minus, zero) indices (Notes of slice_complex)."""
    zero_facets, plus_facets, minus_facets = [], [], []
    for tau in facets:
        part = parts[k - 1][tau]
        if part is not None:
            plus_facets.append(part[0])
            minus_facets.append(part[1])
            zero_facets.append(part[2])
            continue
        p, n = flags[k - 1][tau]
        if p:
            plus_facets.append(whole[k - 1][tau])
        elif n:
            minus_facets.append(whole[k - 1][tau])
        else:
            raise CertificationError("a facet of a crossed cell lies in the cutting hyperplane: the function is not affine on the cell")
        for rho in cx.facets[k - 1][tau]:  # faces of sigma of dim k-2 on which g vanishes
            if flags[k - 2][rho] == (False, False):
                zero_facets.append(whole[k - 2][rho])
    zero = new.add(k - 1, sorted(set(zero_facets)), (False, False))
    plus = new.add(k, plus_facets + [zero], (True, False))
    minus = new.add(k, minus_facets + [zero], (False, True))
    return plus, minus, zero
