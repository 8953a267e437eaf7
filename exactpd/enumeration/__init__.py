"""Every region of a network's partition (Theorem 3): regions, the Partition contract, adjacency, and the engines.

An engine (``lp_engine``, ``complex_engine``) computes the cells; :mod:`~exactpd.enumeration.driver` schedules
them and returns the one :class:`~exactpd.enumeration.partition.Partition` every engine shares.
"""

from exactpd.enumeration import stats, float_view, region, partition, adjacency, lp_engine, complex_engine, driver
from exactpd.enumeration import cell_complex
from exactpd.enumeration.stats import *  # noqa: F401,F403
from exactpd.enumeration.float_view import *  # noqa: F401,F403
from exactpd.enumeration.region import *  # noqa: F401,F403
from exactpd.enumeration.partition import *  # noqa: F401,F403
from exactpd.enumeration.adjacency import *  # noqa: F401,F403
from exactpd.enumeration.driver import *  # noqa: F401,F403
from exactpd.enumeration.cell_complex import *  # noqa: F401,F403

__all__ = [*stats.__all__, *float_view.__all__, *region.__all__, *partition.__all__, *adjacency.__all__, *driver.__all__, *cell_complex.__all__]
