"""Figures of partitions (matplotlib, float views only)."""

from exactpd.plot import figures
from exactpd.plot.figures import *  # noqa: F401,F403

__all__ = [*figures.__all__]
