"""Counts of the work one enumeration did (for benchmarks and reports)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EnumerationStats"]


@dataclass
class EnumerationStats:
    """Counts of the work done by one enumeration (for benchmarks and reports)."""

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
        for name in self.__dataclass_fields__:
            if name != "engine":
                setattr(self, name, getattr(self, name) + getattr(other, name))

