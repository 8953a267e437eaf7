"""The paper's geometry of one network: power diagrams (Lemma 1, Theorems 1-2) and the paraboloid lifting (eqs. 27-28)."""

from exactpd.geometry import powerdiagram, lifting
from exactpd.geometry.powerdiagram import *  # noqa: F401,F403
from exactpd.geometry.lifting import *  # noqa: F401,F403

__all__ = [*powerdiagram.__all__, *lifting.__all__]
