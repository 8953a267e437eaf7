"""The exact topology of what a network decides: faces of every dimension, homology, persistence (issue 14)."""

from exactpd.topology import faces, homology, vertex_outputs, whole_space, decision, persistence
from exactpd.topology.faces import *  # noqa: F401,F403
from exactpd.topology.homology import *  # noqa: F401,F403
from exactpd.topology.vertex_outputs import *  # noqa: F401,F403
from exactpd.topology.whole_space import *  # noqa: F401,F403
from exactpd.topology.decision import *  # noqa: F401,F403
from exactpd.topology.persistence import *  # noqa: F401,F403

__all__ = [*faces.__all__, *homology.__all__, *vertex_outputs.__all__, *whole_space.__all__, *decision.__all__, *persistence.__all__]
