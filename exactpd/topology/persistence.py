"""Persistent homology of the sublevel filtration ``t -> {f <= t}`` over the closed domain, with exact critical values.

The filtration is the lower-star filtration of the partition's polyhedral
complex K: a cell enters at the largest value of f on it, which is f at one
of its vertices (f is affine on the cell).  For every t, the subcomplex
``K_t`` of the cells with all vertex values ``<= t`` is homotopy equivalent to
``{f <= t}``: adding, cell by cell in increasing dimension, the convex set
``sigma ∩ {f <= t}`` of a cell not in ``K_t`` glues a contractible set along
``(∂sigma) ∩ {f <= t}``, a closed (dim-1)-ball (radial projection from a point
of ``sigma ∩ {f = t}``), which does not change the homotopy type.  So every
bar starts and ends at the value of f at a vertex: the critical values are
exact rationals.  The barcode is computed over GF(2) by the standard column
reduction of the boundary matrix in filtration order.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from exactpd.topology.decision import _logit, decision_complex

__all__ = ["Bar", "Barcode", "sublevel_persistence"]


@dataclass(frozen=True)
class Bar:
    """One interval ``[birth, death)`` of homology in dimension ``dim``; ``death`` None: it never dies.

    Attributes
    ----------
    dim : int
        The homology dimension.
    birth : Fraction
        The value of f at which the class appears in ``{f <= t}``.
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
    birth: Fraction
    death: Fraction | None


@dataclass(frozen=True)
class Barcode:
    """The persistence barcode of ``{f <= t}`` (GF(2) coefficients).

    Attributes
    ----------
    bars : tuple of Bar
        Sorted by dimension, birth, death (None last); bars of length zero are left out.
    critical_values : tuple of Fraction
        The values of f at which the homology of ``{f <= t}`` changes (a bar starts or ends), sorted.
    dim : int
        The dimension D of the domain.

    Examples
    --------
    >>> import exactpd
    >>> w = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], [-1], "abs"), exactpd.Dense([[1]], [0])])
    >>> code = sublevel_persistence(exactpd.enumerate_regions(w, exactpd.box([-2], [2])))  # f = ||x| - 1|
    >>> len(code.bars), code.critical_values, code.dim
    (2, (Fraction(0, 1), Fraction(1, 1)), 1)
    """

    bars: tuple
    critical_values: tuple
    dim: int

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
            ``(b_0, ..., b_D)``.

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
            if bar.birth <= t and (bar.death is None or t < bar.death):
                counts[bar.dim] += 1
        return tuple(counts)


def sublevel_persistence(source, logit: int | None = None) -> Barcode:
    """The barcode of the sublevel filtration of the network output over the closed domain.

    Parameters
    ----------
    source : Partition, FacePoset or DecisionComplex
    logit : int, optional
        Which output is f (needed when there are several).

    Returns
    -------
    Barcode

    Examples
    --------
    >>> import exactpd
    >>> w = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], [-1], "abs"), exactpd.Dense([[1]], [0])])
    >>> code = sublevel_persistence(exactpd.enumerate_regions(w, exactpd.box([-2], [2])))
    >>> [(b.dim, b.birth, b.death) for b in code.bars]
    [(0, Fraction(0, 1), Fraction(1, 1)), (0, Fraction(0, 1), None)]
    """
    dc = decision_complex(source)
    k = _logit(dc, logit, "sublevel_persistence")
    facets = dc.complex.facets
    value = [[f[k] for f in dc.logits]]
    for level in facets[1:]:
        below = value[-1]
        value.append([max(below[t] for t in cell) for cell in level])
    order = sorted(((value[d][i], d, i) for d, level in enumerate(facets) for i in range(len(level))), key=lambda e: (e[0], e[1]))
    position = {(d, i): n for n, (_, d, i) in enumerate(order)}
    low_of: dict[int, int] = {}
    columns: dict[int, set] = {}
    pairs = []
    for n, (v, d, i) in enumerate(order):
        column = {position[(d - 1, t)] for t in facets[d][i]} if d else set()
        while column:
            low = max(column)
            other = low_of.get(low)
            if other is None:
                break
            column ^= columns[other]
        if column:
            low = max(column)
            low_of[low] = n
            columns[n] = column
            pairs.append((low, n))
        else:
            columns[n] = column
    dead = {}
    for birth, death in pairs:
        dead[birth] = death
    bars = []
    for n, (v, d, i) in enumerate(order):
        if columns[n]:
            continue  # a negative cell: it kills a class
        if n in dead:
            end = order[dead[n]][0]
            if end != v:
                bars.append(Bar(d, v, end))
        else:
            bars.append(Bar(d, v, None))
    bars.sort(key=lambda b: (b.dim, b.birth, b.death is None, b.death or 0))
    critical = sorted({b.birth for b in bars} | {b.death for b in bars if b.death is not None})
    return Barcode(tuple(bars), tuple(critical), dc.complex.dim)
