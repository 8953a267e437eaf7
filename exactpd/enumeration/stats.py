"""Counts of the work one enumeration did (for benchmarks and reports)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EnumerationStats"]


@dataclass
class EnumerationStats:
    """Counts of the work done by one enumeration (for benchmarks and reports).

    Attributes
    ----------
    candidates : int
        Candidate cells examined (LP engine).
    free_witnesses : int
        Cells proved non-empty without an LP.
    certified_calls : int
        Calls to :func:`~exactpd.kernel.polytope.interior_certificate`.
    discarded : int
        Candidate cells certified to have no interior.
    facet_calls : int
        Facet computations (one per final region).
    settled_by_vertices : int
        Units proved not to cut a region from one vertex hint.
    engine : str
        The engine that ran: ``"lp"`` or ``"complex"``.
    cuts : int
        Complex engine: hyperplanes cut through the whole complex.
    exact_signs : int
        Complex engine: vertex signs the float filter could not prove, decided in integers.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> stats = EnumerationStats()
    >>> _ = enumerate_regions(net, box([-2, -2], [2, 2]), engine="lp", stats=stats)
    >>> stats.engine, stats.candidates, stats.facet_calls
    ('lp', 6, 4)
    """

    candidates: int = 0  # candidate cells examined
    free_witnesses: int = 0  # cells proved non-empty without an LP
    certified_calls: int = 0  # calls to interior_certificate (each one or more LPs)
    discarded: int = 0  # candidate cells certified to have no interior
    facet_calls: int = 0  # facet computations (one per final region)
    settled_by_vertices: int = 0  # units proved not to cut a region from one vertex hint
    engine: str = ""  # the engine that ran: "lp" or "complex" (engine="auto" says which it picked)
    cuts: int = 0  # complex engine: hyperplanes cut through the whole complex (domain rows, units)
    exact_signs: int = 0  # complex engine: vertex signs the float filter could not prove, decided in integers

    def add(self, other: "EnumerationStats") -> None:
        """Add the counts of ``other`` to these (``engine`` is kept).

        Parameters
        ----------
        other : EnumerationStats
            The counts of another piece of the work (a task, a worker).

        Returns
        -------
        None

        Examples
        --------
        >>> stats = EnumerationStats(candidates=2, engine="lp")
        >>> stats.add(EnumerationStats(candidates=3, facet_calls=1))
        >>> stats.candidates, stats.facet_calls, stats.engine
        (5, 1, 'lp')
        """
        for name in self.__dataclass_fields__:
            if name != "engine":
                setattr(self, name, getattr(self, name) + getattr(other, name))

