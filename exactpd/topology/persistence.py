"""Persistent homology of the sublevel filtration ``t -> {f <= t}``, with exact critical values, over Q or GF(2).

The filtration is the lower-star filtration of the partition's polyhedral
complex K: a cell enters at the largest value of f on it, which is f at one
of its vertices (f is affine on the cell).  For every t, the subcomplex
``K_t`` of the cells with all vertex values ``<= t`` is homotopy equivalent to
``{f <= t}``: adding, cell by cell in increasing dimension, the convex set
``sigma ∩ {f <= t}`` of a cell not in ``K_t`` glues a contractible set along
``(∂sigma) ∩ {f <= t}``, a closed (dim-1)-ball (radial projection from a point
of ``sigma ∩ {f = t}``), which does not change the homotopy type.  So every
bar starts and ends at the value of f at a vertex: the critical values are
exact rationals.  The barcode is the standard column reduction of the
boundary matrix in filtration order, over GF(2) (columns as sets, added by
symmetric difference) or over Q (integer columns with the cellular incidence
signs, reduced fraction-free: a column is replaced by ``a v - c w``, which
keeps the reduced matrix ``R = D V`` with V upper triangular and invertible).

Which field.  The barcode over a field F is the decomposition of the
persistence module ``t -> H_k({f <= t}; F)``, fixed by the ranks of the
inclusion maps ``H_k(X_s; F) -> H_k(X_t; F)``.  It does not depend on F in
these cases (the sets are compact polyhedra of the closed box in R^D).  With
``H_{k-1}(X; Z)`` free, ``H_k(X; F) = H_k(X; Z) ⊗ F`` naturally (universal
coefficients), and when the image of the integral map is a direct summand, its
rank is the same over every field:

- k = 0 in every dimension: ``H_0`` is free on the components and an inclusion
  maps each component of ``X_s`` to one of ``X_t``, so its matrix has one 1
  per column; the image is spanned by distinct basis vectors, a direct
  summand, and the rank is the same over every field.
- k = D - 1 (and so everything in D <= 2): by Alexander duality
  ``H_{D-1}(X) = H~^0(S^D - X)`` naturally, and the inclusion ``X_s ⊂ X_t``
  becomes the restriction of locally constant functions from the components
  of ``S^D - X_s`` to those of ``S^D - X_t``; its image is spanned by the
  indicators of disjoint sets of components, again a direct summand; and
  ``H_{D-2}(X) = H~^1(S^D - X)`` is free (an H^1 always is).
- k = D: ``H_D`` of a proper subset of S^D is 0; the closed box itself is
  contractible.

In D = 3, ``H_1`` can depend on the field: a solid torus winding twice inside
a larger one maps ``H_1 = Z`` to ``H_1 = Z`` by 2, of rank 1 over Q and 0 over
GF(2).  Hence the ``field`` argument (default Q, as for the Betti numbers).

Over R^D (a network, or a partition with ``domain=None``) the filtration is
that of R^D: the box of :func:`~exactpd.topology.whole_space.lowest_level`
(module :mod:`exactpd.topology.whole_space`, point 5) has the same barcode
above a level ``t_low`` below every finite critical value, and a bar alive at
``t_low`` is born at -infinity (``birth`` None).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd

from exactpd.errors import InvalidOptionError
from exactpd.topology.decision import _covering, _logit, _whole_space_network, decision_complex
from exactpd.topology.homology import HOMOLOGY_FIELDS, incidence_signs
from exactpd.topology.whole_space import level_functions, lowest_level

__all__ = ["Bar", "Barcode", "sublevel_persistence"]


@dataclass(frozen=True)
class Bar:
    """One interval ``[birth, death)`` of homology in dimension ``dim``; ``death`` None: it never dies.

    Attributes
    ----------
    dim : int
        The homology dimension.
    birth : Fraction or None
        The value of f at which the class appears in ``{f <= t}``; None (-infinity)
        over R^D for a class present in every sublevel set.
    death : Fraction or None
        The value at which it dies, or None.

    Examples
    --------
    >>> import exactpd
    >>> w = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], [-1], "abs"), exactpd.Dense([[1]], [0])])
    >>> sublevel_persistence(exactpd.enumerate_regions(w, exactpd.box([-2], [2]))).bars[0]
    Bar(dim=0, birth=Fraction(0, 1), death=Fraction(1, 1))
    """

    dim: int
    birth: Fraction | None
    death: Fraction | None


@dataclass(frozen=True)
class Barcode:
    """The persistence barcode of ``{f <= t}``.

    Attributes
    ----------
    bars : tuple of Bar
        Sorted by dimension, birth (None first), death (None last); bars of length zero are left out.
    critical_values : tuple of Fraction
        The values of f at which the homology of ``{f <= t}`` changes (a bar starts or ends), sorted.
    dim : int
        The dimension D of the domain.
    field : {"Q", "GF2"}
        The coefficient field.

    Examples
    --------
    >>> import exactpd
    >>> w = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], [-1], "abs"), exactpd.Dense([[1]], [0])])
    >>> code = sublevel_persistence(exactpd.enumerate_regions(w, exactpd.box([-2], [2])))  # f = ||x| - 1|
    >>> len(code.bars), code.critical_values, code.dim, code.field
    (2, (Fraction(0, 1), Fraction(1, 1)), 1, 'Q')
    """

    bars: tuple
    critical_values: tuple
    dim: int
    field: str = "Q"

    def betti_numbers_at(self, t) -> tuple[int, ...]:
        """The Betti numbers of ``{f <= t}`` read from the bars (0 below the minimum of f).

        Parameters
        ----------
        t : number
            The level (converted with :class:`~fractions.Fraction`: an int,
            a Fraction, a ``"p/q"`` string).

        Returns
        -------
        tuple of int
            ``(b_0, ..., b_D)`` over the barcode's field.

        Examples
        --------
        >>> import exactpd
        >>> w = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], [-1], "abs"), exactpd.Dense([[1]], [0])])
        >>> code = sublevel_persistence(exactpd.enumerate_regions(w, exactpd.box([-2], [2])))  # f = ||x| - 1|
        >>> code.betti_numbers_at(-1), code.betti_numbers_at("1/2"), code.betti_numbers_at(1)
        ((0, 0), (2, 0), (1, 0))
        """
        t = Fraction(t)
        counts = [0] * (self.dim + 1)
        for bar in self.bars:
            if (bar.birth is None or bar.birth <= t) and (bar.death is None or t < bar.death):
                counts[bar.dim] += 1
        return tuple(counts)


def sublevel_persistence(source, logit: int | None = None, field: str = "Q") -> Barcode:
    """The barcode of the sublevel filtration of the network output, over the closed domain or over R^D.

    Parameters
    ----------
    source : Network, Partition, FacePoset or DecisionComplex
        Over a bounded domain, or over R^D (a network, or a partition with
        ``domain=None``; see :func:`~exactpd.topology.decision.decision_complex`).
    logit : int, optional
        Which output is f (needed when there are several).
    field : {"Q", "GF2"}, default "Q"
        The coefficient field (the module docstring says when the two agree).

    Returns
    -------
    Barcode

    Raises
    ------
    InvalidOptionError
        An unknown field, or a logit out of range (or missing for several outputs).

    Examples
    --------
    >>> import exactpd
    >>> w = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], [-1], "abs"), exactpd.Dense([[1]], [0])])
    >>> code = sublevel_persistence(exactpd.enumerate_regions(w, exactpd.box([-2], [2])))
    >>> [(b.dim, b.birth, b.death) for b in code.bars]
    [(0, Fraction(0, 1), Fraction(1, 1)), (0, Fraction(0, 1), None)]
    >>> line = exactpd.Network(2, [exactpd.Dense([[1, 0]], [0])])  # f = x over R^2: one class, born at -infinity
    >>> sublevel_persistence(line).bars
    (Bar(dim=0, birth=None, death=None),)
    """
    if field not in HOMOLOGY_FIELDS:
        raise InvalidOptionError(f"unknown field {field!r}; expected one of {', '.join(HOMOLOGY_FIELDS)}")
    whole = _whole_space_network(source)
    if whole is not None and 0 <= (logit or 0) < whole.output_dim and (logit is not None or whole.output_dim == 1):
        k = logit or 0  # one box for the lowest level (below), not one for f = 0 first
        source = decision_complex(source, level_functions(whole.output_dim, k, [lowest_level(whole, k)]))
    dc = decision_complex(source)
    k = _logit(dc, logit, "sublevel_persistence")
    t_low = None
    if dc.whole_space is not None:
        t_low = lowest_level(dc.partition.network, k)
        dc = _covering(dc, level_functions(dc.n_logits, k, [t_low]))
    facets = dc.complex.facets
    value = [[f[k] for f in dc.logits]]
    for level in facets[1:]:
        below = value[-1]
        value.append([max(below[t] for t in cell) for cell in level])
    order = sorted(((value[d][i], d, i) for d, level in enumerate(facets) for i in range(len(level))), key=lambda e: (e[0], e[1]))
    pairs = _persistence_pairs(order, facets, incidence_signs(dc.complex) if field == "Q" else None)
    bars = []
    deaths = set(pairs.values())
    for n, (v, d, i) in enumerate(order):
        if n not in deaths:  # a positive cell: it starts a class
            end = order[pairs[n]][0] if n in pairs else None
            if end != v:
                bars.append(_bar(d, v, end, t_low))
    bars = [bar for bar in bars if bar is not None]
    bars.sort(key=lambda b: (b.dim, b.birth is not None, b.birth or 0, b.death is None, b.death or 0))
    critical = sorted({b.birth for b in bars if b.birth is not None} | {b.death for b in bars if b.death is not None})
    return Barcode(tuple(bars), tuple(critical), dc.complex.dim, field)


def _bar(dim: int, birth: Fraction, death: Fraction | None, t_low: Fraction | None) -> Bar | None:
    """The bar over the domain, or over R^D (``t_low`` given): dead by ``t_low``, none; alive there, born at -infinity."""
    if t_low is not None:
        if death is not None and death <= t_low:
            return None
        if birth <= t_low:
            birth = None
    return Bar(dim, birth, death)


def _persistence_pairs(order: list, facets: tuple, signs: tuple | None) -> dict[int, int]:
    """``{birth position: death position}`` by the standard column reduction (GF(2) when ``signs`` is None, else Q)."""
    position = {(d, i): n for n, (_, d, i) in enumerate(order)}
    low_of: dict[int, int] = {}
    columns: dict[int, object] = {}
    pairs = {}
    for n, (_, d, i) in enumerate(order):
        if signs is None:
            column = _reduce_gf2({position[(d - 1, t)] for t in facets[d][i]} if d else set(), low_of, columns)
        else:
            start = {position[(d - 1, t)]: s for t, s in zip(facets[d][i], signs[d][i])} if d else {}
            column = _reduce_rational(start, low_of, columns)
        if column:
            low = max(column)
            low_of[low] = n
            columns[n] = column
            pairs[low] = n
    return pairs


def _reduce_gf2(column: set, low_of: dict, columns: dict) -> set:
    while column:
        other = low_of.get(max(column))
        if other is None:
            break
        column = column ^ columns[other]
    return column


def _reduce_rational(column: dict, low_of: dict, columns: dict) -> dict:
    """Reduce an integer column ``{row: entry}`` against the earlier ones, fraction-free (entries kept primitive)."""
    while column:
        low = max(column)
        other = low_of.get(low)
        if other is None:
            break
        pivot = columns[other]
        a, c = pivot[low], column[low]
        w = {r: a * x for r, x in column.items()}
        for r, x in pivot.items():
            y = w.get(r, 0) - c * x
            if y:
                w[r] = y
            else:
                w.pop(r, None)
        common = 0
        for x in w.values():
            common = gcd(common, x)
        column = {r: x // common for r, x in w.items()} if common > 1 else w
    return column
