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

    def add(self, other: "EnumerationStats") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

